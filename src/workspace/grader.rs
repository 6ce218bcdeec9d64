//! Scoring answers against a library: the scorer is built once over every
//! card's key points and the decks' synonyms, and each typed answer is
//! scored with its card's rivals, as `study`, `answer`, `grade` and `mock`
//! all need.

use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::score::{ScoreInput, ScoreResult, Scorer};
use crate::session::{Answer, Assessment, assess, rivals};

/// The scorer of one library.
#[derive(Debug)]
pub struct Grader<'l> {
    cards: &'l [Card],
    scorer: Scorer,
}

impl<'l> Grader<'l> {
    pub fn new(library: &'l Library) -> Grader<'l> {
        let corpus: Vec<&[String]> = library
            .cards
            .iter()
            .map(|c| c.key_points.as_slice())
            .collect();
        Grader {
            cards: &library.cards,
            scorer: Scorer::new(&corpus, &library.synonyms()),
        }
    }

    /// Scores a typed answer to `card`: key points covered, a grade, notes.
    pub fn score(&self, card: &Card, answer: &str) -> ScoreResult {
        let rivals = rivals(self.cards, card);
        self.scorer.evaluate(&ScoreInput {
            key_points: &card.key_points,
            rivals: &rivals,
            prompt: &card.prompt,
            answer,
        })
    }

    /// Suggests a grade for any answer, scoring it when the card is typed.
    /// `took` is `None` when answer times mean nothing (piped input).
    pub fn assess(
        &self,
        card: &Card,
        answer: &Answer,
        took: Option<chrono::Duration>,
    ) -> (Assessment, Option<ScoreResult>) {
        let score = match (answer, card.mode) {
            (Answer::Text(text), AnswerMode::Typed) => Some(self.score(card, text)),
            _ => None,
        };
        let assessment = assess(card, answer, took, score.as_ref().map(|s| s.grade));
        (assessment, score)
    }
}
