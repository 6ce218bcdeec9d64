//! The store's records and the domain's values, converted by hand in one
//! place (the storage types stay separate, so the domain can change without
//! silently changing the files): log entries to history entries, the
//! snapshot to and from progress, the session file to and from a resume.

use crate::history::{Entry, Review};
use crate::progress::{CardProgress, Progress};
use crate::schedule::{CardState, Scheduler};
use crate::session::Resume;
use crate::store::{
    CardStateRecord, LogEntry, ReviewRecord, SESSION_VERSION, SNAPSHOT_VERSION, SessionFile,
    SessionRecord, SnapshotFile,
};

/// One log line as a history entry (strings moved, not copied).
impl From<LogEntry> for Entry {
    fn from(entry: LogEntry) -> Entry {
        match entry {
            LogEntry::Review(r) => Entry::Review(Review {
                card: r.card,
                at: r.at,
                grade: r.grade,
                score: r.score,
                duration_ms: r.duration_ms,
                mode: r.mode,
                session: r.session,
                shown: r.shown.map(Vec::into_boxed_slice),
                rubric: r.rubric,
                corrected: r.corrected.map(Vec::into_boxed_slice),
            }),
            LogEntry::Undo(u) => Entry::Undo {
                card: u.card,
                review_at: u.review_at,
            },
        }
    }
}

/// A review as the log stores it, with the client's idempotency key.
pub fn record(review: Review, id: Option<String>) -> ReviewRecord {
    ReviewRecord {
        id,
        card: review.card,
        at: review.at,
        grade: review.grade,
        score: review.score,
        duration_ms: review.duration_ms,
        mode: review.mode,
        session: review.session,
        shown: review.shown.map(Vec::from),
        rubric: review.rubric,
        corrected: review.corrected.map(Vec::from),
    }
}

/// The snapshot's card states as progress (card ids moved, not copied).
impl From<SnapshotFile> for Progress {
    fn from(mut snapshot: SnapshotFile) -> Progress {
        let mut progress = Progress::default();
        progress.cards.reserve(snapshot.cards.len());
        // Records are taken from the end and their vector shrunk as it
        // empties, so the decoded snapshot and the states built from it are
        // never both held whole (at 100k cards, 9 MB more at start-up).
        while let Some(r) = snapshot.cards.pop() {
            if snapshot.cards.len() < snapshot.cards.capacity() / 2 {
                snapshot.cards.shrink_to_fit();
            }
            let first_review = r.first_review.unwrap_or(r.last_review);
            // Taken from the end, the last record of a card stands, as when
            // records were read in order.
            progress.cards.entry(r.card).or_insert(CardProgress {
                state: CardState {
                    stability: r.stability,
                    difficulty: r.difficulty,
                    due: r.due,
                    last_review: r.last_review,
                    reps: r.reps,
                    lapses: r.lapses,
                    scheduled_days: r.scheduled_days,
                },
                first_review,
            });
        }
        progress
    }
}

/// Progress as a snapshot of the first `log_offset` bytes (`log_entries`
/// entries) of the log, computed under `scheduler`'s settings.
pub fn snapshot(
    progress: &Progress,
    scheduler: &Scheduler,
    log_offset: u64,
    log_entries: u64,
    log_crc32: u32,
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
            scheduled_days: p.state.scheduled_days,
            first_review: Some(p.first_review),
        })
        .collect();
    cards.sort_by(|a, b| a.card.cmp(&b.card));
    SnapshotFile {
        version: SNAPSHOT_VERSION,
        log_offset,
        log_entries,
        log_crc32,
        schedule: scheduler.fingerprint().to_string(),
        cards,
    }
}

/// A saved session as a resume.
pub fn resume(record: SessionRecord) -> Resume {
    Resume {
        started: record.started,
        day: record.day,
        filters: record.filters,
        log_offset: record.log_offset,
        planned: record.planned,
    }
}

/// Resumable sessions as the session file stores them.
pub fn session_file(sessions: &[Resume]) -> SessionFile {
    SessionFile {
        version: SESSION_VERSION,
        sessions: sessions
            .iter()
            .map(|r| SessionRecord {
                started: r.started,
                day: r.day,
                filters: r.filters.clone(),
                log_offset: r.log_offset,
                planned: r.planned.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(card: &str, reps: u32) -> CardStateRecord {
        let at = "2026-03-01T09:00:00Z".parse().unwrap();
        CardStateRecord {
            card: card.into(),
            stability: 2.0,
            difficulty: 5.0,
            due: at,
            last_review: at,
            reps,
            lapses: 0,
            scheduled_days: 0,
            first_review: None,
        }
    }

    #[test]
    fn a_snapshot_becomes_progress_card_by_card_and_the_last_record_stands() {
        let snapshot = SnapshotFile {
            version: SNAPSHOT_VERSION,
            log_offset: 0,
            log_entries: 0,
            log_crc32: 0,
            schedule: String::new(),
            cards: (0..1000)
                .map(|i| record(&format!("d/c{i}"), 1))
                .chain([record("d/c7", 9)])
                .collect(),
        };
        let progress = Progress::from(snapshot);
        assert_eq!(progress.cards.len(), 1000);
        assert_eq!(progress.cards["d/c0"].state.reps, 1);
        assert_eq!(progress.cards["d/c7"].state.reps, 9, "the later record");
    }
}
