//! The resolved settings of one run: flags, environment and defaults merged
//! once, so that commands never re-parse flags.

use crate::cli::{ColorChoice, GlobalArgs};
use crate::deck::load::Sources;
use crate::error::BadInput;
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// Settings shared by every command.
#[derive(Debug, Clone)]
pub struct Config {
    pub sources: Sources,
    /// Colours on stdout.
    pub color: bool,
    /// Where profiles live; `None` when no data dir could be found.
    pub data_dir: Option<PathBuf>,
    pub profile: String,
    /// The current time (the clock, or `--now`).
    pub now: DateTime<Utc>,
    /// `--now` was given: a simulation, so elapsed wall time means nothing.
    pub now_is_fixed: bool,
}

impl Config {
    pub fn resolve(args: &GlobalArgs) -> Result<Config> {
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
            color: color_enabled(args.color),
            data_dir,
            profile: args.profile.clone(),
            now,
            now_is_fixed: args.now.is_some(),
        })
    }
}

fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && console::Term::stdout().features().colors_supported()
        }
    }
}
