//! Reading `log.jsonl`: parse complete lines from a byte offset, tell a torn
//! last line (an interrupted append) from damage anywhere else.
//!
//! Reads only; appending and the repair of a torn tail belong to the writer
//! (`Profile`), which holds the lock.

use super::StoreError;
use super::records::LogEntry;
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

/// The raw result of a scan, before the caller words the torn-tail warning.
pub(crate) struct Scan {
    pub(crate) entries: Vec<LogEntry>,
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
pub(crate) fn scan(path: &Path, offset: u64) -> Result<Scan, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound && offset == 0 => {
            return Ok(Scan {
                entries: Vec::new(),
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
    match scan_reader(reader, offset) {
        Ok(mut scan) => {
            if let Some(line) = scan.torn_line.as_mut() {
                *line += lines_before(path, offset)?;
            }
            Ok(scan)
        }
        Err(ScanError::Io(e)) => Err(StoreError::io("read", path, e)),
        Err(ScanError::Damaged { line, message }) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            line: lines_before(path, offset)? + line,
            message,
        }),
    }
}

/// Parses a whole review log held in memory, exactly as the file reader reads a
/// file: the pure entry point for tests and fuzzing. `path` only names the
/// file in warnings and errors.
pub fn parse_log(path: &Path, bytes: &[u8]) -> Result<LogRead, StoreError> {
    match scan_reader(bytes, 0) {
        Ok(scan) => Ok(LogRead {
            warnings: scan
                .torn_line
                .map(|l| torn_warning(path, l))
                .into_iter()
                .collect(),
            entries: scan.entries,
            end_offset: scan.end_offset,
        }),
        Err(ScanError::Io(e)) => Err(StoreError::io("read", path, e)),
        Err(ScanError::Damaged { line, message }) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            line,
            message,
        }),
    }
}

/// The warning for a torn last line, as readers show it.
pub(crate) fn torn_warning(path: &Path, line: u64) -> String {
    format!(
        "{}:{line}: incomplete last record ignored (an interrupted or unfinished write)",
        path.display()
    )
}

/// Why a scan stopped; line numbers are relative to the start of the read.
enum ScanError {
    Io(io::Error),
    Damaged { line: u64, message: String },
}

/// The line loop shared by files and memory. `offset` is where `reader`
/// starts in the log; line numbers in the result count from there.
fn scan_reader(mut reader: impl BufRead, offset: u64) -> Result<Scan, ScanError> {
    let mut entries = Vec::new();
    let mut end_offset = offset;
    let mut relative_line = 0u64;
    let mut torn_line = None;
    let mut buf = Vec::with_capacity(256);
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(ScanError::Io)?;
        if n == 0 {
            break;
        }
        relative_line += 1;
        if buf.last() != Some(&b'\n') {
            if !is_blank(&buf) {
                torn_line = Some(relative_line);
            }
            break;
        }
        end_offset += n as u64;
        if is_blank(&buf) {
            continue;
        }
        match serde_json::from_slice::<LogEntry>(&buf) {
            Ok(entry) => entries.push(entry),
            Err(e) => {
                return Err(ScanError::Damaged {
                    line: relative_line,
                    message: without_position(&e),
                });
            }
        }
    }
    Ok(Scan {
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
