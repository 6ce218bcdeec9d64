//! rolecall: an interview-prep quiz that turns "day in the life" role decks
//! into flashcards, schedules them with FSRS and scores typed answers.
//!
//! The product is the binary. The library's public surface is only what
//! its benchmarks, fuzz targets and integration tests drive: deck parsing
//! and card generation, the review log and its history, progress and the
//! scheduler, the scorer, the session queue, and the workspace layer that
//! opens profiles. Every module is private, so that the compiler reports
//! what nothing uses. See ARCHITECTURE.md for the map.

mod cli;
mod clock;
mod cmd;
mod complete;
mod config;
mod deck;
mod error;
mod export;
mod grade;
mod history;
mod import;
mod man;
mod markup;
mod mock;
mod progress;
mod readiness;
mod schedule;
mod score;
mod session;
mod stats;
mod store;
mod text;
mod ui;
mod workspace;

pub use config::Config;
pub use deck::generate::generate as generate_cards;
pub use deck::lint::{Lint, Rule as LintRule, lint as lint_deck};
pub use deck::load::{
    DeckSource, Library, LoadError, LoadedDeck, Origin, Sources, load as load_decks, parse_sources,
};
pub use deck::validate::{Problem, parse_deck};
pub use deck::{AnswerMode, Card, CardId, CardKind, Deck, Task};
pub use export::CSV_COLUMNS;
pub use grade::Grade;
pub use history::{Entry, History, Review};
pub use import::{
    Format as ImportFormat, Imported, Kind as WarningKind, Options as ImportOptions,
    Warning as ImportWarning, decode as decode_document, import,
};
pub use progress::{CardProgress, Progress, Replay};
pub use schedule::{CardState, DayClock, ScheduleError, Scheduler, format_interval};
pub use score::{Coverage, LazyEmbedder, PointResult, ScoreInput, ScoreResult, Scorer};
pub use session::queue::{CardStatus, QueueOptions, build as build_queue};
pub use session::rivals;
pub use store::{
    LogEntry, LogRead, ReviewRecord, SnapshotFile, decode_snapshot, encode_snapshot, parse_log,
};
pub use text::fold_for_compare;
pub use workspace::{NewReview, Overrides, ProfileWriter, Recorded, Workspace, snapshot_of};

use clap::Parser;
use cli::{Cli, Command};
use std::io::{self, Write};
use std::process::ExitCode;

/// Runs the command line and turns the outcome into the process exit code.
pub fn main_exit_code() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash rolecall -- …`) gets
    // them here, and the process ends.
    clap_complete::CompleteEnv::with_factory(cli::command).complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    // Flushed here, so that a full disk is reported even for output still
    // in the buffer when the command returns.
    let outcome = run(&cli).and_then(|()| Ok(ui::Stdout(io::stdout()).flush()?));
    match outcome {
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

/// Prints clap's help, version or usage error (as clap would, colours
/// included) and gives its exit code; a closed stdout ends quietly, a full
/// one is an error, never a panic.
fn clap_exit(err: &clap::Error) -> ExitCode {
    let printed = err.print().and_then(|()| io::stdout().flush());
    match printed {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(io::stderr(), "error: cannot write to standard output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2)),
    }
}

/// Runs one parsed command line.
fn run(cli: &Cli) -> anyhow::Result<()> {
    let config = Config::resolve(&cli.global)?;
    // Not locked for the whole run: progress bars and countdowns are drawn
    // from indicatif's tick thread, which must not wait behind this lock.
    let mut out = ui::Stdout(io::stdout());
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
        Some(Command::Decks(args)) => cmd::decks::run(&config, args, &mut out),
        Some(Command::Cards(args)) => cmd::cards::run(&config, args, &mut out),
        Some(Command::Read(args)) => cmd::read::run(&config, args),
        Some(Command::Config(args)) => cmd::config::run(&config, args, &mut out),
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
        Some(Command::Man(args)) => cmd::shell::man(args, &mut out),
    }
}
