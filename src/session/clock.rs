//! Time inside a session: the [`Stopwatch`] that measures answers,
//! countdowns and `--minutes`, and the [`SessionClock`] rule that turns it
//! into the times reviews are logged at.
//!
//! Pure: the stopwatch is a trait; the real one (and the file-driven one
//! tests use) live at the edge, in `clock`.

use chrono::{DateTime, DurationRound, Utc};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Monotonic time, injected so that tests can decide how long an answer
/// took or when a countdown runs out.
pub trait Stopwatch: Send + Sync + fmt::Debug {
    /// Time since the stopwatch started; never goes back.
    fn elapsed(&self) -> Duration;
}

/// When a session's reviews happen.
///
/// Normally the wall clock at the start (or `--now`) plus the stopwatch.
/// Under a fixed `--now` (a simulation) time is frozen, except that each log
/// entry the session writes moves it on by a millisecond, so every review
/// keeps a distinct time (undo finds a review by its time). Always whole
/// milliseconds, as the log keeps them.
#[derive(Debug, Clone)]
pub struct SessionClock {
    start: DateTime<Utc>,
    frozen: bool,
    stopwatch: Arc<dyn Stopwatch>,
    /// The stopwatch's reading when the session started.
    origin: Duration,
}

impl SessionClock {
    pub fn new(start: DateTime<Utc>, frozen: bool, stopwatch: Arc<dyn Stopwatch>) -> SessionClock {
        let origin = stopwatch.elapsed();
        SessionClock {
            start,
            frozen,
            stopwatch,
            origin,
        }
    }

    /// The wall-clock time the session started at (the clock, or `--now`).
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// Time since the session started, on the stopwatch.
    pub fn elapsed(&self) -> Duration {
        self.stopwatch.elapsed().saturating_sub(self.origin)
    }

    /// The time of the next log entry, after `written` entries of this
    /// session.
    pub fn at(&self, written: u64) -> DateTime<Utc> {
        let now = if self.frozen {
            self.start + chrono::Duration::milliseconds(i64::try_from(written).unwrap_or(i64::MAX))
        } else {
            self.start + chrono::Duration::from_std(self.elapsed()).unwrap_or_default()
        };
        now.duration_trunc(chrono::Duration::milliseconds(1))
            .unwrap_or(now)
    }
}

/// A stopwatch moved by hand, for tests.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct ManualStopwatch(std::sync::Mutex<Duration>);

#[cfg(test)]
impl ManualStopwatch {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

#[cfg(test)]
impl Stopwatch for ManualStopwatch {
    fn elapsed(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_fixed_now_moves_one_millisecond_per_entry() {
        let watch = Arc::new(ManualStopwatch::default());
        watch.advance(Duration::from_secs(5));
        let clock = SessionClock::new(t("2026-03-02T09:00:00.000400Z"), true, watch.clone());
        watch.advance(Duration::from_mins(1));
        assert_eq!(clock.at(0), t("2026-03-02T09:00:00Z"));
        assert_eq!(clock.at(3), t("2026-03-02T09:00:00.003Z"));
        assert_eq!(clock.elapsed(), Duration::from_mins(1));
    }

    #[test]
    fn a_live_clock_follows_the_stopwatch_in_whole_milliseconds() {
        let watch = Arc::new(ManualStopwatch::default());
        let clock = SessionClock::new(t("2026-03-02T09:00:00Z"), false, watch.clone());
        watch.advance(Duration::from_micros(2_500_700));
        assert_eq!(clock.at(7), t("2026-03-02T09:00:02.500Z"));
    }
}
