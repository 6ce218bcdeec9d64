//! Scheduler vectors checked against the `fsrs` crate itself.

#![allow(
    clippy::float_cmp,
    reason = "exact on purpose: the crate's stabilities must pass through untouched"
)]

use super::*;
use chrono::FixedOffset;
use fsrs::{DEFAULT_PARAMETERS, FSRSItem, FSRSReview};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn scheduler(retention: f32) -> Scheduler {
    Scheduler::new(None, retention, DayClock::default()).unwrap()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 1e-4 * a.abs().max(b.abs()).max(1.0)
}

/// One expected outcome: grade, stability, difficulty, interval as shown.
type Expected = (Grade, f32, f32, &'static str);

fn check(sched: &Scheduler, state: Option<&CardState>, now: &str, expected: &[Expected; 4]) {
    let now = at(now);
    let outcomes = sched.preview(state, now);
    for (outcome, &(grade, stability, difficulty, interval)) in outcomes.iter().zip(expected) {
        assert_eq!(outcome.grade, grade);
        assert!(
            close(outcome.state.stability, stability),
            "{grade}: stability {} != {stability}",
            outcome.state.stability
        );
        assert!(
            close(outcome.state.difficulty, difficulty),
            "{grade}: difficulty {} != {difficulty}",
            outcome.state.difficulty
        );
        assert_eq!(format_interval(outcome.interval), interval, "{grade}");
        assert_eq!(outcome.state.interval(), outcome.interval, "{grade}");
        let clock = sched.clock();
        if grade == Grade::Again {
            assert_eq!(outcome.state.due, now + RELEARN_STEP);
        } else {
            let days = outcome.interval.num_days();
            assert_eq!(
                clock.day_of(outcome.state.due),
                clock.day_of(now) + Duration::days(days),
                "{grade}"
            );
            assert_eq!(
                clock.day_start(clock.day_of(outcome.state.due)),
                outcome.state.due,
                "{grade} is due from the start of its day"
            );
        }
        assert_eq!(outcome.state.last_review, now, "{grade}");
    }
}

#[test]
fn new_card_preview_matches_the_crate_defaults() {
    // The crate's own doc example for next_states(None, 0.9, 0).
    check(
        &scheduler(0.9),
        None,
        "2024-05-01T12:00:00Z",
        &[
            (Grade::Again, 0.212, 6.4133, "10m"),
            (Grade::Hard, 1.2931, 5.112_170_7, "1d"),
            (Grade::Good, 2.3065, 2.118_104, "2d"),
            (Grade::Easy, 8.2956, 1.0, "8d"),
        ],
    );
}

#[test]
fn preview_follows_next_states_for_reviewed_cards() {
    let fsrs = FSRS::default();
    let cases: &[(f32, f32, &str, &str, f32)] = &[
        // stability, difficulty, last review, now, retention
        (
            2.3065,
            2.1181,
            "2024-05-01T12:00:00Z",
            "2024-05-03T12:00:00Z",
            0.9,
        ),
        (
            10.0,
            5.0,
            "2024-05-01T12:00:00Z",
            "2024-05-15T12:00:00Z",
            0.9,
        ),
        (
            10.0,
            5.0,
            "2024-05-01T12:00:00Z",
            "2024-05-15T12:00:00Z",
            0.8,
        ),
        (
            40.0,
            8.0,
            "2024-01-01T12:00:00Z",
            "2024-03-20T12:00:00Z",
            0.97,
        ),
        (
            300.0,
            3.0,
            "2023-01-01T12:00:00Z",
            "2024-01-01T12:00:00Z",
            0.9,
        ),
    ];
    for &(stability, difficulty, last, now, retention) in cases {
        let sched = scheduler(retention);
        let days = sched.clock().days_between(at(last), at(now));
        // In review, answered on its due day.
        let state = CardState {
            stability,
            difficulty,
            due: at(now),
            last_review: at(last),
            reps: 3,
            lapses: 1,
            scheduled_days: days,
        };
        let memory = MemoryState {
            stability,
            difficulty,
        };
        let next = fsrs.next_states(Some(memory), retention, days).unwrap();
        let crate_items = [&next.again, &next.hard, &next.good, &next.easy];
        let outcomes = sched.preview(Some(&state), at(now));
        for (outcome, item) in outcomes.iter().zip(crate_items) {
            let grade = outcome.grade;
            assert_eq!(outcome.state.stability, item.memory.stability, "{grade}");
            assert_eq!(outcome.state.difficulty, item.memory.difficulty, "{grade}");
            assert_eq!(outcome.state.reps, 4);
            let lapses = if grade == Grade::Again { 2 } else { 1 };
            assert_eq!(outcome.state.lapses, lapses, "{grade}");
            if grade == Grade::Again {
                assert_eq!(outcome.interval, RELEARN_STEP);
            } else {
                // Rounded crate interval, unless the ordering rule pushed it.
                let rounded = item.interval.round().clamp(1.0, 36_500.0) as i64;
                assert!(outcome.interval.num_days() >= rounded, "{grade}");
            }
        }
        assert_eq!(
            outcomes[2].interval.num_days(),
            next.good.interval.round().max(1.0) as i64,
            "Good follows the crate when nothing collides ({stability}, {difficulty})"
        );
    }
}

#[test]
fn a_real_collision_is_pulled_apart_in_review_without_touching_stability() {
    // A hard card in review answered after its one day: the crate's Hard
    // and Good intervals round to the same day.
    let sched = scheduler(0.9);
    let state = CardState {
        stability: 0.5,
        difficulty: 9.5,
        due: at("2024-05-02T04:00:00Z"),
        last_review: at("2024-05-01T12:00:00Z"),
        reps: 1,
        lapses: 0,
        scheduled_days: 1,
    };
    let now = at("2024-05-02T12:00:00Z");
    let memory = MemoryState {
        stability: 0.5,
        difficulty: 9.5,
    };
    let next = FSRS::default().next_states(Some(memory), 0.9, 1).unwrap();
    assert_eq!(
        next.hard.interval.round(),
        next.good.interval.round(),
        "the case must collide in the crate for this test to mean anything"
    );
    let outcomes = sched.preview(Some(&state), now);
    let days: Vec<i64> = outcomes[1..]
        .iter()
        .map(|o| o.interval.num_days())
        .collect();
    assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
    assert_eq!(outcomes[1].state.stability, next.hard.memory.stability);
    assert_eq!(outcomes[2].state.stability, next.good.memory.stability);
    // The same card relearning (last graded Again): Hard and Good leave
    // relearning each rounded on its own, and may share the day.
    let relearning = CardState {
        scheduled_days: 0,
        due: state.last_review + RELEARN_STEP,
        ..state
    };
    let outcomes = sched.preview(Some(&relearning), now);
    assert_eq!(
        outcomes[1].interval, outcomes[2].interval,
        "no Good ≥ Hard + 1 when leaving relearning"
    );
}

#[test]
fn same_day_repeat_uses_zero_elapsed_days() {
    let fsrs = FSRS::default();
    let sched = scheduler(0.9);
    let first = sched.review(None, Grade::Good, at("2024-05-01T20:00:00Z"));
    let memory = MemoryState {
        stability: first.stability,
        difficulty: first.difficulty,
    };
    // (now, expected days elapsed): 03:00 is still the evening's day.
    for (now, days) in [
        ("2024-05-01T20:10:00Z", 0),
        ("2024-05-02T03:59:00Z", 0),
        ("2024-05-02T04:00:00Z", 1),
    ] {
        let next = fsrs.next_states(Some(memory), 0.9, days).unwrap();
        let again = sched.review(Some(&first), Grade::Again, at(now));
        let good = sched.review(Some(&first), Grade::Good, at(now));
        assert_eq!(again.stability, next.again.memory.stability, "{now}");
        assert_eq!(good.stability, next.good.memory.stability, "{now}");
    }
    // The short-term formula gives a different stability than a day's gap.
    let same_day = sched.review(Some(&first), Grade::Good, at("2024-05-02T03:59:00Z"));
    let next_day = sched.review(Some(&first), Grade::Good, at("2024-05-02T04:00:00Z"));
    assert_ne!(same_day.stability, next_day.stability);
}

#[test]
fn again_comes_back_in_ten_minutes_and_counts_a_lapse() {
    let sched = scheduler(0.9);
    let now = at("2024-05-01T12:00:00Z");
    let first = sched.review(None, Grade::Again, now);
    assert_eq!(first.due, now + Duration::minutes(10));
    assert_eq!(
        (first.reps, first.lapses),
        (1, 0),
        "a first Again is no lapse"
    );
    let later = now + Duration::days(3);
    let second = sched.review(Some(&first), Grade::Again, later);
    assert_eq!(second.due, later + Duration::minutes(10));
    assert_eq!((second.reps, second.lapses), (2, 1));
    let third = sched.review(Some(&second), Grade::Good, later + Duration::minutes(10));
    assert_eq!((third.reps, third.lapses), (3, 1));
    assert!(!third.is_learning());
    // Back in review: due from the start of the next learner day.
    assert_eq!(third.due, at("2024-05-05T04:00:00Z"));
}

/// Histories as (RFC 3339 time, grade number).
const HISTORIES: &[&[(&str, u32)]] = &[
    &[("2024-05-01T12:00:00Z", 3)],
    &[
        ("2024-05-01T12:00:00Z", 1),
        ("2024-05-01T12:10:00Z", 1),
        ("2024-05-01T12:20:00Z", 3),
        ("2024-05-02T12:00:00Z", 3),
        ("2024-05-05T12:00:00Z", 2),
        ("2024-05-12T12:00:00Z", 4),
    ],
    &[
        ("2024-01-01T08:00:00Z", 4),
        ("2024-03-01T08:00:00Z", 3),
        ("2025-06-01T08:00:00Z", 1),
        ("2025-06-01T08:10:00Z", 3),
        ("2025-06-03T08:00:00Z", 3),
        ("2027-01-01T08:00:00Z", 3),
    ],
    &[
        ("2024-05-01T22:00:00Z", 2),
        // 03:30 next morning: same learner day.
        ("2024-05-02T03:30:00Z", 2),
        ("2024-05-02T04:30:00Z", 3),
        ("2024-05-02T05:00:00Z", 1),
        ("2024-05-04T12:00:00Z", 3),
        ("2024-05-04T12:00:01Z", 4),
        ("2024-06-30T12:00:00Z", 2),
    ],
];

#[test]
fn replay_equals_the_crate_memory_state() {
    let fsrs = FSRS::default();
    for retention in [0.8, 0.9, 0.95] {
        let sched = scheduler(retention);
        for history in HISTORIES {
            let reviews: Vec<(DateTime<Utc>, Grade)> = history
                .iter()
                .map(|&(t, g)| (at(t), Grade::from_number(g).unwrap()))
                .collect();
            let state = sched.replay(&reviews).unwrap();
            let item = FSRSItem {
                reviews: reviews
                    .iter()
                    .enumerate()
                    .map(|(i, &(t, g))| FSRSReview {
                        rating: g.number(),
                        delta_t: if i == 0 {
                            0
                        } else {
                            sched.clock().days_between(reviews[i - 1].0, t)
                        },
                    })
                    .collect(),
            };
            // Bit for bit: the same arithmetic as the crate, review by review.
            let expected = fsrs.memory_state(item, None).unwrap();
            assert_eq!(state.stability, expected.stability, "{history:?}");
            assert_eq!(state.difficulty, expected.difficulty, "{history:?}");
            assert_eq!(state.reps as usize, reviews.len());
            assert_eq!(state.last_review, reviews.last().unwrap().0);
        }
    }
    assert_eq!(scheduler(0.9).replay(&[]), None);
}

#[test]
fn retrievability_is_the_desired_retention_at_the_interval() {
    let sched = scheduler(0.9);
    let mut state = None;
    let mut now = at("2024-05-01T12:00:00Z");
    for _ in 0..6 {
        let next = sched.review(state.as_ref(), Grade::Good, now);
        let r = sched.retrievability(&next, next.last_review + next.interval());
        assert!(
            (r - 0.9).abs() < 0.01,
            "R after the interval = {r} (S = {})",
            next.stability
        );
        // Due from the start of the due day, a little before a full
        // interval has passed: recall there is at or above the target.
        assert!(sched.retrievability(&next, next.due) >= r);
        // At exactly S days, R is 0.9 by definition of stability.
        let at_s = next.last_review + Duration::seconds((next.stability * 86_400.0) as i64);
        assert!((sched.retrievability(&next, at_s) - 0.9).abs() < 1e-3);
        assert!((sched.retrievability(&next, next.last_review) - 1.0).abs() < 1e-6);
        now = next.due;
        state = Some(next);
    }
}

#[test]
fn retrievability_uses_the_parameters_decay() {
    let mut w = DEFAULT_PARAMETERS;
    w[20] = 0.5;
    let steep = Scheduler::new(Some(&w), 0.9, DayClock::default()).unwrap();
    let default = scheduler(0.9);
    let state = default.review(None, Grade::Good, at("2024-05-01T12:00:00Z"));
    let later = state.last_review + Duration::days(30);
    let expected = fsrs::current_retrievability(
        MemoryState {
            stability: state.stability,
            difficulty: state.difficulty,
        },
        30.0,
        0.5,
    );
    assert!((steep.retrievability(&state, later) - expected).abs() < 1e-6);
    assert!(steep.retrievability(&state, later) < default.retrievability(&state, later));
}

#[test]
fn rejects_invalid_retention_and_parameters() {
    let clock = DayClock::default();
    for retention in [0.69, 0.995, 1.0, 0.0, f32::NAN] {
        assert!(
            matches!(
                Scheduler::new(None, retention, clock),
                Err(ScheduleError::RetentionOutOfRange { .. })
            ),
            "{retention}"
        );
    }
    for retention in [0.70, 0.9, 0.99] {
        assert!(
            Scheduler::new(None, retention, clock).is_ok(),
            "{retention}"
        );
    }
    let mut nan = DEFAULT_PARAMETERS;
    nan[3] = f32::NAN;
    for params in [&[1.0_f32; 5][..], &nan[..]] {
        assert!(matches!(
            Scheduler::new(Some(params), 0.9, clock),
            Err(ScheduleError::InvalidParameters { .. })
        ));
    }
    assert!(Scheduler::new(Some(&DEFAULT_PARAMETERS), 0.9, clock).is_ok());
}

#[test]
fn the_day_clock_decides_elapsed_days() {
    // 22:00 UTC and 06:00 UTC next day: one day apart in UTC, the same
    // evening in UTC-7 (15:00 and 23:00 local).
    let pacific = DayClock::with_offset(FixedOffset::west_opt(7 * 3600).unwrap());
    let utc = Scheduler::new(None, 0.9, DayClock::default()).unwrap();
    let local = Scheduler::new(None, 0.9, pacific).unwrap();
    let first = utc.review(None, Grade::Good, at("2024-05-01T22:00:00Z"));
    let now = at("2024-05-02T06:00:00Z");
    let fsrs = FSRS::default();
    let memory = MemoryState {
        stability: first.stability,
        difficulty: first.difficulty,
    };
    for (sched, days) in [(&utc, 1), (&local, 0)] {
        let expected = fsrs.next_states(Some(memory), 0.9, days).unwrap();
        let got = sched.review(Some(&first), Grade::Good, now);
        assert_eq!(got.stability, expected.good.memory.stability, "{days}");
    }
}

/// `[Hard, Good, Easy]` in days after a history of (hours after the first
/// review, grade), previewed `at_hours` after the first review (UTC days;
/// the first review at 08:00).
fn passing_days(retention: f32, history: &[(i64, Grade)], at_hours: i64) -> [i64; 3] {
    let sched = scheduler(retention);
    let start = at("2024-05-01T08:00:00Z");
    let reviews: Vec<(DateTime<Utc>, Grade)> = history
        .iter()
        .map(|&(h, g)| (start + Duration::hours(h), g))
        .collect();
    let state = sched.replay(&reviews);
    let outcomes = sched.preview(state.as_ref(), start + Duration::hours(at_hours));
    [1, 2, 3].map(|i| outcomes[i].interval.num_days())
}

/// Interval vectors at retention 0.70, 0.90 and 0.99 with the default
/// parameters. The crate's raw intervals (`next_states`, read through its
/// Python bindings fsrs-rs-python 0.9.3 = fsrs 6.6.2) are in the comments;
/// the expected days follow Anki's rules from them:
/// - learning.rs / relearning.rs (a new card, or one last graded Again,
///   leaving its step): Hard and Good each rounded, at least 1; Easy at
///   least Good + 1.
/// - review.rs `passing_fsrs_review_intervals` (last answer passed): Hard
///   rounded, at least 1; Good at least Hard + 1; Easy at least Good + 1;
///   none below the previous interval when that lies in the new one's
///   fuzz range (`minimum_review_fuzz_interval`).
#[test]
fn interval_vectors_follow_ankis_rules_by_phase() {
    use Grade::{Again, Good};
    type Case = (f32, [i64; 3], [i64; 3], [i64; 3], [i64; 3]);
    let cases: [Case; 3] = [
        // (retention, new card, same-day Good after Again, same-day Good
        // after Good, Good after Good on its due day)
        (
            0.70,
            // raw 12.0102 21.4226 77.0488 -> learning
            [12, 21, 77],
            // raw 1.9690 2.2912 3.9416 -> relearning: Good is not pushed
            // to Hard + 1 (the old rule gave 3)
            [2, 2, 4],
            // raw 21.4226 21.4226 36.6506, previous interval 21 -> review: Good ≥
            // Hard + 1
            [21, 22, 37],
            // raw 194.7693 309.6611 561.2646 -> review, nothing collides
            [195, 310, 561],
        ),
        (
            0.90,
            // raw 1.2931 2.3065 8.2956
            [1, 2, 8],
            // raw 0.2120 0.2467 0.4244 -> relearning (old rule: 1 2 3)
            [1, 1, 2],
            // raw 2.3065 2.3065 3.9461, previous interval 2 -> review
            [2, 3, 4],
            // raw 7.5133 10.9643 18.5218
            [8, 11, 19],
        ),
        (
            0.99,
            // raw 0.0888 0.1585 0.5699 -> learning: Good 1 day, where the
            // old rule gave 2 (and Easy 3)
            [1, 1, 2],
            // raw 0.0146 0.0169 0.0292 -> relearning (old rule: 1 2 3)
            [1, 1, 2],
            // raw 0.1585 0.1585 0.2711, previous interval 1 -> review
            [1, 2, 3],
            // raw 0.3654 0.5025 0.8029 -> review
            [1, 2, 3],
        ),
    ];
    for (retention, new, after_again, after_good, later) in cases {
        assert_eq!(passing_days(retention, &[], 0), new, "{retention} new");
        assert_eq!(
            passing_days(retention, &[(0, Again)], 1),
            after_again,
            "{retention} same-day Good after Again"
        );
        assert_eq!(
            passing_days(retention, &[(0, Good)], 1),
            after_good,
            "{retention} same-day Good after Good"
        );
        // Answered at the same hour `new[1]` days later: that many days
        // elapsed, as the card was scheduled.
        let due_hours = 24 * new[1];
        assert_eq!(
            passing_days(retention, &[(0, Good)], due_hours),
            later,
            "{retention} Good after Good on its due day"
        );
    }
}

#[test]
fn cards_scheduled_in_days_are_due_from_the_start_of_their_day() {
    // US Pacific (UTC-7 in May), the day rolling over at 04:00.
    let pacific = DayClock::new("America/Los_Angeles".parse::<Zone>().unwrap(), 4).unwrap();
    let sched = Scheduler::new(None, 0.9, pacific).unwrap();
    // Good on a new card at 20:00 local: 2 days, due at 04:00 two learner
    // days later (not at 20:00).
    let evening = at("2024-05-01T20:00:00-07:00");
    let good = sched.review(None, Grade::Good, evening);
    assert_eq!(good.interval(), Duration::days(2));
    assert_eq!(good.due, at("2024-05-03T04:00:00-07:00"));
    // At 02:00 the learner day is still the evening's: the same 2 days end
    // at the same moment, 50 hours later.
    let small_hours = at("2024-05-02T02:00:00-07:00");
    assert_eq!(
        sched.review(None, Grade::Good, small_hours).due,
        at("2024-05-03T04:00:00-07:00")
    );
    // Short steps stay timed: Again is due 10 minutes after the answer.
    let again = sched.review(Some(&good), Grade::Again, at("2024-05-03T09:00:00-07:00"));
    assert!(again.is_learning());
    assert_eq!(again.due, at("2024-05-03T09:10:00-07:00"));
    assert_eq!(again.interval(), RELEARN_STEP);
    // Across a clock change the due day still starts at 04:00 local:
    // Good at 20:00 PDT on 2 November, two days: 04:00 PST on the 4th.
    let before_change = at("2024-11-02T20:00:00-07:00");
    assert_eq!(
        sched.review(None, Grade::Good, before_change).due,
        at("2024-11-04T04:00:00-08:00")
    );
}

#[test]
fn replay_takes_each_history_in_time_order_ties_in_given_order() {
    let sched = scheduler(0.9);
    let r = |t: &str, g: Grade| (at(t), g);
    let in_order = [
        r("2024-05-01T09:00:00Z", Grade::Good),
        r("2024-05-03T09:00:00Z", Grade::Again),
        r("2024-05-03T09:00:00Z", Grade::Good),
        r("2024-05-08T09:00:00Z", Grade::Hard),
    ];
    // A back-dated review logged last, and the tie kept in its order.
    let logged = [in_order[0], in_order[3], in_order[1], in_order[2]];
    assert_eq!(sched.replay(&logged), sched.replay(&in_order));
    // Ties are not reordered: Good then Again is another history.
    let swapped = [in_order[0], in_order[2], in_order[1], in_order[3]];
    assert_ne!(sched.replay(&swapped), sched.replay(&in_order));
    // The memory state is the crate's for the sorted history.
    let item = FSRSItem {
        reviews: [(3, 0), (1, 2), (3, 0), (2, 5)]
            .map(|(rating, delta_t)| FSRSReview { rating, delta_t })
            .to_vec(),
    };
    let expected = FSRS::default().memory_state(item, None).unwrap();
    let state = sched.replay(&logged).unwrap();
    assert_eq!(
        (state.stability, state.difficulty),
        (expected.stability, expected.difficulty)
    );
    assert_eq!(state.last_review, at("2024-05-08T09:00:00Z"));
}
