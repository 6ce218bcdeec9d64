//! Whole-day arithmetic for FSRS: which learner day a moment belongs to,
//! and when a day starts.
//!
//! FSRS counts elapsed time in whole days, and a "day" is the learner's day,
//! not UTC's: it is read in the learner's time zone and starts at a rollover
//! hour (04:00 by default, as in Anki), so a late-night session still counts
//! as the evening's day. The zone is a profile setting, never the machine's
//! at the moment of reading, so the same log always falls into the same days.
//! An IANA zone follows daylight saving: a day starts at 04:00 on the wall
//! clock all year, and the day a clock change happens on is an hour shorter
//! or longer. A fixed UTC offset never changes. Finding the machine's zone
//! is the caller's job; this module only does the arithmetic.

use super::ScheduleError;
use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;
use std::fmt;
use std::str::FromStr;

/// A learner's time zone: a named IANA zone (daylight saving included) or
/// a fixed offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Named(Tz),
    Fixed(FixedOffset),
}

impl Zone {
    pub const UTC: Zone = Zone::Named(Tz::UTC);

    /// The wall-clock time in this zone at `at`.
    pub fn local(self, at: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => at.with_timezone(&tz).naive_local(),
            Zone::Fixed(offset) => at.with_timezone(&offset).naive_local(),
        }
    }

    /// The moment the wall clock of this zone reads `local`. When it reads
    /// it twice (clocks set back) the first; when never (clocks set
    /// forward over it) the moment of the jump plus as long as `local` lies
    /// past the jump's start, which is what the clock showed before it.
    pub fn instant(self, local: NaiveDateTime) -> DateTime<Utc> {
        let tz = match self {
            Zone::Named(tz) => tz,
            Zone::Fixed(offset) => return (local - offset).and_utc(),
        };
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => {
                // Transitions are months apart: a day earlier the offset is
                // the one in force before this jump.
                let day_before = (local - Duration::days(1)).and_utc();
                let before = tz.offset_from_utc_datetime(&day_before.naive_utc()).fix();
                (local - before).and_utc()
            }
        }
    }
}

impl From<FixedOffset> for Zone {
    fn from(offset: FixedOffset) -> Self {
        Zone::Fixed(offset)
    }
}

impl From<Tz> for Zone {
    fn from(tz: Tz) -> Self {
        Zone::Named(tz)
    }
}

impl fmt::Display for Zone {
    /// The IANA name (`America/Los_Angeles`) or the offset (`+05:30`):
    /// what [`Zone::from_str`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

impl FromStr for Zone {
    type Err = ScheduleError;

    /// An IANA zone name in any letter case (`Europe/Berlin`, `utc`), or a
    /// UTC offset: `+05:30`, `-07:00`, `+0530`, `-7`, optionally after
    /// `UTC` or `GMT` (`UTC+2`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if let Some(tz) = zone_named(trimmed) {
            return Ok(Zone::Named(tz));
        }
        parse_offset(trimmed)
            .map(Zone::Fixed)
            .ok_or_else(|| ScheduleError::UnknownZone {
                text: text.to_string(),
            })
    }
}

/// `±H`, `±HH`, `±HHMM` or `±HH:MM`, after an optional `UTC`/`GMT`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let upper = text.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    // The offsets in use run from -12:00 to +14:00.
    if hours > 14 || minutes > 59 || (hours == 14 && minutes > 0) {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// Reads the `TZ` environment variable's value as POSIX and C libraries do
/// for the common forms: empty means UTC, a leading `:` is dropped, and a
/// path into a zoneinfo folder names the zone after it. `None` for what is
/// not a zone name (a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`).
pub fn zone_from_tz_variable(value: &str) -> Option<Zone> {
    let value = value.strip_prefix(':').unwrap_or(value).trim();
    if value.is_empty() {
        return Some(Zone::UTC);
    }
    let name = value
        .rsplit_once("zoneinfo/")
        .map_or(value, |(_, name)| name);
    zone_named(name).map(Zone::Named)
}

/// Every IANA zone name, for completing `config set time-zone`.
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

/// The IANA zone called `name`, in any letter case.
fn zone_named(name: &str) -> Option<Tz> {
    name.parse().ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .copied()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
    })
}

/// The learner's calendar: a time zone and the hour at which a new day
/// starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    zone: Zone,
    rollover_hour: u32,
}

impl DayClock {
    /// Anki's default: a new day starts at 04:00 local time.
    pub const DEFAULT_ROLLOVER_HOUR: u32 = 4;

    /// A clock for `zone` whose days start at `rollover_hour` (0–23).
    pub fn new(zone: impl Into<Zone>, rollover_hour: u32) -> Result<Self, ScheduleError> {
        if rollover_hour > 23 {
            return Err(ScheduleError::RolloverHour {
                hour: rollover_hour,
            });
        }
        Ok(Self {
            zone: zone.into(),
            rollover_hour,
        })
    }

    /// A clock for a fixed `offset` with the default 04:00 rollover.
    pub fn with_offset(offset: FixedOffset) -> Self {
        Self {
            zone: Zone::Fixed(offset),
            rollover_hour: Self::DEFAULT_ROLLOVER_HOUR,
        }
    }

    pub fn zone(&self) -> Zone {
        self.zone
    }

    pub fn rollover_hour(&self) -> u32 {
        self.rollover_hour
    }

    /// The learner's day that `at` falls in: a moment before the rollover
    /// hour belongs to the previous calendar date.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        (self.zone.local(at) - Duration::hours(i64::from(self.rollover_hour))).date()
    }

    /// The moment learner day `day` starts: its rollover hour on the wall
    /// clock (or, on a day whose clocks jump over that hour, the first
    /// moment after the jump).
    pub fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        let rollover = NaiveTime::from_hms_opt(self.rollover_hour, 0, 0).unwrap_or(NaiveTime::MIN);
        self.zone.instant(day.and_time(rollover))
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
        Self {
            zone: Zone::UTC,
            rollover_hour: Self::DEFAULT_ROLLOVER_HOUR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn clock(offset_hours: i32, rollover: u32) -> DayClock {
        DayClock::new(
            FixedOffset::east_opt(offset_hours * 3600).unwrap(),
            rollover,
        )
        .unwrap()
    }

    fn named(zone: &str, rollover: u32) -> DayClock {
        DayClock::new(zone.parse::<Zone>().unwrap(), rollover).unwrap()
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
    fn a_named_zone_starts_days_at_the_wall_clock_rollover_all_year() {
        let la = named("America/Los_Angeles", 4);
        // Winter: UTC-8, so 04:00 local is 12:00 UTC; summer: UTC-7, 11:00.
        assert_eq!(
            la.day_start(date("2024-01-15")),
            utc("2024-01-15T12:00:00Z")
        );
        assert_eq!(
            la.day_start(date("2024-07-15")),
            utc("2024-07-15T11:00:00Z")
        );
        assert_eq!(la.day_of(utc("2024-01-15T11:59:59Z")), date("2024-01-14"));
        assert_eq!(la.day_of(utc("2024-01-15T12:00:00Z")), date("2024-01-15"));
        // 2024-03-10: clocks jump from 02:00 to 03:00, inside the learner
        // day of the 9th, which lasts 23 hours.
        assert_eq!(
            la.day_start(date("2024-03-09")),
            utc("2024-03-09T12:00:00Z")
        );
        assert_eq!(
            la.day_start(date("2024-03-10")),
            utc("2024-03-10T11:00:00Z")
        );
        // 2024-11-03: back from 02:00 to 01:00; the learner day of the 2nd
        // lasts 25 hours.
        assert_eq!(
            la.day_start(date("2024-11-02")),
            utc("2024-11-02T11:00:00Z")
        );
        assert_eq!(
            la.day_start(date("2024-11-03")),
            utc("2024-11-03T12:00:00Z")
        );
        // A fixed offset keeps summer time all year: an hour off in winter.
        let fixed = clock(-7, 4);
        assert_eq!(
            fixed.day_start(date("2024-01-15")),
            utc("2024-01-15T11:00:00Z")
        );
    }

    #[test]
    fn a_day_whose_rollover_is_skipped_starts_after_the_jump() {
        // Cuba moves its clocks from 00:00 to 01:00 (2024-03-10); with a
        // midnight rollover that day starts at 01:00 CDT, the jump itself.
        let havana = named("America/Havana", 0);
        let start = havana.day_start(date("2024-03-10"));
        assert_eq!(start, utc("2024-03-10T05:00:00Z"));
        assert_eq!(havana.day_of(start), date("2024-03-10"));
        assert_eq!(
            havana.day_of(start - Duration::seconds(1)),
            date("2024-03-09")
        );
        // An hour read twice (clocks set back) starts the day the first time.
        let ambiguous = named("America/Havana", 0).day_start(date("2024-11-03"));
        assert_eq!(havana.day_of(ambiguous), date("2024-11-03"));
    }

    #[test]
    fn each_day_starts_where_day_of_says_it_does() {
        for zone in [
            "UTC",
            "America/Los_Angeles",
            "Europe/Berlin",
            "Australia/Lord_Howe",
            "+05:30",
        ] {
            for rollover in [0, 2, 4, 23] {
                let clock = named(zone, rollover);
                let mut day = date("2024-01-01");
                while day < date("2025-01-01") {
                    let start = clock.day_start(day);
                    assert_eq!(clock.day_of(start), day, "{zone} {rollover} {day}");
                    assert_eq!(
                        clock.day_of(start - Duration::seconds(1)),
                        day.pred_opt().unwrap(),
                        "{zone} {rollover} {day}"
                    );
                    day = day.succ_opt().unwrap();
                }
            }
        }
    }

    #[test]
    fn zones_parse_from_names_and_offsets_and_print_back() {
        for (text, printed) in [
            ("America/Los_Angeles", "America/Los_Angeles"),
            ("america/los_angeles", "America/Los_Angeles"),
            (" Europe/Berlin ", "Europe/Berlin"),
            ("UTC", "UTC"),
            ("+05:30", "+05:30"),
            ("-07:00", "-07:00"),
            ("+0530", "+05:30"),
            ("-7", "-07:00"),
            ("UTC+2", "+02:00"),
            ("gmt-03:30", "-03:30"),
            ("+14:00", "+14:00"),
        ] {
            let zone: Zone = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(zone.to_string(), printed, "{text}");
            assert_eq!(printed.parse::<Zone>().unwrap(), zone, "{text} round trip");
        }
        for bad in [
            "",
            "Mars/Olympus",
            "+25:00",
            "+14:30",
            "+5:75",
            "5",
            "+",
            "UTC+",
            "+1:2:3",
            "+123",
        ] {
            assert!(
                matches!(bad.parse::<Zone>(), Err(ScheduleError::UnknownZone { .. })),
                "{bad:?} parsed"
            );
        }
    }

    #[test]
    fn the_tz_variable_reads_like_the_c_library() {
        for (value, expected) in [
            ("", Some("UTC")),
            ("UTC", Some("UTC")),
            (":America/New_York", Some("America/New_York")),
            ("/usr/share/zoneinfo/Europe/Berlin", Some("Europe/Berlin")),
            (":/usr/share/zoneinfo/Asia/Tokyo", Some("Asia/Tokyo")),
            ("CET-1CEST,M3.5.0,M10.5.0/3", None),
            ("Nowhere/Special", None),
        ] {
            let got = zone_from_tz_variable(value).map(|z| z.to_string());
            assert_eq!(got.as_deref(), expected, "TZ={value:?}");
        }
    }

    #[test]
    fn rejects_a_rollover_outside_the_day() {
        assert!(DayClock::new(Zone::UTC, 23).is_ok());
        assert!(matches!(
            DayClock::new(Zone::UTC, 24),
            Err(ScheduleError::RolloverHour { hour: 24 })
        ));
    }
}
