//! The store's error type: every variant names the file (and line) involved
//! and keeps the underlying cause, so the edge can print a full chain.
//!
//! Messages end with what the user can do; the cause (`source`) is not
//! repeated in the message, `anyhow`'s `{:#}` prints it after a colon.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong reading or writing a profile's files.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("invalid profile name {name:?}: {reason}; use 1 to 64 letters, digits, '-' or '_'")]
    InvalidProfileName { name: String, reason: String },

    #[error(
        "{} is not a directory; point --data-dir or ROLECALL_HOME at a directory",
        path.display()
    )]
    NotADirectory { path: PathBuf },

    #[error(
        "cannot create directory {}; check its permissions or choose another --data-dir",
        path.display()
    )]
    CreateDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// An I/O failure on one file; `action` says what was being done
    /// ("read", "append to", ...).
    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("profile {profile:?} is in use by {}", match pid {
        Some(pid) => format!("pid {pid}"),
        None => "another process".to_string(),
    })]
    InUse { profile: String, pid: Option<u32> },

    #[error("no profile named {profile:?}; `rolecall profiles` lists them")]
    NoSuchProfile { profile: String },

    /// A log line other than a torn last one does not parse. Nothing is
    /// written while this stands, so the damage can be repaired by hand.
    #[error(
        "{}:{line}: damaged review log record: {message}; nothing was written. \
         Keep a copy of the file, then fix or delete that line",
        path.display()
    )]
    Damaged {
        path: PathBuf,
        line: u64,
        message: String,
    },

    /// A caller asked to read the log from past its end: the log shrank
    /// since the offset was taken.
    #[error(
        "{} is shorter ({len} bytes) than an offset taken earlier ({offset}); \
         it was truncated or replaced",
        path.display()
    )]
    OffsetBeyondEnd {
        path: PathBuf,
        offset: u64,
        len: u64,
    },

    /// A file that must be new already exists.
    #[error("{} exists; add --force to replace it", path.display())]
    Exists { path: PathBuf },

    /// A file to replace is not a regular file: replacing a symbolic link
    /// would redirect the write, replacing a FIFO or device would swallow it.
    #[error(
        "refusing to replace {}: it is a {kind}, not a regular file; name another file",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: &'static str },

    /// A file of the store is a FIFO, device or socket (reading it would
    /// block or never end).
    #[error(
        "cannot read {}: it is a {kind}, not a regular file; move it away",
        path.display()
    )]
    NotRegular { path: PathBuf, kind: &'static str },

    /// A file of the store is larger than any this version writes.
    #[error(
        "{} is larger than {limit} bytes, more than rolecall ever writes there; move it away",
        path.display()
    )]
    TooLarge { path: PathBuf, limit: u64 },

    /// A settings or config value is out of range.
    #[error("{}: {message}; fix it or delete it to go back to defaults", path.display())]
    BadSetting { path: PathBuf, message: String },

    /// A settings or config file exists but is not valid JSON of the right shape.
    #[error("{} is not valid; fix it or delete it to go back to defaults", path.display())]
    BadFile {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

impl StoreError {
    /// Whether the user named something wrong (exit 2) rather than the
    /// files failing (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::InvalidProfileName { .. }
                | StoreError::NoSuchProfile { .. }
                | StoreError::Exists { .. }
                | StoreError::NotAFile { .. }
        )
    }

    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
