//! Personal parameters: turning review histories into FSRS training items,
//! fitting and evaluating parameters, and the workload of a retention.
//!
//! Used by `rolecall optimize`; reading the review log and printing progress
//! stay with the caller.

use super::{DEFAULT_RETENTION, DayClock, RETENTION_RANGE, ScheduleError};
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

/// Training items from per-card histories, as the crate's Anki converter
/// (`convertor_tests.rs`) builds them.
///
/// For each card, every review after the first whose day gap
/// (`clock.days_between` the previous review) is above zero ends one item
/// holding the card's reviews up to and including it; the first review has
/// `delta_t` 0; same-day reviews stay inside items with `delta_t` 0 but never
/// end one. Items are ordered by the time of their last review, as the crate
/// orders them (its recency weighting depends on that order).
///
/// The crate also drops a card's reviews before its last "first learning"
/// run, which is how Anki marks a card reset to new. rolecall has no reset:
/// a history is one learning run from its first review, so nothing is
/// dropped. Histories need not be sorted.
#[allow(clippy::trivially_copy_pass_by_ref)] // the clock goes by reference across `schedule`
pub fn training_items(
    histories: &[Vec<(DateTime<Utc>, Grade)>],
    clock: &DayClock,
) -> Vec<FSRSItem> {
    let mut items: Vec<(DateTime<Utc>, FSRSItem)> = Vec::new();
    for history in histories {
        let mut history = history.clone();
        history.sort_by_key(|&(at, _)| at);
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous: Option<DateTime<Utc>> = None;
        for &(at, grade) in &history {
            let delta_t = previous.map_or(0, |p| clock.days_between(p, at));
            reviews.push(FSRSReview {
                rating: grade.number(),
                delta_t,
            });
            if previous.is_some() && delta_t > 0 {
                items.push((
                    at,
                    FSRSItem {
                        reviews: reviews.clone(),
                    },
                ));
            }
            previous = Some(at);
        }
    }
    items.sort_by_key(|(at, _)| *at);
    items.into_iter().map(|(_, item)| item).collect()
}

/// Fits personal parameters with the crate's optimizer (short-term memory
/// enabled, as Anki does). `progress(done, total)` is called from this
/// thread while the fit runs on another one.
pub fn fit(
    items: Vec<FSRSItem>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<f32>, ScheduleError> {
    if items.len() < MIN_REVIEWS_TO_FIT {
        return Err(ScheduleError::NotEnoughData {
            items: items.len(),
            needed: MIN_REVIEWS_TO_FIT,
        });
    }
    let count = items.len();
    let shared = CombinedProgressState::new_shared();
    let input = ComputeParametersInput {
        train_set: items,
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

/// Log loss and calibration of `parameters` on `items`.
pub fn evaluate(parameters: &[f32], items: Vec<FSRSItem>) -> Result<Evaluation, ScheduleError> {
    let fsrs = FSRS::new(parameters).map_err(|source| ScheduleError::InvalidParameters {
        count: parameters.len(),
        source,
    })?;
    let model = fsrs
        .evaluate(items, |_| true)
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
