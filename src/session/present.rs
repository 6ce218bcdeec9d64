//! How a card is shown this time: the options of choice and ordering cards
//! reshuffled on each presentation, so that the learner remembers the
//! answer and not its place ("it's 4").
//!
//! Pure and deterministic: the order comes from the card's id and how many
//! reviews it has, so an undo (which takes a review back) and a resumed
//! session show the same order again, and `next` and `answer` agree.

use crate::deck::generate::fnv1a;
use crate::deck::{AnswerMode, Card};
use crate::progress::Progress;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// The order `card`'s options are shown in at its presentation after
/// `reviews` standing reviews: `order[shown position]` is the option's
/// index in the card. Identity for cards without options.
pub fn order(card: &Card, reviews: u32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..card.choices.len()).collect();
    if matches!(card.mode, AnswerMode::Choice | AnswerMode::Order) && order.len() > 1 {
        let seed = fnv1a(card.id.as_str().as_bytes()) ^ u64::from(reviews).rotate_left(32);
        order.shuffle(&mut StdRng::seed_from_u64(seed));
    }
    order
}

/// The order and the card as shown now, after the card's standing reviews
/// in `progress`: what `study`, `next` and `answer` all show.
pub fn now(card: &Card, progress: &Progress) -> (Vec<usize>, Card) {
    let reviews = progress.get(card.id.as_str()).map_or(0, |p| p.state.reps);
    let order = order(card, reviews);
    let shown = presented(card, &order);
    (order, shown)
}

/// `card` as shown in `order` (from [`order`]): its options rearranged and
/// the right ones renumbered to match, so everything downstream (parsing,
/// grading, feedback) reads the numbers the learner saw.
pub fn presented(card: &Card, order: &[usize]) -> Card {
    if order.len() != card.choices.len() {
        return card.clone();
    }
    let mut position = vec![0; order.len()];
    for (shown, &original) in order.iter().enumerate() {
        position[original] = shown;
    }
    Card {
        choices: order.iter().map(|&i| card.choices[i].clone()).collect(),
        correct: card
            .correct
            .iter()
            .map(|&i| position.get(i).copied().unwrap_or(i))
            .collect(),
        ..card.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::CardKind;
    use std::collections::HashSet;

    fn choice(id: &str) -> Card {
        Card {
            kind: CardKind::WhichRole,
            mode: AnswerMode::Choice,
            choices: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            correct: vec![2],
            ..crate::session::test_card(id, id)
        }
    }

    #[test]
    fn options_move_between_presentations_and_stay_put_for_the_same_one() {
        let card = choice("d/r/t/which-role");
        let orders: HashSet<Vec<usize>> = (0..5).map(|n| order(&card, n)).collect();
        assert!(orders.len() >= 3, "{orders:?}");
        assert_eq!(order(&card, 3), order(&card, 3));
        for n in 0..5 {
            let shown = presented(&card, &order(&card, n));
            assert_eq!(&*shown.choices[shown.correct[0]], "c");
            let mut sorted = shown.choices.clone();
            sorted.sort();
            assert_eq!(sorted, card.choices);
        }
    }

    #[test]
    fn an_ordering_card_keeps_its_right_order_through_a_reshuffle() {
        let card = Card {
            mode: AnswerMode::Order,
            kind: CardKind::Timeline,
            choices: vec!["10:00".into(), "06:45".into(), "08:30".into()],
            correct: vec![1, 2, 0],
            ..crate::session::test_card("d/r/timeline", "d/r/timeline")
        };
        for n in 0..6 {
            let shown = presented(&card, &order(&card, n));
            let right: Vec<&str> = shown.correct.iter().map(|&i| &*shown.choices[i]).collect();
            assert_eq!(right, ["06:45", "08:30", "10:00"]);
        }
    }

    #[test]
    fn typed_cards_are_shown_as_they_are() {
        let card = crate::session::test_card("d/x", "d/x");
        assert!(order(&card, 4).is_empty());
        assert_eq!(presented(&card, &[]), card);
    }
}
