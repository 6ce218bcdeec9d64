//! A card's schedule in Anki's terms: the scheduling columns of its row in
//! the `cards` table and its rows in the review log (`revlog`), as current
//! Anki reads them (rslib's `storage/card` and `revlog`).
//!
//! Anki counts a review card's due date in days since the day its
//! collection was created ([`CreationDay`]); a card in (re)learning is due
//! at a moment (seconds since the epoch). On import Anki shifts day numbers
//! by the difference between the two collections' day counts, so a card due
//! on a date stays due on that date. The FSRS memory state lives in the
//! card's `data` JSON (`s`, `d`, with `dr`, `decay` and the last review
//! time `lrt`), rounded as Anki rounds it.

use crate::grade::Grade;
use crate::history::Review;
use crate::schedule::{CardState, DayClock, RELEARN_STEP, Scheduler};
use chrono::{DateTime, NaiveDate, Utc};

/// Anki's card types (`cards.type`).
pub mod card_type {
    pub const NEW: i64 = 0;
    pub const LEARN: i64 = 1;
    pub const REVIEW: i64 = 2;
    pub const RELEARN: i64 = 3;
}

/// Anki's queues (`cards.queue`).
pub mod queue {
    pub const NEW: i64 = 0;
    /// Due at a moment, in seconds since the epoch.
    pub const LEARN: i64 = 1;
    pub const REVIEW: i64 = 2;
}

/// Anki's kinds of review (`revlog.type`).
pub mod review_kind {
    pub const LEARNING: i64 = 0;
    pub const REVIEW: i64 = 1;
    pub const RELEARNING: i64 = 2;
}

/// The ease factor (permille) Anki gives a card when it graduates; FSRS
/// ignores it, but SM-2 (Anki with FSRS off) schedules with it.
pub const STARTING_EASE: i64 = 2500;

/// The day an exported collection was created: day numbers count from it.
/// Anki reads the date of `crt` in the UTC offset `creationOffset`, so the
/// collection is stamped with this day's rollover in the learner's offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreationDay {
    clock: DayClock,
    day: NaiveDate,
}

impl CreationDay {
    /// The learner's day of `at` under `clock`.
    pub fn of(clock: DayClock, at: DateTime<Utc>) -> CreationDay {
        CreationDay {
            clock,
            day: clock.day_of(at),
        }
    }

    /// The collection's `crt`: the rollover that starts this day, in
    /// seconds since the epoch.
    pub fn crt(&self) -> i64 {
        self.clock.day_start(self.day).timestamp()
    }

    /// Anki's `creationOffset`: the learner's UTC offset when this day
    /// started, in minutes west of UTC.
    pub fn minutes_west(&self) -> i32 {
        let start = self.clock.day_start(self.day);
        let east = self.clock.zone().local(start) - start.naive_utc();
        i32::try_from(-east.num_minutes()).unwrap_or(0)
    }

    pub fn rollover_hour(&self) -> u32 {
        self.clock.rollover_hour()
    }

    /// The day number of the learner's day `at` falls in.
    pub fn number(&self, at: DateTime<Utc>) -> i64 {
        (self.clock.day_of(at) - self.day).num_days()
    }
}

/// The scheduling columns of a card's row.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    pub card_type: i64,
    pub queue: i64,
    pub due: i64,
    /// Days (review and relearning cards), else 0.
    pub interval: i64,
    pub factor: i64,
    pub reps: i64,
    pub lapses: i64,
    /// Learning steps left (`left`).
    pub left: i64,
    /// The `data` JSON: the FSRS memory state, or `{}`.
    pub data: String,
}

/// One row of the review log.
#[derive(Debug, Clone, PartialEq)]
pub struct RevlogRow {
    /// When the card was answered, in milliseconds since the epoch (also
    /// the row's id).
    pub at_ms: i64,
    /// The button: 1 Again … 4 Easy.
    pub ease: i64,
    /// The interval the answer gave: days when positive, seconds when
    /// negative (a learning step).
    pub interval: i64,
    pub last_interval: i64,
    pub factor: i64,
    pub taken_ms: i64,
    pub kind: i64,
}

/// A card never reviewed: new, introduced in `position` order.
pub fn new_card(position: i64) -> CardRow {
    CardRow {
        card_type: card_type::NEW,
        queue: queue::NEW,
        due: position,
        interval: 0,
        factor: 0,
        reps: 0,
        lapses: 0,
        left: 0,
        data: "{}".into(),
    }
}

/// A reviewed card: its row, from `state` (the profile's replay), and its
/// review log, from `reviews` (its standing reviews, in log order).
pub fn reviewed(
    reviews: &[&Review],
    state: &CardState,
    scheduler: &Scheduler,
    day0: &CreationDay,
) -> (CardRow, Vec<RevlogRow>) {
    let (log, phase) = review_log(reviews, scheduler);
    let data = memory_json(state, scheduler);
    let (reps, lapses) = (i64::from(state.reps), i64::from(state.lapses));
    let row = if state.is_learning() {
        // A lapse keeps a day's interval (Anki's minimum) for SM-2; a card
        // that never passed has none.
        let (card_type, interval, factor) = if phase.graduated {
            (card_type::RELEARN, 1, STARTING_EASE)
        } else {
            (card_type::LEARN, 0, 0)
        };
        CardRow {
            card_type,
            queue: queue::LEARN,
            due: state.due.timestamp(),
            interval,
            factor,
            reps,
            lapses,
            // rolecall has one relearning step: the card is on its last.
            left: 1,
            data,
        }
    } else {
        CardRow {
            card_type: card_type::REVIEW,
            queue: queue::REVIEW,
            due: day0.number(state.due),
            interval: i64::from(state.scheduled_days),
            factor: STARTING_EASE,
            reps,
            lapses,
            left: 0,
            data,
        }
    };
    (row, log)
}

/// Where a card's replay left it.
#[derive(Debug, Clone, Copy, Default)]
struct Phase {
    /// Some review passed (the card left learning).
    graduated: bool,
    /// The latest review was Again: the card is (re)learning.
    last_again: bool,
}

/// The review log of one card: each review with the interval it gave (whole
/// days, or minus the seconds of the relearning step), as the scheduler
/// replays it: by time, reviews at one moment in log order.
fn review_log(reviews: &[&Review], scheduler: &Scheduler) -> (Vec<RevlogRow>, Phase) {
    let mut by_time: Vec<&Review> = reviews.to_vec();
    // Stable: reviews at one moment keep their log order.
    by_time.sort_by_key(|r| r.at);
    let mut state: Option<CardState> = None;
    let mut phase = Phase::default();
    let mut last_interval = 0;
    let mut log = Vec::with_capacity(by_time.len());
    for review in by_time {
        let kind = match state {
            None => review_kind::LEARNING,
            Some(_) if phase.last_again && !phase.graduated => review_kind::LEARNING,
            Some(_) if phase.last_again => review_kind::RELEARNING,
            Some(_) => review_kind::REVIEW,
        };
        let next = scheduler.review(state.as_ref(), review.grade, review.at);
        let interval = if next.is_learning() {
            -RELEARN_STEP.num_seconds()
        } else {
            i64::from(next.scheduled_days)
        };
        log.push(RevlogRow {
            at_ms: review.at.timestamp_millis(),
            ease: i64::from(review.grade.number()),
            interval,
            last_interval,
            factor: if phase.graduated { STARTING_EASE } else { 0 },
            taken_ms: i64::try_from(review.duration_ms).unwrap_or(i64::MAX),
            kind,
        });
        phase.graduated |= review.grade.is_pass();
        phase.last_again = review.grade == Grade::Again;
        last_interval = interval;
        state = Some(next);
    }
    (log, phase)
}

/// The `data` JSON of a reviewed card: stability (4 decimals), difficulty
/// (3), desired retention (2) and decay (3), rounded as Anki stores them,
/// and the last review in seconds since the epoch.
fn memory_json(state: &CardState, scheduler: &Scheduler) -> String {
    let round = |value: f32, places: i32| {
        let factor = 10_f32.powi(places);
        (value * factor).round() / factor
    };
    serde_json::json!({
        "s": json_f32(round(state.stability, 4)),
        "d": json_f32(round(state.difficulty, 3)),
        "dr": json_f32(round(scheduler.desired_retention(), 2)),
        "decay": json_f32(round(scheduler.decay(), 3)),
        "lrt": state.last_review.timestamp(),
    })
    .to_string()
}

/// An `f32` as JSON in its shortest form, as Anki writes its `f32`s
/// (`0.9`, where widening to `f64` first would give `0.8999999761581421`).
pub fn json_f32(value: f32) -> serde_json::Value {
    value
        .to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(serde_json::Value::Null, serde_json::Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::test_review;
    use chrono::FixedOffset;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn scheduler(offset_hours: i32) -> Scheduler {
        let offset = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        Scheduler::new(None, 0.9, DayClock::with_offset(offset)).unwrap()
    }

    /// Anki reads the date of `crt` in `creationOffset`: that date must be
    /// the learner's day, also east of UTC, where the rollover falls on the
    /// previous UTC date.
    #[test]
    fn the_creation_stamp_is_the_rollover_that_starts_the_day() {
        let tokyo = *scheduler(9).clock();
        let day0 = CreationDay::of(tokyo, utc("2026-03-02T00:30:00Z"));
        // 09:30 in Tokyo on 2 March: that day began at 04:00 local, 19:00 UTC.
        assert_eq!(day0.crt(), utc("2026-03-01T19:00:00Z").timestamp());
        assert_eq!(day0.minutes_west(), -540);
        assert_eq!(day0.number(utc("2026-03-02T18:59:59Z")), 0);
        assert_eq!(day0.number(utc("2026-03-02T19:00:00Z")), 1);
        let new_york = *scheduler(-5).clock();
        let day0 = CreationDay::of(new_york, utc("2026-03-02T08:00:00Z"));
        // 03:00 in New York: still 1 March's day, which began at 09:00 UTC.
        assert_eq!(day0.crt(), utc("2026-03-01T09:00:00Z").timestamp());
        assert_eq!(day0.minutes_west(), 300);
        // A named zone: the offset of the day the collection starts.
        let berlin =
            DayClock::new(crate::schedule::Zone::Named(chrono_tz::Europe::Berlin), 4).unwrap();
        let summer = CreationDay::of(berlin, utc("2026-07-01T12:00:00Z"));
        assert_eq!(summer.crt(), utc("2026-07-01T02:00:00Z").timestamp());
        assert_eq!(summer.minutes_west(), -120);
        let winter = CreationDay::of(berlin, utc("2026-01-01T12:00:00Z"));
        assert_eq!(winter.minutes_west(), -60);
    }

    #[test]
    fn a_review_card_is_due_on_its_day_number_with_its_interval() {
        let scheduler = scheduler(0);
        let day0 = CreationDay::of(*scheduler.clock(), utc("2026-03-01T09:00:00Z"));
        let reviews = [
            test_review("c", "2026-03-01T09:00:00Z", Grade::Good),
            test_review("c", "2026-03-05T10:00:00Z", Grade::Good),
        ];
        let refs: Vec<&Review> = reviews.iter().collect();
        let history: Vec<(DateTime<Utc>, Grade)> =
            reviews.iter().map(|r| (r.at, r.grade)).collect();
        let state = scheduler.replay(&history).unwrap();
        let (row, log) = reviewed(&refs, &state, &scheduler, &day0);
        assert_eq!(
            (row.card_type, row.queue),
            (card_type::REVIEW, queue::REVIEW)
        );
        assert_eq!(row.due, day0.number(state.due));
        assert_eq!(
            row.interval,
            (scheduler.clock().day_of(state.due) - scheduler.clock().day_of(state.last_review))
                .num_days()
        );
        assert_eq!((row.reps, row.lapses, row.left), (2, 0, 0));
        let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
        assert!((data["s"].as_f64().unwrap() - f64::from(state.stability)).abs() < 1e-4);
        assert!((data["d"].as_f64().unwrap() - f64::from(state.difficulty)).abs() < 1e-3);
        assert_eq!(data["dr"], 0.9);
        assert_eq!(data["lrt"], utc("2026-03-05T10:00:00Z").timestamp());
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].kind, review_kind::LEARNING);
        assert_eq!(log[1].kind, review_kind::REVIEW);
        assert_eq!(log[1].last_interval, log[0].interval);
        assert_eq!(log[1].interval, row.interval);
        assert_eq!(log[0].at_ms, utc("2026-03-01T09:00:00Z").timestamp_millis());
    }

    #[test]
    fn again_puts_a_card_in_learning_or_relearning_due_at_a_moment() {
        let scheduler = scheduler(0);
        let day0 = CreationDay::of(*scheduler.clock(), utc("2026-03-01T09:00:00Z"));
        let check = |grades: &[(&str, Grade)], expect_type: i64, expect_kinds: &[i64]| {
            let reviews: Vec<Review> = grades
                .iter()
                .map(|(at, g)| test_review("c", at, *g))
                .collect();
            let refs: Vec<&Review> = reviews.iter().collect();
            let history: Vec<(DateTime<Utc>, Grade)> =
                reviews.iter().map(|r| (r.at, r.grade)).collect();
            let state = scheduler.replay(&history).unwrap();
            let (row, log) = reviewed(&refs, &state, &scheduler, &day0);
            assert_eq!(row.card_type, expect_type, "{grades:?}");
            assert_eq!(row.queue, queue::LEARN);
            assert_eq!(row.due, state.due.timestamp());
            assert_eq!(row.left, 1);
            assert_eq!(log.last().unwrap().interval, -600, "a 10-minute step");
            let kinds: Vec<i64> = log.iter().map(|r| r.kind).collect();
            assert_eq!(kinds, expect_kinds);
        };
        check(
            &[("2026-03-01T09:00:00Z", Grade::Again)],
            card_type::LEARN,
            &[review_kind::LEARNING],
        );
        check(
            &[
                ("2026-03-01T09:00:00Z", Grade::Again),
                ("2026-03-01T09:20:00Z", Grade::Again),
            ],
            card_type::LEARN,
            &[review_kind::LEARNING, review_kind::LEARNING],
        );
        check(
            &[
                ("2026-03-01T09:00:00Z", Grade::Good),
                ("2026-03-04T09:00:00Z", Grade::Again),
            ],
            card_type::RELEARN,
            &[review_kind::LEARNING, review_kind::REVIEW],
        );
        check(
            &[
                ("2026-03-01T09:00:00Z", Grade::Good),
                ("2026-03-04T09:00:00Z", Grade::Again),
                ("2026-03-04T09:15:00Z", Grade::Again),
            ],
            card_type::RELEARN,
            &[
                review_kind::LEARNING,
                review_kind::REVIEW,
                review_kind::RELEARNING,
            ],
        );
    }

    #[test]
    fn floats_are_written_as_anki_writes_them() {
        assert_eq!(json_f32(0.9).to_string(), "0.9");
        assert_eq!(json_f32(123.4568).to_string(), "123.4568");
        assert_eq!(json_f32(f32::NAN), serde_json::Value::Null);
    }

    #[test]
    fn a_new_card_keeps_its_position() {
        let row = new_card(7);
        assert_eq!((row.card_type, row.queue, row.due), (0, 0, 7));
        assert_eq!(row.data, "{}");
    }
}
