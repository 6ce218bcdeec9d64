//! Scheduling: FSRS memory states, due dates and parameter fitting.
//!
//! The only module that imports `fsrs`. Pure: the current time is always a
//! parameter, nothing here reads the clock, the time zone or a file. It owns
//! the per-card state (stability, difficulty, due) and the rules that turn a
//! grade into the next due date; it does not own the session queue (which
//! card comes next, sibling burying) nor storage of the review log.
//!
//! Intervals carry no fuzz: the same history always gives the same due date,
//! which keeps tests and `--now` simulations reproducible. The cost is that
//! cards learned together stay due together.

mod clock;
mod format;
mod train;

pub use clock::{DayClock, Zone, zone_from_tz_variable};
pub use format::format_interval;
pub use train::{
    Evaluation, MIN_REVIEWS_TO_FIT, TrainingSet, evaluate, fit, training_items,
    workload_by_retention,
};

use crate::grade::Grade;
use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, FSRSError, ItemState, MemoryState, NextStates};

/// Desired retention when the user sets none.
pub const DEFAULT_RETENTION: f32 = 0.90;
/// The range of desired retention rolecall accepts.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.99;
/// A card failed with *Again* comes back after this relearning step, within
/// the same session.
pub const RELEARN_STEP: Duration = Duration::minutes(10);
/// Longest interval, in days (100 years, as Anki's maximum).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// The decay bounds the crate clips `w[20]` to (`parameter_clipper.rs`);
/// mirrored because the crate does not expose its clipped parameters and the
/// forgetting curve must use the same decay as `next_states`.
const DECAY_BOUNDS: (f32, f32) = (0.1, 0.8);

/// What went wrong in scheduling, with the facts a user needs to fix it.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("desired retention {retention} is outside 0.70–0.99")]
    RetentionOutOfRange { retention: f32 },
    #[error(
        "FSRS rejected the parameters: expected 17, 19 or 21 finite numbers, got {count} numbers"
    )]
    InvalidParameters {
        count: usize,
        #[source]
        source: FSRSError,
    },
    #[error("day rollover hour {hour} is not an hour of the day (0–23)")]
    RolloverHour { hour: u32 },
    #[error(
        "`{text}` is not a time zone: use an IANA name such as Europe/Berlin or a UTC offset such as +05:30"
    )]
    UnknownZone { text: String },
    #[error("not enough reviews to fit parameters: {items} usable, at least {needed} needed")]
    NotEnoughData { items: usize, needed: usize },
    #[error("FSRS failed to {operation}")]
    Fsrs {
        operation: &'static str,
        #[source]
        source: FSRSError,
    },
}

/// The scheduling state of one reviewed card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardState {
    pub stability: f32,
    pub difficulty: f32,
    pub due: DateTime<Utc>,
    pub last_review: DateTime<Utc>,
    /// Reviews so far, the first included.
    pub reps: u32,
    /// *Again* grades after the first review.
    pub lapses: u32,
}

/// What one grade would do to a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub grade: Grade,
    pub state: CardState,
    /// From the review to the new due date.
    pub interval: Duration,
}

/// FSRS with the user's parameters, desired retention and calendar.
#[derive(Debug, Clone)]
pub struct Scheduler {
    fsrs: FSRS,
    decay: f32,
    desired_retention: f32,
    clock: DayClock,
    /// Everything states and due times depend on besides the history.
    fingerprint: String,
}

impl Scheduler {
    /// `parameters` as fitted by `fit` (or the crate's defaults when
    /// `None`); `desired_retention` within `RETENTION_RANGE`.
    pub fn new(
        parameters: Option<&[f32]>,
        desired_retention: f32,
        clock: DayClock,
    ) -> Result<Self, ScheduleError> {
        if !RETENTION_RANGE.contains(&desired_retention) {
            return Err(ScheduleError::RetentionOutOfRange {
                retention: desired_retention,
            });
        }
        let given = parameters.unwrap_or(&[]);
        let invalid = |source| ScheduleError::InvalidParameters {
            count: given.len(),
            source,
        };
        // The crate fills older (17/19) and empty parameter sets to 21.
        let filled = fsrs::check_and_fill_parameters(given).map_err(invalid)?;
        let fsrs = FSRS::new(&filled).map_err(invalid)?;
        let fingerprint = format!(
            "retention={desired_retention};zone={};rollover={};w={}",
            clock.zone(),
            clock.rollover_hour(),
            filled
                .iter()
                .map(|w| w.to_bits().to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        Ok(Self {
            fsrs,
            decay: filled[20].clamp(DECAY_BOUNDS.0, DECAY_BOUNDS.1),
            desired_retention,
            clock,
            fingerprint,
        })
    }

    /// Identifies the scheduling settings (parameters, desired retention,
    /// day boundaries): card states cached under other settings are stale.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn desired_retention(&self) -> f32 {
        self.desired_retention
    }

    pub fn clock(&self) -> &DayClock {
        &self.clock
    }

    /// What each grade would give, in grade order (Again, Hard, Good, Easy).
    /// `state` is `None` for a card never reviewed.
    pub fn preview(&self, state: Option<&CardState>, now: DateTime<Utc>) -> [Outcome; 4] {
        let memory = state.map(|s| MemoryState {
            stability: s.stability,
            difficulty: s.difficulty,
        });
        let days_elapsed = state.map_or(0, |s| self.clock.days_between(s.last_review, now));
        let next = self.next_states(memory, days_elapsed);
        let intervals = passing_intervals(&next);
        let item = |grade: Grade| match grade {
            Grade::Again => &next.again,
            Grade::Hard => &next.hard,
            Grade::Good => &next.good,
            Grade::Easy => &next.easy,
        };
        Grade::ALL.map(|grade| {
            let interval = match grade {
                Grade::Again => RELEARN_STEP,
                Grade::Hard => Duration::days(i64::from(intervals[0])),
                Grade::Good => Duration::days(i64::from(intervals[1])),
                Grade::Easy => Duration::days(i64::from(intervals[2])),
            };
            let memory = item(grade).memory;
            let (reps, lapses) = state.map_or((0, 0), |s| (s.reps, s.lapses));
            let is_lapse = state.is_some() && grade == Grade::Again;
            Outcome {
                grade,
                interval,
                state: CardState {
                    stability: memory.stability,
                    difficulty: memory.difficulty,
                    due: now + interval,
                    last_review: now,
                    reps: reps + 1,
                    lapses: lapses + u32::from(is_lapse),
                },
            }
        })
    }

    /// The card's state after `grade` at `now`: the matching preview outcome.
    pub fn review(&self, state: Option<&CardState>, grade: Grade, now: DateTime<Utc>) -> CardState {
        self.preview(state, now)[grade_index(grade)].state
    }

    /// Probability of recall at `at`, from the fractional days since the last
    /// review (the forgetting curve is continuous even though scheduling
    /// counts whole days).
    pub fn retrievability(&self, state: &CardState, at: DateTime<Utc>) -> f32 {
        let elapsed_ms = (at - state.last_review).num_milliseconds().max(0);
        let days = elapsed_ms as f32 / 86_400_000.0;
        let memory = MemoryState {
            stability: state.stability,
            difficulty: state.difficulty,
        };
        fsrs::current_retrievability(memory, days, self.decay)
    }

    /// The state after a card's whole history (chronological), or `None` for
    /// a card never reviewed. Rebuilds the snapshot from the review log.
    pub fn replay(&self, reviews: &[(DateTime<Utc>, Grade)]) -> Option<CardState> {
        reviews.iter().fold(None, |state, &(at, grade)| {
            Some(self.review(state.as_ref(), grade, at))
        })
    }

    fn next_states(&self, memory: Option<MemoryState>, days_elapsed: u32) -> NextStates {
        match self
            .fsrs
            .next_states(memory, self.desired_retention, days_elapsed)
        {
            Ok(next) => next,
            // The crate fails only on a non-finite state. Stored states come
            // from the crate and are finite unless the store was tampered
            // with; treat such a card as new rather than stop the session.
            Err(_) => self
                .fsrs
                .next_states(None, self.desired_retention, 0)
                .expect("the crate's initial states are finite for validated parameters"),
        }
    }
}

/// A card's reviews in the order FSRS takes them: by time, reviews at the
/// same moment in the order given (log order). Replay and training both
/// use this, so the schedule and the fit see one history.
fn chronological(history: &[(DateTime<Utc>, Grade)]) -> Vec<(DateTime<Utc>, Grade)> {
    let mut sorted = history.to_vec();
    // `sort_by_key` is stable.
    sorted.sort_by_key(|&(at, _)| at);
    sorted
}

fn grade_index(grade: Grade) -> usize {
    grade.number() as usize - 1
}

/// Whole-day intervals for Hard, Good and Easy: rounded, clamped to
/// 1..=[`MAX_INTERVAL_DAYS`], and strictly increasing (Good ≥ Hard + 1,
/// Easy ≥ Good + 1) as Anki does when rounding makes them collide; only the
/// maximum can be shared. The stabilities are left as the crate computed
/// them: only the due date moves.
fn passing_intervals(next: &NextStates) -> [u32; 3] {
    let days = |item: &ItemState, minimum: u32| {
        let max = MAX_INTERVAL_DAYS as f32;
        let rounded = item.interval.round().clamp(1.0, max) as u32;
        rounded.max(minimum.min(MAX_INTERVAL_DAYS))
    };
    // A new card graded Hard waits at least a day: the clamp to 1 gives it.
    let hard = days(&next.hard, 1);
    let good = days(&next.good, hard + 1);
    let easy = days(&next.easy, good + 1);
    [hard, good, easy]
}

#[cfg(test)]
mod tests;
