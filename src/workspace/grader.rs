//! Scoring answers against a library: the scorer is built once over every
//! card's key points and the decks' synonyms, and each typed answer is
//! scored with its card's rivals, as `study`, `answer`, `grade` and `mock`
//! all need. The scorer is built when the first typed answer is scored,
//! never before the first card is shown: most cards are not typed, and a
//! run may end before any is answered.

use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::mock::report::{Made, Point};
use crate::score::{ScoreInput, ScoreResult, Scorer};
use crate::session::{Answer, Assessment, assess, rivals};
use std::sync::OnceLock;

/// The scorer of one library, built on first use.
#[derive(Debug)]
pub struct Grader<'l> {
    library: &'l Library,
    scorer: OnceLock<Scorer>,
}

impl<'l> Grader<'l> {
    /// A grader of `library`; costs nothing until an answer is scored.
    pub fn new(library: &'l Library) -> Grader<'l> {
        Grader {
            library,
            scorer: OnceLock::new(),
        }
    }

    /// The scorer, built the first time it is asked for.
    fn scorer(&self) -> &Scorer {
        self.scorer.get_or_init(|| {
            let corpus: Vec<&[String]> = self
                .library
                .cards
                .iter()
                .map(|c| c.key_points.as_slice())
                .collect();
            Scorer::new(&corpus, &self.library.synonyms())
        })
    }

    /// Scores a typed answer to `card`: key points covered, a grade, notes.
    pub fn score(&self, card: &Card, answer: &str) -> ScoreResult {
        let rivals = rivals(&self.library.cards, card);
        self.scorer().evaluate(&ScoreInput {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::{Sources, load};

    fn built_in() -> Library {
        load(
            &Sources {
                built_in: true,
                dirs: Vec::new(),
            },
            0,
        )
        .unwrap()
    }

    #[test]
    fn builds_the_scorer_for_the_first_typed_answer_only() {
        let library = built_in();
        let grader = Grader::new(&library);
        assert!(grader.scorer.get().is_none(), "built before any answer");
        let first = |mode| library.cards.iter().find(|c| c.mode == mode).unwrap();
        grader.assess(first(AnswerMode::Choice), &Answer::Choice(0), None);
        assert!(grader.scorer.get().is_none(), "built for a choice answer");
        let typed = first(AnswerMode::Typed);
        let (_, score) = grader.assess(typed, &Answer::Text(typed.key_points.join(". ")), None);
        assert!(score.is_some() && grader.scorer.get().is_some());
    }
}
