//! Low-level file helpers shared by the store: creating directories with
//! errors that name the culprit, atomic replacement of small files, and
//! directory fsync.
//!
//! Knows nothing of what the files contain; the append-only log has its own
//! write path in `profile.rs`.

use super::StoreError;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Creates `dir` and its parents. When a component exists but is a file, the
/// error names that component rather than the raw `ENOTDIR` of the target.
pub(crate) fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    match fs::create_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(source) => Err(not_a_directory(dir).unwrap_or(StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })),
    }
}

/// The error for a failed directory operation on `dir`: `NotADirectory` when
/// `dir` or an ancestor exists as a file, else an I/O error.
pub(crate) fn dir_error(dir: &Path, action: &'static str, source: io::Error) -> StoreError {
    not_a_directory(dir).unwrap_or_else(|| StoreError::io(action, dir, source))
}

/// Names the nearest existing ancestor of `dir` (or `dir` itself) when it is
/// not a directory.
fn not_a_directory(dir: &Path) -> Option<StoreError> {
    let existing = dir.ancestors().find(|p| p.exists())?;
    (!existing.is_dir()).then(|| StoreError::NotADirectory {
        path: existing.to_path_buf(),
    })
}

/// Makes a rename or file creation in `dir` durable. Only Unix can open a
/// directory for fsync; elsewhere the rename is as durable as the OS makes it.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    if cfg!(unix) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| StoreError::io("sync directory", dir, e))?;
    }
    Ok(())
}

/// Replaces `path` with `bytes` so that a reader (or a crash) sees either the
/// old content or the new, never a mix: temp file in the same directory,
/// `sync_all`, rename over, then fsync the directory.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    ensure_dir(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    // The pid keeps two processes writing the same unlocked file (config.json)
    // from sharing a temp file.
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| StoreError::io("write", &tmp, e))
        .and_then(|()| fs::rename(&tmp, path).map_err(|e| StoreError::io("replace", path, e)));
    if let Err(e) = written {
        // Best effort: the temp file is garbage either way, and the error
        // that matters is the one being returned.
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir)
}

/// Deletes the temp files `write_atomic` leaves in `dir` when the process is
/// killed between creating and renaming them (`.NAME.PID.tmp` for each of
/// `names`). Only the holder of the folder's lock may call this: a live
/// writer's temp file would otherwise vanish under it. Returns how many went.
pub(crate) fn remove_stale_temps(dir: &Path, names: &[&str]) -> Result<usize, StoreError> {
    let entries = fs::read_dir(dir).map_err(|e| dir_error(dir, "list", e))?;
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io("list", dir, e))?;
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        let is_ours = names.iter().any(|n| {
            name.strip_prefix('.')
                .and_then(|rest| rest.strip_prefix(n))
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if is_ours {
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io("remove", path, e)),
            }
        }
    }
    Ok(removed)
}

/// Reads a whole file, or `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io("read", path, e)),
    }
}
