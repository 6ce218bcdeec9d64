//! rolecall: an interview-prep quiz that turns "day in the life" role decks
//! into flashcards, schedules them with FSRS and scores typed answers.
//!
//! The core (`deck`, `schedule`, `score`, `session`, `progress`) does no
//! I/O; `store` owns the files; `ui` and `cmd` sit at the edge.
//! See ARCHITECTURE.md for the map.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod deck;
pub mod error;
pub mod export;
pub mod grade;
pub mod history;
pub mod import;
pub mod mock;
pub mod progress;
pub mod readiness;
pub mod schedule;
pub mod score;
pub mod session;
pub mod stats;
pub mod store;
pub mod text;
pub mod ui;
pub mod workspace;

use clap::Parser;
use cli::{Cli, Command};
use config::Config;
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs the command line and turns the outcome into the process exit code.
pub fn main_exit_code() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let code = error::exit_code(&err);
            if !error::was_reported(&err) {
                let _ = writeln!(io::stderr(), "error: {}", text::inert(&format!("{err:#}")));
            }
            ExitCode::from(code)
        }
    }
}

/// Runs one parsed command line.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    let config = Config::resolve(&cli.global)?;
    // Not locked for the whole run: progress bars and countdowns are drawn
    // from indicatif's tick thread, which must not wait behind this lock.
    let mut out = io::stdout();
    match &cli.command {
        None => cmd::study::run(&config, &cli::StudyArgs::default()),
        Some(Command::Study(args)) => cmd::study::run(&config, args),
        Some(Command::History(args)) => {
            cmd::history::run(&config, args, &mut out, &mut io::stderr())
        }
        Some(Command::Grade(args)) => cmd::grade::run(&config, args, &mut out),
        Some(Command::Next(args)) => cmd::next::run(&config, args, &mut out),
        Some(Command::Answer(args)) => cmd::answer::run(&config, args, &mut out),
        Some(Command::Readiness(args)) => cmd::readiness::run(&config, args, &mut out),
        Some(Command::Decks(args)) => cmd::decks::run(&config, args.json, &mut out),
        Some(Command::Cards(args)) => cmd::cards::run(&config, args, &mut out),
        Some(Command::Check(args)) => {
            cmd::check::run(&config, &args.paths, &mut out, &mut io::stderr())
        }
        Some(Command::Mock(args)) => cmd::mock::run(&config, args),
        Some(Command::Profiles(args)) => cmd::profiles::run(&config, args, &mut out),
        Some(Command::Report(args)) => cmd::report::run(&config, args, &mut out),
        Some(Command::Stats(args)) => cmd::stats::run(&config, args, &mut out, &mut io::stderr()),
        Some(Command::Optimize(args)) => cmd::optimize::run(&config, args, &mut out),
        Some(Command::Import(args)) => cmd::import::run(args, &mut out, &mut io::stderr()),
        Some(Command::Export(args)) => cmd::export::run(&config, args, &mut out),
        Some(Command::Completions(args)) => cmd::shell::completions(args.shell, &mut out),
        Some(Command::Man) => cmd::shell::man(&mut out),
    }
}
