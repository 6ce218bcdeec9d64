//! The resolved settings of one run: flags, environment and defaults merged
//! once, so that commands never re-parse flags.

use crate::cli::GlobalArgs;
use crate::deck::load::Sources;
use crate::error::BadInput;
use crate::session::{SessionClock, Stopwatch};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) sources: Sources,
    /// Colours on stdout.
    pub(crate) color: bool,
    /// Where profiles live; `None` when no data dir could be found.
    pub(crate) data_dir: Option<PathBuf>,
    pub(crate) profile: String,
    /// The profile was named (`--profile` or `ROLECALL_PROFILE`), not
    /// the default.
    pub(crate) profile_named: bool,
    /// The current time (the clock, or `--now`).
    pub(crate) now: DateTime<Utc>,
    /// `--now` was given: a simulation, so elapsed wall time means nothing.
    pub(crate) now_is_fixed: bool,
    /// Monotonic time for answer times, countdowns and `--minutes`.
    pub(crate) stopwatch: Arc<dyn Stopwatch>,
}

impl Config {
    pub(crate) fn resolve(args: &GlobalArgs) -> Result<Config> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let dirs = directories::ProjectDirs::from("", "", "rolecall");
        let config_dir = dirs.as_ref().map(|d| d.config_dir().to_path_buf());
        let sources = Sources::resolve(&args.deck_dirs, &cwd, config_dir.as_deref());
        let data_dir = args
            .data_dir
            .clone()
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()));
        let now = match &args.now {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    BadInput(format!(
                        "--now `{text}` is not an RFC 3339 time ({e}); e.g. 2026-01-31T09:00:00Z"
                    ))
                })?,
            None => Utc::now(),
        };
        Ok(Config {
            sources,
            color: crate::ui::color_enabled(args.color),
            data_dir,
            profile: args
                .profile
                .clone()
                .unwrap_or_else(|| crate::workspace::DEFAULT_PROFILE.into()),
            profile_named: args.profile.is_some(),
            now,
            now_is_fixed: args.now.is_some(),
            stopwatch: crate::clock::stopwatch(),
        })
    }

    /// Settings for code that drives the library itself (benchmarks,
    /// tools): the built-in decks, the default profile in `data_dir`, no
    /// colour, the time fixed at `now`, the real stopwatch.
    pub fn for_data_dir(data_dir: PathBuf, now: DateTime<Utc>) -> Config {
        Config {
            sources: Sources {
                built_in: true,
                dirs: Vec::new(),
            },
            color: false,
            data_dir: Some(data_dir),
            profile: crate::workspace::DEFAULT_PROFILE.into(),
            profile_named: false,
            now,
            now_is_fixed: true,
            stopwatch: crate::clock::stopwatch(),
        }
    }

    /// The clock of a session starting now (see [`SessionClock`]).
    pub(crate) fn session_clock(&self) -> SessionClock {
        SessionClock::new(self.now, self.now_is_fixed, Arc::clone(&self.stopwatch))
    }
}
