//! The resolved settings of one run: flags, environment and defaults merged
//! once, so that commands never re-parse flags. A flag wins over its
//! environment variable (`ROLECALL_HOME`, `ROLECALL_PROFILE`, `ROLECALL_NOW`),
//! which wins over the default; an empty variable counts as unset.

use crate::cli::GlobalArgs;
use crate::deck::load::Sources;
use crate::error::BadInput;
use crate::session::{SessionClock, Stopwatch};
use crate::workspace::DEFAULT_PROFILE;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// An environment variable's value; an empty one counts as unset.
fn env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// A variable that must be text, when set and not empty.
fn env_text(name: &str) -> Result<Option<String>> {
    env(name)
        .map(|value| {
            value.into_string().map_err(|v| {
                BadInput(format!("{name} is not UTF-8: {}", v.to_string_lossy())).into()
            })
        })
        .transpose()
}

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
    /// `--no-semantic` or `ROLECALL_NO_SEMANTIC`: read typed answers by
    /// words alone, whatever the profile's `semantic` setting says
    /// (`workspace::reading`).
    pub(crate) no_semantic: bool,
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
            .or_else(|| env("ROLECALL_HOME").map(PathBuf::from))
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()));
        let named = match &args.profile {
            Some(profile) => Some(profile.clone()),
            None => env_text("ROLECALL_PROFILE")?,
        };
        let profile_named = named.is_some();
        let profile = named.unwrap_or_else(|| DEFAULT_PROFILE.to_string());
        let (now_text, now_source) = match &args.now {
            Some(text) => (Some(text.clone()), "--now"),
            None => (env_text("ROLECALL_NOW")?, "ROLECALL_NOW"),
        };
        let now = match &now_text {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    BadInput(format!(
                        "{now_source} `{text}` is not an RFC 3339 time ({e}); e.g. 2026-01-31T09:00:00Z"
                    ))
                })?,
            None => Utc::now(),
        };
        Ok(Config {
            sources,
            color: crate::ui::color_enabled(args.color),
            data_dir,
            profile,
            profile_named,
            now,
            now_is_fixed: now_text.is_some(),
            stopwatch: crate::clock::stopwatch(),
            no_semantic: args.no_semantic || env("ROLECALL_NO_SEMANTIC").is_some(),
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
            profile: DEFAULT_PROFILE.into(),
            profile_named: false,
            now,
            now_is_fixed: true,
            stopwatch: crate::clock::stopwatch(),
            no_semantic: false,
        }
    }

    /// The clock of a session starting now (see [`SessionClock`]).
    pub(crate) fn session_clock(&self) -> SessionClock {
        SessionClock::new(self.now, self.now_is_fixed, Arc::clone(&self.stopwatch))
    }
}
