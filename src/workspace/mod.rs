//! The layer between the commands and the core: one way to resolve a
//! profile's settings, open it (read-only, or for writing under its lock),
//! restore its progress (snapshot + tail), read its history, record a review
//! (append + fsync + apply + the clock rule), undo one, save the snapshot
//! and the resumable session, and score answers against a library. The
//! study and mock-interview loops that drive a session with a prompter live
//! here too.
//!
//! Commands parse their arguments, call this layer, and render what it
//! returns; the core below (`deck`, `history`, `progress`, `schedule`,
//! `score`, `session`, `stats`) stays pure, and only `store` touches files.

pub mod config;
mod convert;
mod figures;
mod grader;
pub mod mock;
pub mod optimize;
mod restore;
mod resume;
mod settings;
pub mod study;
mod view;
mod writer;

pub use convert::snapshot as snapshot_of;
pub use figures::figures;
pub use grader::Grader;
pub use settings::{Overrides, Resolved};
pub use view::ProfileView;
pub use writer::{NewReview, ProfileWriter, Recorded};

use crate::config::Config;
use crate::deck::load::{self, Library};
use crate::error::BadInput;
use crate::store::{self, Store, StoreError};
use anyhow::Result;

/// Loads the decks the config names (generation seed 0: choice order is
/// part of a card, so it must not change between runs).
pub fn library(config: &Config) -> Result<Library> {
    Ok(load::load(&config.sources, 0)?)
}

/// A data dir and the run's settings: where profiles are opened.
#[derive(Debug)]
pub struct Workspace<'c> {
    config: &'c Config,
    store: Store,
}

impl<'c> Workspace<'c> {
    /// The data dir the config names; none is bad usage.
    pub fn new(config: &'c Config) -> Result<Workspace<'c>> {
        let root = config.data_dir.clone().ok_or_else(|| {
            BadInput("no data dir: set ROLECALL_HOME or pass --data-dir DIR".into())
        })?;
        Ok(Workspace {
            config,
            store: Store::new(root),
        })
    }

    pub(crate) fn config(&self) -> &'c Config {
        self.config
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Whether profile `name` exists (after checking that it is a name).
    pub(crate) fn exists(&self, name: &str) -> Result<bool> {
        store::validate_profile_name(name)?;
        Ok(self.store.profiles()?.iter().any(|p| p == name))
    }

    /// Opens `name` for reading, without the lock; a profile that does not
    /// exist reads as empty and is not created.
    pub(crate) fn read(&self, name: &str, overrides: Overrides) -> Result<ProfileView> {
        let exists = self.exists(name)?;
        ProfileView::open(&self.store, name, exists, overrides)
    }

    /// Opens an existing profile for reading; a missing one is bad input.
    pub(crate) fn read_existing(&self, name: &str) -> Result<ProfileView> {
        if !self.exists(name)? {
            return Err(StoreError::NoSuchProfile {
                profile: name.to_string(),
            }
            .into());
        }
        ProfileView::open(&self.store, name, true, Overrides::default())
    }

    /// Opens `name` for writing, creating it, under its lock.
    pub fn write(&self, name: &str, overrides: Overrides) -> Result<ProfileWriter> {
        ProfileWriter::open(&self.store, name, overrides, self.config.session_clock())
    }
}
