//! A study session: the queue, the order cards come back in, and how an
//! answer turns into a suggested grade.
//!
//! Pure: no files, no terminal, no clock (times are parameters). The study
//! command drives it with a `Prompter` (terminal or script) and the store.

pub mod queue;

use crate::deck::{AnswerMode, Card};
use crate::grade::Grade;
use chrono::Duration;
use std::collections::VecDeque;

/// How many other cards come between a card graded *Again* and its return.
pub const AGAIN_GAP: usize = 3;

/// The cards still to show, in order, with the *Again* requeue rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pending: VecDeque<usize>,
}

impl Session {
    pub fn new(queue: Vec<usize>) -> Session {
        Session {
            pending: queue.into(),
        }
    }

    /// The next card index, if any.
    pub fn next_card(&mut self) -> Option<usize> {
        self.pending.pop_front()
    }

    /// Puts a card back at the front, e.g. after an undo.
    pub fn push_front(&mut self, card: usize) {
        self.pending.push_front(card);
    }

    /// A card graded *Again* comes back after a few other cards, or at the
    /// end when fewer remain.
    pub fn requeue_again(&mut self, card: usize) {
        let at = AGAIN_GAP.min(self.pending.len());
        self.pending.insert(at, card);
    }

    /// Drops every pending occurrence of a card (its grade was undone).
    pub fn remove(&mut self, card: usize) {
        self.pending.retain(|&c| c != card);
    }

    pub fn remaining(&self) -> usize {
        self.pending.len()
    }

    /// The cards not yet shown, in order.
    pub fn pending(&self) -> impl Iterator<Item = usize> + '_ {
        self.pending.iter().copied()
    }
}

/// What the learner gave for a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Free text (typed cards) or nothing (self-graded cards: revealed).
    Text(String),
    /// The chosen option, 0-based.
    Choice(usize),
    /// Option indexes in the order the learner put them, 0-based.
    Order(Vec<usize>),
}

/// The verdict on an answer before the learner confirms a grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub suggested: Grade,
    /// For choice and ordering cards: whether the answer was right.
    pub correct: Option<bool>,
}

/// A right choice this fast is *Easy*; slower is *Good*.
pub const FAST_CHOICE: Duration = Duration::seconds(6);
/// Per item of an ordering card.
pub const FAST_ORDER_PER_ITEM: Duration = Duration::seconds(3);

/// Suggests a grade: choice and ordering cards are graded automatically
/// (wrong → Again; right → Good, or Easy when fast); typed cards take the
/// scorer's grade when there is one; self-graded cards suggest Good.
/// `took` is `None` when answer times mean nothing (piped input).
pub fn assess(
    card: &Card,
    answer: &Answer,
    took: Option<Duration>,
    typed_grade: Option<Grade>,
) -> Assessment {
    match (card.mode, answer) {
        (AnswerMode::Choice, Answer::Choice(i)) => {
            let correct = card.correct.first() == Some(i);
            Assessment {
                suggested: auto_grade(correct, took.is_some_and(|t| t <= FAST_CHOICE)),
                correct: Some(correct),
            }
        }
        (AnswerMode::Order, Answer::Order(order)) => {
            let correct = *order == card.correct;
            let per_item = i32::try_from(order.len()).unwrap_or(i32::MAX);
            let fast = took.is_some_and(|t| t <= FAST_ORDER_PER_ITEM * per_item);
            Assessment {
                suggested: auto_grade(correct, fast),
                correct: Some(correct),
            }
        }
        _ => Assessment {
            suggested: typed_grade.unwrap_or(Grade::Good),
            correct: None,
        },
    }
}

fn auto_grade(correct: bool, fast: bool) -> Grade {
    match (correct, fast) {
        (false, _) => Grade::Again,
        (true, true) => Grade::Easy,
        (true, false) => Grade::Good,
    }
}

/// Parses an ordering answer like `3 1 2 4` (1-based, spaces or commas)
/// into 0-based indexes; it must name each of `n` items once.
pub fn parse_order(text: &str, n: usize) -> Result<Vec<usize>, String> {
    let mut order = Vec::new();
    for part in text.split([' ', ',', '\t']).filter(|p| !p.is_empty()) {
        let k: usize = part.parse().map_err(|_| {
            format!("`{part}` is not a number; type the item numbers in order, e.g. 2 1 3")
        })?;
        if k == 0 || k > n {
            return Err(format!("{k} is not an item; items are 1 to {n}"));
        }
        if order.contains(&(k - 1)) {
            return Err(format!("{k} appears twice; name each item once"));
        }
        order.push(k - 1);
    }
    if order.len() != n {
        return Err(format!(
            "name all {n} items in order (you gave {})",
            order.len()
        ));
    }
    Ok(order)
}

/// Parses a choice answer `1`–`n` into a 0-based index.
pub fn parse_choice(text: &str, n: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(k) if (1..=n).contains(&k) => Ok(k - 1),
        _ => Err(format!("answer with an option number from 1 to {n}")),
    }
}

/// Key points of the cards a confused answer to `card` might restate
/// instead: typed cards of the same kind and deck from other tasks. The
/// study loop, `grade` and mock interviews all use this one rule.
pub fn rivals<'a>(cards: &'a [Card], card: &Card) -> Vec<&'a [String]> {
    cards
        .iter()
        .filter(|c| {
            c.deck == card.deck
                && c.kind == card.kind
                && c.siblings != card.siblings
                && c.mode == AnswerMode::Typed
        })
        .map(|c| c.key_points.as_slice())
        .collect()
}

/// The `rolecall study` command that drills a task (or a whole role when
/// `task` is `None`) for `profile`. Stats, readiness and mock reports all
/// print this one shape. Ids are `a-z0-9-` (checked by the deck loader) and
/// profile names `[A-Za-z0-9_-]` (checked by the store), so nothing needs
/// shell quoting.
pub fn drill_command(profile: &str, deck: &str, role: &str, task: Option<&str>) -> String {
    let mut command = String::from("rolecall study");
    if profile != "default" {
        command.push_str(" --profile ");
        command.push_str(profile);
    }
    command.push_str(" --deck ");
    command.push_str(deck);
    command.push_str(" --role ");
    command.push_str(role);
    if let Some(task) = task {
        command.push_str(" --task ");
        command.push_str(task);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{CardId, CardKind};

    fn card(mode: AnswerMode, correct: Vec<usize>) -> Card {
        Card {
            id: CardId("d/x".into()),
            kind: CardKind::WhichTask,
            deck: "d".into(),
            role: None,
            task: None,
            prompt: String::new(),
            answer: String::new(),
            key_points: vec![],
            mode,
            choices: vec!["a".into(), "b".into(), "c".into()],
            correct,
            siblings: "d/x".into(),
        }
    }

    #[test]
    fn again_comes_back_after_a_few_cards_or_at_the_end() {
        let mut s = Session::new(vec![1, 2, 3, 4, 5]);
        assert_eq!(s.next_card(), Some(1));
        s.requeue_again(1);
        let order: Vec<usize> = std::iter::from_fn(|| s.next_card()).collect();
        assert_eq!(order, [2, 3, 4, 1, 5]);

        let mut s = Session::new(vec![7, 8]);
        assert_eq!(s.next_card(), Some(7));
        s.requeue_again(7);
        assert_eq!(s.next_card(), Some(8));
        assert_eq!(s.next_card(), Some(7));
        assert_eq!(s.next_card(), None);
    }

    #[test]
    fn undo_puts_a_card_first_and_drops_its_requeued_copy() {
        let mut s = Session::new(vec![1, 2, 3]);
        assert_eq!(s.next_card(), Some(1));
        s.requeue_again(1);
        assert_eq!(s.next_card(), Some(2));
        s.push_front(2);
        s.remove(1);
        s.push_front(1);
        let order: Vec<usize> = std::iter::from_fn(|| s.next_card()).collect();
        assert_eq!(order, [1, 2, 3]);
    }

    #[test]
    fn choices_are_graded_automatically() {
        let c = card(AnswerMode::Choice, vec![1]);
        let fast = Some(Duration::seconds(2));
        let slow = Some(Duration::seconds(30));
        assert_eq!(
            assess(&c, &Answer::Choice(1), fast, None).suggested,
            Grade::Easy
        );
        assert_eq!(
            assess(&c, &Answer::Choice(1), slow, None).suggested,
            Grade::Good
        );
        let wrong = assess(&c, &Answer::Choice(0), fast, None);
        assert_eq!(wrong.suggested, Grade::Again);
        assert_eq!(wrong.correct, Some(false));
        // Untimed (piped) answers are never promoted to Easy.
        assert_eq!(
            assess(&c, &Answer::Choice(1), None, None).suggested,
            Grade::Good
        );
    }

    #[test]
    fn orders_are_graded_automatically() {
        let c = card(AnswerMode::Order, vec![2, 0, 1]);
        let slow = Some(Duration::seconds(60));
        assert_eq!(
            assess(&c, &Answer::Order(vec![2, 0, 1]), slow, None).suggested,
            Grade::Good
        );
        assert_eq!(
            assess(&c, &Answer::Order(vec![0, 2, 1]), slow, None).suggested,
            Grade::Again
        );
    }

    #[test]
    fn typed_and_self_cards_take_the_scorer_or_good() {
        let c = card(AnswerMode::Typed, vec![]);
        let t = Some(Duration::seconds(10));
        assert_eq!(
            assess(&c, &Answer::Text("x".into()), t, Some(Grade::Hard)).suggested,
            Grade::Hard
        );
        let c = card(AnswerMode::SelfGraded, vec![]);
        assert_eq!(
            assess(&c, &Answer::Text(String::new()), t, None).suggested,
            Grade::Good
        );
    }

    #[test]
    fn drill_commands_name_profile_deck_role_and_task() {
        assert_eq!(
            drill_command("default", "d", "r", Some("t")),
            "rolecall study --deck d --role r --task t"
        );
        assert_eq!(
            drill_command("alice", "d", "r", None),
            "rolecall study --profile alice --deck d --role r"
        );
    }

    #[test]
    fn parses_orders_and_choices() {
        assert_eq!(parse_order("3 1 2", 3), Ok(vec![2, 0, 1]));
        assert_eq!(parse_order("3,1, 2", 3), Ok(vec![2, 0, 1]));
        assert!(parse_order("3 1", 3).is_err());
        assert!(parse_order("3 1 1", 3).is_err());
        assert!(parse_order("4 1 2", 3).is_err());
        assert!(parse_order("a b c", 3).is_err());
        assert_eq!(parse_choice(" 2 ", 3), Ok(1));
        assert!(parse_choice("0", 3).is_err());
        assert!(parse_choice("4", 3).is_err());
        assert!(parse_choice("x", 3).is_err());
    }
}
