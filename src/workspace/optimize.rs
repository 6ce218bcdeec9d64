//! Fitting personal FSRS parameters to a profile's history and comparing
//! them, on the same training items, with the defaults and the parameters
//! in use; and the workload each desired retention would cost.

use super::settings::Resolved;
use super::writer::ProfileWriter;
use crate::grade::Grade;
use crate::schedule::{self, Evaluation, MIN_REVIEWS_TO_FIT, TrainingSet};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

/// Desired retentions in the workload table (the learner's own is added
/// when it is not one of them). Each estimate takes a noticeable moment,
/// so the step is 0.02 rather than 0.01.
const RETENTIONS: [f32; 9] = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.95];

/// A history too short to fit: what it holds and what is usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "not enough reviews to fit parameters: {usable} usable, at least {MIN_REVIEWS_TO_FIT} \
     needed ({} more). The log holds {reviews} review{} of {cards} card{}; a usable review \
     is a card's review on a later day than its previous one. Keep studying for a few days \
     and try again.",
    MIN_REVIEWS_TO_FIT - usable,
    if *reviews == 1 { "" } else { "s" },
    if *cards == 1 { "" } else { "s" }
)]
pub struct NotEnough {
    pub usable: usize,
    pub reviews: usize,
    pub cards: usize,
}

/// A profile's history, ready to fit parameters to.
#[derive(Debug)]
pub struct Training {
    /// The training items, with the card of each.
    set: TrainingSet,
    /// Usable reviews (training items).
    pub usable: usize,
    /// Reviews that stand, and the cards they review.
    pub reviews: usize,
    pub cards: usize,
}

/// A fit and how it compares with the defaults and the parameters in use.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub parameters: Vec<f32>,
    pub default: Evaluation,
    /// The parameters in use, when they are not the defaults.
    pub current: Option<Evaluation>,
    pub fitted: Evaluation,
}

impl Fit {
    /// The fitted parameters predict the history better than those in use.
    pub fn is_better(&self) -> bool {
        self.fitted.log_loss < self.current.unwrap_or(self.default).log_loss
    }
}

impl Training {
    /// The writer's history, in the profile's learner days; [`NotEnough`]
    /// when too little of it is usable.
    pub fn new(writer: &ProfileWriter) -> Result<Training> {
        let history = writer.history()?;
        let histories: Vec<Vec<(DateTime<Utc>, Grade)>> = history.card_histories();
        let set = schedule::training_items(&histories, &writer.settings().clock);
        let (usable, reviews, cards) = (set.len(), history.len(), histories.len());
        if usable < MIN_REVIEWS_TO_FIT {
            return Err(NotEnough {
                usable,
                reviews,
                cards,
            }
            .into());
        }
        Ok(Training {
            set,
            usable,
            reviews,
            cards,
        })
    }

    /// Fits parameters (reporting the optimizer's progress) and evaluates
    /// them, the defaults and `current` on the same items.
    pub fn fit(&self, current: Option<&[f32]>, progress: impl FnMut(usize, usize)) -> Result<Fit> {
        let set = &self.set;
        let parameters = schedule::fit(set, progress).context("could not fit parameters")?;
        Ok(Fit {
            default: schedule::evaluate(&[], set)?,
            current: current.map(|p| schedule::evaluate(p, set)).transpose()?,
            fitted: schedule::evaluate(&parameters, set)?,
            parameters,
        })
    }
}

/// The workload of each desired retention of the table (and the learner's
/// own) with `settings`' parameters, relative to 0.90.
pub fn workload(settings: &Resolved) -> Result<Vec<(f32, f32)>> {
    let mut retentions = RETENTIONS.to_vec();
    if !retentions
        .iter()
        .any(|r| (r - settings.retention).abs() < 0.005)
    {
        retentions.push(settings.retention);
        retentions.sort_by(f32::total_cmp);
    }
    let parameters = settings.parameters.as_deref().unwrap_or_default();
    Ok(schedule::workload_by_retention(parameters, &retentions)?)
}
