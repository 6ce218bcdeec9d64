//! Building a session's queue: which cards, in which order.
//!
//! Pure: the caller passes each seen card's status (due time, current
//! retrievability, day of last review) already computed by the scheduler,
//! so this module knows nothing of FSRS or files.

use crate::deck::{Card, CardKind};
use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet, VecDeque};

/// What the queue needs to know about a card that has been reviewed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardStatus {
    pub due: DateTime<Utc>,
    /// Probability of recall now; lower means more overdue.
    pub retrievability: f32,
    /// The study day of the last review.
    pub last_review_day: NaiveDate,
    /// The study day of the first review (when the card stopped being new).
    pub first_review_day: NaiveDate,
    /// Probability of recall on the interview date, in exam-date mode.
    pub retrievability_at_interview: Option<f32>,
    /// Reviews so far.
    pub reps: u32,
}

/// Session limits and filters already applied to `cards` by the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueOptions {
    /// New cards allowed per study day.
    pub new_per_day: u32,
    /// At most this many cards in the session.
    pub limit: Option<usize>,
    /// Exam-date mode: also review cards whose recall on the interview date
    /// would fall below this target, most at risk first.
    pub interview_target: Option<f32>,
    /// Keep to one card per sibling group a day; off when drilling a task.
    pub bury_siblings: bool,
}

/// The ordered card indexes (into `cards`) for a session: due cards first,
/// lowest retrievability first; in exam-date mode, then the cards not yet due
/// whose recall on the interview date would fall below the target, or that
/// were seen only once (on an earlier day), most at risk first; then new
/// cards up to what is left of today's new-card allowance, taking turns
/// across roles and kinds (see [`Rotation`]).
/// Siblings are buried: no card is offered when another card of its sibling
/// group was reviewed today or is already in the queue.
///
/// `cards` may be the cards themselves or references to them; `seen[i]` is
/// the status of `cards[i]`, `None` for a card never reviewed (a vector
/// beside the cards, not a map by id: at 100k cards a map was the largest
/// thing a session's plan allocated).
pub fn build<C: Borrow<Card>>(
    cards: &[C],
    seen: &[Option<CardStatus>],
    today: NaiveDate,
    now: DateTime<Utc>,
    options: QueueOptions,
) -> Vec<usize> {
    // Groups with a review today, and the cards reviewed today: a card
    // relearning today (graded Again) is not buried by its own review.
    let mut reviewed_today: HashMap<&str, &str> = HashMap::new();
    let mut new_today = 0u32;
    for (card, s) in cards.iter().zip(seen) {
        let card = card.borrow();
        if let Some(s) = s {
            if s.last_review_day == today {
                reviewed_today.insert(&*card.siblings, card.id.as_str());
            }
            if s.first_review_day == today {
                new_today += 1;
            }
        }
    }
    let bury = options.bury_siblings;
    let buried = |card: &Card| {
        bury && !reviewed_today.is_empty()
            && reviewed_today
                .get(&*card.siblings)
                .is_some_and(|&id| id != card.id.as_str())
    };

    let mut due: Vec<(usize, f32)> = cards
        .iter()
        .zip(seen)
        .enumerate()
        .filter_map(|(i, (c, s))| {
            let s = s.as_ref()?;
            (s.due <= now && !buried(c.borrow())).then_some((i, s.retrievability))
        })
        .collect();
    due.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));

    let mut queue = Vec::new();
    let mut groups: HashSet<&str> = HashSet::new();
    for (i, _) in due {
        if admit(&mut groups, cards[i].borrow(), bury) {
            queue.push(i);
        }
    }
    if let Some(target) = options.interview_target {
        let mut at_risk: Vec<(usize, f32)> = cards
            .iter()
            .zip(seen)
            .enumerate()
            .filter_map(|(i, (c, s))| {
                let s = s.as_ref()?;
                let r = s.retrievability_at_interview?;
                let once = s.reps < 2 && s.last_review_day < today;
                (s.due > now && (r < target || once) && !buried(c.borrow())).then_some((i, r))
            })
            .collect();
        at_risk.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        for (i, _) in at_risk {
            if admit(&mut groups, cards[i].borrow(), bury) {
                queue.push(i);
            }
        }
    }
    let allowance = options.new_per_day.saturating_sub(new_today) as usize;
    let mut rotation = Rotation::new(cards, |i| seen.get(i).is_some_and(Option::is_some));
    let reviews = queue.len();
    while queue.len() - reviews < allowance {
        let Some(i) = rotation.next(|i| {
            let card = cards[i].borrow();
            !buried(card) && admit(&mut groups, card, bury)
        }) else {
            break;
        };
        queue.push(i);
    }
    if let Some(limit) = options.limit {
        queue.truncate(limit);
    }
    queue
}

/// New cards in turns, so a day's new cards span the library instead of
/// exhausting one deck and one kind first: roles take turns (the decks'
/// roles interleaved), and within a role its kinds take turns, each kind in
/// deck order. Both turns carry on from the cards already seen, so the next
/// day starts where this one stopped.
struct Rotation {
    roles: Vec<RoleTurns>,
    turn: usize,
}

/// One role's unseen cards by kind, and whose turn it is.
struct RoleTurns {
    kinds: Vec<VecDeque<usize>>,
    turn: usize,
}

impl RoleTurns {
    /// The next card `take` accepts, trying the kinds in turn; cards it
    /// refuses are dropped (a sibling took their place for the day).
    fn next(&mut self, take: &mut impl FnMut(usize) -> bool) -> Option<usize> {
        let n = self.kinds.len();
        for k in 0..n {
            let kind = (self.turn + k) % n;
            while let Some(i) = self.kinds[kind].pop_front() {
                if take(i) {
                    self.turn = kind + 1;
                    return Some(i);
                }
            }
        }
        None
    }
}

/// One role's cards while a [`Rotation`] is built.
struct RoleCards<'c> {
    deck: &'c str,
    role: &'c str,
    /// Every kind the role has, seen or not, so that the turn carried over
    /// from the seen cards lands on the same kind.
    kinds: Vec<CardKind>,
    /// Unseen cards by kind, in deck order.
    unseen: Vec<VecDeque<usize>>,
    seen: usize,
}

/// The index of the first item `found` accepts, pushing `make()` first
/// when there is none.
fn position_or_push<T>(
    items: &mut Vec<T>,
    found: impl Fn(&T) -> bool,
    make: impl FnOnce() -> T,
) -> usize {
    if let Some(i) = items.iter().position(found) {
        i
    } else {
        items.push(make());
        items.len() - 1
    }
}

impl Rotation {
    fn new<C: Borrow<Card>>(cards: &[C], seen: impl Fn(usize) -> bool) -> Rotation {
        // Roles keyed by deck and role (deck-wide notes form their own).
        let mut all: Vec<RoleCards> = Vec::new();
        for (i, card) in cards.iter().enumerate() {
            let card = card.borrow();
            let role_id = card.role.as_deref().unwrap_or_default();
            let r = position_or_push(
                &mut all,
                |r| r.deck == &*card.deck && r.role == role_id,
                || RoleCards {
                    deck: &card.deck,
                    role: role_id,
                    kinds: Vec::new(),
                    unseen: Vec::new(),
                    seen: 0,
                },
            );
            let role = &mut all[r];
            let k = position_or_push(&mut role.kinds, |k| *k == card.kind, || card.kind);
            if role.unseen.len() <= k {
                role.unseen.push(VecDeque::new());
            }
            if seen(i) {
                role.seen += 1;
            } else {
                role.unseen[k].push_back(i);
            }
        }
        // The decks' roles interleaved: each deck's first role, then each
        // deck's second, ...
        let mut decks: Vec<Vec<RoleCards>> = Vec::new();
        for role in all {
            let d = position_or_push(&mut decks, |d| d[0].deck == role.deck, Vec::new);
            decks[d].push(role);
        }
        let mut seen_total = 0;
        let mut roles = Vec::new();
        let mut decks: Vec<std::vec::IntoIter<RoleCards>> =
            decks.into_iter().map(Vec::into_iter).collect();
        loop {
            let before = roles.len();
            for deck in &mut decks {
                if let Some(role) = deck.next() {
                    seen_total += role.seen;
                    let turn = role.seen % role.kinds.len();
                    roles.push(RoleTurns {
                        kinds: role.unseen,
                        turn,
                    });
                }
            }
            if roles.len() == before {
                break;
            }
        }
        let turn = seen_total % roles.len().max(1);
        Rotation { roles, turn }
    }

    /// The next card `take` accepts, the roles taking turns.
    fn next(&mut self, mut take: impl FnMut(usize) -> bool) -> Option<usize> {
        let n = self.roles.len();
        for r in 0..n {
            let role = (self.turn + r) % n;
            if let Some(i) = self.roles[role].next(&mut take) {
                self.turn = role + 1;
                return Some(i);
            }
        }
        None
    }
}

/// Whether a card may join the queue: with burying, one per sibling group.
fn admit<'c>(groups: &mut HashSet<&'c str>, card: &'c Card, bury: bool) -> bool {
    groups.insert(&*card.siblings) || !bury
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::CardKind;
    use crate::session::test_card as card;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
    }

    fn day(offset: i64) -> NaiveDate {
        (now() + Duration::days(offset)).date_naive()
    }

    fn seen(due_in_hours: i64, r: f32, last: i64) -> CardStatus {
        CardStatus {
            due: now() + Duration::hours(due_in_hours),
            retrievability: r,
            last_review_day: day(last),
            first_review_day: day(last.min(-5)),
            retrievability_at_interview: None,
            reps: 3,
        }
    }

    /// Each card's status from `(id, status)` pairs, as `build` takes them.
    fn aligned(cards: &[Card], status: &[(&str, CardStatus)]) -> Vec<Option<CardStatus>> {
        cards
            .iter()
            .map(|c| {
                status
                    .iter()
                    .find(|(id, _)| *id == c.id.as_str())
                    .map(|(_, s)| *s)
            })
            .collect()
    }

    fn check(
        cards: &[Card],
        status: &[(&str, CardStatus)],
        options: QueueOptions,
        expected: &[&str],
    ) {
        let queue = build(cards, &aligned(cards, status), day(0), now(), options);
        let ids: Vec<&str> = queue.iter().map(|&i| cards[i].id.as_str()).collect();
        assert_eq!(ids, expected);
    }

    const OPEN: QueueOptions = QueueOptions {
        new_per_day: 10,
        limit: None,
        interview_target: None,
        bury_siblings: true,
    };

    #[test]
    fn due_cards_first_most_overdue_first_then_new_in_deck_order() {
        let cards = [
            card("n1", "g1"),
            card("a", "g2"),
            card("b", "g3"),
            card("n2", "g4"),
            card("later", "g5"),
        ];
        check(
            &cards,
            &[
                ("a", seen(-1, 0.8, -3)),
                ("b", seen(-30, 0.5, -9)),
                ("later", seen(30, 0.95, -1)),
            ],
            OPEN,
            &["b", "a", "n1", "n2"],
        );
    }

    #[test]
    fn new_cards_respect_the_daily_limit_counting_today() {
        let cards = [
            card("n1", "g1"),
            card("n2", "g2"),
            card("n3", "g3"),
            card("old", "g4"),
        ];
        let mut introduced_today = seen(1, 1.0, 0);
        introduced_today.first_review_day = day(0);
        let options = QueueOptions {
            new_per_day: 2,
            ..OPEN
        };
        check(&cards, &[], options, &["n1", "n2"]);
        check(&cards, &[("old", introduced_today)], options, &["n1"]);
    }

    /// A card of `deck`, `role` and `kind` in task `task`.
    fn of(deck: &str, role: &str, task: &str, kind: CardKind) -> Card {
        Card {
            deck: deck.into(),
            role: Some(role.into()),
            kind,
            ..card(
                &format!("{deck}/{role}/{task}/{kind}"),
                &format!("{deck}/{role}/{task}"),
            )
        }
    }

    #[test]
    fn new_cards_take_turns_across_decks_roles_and_kinds() {
        use CardKind::{Duties, Questions, Scenario};
        let mut cards = Vec::new();
        // A big deck with one role, then a deck with two roles.
        for task in ["t1", "t2", "t3", "t4"] {
            for kind in [Duties, Questions, Scenario] {
                cards.push(of("big", "pm", task, kind));
            }
        }
        for role in ["appsec", "devsecops"] {
            for task in ["a", "b"] {
                for kind in [Duties, Questions] {
                    cards.push(of("small", role, task, kind));
                }
            }
        }
        let ids = |status: &[(&str, CardStatus)], n: u32| {
            let options = QueueOptions {
                new_per_day: n,
                ..OPEN
            };
            build(&cards, &aligned(&cards, status), day(0), now(), options)
                .iter()
                .map(|&i| cards[i].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&[], 6),
            [
                "big/pm/t1/duties",
                "small/appsec/a/duties",
                "small/devsecops/a/duties",
                "big/pm/t2/questions",
                "small/appsec/b/questions",
                "small/devsecops/b/questions",
            ]
        );
        // The next day carries on from what was seen: other roles first,
        // other kinds next.
        let before = seen(48, 0.99, -1);
        let first_day = [
            ("big/pm/t1/duties", before),
            ("small/appsec/a/duties", before),
            ("small/devsecops/a/duties", before),
        ];
        assert_eq!(
            ids(&first_day, 3),
            [
                "big/pm/t1/questions",
                "small/appsec/a/questions",
                "small/devsecops/a/questions"
            ]
        );
    }

    #[test]
    fn siblings_are_buried() {
        let cards = [
            card("t1-duties", "t1"),
            card("t1-questions", "t1"),
            card("t2-duties", "t2"),
            card("t3-duties", "t3"),
            card("t3-questions", "t3"),
        ];
        // Only one new card per task in one session...
        check(&cards, &[], OPEN, &["t1-duties", "t2-duties", "t3-duties"]);
        // ...unless the learner drills tasks on purpose.
        let drill = QueueOptions {
            bury_siblings: false,
            ..OPEN
        };
        check(
            &cards,
            &[],
            drill,
            &[
                "t1-duties",
                "t1-questions",
                "t2-duties",
                "t3-duties",
                "t3-questions",
            ],
        );
        // A sibling reviewed today buries the group, even when a card is due;
        // a card relearning today (its own review) is not buried.
        check(
            &cards,
            &[
                ("t1-duties", seen(5, 0.9, 0)),
                ("t1-questions", seen(-2, 0.7, -4)),
                ("t3-duties", seen(-1, 0.99, 0)),
            ],
            OPEN,
            &["t3-duties", "t2-duties"],
        );
    }

    #[test]
    fn limit_truncates_after_ordering() {
        let cards = [card("n1", "g1"), card("due", "g2"), card("n2", "g3")];
        let options = QueueOptions {
            limit: Some(2),
            ..OPEN
        };
        check(
            &cards,
            &[("due", seen(-1, 0.5, -2))],
            options,
            &["due", "n1"],
        );
    }

    #[test]
    fn exam_mode_adds_cards_at_risk_on_the_interview_date() {
        let cards = [
            card("due", "g1"),
            card("safe", "g2"),
            card("risky", "g3"),
            card("riskier", "g4"),
            card("new", "g5"),
        ];
        let with_risk = |due_in: i64, r_now: f32, r_exam: f32| CardStatus {
            retrievability_at_interview: Some(r_exam),
            ..seen(due_in, r_now, -2)
        };
        let status = [
            ("due", with_risk(-1, 0.8, 0.6)),
            ("safe", with_risk(48, 0.99, 0.95)),
            ("risky", with_risk(24, 0.97, 0.85)),
            ("riskier", with_risk(30, 0.98, 0.7)),
        ];
        let exam = QueueOptions {
            interview_target: Some(0.9),
            ..OPEN
        };
        check(&cards, &status, exam, &["due", "riskier", "risky", "new"]);
        // A card seen once, on an earlier day, is shown again before the date.
        let once = CardStatus {
            reps: 1,
            ..with_risk(40, 0.99, 0.95)
        };
        let mut with_once = status.to_vec();
        with_once[1] = ("safe", once);
        check(
            &cards,
            &with_once,
            exam,
            &["due", "riskier", "risky", "safe", "new"],
        );
        // Without the interview only what is due, then new cards.
        check(&cards, &status, OPEN, &["due", "new"]);
    }
}
