//! Scoring answers against a library: the scorer is built once over every
//! card's key points and the decks' synonyms, and each typed answer is
//! scored with its card's rivals, as `study`, `answer`, `grade` and `mock`
//! all need. Nothing is built before the first card is shown: the word
//! index is built when the first typed answer is scored, and the meaning
//! model loads then, or on a background thread while the learner reads the
//! first card ([`Grader::warm`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::mock::report::{Made, Point};
use crate::score::{
    Correction, Coverage, LazyEmbedder, NoSuchPoint, ScoreInput, ScoreResult, Scorer,
};
use crate::session::{Answer, Assessment, RivalIndex, assess};

/// How typed answers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Words and meaning (the embedding model): the default.
    Semantic,
    /// Words alone (`--no-semantic`): no model, nothing to load.
    Lexical,
}

/// The scorer of one library, built on first use.
#[derive(Debug)]
pub struct Grader<'l> {
    library: &'l Library,
    /// The meaning model, when answers are read for meaning; loading it is
    /// separate from building the scorer, so [`Grader::warm`] can start it
    /// without building anything on the first card's path.
    model: Option<Arc<LazyEmbedder>>,
    scorer: OnceLock<Scorer>,
    /// Whether [`Grader::warm`] started loading the model (once is enough).
    warming: AtomicBool,
    rivals: OnceLock<RivalIndex>,
}

impl<'l> Grader<'l> {
    /// A grader of `library`; costs nothing until an answer is scored or
    /// [`Grader::warm`] starts the model loading.
    pub fn new(library: &'l Library, reading: Reading) -> Grader<'l> {
        Grader {
            library,
            model: match reading {
                Reading::Semantic => Some(Arc::new(LazyEmbedder::new())),
                Reading::Lexical => None,
            },
            scorer: OnceLock::new(),
            warming: AtomicBool::new(false),
            rivals: OnceLock::new(),
        }
    }

    /// Key points of the cards an answer to `card` might restate instead.
    fn rivals(&self, card: &Card) -> Vec<&'l [Arc<str>]> {
        self.rivals
            .get_or_init(|| RivalIndex::new(&self.library.cards))
            .rivals(&self.library.cards, card)
    }

    /// The scorer, built the first time it is asked for.
    fn scorer(&self) -> &Scorer {
        self.scorer.get_or_init(|| {
            let corpus: Vec<&[Arc<str>]> =
                self.library.cards.iter().map(|c| &*c.key_points).collect();
            let scorer = Scorer::new(&corpus, &self.library.synonyms());
            match &self.model {
                Some(model) => scorer.with_meaning(Arc::clone(model)),
                None => scorer,
            }
        })
    }

    /// Loads the meaning model and the key-point vectors of the typed
    /// `cards` (and their rivals'), card by card in the order given, on a
    /// background thread: the learner reads the first card meanwhile, and
    /// each card's vectors are ready as soon as they are computed. Nothing
    /// happens when answers are read by words alone or no card is typed.
    pub fn warm(&self, cards: &[&Card]) {
        let Some(model) = &self.model else {
            return;
        };
        let groups: Vec<Vec<Arc<str>>> = cards
            .iter()
            .filter(|c| c.mode == AnswerMode::Typed)
            .map(|card| {
                card.key_points
                    .iter()
                    .chain(self.rivals(card).into_iter().flatten())
                    .cloned()
                    .collect()
            })
            .collect();
        if groups.is_empty() {
            return;
        }
        // One loading thread per grader: a second warm has nothing to add.
        if self.warming.swap(true, Ordering::Relaxed) {
            return;
        }
        let model = Arc::clone(model);
        // A thread that cannot start only means the first answer waits.
        let _ = std::thread::Builder::new()
            .name("warm-scorer".into())
            .spawn(move || {
                for group in &groups {
                    let texts: Vec<&str> = group.iter().map(|p| &**p).collect();
                    model.warm(&texts);
                }
            });
    }

    /// Whether [`Grader::warm`] started loading the model ahead of the
    /// first answer.
    #[cfg(test)]
    pub fn warming(&self) -> bool {
        self.warming.load(Ordering::Relaxed)
    }

    /// Scores a typed answer to `card`: key points covered, a grade, notes.
    pub fn score(&self, card: &Card, answer: &str) -> ScoreResult {
        let rivals = self.rivals(card);
        self.scorer().evaluate(&ScoreInput {
            key_points: &card.key_points,
            rivals: &rivals,
            prompt: &card.prompt.text(),
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
                made: Some(match p.status {
                    Coverage::Covered => Made::Covered,
                    Coverage::Partial => Made::Partly,
                    Coverage::Missed => Made::Missed,
                }),
                // The answer's own words for the point: the stretch that
                // says it (meaning), else the words that matched.
                evidence: match (&p.span, p.status) {
                    (Some(span), Coverage::Covered | Coverage::Partial) => vec![span.clone()],
                    _ => p.matched.clone(),
                },
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

    /// The learner's corrections applied to a scored answer: the points'
    /// coverage changed, the grade recomputed by the rubric and the
    /// suggestion assessed again. A correction naming no point of the card
    /// is bad input.
    pub fn correct(
        card: &Card,
        answer: &Answer,
        took: Option<chrono::Duration>,
        score: &ScoreResult,
        corrections: &[Correction],
    ) -> Result<(Assessment, ScoreResult), NoSuchPoint> {
        let corrected = score.corrected(corrections)?;
        let assessment = assess(card, answer, took, Some(corrected.grade));
        Ok((assessment, corrected))
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
        let grader = Grader::new(&library, Reading::Lexical);
        assert!(grader.scorer.get().is_none(), "built before any answer");
        let first = |mode| library.cards.iter().find(|c| c.mode == mode).unwrap();
        grader.assess(first(AnswerMode::Choice), &Answer::Choice(0), None);
        assert!(grader.scorer.get().is_none(), "built for a choice answer");
        let typed = first(AnswerMode::Typed);
        let (_, score) = grader.assess(typed, &Answer::Text(typed.key_points.join(". ")), None);
        assert!(score.is_some() && grader.scorer.get().is_some());
    }
}
