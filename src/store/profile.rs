//! One profile's folder: the exclusive writer (`Profile`, which holds the
//! lock and appends to the review log) and the lock-free `ProfileReader`
//! used by history and stats.
//!
//! Owns durability: an append returns only after fsync, small files are
//! replaced atomically, a torn log tail is set aside before anything is
//! appended. It does not interpret reviews (no FSRS here).

use super::checksum::BlockSums;
use super::files::{
    Overwrite, read_optional, refuse_special, remove_stale_temps, sync_dir, write_file,
};
use super::log::{self, LogRead, LogScan};
use super::records::{
    JSON_SNAPSHOT_VERSION, LogEntry, ReviewRecord, SESSION_VERSION, SNAPSHOT_VERSION, SessionFile,
    Settings, SnapshotFile,
};
use super::snapshot;
use super::{StoreError, files::ensure_dir};
use crc32fast::Hasher;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const LOG_FILE: &str = "log.jsonl";
const TORN_FILE: &str = "log.torn";
const SNAPSHOT_FILE: &str = "snapshot.bin";
/// Where snapshots of version 2 (JSON) were written: read when there is no
/// `snapshot.bin`, removed once one is saved.
const JSON_SNAPSHOT_FILE: &str = "snapshot.json";
const SETTINGS_FILE: &str = "settings.json";
const SESSION_FILE: &str = "session.json";
const LOCK_FILE: &str = "lock";

/// The most each small file may hold: far more than rolecall writes there
/// (settings: a few hundred bytes; a resumable session: card ids; a
/// snapshot: about 60 bytes per card, 230 in JSON), so a bigger one is not
/// ours.
const SETTINGS_LIMIT: u64 = 1 << 20;
const SESSION_LIMIT: u64 = 64 << 20;
const SNAPSHOT_LIMIT: u64 = 1 << 30;

/// Read access to a profile's files, without taking the lock: safe next to a
/// running writer, whose half-written last line is simply not read yet.
#[derive(Debug, Clone)]
pub struct ProfileReader {
    dir: PathBuf,
}

impl ProfileReader {
    pub(crate) fn new(dir: PathBuf) -> Self {
        ProfileReader { dir }
    }

    /// The profile's folder, `<root>/profiles/<name>`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the review log, for messages.
    pub fn log_path(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    /// Path of the profile's settings, for messages.
    pub fn settings_path(&self) -> PathBuf {
        self.dir.join(SETTINGS_FILE)
    }

    /// Reads the whole review log.
    pub fn read_log(&self) -> Result<LogRead, StoreError> {
        self.read_log_from(0)
    }

    /// Reads the entries appended at or after byte `offset` (a snapshot's
    /// `log_offset` or an earlier `LogRead::end_offset`). Line numbers in
    /// warnings and errors count from the start of the file.
    pub fn read_log_from(&self, offset: u64) -> Result<LogRead, StoreError> {
        let mut entries = Vec::new();
        let scan = self.for_each_entry_from(offset, |e| entries.push(e))?;
        Ok(LogRead {
            entries,
            warnings: scan.warnings,
            end_offset: scan.end_offset,
        })
    }

    /// Like [`read_log_from`](Self::read_log_from), but hands each entry to
    /// `each` as it is parsed, so that a million-entry log is replayed
    /// without holding it in memory. On an error, discard what `each` saw.
    pub fn for_each_entry_from(
        &self,
        offset: u64,
        each: impl FnMut(LogEntry),
    ) -> Result<LogScan, StoreError> {
        let path = self.log_path();
        let end = log::scan_each(&path, offset, each)?;
        let warnings = end
            .torn_line
            .map(|line| log::torn_warning(&path, line))
            .into_iter()
            .collect();
        Ok(LogScan {
            entries: end.entries,
            warnings,
            end_offset: end.end_offset,
        })
    }

    /// The review recorded with idempotency key `id`, if any.
    pub fn find_review(&self, id: &str) -> Result<Option<ReviewRecord>, StoreError> {
        log::find_review(&self.log_path(), id)
    }

    /// Every entry of `card`, in log order.
    pub fn card_entries(&self, card: &str) -> Result<Vec<LogEntry>, StoreError> {
        log::card_entries(&self.log_path(), card)
    }

    /// The snapshot, if it can be trusted for the current log; `None` means
    /// "rebuild from the log". Never fails: a bad cache must not stop study.
    pub fn load_snapshot(&self) -> Option<SnapshotFile> {
        if ![SNAPSHOT_FILE, JSON_SNAPSHOT_FILE]
            .iter()
            .any(|name| self.dir.join(name).exists())
        {
            return None;
        }
        self.snapshot_and_sums().0
    }

    /// Reads the snapshot while another thread sums the log's blocks (at a
    /// million reviews both take tens of milliseconds, so together they
    /// cost about what the slower one does), then keeps the snapshot only
    /// if the log's first `log_offset` bytes still have its checksum: a
    /// byte flipped, a record zeroed or two lines joined anywhere before
    /// the offset means a full read of the log, which reports the damage.
    fn snapshot_and_sums(&self) -> (Option<SnapshotFile>, Result<BlockSums, StoreError>) {
        let log_path = self.log_path();
        std::thread::scope(|scope| {
            let summing = scope.spawn(|| BlockSums::of_file(&log_path));
            let snapshot = self.parse_snapshot();
            let sums = summing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let snapshot = match (snapshot, &sums) {
                (Some(snapshot), Ok(sums))
                    if sums.prefix(&log_path, snapshot.log_offset).ok().flatten()
                        == Some(snapshot.log_crc32) =>
                {
                    Some(snapshot)
                }
                _ => None,
            };
            (snapshot, sums)
        })
    }

    /// The snapshot file, if it decodes whole, is of this version (or is a
    /// version-2 JSON snapshot and there is no binary one), holds only
    /// plausible states (it is a cache, checked like any input), and its
    /// offset ends a line of the log.
    fn parse_snapshot(&self) -> Option<SnapshotFile> {
        let binary = read_optional(&self.dir.join(SNAPSHOT_FILE), SNAPSHOT_LIMIT).ok()?;
        let snapshot = if let Some(bytes) = binary {
            snapshot::decode(&bytes).filter(|s| s.version == SNAPSHOT_VERSION)?
        } else {
            let path = self.dir.join(JSON_SNAPSHOT_FILE);
            let bytes = read_optional(&path, SNAPSHOT_LIMIT).ok()??;
            serde_json::from_slice::<SnapshotFile>(&bytes)
                .ok()
                .filter(|s| s.version == JSON_SNAPSHOT_VERSION)?
        };
        if !snapshot.is_plausible() {
            return None;
        }
        self.ends_a_line(snapshot.log_offset).then_some(snapshot)
    }

    /// Whether byte `offset` still falls at the end of a line of this log
    /// (or at its start): a log that was truncated, torn below it, or
    /// replaced fails this check.
    fn ends_a_line(&self, offset: u64) -> bool {
        if offset == 0 {
            return true;
        }
        let check = || -> io::Result<bool> {
            let mut log = File::open(self.log_path())?;
            if offset > log.metadata()?.len() {
                return Ok(false);
            }
            let mut last = [0u8];
            log.seek(SeekFrom::Start(offset - 1))?;
            log.read_exact(&mut last)?;
            Ok(last == *b"\n")
        };
        check().unwrap_or(false)
    }

    /// The entries after byte `offset` (a session's start), or `None` when
    /// the offset no longer ends a line of the log: whatever was saved
    /// against it cannot be trusted.
    pub fn read_log_after(&self, offset: u64) -> Result<Option<LogRead>, StoreError> {
        if !self.ends_a_line(offset) {
            return Ok(None);
        }
        self.read_log_from(offset).map(Some)
    }

    /// The profile's settings; defaults when the file does not exist.
    pub fn load_settings(&self) -> Result<Settings, StoreError> {
        let path = self.dir.join(SETTINGS_FILE);
        match read_optional(&path, SETTINGS_LIMIT)? {
            None => Ok(Settings::default()),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map_err(|source| StoreError::BadFile { path, source }),
        }
    }

    /// The sessions that can be resumed, if any. A missing, unreadable or
    /// older-format file means "nothing to resume".
    pub fn load_session(&self) -> Option<SessionFile> {
        let bytes = read_optional(&self.dir.join(SESSION_FILE), SESSION_LIMIT).ok()??;
        let session: SessionFile = serde_json::from_slice(&bytes).ok()?;
        (session.version == SESSION_VERSION).then_some(session)
    }
}

/// The one writer of a profile. Holds `<profile>/lock` for its whole life;
/// dropping it (or the process dying) releases the lock.
#[derive(Debug)]
pub struct Profile {
    files: ProfileReader,
    /// Held only for the OS lock on it.
    _lock: File,
    log: File,
    /// Length of the log as this writer left it: always the end of a
    /// complete line.
    log_len: u64,
    /// A failed append could not be rolled back; retry the rollback before
    /// writing again so the next record does not land on garbage.
    tail_unsure: bool,
    /// CRC-32 of the log's first `log_len` bytes, kept up to date by each
    /// append, for the snapshot to record.
    log_crc: Hasher,
    warnings: Vec<String>,
    /// The snapshot as `open` found it, kept so that restoring progress does
    /// not read and parse it a second time (it holds every card's state).
    snapshot: Option<SnapshotFile>,
}

impl Profile {
    /// Creates the folder if needed, takes the lock, checks the log from the
    /// snapshot's offset on (or whole) and sets aside a torn last line.
    /// Fails, writing nothing, when another line is damaged.
    pub(crate) fn open(name: &str, dir: PathBuf) -> Result<Profile, StoreError> {
        ensure_dir(&dir)?;
        let lock = acquire_lock(name, &dir)?;
        // Under the lock no one else writes here: temp files are leftovers
        // of writes killed before their rename, garbage that would pile up.
        let ours = [
            SNAPSHOT_FILE,
            JSON_SNAPSHOT_FILE,
            SETTINGS_FILE,
            SESSION_FILE,
        ];
        if remove_stale_temps(&dir, &ours)? > 0 {
            sync_dir(&dir)?;
        }
        let files = ProfileReader::new(dir);
        let log_path = files.log_path();
        refuse_special(&log_path)?;
        let existed = log_path.exists();
        let log = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&log_path)
            .map_err(|e| StoreError::io("open", &log_path, e))?;
        if !existed {
            // A new log may sit in new folders: make the whole chain of
            // entries (log, profile folder, profiles/) durable.
            for dir in files.dir.ancestors().take(3) {
                sync_dir(dir)?;
            }
        }
        let (snapshot, sums) = files.snapshot_and_sums();
        let start = snapshot.as_ref().map_or(0, |s| s.log_offset);
        // Checks every line after the snapshot (all of them without one)
        // without keeping any: the log may be long.
        let scan = log::scan_each(&log_path, start, drop)?;
        // Under the lock the log only changed by what `set_aside_tail`
        // cuts off, past `end_offset`.
        let crc = sums?.prefix(&log_path, scan.end_offset)?.ok_or_else(|| {
            StoreError::OffsetBeyondEnd {
                path: log_path.clone(),
                offset: scan.end_offset,
                len: 0,
            }
        })?;
        let mut profile = Profile {
            files,
            _lock: lock,
            log,
            log_len: scan.end_offset,
            tail_unsure: false,
            log_crc: Hasher::new_with_initial_len(crc, scan.end_offset),
            warnings: Vec::new(),
            snapshot,
        };
        profile.set_aside_tail(scan.torn_line)?;
        Ok(profile)
    }

    /// Moves whatever follows the last complete line into `log.torn` (when it
    /// is more than whitespace) and truncates the log there.
    fn set_aside_tail(&mut self, torn_line: Option<u64>) -> Result<(), StoreError> {
        let log_path = self.files.log_path();
        let len = self
            .log
            .metadata()
            .map_err(|e| StoreError::io("read", &log_path, e))?
            .len();
        if len <= self.log_len {
            return Ok(());
        }
        if let Some(line) = torn_line {
            let mut tail = Vec::new();
            (&self.log)
                .seek(SeekFrom::Start(self.log_len))
                .and_then(|_| (&self.log).read_to_end(&mut tail))
                .map_err(|e| StoreError::io("read", &log_path, e))?;
            tail.push(b'\n');
            let torn_path = self.files.dir.join(TORN_FILE);
            OpenOptions::new()
                .append(true)
                .create(true)
                .open(&torn_path)
                .and_then(|mut f| {
                    f.write_all(&tail)?;
                    f.sync_data()
                })
                .map_err(|e| StoreError::io("append to", &torn_path, e))?;
            sync_dir(&self.files.dir)?;
            self.warnings.push(format!(
                "{}:{line}: incomplete last record dropped (an interrupted write); its bytes were moved to {}",
                log_path.display(),
                torn_path.display()
            ));
        }
        self.truncate_log()
    }

    fn truncate_log(&mut self) -> Result<(), StoreError> {
        self.log
            .set_len(self.log_len)
            .and_then(|()| self.log.sync_data())
            .map_err(|e| StoreError::io("truncate", self.files.log_path(), e))
    }

    /// The read side of this profile, for code that takes a reader.
    pub fn reader(&self) -> &ProfileReader {
        &self.files
    }

    /// What opening repaired (a torn last line set aside), worded for the user.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Current length of the log: the `log_offset` of a snapshot that covers
    /// every entry appended so far.
    pub fn log_len(&self) -> u64 {
        self.log_len
    }

    /// CRC-32 of the log's first [`log_len`](Self::log_len) bytes: the
    /// `log_crc32` of a snapshot that covers every entry appended so far.
    pub fn log_crc32(&self) -> u32 {
        self.log_crc.clone().finalize()
    }

    /// Appends one entry as one line and returns only once it is on disk
    /// (`sync_data`). On failure the log is cut back to its previous length,
    /// so a failed append leaves no partial line.
    pub fn append(&mut self, entry: &LogEntry) -> Result<(), StoreError> {
        // Invariant: these records hold only strings, numbers, dates and
        // enums, which serde_json always serialises.
        let mut line = serde_json::to_vec(entry).expect("log entries always serialise");
        line.push(b'\n');
        if self.tail_unsure {
            self.truncate_log()?;
            self.tail_unsure = false;
        }
        // One write_all on an O_APPEND file: a concurrent reader sees the
        // line whole or not at all in practice, and a crash leaves at most
        // one unterminated line, which the next open sets aside.
        match self
            .log
            .write_all(&line)
            .and_then(|()| self.log.sync_data())
        {
            Ok(()) => {
                self.log_len += line.len() as u64;
                self.log_crc.update(&line);
                Ok(())
            }
            Err(e) => {
                self.tail_unsure = self.truncate_log().is_err();
                Err(StoreError::io("append to", self.files.log_path(), e))
            }
        }
    }

    pub fn read_log(&self) -> Result<LogRead, StoreError> {
        self.files.read_log()
    }

    /// Swaps the log handle, so tests can make writes fail (a read-only
    /// handle stands in for a full disk or an I/O error).
    #[cfg(test)]
    pub(crate) fn replace_log_handle(&mut self, file: File) -> File {
        std::mem::replace(&mut self.log, file)
    }

    /// The snapshot read when the profile was opened (valid for the log as it
    /// was then), handed over once; later calls give `None`, so use
    /// [`ProfileReader::load_snapshot`] through [`reader`](Self::reader) to read
    /// the file again.
    pub fn take_snapshot(&mut self) -> Option<SnapshotFile> {
        self.snapshot.take()
    }

    /// Replaces the snapshot atomically (in the binary form, whatever its
    /// `version` says), then removes a JSON snapshot of an earlier version,
    /// which only a missing `snapshot.bin` would make anyone read.
    pub fn save_snapshot(&self, snapshot: &SnapshotFile) -> Result<(), StoreError> {
        write_file(
            &self.files.dir.join(SNAPSHOT_FILE),
            &snapshot::encode(snapshot),
            Overwrite::Regular,
        )?;
        // A cache: one left behind (a folder, no permission) is never read
        // while `snapshot.bin` exists.
        let _ = fs::remove_file(self.files.dir.join(JSON_SNAPSHOT_FILE));
        Ok(())
    }

    pub fn load_settings(&self) -> Result<Settings, StoreError> {
        self.files.load_settings()
    }

    /// Path of the profile's settings, for messages.
    pub fn settings_path(&self) -> PathBuf {
        self.files.settings_path()
    }

    /// Replaces `settings.json` atomically, pretty-printed for hand editing.
    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        write_file(
            &self.files.dir.join(SETTINGS_FILE),
            &pretty(settings),
            Overwrite::Regular,
        )
    }

    /// Records the resumable sessions, atomically.
    pub fn save_session(&self, session: &SessionFile) -> Result<(), StoreError> {
        // Invariant: plain data, see `append`.
        let bytes = serde_json::to_vec(session).expect("sessions always serialise");
        write_file(
            &self.files.dir.join(SESSION_FILE),
            &bytes,
            Overwrite::Regular,
        )
    }

    /// Forgets every resumable session.
    pub fn clear_session(&self) -> Result<(), StoreError> {
        let path = self.files.dir.join(SESSION_FILE);
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.files.dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::io("remove", path, e)),
        }
    }
}

pub(crate) fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Invariant: only called on the plain settings and config structs.
    let mut bytes = serde_json::to_vec_pretty(value).expect("settings always serialise");
    bytes.push(b'\n');
    bytes
}

/// Takes the exclusive lock on `<dir>/lock` and writes our pid into it. The
/// OS drops the lock with the file handle or the process, so a lock file left
/// by a killed process never blocks.
pub(crate) fn acquire_lock(profile: &str, dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK_FILE);
    // No truncate on open: the file may belong to a live owner whose pid we
    // want to report.
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| StoreError::io("open", &path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            // The owner may not have written its pid yet; then it is unknown.
            let _ = file.read_to_string(&mut text);
            return Err(StoreError::InUse {
                profile: profile.to_string(),
                pid: text.trim().parse().ok(),
            });
        }
        Err(TryLockError::Error(e)) => return Err(StoreError::io("lock", &path, e)),
    }
    file.set_len(0)
        .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()))
        .map_err(|e| StoreError::io("write", &path, e))?;
    Ok(file)
}
