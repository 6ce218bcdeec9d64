//! Low-level file helpers: creating directories with errors that name the
//! culprit, directory fsync, and [`write_file`], the one writer of whole
//! files (the store's own, and the reports, exports and decks commands
//! write for the user).
//!
//! Knows nothing of what the files contain; the append-only log has its own
//! write path in `profile.rs`.

use super::StoreError;
use std::fs::{self, File};
use std::io::{self, Read, Write};
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

/// What [`write_file`] may do when its target already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Create a new file; anything already at the path (a file, a folder, a
    /// link, even a dangling one) is left alone and reported.
    Never,
    /// Replace a regular file atomically; refuse anything else (a symbolic
    /// link, FIFO, device, socket or folder), so a planted link can never
    /// redirect the write and a special file is never swallowed.
    Regular,
}

impl Overwrite {
    /// What a command's `--force` flag asks for.
    pub fn forced(force: bool) -> Overwrite {
        if force {
            Overwrite::Regular
        } else {
            Overwrite::Never
        }
    }
}

/// Prefix and suffix of the temp files [`write_file`] makes beside `name`:
/// `.NAME.` + random characters + `.tmp`.
fn temp_affixes(name: &str) -> (String, &'static str) {
    (format!(".{name}."), ".tmp")
}

/// Random characters in a temp file's name.
const TEMP_RANDOM_LEN: usize = 10;

/// Checks what is at `path` before writing it: nothing, or (with
/// `Overwrite::Regular`) a regular file. Never follows a link at `path`.
/// `write_file` checks again; call this alone to fail before costly work.
pub fn check_target(path: &Path, overwrite: Overwrite) -> Result<(), StoreError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::io("inspect", path, e)),
    };
    if overwrite == Overwrite::Never {
        return Err(StoreError::Exists {
            path: path.to_path_buf(),
        });
    }
    match special_kind(meta.file_type()) {
        None => Ok(()),
        Some(kind) => Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// What a non-regular file is, in words; `None` for a regular file.
fn special_kind(file_type: fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("FIFO");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("device");
        }
        if file_type.is_socket() {
            return Some("socket");
        }
    }
    if file_type.is_symlink() {
        Some("symbolic link")
    } else if file_type.is_dir() {
        Some("folder")
    } else if file_type.is_file() {
        None
    } else {
        Some("special file")
    }
}

/// The one way rolecall writes a whole file (snapshots, settings, reports,
/// exports, imported decks): a reader, or a crash, sees the old content or
/// the new, never a mix, and nothing else is touched.
///
/// The bytes go to a randomly named temp file created with `O_EXCL` in the
/// target's folder (so it can never be a planted link), are fsynced, then
/// renamed over the target (`Overwrite::Regular`) or linked in only if
/// nothing is there (`Overwrite::Never`); the folder is fsynced last. Any
/// failure removes the temp file. The folder must exist.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), StoreError> {
    check_target(path, overwrite)?;
    place(path, bytes, overwrite)
}

/// `write_file` after the check: what is at `path` may still change before
/// the rename, which then replaces a link itself (never its target) or,
/// with `Overwrite::Never`, fails.
fn place(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let (prefix, suffix) = temp_affixes(&name);
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .rand_bytes(TEMP_RANDOM_LEN)
        .tempfile_in(dir)
        .map_err(|e| dir_error(dir, "create a temp file in", e))?;
    // From here on, dropping `temp` (every early return) deletes it.
    // Through the file itself: `NamedTempFile`'s own `Write` repeats the
    // path in every error, which the message below already names.
    temp.as_file_mut()
        .write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| StoreError::io("write", temp.path(), e))?;
    match overwrite {
        Overwrite::Regular => {
            temp.persist(path)
                .map_err(|e| StoreError::io("replace", path, e.error))?;
        }
        Overwrite::Never => {
            temp.persist_noclobber(path).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    StoreError::Exists {
                        path: path.to_path_buf(),
                    }
                } else {
                    StoreError::io("create", path, e.error)
                }
            })?;
        }
    }
    sync_dir(dir)
}

/// Deletes the temp files `write_file` leaves in `dir` when the process is
/// killed between creating and renaming them (`.NAME.RANDOM.tmp` for each of
/// `names`, and `.NAME.PID.tmp` of earlier versions). Only the holder of the
/// folder's lock may call this: a live writer's temp file would otherwise
/// vanish under it. Returns how many went.
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
            let (prefix, suffix) = temp_affixes(n);
            name.strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(is_temp_marker)
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

/// The middle of a temp file name: `write_file`'s random characters, or the
/// pid that earlier versions used.
fn is_temp_marker(middle: &str) -> bool {
    let random =
        middle.len() == TEMP_RANDOM_LEN && middle.bytes().all(|b| b.is_ascii_alphanumeric());
    let pid = !middle.is_empty() && middle.bytes().all(|b| b.is_ascii_digit());
    random || pid
}

/// Fails when `path` (links followed) is a FIFO, device or socket: opening
/// a FIFO waits for a writer and a device such as `/dev/zero` never ends, so
/// neither may stand in for one of the store's files. Folders and missing
/// files are left to the open that follows, which names them.
pub(crate) fn refuse_special(path: &Path) -> Result<(), StoreError> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            kind: special_kind(meta.file_type()).unwrap_or("special file"),
        }),
        _ => Ok(()),
    }
}

/// Reads a whole file of at most `limit` bytes, or `None` when it does not
/// exist. Read through a capped reader, so a file that grows while it is
/// read, or a special file, cannot exhaust memory.
pub(crate) fn read_optional(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, StoreError> {
    refuse_special(path)?;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io("read", path, e)),
    };
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io("read", path, e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::listing;

    #[test]
    fn creates_new_files_and_replaces_only_with_force() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.md");
        write_file(&path, b"one", Overwrite::Never).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let err = write_file(&path, b"two", Overwrite::Never).unwrap_err();
        assert!(matches!(err, StoreError::Exists { .. }), "{err}");
        assert!(err.is_bad_input());
        assert_eq!(fs::read(&path).unwrap(), b"one", "kept without force");
        write_file(&path, b"three", Overwrite::Regular).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
        assert_eq!(listing(tmp.path()), ["out.md"], "no temp file left");
    }

    #[cfg(unix)]
    #[test]
    fn never_follows_or_replaces_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let link = tmp.path().join("report.md");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        // Links planted where older versions put their fixed temp names.
        for name in [".report.md.tmp", ".report.md.1.tmp"] {
            std::os::unix::fs::symlink(&victim, tmp.path().join(name)).unwrap();
        }
        for overwrite in [Overwrite::Never, Overwrite::Regular] {
            let err = write_file(&link, b"evil", overwrite).unwrap_err();
            assert!(err.is_bad_input(), "{err}");
            assert!(
                fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        let err = write_file(&link, b"evil", Overwrite::Regular).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to replace {}: it is a symbolic link, not a regular file; name another file",
                link.display()
            )
        );
        // A dangling link is something too: never created through.
        let dangling = tmp.path().join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        assert!(write_file(&dangling, b"x", Overwrite::Never).is_err());
        assert!(!tmp.path().join("nowhere").exists());
        // The temp-name links were not written through either.
        let other = tmp.path().join("other.md");
        write_file(&other, b"fine", Overwrite::Never).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_replace_fifos_devices_and_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let folder = tmp.path().join("folder");
        fs::create_dir(&folder).unwrap();
        for (path, kind) in [
            (fifo.as_path(), "FIFO"),
            (Path::new("/dev/null"), "device"),
            (folder.as_path(), "folder"),
        ] {
            let err = write_file(path, b"x", Overwrite::Regular).unwrap_err();
            assert!(
                matches!(&err, StoreError::NotAFile { kind: k, .. } if *k == kind),
                "{}: {err}",
                path.display()
            );
        }
        let still = fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(
            std::os::unix::fs::FileTypeExt::is_fifo(&still),
            "the FIFO is still there"
        );
        assert_eq!(listing(tmp.path()), ["folder", "pipe"]);
    }

    #[test]
    fn a_failed_write_removes_its_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.csv");
        fs::write(&path, "mine").unwrap();
        // The file appears between the check and the rename.
        let err = place(&path, b"theirs", Overwrite::Never).unwrap_err();
        assert!(matches!(err, StoreError::Exists { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"mine");
        assert_eq!(listing(tmp.path()), ["out.csv"]);
        // A folder that does not exist: nothing is created anywhere.
        let missing = tmp.path().join("missing/out.csv");
        assert!(write_file(&missing, b"x", Overwrite::Never).is_err());
        assert_eq!(listing(tmp.path()), ["out.csv"]);
    }

    #[test]
    fn temp_names_are_random_and_recognised_as_stale() {
        let (prefix, suffix) = temp_affixes("snapshot.json");
        assert_eq!((prefix.as_str(), suffix), (".snapshot.json.", ".tmp"));
        assert!(is_temp_marker("a1B2c3D4e5"));
        assert!(is_temp_marker("4242"), "an older version's pid");
        assert!(!is_temp_marker("x1"));
        assert!(!is_temp_marker(""));
        assert!(!is_temp_marker("a1B2c3D4e5f"));
    }
}
