//! Restoring a profile's progress: the snapshot plus only the log after its
//! offset, or a streamed replay of the whole log when the snapshot cannot
//! be used; and one card's replay, for a review recorded out of time order.

use crate::history::Entry;
use crate::progress::{Progress, Replay};
use crate::schedule::Scheduler;
use crate::store::{ProfileReader, SNAPSHOT_VERSION, SnapshotFile};
use anyhow::Result;

/// Progress restored for a profile, with what the caller should know.
#[derive(Debug)]
pub struct Restored {
    pub progress: Progress,
    /// What reading the log set aside (a torn last line), for the user.
    pub warnings: Vec<String>,
    /// The snapshot is missing, older than the log (which is not empty) or
    /// of an earlier format: a writer should save a fresh one.
    pub snapshot_stale: bool,
    /// The log's length and entries covered by `progress`.
    pub log_offset: u64,
    pub log_entries: u64,
}

/// Restores progress from `snapshot` plus only the log entries after its
/// offset, so start-up does not grow with the length of the history; the
/// whole log is replayed (streamed, never held in memory) when there is no
/// usable snapshot or its tail cannot be applied on top (an undo, a clock
/// set back).
pub fn restore(
    reader: &ProfileReader,
    snapshot: Option<SnapshotFile>,
    scheduler: &Scheduler,
) -> Result<Restored> {
    // States and due times depend on the scheduling settings too, not only
    // on the log: a snapshot made under other settings is not reused.
    if let Some(snapshot) = snapshot.filter(|s| s.schedule == scheduler.fingerprint()) {
        let tail = reader.read_log_from(snapshot.log_offset)?;
        let log_entries = snapshot.log_entries;
        // A snapshot of an earlier format is replaced by one of this format.
        let earlier_format = snapshot.version != SNAPSHOT_VERSION;
        let mut progress = Progress::from(snapshot);
        let tail_len = tail.entries.len() as u64;
        let entries: Vec<_> = tail.entries.into_iter().map(Entry::from).collect();
        if progress.extend(&entries, scheduler).is_some() {
            return Ok(Restored {
                progress,
                warnings: tail.warnings,
                snapshot_stale: tail_len > 0 || earlier_format,
                log_offset: tail.end_offset,
                log_entries: log_entries + tail_len,
            });
        }
    }
    let mut replay = Replay::default();
    let scan = reader.for_each_entry_from(0, |entry| replay.push(Entry::from(entry)))?;
    Ok(Restored {
        progress: replay.finish(scheduler),
        warnings: scan.warnings,
        // An empty log needs no cache: a new profile's first card is not
        // held up by writing (and fsyncing) one.
        snapshot_stale: scan.end_offset > 0,
        log_offset: scan.end_offset,
        log_entries: scan.entries,
    })
}

/// `card`'s progress replayed from the whole log (streamed, keeping only
/// its entries): for a review logged after a later one of its card, which
/// takes its place in the card's history by time, as a full replay does.
pub fn replay_card(reader: &ProfileReader, card: &str, scheduler: &Scheduler) -> Result<Progress> {
    let mut replay = Replay::of_card(card);
    reader.for_each_entry_from(0, |entry| replay.push(Entry::from(entry)))?;
    Ok(replay.finish(scheduler))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Grade;
    use crate::schedule::DayClock;
    use crate::store::{LogEntry, ReviewRecord, Store, UndoRecord};
    use crate::workspace::convert;
    use chrono::{Offset, Utc};

    fn review(card: &str, at: &str, grade: Grade) -> LogEntry {
        LogEntry::Review(ReviewRecord {
            card: card.into(),
            at: at.parse().unwrap(),
            grade,
            score: None,
            duration_ms: 1000,
            mode: "self".into(),
            session: None,
            shown: None,
            rubric: None,
            id: None,
            corrected: None,
        })
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(None, 0.9, DayClock::with_offset(Utc.fix())).unwrap()
    }

    fn entries(log: &[LogEntry]) -> Vec<Entry> {
        log.iter().cloned().map(Entry::from).collect()
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
        let progress = Progress::replay(&entries(head), &s);
        p.save_snapshot(&convert::snapshot(
            &progress,
            &scheduler(),
            p.log_len(),
            head.len() as u64,
            p.log_crc32(),
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
        Progress::replay(&entries(&log.entries), &scheduler())
    }

    fn load(store: &Store) -> Restored {
        let reader = store.open_read("p").unwrap();
        restore(&reader, reader.load_snapshot(), &scheduler()).unwrap()
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
        let loaded = restore(p.reader(), snapshot, &scheduler()).unwrap();
        assert_eq!(loaded.progress, replayed(&store));
        assert!(loaded.snapshot_stale, "the tail is not in the snapshot yet");
        assert_eq!(loaded.log_entries, 4);
        assert_eq!(loaded.log_offset, p.log_len());

        // Nothing after the snapshot: it is current as it is.
        let (_tmp, store) = profile_with(&head, &[]);
        let loaded = load(&store);
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
            let loaded = load(&store);
            let full = replayed(&store);
            assert_eq!(loaded.progress, full, "{tail:?}");
            assert_ne!(
                loaded.progress,
                Progress::replay(&entries(&head), &scheduler()),
                "{tail:?} changes the state"
            );
            assert!(loaded.snapshot_stale);
            assert_eq!(loaded.log_entries, 3);
        }
    }
}
