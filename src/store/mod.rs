//! The progress store: everything that touches a data dir's files, and
//! nothing else (no FSRS, no terminal).
//!
//! Layout under the root: `profiles/<name>/` holds `log.jsonl` (the
//! append-only review log, the source of truth), `snapshot.bin` (a cache of
//! card states; `snapshot.json` in earlier versions), `settings.json`, `session.json` (a resumable session) and
//! `lock`; `config.json` holds data-dir-wide defaults.
//!
//! Promises: an acknowledged append is on disk; a torn last log line is set
//! aside with a warning, any other damage stops writing and names the line;
//! two processes never both write a profile. Choosing the root from
//! `ROLECALL_HOME` or `--data-dir` is the caller's job.

mod checksum;
mod error;
mod files;
mod log;
mod profile;
mod records;
mod snapshot;

pub use error::StoreError;
pub use log::{LogRead, parse_log};
pub use profile::{Profile, ProfileReader};
pub use records::{
    CardStateRecord, Config, LogEntry, MAX_DURATION, ReviewRecord, SESSION_VERSION,
    SNAPSHOT_VERSION, SessionFile, SessionRecord, Settings, SnapshotFile, UndoRecord,
};

pub use files::{Overwrite, check_target, write_file};
pub use snapshot::{decode as decode_snapshot, encode as encode_snapshot};

#[cfg(test)]
use files::ensure_dir;
use files::read_optional;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const PROFILES_DIR: &str = "profiles";
const CONFIG_FILE: &str = "config.json";
const MAX_PROFILE_NAME: usize = 64;

/// Checks that `name` can name a profile folder: 1 to 64 ASCII letters,
/// digits, `-` or `_`. This also rules out `..`, `/` and other path tricks.
pub fn validate_profile_name(name: &str) -> Result<(), StoreError> {
    let invalid = |reason: String| StoreError::InvalidProfileName {
        name: name.to_string(),
        reason,
    };
    if name.is_empty() {
        return Err(invalid("it is empty".into()));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(invalid(format!("{c:?} is not allowed")));
    }
    if name.len() > MAX_PROFILE_NAME {
        return Err(invalid(format!("it is {} characters long", name.len())));
    }
    Ok(())
}

/// A data dir: the profiles and the shared config under one root.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// A store rooted at `root`; nothing is created until something is written.
    pub fn new(root: PathBuf) -> Self {
        Store { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn profile_dir(&self, name: &str) -> Result<PathBuf, StoreError> {
        validate_profile_name(name)?;
        Ok(self.root.join(PROFILES_DIR).join(name))
    }

    /// Names of the existing profiles, sorted. Folders whose names are not
    /// valid profile names (someone else's files) are skipped.
    pub fn profiles(&self) -> Result<Vec<String>, StoreError> {
        let dir = self.root.join(PROFILES_DIR);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(files::dir_error(&dir, "list", e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io("list", &dir, e))?;
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if let Some(name) = entry.file_name().to_str()
                && is_dir
                && validate_profile_name(name).is_ok()
            {
                names.push(name.to_string());
            }
        }
        names.sort();
        Ok(names)
    }

    /// Opens `name` for writing, creating it if needed. Fails with
    /// `StoreError::InUse` while another writer holds it.
    pub fn open(&self, name: &str) -> Result<Profile, StoreError> {
        Profile::open(name, self.profile_dir(name)?)
    }

    /// Opens an existing profile for reading only, without the lock.
    pub fn open_read(&self, name: &str) -> Result<ProfileReader, StoreError> {
        let dir = self.profile_dir(name)?;
        if !dir.is_dir() {
            return Err(StoreError::NoSuchProfile {
                profile: name.to_string(),
            });
        }
        Ok(ProfileReader::new(dir))
    }

    /// Deletes the profile's folder and all its progress. Refuses while a
    /// writer holds it: the lock is taken for the duration of the removal.
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        let dir = self.profile_dir(name)?;
        if !dir.is_dir() {
            return Err(StoreError::NoSuchProfile {
                profile: name.to_string(),
            });
        }
        let _lock = profile::acquire_lock(name, &dir)?;
        fs::remove_dir_all(&dir).map_err(|e| StoreError::io("remove", &dir, e))
    }

    /// Where the data-dir-wide defaults are read from.
    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    /// The data-dir-wide defaults; all unset when `config.json` is absent.
    pub fn read_config(&self) -> Result<Config, StoreError> {
        let path = self.config_path();
        match read_optional(&path, 1 << 20)? {
            None => Ok(Config::default()),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map_err(|source| StoreError::BadFile { path, source }),
        }
    }

    /// Replaces `config.json` atomically, creating the root if needed.
    /// The file is the user's to edit; rolecall only reads it, and tests
    /// write it.
    #[cfg(test)]
    pub fn write_config(&self, config: &Config) -> Result<(), StoreError> {
        ensure_dir(&self.root)?;
        write_file(
            &self.root.join(CONFIG_FILE),
            &profile::pretty(config),
            Overwrite::Regular,
        )
    }
}

#[cfg(test)]
mod tests;
