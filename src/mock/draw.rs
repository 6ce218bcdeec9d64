//! Drawing a mock interview's questions: the candidate's weakest cards
//! first (failed at the last review, never seen, lowest recall now), spread
//! across roles and card kinds, one card per task, none of the last mock's
//! questions while others remain, reproducible from a seed; and why each
//! card was chosen, in words for the report.
//!
//! Pure: recall comes in already computed (`stats::recall`).

use crate::deck::CardKind;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::cmp::Reverse;
use std::collections::HashMap;

/// What the draw needs to know about one eligible card.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    /// The role it belongs to (`deck/role`), for variety.
    pub role: &'a str,
    /// Cards of one task (its sibling group) are never drawn twice while
    /// other tasks remain.
    pub group: &'a str,
    pub kind: CardKind,
    /// Recall now, as `stats` defines it (0 when failed at its last
    /// review); `None` when the card was never reviewed.
    pub retrievability: Option<f32>,
    /// Asked in the candidate's last mock: drawn only when nothing else is
    /// left.
    pub asked_last_time: bool,
}

/// Weakness in tenths: 0 (sure to recall) to 10 (forgotten), then whether
/// the card was seen. A card never seen counts as recall 0, as `readiness`
/// counts it, but ranks just below a card failed at its last review: that
/// weakness is known, and asking it again shows whether the task moved.
/// Coarse on purpose, so that near-equal cards are ordered by the seed
/// rather than by noise in the third decimal.
fn weakness(retrievability: Option<f32>) -> (u8, bool) {
    match retrievability {
        None => (10, false),
        Some(r) => (((1.0 - r.clamp(0.0, 1.0)) * 10.0).floor() as u8, true),
    }
}

/// Picks up to `n` candidates and returns their indexes in interview
/// order. Each pick takes, in this order of preference: a card not asked in
/// the last mock, a role asked least so far, a task not yet asked, the
/// weakest card, a kind asked least so far, and then the seed's shuffle.
pub fn draw(candidates: &[Candidate<'_>], n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(r, &i)| (i, r)).collect();

    let mut roles: HashMap<&str, usize> = HashMap::new();
    let mut groups: HashMap<&str, usize> = HashMap::new();
    let mut kinds: HashMap<CardKind, usize> = HashMap::new();
    let mut left = order;
    let mut picked = Vec::new();
    while picked.len() < n {
        let best = left.iter().enumerate().min_by_key(|&(_, &i)| {
            let c = &candidates[i];
            (
                c.asked_last_time,
                roles.get(c.role).copied().unwrap_or(0),
                groups.get(c.group).copied().unwrap_or(0),
                Reverse(weakness(c.retrievability)),
                kinds.get(&c.kind).copied().unwrap_or(0),
                rank[&i],
            )
        });
        let Some((at, &i)) = best else { break };
        left.swap_remove(at);
        let c = &candidates[i];
        *roles.entry(c.role).or_default() += 1;
        *groups.entry(c.group).or_default() += 1;
        *kinds.entry(c.kind).or_default() += 1;
        picked.push(i);
    }
    picked
}

/// Why a card was drawn, for the report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    /// Never reviewed.
    NeverSeen,
    /// Failed at its last review, and not answered right since.
    FailedLast,
    /// Recall now below the desired retention.
    Weak(f32),
    /// Due for review.
    Due(f32),
    /// Neither weak nor due: drawn to cover a role, task or kind.
    Spread(f32),
    /// Asked in the last mock, drawn again (`--repeat-last`, or nothing
    /// else was left).
    Repeat,
}

impl Why {
    /// Why a card with this history was drawn: `recall` as `stats`
    /// defines it (`None`: never reviewed), whether its last review failed,
    /// whether it is due, against the desired retention.
    pub fn of(recall: Option<f32>, failed: bool, due: bool, desired: f32) -> Why {
        match recall {
            None => Why::NeverSeen,
            Some(_) if failed => Why::FailedLast,
            Some(r) if r < desired => Why::Weak(r),
            Some(r) if due => Why::Due(r),
            Some(r) => Why::Spread(r),
        }
    }

    /// A few words, for a table cell.
    pub fn short(self) -> String {
        match self {
            Why::NeverSeen => "never seen".into(),
            Why::FailedLast => "failed last time".into(),
            Why::Weak(r) => format!("weak: recall {:.0}%", r * 100.0),
            Why::Due(_) => "due".into(),
            Why::Spread(r) => format!("variety: recall {:.0}%", r * 100.0),
            Why::Repeat => "asked last mock".into(),
        }
    }

    /// A sentence, for the question's section.
    pub fn sentence(self) -> String {
        match self {
            Why::NeverSeen => "never seen: the candidate has not been asked this card yet.".into(),
            Why::FailedLast => {
                "weak: failed at its last review and not answered right since.".into()
            }
            Why::Weak(r) => format!(
                "weak: recall now {:.0}%, below the desired retention.",
                r * 100.0
            ),
            Why::Due(r) => format!("due for review (recall now {:.0}%).", r * 100.0),
            Why::Spread(r) => format!(
                "to cover another role, task or kind; recall now {:.0}%, not weak.",
                r * 100.0
            ),
            Why::Repeat => "asked in the candidate's last mock too.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(
        role: &'static str,
        group: &'static str,
        kind: CardKind,
        r: Option<f32>,
    ) -> Candidate<'static> {
        Candidate {
            role,
            group,
            kind,
            retrievability: r,
            asked_last_time: false,
        }
    }

    #[test]
    fn prefers_weak_cards_and_spreads_roles_and_kinds() {
        use CardKind::{Duties, Questions, Scenario};
        let cards = [
            c("a", "a/t1", Questions, Some(0.95)),
            c("a", "a/t1", Scenario, Some(0.30)),
            c("a", "a/t2", Duties, None),
            c("b", "b/t1", Questions, Some(0.99)),
            c("b", "b/t2", Questions, Some(0.50)),
            c("b", "b/t3", Scenario, Some(0.70)),
        ];
        for seed in 0..20 {
            let got = draw(&cards, 4, seed);
            // Role a's weakest is the never-seen card; role b's weakest is
            // the 0.50 one; then each role again, avoiding the tasks and
            // kinds already asked.
            assert_eq!(got[..2].len(), 2);
            assert!(got[..2].contains(&2), "seed {seed}: {got:?}");
            assert!(got[..2].contains(&4), "seed {seed}: {got:?}");
            assert!(got[2..].contains(&1), "seed {seed}: {got:?}");
            assert!(got[2..].contains(&5), "seed {seed}: {got:?}");
        }
    }

    #[test]
    fn a_card_failed_last_time_comes_before_one_never_seen() {
        use CardKind::Scenario;
        let cards = [
            c("a", "a/t1", Scenario, None),
            c("a", "a/t2", Scenario, Some(0.0)),
            c("a", "a/t3", Scenario, Some(0.05)),
            c("a", "a/t4", Scenario, None),
        ];
        for seed in 0..20 {
            let got = draw(&cards, 4, seed);
            assert_eq!(got[0], 1, "seed {seed}: {got:?}");
            assert_eq!(got[3], 2, "seed {seed}: {got:?}");
        }
    }

    #[test]
    fn the_seed_reproduces_and_varies_the_draw() {
        let cards: Vec<Candidate> = (0..30)
            .map(|i| {
                let role = ["r1", "r2", "r3"][i % 3];
                let group: &'static str = Box::leak(format!("g{i}").into_boxed_str());
                c(role, group, CardKind::Scenario, None)
            })
            .collect();
        assert_eq!(draw(&cards, 5, 7), draw(&cards, 5, 7));
        let distinct: std::collections::HashSet<Vec<usize>> =
            (0..10).map(|s| draw(&cards, 5, s)).collect();
        assert!(distinct.len() > 5, "seeds barely change the draw");
    }

    #[test]
    fn the_last_mocks_questions_come_only_when_nothing_else_is_left() {
        use CardKind::Scenario;
        let mut cards = vec![
            c("a", "a/t1", Scenario, None),
            c("a", "a/t2", Scenario, Some(0.99)),
            c("b", "b/t1", Scenario, Some(0.2)),
        ];
        cards[0].asked_last_time = true;
        cards[2].asked_last_time = true;
        for seed in 0..10 {
            let got = draw(&cards, 3, seed);
            assert_eq!(got[0], 1, "seed {seed}: {got:?}");
            assert_eq!(got.len(), 3);
        }
    }

    #[test]
    fn why_names_the_reason_a_card_was_drawn() {
        assert_eq!(Why::of(None, false, false, 0.9), Why::NeverSeen);
        assert_eq!(Why::of(Some(0.0), true, true, 0.9), Why::FailedLast);
        assert_eq!(Why::of(Some(0.6), false, true, 0.9), Why::Weak(0.6));
        assert_eq!(Why::of(Some(0.9), false, true, 0.9), Why::Due(0.9));
        assert_eq!(Why::of(Some(0.97), false, false, 0.9), Why::Spread(0.97));
        assert_eq!(Why::Weak(0.62).short(), "weak: recall 62%");
    }

    #[test]
    fn stops_when_candidates_run_out() {
        let cards = [c("a", "g", CardKind::Duties, None)];
        assert_eq!(draw(&cards, 5, 1), [0]);
        assert!(draw(&[], 3, 1).is_empty());
    }
}
