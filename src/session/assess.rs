//! What the learner answered and how it turns into a suggested grade:
//! choice and ordering cards are graded automatically, typed cards take the
//! scorer's grade, self-graded cards suggest Good.
//!
//! Pure: the scorer's grade comes in as a value, answer times as an option.

use std::collections::HashMap;
use std::sync::Arc;

use crate::deck::{AnswerMode, Card, CardKind};
use crate::grade::Grade;
use chrono::Duration;

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

/// Why a line is not an answer to a choice or ordering card.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("`{0}` is not a number; type the item numbers in order, e.g. 2 1 3")]
    NotANumber(String),
    #[error("{item} is not an item; items are 1 to {items}")]
    NoSuchItem { item: usize, items: usize },
    #[error("{0} appears twice; name each item once")]
    Twice(usize),
    #[error("name all {items} items in order (you gave {given})")]
    Incomplete { items: usize, given: usize },
    #[error("answer with an option number from 1 to {options}")]
    NoSuchOption { options: usize },
}

impl Answer {
    /// Reads one line as the answer `card`'s mode asks for: an option
    /// number, item numbers in order, or text (kept as typed).
    pub fn parse(card: &Card, line: &str) -> Result<Answer, AnswerError> {
        match card.mode {
            AnswerMode::Choice => parse_choice(line, card.choices.len()).map(Answer::Choice),
            AnswerMode::Order => parse_order(line, card.choices.len()).map(Answer::Order),
            AnswerMode::Typed | AnswerMode::SelfGraded => Ok(Answer::Text(line.to_string())),
        }
    }
}

/// The verdict on an answer before the learner confirms a grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub suggested: Grade,
    /// For choice and ordering cards: whether the answer was right.
    pub correct: Option<bool>,
    /// For ordering cards: the share of item pairs put in the right
    /// relative order (1 when right, about 0.5 for a random order).
    pub order_agreement: Option<f64>,
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
                order_agreement: None,
            }
        }
        (AnswerMode::Order, Answer::Order(order)) => {
            let correct = *order == card.correct;
            let per_item = i32::try_from(order.len()).unwrap_or(i32::MAX);
            let fast = took.is_some_and(|t| t <= FAST_ORDER_PER_ITEM * per_item);
            let agreement = pair_agreement(order, &card.correct);
            Assessment {
                suggested: if correct {
                    auto_grade(true, fast)
                } else {
                    near_order_grade(agreement)
                },
                correct: Some(correct),
                order_agreement: Some(agreement),
            }
        }
        _ => Assessment {
            suggested: typed_grade.unwrap_or(Grade::Good),
            correct: None,
            order_agreement: None,
        },
    }
}

/// A wrong order still recalled most of the day is not a lapse: one
/// swapped pair of nine items keeps 35 of 36 pairs (Good); a few misplaced
/// items keep most (Hard); a random order keeps about half (Again).
const GOOD_ORDER: f64 = 0.9;
const HARD_ORDER: f64 = 0.6;

fn near_order_grade(agreement: f64) -> Grade {
    if agreement >= GOOD_ORDER {
        Grade::Good
    } else if agreement >= HARD_ORDER {
        Grade::Hard
    } else {
        Grade::Again
    }
}

/// Kendall's rank agreement between two orders of the same items: the share
/// of item pairs both put in the same relative order (1 − the normalised
/// Kendall tau distance). One item, or none, agrees fully.
pub fn pair_agreement(given: &[usize], right: &[usize]) -> f64 {
    let mut rank = vec![usize::MAX; right.iter().max().map_or(0, |m| m + 1)];
    for (r, &item) in right.iter().enumerate() {
        rank[item] = r;
    }
    let ranks: Vec<usize> = given
        .iter()
        .map(|&i| rank.get(i).copied().unwrap_or(usize::MAX))
        .collect();
    let n = ranks.len();
    let pairs = n * n.saturating_sub(1) / 2;
    if pairs == 0 {
        return 1.0;
    }
    let mut agreeing = 0;
    for i in 0..n {
        for j in i + 1..n {
            agreeing += usize::from(ranks[i] < ranks[j]);
        }
    }
    agreeing as f64 / pairs as f64
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
pub fn parse_order(text: &str, n: usize) -> Result<Vec<usize>, AnswerError> {
    let mut order = Vec::new();
    for part in text.split([' ', ',', '\t']).filter(|p| !p.is_empty()) {
        let k: usize = part
            .parse()
            .map_err(|_| AnswerError::NotANumber(part.to_string()))?;
        if k == 0 || k > n {
            return Err(AnswerError::NoSuchItem { item: k, items: n });
        }
        if order.contains(&(k - 1)) {
            return Err(AnswerError::Twice(k));
        }
        order.push(k - 1);
    }
    if order.len() != n {
        return Err(AnswerError::Incomplete {
            items: n,
            given: order.len(),
        });
    }
    Ok(order)
}

/// Parses a choice answer `1`–`n` into a 0-based index.
pub fn parse_choice(text: &str, n: usize) -> Result<usize, AnswerError> {
    match text.trim().parse::<usize>() {
        Ok(k) if (1..=n).contains(&k) => Ok(k - 1),
        _ => Err(AnswerError::NoSuchOption { options: n }),
    }
}

/// Key points of the cards a confused answer to `card` might restate
/// instead: typed cards of the same kind and deck from other tasks. The
/// study loop, `grade` and mock interviews all use this one rule.
pub fn rivals<'a>(cards: &'a [Card], card: &Card) -> Vec<&'a [Arc<str>]> {
    cards
        .iter()
        .filter(|c| {
            c.deck == card.deck
                && c.kind == card.kind
                && c.siblings != card.siblings
                && c.mode == AnswerMode::Typed
        })
        .map(|c| &*c.key_points)
        .collect()
}

/// The typed cards of each deck and kind, grouped once, so that a card's
/// [`rivals`] come from its group instead of a scan of the whole library
/// for every answer.
#[derive(Debug, Default)]
pub struct RivalIndex {
    groups: HashMap<(Arc<str>, CardKind), Vec<usize>>,
}

impl RivalIndex {
    pub fn new(cards: &[Card]) -> RivalIndex {
        let mut groups: HashMap<(Arc<str>, CardKind), Vec<usize>> = HashMap::new();
        for (i, c) in cards.iter().enumerate() {
            if c.mode == AnswerMode::Typed {
                groups
                    .entry((Arc::clone(&c.deck), c.kind))
                    .or_default()
                    .push(i);
            }
        }
        RivalIndex { groups }
    }

    /// [`rivals`] of `card` among `cards` (the cards the index was built
    /// from), in library order.
    pub fn rivals<'a>(&self, cards: &'a [Card], card: &Card) -> Vec<&'a [Arc<str>]> {
        self.groups
            .get(&(Arc::clone(&card.deck), card.kind))
            .into_iter()
            .flatten()
            .map(|&i| &cards[i])
            .filter(|c| c.siblings != card.siblings)
            .map(|c| &*c.key_points)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rival_index_finds_what_the_scan_finds() {
        let card = |id: &str, deck: &str, kind: CardKind, mode: AnswerMode, group: &str| Card {
            kind,
            mode,
            deck: deck.into(),
            key_points: vec![Arc::<str>::from(id)].into(),
            ..crate::session::test_card(id, group)
        };
        let cards = vec![
            card("a", "d", CardKind::Duties, AnswerMode::Typed, "a"),
            card("b", "d", CardKind::Duties, AnswerMode::Typed, "b"),
            card("b2", "d", CardKind::Duties, AnswerMode::Typed, "b"),
            card("c", "d", CardKind::Questions, AnswerMode::Typed, "c"),
            card("e", "e", CardKind::Duties, AnswerMode::Typed, "e"),
            card("f", "d", CardKind::Duties, AnswerMode::SelfGraded, "f"),
            card("g", "d", CardKind::Duties, AnswerMode::Typed, "g"),
        ];
        let index = RivalIndex::new(&cards);
        for c in &cards {
            assert_eq!(
                index.rivals(&cards, c),
                rivals(&cards, c),
                "{}",
                c.id.as_str()
            );
        }
        let a: Vec<&str> = index
            .rivals(&cards, &cards[0])
            .iter()
            .map(|p| &*p[0])
            .collect();
        assert_eq!(a, ["b", "b2", "g"]);
    }

    fn card(mode: AnswerMode, correct: Vec<usize>) -> Card {
        Card {
            kind: CardKind::WhichTask,
            mode,
            choices: vec!["a".into(), "b".into(), "c".into()],
            correct,
            ..crate::session::test_card("d/x", "d/x")
        }
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
        // Three items, one pair swapped: two pairs of three kept.
        let near = assess(&c, &Answer::Order(vec![2, 1, 0]), slow, None);
        assert_eq!(near.suggested, Grade::Hard);
        assert_eq!(near.correct, Some(false));
        assert_eq!(
            assess(&c, &Answer::Order(vec![1, 0, 2]), slow, None).suggested,
            Grade::Again,
            "reversed"
        );
    }

    #[test]
    fn a_near_order_earns_partial_credit() {
        let right: Vec<usize> = (0..9).collect();
        let mut one_swap = right.clone();
        one_swap.swap(3, 4);
        assert!((pair_agreement(&one_swap, &right) - 35.0 / 36.0).abs() < 1e-9);
        let nine = Card {
            choices: (0..9).map(|i| i.to_string().into()).collect(),
            ..card(AnswerMode::Order, right.clone())
        };
        let grade =
            |order: &[usize]| assess(&nine, &Answer::Order(order.to_vec()), None, None).suggested;
        assert_eq!(grade(&one_swap), Grade::Good);
        assert_eq!(
            grade(&[1, 0, 3, 2, 5, 4, 6, 7, 8]),
            Grade::Good,
            "3 of 36 pairs"
        );
        assert_eq!(
            grade(&[1, 0, 3, 2, 5, 4, 7, 6, 8]),
            Grade::Hard,
            "4 of 36 pairs"
        );
        assert_eq!(
            grade(&[8, 0, 1, 2, 3, 4, 5, 6, 7]),
            Grade::Hard,
            "last put first"
        );
        let reversed: Vec<usize> = right.iter().rev().copied().collect();
        assert_eq!(grade(&reversed), Grade::Again);
        assert!(pair_agreement(&reversed, &right).abs() < 1e-9);
        assert!((pair_agreement(&[0], &[0]) - 1.0).abs() < 1e-9);
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
        assert_eq!(
            parse_order("3 1", 3).unwrap_err().to_string(),
            "name all 3 items in order (you gave 2)"
        );
        let choice = card(AnswerMode::Choice, vec![1]);
        assert_eq!(Answer::parse(&choice, "2"), Ok(Answer::Choice(1)));
        assert_eq!(
            Answer::parse(&choice, "9").unwrap_err().to_string(),
            "answer with an option number from 1 to 3"
        );
        let typed = card(AnswerMode::Typed, vec![]);
        assert_eq!(Answer::parse(&typed, " 9 "), Ok(Answer::Text(" 9 ".into())));
    }
}
