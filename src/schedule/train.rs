//! Personal parameters: turning review histories into FSRS training items,
//! fitting and evaluating parameters, and the workload of a retention.
//!
//! Used by `rolecall optimize`; reading the review log and printing progress
//! stay with the caller.

use super::{DEFAULT_RETENTION, DayClock, RETENTION_RANGE, ScheduleError, chronological};
use crate::grade::Grade;
use chrono::{DateTime, Utc};
use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSError, FSRSItem, FSRSReview,
    SimulatorConfig,
};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The fewest training items for which the crate runs its optimizer.
///
/// `compute_parameters` (training.rs) returns the default parameters
/// unchanged below 8 items left after its outlier filter, and only fits the
/// four initial stabilities below 64; it reports `NotEnoughData` only when no
/// card has a first long-term review at all. Asking for 64 means a fit can
/// actually move every parameter (the outlier filter may still leave fewer).
pub const MIN_REVIEWS_TO_FIT: usize = 64;

/// How well parameters predict a set of reviews (lower is better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Weighted binary cross-entropy of predicted recall.
    pub log_loss: f32,
    /// Root mean square calibration error over the crate's bins.
    pub rmse_bins: f32,
}

/// What the optimizer trains on: FSRS items and, aligned with them, the id
/// of the card each item comes from.
///
/// The crate keeps each card's items together when it knows their card
/// (`ComputeParametersInput::card_ids`, which Anki fills with its card ids):
/// the items of one card are prefixes of one history, and fitting them as
/// one sequence is what the reference fit does. Without ids the fit on a
/// real log lands measurably worse.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainingSet {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
}

impl TrainingSet {
    /// Items, each one a usable review (see [`training_items`]).
    pub fn len(&self) -> usize {
        self.items.len()
    }
}

/// Training items from per-card histories, as Anki builds them
/// (`rslib/src/scheduler/fsrs/params.rs`, `fsrs_items_for_training`).
///
/// Each history is put in time order first (ties keep their given order, as
/// [`Scheduler::replay`](super::Scheduler::replay) does, so the fit and the
/// schedule see the same history). Then every review after the first whose
/// day gap (`clock.days_between` the previous review) is above zero ends one
/// item holding the card's reviews up to and including it; the first review
/// has `delta_t` 0; same-day reviews stay inside items with `delta_t` 0 but
/// never end one. Items are ordered by the time of their last review, as
/// Anki orders them (the crate's recency weighting depends on that order).
///
/// Card ids number the histories in the order of their first review (ties
/// in given order): Anki's card ids are creation times, so they too ascend
/// with the order cards entered study. The crate groups items by id.
///
/// Anki also drops a card's reviews before its last "first learning" run,
/// which is how it marks a card reset to new. rolecall has no reset: a
/// history is one learning run from its first review, so nothing is
/// dropped.
#[allow(clippy::trivially_copy_pass_by_ref)] // the clock goes by reference across `schedule`
pub fn training_items(histories: &[Vec<(DateTime<Utc>, Grade)>], clock: &DayClock) -> TrainingSet {
    let mut sorted: Vec<Vec<(DateTime<Utc>, Grade)>> = histories
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| chronological(h))
        .collect();
    sorted.sort_by_key(|h| h[0].0);
    let mut items: Vec<(DateTime<Utc>, i64, FSRSItem)> = Vec::new();
    for (card_id, history) in (0_i64..).zip(&sorted) {
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous: Option<DateTime<Utc>> = None;
        for &(at, grade) in history {
            let delta_t = previous.map_or(0, |p| clock.days_between(p, at));
            reviews.push(FSRSReview {
                rating: grade.number(),
                delta_t,
            });
            if previous.is_some() && delta_t > 0 {
                items.push((
                    at,
                    card_id,
                    FSRSItem {
                        reviews: reviews.clone(),
                    },
                ));
            }
            previous = Some(at);
        }
    }
    // Stable: items ending at the same moment keep card order.
    items.sort_by_key(|(at, _, _)| *at);
    let (card_ids, items) = items.into_iter().map(|(_, id, item)| (id, item)).unzip();
    TrainingSet { items, card_ids }
}

/// Fits personal parameters with the crate's optimizer: short-term memory
/// enabled and card ids given, as Anki does; the crate's default training
/// settings (Anki asks for 8 epochs instead of 5, which fits its own log a
/// little closer; the reference figures are the crate's defaults). `progress(done, total)` is called from this
/// thread while the fit runs on another one.
pub fn fit(
    set: &TrainingSet,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<f32>, ScheduleError> {
    let count = set.len();
    if count < MIN_REVIEWS_TO_FIT {
        return Err(ScheduleError::NotEnoughData {
            items: count,
            needed: MIN_REVIEWS_TO_FIT,
        });
    }
    let shared = CombinedProgressState::new_shared();
    let input = ComputeParametersInput {
        train_set: set.items.clone(),
        card_ids: Some(set.card_ids.clone()),
        progress: Some(Arc::clone(&shared)),
        enable_short_term: true,
        ..ComputeParametersInput::default()
    };
    // The crate reports progress only through shared state, so the fit runs
    // on a scoped thread and this one relays the counts to the callback.
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(move || fsrs::compute_parameters(input));
        let mut last = None;
        while !worker.is_finished() {
            let now = read_progress(&shared);
            if last != Some(now) && now.1 > 0 {
                progress(now.0, now.1);
                last = Some(now);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        worker.join()
    });
    let result = match result {
        Ok(result) => result,
        // A panic inside the crate is a bug there; keep its message.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (_, total) = read_progress(&shared);
    if total > 0 {
        progress(total, total);
    }
    result.map_err(|source| match source {
        FSRSError::NotEnoughData => ScheduleError::NotEnoughData {
            items: count,
            needed: MIN_REVIEWS_TO_FIT,
        },
        source => ScheduleError::Fsrs {
            operation: "fit parameters",
            source,
        },
    })
}

fn read_progress(shared: &Mutex<CombinedProgressState>) -> (usize, usize) {
    // A poisoned lock means the worker panicked; the join reports that.
    let state = shared.lock().unwrap_or_else(PoisonError::into_inner);
    (state.current(), state.total())
}

/// Log loss and calibration of `parameters` (empty: the defaults) on `set`.
/// Each card's items are computed along one pass over its history, which
/// gives exactly the per-item figures in far less time.
pub fn evaluate(parameters: &[f32], set: &TrainingSet) -> Result<Evaluation, ScheduleError> {
    let fsrs = FSRS::new(parameters).map_err(|source| ScheduleError::InvalidParameters {
        count: parameters.len(),
        source,
    })?;
    let model = fsrs
        .evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| true)
        .map_err(|source| ScheduleError::Fsrs {
            operation: "evaluate parameters",
            source,
        })?;
    Ok(Evaluation {
        log_loss: model.log_loss,
        rmse_bins: model.rmse_bins,
    })
}

/// Expected workload for each desired retention, relative to the workload
/// at [`DEFAULT_RETENTION`] (1.0 = as much review time as at 0.90), from the
/// crate's `expected_workload` with its default simulator settings.
pub fn workload_by_retention(
    parameters: &[f32],
    retentions: &[f32],
) -> Result<Vec<(f32, f32)>, ScheduleError> {
    let config = SimulatorConfig::default();
    let workload = |retention: f32| {
        if !RETENTION_RANGE.contains(&retention) {
            return Err(ScheduleError::RetentionOutOfRange { retention });
        }
        fsrs::expected_workload(parameters, retention, &config).map_err(|source| match source {
            FSRSError::InvalidParameters => ScheduleError::InvalidParameters {
                count: parameters.len(),
                source,
            },
            source => ScheduleError::Fsrs {
                operation: "estimate workload",
                source,
            },
        })
    };
    let baseline = workload(DEFAULT_RETENTION)?;
    retentions
        .iter()
        .map(|&r| Ok((r, workload(r)? / baseline)))
        .collect()
}

#[cfg(test)]
mod tests;
