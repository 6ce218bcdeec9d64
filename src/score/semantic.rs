//! Meaning-aware evidence for key points: the answer's spans (clauses and
//! word windows) as sentence vectors, each key point's best-matching span,
//! and the small calibrated model that turns lexical and semantic evidence
//! into the chance that a point was made.
//!
//! Owns spans, per-point features and the point model. The lexical matcher
//! (parent module) and the embedding model (`embed`) supply the inputs; the
//! rubric (`rubric`) turns point counts into a grade.

use std::ops::Range;

use super::embed::{TokenStates, Vector, cosine};
use super::text::{self, Token};

/// Word-window sizes pooled as spans, besides clauses and the whole answer.
const WINDOWS: [usize; 3] = [4, 8, 12];
/// Windows start every this many words.
const WINDOW_STRIDE: usize = 2;
/// Words that start a new clause-level span, like punctuation does.
const CLAUSE_WORDS: [&str; 3] = ["and", "then", "but"];

/// A stretch of the answer that may state a key point on its own.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// Where it is in the answer.
    pub bytes: Range<usize>,
    /// It says "not" in some way: a word of it is under a negator ("don't",
    /// "never", "skip"…), or it sets something aside ("not just tickets").
    pub negated: bool,
    /// All of it: what may state a negated point ("what NOT to build").
    pub vector: Vector,
    /// What it affirms: its words outside any negator's scope, when a
    /// meaningful one is left. A negation takes away only the words it
    /// scopes over, so "not the firewall but the integration friction"
    /// still says "integration friction".
    pub affirmed: Option<Vector>,
}

/// The answer's spans: the whole answer, its clauses, and windows of
/// [`WINDOWS`] words, pooled from one forward pass (`states`). Words copied
/// from the prompt (`copied`, as byte ranges) are left out of every span, so
/// echoing the question matches nothing.
pub(crate) fn spans(tokens: &[Token], copied: &[Range<usize>], states: &TokenStates) -> Vec<Span> {
    let read = states.end();
    let tokens: Vec<&Token> = tokens.iter().filter(|t| t.bytes.end <= read).collect();
    let n = tokens.len();
    if n == 0 {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = std::iter::once(0..n).collect();
    let mut start = 0;
    for i in 1..n {
        let t = tokens[i];
        if t.clause != tokens[i - 1].clause || CLAUSE_WORDS.contains(&t.norm.as_str()) {
            ranges.push(start..i);
            start = i;
        }
    }
    ranges.push(start..n);
    for size in WINDOWS {
        if n > size {
            ranges.extend((0..=n - size).step_by(WINDOW_STRIDE).map(|s| s..s + size));
        }
    }
    let mut seen = std::collections::HashSet::new();
    ranges.retain(|r| !r.is_empty() && seen.insert((r.start, r.end)));

    let keep = |offset: usize| !copied.iter().any(|c| c.contains(&offset));
    let under_negation: Vec<Range<usize>> = tokens
        .iter()
        .filter(|t| t.negated)
        .map(|t| t.bytes.clone())
        .collect();
    let affirmed =
        |offset: usize| keep(offset) && !under_negation.iter().any(|c| c.contains(&offset));
    ranges
        .into_iter()
        .filter_map(|r| {
            let words = &tokens[r];
            let bytes = words[0].bytes.start..words[words.len() - 1].bytes.end;
            let vector = states.pool(bytes.clone(), keep)?;
            let under = words.iter().any(|t| t.negated);
            let negated = under || words.iter().any(|t| text::is_negator_word(&t.norm));
            let affirmed = if under {
                let says_something = words
                    .iter()
                    .any(|t| t.content && !t.negated && keep(t.bytes.start));
                says_something
                    .then(|| states.pool(bytes.clone(), affirmed))
                    .flatten()
            } else {
                Some(vector.clone())
            };
            Some(Span {
                bytes,
                negated,
                vector,
                affirmed,
            })
        })
        .collect()
}

/// The margin of a point no span can state (a negated point, an answer
/// that affirms nothing): as far below the others as cosines go.
pub(crate) const NO_SPAN_MARGIN: f32 = -1.0;

/// What the spans say about each key point of one card.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Evidence {
    /// Best cosine between the point and a span of the same polarity.
    pub similarity: f32,
    /// `similarity` minus the best cosine of any span with another point of
    /// the card: how specifically the answer speaks to this point.
    pub specificity: f32,
    /// The most any one span is closer to this point than to the card's
    /// others ([`NO_SPAN_MARGIN`] when no span can state it).
    pub margin: f32,
    /// The best span, when there is one.
    pub span: Option<Range<usize>>,
}

/// A key point's vectors: the whole point, and for a point that negates
/// something, what it affirms (see [`evidence`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PointVectors<'a> {
    pub whole: &'a [f32],
    /// The point negates something ("what should we NOT build", "anticipate
    /// rather than react").
    pub negated: bool,
    /// What it affirms, when that is a meaningful word or more.
    pub affirmed: Option<&'a [f32]>,
}

/// How close a span comes to stating a point, by the rule of [`evidence`];
/// `None` when the span cannot state it.
pub(crate) fn similarity(span: &Span, point: &PointVectors<'_>) -> Option<f32> {
    if point.negated {
        let whole = span.negated.then(|| cosine(&span.vector, point.whole));
        let part = point
            .affirmed
            .zip(span.affirmed.as_ref())
            .map(|(v, a)| cosine(a, v));
        whole.into_iter().chain(part).reduce(f32::max)
    } else {
        span.affirmed.as_ref().map(|a| cosine(a, point.whole))
    }
}

/// Evidence for each point of one card. A point is stated only by what a
/// span affirms, the words no negator scopes over: "I would not check who
/// owns the fix" does not ask who owns it, and "build everything customers
/// ask for" does not decide what not to build, however close their
/// meanings. A point that negates something is stated by a span with a
/// negation in it, whole, or by a span that affirms what the point affirms:
/// "anticipating, not only reacting" and "anticipate" both make "anticipate
/// rather than react", while "it is DevOps with a scanner" does not make
/// "control-plane work, not just DevOps with scanners".
pub(crate) fn evidence(spans: &[Span], points: &[PointVectors<'_>]) -> Vec<Evidence> {
    let sims: Vec<Vec<Option<f32>>> = spans
        .iter()
        .map(|s| points.iter().map(|p| similarity(s, p)).collect())
        .collect();
    (0..points.len())
        .map(|k| {
            let best = spans
                .iter()
                .zip(&sims)
                .filter_map(|(s, row)| row[k].map(|c| (c, s)))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let similarity = best.map_or(0.0, |(c, _)| c);
            let others = sims
                .iter()
                .flat_map(|row| row.iter().enumerate().filter(|&(j, _)| j != k))
                .filter_map(|(_, &c)| c)
                .fold(0.0f32, f32::max);
            // Per span: how much closer it is to this point than to the
            // card's others. An answer that gives each point its own
            // sentence has a span standing out for each, even when the
            // paraphrase shares no word and its cosine is modest.
            let margin = sims
                .iter()
                .filter_map(|row| {
                    let own = row[k]?;
                    let rest = row
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != k)
                        .filter_map(|(_, &c)| c)
                        .reduce(f32::max)
                        .unwrap_or(0.0);
                    Some(own - rest)
                })
                .reduce(f32::max)
                .unwrap_or(NO_SPAN_MARGIN);
            Evidence {
                similarity,
                specificity: similarity - others,
                margin,
                span: best.map(|(_, s)| s.bytes.clone()),
            }
        })
        .collect()
}

/// The inputs of the point model for one key point.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Features {
    /// Lexical coverage: matched word weight over the point's (0–1).
    pub lexical: f32,
    /// The lexical matcher alone counts the point covered.
    pub lexical_covered: bool,
    /// The answer negates the point's words (lexically).
    pub negated: bool,
    /// A specific word of the point matched: lexical evidence that the
    /// answer speaks to this point, not only to its domain.
    pub specific: bool,
    /// Semantic evidence, when the model ran.
    pub similarity: Option<f32>,
    pub specificity: f32,
    pub margin: f32,
}

/// A logistic model over [`Features`] (the chance the point was made) and
/// the chances from which a point counts as covered or partly covered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PointModel {
    pub bias: f32,
    /// Weights of similarity, specificity, lexical coverage, lexical
    /// covered, negated, margin (the semantic ones are 0 in the
    /// lexical-only model).
    pub weights: [f32; INPUTS],
    /// ✓ from this chance…
    pub covered: f32,
    /// …◐ from this one.
    pub partial: f32,
}

/// How many inputs the point model has.
pub(crate) const INPUTS: usize = 6;

impl Features {
    /// The model's inputs in weight order.
    pub fn inputs(&self) -> [f32; INPUTS] {
        let semantic = |x: f32| if self.similarity.is_some() { x } else { 0.0 };
        [
            self.similarity.unwrap_or(0.0),
            semantic(self.specificity),
            self.lexical,
            f32::from(u8::from(self.lexical_covered)),
            f32::from(u8::from(self.negated)),
            semantic(self.margin),
        ]
    }
}

impl PointModel {
    pub fn probability(&self, features: &Features) -> f32 {
        let z: f32 = self.bias
            + self
                .weights
                .iter()
                .zip(features.inputs())
                .map(|(w, x)| w * x)
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Fitted on the tuning cards of `tests/fixtures/graded_answers.jsonl` by
/// `calibration_against_graded_answers` in `calibration.rs`, which checks
/// these are what the fit gives: the weights by logistic regression on the
/// per-point labels, the cut-offs by grade agreement.
pub(crate) const SEMANTIC_MODEL: PointModel = PointModel {
    bias: -4.528_718,
    weights: [5.719_253, -4.145_599, 3.753_873, 0.105_848, 0.0, 6.339_461],
    covered: 0.5,
    partial: 0.3,
};
/// The same fit without semantic inputs, for `--no-semantic`.
pub(crate) const LEXICAL_MODEL: PointModel = PointModel {
    bias: -2.532_014,
    weights: [0.0, 0.0, 8.645_688, -0.789_728, 0.0, 0.0],
    covered: 0.5,
    partial: 0.3,
};
