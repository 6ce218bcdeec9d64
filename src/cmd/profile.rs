//! Shared by commands that use a profile: opening the store, building the
//! scheduler from settings, and restoring progress from the snapshot or the
//! log (and keeping the snapshot current).

use crate::config::Config;
use crate::error::BadInput;
use crate::progress::{CardProgress, Event, Progress, Review};
use crate::schedule::{self, CardState, DayClock, Scheduler};
use crate::store::{
    self, CardStateRecord, LogEntry, ProfileReader, SNAPSHOT_VERSION, Settings, SnapshotFile, Store,
};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, Offset, TimeZone, Utc};

/// A card's scheduling state as the JSON commands print it (stable field
/// names): `cards --json` and `answer --json`.
#[derive(Debug, serde::Serialize)]
pub struct StateJson {
    pub stability: f32,
    pub difficulty: f32,
    pub due: String,
    pub last_review: String,
    pub reps: u32,
    pub lapses: u32,
    /// Probability of recall at the command's `now`.
    pub retrievability: f32,
}

impl StateJson {
    pub fn new(state: &CardState, scheduler: &Scheduler, now: DateTime<Utc>) -> StateJson {
        let time = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        StateJson {
            stability: state.stability,
            difficulty: state.difficulty,
            due: time(state.due),
            last_review: time(state.last_review),
            reps: state.reps,
            lapses: state.lapses,
            retrievability: scheduler.retrievability(state, now),
        }
    }
}

/// New cards per day when nothing says otherwise.
pub const DEFAULT_NEW_PER_DAY: u32 = 10;

/// The store of the configured data dir.
pub fn store(config: &Config) -> Result<Store> {
    let root = config
        .data_dir
        .clone()
        .ok_or_else(|| BadInput("no data dir: set ROLECALL_HOME or pass --data-dir DIR".into()))?;
    store::validate_profile_name(&config.profile).map_err(|e| BadInput(e.to_string()))?;
    Ok(Store::new(root))
}

/// The learner's day boundaries: local time at `now`, day starting 04:00.
pub fn clock(now: DateTime<Utc>) -> DayClock {
    let offset = Local.from_utc_datetime(&now.naive_utc()).offset().fix();
    DayClock::with_offset(offset)
}

/// Scheduling settings resolved from flag, profile, data-dir config and defaults.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub retention: f32,
    pub new_per_day: u32,
    pub parameters: Option<Vec<f32>>,
}

pub fn resolve_settings(
    store: &Store,
    settings: &Settings,
    retention_flag: Option<f32>,
    new_flag: Option<u32>,
) -> Result<Resolved> {
    let data_config = store
        .read_config()
        .context("cannot read the data-dir config")?;
    let retention = retention_flag
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
        new_per_day: new_flag
            .or(settings.new_per_day)
            .or(data_config.new_per_day)
            .unwrap_or(DEFAULT_NEW_PER_DAY),
        parameters: settings.parameters.clone(),
    })
}

pub fn scheduler(resolved: &Resolved, now: DateTime<Utc>) -> Result<Scheduler> {
    Ok(Scheduler::new(
        resolved.parameters.as_deref(),
        resolved.retention,
        clock(now),
    )?)
}

/// Converts log entries to progress events.
pub fn events(entries: &[LogEntry]) -> Vec<Event> {
    entries
        .iter()
        .map(|e| match e {
            LogEntry::Review(r) => Event::Review(Review {
                card: r.card.clone(),
                at: r.at,
                grade: r.grade,
            }),
            LogEntry::Undo(u) => Event::Undo {
                card: u.card.clone(),
                review_at: u.review_at,
            },
        })
        .collect()
}

/// Progress restored for a profile, with what the caller should know.
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<String>,
    /// The snapshot is missing or older than the log: write a fresh one.
    pub snapshot_stale: bool,
    pub log_offset: u64,
    pub log_entries: u64,
}

/// Restores progress: from the snapshot when it matches the log exactly,
/// else by replaying the log.
pub fn load_progress(reader: &ProfileReader, scheduler: &Scheduler) -> Result<Loaded> {
    let log = reader.read_log()?;
    if let Some(snapshot) = reader.load_snapshot()
        && snapshot.log_offset == log.end_offset
        && snapshot.log_entries == log.entries.len() as u64
    {
        return Ok(Loaded {
            progress: from_snapshot(&snapshot),
            warnings: log.warnings,
            snapshot_stale: false,
            log_offset: log.end_offset,
            log_entries: snapshot.log_entries,
        });
    }
    let progress = Progress::replay(&events(&log.entries), scheduler);
    Ok(Loaded {
        progress,
        warnings: log.warnings,
        snapshot_stale: true,
        log_offset: log.end_offset,
        log_entries: log.entries.len() as u64,
    })
}

pub fn from_snapshot(snapshot: &SnapshotFile) -> Progress {
    let mut progress = Progress::default();
    for r in &snapshot.cards {
        progress.cards.insert(
            r.card.clone(),
            CardProgress {
                state: CardState {
                    stability: r.stability,
                    difficulty: r.difficulty,
                    due: r.due,
                    last_review: r.last_review,
                    reps: r.reps,
                    lapses: r.lapses,
                },
                first_review: r.first_review.unwrap_or(r.last_review),
            },
        );
    }
    progress
}

pub fn to_snapshot(progress: &Progress, log_offset: u64, log_entries: u64) -> SnapshotFile {
    let mut cards: Vec<CardStateRecord> = progress
        .cards
        .iter()
        .map(|(card, p)| CardStateRecord {
            card: card.clone(),
            stability: p.state.stability,
            difficulty: p.state.difficulty,
            due: p.state.due,
            last_review: p.state.last_review,
            reps: p.state.reps,
            lapses: p.state.lapses,
            first_review: Some(p.first_review),
        })
        .collect();
    cards.sort_by(|a, b| a.card.cmp(&b.card));
    SnapshotFile {
        version: SNAPSHOT_VERSION,
        log_offset,
        log_entries,
        cards,
    }
}

/// Reads a profile's progress without taking the lock (for read-only
/// commands); an absent profile has no progress.
pub fn read_only(config: &Config, store: &Store) -> Result<Option<(Progress, Scheduler)>> {
    if !store.profiles()?.contains(&config.profile) {
        return Ok(None);
    }
    let reader = store.open_read(&config.profile)?;
    let settings = reader.load_settings()?;
    let resolved = resolve_settings(store, &settings, None, None)?;
    let scheduler = scheduler(&resolved, config.now)?;
    let loaded = load_progress(&reader, &scheduler)?;
    Ok(Some((loaded.progress, scheduler)))
}
