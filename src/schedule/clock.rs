//! Whole-day arithmetic for FSRS: which calendar day a moment belongs to.
//!
//! FSRS counts elapsed time in whole days, and a "day" is the learner's day,
//! not UTC's: it is read in a fixed UTC offset and starts at a rollover hour
//! (04:00 local by default, as in Anki), so a late-night session still counts
//! as the evening's day. Reading the system time zone is the caller's job
//! (`chrono::Local`); this type only does the arithmetic. A fixed offset does
//! not follow daylight-saving changes: a day boundary can move by an hour
//! between summer and winter, which is harmless at whole-day resolution.

use super::ScheduleError;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, Utc};

/// The learner's calendar: a UTC offset and the hour at which a new day starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    offset: FixedOffset,
    rollover_hour: u32,
}

impl DayClock {
    /// Anki's default: a new day starts at 04:00 local time.
    pub const DEFAULT_ROLLOVER_HOUR: u32 = 4;

    /// A clock for `offset` whose days start at `rollover_hour` (0–23).
    pub fn new(offset: FixedOffset, rollover_hour: u32) -> Result<Self, ScheduleError> {
        if rollover_hour > 23 {
            return Err(ScheduleError::RolloverHour {
                hour: rollover_hour,
            });
        }
        Ok(Self {
            offset,
            rollover_hour,
        })
    }

    /// A clock for `offset` with the default 04:00 rollover.
    pub fn with_offset(offset: FixedOffset) -> Self {
        Self {
            offset,
            rollover_hour: Self::DEFAULT_ROLLOVER_HOUR,
        }
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    pub fn rollover_hour(&self) -> u32 {
        self.rollover_hour
    }

    /// The learner's day that `at` falls in: a moment before the rollover
    /// hour belongs to the previous calendar date.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        let local = at.with_timezone(&self.offset).naive_local();
        (local - Duration::hours(i64::from(self.rollover_hour))).date()
    }

    /// Whole learner days from `earlier` to `later`: 0 within one day, and 0
    /// when `later` is not after `earlier` (a clock set back never yields a
    /// negative gap).
    pub fn days_between(&self, earlier: DateTime<Utc>, later: DateTime<Utc>) -> u32 {
        let days = (self.day_of(later) - self.day_of(earlier)).num_days();
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }
}

impl Default for DayClock {
    /// UTC with the 04:00 rollover: deterministic, for tests and scripts.
    fn default() -> Self {
        Self::with_offset(Utc.fix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn clock(offset_hours: i32, rollover: u32) -> DayClock {
        DayClock::new(
            FixedOffset::east_opt(offset_hours * 3600).unwrap(),
            rollover,
        )
        .unwrap()
    }

    /// (offset hours, rollover, moment, expected learner day)
    fn check_day(cases: &[(i32, u32, &str, &str)]) {
        for &(offset, rollover, at, expected) in cases {
            let got = clock(offset, rollover).day_of(utc(at));
            assert_eq!(
                got.to_string(),
                expected,
                "day_of({at}) at UTC{offset:+} rollover {rollover}"
            );
        }
    }

    /// (offset hours, rollover, earlier, later, expected days)
    fn check_between(cases: &[(i32, u32, &str, &str, u32)]) {
        for &(offset, rollover, a, b, expected) in cases {
            let got = clock(offset, rollover).days_between(utc(a), utc(b));
            assert_eq!(
                got, expected,
                "days_between({a}, {b}) at UTC{offset:+} rollover {rollover}"
            );
        }
    }

    #[test]
    fn day_of_rolls_over_at_the_rollover_hour() {
        check_day(&[
            (0, 4, "2024-05-02T03:59:59Z", "2024-05-01"),
            (0, 4, "2024-05-02T04:00:00Z", "2024-05-02"),
            (0, 0, "2024-05-02T00:00:00Z", "2024-05-02"),
            (0, 0, "2024-05-01T23:59:59Z", "2024-05-01"),
            // UTC-7: 10:30 UTC is 03:30 local, before the rollover.
            (-7, 4, "2024-05-02T10:30:00Z", "2024-05-01"),
            (-7, 4, "2024-05-02T11:00:00Z", "2024-05-02"),
            // UTC+8: 19:59 UTC on the 1st is 03:59 local on the 2nd.
            (8, 4, "2024-05-01T19:59:00Z", "2024-05-01"),
            (8, 4, "2024-05-01T20:00:00Z", "2024-05-02"),
        ]);
    }

    #[test]
    fn days_between_counts_learner_days() {
        check_between(&[
            // Same evening and the small hours after it are one day.
            (0, 4, "2024-05-01T20:00:00Z", "2024-05-02T03:00:00Z", 0),
            (0, 4, "2024-05-01T20:00:00Z", "2024-05-02T04:00:00Z", 1),
            // Two minutes apart across the rollover: a new day.
            (0, 4, "2024-05-02T03:59:00Z", "2024-05-02T04:01:00Z", 1),
            // Midnight rollover counts plain calendar days.
            (0, 0, "2024-05-01T23:59:00Z", "2024-05-02T00:01:00Z", 1),
            // The same pair of moments differs by offset.
            (-7, 4, "2024-05-01T20:00:00Z", "2024-05-02T08:00:00Z", 0),
            (9, 4, "2024-05-01T18:00:00Z", "2024-05-02T08:00:00Z", 1),
            (0, 4, "2024-01-01T12:00:00Z", "2024-12-31T12:00:00Z", 365),
            // Backwards in time is never negative.
            (0, 4, "2024-05-03T12:00:00Z", "2024-05-01T12:00:00Z", 0),
        ]);
    }

    #[test]
    fn rejects_a_rollover_outside_the_day() {
        let utc = FixedOffset::east_opt(0).unwrap();
        assert!(DayClock::new(utc, 23).is_ok());
        assert!(matches!(
            DayClock::new(utc, 24),
            Err(ScheduleError::RolloverHour { hour: 24 })
        ));
    }
}
