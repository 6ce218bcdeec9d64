//! rolecall: an interview-prep quiz that turns "day in the life" role decks
//! into flashcards, schedules them with FSRS and scores typed answers.
//!
//! The core (`deck`, `schedule`, `score`, `session`, `store`) does no terminal
//! I/O; `ui` and `cmd` sit at the edge. See ARCHITECTURE.md for the map.

pub mod deck;
pub mod grade;
pub mod schedule;
pub mod score;
pub mod store;

use std::process::ExitCode;

/// Runs the command line and turns the outcome into the process exit code.
pub fn main_exit_code() -> ExitCode {
    ExitCode::SUCCESS
}
