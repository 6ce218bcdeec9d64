//! The on-disk shapes of everything the store writes: review log entries,
//! the snapshot of card states, per-profile settings, the resumable session
//! and the data-dir config.
//!
//! These are storage types, deliberately separate from the domain types:
//! callers convert by hand, so the domain can change without silently
//! changing the files. Every struct ignores unknown fields, so a file written
//! by a later version (which may add fields) still reads. Whole-file formats
//! carry a `version`; log lines do not (a million of them would each repeat
//! it): a later incompatible record gets a new `type` tag instead.

use crate::grade::Grade;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Version of the snapshot this build writes (3: `snapshot.bin`, binary;
/// see `store::snapshot`).
pub const SNAPSHOT_VERSION: u32 = 3;
/// The JSON snapshot (`snapshot.json`) this build still reads when there is
/// no binary one (2: the log's checksum is recorded; a version-1 snapshot is
/// rebuilt once).
pub const JSON_SNAPSHOT_VERSION: u32 = 2;
/// Version of `session.json` this build reads and writes (1 kept the
/// remaining cards and was rewritten after every answer).
pub const SESSION_VERSION: u32 = 2;

/// One line of `log.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LogEntry {
    Review(ReviewRecord),
    Undo(UndoRecord),
}

/// One answered card. Times are stored as RFC 3339 at millisecond precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub card: String,
    #[serde(with = "ms_time")]
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// The scorer's covered share (0–1), when the answer was typed and scored.
    pub score: Option<f32>,
    pub duration_ms: u64,
    /// How the card was asked ("typed", "choice", "self", "mock", ...).
    pub mode: String,
    pub session: Option<String>,
    /// For choice and ordering cards: the order the options were shown in
    /// (the card's option indexes by position). Absent in older logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<Vec<u16>>,
    /// Key points the learner corrected before grading, 1-based: `n` "I
    /// said point n" (scored missed), `-n` "I did not" (scored covered).
    /// Absent when nothing was corrected, and in older logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<Vec<i16>>,
    /// A mock answer's rubric: decisions, evidence, conflict, leverage, 0–3
    /// each. Absent from other reviews (and from logs before it existed).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "rubric_scores"
    )]
    pub rubric: Option<[u8; 4]>,
    /// The client's idempotency key (`answer --id KEY`): a second `answer`
    /// with the same key finds this review instead of recording another.
    /// Absent from reviews made without one, and from older logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The highest score of one rubric lens.
const LENS_MAX: u8 = 3;

/// Reads a rubric, refusing a score above [`LENS_MAX`]: a hand-edited log
/// with one is damaged, not a better answer.
fn rubric_scores<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<[u8; 4]>, D::Error> {
    let scores = Option::<[u8; 4]>::deserialize(d)?;
    if let Some(bad) = scores.iter().flatten().find(|&&s| s > LENS_MAX) {
        return Err(serde::de::Error::custom(format!(
            "rubric score {bad} is not 0-{LENS_MAX}"
        )));
    }
    Ok(scores)
}

/// Cancels the review of `card` made at `review_at` (compared at the stored
/// millisecond precision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoRecord {
    #[serde(with = "ms_time")]
    pub at: DateTime<Utc>,
    pub card: String,
    #[serde(with = "ms_time")]
    pub review_at: DateTime<Utc>,
}

/// Years a stored time may fall in; anything else is damage (year 0 and
/// 9999 are what a flipped digit or a hand edit give).
const YEARS: std::ops::Range<i32> = 1970..2200;

/// The longest answer time a review may record (a session left open for
/// days is stored as this).
pub const MAX_DURATION: Duration = Duration::from_hours(366 * 24);

impl LogEntry {
    /// What makes this entry impossible for rolecall to have written (a
    /// time outside 1970–2199, a score outside 0–1, an answer time over a
    /// year), worded for the user; `None` for a plausible entry.
    pub(crate) fn implausible(&self) -> Option<String> {
        match self {
            LogEntry::Review(r) => implausible_time("at", &r.at)
                .or_else(|| {
                    r.score
                        .filter(|s| !(0.0..=1.0).contains(s))
                        .map(|s| format!("score {s} is outside 0 to 1"))
                })
                .or_else(|| {
                    (u128::from(r.duration_ms) > MAX_DURATION.as_millis())
                        .then(|| format!("duration_ms {} is longer than a year", r.duration_ms))
                }),
            LogEntry::Undo(u) => implausible_time("at", &u.at)
                .or_else(|| implausible_time("review_at", &u.review_at)),
        }
    }
}

fn implausible_time(field: &str, t: &DateTime<Utc>) -> Option<String> {
    (!YEARS.contains(&t.year())).then(|| {
        format!(
            "{field} {} is not a time rolecall could have written (years {} to {})",
            t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            YEARS.start,
            YEARS.end - 1
        )
    })
}

/// The snapshot: card states as of the first `log_offset` bytes of the log
/// (`log_entries` entries), whose CRC-32 is `log_crc32`. A cache: when in
/// doubt (another version, a log whose prefix no longer has that checksum,
/// an implausible state) it is rebuilt from the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotFile {
    pub version: u32,
    pub log_offset: u64,
    pub log_entries: u64,
    /// CRC-32 of the log's first `log_offset` bytes: a writer that finds
    /// another one does not trust the snapshot, so it reads the whole log
    /// and stops at damage there instead of appending after it.
    pub log_crc32: u32,
    /// The scheduling settings the states were computed with (see
    /// `Scheduler::fingerprint`); a snapshot made under others is rebuilt.
    #[serde(default)]
    pub schedule: String,
    pub cards: Vec<CardStateRecord>,
}

/// The memory state of one card (FSRS stability and difficulty) and its
/// schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardStateRecord {
    pub card: String,
    pub stability: f32,
    pub difficulty: f32,
    #[serde(with = "ms_time")]
    pub due: DateTime<Utc>,
    #[serde(with = "ms_time")]
    pub last_review: DateTime<Utc>,
    pub reps: u32,
    pub lapses: u32,
    /// Whole days the last answer scheduled (0: a short relearning step).
    pub scheduled_days: u32,
    /// When the card was first reviewed (for the daily new-card allowance);
    /// absent in snapshots written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_review: Option<DateTime<Utc>>,
}

impl SnapshotFile {
    /// Whether every state is one rolecall could have computed: finite
    /// stability in (0, 100000] days, difficulty 1–10, times in range and
    /// in order, lapses no more than reviews.
    pub(crate) fn is_plausible(&self) -> bool {
        self.cards.iter().all(|c| {
            let times_ok = [Some(c.due), Some(c.last_review), c.first_review]
                .into_iter()
                .flatten()
                .all(|t| YEARS.contains(&t.year()));
            c.stability.is_finite()
                && c.stability > 0.0
                && c.stability <= 100_000.0
                && (1.0..=10.0).contains(&c.difficulty)
                && times_ok
                && c.last_review <= c.due
                && c.first_review.is_none_or(|f| f <= c.last_review)
                && c.reps >= 1
                && c.lapses <= c.reps
        })
    }
}

/// `settings.json` of one profile; an absent field means "use the default".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_retention: Option<f32>,
    /// FSRS parameters fitted by `rolecall optimize`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<f32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_per_day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interview_on: Option<NaiveDate>,
    /// Where learner days are counted: an IANA zone name or a UTC offset.
    /// Recorded from the machine when the profile is first written to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The local hour (0–23) at which a new learner day starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rollover_hour: Option<u32>,
    /// The filters `study` and `next` use when given none: deck ids, role
    /// ids and card kinds (empty or absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decks: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    /// Whether typed answers are read for meaning (absent: yes); `false`
    /// scores on words alone, like `--no-semantic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<bool>,
}

/// `<root>/config.json`: defaults for every profile of the data dir.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_retention: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_per_day: Option<u32>,
}

/// `session.json`: the study sessions of the day that can be resumed, one
/// per filter set. Written when a session is planned and when it ends, never
/// per answer: what is left is derived from the log after `log_offset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    pub version: u32,
    pub sessions: Vec<SessionRecord>,
}

/// One planned study session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    #[serde(with = "ms_time")]
    pub started: DateTime<Utc>,
    /// The study day it belongs to; another day starts afresh.
    pub day: NaiveDate,
    /// The filters the session was started with: a later `study` with the
    /// same filters resumes it, other filters keep their own.
    pub filters: String,
    /// The log's length when the session was planned: its reviews are the
    /// ones after it.
    pub log_offset: u64,
    /// Card ids in the order planned.
    pub planned: Vec<String>,
}

/// RFC 3339 with exactly three fractional digits and a `Z`, so that log lines
/// have one spelling per instant and sort as text. Reading accepts any
/// RFC 3339 offset.
pub(crate) mod ms_time {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        DateTime::<Utc>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review() -> LogEntry {
        LogEntry::Review(ReviewRecord {
            card: "sec/appsec/triage/duties".into(),
            at: "2025-03-01T09:15:30.123456789Z".parse().unwrap(),
            grade: Grade::Good,
            score: Some(0.75),
            duration_ms: 8123,
            mode: "typed".into(),
            session: Some("s1".into()),
            shown: None,
            rubric: None,
            id: None,
            corrected: None,
        })
    }

    #[test]
    fn review_line_shape_is_stable() {
        let line = serde_json::to_string(&review()).unwrap();
        assert_eq!(
            line,
            r#"{"type":"review","card":"sec/appsec/triage/duties","at":"2025-03-01T09:15:30.123Z","grade":"good","score":0.75,"duration_ms":8123,"mode":"typed","session":"s1"}"#
        );
    }

    #[test]
    fn the_order_shown_is_kept_and_older_lines_read_without_it() {
        let LogEntry::Review(mut r) = review() else {
            unreachable!()
        };
        r.shown = Some(vec![2, 0, 1]);
        r.at = "2025-03-01T09:15:30.123Z".parse().unwrap();
        let line = serde_json::to_string(&LogEntry::Review(r.clone())).unwrap();
        assert!(
            line.ends_with(r#","session":"s1","shown":[2,0,1]}"#),
            "{line}"
        );
        assert_eq!(
            serde_json::from_str::<LogEntry>(&line).unwrap(),
            LogEntry::Review(r)
        );
        let old = r#"{"type":"review","card":"c","at":"2025-03-01T09:00:00Z","grade":"good","score":null,"duration_ms":1,"mode":"choice","session":null}"#;
        let LogEntry::Review(r) = serde_json::from_str(old).unwrap() else {
            unreachable!()
        };
        assert_eq!(r.shown, None);
    }

    #[test]
    fn an_idempotency_key_is_stored_only_when_given() {
        let LogEntry::Review(mut r) = review() else {
            unreachable!()
        };
        r.id = Some("retry-1".into());
        let line = serde_json::to_string(&LogEntry::Review(r.clone())).unwrap();
        assert!(
            line.ends_with(r#","session":"s1","id":"retry-1"}"#),
            "{line}"
        );
        let back: LogEntry = serde_json::from_str(&line).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), line);
    }

    #[test]
    fn undo_line_shape_is_stable() {
        let undo = LogEntry::Undo(UndoRecord {
            at: "2025-03-01T09:16:00Z".parse().unwrap(),
            card: "c1".into(),
            review_at: "2025-03-01T09:15:30.123Z".parse().unwrap(),
        });
        let line = serde_json::to_string(&undo).unwrap();
        assert_eq!(
            line,
            r#"{"type":"undo","at":"2025-03-01T09:16:00.000Z","card":"c1","review_at":"2025-03-01T09:15:30.123Z"}"#
        );
        assert_eq!(serde_json::from_str::<LogEntry>(&line).unwrap(), undo);
    }

    #[test]
    fn a_mock_review_keeps_its_rubric_and_refuses_scores_over_three() {
        let LogEntry::Review(mut r) = review() else {
            unreachable!()
        };
        r.rubric = Some([2, 3, 0, 1]);
        r.at = "2025-03-01T09:15:30.123Z".parse().unwrap();
        let line = serde_json::to_string(&LogEntry::Review(r.clone())).unwrap();
        assert!(
            line.ends_with(r#""session":"s1","rubric":[2,3,0,1]}"#),
            "{line}"
        );
        assert_eq!(
            serde_json::from_str::<LogEntry>(&line).unwrap(),
            LogEntry::Review(r)
        );
        let bad = line.replace("[2,3,0,1]", "[2,3,0,9]");
        let err = serde_json::from_str::<LogEntry>(&bad).unwrap_err();
        assert!(
            err.to_string().contains("rubric score 9 is not 0-3"),
            "{err}"
        );
        assert!(serde_json::from_str::<LogEntry>(&line.replace("[2,3,0,1]", "[2,3]")).is_err());
    }

    #[test]
    fn unknown_fields_are_ignored_everywhere() {
        let line = r#"{"type":"review","card":"c","at":"2025-03-01T10:15:30.5+01:00","grade":"again","score":null,"duration_ms":1,"mode":"self","session":null,"answer":"later field","v":9}"#;
        let LogEntry::Review(r) = serde_json::from_str(line).unwrap() else {
            panic!("not a review");
        };
        assert_eq!(r.grade, Grade::Again);
        assert_eq!(
            r.at,
            "2025-03-01T09:15:30.500Z".parse::<DateTime<Utc>>().unwrap()
        );

        let s: Settings =
            serde_json::from_str(r#"{"new_per_day":5,"theme":"dark","interview_on":"2025-04-02"}"#)
                .unwrap();
        assert_eq!(s.new_per_day, Some(5));
        assert_eq!(s.interview_on, NaiveDate::from_ymd_opt(2025, 4, 2));
        let c: Config = serde_json::from_str(r#"{"desired_retention":0.85,"x":[1]}"#).unwrap();
        assert_eq!(c.desired_retention, Some(0.85));
        assert_eq!(c.new_per_day, None);
    }

    #[test]
    fn absent_settings_fields_are_omitted() {
        assert_eq!(serde_json::to_string(&Settings::default()).unwrap(), "{}");
    }
}
