//! Readiness: how much of each deck, role and task a learner is predicted to
//! recall on a given date (an interview), from each card's FSRS
//! retrievability at that date. A card never reviewed counts as not known
//! (recall 0), so readiness rewards covering the material, not only
//! polishing what was seen.
//!
//! Pure: states and the date come in; no I/O.

use crate::deck::Card;
use crate::progress::Progress;
use crate::schedule::Scheduler;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Predicted recall of a group of cards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// `deck`, `deck/role` or `deck/role/task`.
    pub id: String,
    /// Mean predicted recall over the group's cards, 0–1.
    pub recall: f32,
    pub cards: usize,
    /// Cards never reviewed (counted as recall 0).
    pub unseen: usize,
    /// Cards predicted at or above the target.
    pub ready: usize,
}

/// Readiness at one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub target: f32,
    pub overall: Group,
    pub decks: Vec<Group>,
    pub roles: Vec<Group>,
    pub tasks: Vec<Group>,
}

#[derive(Default)]
struct Tally {
    sum: f32,
    cards: usize,
    unseen: usize,
    ready: usize,
}

impl Tally {
    fn add(&mut self, recall: Option<f32>, target: f32) {
        self.cards += 1;
        match recall {
            Some(r) => {
                self.sum += r;
                if r >= target {
                    self.ready += 1;
                }
            }
            None => self.unseen += 1,
        }
    }

    fn group(&self, id: String) -> Group {
        Group {
            id,
            recall: if self.cards == 0 {
                0.0
            } else {
                self.sum / self.cards as f32
            },
            cards: self.cards,
            unseen: self.unseen,
            ready: self.ready,
        }
    }
}

/// Predicted recall of every card at `at`, grouped; `target` is the desired
/// retention (a card at or above it counts as ready).
pub fn at(
    cards: &[&Card],
    progress: &Progress,
    scheduler: &Scheduler,
    at: DateTime<Utc>,
) -> Readiness {
    let target = scheduler.desired_retention();
    let mut overall = Tally::default();
    let mut decks: BTreeMap<String, Tally> = BTreeMap::new();
    let mut roles: BTreeMap<String, Tally> = BTreeMap::new();
    let mut tasks: BTreeMap<String, Tally> = BTreeMap::new();
    for card in cards {
        let recall = progress
            .get(card.id.as_str())
            .map(|p| scheduler.retrievability(&p.state, at));
        overall.add(recall, target);
        decks
            .entry(card.deck.to_string())
            .or_default()
            .add(recall, target);
        if let Some(role) = &card.role {
            let role_id = format!("{}/{role}", card.deck);
            if let Some(task) = &card.task {
                tasks
                    .entry(format!("{role_id}/{task}"))
                    .or_default()
                    .add(recall, target);
            }
            roles.entry(role_id).or_default().add(recall, target);
        }
    }
    let groups = |m: BTreeMap<String, Tally>| m.into_iter().map(|(id, t)| t.group(id)).collect();
    Readiness {
        target,
        overall: overall.group("all".into()),
        decks: groups(decks),
        roles: groups(roles),
        tasks: groups(tasks),
    }
}

impl Readiness {
    /// The `n` tasks with the lowest predicted recall (ties: most unseen).
    pub fn weakest_tasks(&self, n: usize) -> Vec<&Group> {
        let mut tasks: Vec<&Group> = self.tasks.iter().collect();
        tasks.sort_by(|a, b| {
            a.recall
                .total_cmp(&b.recall)
                .then(b.unseen.cmp(&a.unseen))
                .then(a.id.cmp(&b.id))
        });
        tasks.truncate(n);
        tasks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{AnswerMode, CardId, CardKind};
    use crate::grade::Grade;
    use crate::schedule::DayClock;
    use chrono::{Duration, TimeZone};

    fn card(id: &str, role: &str, task: &str) -> Card {
        Card {
            id: CardId(id.into()),
            kind: CardKind::Duties,
            deck: "d".into(),
            role: Some(role.into()),
            task: Some(task.into()),
            prompt: "".into(),
            answer: "".into(),
            key_points: std::sync::Arc::from([]),
            mode: AnswerMode::Typed,
            choices: vec![],
            correct: vec![],
            siblings: format!("d/{role}/{task}").into(),
        }
    }

    #[test]
    fn recall_falls_as_the_date_moves_away_and_unseen_counts_as_zero() {
        let scheduler = Scheduler::new(None, 0.9, DayClock::default()).unwrap();
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let cards = [
            card("a", "r", "t1"),
            card("b", "r", "t1"),
            card("c", "r", "t2"),
        ];
        let refs: Vec<&Card> = cards.iter().collect();
        let mut progress = Progress::default();
        progress.apply("a", t0, Grade::Good, &scheduler);
        progress.apply("c", t0, Grade::Easy, &scheduler);
        let soon = at(&refs, &progress, &scheduler, t0 + Duration::days(1));
        let later = at(&refs, &progress, &scheduler, t0 + Duration::days(30));
        assert!(soon.overall.recall > later.overall.recall);
        let t1 = &soon.tasks[0];
        assert_eq!(t1.id, "d/r/t1");
        assert_eq!(t1.unseen, 1);
        // One card unseen: the task's recall is at most half.
        assert!(t1.recall <= 0.5 && t1.recall > 0.4, "{}", t1.recall);
        assert_eq!(soon.weakest_tasks(1)[0].id, "d/r/t1");
        assert_eq!(soon.roles[0].cards, 3);
        assert_eq!(soon.decks[0].id, "d");
    }
}
