//! `rolecall config`: the settings a learner may save from the command line
//! (new cards a day, desired retention, the filters bare `study` uses, the
//! learner's day, whether answers are read for meaning), read with where each
//! value comes from, checked before anything is saved.

use super::Workspace;
use super::settings::{DEFAULT_NEW_PER_DAY, machine_zone};
use crate::deck::load::Library;
use crate::error::BadInput;
use crate::schedule::{self, DayClock, Zone};
use crate::session::Filters;
use crate::store::{Config as DataConfig, Settings};
use anyhow::Result;

/// A setting `config` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    NewPerDay,
    DesiredRetention,
    Decks,
    Roles,
    Kinds,
    /// Where learner days are counted (an IANA name or a UTC offset).
    TimeZone,
    /// The local hour a new learner day starts.
    RolloverHour,
    /// Whether typed answers are read for meaning (`off`: words alone).
    Semantic,
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::NewPerDay,
        Key::DesiredRetention,
        Key::Decks,
        Key::Roles,
        Key::Kinds,
        Key::TimeZone,
        Key::RolloverHour,
        Key::Semantic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::NewPerDay => "new-per-day",
            Key::DesiredRetention => "desired-retention",
            Key::Decks => "decks",
            Key::Roles => "roles",
            Key::Kinds => "kinds",
            Key::TimeZone => "time-zone",
            Key::RolloverHour => "rollover-hour",
            Key::Semantic => "semantic",
        }
    }

    /// The key named `name` (singular list names and `retention` too).
    pub fn parse(name: &str) -> Result<Key> {
        let key = match name {
            "new-per-day" | "new" => Key::NewPerDay,
            "desired-retention" | "retention" => Key::DesiredRetention,
            "decks" | "deck" => Key::Decks,
            "roles" | "role" => Key::Roles,
            "kinds" | "kind" => Key::Kinds,
            "time-zone" | "timezone" | "zone" => Key::TimeZone,
            "rollover-hour" | "rollover" => Key::RolloverHour,
            "semantic" | "meaning" => Key::Semantic,
            _ => {
                let known: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
                return Err(BadInput(format!(
                    "no setting `{name}`; settings: {}",
                    known.join(", ")
                ))
                .into());
            }
        };
        Ok(key)
    }
}

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Profile,
    /// The data dir's `config.json`, shared by every profile.
    DataDir,
    Default,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Profile => "profile",
            Source::DataDir => "config.json",
            Source::Default => "default",
        }
    }
}

/// One setting as `config list` and `config get` show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub key: &'static str,
    pub value: String,
    pub source: Source,
}

/// Every setting of `profile` with its value and source.
pub fn list(workspace: &Workspace, profile: &str) -> Result<Vec<Setting>> {
    let settings = if workspace.exists(profile)? {
        workspace.store().open_read(profile)?.load_settings()?
    } else {
        Settings::default()
    };
    let data = workspace.store().read_config()?;
    Ok(Key::ALL
        .iter()
        .map(|&key| setting(key, &settings, &data))
        .collect())
}

fn setting(key: Key, settings: &Settings, data: &DataConfig) -> Setting {
    let list = |v: &Option<Vec<String>>| {
        v.as_ref().map(|items| {
            if items.is_empty() {
                "all".to_string()
            } else {
                items.join(",")
            }
        })
    };
    let (value, source) = match key {
        Key::NewPerDay => pick(
            settings.new_per_day.map(|n| n.to_string()),
            data.new_per_day.map(|n| n.to_string()),
            DEFAULT_NEW_PER_DAY.to_string(),
        ),
        Key::DesiredRetention => pick(
            settings.desired_retention.map(|r| r.to_string()),
            data.desired_retention.map(|r| r.to_string()),
            schedule::DEFAULT_RETENTION.to_string(),
        ),
        Key::Decks => pick(list(&settings.decks), None, "all".into()),
        Key::Roles => pick(list(&settings.roles), None, "all".into()),
        Key::Kinds => pick(list(&settings.kinds), None, "all".into()),
        Key::TimeZone => pick(
            settings.time_zone.clone(),
            None,
            format!("{} (this machine's)", machine_zone()),
        ),
        Key::RolloverHour => pick(
            settings.rollover_hour.map(|h| h.to_string()),
            None,
            DayClock::DEFAULT_ROLLOVER_HOUR.to_string(),
        ),
        Key::Semantic => pick(
            settings.semantic.map(|on| switch_name(on).to_string()),
            None,
            switch_name(true).to_string(),
        ),
    };
    Setting {
        key: key.name(),
        value,
        source,
    }
}

/// The values `semantic` takes, as `config` shows them.
pub const SWITCH_VALUES: [&str; 2] = ["on", "off"];

fn switch_name(on: bool) -> &'static str {
    if on {
        SWITCH_VALUES[0]
    } else {
        SWITCH_VALUES[1]
    }
}

/// `on`/`off`, and the usual spellings of yes and no.
fn parse_switch(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Some(true),
        "off" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn pick(profile: Option<String>, data: Option<String>, default: String) -> (String, Source) {
    match (profile, data) {
        (Some(v), _) => (v, Source::Profile),
        (None, Some(v)) => (v, Source::DataDir),
        (None, None) => (default, Source::Default),
    }
}

/// Sets `key` to `value` in `settings` (`None`: forgets it), checking the
/// value first: numbers in range, ids and kinds that exist in `library`.
pub fn apply(
    settings: &mut Settings,
    key: Key,
    value: Option<&str>,
    library: &Library,
) -> Result<()> {
    let Some(value) = value.map(str::trim) else {
        match key {
            Key::NewPerDay => settings.new_per_day = None,
            Key::DesiredRetention => settings.desired_retention = None,
            Key::Decks => settings.decks = None,
            Key::Roles => settings.roles = None,
            Key::Kinds => settings.kinds = None,
            Key::TimeZone => settings.time_zone = None,
            Key::RolloverHour => settings.rollover_hour = None,
            Key::Semantic => settings.semantic = None,
        }
        return Ok(());
    };
    match key {
        Key::NewPerDay => {
            let n: u32 = value.parse().map_err(|_| {
                BadInput(format!(
                    "new-per-day `{value}` is not a whole number of cards: give 0 or more, e.g. 20"
                ))
            })?;
            settings.new_per_day = Some(n);
        }
        Key::DesiredRetention => {
            let r: f32 = value
                .parse()
                .ok()
                .filter(|r| schedule::RETENTION_RANGE.contains(r))
                .ok_or_else(|| {
                    BadInput(format!(
                        "desired-retention `{value}` is out of range: use 0.70 to 0.99"
                    ))
                })?;
            settings.desired_retention = Some(r);
        }
        Key::TimeZone => {
            let zone: Zone = value.parse().map_err(|e| {
                BadInput(format!(
                    "time-zone: {e}; use an IANA name like Europe/Berlin or an offset like +05:30"
                ))
            })?;
            settings.time_zone = Some(zone.to_string());
        }
        Key::RolloverHour => {
            let hour: u32 = value
                .parse()
                .ok()
                .filter(|&h| DayClock::new(Zone::UTC, h).is_ok())
                .ok_or_else(|| {
                    BadInput(format!(
                        "rollover-hour `{value}` is not an hour: give 0 to 23 (the local hour a new day starts)"
                    ))
                })?;
            settings.rollover_hour = Some(hour);
        }
        Key::Semantic => {
            let on = parse_switch(value).ok_or_else(|| {
                BadInput(format!(
                    "semantic `{value}` is not on or off: `off` scores typed answers on words \
                     alone (like --no-semantic), `on` reads them for meaning"
                ))
            })?;
            settings.semantic = Some(on);
        }
        Key::Decks | Key::Roles | Key::Kinds => {
            let items: Vec<String> = value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "all")
                .map(str::to_string)
                .collect();
            let mut check = Filters::default();
            match key {
                Key::Decks => check.decks.clone_from(&items),
                Key::Roles => check.roles.clone_from(&items),
                _ => check.kinds.clone_from(&items),
            }
            check.select(library)?;
            let slot = match key {
                Key::Decks => &mut settings.decks,
                Key::Roles => &mut settings.roles,
                _ => &mut settings.kinds,
            };
            *slot = (!items.is_empty()).then_some(items);
        }
    }
    Ok(())
}
