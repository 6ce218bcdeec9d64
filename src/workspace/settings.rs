//! Scheduling settings of a profile, resolved once: a command's flag, else
//! the profile's `settings.json`, else the data dir's `config.json`, else
//! the default; and the scheduler and learner's day they give.
//!
//! The learner's day is the profile's: its `time_zone` and `rollover_hour`,
//! recorded from the machine the first time the profile is written to
//! ([`settle_day_boundary`]); until then the machine's zone
//! ([`machine_zone`], the one place that reads it) and 04:00.

use crate::deck::Card;
use crate::error::BadInput;
use crate::progress::Progress;
use crate::schedule::{self, DayClock, Scheduler, Zone};
use crate::session::{Filters, Planner, Resumable};
use crate::store::{Settings, Store, StoreError};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, NaiveDate, Offset, Utc};
use std::path::Path;

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
    /// The profile's learner days.
    pub clock: DayClock,
    /// The filters `study` uses when given none.
    pub default_filters: Filters,
}

impl Resolved {
    /// Resolves `settings` (the profile's file, at `settings_path`) with
    /// `overrides` and the data dir's defaults. A value out of range is
    /// reported with the file it came from.
    pub fn new(
        store: &Store,
        settings: &Settings,
        settings_path: &Path,
        overrides: Overrides,
    ) -> Result<Resolved> {
        let data_config = store
            .read_config()
            .context("cannot read the data-dir config")?;
        let (retention, from) = match (
            overrides.retention,
            settings.desired_retention,
            data_config.desired_retention,
        ) {
            (Some(r), _, _) => (r, None),
            (None, Some(r), _) => (r, Some(settings_path.to_path_buf())),
            (None, None, Some(r)) => (r, Some(store.config_path())),
            (None, None, None) => (schedule::DEFAULT_RETENTION, None),
        };
        if !schedule::RETENTION_RANGE.contains(&retention) {
            let message =
                format!("desired retention {retention} is out of range: use 0.70 to 0.99");
            return Err(match from {
                Some(path) => StoreError::BadSetting { path, message }.into(),
                None => BadInput(message).into(),
            });
        }
        let clock = day_clock(settings)?;
        if let Some(parameters) = &settings.parameters {
            Scheduler::new(Some(parameters), retention, clock).map_err(|e| {
                StoreError::BadSetting {
                    path: settings_path.to_path_buf(),
                    message: e.to_string(),
                }
            })?;
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
            clock,
            default_filters: Filters {
                decks: settings.decks.clone().unwrap_or_default(),
                roles: settings.roles.clone().unwrap_or_default(),
                tasks: Vec::new(),
                kinds: settings.kinds.clone().unwrap_or_default(),
            },
        })
    }

    /// The scheduler these settings give.
    pub fn scheduler(&self) -> Result<Scheduler> {
        Ok(Scheduler::new(
            self.parameters.as_deref(),
            self.retention,
            self.clock,
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
        resume: Option<Resumable<'a>>,
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

/// The profile's learner days: its recorded zone and rollover hour, or the
/// machine's zone and 04:00 until they are recorded. A value that means
/// nothing is bad input naming the file and the key.
fn day_clock(settings: &Settings) -> Result<DayClock> {
    let zone = match &settings.time_zone {
        Some(text) => text
            .parse()
            .map_err(|e| BadInput(format!("settings.json: time_zone: {e}")))?,
        None => machine_zone(),
    };
    let hour = settings
        .rollover_hour
        .unwrap_or(DayClock::DEFAULT_ROLLOVER_HOUR);
    DayClock::new(zone, hour)
        .map_err(|e| BadInput(format!("settings.json: rollover_hour: {e}")).into())
}

/// Records the day boundary a profile is studied with in its settings (the
/// first time the profile is written to), so that moving it to a machine in
/// another zone, or CI in UTC, does not move its reviews into other days.
/// A rollover hour set by hand is kept. Returns whether `settings` changed
/// (and should be saved).
pub fn settle_day_boundary(settings: &mut Settings, clock: &DayClock) -> bool {
    let missing = settings.time_zone.is_none() || settings.rollover_hour.is_none();
    settings
        .time_zone
        .get_or_insert_with(|| clock.zone().to_string());
    settings.rollover_hour.get_or_insert(clock.rollover_hour());
    missing
}

/// The machine's time zone, as `chrono::Local` reads it: `TZ` when it is
/// set, else the system's zone; when neither names an IANA zone (a POSIX
/// rule in `TZ`, no zone database), the UTC offset in force now.
pub fn machine_zone() -> Zone {
    let named = match std::env::var("TZ") {
        Ok(value) => schedule::zone_from_tz_variable(&value),
        Err(_) => iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| name.parse().ok()),
    };
    named.unwrap_or_else(|| Zone::Fixed(Local::now().offset().fix()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_boundary_is_recorded_once_and_then_read_from_settings() {
        let mut settings = Settings::default();
        let berlin = DayClock::new("Europe/Berlin".parse::<Zone>().unwrap(), 4).unwrap();
        assert!(settle_day_boundary(&mut settings, &berlin));
        assert_eq!(settings.time_zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(settings.rollover_hour, Some(4));
        assert_eq!(day_clock(&settings).unwrap(), berlin);
        // Recorded settings win over whatever machine reads them later.
        let tokyo = DayClock::new("Asia/Tokyo".parse::<Zone>().unwrap(), 0).unwrap();
        assert!(!settle_day_boundary(&mut settings, &tokyo));
        assert_eq!(day_clock(&settings).unwrap(), berlin);
        // A rollover set by hand is kept when the zone is filled in.
        let mut by_hand = Settings {
            rollover_hour: Some(2),
            ..Settings::default()
        };
        assert!(settle_day_boundary(&mut by_hand, &tokyo));
        assert_eq!(
            (by_hand.time_zone.as_deref(), by_hand.rollover_hour),
            (Some("Asia/Tokyo"), Some(2))
        );
    }

    #[test]
    fn a_bad_day_boundary_setting_names_the_key() {
        for (settings, expected) in [
            (
                Settings {
                    time_zone: Some("Mars/Olympus".into()),
                    ..Settings::default()
                },
                "settings.json: time_zone: `Mars/Olympus` is not a time zone",
            ),
            (
                Settings {
                    time_zone: Some("UTC".into()),
                    rollover_hour: Some(24),
                    ..Settings::default()
                },
                "settings.json: rollover_hour: day rollover hour 24 is not an hour",
            ),
        ] {
            let err = day_clock(&settings).unwrap_err();
            assert!(err.is::<BadInput>(), "{err:#}");
            assert!(err.to_string().starts_with(expected), "{err:#}");
        }
    }
}
