//! Reading `log.jsonl`: parse complete lines from a byte offset, tell a torn
//! last line (an interrupted append) from damage anywhere else.
//!
//! Reads only; appending and the repair of a torn tail belong to the writer
//! (`Profile`), which holds the lock.

use super::StoreError;
use super::files::refuse_special;
use super::records::{LogEntry, ReviewRecord};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// What a read of the review log found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogRead {
    pub entries: Vec<LogEntry>,
    /// Problems that did not stop the read (a torn last line), each naming
    /// the file and line, ready to show the user.
    pub warnings: Vec<String>,
    /// Byte offset just past the last complete line read: pass it to
    /// `read_log_from` to read only what is appended later.
    pub end_offset: u64,
}

/// What a streaming read of the review log found (the entries went to the
/// caller one by one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogScan {
    /// Complete entries read.
    pub entries: u64,
    /// As [`LogRead::warnings`].
    pub warnings: Vec<String>,
    /// As [`LogRead::end_offset`].
    pub end_offset: u64,
}

/// Where a scan stopped, whatever it did with the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ScanEnd {
    /// Complete entries read (blank lines not counted).
    pub(crate) entries: u64,
    pub(crate) end_offset: u64,
    /// Line number (1-based, whole file) of an unterminated, non-blank last
    /// line; its bytes run from `end_offset` to the end of the file.
    pub(crate) torn_line: Option<u64>,
}

/// Parses the complete lines of the log at `path` from byte `offset` on.
///
/// A last line without `\n` is torn: `append` writes a record and its newline
/// in one call, so such a line was never acknowledged (or is being written
/// right now by a concurrent writer). Any other line that does not parse is
/// damage, reported with its line number. A missing file is an empty log.
///
/// Each entry goes to `each` as it is parsed, so that a long log is checked
/// or replayed in constant memory. On damage the entries already handed over
/// must be discarded by the caller.
pub(crate) fn scan_each(
    path: &Path,
    offset: u64,
    each: impl FnMut(LogEntry),
) -> Result<ScanEnd, StoreError> {
    refuse_special(path)?;
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound && offset == 0 => {
            return Ok(ScanEnd {
                entries: 0,
                end_offset: 0,
                torn_line: None,
            });
        }
        Err(e) => return Err(StoreError::io("read", path, e)),
    };
    let len = file
        .metadata()
        .map_err(|e| StoreError::io("read", path, e))?
        .len();
    if offset > len {
        return Err(StoreError::OffsetBeyondEnd {
            path: path.to_path_buf(),
            offset,
            len,
        });
    }
    let mut reader = BufReader::with_capacity(1 << 16, file);
    reader
        .seek(SeekFrom::Start(offset))
        .map_err(|e| StoreError::io("read", path, e))?;
    scan_lines(reader, path, offset, &|| lines_before(path, offset), each)
}

/// The review whose idempotency key is `id`, if the log at `path` has one.
pub(crate) fn find_review(path: &Path, id: &str) -> Result<Option<ReviewRecord>, StoreError> {
    let mut found = None;
    entries_with(path, &json_field("id", id), |entry| match entry {
        LogEntry::Review(review) if review.id.as_deref() == Some(id) => {
            found = Some(review);
            false
        }
        _ => true,
    })?;
    Ok(found)
}

/// Every entry (reviews and undos) of `card`, in log order.
pub(crate) fn card_entries(path: &Path, card: &str) -> Result<Vec<LogEntry>, StoreError> {
    let mut entries = Vec::new();
    entries_with(path, &json_field("card", card), |entry| {
        let ours = match &entry {
            LogEntry::Review(r) => r.card == card,
            LogEntry::Undo(u) => u.card == card,
        };
        if ours {
            entries.push(entry);
        }
        true
    })?;
    Ok(entries)
}

/// `"name":"value"` as the store writes it.
fn json_field(name: &str, value: &str) -> String {
    // Invariant: a string always serialises.
    format!(
        "\"{name}\":{}",
        serde_json::to_string(value).expect("a string")
    )
}

/// Hands `each` the entries of the complete lines of the log that hold
/// `needle`, in order, until it returns `false`. Only those lines are
/// parsed, so this reads the log at the speed of a substring search rather
/// than of a replay. Lines that do not parse are skipped: damage is the
/// full readers' to report.
fn entries_with(
    path: &Path,
    needle: &str,
    mut each: impl FnMut(LogEntry) -> bool,
) -> Result<(), StoreError> {
    refuse_special(path)?;
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::io("read", path, e)),
    };
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| StoreError::io("read", path, e))?;
        // The end, or a torn last line (never acknowledged).
        if n == 0 || line.last() != Some(&b'\n') {
            return Ok(());
        }
        if finder.find(&line).is_some()
            && let Ok(entry) = serde_json::from_slice(&line)
            && !each(entry)
        {
            return Ok(());
        }
    }
}

/// Parses a whole review log held in memory, exactly as the file reader
/// reads a file: the pure entry point for tests and fuzzing. `path` only
/// names the file in warnings and errors.
pub fn parse_log(path: &Path, bytes: &[u8]) -> Result<LogRead, StoreError> {
    let mut entries = Vec::new();
    let end = scan_lines(bytes, path, 0, &|| Ok(0), |e| entries.push(e))?;
    Ok(LogRead {
        entries,
        warnings: end
            .torn_line
            .map(|line| torn_warning(path, line))
            .into_iter()
            .collect(),
        end_offset: end.end_offset,
    })
}

/// The warning for a torn last line, as readers show it.
pub(crate) fn torn_warning(path: &Path, line: u64) -> String {
    format!(
        "{}:{line}: incomplete last record ignored (an interrupted or unfinished write)",
        path.display()
    )
}

/// The line loop shared by files and memory. `reader` starts at byte
/// `offset` of the log; `line_base` gives the number of lines before it
/// (only asked for when a line number must be reported).
fn scan_lines(
    mut reader: impl BufRead,
    path: &Path,
    offset: u64,
    line_base: &dyn Fn() -> Result<u64, StoreError>,
    mut each: impl FnMut(LogEntry),
) -> Result<ScanEnd, StoreError> {
    let mut entries = 0u64;
    let mut end_offset = offset;
    let mut relative_line = 0u64;
    let mut torn_line = None;
    let mut buf = Vec::with_capacity(256);
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| StoreError::io("read", path, e))?;
        if n == 0 {
            break;
        }
        relative_line += 1;
        if buf.last() != Some(&b'\n') {
            if !is_blank(&buf) {
                torn_line = Some(line_base()? + relative_line);
            }
            break;
        }
        end_offset += n as u64;
        if is_blank(&buf) {
            continue;
        }
        let parsed = serde_json::from_slice::<LogEntry>(&buf)
            .map_err(|e| without_position(&e))
            .and_then(|entry| match entry.implausible() {
                Some(why) => Err(why),
                None => Ok(entry),
            });
        match parsed {
            Ok(entry) => {
                entries += 1;
                each(entry);
            }
            Err(message) => {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    line: line_base()? + relative_line,
                    message,
                });
            }
        }
    }
    Ok(ScanEnd {
        entries,
        end_offset,
        torn_line,
    })
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Counts the lines before `offset`, to turn a line number relative to a read
/// offset into one the user can find in an editor. Only runs on the rare
/// warning and error paths, so it may read the whole prefix.
fn lines_before(path: &Path, offset: u64) -> Result<u64, StoreError> {
    if offset == 0 {
        return Ok(0);
    }
    let file = File::open(path).map_err(|e| StoreError::io("read", path, e))?;
    let mut reader = BufReader::with_capacity(1 << 16, file.take(offset));
    let mut count = 0u64;
    loop {
        let chunk = reader
            .fill_buf()
            .map_err(|e| StoreError::io("read", path, e))?;
        if chunk.is_empty() {
            return Ok(count);
        }
        #[allow(clippy::naive_bytecount)] // a rare error path; not worth the bytecount crate
        let newlines = chunk.iter().filter(|&&b| b == b'\n').count();
        count += newlines as u64;
        let n = chunk.len();
        reader.consume(n);
    }
}

/// `serde_json` ends its messages with "at line 1 column N"; inside one log
/// line only the column means anything.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => format!("{message} (column {})", e.column()),
        None => text,
    }
}
