//! Scheduling settings of a profile, resolved once: a command's flag, else
//! the profile's `settings.json`, else the data dir's `config.json`, else
//! the default; and the scheduler and learner's day they give.

use crate::deck::Card;
use crate::error::BadInput;
use crate::progress::Progress;
use crate::schedule::{self, DayClock, Scheduler};
use crate::session::{Planner, Resume};
use crate::store::{Settings, Store};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, NaiveDate, Offset, TimeZone, Utc};

/// New cards per day when nothing says otherwise.
pub const DEFAULT_NEW_PER_DAY: u32 = 10;

/// Flags that override the saved settings for one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Overrides {
    /// `--retention`.
    pub retention: Option<f32>,
    /// `--new`.
    pub new_per_day: Option<u32>,
}

/// The settings a profile studies with.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub retention: f32,
    pub new_per_day: u32,
    /// Fitted FSRS parameters; `None` for the defaults.
    pub parameters: Option<Vec<f32>>,
    pub interview_on: Option<NaiveDate>,
}

impl Resolved {
    /// Resolves `settings` (the profile's file) with `overrides` and the
    /// data dir's defaults.
    pub fn new(store: &Store, settings: &Settings, overrides: Overrides) -> Result<Resolved> {
        let data_config = store
            .read_config()
            .context("cannot read the data-dir config")?;
        let retention = overrides
            .retention
            .or(settings.desired_retention)
            .or(data_config.desired_retention)
            .unwrap_or(schedule::DEFAULT_RETENTION);
        if !schedule::RETENTION_RANGE.contains(&retention) {
            return Err(BadInput(format!(
                "desired retention {retention} is out of range: use 0.70 to 0.99"
            ))
            .into());
        }
        Ok(Resolved {
            retention,
            new_per_day: overrides
                .new_per_day
                .or(settings.new_per_day)
                .or(data_config.new_per_day)
                .unwrap_or(DEFAULT_NEW_PER_DAY),
            parameters: settings.parameters.clone(),
            interview_on: settings.interview_on,
        })
    }

    /// The scheduler these settings give, with the learner's day at `now`.
    pub fn scheduler(&self, now: DateTime<Utc>) -> Result<Scheduler> {
        Ok(Scheduler::new(
            self.parameters.as_deref(),
            self.retention,
            day_clock(now),
        )?)
    }
}

impl Resolved {
    /// Plans sessions of `cards` with these settings (see [`Planner`]).
    pub fn planner<'a>(
        &self,
        cards: &'a [&'a Card],
        scheduler: &'a Scheduler,
        progress: &'a Progress,
        now: DateTime<Utc>,
        resume: Option<&'a Resume>,
    ) -> Planner<'a> {
        Planner {
            cards,
            scheduler,
            progress,
            now,
            new_per_day: self.new_per_day,
            interview_on: self.interview_on,
            resume,
        }
    }
}

/// The learner's day boundaries: local time at `now`, day starting 04:00.
pub fn day_clock(now: DateTime<Utc>) -> DayClock {
    let offset = Local.from_utc_datetime(&now.naive_utc()).offset().fix();
    DayClock::with_offset(offset)
}
