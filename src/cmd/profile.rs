//! Shared by commands that use a profile: opening the store, building the
//! scheduler from settings, and restoring progress from the snapshot or the
//! log (and keeping the snapshot current).

use crate::config::Config;
use crate::error::BadInput;
use crate::progress::{CardProgress, Event, Progress, Replay, Review};
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
    entries.iter().cloned().map(event).collect()
}

/// Converts one log entry to a progress event.
pub fn event(entry: LogEntry) -> Event {
    match entry {
        LogEntry::Review(r) => Event::Review(Review {
            card: r.card,
            at: r.at,
            grade: r.grade,
        }),
        LogEntry::Undo(u) => Event::Undo {
            card: u.card,
            review_at: u.review_at,
        },
    }
}

/// Progress restored for a profile, with what the caller should know.
pub struct Loaded {
    pub progress: Progress,
    pub warnings: Vec<String>,
    /// The snapshot is missing or older than the log (which is not empty):
    /// write a fresh one.
    pub snapshot_stale: bool,
    pub log_offset: u64,
    pub log_entries: u64,
}

/// Restores progress, reading the snapshot itself (for readers; a writer
/// has it from [`Profile::take_snapshot`](crate::store::Profile::take_snapshot)).
pub fn load_progress(reader: &ProfileReader, scheduler: &Scheduler) -> Result<Loaded> {
    load_progress_from(reader, reader.load_snapshot(), scheduler)
}

/// Restores progress from `snapshot` plus only the log entries after its
/// offset, so start-up does not grow with the length of the history; the
/// whole log is replayed (streamed, never held in memory) when there is no
/// usable snapshot or its tail cannot be applied on top (an undo, a clock
/// set back).
pub fn load_progress_from(
    reader: &ProfileReader,
    snapshot: Option<SnapshotFile>,
    scheduler: &Scheduler,
) -> Result<Loaded> {
    // States and due times depend on the scheduling settings too, not only
    // on the log: a snapshot made under other settings is not reused.
    if let Some(snapshot) = snapshot.filter(|s| s.schedule == scheduler.fingerprint()) {
        let tail = reader.read_log_from(snapshot.log_offset)?;
        let log_entries = snapshot.log_entries;
        let mut progress = into_progress(snapshot);
        let tail_len = tail.entries.len() as u64;
        if progress.extend(&events(&tail.entries), scheduler).is_some() {
            return Ok(Loaded {
                progress,
                warnings: tail.warnings,
                snapshot_stale: tail_len > 0,
                log_offset: tail.end_offset,
                log_entries: log_entries + tail_len,
            });
        }
    }
    let mut replay = Replay::default();
    let scan = reader.for_each_entry_from(0, |entry| replay.push(event(entry)))?;
    Ok(Loaded {
        progress: replay.finish(scheduler),
        warnings: scan.warnings,
        // An empty log needs no cache: a new profile's first card is not
        // held up by writing (and fsyncing) one.
        snapshot_stale: scan.end_offset > 0,
        log_offset: scan.end_offset,
        log_entries: scan.entries,
    })
}

/// The snapshot's card states as progress (card ids moved, not copied).
fn into_progress(snapshot: SnapshotFile) -> Progress {
    let mut progress = Progress::default();
    progress.cards.reserve(snapshot.cards.len());
    for r in snapshot.cards {
        let first_review = r.first_review.unwrap_or(r.last_review);
        progress.cards.insert(
            r.card,
            CardProgress {
                state: CardState {
                    stability: r.stability,
                    difficulty: r.difficulty,
                    due: r.due,
                    last_review: r.last_review,
                    reps: r.reps,
                    lapses: r.lapses,
                },
                first_review,
            },
        );
    }
    progress
}

pub fn to_snapshot(
    progress: &Progress,
    scheduler: &Scheduler,
    log_offset: u64,
    log_entries: u64,
) -> SnapshotFile {
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
        schedule: scheduler.fingerprint().to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Grade;
    use crate::store::{ReviewRecord, UndoRecord};

    fn review(card: &str, at: &str, grade: Grade) -> LogEntry {
        LogEntry::Review(ReviewRecord {
            card: card.into(),
            at: at.parse().unwrap(),
            grade,
            score: None,
            duration_ms: 1000,
            mode: "self".into(),
            session: None,
        })
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(None, 0.9, DayClock::with_offset(Utc.fix())).unwrap()
    }

    /// A profile whose log holds `head`, a snapshot of it, then `tail`.
    fn profile_with(head: &[LogEntry], tail: &[LogEntry]) -> (tempfile::TempDir, Store) {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().to_path_buf());
        let mut p = store.open("p").unwrap();
        for e in head {
            p.append(e).unwrap();
        }
        let s = scheduler();
        let progress = Progress::replay(&events(head), &s);
        p.save_snapshot(&to_snapshot(
            &progress,
            &scheduler(),
            p.log_len(),
            head.len() as u64,
        ))
        .unwrap();
        for e in tail {
            p.append(e).unwrap();
        }
        (tmp, store)
    }

    /// What a full replay of the whole log gives.
    fn replayed(store: &Store) -> Progress {
        let log = store.open_read("p").unwrap().read_log().unwrap();
        Progress::replay(&events(&log.entries), &scheduler())
    }

    #[test]
    fn snapshot_plus_tail_equals_a_full_replay() {
        let head = [
            review("a", "2026-01-01T09:00:00Z", Grade::Good),
            review("b", "2026-01-01T09:01:00Z", Grade::Again),
        ];
        let tail = [
            review("a", "2026-01-05T09:00:00Z", Grade::Hard),
            review("c", "2026-01-05T09:01:00Z", Grade::Easy),
        ];
        let (_tmp, store) = profile_with(&head, &tail);
        let mut p = store.open("p").unwrap();
        let snapshot = p.take_snapshot();
        assert!(snapshot.is_some(), "open keeps the snapshot it checked");
        assert!(p.take_snapshot().is_none(), "handed over once");
        let loaded = load_progress_from(p.reader(), snapshot, &scheduler()).unwrap();
        assert_eq!(loaded.progress, replayed(&store));
        assert!(loaded.snapshot_stale, "the tail is not in the snapshot yet");
        assert_eq!(loaded.log_entries, 4);
        assert_eq!(loaded.log_offset, p.log_len());

        // Nothing after the snapshot: it is current as it is.
        let (_tmp, store) = profile_with(&head, &[]);
        let loaded = load_progress(&store.open_read("p").unwrap(), &scheduler()).unwrap();
        assert_eq!(loaded.progress, replayed(&store));
        assert!(!loaded.snapshot_stale);
        assert_eq!(loaded.log_entries, 2);
    }

    #[test]
    fn a_tail_the_snapshot_cannot_absorb_means_a_full_replay() {
        let head = [
            review("a", "2026-01-01T09:00:00Z", Grade::Good),
            review("a", "2026-01-03T09:00:00Z", Grade::Good),
        ];
        let undo = LogEntry::Undo(UndoRecord {
            at: "2026-01-03T09:00:05Z".parse().unwrap(),
            card: "a".into(),
            review_at: "2026-01-03T09:00:00Z".parse().unwrap(),
        });
        // A review older than the card's last one: the clock was set back.
        let backdated = review("a", "2026-01-02T09:00:00Z", Grade::Again);
        for tail in [vec![undo], vec![backdated]] {
            let (_tmp, store) = profile_with(&head, &tail);
            let loaded = load_progress(&store.open_read("p").unwrap(), &scheduler()).unwrap();
            let full = replayed(&store);
            assert_eq!(loaded.progress, full, "{tail:?}");
            assert_ne!(
                loaded.progress,
                Progress::replay(&events(&head), &scheduler()),
                "{tail:?} changes the state"
            );
            assert!(loaded.snapshot_stale);
            assert_eq!(loaded.log_entries, 3);
        }
    }
}
