//! A profile's progress in memory: each card's scheduling state, rebuilt
//! from the review log (the source of truth) or restored from a snapshot.
//!
//! Pure: log entries come in as values (the history's [`Entry`]); reading
//! and writing files is the store's job. Reviews of cards that are no longer
//! in any deck are kept like any other, so a deck edit never loses progress.

use crate::deck::Card;
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

impl CardProgress {
    /// Whether the card's last review is later than `at`: a review at `at`
    /// is back-dated, and takes its place inside the card's history.
    pub fn is_after(&self, at: DateTime<Utc>) -> bool {
        at < self.state.last_review
    }
}

/// A deck's cards, how many are due and how many were never reviewed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeckCounts {
    pub cards: usize,
    pub due: usize,
    pub new: usize,
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

    /// Applies one new review of `card` on top of its current state. `None`,
    /// and nothing changed, when the review is dated before the card's last
    /// one: it falls in the middle of the card's history, which a replay
    /// takes by time, so the card must be replayed ([`Replay::of_card`]).
    pub(crate) fn apply(
        &mut self,
        card: &str,
        at: DateTime<Utc>,
        grade: Grade,
        scheduler: &Scheduler,
    ) -> Option<&CardProgress> {
        let previous = self.cards.get(card);
        if previous.is_some_and(|p| p.is_after(at)) {
            return None;
        }
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
        Some(&self.cards[card])
    }

    /// Takes each card of `other` in place of this one's.
    pub(crate) fn absorb(&mut self, other: Progress) {
        self.cards.extend(other.cards);
    }

    pub fn get(&self, card: &str) -> Option<&CardProgress> {
        self.cards.get(card)
    }

    /// Each deck's cards, those due at `now` and those never reviewed, by
    /// deck id, in one pass over the cards: the cost does not grow with the
    /// number of decks.
    pub fn deck_counts<'c>(
        &self,
        cards: &'c [Card],
        now: DateTime<Utc>,
    ) -> HashMap<&'c str, DeckCounts> {
        let mut counts: HashMap<&str, DeckCounts> = HashMap::new();
        for card in cards {
            let count = counts.entry(&*card.deck).or_default();
            count.cards += 1;
            match self.get(card.id.as_str()) {
                Some(p) if p.state.due <= now => count.due += 1,
                Some(_) => {}
                None => count.new += 1,
            }
        }
        counts
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
            // A back-dated review needs it too.
            self.apply(&review.card, review.at, review.grade, scheduler)?;
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
    /// Keep only this card's entries.
    only: Option<String>,
}

impl Replay {
    /// A replay of one card, for a review recorded out of time order.
    pub fn of_card(card: &str) -> Replay {
        Replay {
            only: Some(card.to_string()),
            ..Replay::default()
        }
    }

    pub fn push(&mut self, entry: Entry) {
        let card = match &entry {
            Entry::Review(r) => &r.card,
            Entry::Undo { card, .. } => card,
        };
        if self.only.as_ref().is_some_and(|only| only != card) {
            return;
        }
        match entry {
            Entry::Review(r) => self.ledger.review(r.card, r.at, r.grade),
            Entry::Undo { card, review_at } => {
                self.ledger.undo(&card, review_at);
            }
        }
    }

    /// Replays each card's remaining history, by time (see
    /// [`Scheduler::replay`]).
    pub fn finish(self, scheduler: &Scheduler) -> Progress {
        let histories = self.ledger.into_cards();
        let mut cards = HashMap::with_capacity(histories.len());
        for (card, history) in histories {
            if let Some(state) = scheduler.replay(&history)
                && let Some(&(first_review, _)) = history.iter().min_by_key(|(at, _)| *at)
            {
                cards.insert(
                    card,
                    CardProgress {
                        state,
                        first_review,
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

    use crate::history::{Review, test_review as review};

    fn time(at: &str) -> DateTime<Utc> {
        at.parse().unwrap()
    }

    #[test]
    fn counts_each_decks_cards_due_and_new_in_one_pass() {
        let scheduler = Scheduler::new(None, 0.9, DayClock::default()).unwrap();
        let card = |id: &str, deck: &str| crate::deck::Card {
            deck: deck.into(),
            ..crate::session::test_card(id, id)
        };
        let cards = [
            card("a/1", "a"),
            card("b/1", "b"),
            card("a/2", "a"),
            card("a/3", "a"),
        ];
        let mut progress = Progress::default();
        progress.apply("a/1", time("2026-03-01T09:00:00Z"), Grade::Good, &scheduler);
        progress.apply("b/1", time("2026-03-01T09:00:00Z"), Grade::Good, &scheduler);
        progress.apply("a/3", time("2026-03-20T09:00:00Z"), Grade::Good, &scheduler);
        let counts = progress.deck_counts(&cards, time("2026-03-10T09:00:00Z"));
        let a = DeckCounts {
            cards: 3,
            due: 1,
            new: 1,
        };
        let b = DeckCounts {
            cards: 1,
            due: 1,
            new: 0,
        };
        assert_eq!((counts["a"], counts["b"], counts.len()), (a, b, 2));
    }

    // Found by the crash test: two sessions at one fixed time logged a
    // card's second review with an earlier time than its first. Replays take
    // each card's history by time (ties in log order), as the optimizer
    // does; applying review by review refuses the back-dated one rather than
    // guess, and replaying that card alone gives what the full replay gives.
    #[test]
    fn back_dated_reviews_take_their_place_in_time() {
        let scheduler = Scheduler::new(None, 0.9, DayClock::default()).unwrap();
        let reviews = [
            review("a", "2026-03-03T18:09:00.005Z", Grade::Good),
            review("b", "2026-03-03T18:09:00.001Z", Grade::Again),
            review("a", "2026-03-03T18:09:00.000Z", Grade::Again),
            review("a", "2026-03-01T09:00:00.000Z", Grade::Easy),
            review("b", "2026-03-05T09:00:00.000Z", Grade::Hard),
            review("b", "2026-03-05T09:00:00.000Z", Grade::Good),
        ];
        let apply = |progress: &mut Progress, r: &Review| {
            progress.apply(&r.card, r.at, r.grade, &scheduler).is_some()
        };
        let entries: Vec<Entry> = reviews.iter().cloned().map(Entry::Review).collect();
        let replayed = Progress::replay(&entries, &scheduler);

        // The same reviews applied in time order, ties in log order.
        let mut by_time: Vec<(usize, &Review)> = reviews.iter().enumerate().collect();
        by_time.sort_by_key(|&(i, r)| (r.at, i));
        let order: Vec<usize> = by_time.iter().map(|&(i, _)| i).collect();
        assert_eq!(order, [3, 2, 1, 0, 4, 5]);
        let mut in_time = Progress::default();
        for (_, r) in by_time {
            assert!(apply(&mut in_time, r), "{r:?}");
        }
        assert_eq!(replayed, in_time);
        let a = &replayed.cards["a"];
        assert_eq!(a.state.reps, 3);
        assert_eq!(a.state.last_review, time("2026-03-03T18:09:00.005Z"));
        assert_eq!(a.first_review, time("2026-03-01T09:00:00.000Z"));
        // Swapping b's tie gives another state: log order decides it.
        let mut swapped = Progress::default();
        for i in [1, 5, 4] {
            apply(&mut swapped, &reviews[i]);
        }
        assert_ne!(swapped.cards["b"], replayed.cards["b"]);

        // In log order, the third review (of "a") is back-dated: refused,
        // and a snapshot's tail holding it cannot be applied either.
        let mut applied = Progress::default();
        assert!(apply(&mut applied, &reviews[0]));
        assert!(apply(&mut applied, &reviews[1]));
        let before = applied.clone();
        assert!(!apply(&mut applied, &reviews[2]));
        assert_eq!(applied, before, "nothing changed");
        assert!(applied.extend(&entries[2..], &scheduler).is_none());

        // Replaying "a" alone from the whole log gives the full replay's "a".
        let mut one = Replay::of_card("a");
        for entry in &entries {
            one.push(entry.clone());
        }
        let one = one.finish(&scheduler);
        assert_eq!(one.cards.len(), 1);
        let mut absorbed = before.clone();
        absorbed.absorb(one);
        assert_eq!(absorbed.cards["a"], replayed.cards["a"]);
        assert_eq!(absorbed.cards["b"], before.cards["b"], "other cards kept");
    }
}
