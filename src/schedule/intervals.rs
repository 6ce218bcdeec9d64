//! Whole-day intervals for the passing grades, by Anki's FSRS rules.
//!
//! The crate gives each grade a real-valued interval; Anki turns those into
//! days differently by the card's phase (`rslib/src/scheduler/states`):
//!
//! - **Learning or relearning** (a new card, or one whose last answer was
//!   *Again*), leaving its last step (`learning.rs`, `relearning.rs`): Hard
//!   and Good are each the crate's interval rounded, at least a day; Easy is
//!   also at least Good + 1 day.
//! - **Review** (the last answer passed), `review.rs`
//!   `passing_fsrs_review_intervals`: each of Hard, Good, Easy is rounded but
//!   at least its lower neighbour + 1 day (Hard at least 1), and none
//!   shrinks below the interval the card just had when it lies within the
//!   fuzz range of the new one (`minimum_review_fuzz_interval`).
//!
//! rolecall applies no fuzz (Anki's `fuzz_factor: None`), so each interval
//! is the rounded one moved up to its minimum; everything is capped at
//! [`MAX_INTERVAL_DAYS`].

use super::MAX_INTERVAL_DAYS;
use fsrs::NextStates;

/// Days for Hard, Good and Easy. `review` is the interval in days the card
/// was scheduled for by its last answer when it is in review, `None` when
/// it is new, learning or relearning.
pub(super) fn passing_days(next: &NextStates, review: Option<u32>) -> [u32; 3] {
    let (hard, good, easy) = (next.hard.interval, next.good.interval, next.easy.interval);
    match review {
        None => {
            let good_days = at_least(good, 1);
            [at_least(hard, 1), good_days, at_least(easy, good_days + 1)]
        }
        Some(previous) => {
            let hard_days = at_least(hard, not_shrinking(hard, previous).max(1));
            let good_days = at_least(good, not_shrinking(good, previous).max(hard_days + 1));
            let easy_days = at_least(easy, not_shrinking(easy, previous).max(good_days + 1));
            [hard_days, good_days, easy_days]
        }
    }
}

/// `interval` rounded to whole days, at least `minimum` and at least one
/// day, at most [`MAX_INTERVAL_DAYS`].
fn at_least(interval: f32, minimum: u32) -> u32 {
    let minimum = minimum.clamp(1, MAX_INTERVAL_DAYS);
    // `as` saturates (and maps NaN to 0); the clamp does the rest.
    (interval.round() as u32).clamp(minimum, MAX_INTERVAL_DAYS)
}

/// The least interval a review may get so that it does not come out
/// shorter than the card's `previous` one only because of rounding or fuzz:
/// one day more than `previous` when the new interval is longer; `previous`
/// itself when that is still within the new interval's fuzz range; no
/// minimum when the interval truly shrank (other parameters or retention).
fn not_shrinking(interval: f32, previous: u32) -> u32 {
    if interval.round() > previous as f32 {
        previous.saturating_add(1)
    } else if previous <= fuzz_upper_bound(interval) {
        previous
    } else {
        0
    }
}

/// The longest interval Anki's fuzz could turn `interval` into (days),
/// within 1..=[`MAX_INTERVAL_DAYS`]: intervals under 2.5 days are not
/// fuzzed; longer ones by a day plus 15% of the part between 2.5 and 7
/// days, 10% of the part between 7 and 20, and 5% of the part above 20.
fn fuzz_upper_bound(interval: f32) -> u32 {
    const MAX: f32 = MAX_INTERVAL_DAYS as f32;
    let interval = interval.clamp(1.0, MAX);
    let delta = if interval < 2.5 {
        0.0
    } else {
        [(2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, f32::MAX, 0.05)]
            .iter()
            .fold(1.0, |delta, &(start, end, factor)| {
                delta + factor * (interval.min(end) - start).max(0.0)
            })
    };
    let lower = ((interval - delta).round() as u32).clamp(1, MAX_INTERVAL_DAYS);
    let upper = ((interval + delta).round() as u32).clamp(1, MAX_INTERVAL_DAYS);
    // A range of one day above 2 days is widened to two.
    if upper == lower && upper > 2 && upper < MAX_INTERVAL_DAYS {
        lower + 1
    } else {
        upper
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fsrs::{ItemState, MemoryState};

    fn next(hard: f32, good: f32, easy: f32) -> NextStates {
        let item = |interval| ItemState {
            memory: MemoryState {
                stability: 1.0,
                difficulty: 5.0,
            },
            interval,
        };
        NextStates {
            again: item(0.1),
            hard: item(hard),
            good: item(good),
            easy: item(easy),
        }
    }

    #[test]
    fn leaving_learning_rounds_hard_and_good_each_and_keeps_easy_above_good() {
        // (hard, good, easy) -> days; learning.rs answer_hard/good/easy.
        for ((hard, good, easy), expected) in [
            ((1.2931, 2.3065, 8.2956), [1, 2, 8]),
            // Hard and Good may share a day, or even cross: each is rounded
            // on its own (the cases Good ≥ Hard + 1 used to push apart).
            ((0.4, 0.6, 0.9), [1, 1, 2]),
            ((3.4, 3.6, 3.7), [3, 4, 5]),
            ((5.0, 5.2, 12.0), [5, 5, 12]),
            ((0.08, 0.16, 0.55), [1, 1, 2]),
            ((40_000.0, 50_000.0, 60_000.0), [36_500, 36_500, 36_500]),
        ] {
            assert_eq!(
                passing_days(&next(hard, good, easy), None),
                expected,
                "{hard} {good} {easy}"
            );
        }
    }

    #[test]
    fn review_intervals_increase_and_do_not_shrink_within_fuzz() {
        // ((hard, good, easy), previous interval) -> days; review.rs
        // passing_fsrs_review_intervals with fuzz off.
        for ((hard, good, easy), previous, expected) in [
            // Rounding collides: Good ≥ Hard + 1, Easy ≥ Good + 1.
            ((0.4, 0.6, 0.9), 1, [1, 2, 3]),
            ((5.0, 5.2, 12.0), 3, [5, 6, 12]),
            ((3.4, 3.6, 3.7), 1, [3, 4, 5]),
            // Hard at 9.4 days after a 10-day interval: within 9.4's fuzz
            // range (up to 11), so it stays 10; the rest step above it.
            ((9.4, 9.8, 25.0), 10, [10, 11, 25]),
            // Truly shorter (a 30-day card now given 20): no floor.
            ((20.0, 24.0, 40.0), 30, [20, 24, 40]),
            // Longer than before: nothing moves.
            ((12.0, 15.0, 30.0), 10, [12, 15, 30]),
            (
                (40_000.0, 50_000.0, 60_000.0),
                36_500,
                [36_500, 36_500, 36_500],
            ),
        ] {
            assert_eq!(
                passing_days(&next(hard, good, easy), Some(previous)),
                expected,
                "{hard} {good} {easy} after {previous}"
            );
        }
    }

    #[test]
    fn fuzz_upper_bounds_follow_anki_ranges() {
        // fuzz.rs constrained_fuzz_bounds(interval, 1, 36500).1
        for (interval, upper) in [
            (0.5, 1),
            (2.4, 2),
            (2.5, 4),
            (3.0, 4),
            (7.0, 9),
            (9.4, 11),
            (20.0, 23),
            (100.0, 107),
            (36_500.0, 36_500),
        ] {
            assert_eq!(fuzz_upper_bound(interval), upper, "{interval}");
        }
    }
}
