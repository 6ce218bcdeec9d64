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
pub mod report;
mod restore;
mod resume;
mod settings;
pub mod study;
mod view;
mod writer;

pub use convert::snapshot as snapshot_of;
pub use figures::figures;
pub use grader::{Grader, Reading};
pub use settings::{Overrides, Resolved};
pub use view::ProfileView;
pub use writer::{Keyed, NewReview, ProfileWriter, Recorded};

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

/// How typed answers are read in this run: by words alone when
/// `--no-semantic` or `ROLECALL_NO_SEMANTIC` says so, else as the profile's
/// `semantic` setting says (`rolecall config set semantic off`), else for
/// meaning. Reads the settings without the lock; a profile that does not
/// exist yet, or a run without a data dir, reads for meaning.
pub fn reading(config: &Config) -> Result<Reading> {
    if config.no_semantic {
        return Ok(Reading::Lexical);
    }
    let Some(root) = &config.data_dir else {
        return Ok(Reading::Semantic);
    };
    let workspace = Workspace {
        config,
        store: Store::new(root.clone()),
    };
    let saved = if workspace.exists(&config.profile)? {
        workspace
            .store
            .open_read(&config.profile)?
            .load_settings()?
            .semantic
    } else {
        None
    };
    Ok(if saved == Some(false) {
        Reading::Lexical
    } else {
        Reading::Semantic
    })
}

/// The profile used when none is named: a fresh install reads it as empty.
pub const DEFAULT_PROFILE: &str = "default";

/// The names a typo away from `name`: the same but for case, or at most
/// two edits (one for names of four letters or fewer), closest first.
fn close_names(name: &str, names: &[String]) -> Vec<String> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    let mut close: Vec<(usize, &String)> = names
        .iter()
        .filter(|n| n.as_str() != name)
        .map(|n| {
            let distance = if n.eq_ignore_ascii_case(name) {
                0
            } else {
                strsim::osa_distance(&n.to_lowercase(), &name.to_lowercase())
            };
            (distance, n)
        })
        .filter(|&(d, _)| d <= limit)
        .collect();
    close.sort();
    close.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

/// "did you mean \"a\"?" (or "\"a\" or \"b\"?"), when any is close.
pub(crate) fn did_you_mean(close: &[String]) -> Option<String> {
    let quoted: Vec<String> = close.iter().map(|n| format!("{n:?}")).collect();
    match quoted.split_last() {
        None => None,
        Some((last, [])) => Some(format!("did you mean {last}?")),
        Some((last, rest)) => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
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

    /// The existing profiles a typo away from `name`, closest first.
    pub(crate) fn close_to(&self, name: &str) -> Result<Vec<String>> {
        Ok(close_names(name, &self.store.profiles()?))
    }

    /// "no profile named …", with the close names: bad input.
    fn no_such_profile(&self, name: &str) -> anyhow::Error {
        let close = self.close_to(name).unwrap_or_default();
        match did_you_mean(&close) {
            Some(hint) => BadInput(format!(
                "no profile named {name:?}; {hint} (`rolecall profiles` lists them)"
            ))
            .into(),
            None => StoreError::NoSuchProfile {
                profile: name.to_string(),
            }
            .into(),
        }
    }

    /// Opens `name` for reading, without the lock. A profile that does not
    /// exist is bad input (a typo must not show an empty profile), except
    /// the default one of a fresh install, which reads as empty and is not
    /// created.
    pub(crate) fn read(&self, name: &str, overrides: Overrides) -> Result<ProfileView> {
        let exists = self.exists(name)?;
        if !exists && name != DEFAULT_PROFILE {
            return Err(self.no_such_profile(name));
        }
        ProfileView::open(&self.store, name, exists, overrides)
    }

    /// Opens an existing profile for reading; a missing one is bad input.
    pub(crate) fn read_existing(&self, name: &str) -> Result<ProfileView> {
        if !self.exists(name)? {
            return Err(self.no_such_profile(name));
        }
        ProfileView::open(&self.store, name, true, Overrides::default())
    }

    /// Opens `name` for writing, creating it, under its lock.
    pub fn write(&self, name: &str, overrides: Overrides) -> Result<ProfileWriter> {
        ProfileWriter::open(&self.store, name, overrides, self.config.session_clock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_catch_typos_not_other_people() {
        let names: Vec<String> = ["alice", "alicia", "bob", "Carol", "dan"]
            .map(String::from)
            .to_vec();
        assert_eq!(close_names("alcie", &names), ["alice", "alicia"]);
        assert_eq!(close_names("alcei", &names), ["alice"]);
        assert_eq!(close_names("alica", &names), ["alice", "alicia"]);
        assert_eq!(close_names("bbo", &names), ["bob"]);
        assert_eq!(close_names("carol", &names), ["Carol"]);
        assert!(close_names("zed", &names).is_empty());
        assert!(close_names("eve", &names).is_empty());
        assert!(close_names("alice", &names).iter().all(|n| n != "alice"));
        assert_eq!(
            did_you_mean(&["a".into(), "b".into(), "c".into()]).unwrap(),
            "did you mean \"a\", \"b\" or \"c\"?"
        );
        assert_eq!(did_you_mean(&[]), None);
    }
}
