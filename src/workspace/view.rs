//! A profile opened for reading, without its lock: safe next to a running
//! session. A profile that does not exist reads as empty (no progress, no
//! history, default settings), and nothing is created for it.

use super::restore::{Restored, restore};
use super::resume::Saved;
use super::settings::{Overrides, Resolved};
use crate::deck::load::Library;
use crate::history::{Entry, History};
use crate::progress::Progress;
use crate::schedule::Scheduler;
use crate::store::{ProfileReader, Settings, Store};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

/// One profile's settings, progress and history, read-only.
#[derive(Debug)]
pub struct ProfileView {
    name: String,
    /// `None` when the profile does not exist.
    reader: Option<ProfileReader>,
    resolved: Resolved,
    scheduler: Scheduler,
}

/// What a list of profiles shows of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Reviews that stand.
    pub reviews: usize,
    pub mocks: usize,
    pub last_studied: Option<DateTime<Utc>>,
    /// Cards of the library due at `now`.
    pub due_now: usize,
}

/// The history of a profile, with what reading its log set aside.
#[derive(Debug, Default)]
pub struct Logged {
    pub history: History,
    pub warnings: Vec<String>,
}

impl ProfileView {
    pub(super) fn open(
        store: &Store,
        name: &str,
        exists: bool,
        overrides: Overrides,
    ) -> Result<ProfileView> {
        let reader = if exists {
            Some(store.open_read(name)?)
        } else {
            None
        };
        let settings = match &reader {
            Some(r) => r.load_settings()?,
            None => Settings::default(),
        };
        let settings_path = reader.as_ref().map(ProfileReader::settings_path);
        let resolved = Resolved::new(
            store,
            &settings,
            settings_path
                .as_deref()
                .unwrap_or(Path::new("settings.json")),
            overrides,
        )?;
        let scheduler = resolved.scheduler()?;
        Ok(ProfileView {
            name: name.to_string(),
            reader,
            resolved,
            scheduler,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The profile's folder, when it exists.
    pub fn dir(&self) -> Option<&Path> {
        self.reader.as_ref().map(ProfileReader::dir)
    }

    pub fn settings(&self) -> &Resolved {
        &self.resolved
    }

    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    /// Card states now: the snapshot plus the log after it.
    pub fn progress(&self) -> Result<Restored> {
        match &self.reader {
            Some(reader) => restore(reader, reader.load_snapshot(), &self.scheduler),
            None => Ok(Restored {
                progress: Progress::default(),
                warnings: Vec::new(),
                snapshot_stale: false,
                log_offset: 0,
                log_entries: 0,
            }),
        }
    }

    /// Every review of the log, with the undos applied.
    pub fn history(&self) -> Result<Logged> {
        let Some(reader) = &self.reader else {
            return Ok(Logged::default());
        };
        let log = reader.read_log()?;
        Ok(Logged {
            history: History::new(log.entries.into_iter().map(Entry::from)),
            warnings: log.warnings,
        })
    }

    /// Counts for a list of profiles, from the same history and progress
    /// every command reads.
    pub fn summary(&self, library: &Library, now: DateTime<Utc>) -> Result<Summary> {
        let history = self.history()?.history;
        let progress = self.progress()?.progress;
        Ok(Summary {
            reviews: history.len(),
            mocks: history.mocks().len(),
            last_studied: history.last_at(),
            due_now: library
                .cards
                .iter()
                .filter_map(|c| progress.get(c.id.as_str()))
                .filter(|p| p.state.due <= now)
                .count(),
        })
    }

    /// The saved sessions, with what is left of the one of `day` for
    /// `filters` (none for a profile that does not exist).
    pub fn saved_sessions(&self, day: NaiveDate, filters: &str) -> Saved {
        self.reader
            .as_ref()
            .map(|reader| Saved::load(reader, day, filters))
            .unwrap_or_default()
    }
}
