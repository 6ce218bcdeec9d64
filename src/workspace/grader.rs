//! Scoring answers against a library: the scorer is built once over every
//! card's key points and the decks' synonyms, and each typed answer is
//! scored with its card's rivals, as `study`, `answer`, `grade` and `mock`
//! all need.

use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::mock::report::{Made, Point};
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

    /// Each key point of a scored answer as the reports show it: covered,
    /// partly covered (some of its words said) or missed, with the words
    /// that counted. The one place that reads the scorer's per-point
    /// result for them, so a scorer that reports more drops in here.
    pub fn points(result: &ScoreResult) -> Vec<Point> {
        result
            .points
            .iter()
            .map(|p| Point {
                text: p.text.clone(),
                made: Some(if p.covered {
                    Made::Covered
                } else if p.coverage > 0.0 && !p.matched.is_empty() {
                    Made::Partly
                } else {
                    Made::Missed
                }),
                evidence: p.matched.clone(),
            })
            .collect()
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
