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
        assert_eq!(outcome.state.due, now + outcome.interval, "{grade}");
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
        let state = CardState {
            stability,
            difficulty,
            due: at(last),
            last_review: at(last),
            reps: 3,
            lapses: 1,
        };
        let days = sched.clock().days_between(at(last), at(now));
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
fn passing_intervals_strictly_increase_when_rounding_collides() {
    // (hard, good, easy) raw crate intervals -> expected whole days.
    type Case = ((f32, f32, f32), [u32; 3]);
    let cases: &[Case] = &[
        ((1.2931, 2.3065, 8.2956), [1, 2, 8]),
        ((0.4, 0.6, 0.9), [1, 2, 3]),
        ((3.4, 3.6, 3.7), [3, 4, 5]),
        ((5.0, 5.2, 12.0), [5, 6, 12]),
        ((40_000.0, 50_000.0, 60_000.0), [36_500, 36_500, 36_500]),
    ];
    let item = |interval| ItemState {
        memory: MemoryState {
            stability: interval,
            difficulty: 5.0,
        },
        interval,
    };
    for &((hard, good, easy), expected) in cases {
        let next = NextStates {
            again: item(0.1),
            hard: item(hard),
            good: item(good),
            easy: item(easy),
        };
        assert_eq!(passing_intervals(&next), expected, "{hard} {good} {easy}");
    }
}

#[test]
fn a_real_collision_is_pulled_apart_without_touching_stability() {
    // A hard card reviewed after one day: the crate's Hard and Good
    // intervals round to the same day.
    let sched = scheduler(0.9);
    let state = CardState {
        stability: 0.5,
        difficulty: 9.5,
        due: at("2024-05-01T12:00:00Z"),
        last_review: at("2024-05-01T12:00:00Z"),
        reps: 1,
        lapses: 0,
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
    assert!(third.due >= later + Duration::days(1));
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
            let expected = fsrs.memory_state(item, None).unwrap();
            assert!(
                close(state.stability, expected.stability),
                "{history:?}: stability {} != {}",
                state.stability,
                expected.stability
            );
            assert!(
                close(state.difficulty, expected.difficulty),
                "{history:?}: difficulty {} != {}",
                state.difficulty,
                expected.difficulty
            );
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
        let r = sched.retrievability(&next, next.due);
        assert!(
            (r - 0.9).abs() < 0.01,
            "R at due = {r} (S = {})",
            next.stability
        );
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
