//! Scheduling: FSRS memory states, due dates and parameter fitting.
//!
//! The only module that imports `fsrs`. Pure: the current time is always a
//! parameter, nothing here reads the clock, the time zone or a file. It owns
//! the per-card state (stability, difficulty, due) and the rules that turn a
//! grade into the next due date; it does not own the session queue (which
//! card comes next, sibling burying) nor storage of the review log.
//!
//! The rules are Anki's (its `rslib/src/scheduler/states`), with one
//! relearning step and no learning steps: *Again* brings a card back after
//! [`RELEARN_STEP`]; Hard, Good and Easy schedule it in whole days (see
//! `intervals` for how days are rounded in each phase). A card scheduled in
//! days is due from the start of its due day ([`Scheduler::due`]). A card's
//! history is taken in time order ([`Scheduler::replay`]), as the optimizer
//! takes it ([`training_items`]).
//!
//! Intervals carry no fuzz: the same history always gives the same due date,
//! which keeps tests and `--now` simulations reproducible. The cost is that
//! cards learned together stay due together.

mod clock;
mod format;
mod intervals;
mod train;

pub use clock::{DayClock, Zone, zone_from_tz_variable, zone_names};
pub use format::format_interval;
pub use train::{
    Evaluation, MIN_REVIEWS_TO_FIT, TrainingSet, evaluate, fit, training_items,
    workload_by_retention,
};

use crate::grade::Grade;
use chrono::{DateTime, Days, Duration, Utc};
use fsrs::{FSRS, FSRSError, MemoryState, NextStates};

/// Desired retention when the user sets none.
pub const DEFAULT_RETENTION: f32 = 0.90;
/// The range of desired retention rolecall accepts.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.99;
/// A card failed with *Again* comes back after this relearning step, within
/// the same session.
pub const RELEARN_STEP: Duration = Duration::minutes(10);
/// Longest interval, in days (100 years, as Anki's maximum).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// Version of the rules that turn a history into states and due times;
/// part of the fingerprint, so states cached under older rules are rebuilt.
const RULES_VERSION: u32 = 2;

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
    /// The whole days the last answer scheduled the card for; 0 when it
    /// was *Again*, whose short relearning step is timed instead.
    pub scheduled_days: u32,
}

impl CardState {
    /// In (re)learning: the last answer was *Again*, and the card comes
    /// back after a short step. Otherwise it is in review, waiting its days.
    pub fn is_learning(&self) -> bool {
        self.scheduled_days == 0
    }

    /// What the last answer scheduled: the short step, or whole days (the
    /// due time itself is the start of the due day, see [`Scheduler::due`]).
    pub fn interval(&self) -> Duration {
        if self.is_learning() {
            self.due - self.last_review
        } else {
            Duration::days(i64::from(self.scheduled_days))
        }
    }
}

/// What one grade would do to a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub grade: Grade,
    pub state: CardState,
    /// The interval as the learner reads it: [`RELEARN_STEP`] or whole
    /// days ([`CardState::interval`]).
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
            "rules={RULES_VERSION};retention={desired_retention};zone={};rollover={};w={}",
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

    /// The forgetting curve's decay (FSRS-6's `w[20]`, as the crate clips
    /// it): what another FSRS client needs to read a memory state the same way.
    pub fn decay(&self) -> f32 {
        self.decay
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
        let in_review = state.filter(|s| !s.is_learning()).map(|s| s.scheduled_days);
        let [hard, good, easy] = intervals::passing_days(&next, in_review);
        let (reps, lapses) = state.map_or((0, 0), |s| (s.reps, s.lapses));
        Grade::ALL.map(|grade| {
            let (item, scheduled_days) = match grade {
                Grade::Again => (&next.again, 0),
                Grade::Hard => (&next.hard, hard),
                Grade::Good => (&next.good, good),
                Grade::Easy => (&next.easy, easy),
            };
            let is_lapse = state.is_some() && grade == Grade::Again;
            let state = CardState {
                stability: item.memory.stability,
                difficulty: item.memory.difficulty,
                due: self.due(now, scheduled_days),
                last_review: now,
                reps: reps + 1,
                lapses: lapses + u32::from(is_lapse),
                scheduled_days,
            };
            Outcome {
                grade,
                state,
                interval: state.interval(),
            }
        })
    }

    /// When a card answered at `answered` is due: after [`RELEARN_STEP`]
    /// when `scheduled_days` is 0 (*Again*); otherwise at the start of the
    /// learner day `scheduled_days` after the answer's day, as Anki counts
    /// due days, so the card is offered all of that day (a card answered
    /// Good at 20:00 with 2 days is due at 04:00 two days later, not 20:00).
    /// Every command that asks whether a card is due reads this, through
    /// [`CardState::due`].
    pub fn due(&self, answered: DateTime<Utc>, scheduled_days: u32) -> DateTime<Utc> {
        if scheduled_days == 0 {
            return answered + RELEARN_STEP;
        }
        let day = self.clock.day_of(answered);
        let due_day = day
            .checked_add_days(Days::new(u64::from(scheduled_days)))
            .unwrap_or(day);
        self.clock.day_start(due_day)
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

    /// The state after a card's whole history, or `None` for a card never
    /// reviewed. The reviews are taken by time, those at the same moment in
    /// the order given (log order), whatever order they were logged in: a
    /// review dated before the card's last one (a clock set back, `--now`)
    /// takes its place in time, as the optimizer sees it.
    pub fn replay(&self, reviews: &[(DateTime<Utc>, Grade)]) -> Option<CardState> {
        chronological(reviews)
            .into_iter()
            .fold(None, |state, (at, grade)| {
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

#[cfg(test)]
mod tests;
