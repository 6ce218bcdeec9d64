//! A profile's progress in memory: each card's scheduling state, rebuilt
//! from the review log (the source of truth) or restored from a snapshot.
//!
//! Pure: log entries come in as values (the history's [`Entry`]); reading
//! and writing files is the store's job. Reviews of cards that are no longer
//! in any deck are kept like any other, so a deck edit never loses progress.

use crate::grade::Grade;
use crate::history::{Entry, Ledger};
use crate::schedule::{CardState, Scheduler};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A card's state plus when it was first reviewed (for the daily new-card
/// allowance).
#[derive(Debug, Clone, PartialEq)]
pub struct CardProgress {
    pub state: CardState,
    pub first_review: DateTime<Utc>,
}

/// Every reviewed card's progress, by card id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub cards: HashMap<String, CardProgress>,
}

impl Progress {
    /// Rebuilds progress from the whole log. Undone reviews are removed
    /// before replaying (the history's undo rule), so a card's state is
    /// exactly what its remaining history gives.
    pub fn replay(entries: &[Entry], scheduler: &Scheduler) -> Progress {
        let mut replay = Replay::default();
        for entry in entries {
            replay.push(entry.clone());
        }
        replay.finish(scheduler)
    }

    /// Applies one new review of `card` on top of its current state.
    pub(crate) fn apply(
        &mut self,
        card: &str,
        at: DateTime<Utc>,
        grade: Grade,
        scheduler: &Scheduler,
    ) -> &CardProgress {
        let previous = self.cards.get(card);
        let state = scheduler.review(previous.map(|p| &p.state), grade, at);
        let first_review = previous.map_or(at, |p| p.first_review);
        self.cards.insert(
            card.to_string(),
            CardProgress {
                state,
                first_review,
            },
        );
        // Just inserted.
        &self.cards[card]
    }

    pub fn get(&self, card: &str) -> Option<&CardProgress> {
        self.cards.get(card)
    }

    /// Puts a card back as it was before a review (`None`: never reviewed),
    /// which is what undoing its latest review gives.
    pub(crate) fn restore(&mut self, card: &str, before: Option<CardProgress>) {
        match before {
            Some(p) => {
                self.cards.insert(card.to_string(), p);
            }
            None => {
                self.cards.remove(card);
            }
        }
    }

    /// Applies entries that follow the ones this progress was built from (a
    /// snapshot's), when that gives exactly what a full replay would: only
    /// reviews, none older than its card's last review. `None` means
    /// "replay the whole log instead"; `self` is then partly updated.
    pub(crate) fn extend(&mut self, entries: &[Entry], scheduler: &Scheduler) -> Option<()> {
        for entry in entries {
            let Entry::Review(review) = entry else {
                // An undo needs the card's whole history.
                return None;
            };
            if self
                .cards
                .get(&review.card)
                .is_some_and(|p| review.at < p.state.last_review)
            {
                // A replay sorts a card's history by time.
                return None;
            }
            self.apply(&review.card, review.at, review.grade, scheduler);
        }
        Some(())
    }
}

/// A replay fed one entry at a time, so the log never has to be held in
/// memory: only each card's (time, grade) history is kept, in the
/// history's `Ledger`, which applies the undo rule.
#[derive(Debug, Default)]
pub struct Replay {
    ledger: Ledger<Grade>,
}

impl Replay {
    pub fn push(&mut self, entry: Entry) {
        match entry {
            Entry::Review(r) => self.ledger.review(r.card, r.at, r.grade),
            Entry::Undo { card, review_at } => {
                self.ledger.undo(&card, review_at);
            }
        }
    }

    /// Replays each card's remaining history.
    pub fn finish(self, scheduler: &Scheduler) -> Progress {
        let histories = self.ledger.into_cards();
        let mut cards = HashMap::with_capacity(histories.len());
        for (card, history) in histories {
            // Log order is the order the reviews happened, even when a clock
            // set back (or a reused `--now`) stamps a later review with an
            // earlier time; the scheduler counts such a gap as zero days.
            // Sorting by time here made a replay disagree with the states
            // `apply` builds review by review, and so with the snapshot.
            if let Some(state) = scheduler.replay(&history) {
                cards.insert(
                    card,
                    CardProgress {
                        state,
                        first_review: history[0].0,
                    },
                );
            }
        }
        Progress { cards }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::DayClock;

    use crate::history::test_review as review;

    // Regression (found by the crash test): two sessions at one fixed time
    // logged a card's second review with an earlier time than its first;
    // the replay sorted by time and disagreed with the snapshot, which had
    // applied the reviews in log order.
    #[test]
    fn replay_equals_applying_each_review_in_log_order() {
        let scheduler = Scheduler::new(None, 0.9, DayClock::default()).unwrap();
        let reviews = [
            review("a", "2026-03-03T18:09:00.005Z", Grade::Good),
            review("b", "2026-03-03T18:09:00.001Z", Grade::Again),
            review("a", "2026-03-03T18:09:00.000Z", Grade::Again),
            review("a", "2026-03-01T09:00:00.000Z", Grade::Easy),
            review("b", "2026-03-05T09:00:00.000Z", Grade::Hard),
        ];
        let mut applied = Progress::default();
        for r in &reviews {
            applied.apply(&r.card, r.at, r.grade, &scheduler);
        }
        let entries: Vec<Entry> = reviews.iter().cloned().map(Entry::Review).collect();
        let replayed = Progress::replay(&entries, &scheduler);
        assert_eq!(replayed, applied);
        assert_eq!(replayed.cards["a"].state.reps, 3);
        assert_eq!(
            replayed.cards["a"].first_review,
            "2026-03-03T18:09:00.005Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
