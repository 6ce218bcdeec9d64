//! A profile's progress in memory: each card's scheduling state, rebuilt
//! from the review log (the source of truth) or restored from a snapshot.
//!
//! Pure: log entries come in as values; reading and writing files is the
//! store's job. Reviews of cards that are no longer in any deck are kept
//! like any other, so a deck edit never loses progress.

use crate::grade::Grade;
use crate::schedule::{CardState, Scheduler};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One review as the progress model needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub card: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
}

/// An event of the log: a review, or the undoing of one.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Review(Review),
    /// Undoes the review of `card` made at `review_at`.
    Undo {
        card: String,
        review_at: DateTime<Utc>,
    },
}

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
    /// before replaying, so a card's state is exactly what its remaining
    /// history gives.
    pub fn replay(events: &[Event], scheduler: &Scheduler) -> Progress {
        let mut replay = Replay::default();
        for event in events {
            replay.push(event.clone());
        }
        replay.finish(scheduler)
    }

    /// Applies one new review on top of the current state.
    pub fn apply(&mut self, review: &Review, scheduler: &Scheduler) -> &CardProgress {
        let previous = self.cards.get(&review.card);
        let state = scheduler.review(previous.map(|p| &p.state), review.grade, review.at);
        let first_review = previous.map_or(review.at, |p| p.first_review);
        self.cards.insert(
            review.card.clone(),
            CardProgress {
                state,
                first_review,
            },
        );
        // Just inserted.
        &self.cards[&review.card]
    }

    pub fn get(&self, card: &str) -> Option<&CardProgress> {
        self.cards.get(card)
    }

    /// Applies events that follow the ones this progress was built from (a
    /// snapshot's), when that gives exactly what a full replay would: only
    /// reviews, none older than its card's last review. `None` means
    /// "replay the whole log instead"; `self` is then partly updated.
    pub fn extend(&mut self, events: &[Event], scheduler: &Scheduler) -> Option<()> {
        for event in events {
            let Event::Review(review) = event else {
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
            self.apply(review, scheduler);
        }
        Some(())
    }
}

/// A replay fed one event at a time, so the log never has to be held in
/// memory: only each card's (time, grade) history is kept.
#[derive(Debug, Default)]
pub struct Replay {
    histories: HashMap<String, Vec<(DateTime<Utc>, Grade)>>,
}

impl Replay {
    pub fn push(&mut self, event: Event) {
        match event {
            Event::Review(r) => {
                let at_grade = (r.at, r.grade);
                if let Some(h) = self.histories.get_mut(&r.card) {
                    h.push(at_grade);
                } else {
                    self.histories.insert(r.card, vec![at_grade]);
                }
            }
            Event::Undo { card, review_at } => {
                if let Some(h) = self.histories.get_mut(&card)
                    && let Some(i) = h.iter().rposition(|(at, _)| *at == review_at)
                {
                    h.remove(i);
                }
            }
        }
    }

    /// Replays each card's remaining history.
    pub fn finish(self, scheduler: &Scheduler) -> Progress {
        let mut cards = HashMap::with_capacity(self.histories.len());
        for (card, history) in self.histories {
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

    fn review(card: &str, at: &str, grade: Grade) -> Review {
        Review {
            card: card.into(),
            at: at.parse().unwrap(),
            grade,
        }
    }

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
            applied.apply(r, &scheduler);
        }
        let events: Vec<Event> = reviews.iter().cloned().map(Event::Review).collect();
        let replayed = Progress::replay(&events, &scheduler);
        assert_eq!(replayed, applied);
        assert_eq!(replayed.cards["a"].state.reps, 3);
        assert_eq!(
            replayed.cards["a"].first_review,
            "2026-03-03T18:09:00.005Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
