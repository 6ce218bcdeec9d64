//! The process's monotonic clock: the real one, or one that tests drive.
//!
//! `ROLECALL_TEST_CLOCK=FILE` replaces the real stopwatch with the number of
//! seconds written in FILE (re-read at every look; a missing or unreadable
//! file reads as 0), so that a test decides how long an answer took and when
//! a countdown runs out instead of sleeping and hoping. The wall clock is
//! `--now` / `ROLECALL_NOW` (see `config`).

use crate::session::Stopwatch;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The environment variable that names a test clock file.
pub const TEST_CLOCK_ENV: &str = "ROLECALL_TEST_CLOCK";

/// The stopwatch for this process: the test clock when the environment names
/// one, else the real monotonic clock, started now.
pub fn stopwatch() -> Arc<dyn Stopwatch> {
    match std::env::var_os(TEST_CLOCK_ENV) {
        Some(path) if !path.is_empty() => Arc::new(FileStopwatch(PathBuf::from(path))),
        _ => Arc::new(SystemStopwatch(Instant::now())),
    }
}

/// The real monotonic clock.
#[derive(Debug)]
struct SystemStopwatch(Instant);

impl Stopwatch for SystemStopwatch {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

/// Seconds read from a file that a test writes.
#[derive(Debug)]
struct FileStopwatch(PathBuf);

impl Stopwatch for FileStopwatch {
    fn elapsed(&self) -> Duration {
        std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|text| text.trim().parse::<f64>().ok())
            .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_stopwatch_reads_seconds_and_zero_when_unreadable() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("clock");
        let watch = FileStopwatch(path.clone());
        assert_eq!(watch.elapsed(), Duration::ZERO);
        std::fs::write(&path, "2.5\n").unwrap();
        assert_eq!(watch.elapsed(), Duration::from_millis(2500));
        std::fs::write(&path, "-1").unwrap();
        assert_eq!(watch.elapsed(), Duration::ZERO);
    }
}
