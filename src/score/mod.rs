//! The typed-answer scorer: grades a free-text answer against a card's key
//! points by the rubric (`rubric`), and says for each point whether it was
//! made (✓), partly made (◐) or missed (✗), with the evidence.
//!
//! Pure: no I/O, no clock, no randomness (the embedding model's bytes are
//! part of the binary). It does not know about cards, decks or the prompt
//! loop; callers pass key points (and, when they have them, the rival cards'
//! key points and the prompt) as plain strings.
//!
//! # Method
//! 1. **Words** (lexical evidence, fast and self-explaining):
//!    - *Text* (`text`): Unicode folding, case folding, punctuation to spaces
//!      (keeping `ci/cd`, `c++`, `10x`, `2-3`, `96%`), stop words and
//!      interview filler dropped, Snowball English stems.
//!    - *Synonyms* (`synonyms`, `vocabulary`): deck groups plus a built-in
//!      security and product vocabulary, matched as stem sequences, so
//!      "identity provider" in a key point is matched by `IdP` and vice versa.
//!    - *Typos*: an answer word of 6+ letters that matches nothing is
//!      corrected to the nearest word of the key points (or their synonyms)
//!      at Damerau-Levenshtein distance ≤ 1, or ≤ 2 for 9+ letters.
//!    - *Weights*: smoothed IDF over the corpus (a card is a document);
//!      generic words ("security", "team") and words shared with rival cards
//!      weigh less. A point's lexical coverage is its matched weight over its
//!      total weight.
//! 2. **Meaning** (`embed`, `semantic`): a sentence-embedding model
//!    (all-MiniLM-L6-v2) reads the answer once; its clauses and word windows
//!    are pooled into span vectors, and each key point (its vector cached)
//!    takes the best cosine over spans of the same polarity, and its margin:
//!    the most one span is closer to it than to the card's other points.
//! 3. **Per point**: a small logistic model, fitted on hand-graded answers,
//!    combines both into the chance the point was made, and fixed cut-offs
//!    make it ✓ or ◐ (`semantic::SEMANTIC_MODEL`). A ◐ also needs evidence
//!    specific to the point: one of its words found on few cards' points
//!    ([`SPECIFIC_SHARE`]), or a span closer to it than to any rival card's
//!    point ([`SPECIFIC_MARGIN`]); the domain's shared words and meaning are
//!    not a gesture at this point, so an answer made of them covers nothing
//!    and is Again.
//! 4. **Grade**: the rubric maps the counts of ✓ and ◐ points to a grade.
//!
//! # Defences, in front of the semantic evidence
//! Embeddings see topic, not truth: a negated or wrong-task answer in the
//! card's vocabulary is close in meaning. So:
//! - **Negation**: a negator ("not", "never", "don't", "no need to",
//!   "without", "skip", "instead of") scopes over the next few meaningful
//!   words of its clause, and no further. A double negative ("isn't a false
//!   positive", "never skip") affirms and negates nothing. Lexically, a word
//!   matches only with the same polarity as in the key point; semantically,
//!   a point is stated only by what a span affirms (its words outside any
//!   negator's scope), a negated point by a span with its negation or by
//!   one that affirms what the point affirms. A point lost that way is
//!   noted.
//! - **A key point's foil**: in a key point "not just X" (like "instead of
//!   X") names X as what the point goes beyond; saying X alone makes
//!   nothing ("it's DevOps with a scanner" against "control-plane work, not
//!   just DevOps with scanners").
//! - **Rival cards**: the answer is also scored against each rival card
//!   (another task's points). When a rival is clearly better covered, or the
//!   answer is much closer in meaning to a rival's point than to any of this
//!   card's ([`MEANING_RIVAL_MARGIN`]), the answer is Again with a note: it
//!   answers a different question. At most [`MAX_RIVALS`] rival cards are
//!   weighed, those sharing the most words with the answer.
//! - **Platitudes**: an answer made only of generic or corpus-common words is
//!   "too generic to score": Again. So is a one-word answer.
//! - **Prompt copying**: runs of three or more of the prompt's meaningful
//!   words, in order, match nothing and are left out of every span.
//! - **Keyword stuffing**: an answer far longer than the key points need, of
//!   which only a small share matches, has its evidence scaled down.
//! - **Empty answers**: nothing meaningful gives Again.
//!
//! Without the model (`--no-semantic`, or if it cannot run) the same steps
//! run on words alone with their own fitted point model.

mod embed;
pub mod rubric;
mod semantic;
mod synonyms;
mod text;
mod vocabulary;

#[cfg(test)]
mod calibration;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use serde::Serialize;

use crate::grade::Grade;
pub use embed::Embedder;
use embed::Vector;
use semantic::{Evidence, Features, PointModel};
use synonyms::{ConceptId, Concepts, LexEntry};
use text::{Analyzer, Token};

/// Lexical coverage a point needs to count as covered by words alone
/// (matched weight / total weight).
pub const COVER_THRESHOLD: f32 = 0.5;
/// Weight factor of built-in generic words.
const GENERIC_FACTOR: f32 = 0.3;
/// Meaningful words in a row, in prompt order, that make a copied run.
const COPY_RUN: usize = 3;
/// Each rival card sharing a word divides its weight by `1 + RIVAL_SHARE`.
const RIVAL_SHARE: f32 = 0.5;
const RIVAL_FLOOR: f32 = 0.25;
/// A rival card "clearly" wins when its share of points made is at least
/// this…
const RIVAL_MIN: f32 = 0.5;
/// …and beats this card's share by at least this much…
const RIVAL_MARGIN: f32 = 0.25;
/// …with at least this many of its points covered (or all, if fewer): one
/// point of a templated card ("old PM: …", "AI summarizes …") matched in
/// passing is not a wrong-task answer.
const RIVAL_POINTS: usize = 2;
/// Share of a long point's facets (a partly made one counting half) that
/// makes the point covered; any less but some is partly covered.
const FACETS_COVERED: f32 = 0.75;
/// Words (stop words included) an answer of a single meaningful word needs
/// to make a point: "real" gestures at "Is this real?", it does not ask it;
/// "Who owns what?" does.
const MIN_TOKENS: usize = 3;
/// Answers shorter than this many meaningful words are never "stuffed".
const STUFF_MIN_WORDS: usize = 40;
/// Meaningful words an answer may use per key-point unit before it is long.
const STUFF_WORDS_PER_UNIT: usize = 4;
/// A long answer whose matching share is below this is keyword stuffing.
const STUFF_PRECISION: f32 = 0.2;
/// A word in more than this share of cards carries no information alone.
const COMMON_SHARE: f32 = 0.5;
/// A word on at most this share of the cards' key points (or on at most
/// [`SPECIFIC_CARDS`] cards) is specific: saying it speaks to those cards'
/// points, not just to the domain.
const SPECIFIC_SHARE: f32 = 0.025;
const SPECIFIC_CARDS: u32 = 3;
/// A point is partly made (◐) only on evidence specific to it: a specific
/// word of it, or a span closer to it than to any rival card's point by at
/// least this cosine. Words and meaning shared by the whole domain are not a
/// gesture at this point.
const SPECIFIC_MARGIN: f32 = 0.05;
/// An answer whose best span is closer to a rival card's point than to any
/// of this card's by at least this cosine answers that card, not this one.
const MEANING_RIVAL_MARGIN: f32 = 0.2;

/// At most this many rival cards are weighed per answer: the ones sharing
/// the most words with it. A deck with thousands of cards of one kind would
/// otherwise cost every answer thousands of matches, vectors and cosines;
/// the shipped decks give a card at most 19 rivals, all weighed.
const MAX_RIVALS: usize = 32;

/// Words too vague to show knowledge on their own, whatever the corpus says.
const GENERIC_WORDS: &[&str] = &[
    "approach",
    "best",
    "better",
    "collaborate",
    "collaboration",
    "communicate",
    "communication",
    "company",
    "effective",
    "ensure",
    "everyone",
    "good",
    "great",
    "help",
    "important",
    "issue",
    "issues",
    "organization",
    "people",
    "practice",
    "practices",
    "proper",
    "properly",
    "relevant",
    "right",
    "safe",
    "secure",
    "security",
    "stakeholder",
    "stakeholders",
    "team",
    "teams",
    "together",
    "use",
    "way",
    "work",
    "working",
];

/// How far an answer made one key point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// ✓ said, in any words.
    Covered,
    /// ◐ a real part of it said.
    Partial,
    /// ✗ not said (or negated, or outweighed by a rival card).
    Missed,
}

impl Coverage {
    pub fn mark(self) -> &'static str {
        match self {
            Coverage::Covered => "✓",
            Coverage::Partial => "◐",
            Coverage::Missed => "✗",
        }
    }
}

/// The outcome of scoring one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    /// 0–1: the share of key points made, a partly made point counting half.
    pub score: f32,
    /// The suggested grade, by the rubric.
    pub grade: Grade,
    /// One entry per key point, in the card's order.
    pub points: Vec<PointResult>,
    /// Why the grade is lower than the points alone suggest, or what the
    /// scorer could not read.
    pub notes: Vec<String>,
    /// Whether meaning (the embedding model) was used, or words alone.
    pub semantic: bool,
}

/// How one key point fared, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointResult {
    pub text: String,
    pub status: Coverage,
    /// `status == Covered`, for callers that only count.
    pub covered: bool,
    /// The point model's chance that the point was made, 0–1.
    pub confidence: f32,
    /// Lexical coverage: matched word weight over the point's, 0–1.
    pub coverage: f32,
    /// The answer's words that matched, as typed.
    pub matched: Vec<String>,
    /// The stretch of the answer that states the point best (semantic).
    pub span: Option<String>,
    /// Cosine between that span and the point.
    pub similarity: Option<f32>,
    /// The answer negates the point.
    pub negated: bool,
    /// Set by the learner ("I said that" / "I did not"), not the scorer.
    pub corrected: bool,
}

/// Everything the scorer can use about one answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreInput<'a> {
    pub key_points: &'a [Arc<str>],
    /// Key points of other cards a confused candidate might be restating.
    pub rivals: &'a [&'a [Arc<str>]],
    /// The card's prompt; runs of its words copied into the answer earn nothing.
    pub prompt: &'a str,
    pub answer: &'a str,
}

/// A learner's correction of one point of a scored answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    /// The point, 0-based in the card's order.
    pub point: usize,
    /// "I said that" (true) or "I did not say that" (false).
    pub covered: bool,
}

impl Correction {
    /// As the review log stores it: the 1-based point number, negative for
    /// "I did not say that".
    pub fn signed(self) -> i16 {
        let n = i16::try_from(self.point + 1).unwrap_or(i16::MAX);
        if self.covered { n } else { -n }
    }
}

/// A correction named a point the card does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no point {number} on this card: its points are 1 to {count}")]
pub struct NoSuchPoint {
    /// 1-based, as the learner typed it.
    pub number: usize,
    pub count: usize,
}

/// The embedding model could not be loaded (a damaged build): answers are
/// then scored on words alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the meaning model cannot load: {0}")]
pub struct ModelUnavailable(String);

impl ScoreResult {
    /// The result with the learner's corrections applied and the grade
    /// recomputed from the rubric. A point the learner vouches for counts as
    /// covered, one they disown as missed; the scorer's notes are kept, and
    /// a note says what was corrected. Corrections naming no point are
    /// errors, so a typo never silently changes a grade.
    pub fn corrected(&self, corrections: &[Correction]) -> Result<ScoreResult, NoSuchPoint> {
        let mut result = self.clone();
        for c in corrections {
            let count = result.points.len();
            let point = result.points.get_mut(c.point).ok_or(NoSuchPoint {
                number: c.point.saturating_add(1),
                count,
            })?;
            point.status = if c.covered {
                Coverage::Covered
            } else {
                Coverage::Missed
            };
            point.covered = c.covered;
            point.corrected = true;
        }
        let changed: Vec<String> = result
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.corrected)
            .map(|(i, p)| format!("{} {}", i + 1, p.status.mark()))
            .collect();
        if !changed.is_empty() {
            result
                .notes
                .push(format!("corrected by the learner: {}", changed.join(", ")));
        }
        let (score, grade) = rubric_grade(&result.points);
        result.score = score;
        result.grade = grade;
        Ok(result)
    }
}

/// The rubric's share and grade for a set of point results.
fn rubric_grade(points: &[PointResult]) -> (f32, Grade) {
    let covered = points
        .iter()
        .filter(|p| p.status == Coverage::Covered)
        .count();
    let partial = points
        .iter()
        .filter(|p| p.status == Coverage::Partial)
        .count();
    let share = if points.is_empty() {
        0.0
    } else {
        (covered as f32 + 0.5 * partial as f32) / points.len() as f32
    };
    (
        share,
        rubric::grade_from_counts(covered, partial, points.len()),
    )
}

/// The embedding model, loaded on first use, and the key-point vectors it
/// has computed: loading takes most of a second, so callers start it, and
/// the vectors of the cards about to be asked, on a background thread (or
/// not at all, for commands that never score).
#[derive(Debug, Default)]
pub struct LazyEmbedder {
    cell: OnceLock<Result<Embedder, ModelUnavailable>>,
    /// Key-point vectors computed so far, by text.
    vectors: RwLock<HashMap<String, Vector>>,
}

impl LazyEmbedder {
    pub fn new() -> LazyEmbedder {
        LazyEmbedder::default()
    }

    /// The model, loading it now if nobody has (other callers wait for the
    /// one load); the error text when it cannot load.
    pub fn get(&self) -> Result<&Embedder, &ModelUnavailable> {
        self.cell
            .get_or_init(|| Embedder::load().map_err(|e| ModelUnavailable(format!("{e:#}"))))
            .as_ref()
    }

    /// Whether the model is loaded (without loading it).
    pub fn is_loaded(&self) -> bool {
        matches!(self.cell.get(), Some(Ok(_)))
    }

    /// Loads the model and computes the vectors of `texts` (key points), so
    /// that scoring them later costs one pass over the answer. For a
    /// background thread while the learner reads the first card.
    pub fn warm(&self, texts: &[&str]) {
        if let Ok(model) = self.get() {
            let _ = self.vectors(model, texts);
        }
    }

    /// The vectors of `texts`, from the cache or computed now (in one
    /// batch) and cached.
    fn vectors(&self, model: &Embedder, texts: &[&str]) -> anyhow::Result<Vec<Vector>> {
        let missing: Vec<&str> = {
            let cache = self.vectors.read().unwrap_or_else(PoisonError::into_inner);
            let mut seen = HashSet::new();
            texts
                .iter()
                .copied()
                .filter(|t| !cache.contains_key(*t) && seen.insert(*t))
                .collect()
        };
        if !missing.is_empty() {
            let computed = model.embed(&missing)?;
            let mut cache = self.vectors.write().unwrap_or_else(PoisonError::into_inner);
            for (t, v) in missing.iter().zip(computed) {
                cache.insert((*t).to_string(), v);
            }
        }
        let cache = self.vectors.read().unwrap_or_else(PoisonError::into_inner);
        Ok(texts
            .iter()
            .map(|t| cache.get(*t).cloned().unwrap_or_default())
            .collect())
    }
}

/// A key point analysed once: its units and their base weights.
#[derive(Debug, Clone)]
struct Point {
    units: Vec<Unit>,
    /// Words a typo in the answer may be corrected to.
    lexicon: Vec<LexEntry>,
    /// The point is itself negated ("what should we NOT build").
    negated: bool,
    /// What a partly negated point affirms ("anticipate" of "anticipate
    /// rather than react"), stated by an answer that affirms it.
    affirmed: Option<String>,
}

/// A word of a key point, or a phrase of it that names a synonym concept.
#[derive(Debug, Clone)]
struct Unit {
    stems: Vec<String>,
    /// IDF times the generic factor, per stem.
    base: Vec<f32>,
    generic: Vec<bool>,
    /// Per stem: specific to a few cards, and not generic.
    specific: Vec<bool>,
    concepts: Vec<ConceptId>,
    /// The key point itself negates this unit ("what should we NOT build").
    negated: bool,
}

/// An answer word after stop words are dropped.
#[derive(Debug, Clone)]
struct Word {
    typed: String,
    stem: String,
    negated: bool,
    /// Neither generic nor corpus-common.
    informative: bool,
    /// Part of a run copied from the prompt.
    copied: bool,
    /// Where it is in the answer.
    bytes: std::ops::Range<usize>,
}

/// The answer, analysed once per call.
#[derive(Debug)]
struct Answer {
    /// Every token, stop words included (spans are made of them).
    tokens: Vec<Token>,
    words: Vec<Word>,
    /// Stem → positions in `words`.
    by_stem: HashMap<String, Vec<usize>>,
    /// Concept → (start, len) spans in `words`.
    concepts: HashMap<ConceptId, Vec<(usize, usize)>>,
    /// Whether any token at all was present (stop words included).
    any_token: bool,
}

/// How one point matched lexically.
#[derive(Debug, Clone, Default)]
struct PointMatch {
    coverage: f32,
    negated_share: f32,
    covered: bool,
    matched: Vec<String>,
    matched_positions: Vec<usize>,
    /// A specific word of the point matched (see [`SPECIFIC_SHARE`]).
    specific: bool,
}

impl PointMatch {
    /// The answer's words negate the point: without the negation, it would
    /// have been (nearly) covered.
    fn negated(&self) -> bool {
        !self.covered
            && self.negated_share > 0.0
            && self.coverage + self.negated_share >= COVER_THRESHOLD
    }

    /// The negation outweighs what the answer says for the point: its
    /// meaning cannot count ("I would not check who owns the fix" is close
    /// in meaning to "who owns the fix", opposite in fact).
    fn opposed(&self) -> bool {
        self.negated() && self.negated_share >= self.coverage
    }
}

/// Scores typed answers; build once per run.
#[derive(Debug)]
pub struct Scorer {
    analyzer: Analyzer,
    concepts: Concepts,
    idf: HashMap<String, f32>,
    /// IDF of a stem no card contains.
    unseen_idf: f32,
    /// Stems in more than [`COMMON_SHARE`] of the cards.
    common: HashSet<String>,
    /// Stems on few cards' points ([`SPECIFIC_SHARE`]).
    specific: HashSet<String>,
    generic: HashSet<String>,
    /// Key points analysed so far, by text.
    points: RwLock<HashMap<String, Arc<Point>>>,
    /// The embedding model; `None` scores on words alone.
    meaning: Option<Arc<LazyEmbedder>>,
}

/// Why an answer is Again whatever its points say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rejection {
    Empty,
    NoMeaningfulWords,
    Generic,
    TooShort,
    /// Every informative word is in a run copied from the prompt.
    CopiesPrompt,
}

impl Rejection {
    fn note(self) -> &'static str {
        match self {
            Rejection::Empty => "answer is empty",
            Rejection::NoMeaningfulWords => "answer has no meaningful words to score",
            Rejection::Generic => "answer is too generic to score",
            Rejection::TooShort => "answer is one word: too short to make a point",
            Rejection::CopiesPrompt => "answer only repeats the question",
        }
    }
}

/// One card's points as the point model sees them.
#[derive(Debug, Clone, Default)]
pub(crate) struct CardEvidence {
    pub features: Vec<Features>,
    evidence: Vec<Evidence>,
    matches: Vec<PointMatch>,
    /// For a card of one long point: the same for each of its facets, which
    /// decide the point's coverage.
    pub facets: Option<Box<CardEvidence>>,
}

/// Everything measured about one answer, before the point model decides.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    pub own: CardEvidence,
    /// Each rival card's points.
    pub rivals: Vec<CardEvidence>,
    rejection: Option<Rejection>,
    /// Evidence is multiplied by this (keyword stuffing), 1 otherwise.
    damping: f32,
    /// The best cosine between a span and any rival card's point, with that
    /// point (rival index, point index); 0 and `None` without meaning.
    rival_similarity: f32,
    rival_point: Option<(usize, usize)>,
    /// Which of the input's rival cards `rivals` holds, in order.
    rival_cards: Vec<usize>,
    notes: Vec<String>,
    semantic: bool,
}

impl Scorer {
    /// Builds the scorer: IDF over `corpus` (one entry per card: its key
    /// points) and synonym concepts from the built-in vocabulary plus
    /// `deck_synonyms`. Key points are analysed on first use and cached.
    ///
    /// `corpus` is each card's key points, borrowed or owned.
    pub fn new<P: AsRef<[Arc<str>]>>(corpus: &[P], deck_synonyms: &[Vec<String>]) -> Scorer {
        let analyzer = Analyzer::new();
        let groups = vocabulary::BUILT_IN.iter().map(|g| g.to_vec()).chain(
            deck_synonyms
                .iter()
                .map(|g| g.iter().map(String::as_str).collect()),
        );
        let concepts = Concepts::build(&analyzer, groups);

        // Document frequencies only need content stems; decks repeat words a
        // lot, so each word is stemmed once and stems are numbered. Points are
        // analysed fully on first use.
        let mut word_ids: HashMap<String, usize, Fnv> = HashMap::default();
        let mut stem_ids: HashMap<String, usize, Fnv> = HashMap::default();
        // Per stem: its text, its document frequency, the last card counted.
        let mut stems: Vec<(String, u32, usize)> = Vec::new();
        for (card_no, card) in corpus.iter().enumerate() {
            for point in card.as_ref() {
                for norm in text::content_words(point) {
                    let id = if let Some(&id) = word_ids.get(&norm) {
                        id
                    } else {
                        let stem = analyzer.stem(&norm);
                        let id = *stem_ids.entry(stem.clone()).or_insert_with(|| {
                            stems.push((stem, 0, usize::MAX));
                            stems.len() - 1
                        });
                        word_ids.insert(norm, id);
                        id
                    };
                    let entry = &mut stems[id];
                    if entry.2 != card_no {
                        entry.1 += 1;
                        entry.2 = card_no;
                    }
                }
            }
        }
        let df: HashMap<String, u32> = stems.into_iter().map(|(s, d, _)| (s, d)).collect();
        let n = corpus.len() as f32;
        let idf_of = |df: u32| ((n + 1.0) / (df as f32 + 1.0)).ln() + 1.0;
        let common = df
            .iter()
            .filter(|&(_, &d)| n >= 4.0 && d as f32 > COMMON_SHARE * n)
            .map(|(s, _)| s.clone())
            .collect();
        let few = SPECIFIC_CARDS.max((SPECIFIC_SHARE * n) as u32);
        let specific = df
            .iter()
            .filter(|&(_, &d)| d <= few)
            .map(|(s, _)| s.clone())
            .collect();
        let idf = df.into_iter().map(|(s, d)| (s, idf_of(d))).collect();
        let generic = GENERIC_WORDS.iter().map(|w| analyzer.stem(w)).collect();
        Scorer {
            analyzer,
            concepts,
            idf,
            unseen_idf: idf_of(0),
            common,
            specific,
            generic,
            points: RwLock::new(HashMap::new()),
            meaning: None,
        }
    }

    /// Scores with meaning: key points and answers also go through `model`
    /// (loaded on first use). Without this the scorer uses words alone.
    #[must_use]
    pub fn with_meaning(mut self, model: Arc<LazyEmbedder>) -> Scorer {
        self.meaning = Some(model);
        self
    }

    /// Whether answers are read for meaning (the model may still be loading).
    pub fn uses_meaning(&self) -> bool {
        self.meaning.is_some()
    }

    /// Loads the model and computes the vectors of `cards`' key points, so
    /// that scoring them later costs one pass over the answer. For a
    /// background thread while the learner reads the first card.
    pub fn warm(&self, cards: &[&[Arc<str>]]) {
        let Some(model) = self.embedder() else {
            return;
        };
        let texts: Vec<&str> = cards.iter().flat_map(|c| c.iter()).map(|p| &**p).collect();
        let _ = self.vectors(model, &texts);
    }

    /// Scores `answer` against `key_points` alone.
    pub fn score(&self, key_points: &[Arc<str>], answer: &str) -> ScoreResult {
        self.evaluate(&ScoreInput {
            key_points,
            answer,
            ..ScoreInput::default()
        })
    }

    /// Scores `answer`, also checking whether it fits a rival card better.
    pub fn score_with_rivals(
        &self,
        key_points: &[Arc<str>],
        rivals: &[&[Arc<str>]],
        answer: &str,
    ) -> ScoreResult {
        self.evaluate(&ScoreInput {
            key_points,
            rivals,
            answer,
            ..ScoreInput::default()
        })
    }

    /// Scores with everything the caller knows (rivals, prompt).
    pub fn evaluate(&self, input: &ScoreInput<'_>) -> ScoreResult {
        let analysis = self.analyse(input);
        let model = if analysis.semantic {
            &semantic::SEMANTIC_MODEL
        } else {
            &semantic::LEXICAL_MODEL
        };
        decide(input, &analysis, model)
    }

    fn embedder(&self) -> Option<&Embedder> {
        self.meaning.as_ref().and_then(|m| m.get().ok())
    }

    /// Measures the answer against the card and its rivals: lexical matches,
    /// semantic evidence when the model runs, and the answer-level checks.
    pub(crate) fn analyse(&self, input: &ScoreInput<'_>) -> Analysis {
        let own: Vec<Arc<Point>> = input.key_points.iter().map(|p| self.point(p)).collect();
        let rival_cards = self.choose_rivals(input);
        let rivals: Vec<Vec<Arc<Point>>> = rival_cards
            .iter()
            .map(|&i| input.rivals[i].iter().map(|p| self.point(p)).collect())
            .collect();
        let lexicon = own
            .iter()
            .chain(rivals.iter().flatten())
            .flat_map(|p| p.lexicon.iter());
        let answer = self.analyze_answer(input.answer, input.prompt, lexicon);
        let mut analysis = Analysis {
            damping: 1.0,
            rival_cards,
            ..Analysis::default()
        };

        if answer.words.is_empty() {
            analysis.rejection = Some(if answer.any_token {
                Rejection::NoMeaningfulWords
            } else {
                Rejection::Empty
            });
            return analysis;
        }

        let rival_stems: Vec<HashSet<&str>> = rivals
            .iter()
            .map(|card| {
                card.iter()
                    .flat_map(|p| p.units.iter().flat_map(|u| u.stems.iter()))
                    .map(String::as_str)
                    .collect()
            })
            .collect();
        let weight = |stem: &str| -> f32 {
            let shared = rival_stems.iter().filter(|s| s.contains(stem)).count() as f32;
            (1.0 / (1.0 + RIVAL_SHARE * shared)).max(RIVAL_FLOOR)
        };
        let matches: Vec<PointMatch> = own
            .iter()
            .map(|p| match_point(p, &answer, &weight))
            .collect();
        for (text, m) in input.key_points.iter().zip(&matches) {
            if m.negated() {
                analysis.notes.push(format!("answer negates: {text}"));
            }
        }

        if !answer.words.iter().any(|w| w.informative) {
            analysis.rejection = Some(Rejection::Generic);
        } else if answer
            .words
            .iter()
            .filter(|w| w.informative)
            .all(|w| w.copied)
        {
            analysis.rejection = Some(Rejection::CopiesPrompt);
        } else if answer.tokens.len() < MIN_TOKENS
            && answer.words.iter().filter(|w| !w.copied).count() < 2
        {
            analysis.rejection = Some(Rejection::TooShort);
        }

        // Keyword stuffing: far longer than the points need, mostly unrelated.
        let units: usize = own.iter().map(|p| p.units.len()).sum();
        let limit = STUFF_MIN_WORDS.max(STUFF_WORDS_PER_UNIT * units);
        if answer.words.len() > limit {
            let used: HashSet<usize> = matches
                .iter()
                .flat_map(|m| m.matched_positions.iter().copied())
                .collect();
            let precision = used.len() as f32 / answer.words.len() as f32;
            if precision < STUFF_PRECISION {
                analysis.damping = limit as f32 / answer.words.len() as f32;
                analysis.notes.push(format!(
                    "answer is {} meaningful words for {} key points and mostly off-topic: evidence reduced",
                    answer.words.len(),
                    own.len()
                ));
            }
        }

        // Meaning: one pass over the answer, pooled into spans (not needed
        // when the answer is rejected whatever it says).
        let reads_meaning = analysis.rejection.is_none();
        let spans = self
            .meaning
            .as_ref()
            .filter(|_| reads_meaning)
            .and_then(|lazy| match lazy.get() {
                Err(e) => {
                    analysis.notes.push(format!("scored on words only: {e}"));
                    None
                }
                Ok(model) => match Self::answer_spans(model, input, &answer) {
                    Ok(s) => Some((model, s)),
                    Err(e) => {
                        analysis.notes.push(format!(
                            "scored on words only: the meaning model failed ({e:#})"
                        ));
                        None
                    }
                },
            });
        analysis.semantic = spans.is_some();
        if let Some((_, (_, truncated))) = &spans
            && *truncated
        {
            analysis.notes.push(
                "answer is long: only its first ~350 words were read for meaning".to_string(),
            );
        }
        let spans = spans.as_ref().map(|(m, (s, _))| (*m, s.as_slice()));
        analysis.own = self.card_evidence(input.key_points, &answer, &weight, spans, Some(matches));
        let no_weight = |_: &str| 1.0;
        analysis.rivals = analysis
            .rival_cards
            .iter()
            .map(|&i| self.card_evidence(input.rivals[i], &answer, &no_weight, spans, None))
            .collect();
        for (&r, card) in analysis.rival_cards.iter().zip(&analysis.rivals) {
            for (k, f) in card.features.iter().enumerate() {
                let similarity = f.similarity.unwrap_or(0.0);
                if similarity > analysis.rival_similarity {
                    analysis.rival_similarity = similarity;
                    analysis.rival_point = Some((r, k));
                }
            }
        }
        analysis
    }

    /// The rival cards to weigh (indices into `input.rivals`, in order):
    /// all of them, or the [`MAX_RIVALS`] sharing the most stems with the
    /// answer. Costs one pass over the rivals' analysed points.
    fn choose_rivals(&self, input: &ScoreInput<'_>) -> Vec<usize> {
        let n = input.rivals.len();
        if n <= MAX_RIVALS {
            return (0..n).collect();
        }
        let said: HashSet<String> = self
            .analyzer
            .analyze(input.answer)
            .into_iter()
            .filter(|t| t.content)
            .map(|t| t.stem)
            .collect();
        let mut shared: Vec<(usize, usize)> = input
            .rivals
            .iter()
            .enumerate()
            .map(|(i, card)| {
                let points: Vec<Arc<Point>> = card.iter().map(|p| self.point(p)).collect();
                let shared: HashSet<&str> = points
                    .iter()
                    .flat_map(|p| p.units.iter().flat_map(|u| u.stems.iter()))
                    .map(String::as_str)
                    .filter(|s| said.contains(*s))
                    .collect();
                (shared.len(), i)
            })
            .collect();
        // Most shared first; the input's order breaks ties.
        shared.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut chosen: Vec<usize> = shared
            .into_iter()
            .take(MAX_RIVALS)
            .map(|(_, i)| i)
            .collect();
        chosen.sort_unstable();
        chosen
    }

    /// Lexical and semantic evidence for one card's points (`matches`: the
    /// lexical matches when already made). A card of one long point (a
    /// profile) is also judged by the point's facets, its clauses: half of
    /// such a point is not all of it.
    fn card_evidence(
        &self,
        texts: &[Arc<str>],
        answer: &Answer,
        weight: &dyn Fn(&str) -> f32,
        spans: Option<(&Embedder, &[semantic::Span])>,
        matches: Option<Vec<PointMatch>>,
    ) -> CardEvidence {
        let points: Vec<Arc<Point>> = texts.iter().map(|t| self.point(t)).collect();
        let matches = matches.unwrap_or_else(|| {
            points
                .iter()
                .map(|p| match_point(p, answer, weight))
                .collect()
        });
        let evidence = spans.and_then(|(model, spans)| {
            let strs: Vec<&str> = texts
                .iter()
                .map(|t| &**t)
                .chain(points.iter().filter_map(|p| p.affirmed.as_deref()))
                .collect();
            let vectors = self.vectors(model, &strs).ok()?;
            let mut affirmed = vectors[texts.len()..].iter();
            let pv: Vec<semantic::PointVectors<'_>> = vectors
                .iter()
                .zip(&points)
                .map(|(v, p)| semantic::PointVectors {
                    whole: v,
                    negated: p.negated,
                    affirmed: p
                        .affirmed
                        .as_ref()
                        .and_then(|_| affirmed.next())
                        .map(|a| &**a),
                })
                .collect();
            Some(semantic::evidence(spans, &pv))
        });
        let features = matches
            .iter()
            .enumerate()
            .map(|(k, m)| Features {
                lexical: m.coverage,
                lexical_covered: m.covered,
                negated: m.negated(),
                specific: m.specific,
                // The lexical defence comes first: meaning cannot overrule
                // words that oppose the point.
                similarity: evidence
                    .as_ref()
                    .map(|e| if m.opposed() { 0.0 } else { e[k].similarity }),
                specificity: evidence.as_ref().map_or(0.0, |e| e[k].specificity),
                margin: evidence.as_ref().map_or(0.0, |e| e[k].margin),
            })
            .collect();
        let facets = match texts {
            [only] => {
                let facets = self.facets(only);
                (facets.len() >= 2)
                    .then(|| Box::new(self.card_evidence(&facets, answer, weight, spans, None)))
            }
            _ => None,
        };
        CardEvidence {
            features,
            evidence: evidence.unwrap_or_else(|| vec![Evidence::default(); texts.len()]),
            matches,
            facets,
        }
    }

    /// A point's clauses, each of at least two meaningful words (shorter
    /// ones join the clause before).
    fn facets(&self, text: &str) -> Vec<Arc<str>> {
        let tokens = self.analyzer.analyze(text);
        let mut groups: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        let mut clause = None;
        for t in &tokens {
            let content = usize::from(t.content);
            match groups.last_mut() {
                Some((bytes, n)) if clause == Some(t.clause) || *n < 2 => {
                    bytes.end = t.bytes.end;
                    *n += content;
                }
                _ => groups.push((t.bytes.clone(), content)),
            }
            clause = Some(t.clause);
        }
        if groups.len() >= 2 && groups.last().is_some_and(|(_, n)| *n < 2) {
            let (last, _) = groups.pop().unwrap_or_default();
            if let Some((bytes, _)) = groups.last_mut() {
                bytes.end = last.end;
            }
        }
        groups
            .into_iter()
            .filter_map(|(bytes, _)| text.get(bytes).map(Arc::from))
            .collect()
    }

    /// The answer's spans as vectors, prompt-copied words left out.
    fn answer_spans(
        model: &Embedder,
        input: &ScoreInput<'_>,
        answer: &Answer,
    ) -> anyhow::Result<(Vec<semantic::Span>, bool)> {
        let states = model.token_states(input.answer)?;
        let copied: Vec<std::ops::Range<usize>> = answer
            .words
            .iter()
            .filter(|w| w.copied)
            .map(|w| w.bytes.clone())
            .collect();
        Ok((
            semantic::spans(&answer.tokens, &copied, &states),
            states.truncated,
        ))
    }

    /// The vectors of `texts`, from the model's cache or computed now.
    fn vectors(&self, model: &Embedder, texts: &[&str]) -> anyhow::Result<Vec<Vector>> {
        match &self.meaning {
            Some(meaning) => meaning.vectors(model, texts),
            None => model.embed(texts),
        }
    }

    /// The analysed key point, from the cache or analysed now and cached.
    /// A poisoned lock still holds complete entries (inserts are single
    /// calls), so it is used as is.
    fn point(&self, text: &str) -> Arc<Point> {
        if let Some(p) = self
            .points
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(text)
        {
            return Arc::clone(p);
        }
        let prepared = Arc::new(self.prepare(&self.analyzer.analyze_key_point(text)));
        self.points
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(text.to_string(), Arc::clone(&prepared));
        prepared
    }

    fn idf(&self, stem: &str) -> f32 {
        self.idf.get(stem).copied().unwrap_or(self.unseen_idf)
    }

    /// Splits a key point into units (words, or phrases naming a concept)
    /// with their base weights, and gathers the words a typo may aim at.
    fn prepare(&self, tokens: &[Token]) -> Point {
        let content: Vec<&Token> = tokens.iter().filter(|t| t.content).collect();
        let stems: Vec<&str> = content.iter().map(|t| t.stem.as_str()).collect();
        let found = self.concepts.find(&stems);
        let mut units = Vec::new();
        let mut lexicon: Vec<LexEntry> = content
            .iter()
            .map(|t| LexEntry::new(t.norm.clone(), t.stem.clone()))
            .collect();
        let mut i = 0;
        while i < content.len() {
            let len = found
                .iter()
                .filter(|o| o.start == i)
                .map(|o| o.len)
                .max()
                .unwrap_or(1);
            let concepts: Vec<ConceptId> = found
                .iter()
                .filter(|o| o.start == i && o.len == len)
                .map(|o| o.concept)
                .collect();
            for &c in &concepts {
                lexicon.extend(self.concepts.words(c).iter().cloned());
            }
            let span = &content[i..i + len];
            let generic: Vec<bool> = span
                .iter()
                .map(|t| self.generic.contains(&t.stem))
                .collect();
            units.push(Unit {
                stems: span.iter().map(|t| t.stem.clone()).collect(),
                base: span
                    .iter()
                    .zip(&generic)
                    .map(|(t, &g)| self.idf(&t.stem) * if g { GENERIC_FACTOR } else { 1.0 })
                    .collect(),
                specific: span
                    .iter()
                    .zip(&generic)
                    .map(|(t, &g)| !g && self.specific.contains(&t.stem))
                    .collect(),
                generic,
                concepts,
                negated: span.iter().any(|t| t.negated),
            });
            i += len;
        }
        let negated = units.iter().any(|u| u.negated);
        Point {
            units,
            lexicon,
            negated,
            affirmed: text::affirmed_part(tokens),
        }
    }

    fn analyze_answer<'p>(
        &self,
        text: &str,
        prompt: &str,
        lexicon: impl Iterator<Item = &'p LexEntry>,
    ) -> Answer {
        let tokens = self.analyzer.analyze(text);
        let any_token = !tokens.is_empty();
        let all_tokens = tokens.clone();
        // Rivals and synonym groups repeat words: keep each once.
        let mut unique: HashSet<&str> = HashSet::new();
        let lexicon: Vec<&LexEntry> = lexicon.filter(|e| unique.insert(&e.norm)).collect();
        let known: HashSet<&str> = lexicon.iter().map(|e| e.stem.as_str()).collect();
        let words: Vec<Word> = tokens
            .into_iter()
            .filter(|t| t.content)
            .map(|t| {
                let stem = if known.contains(t.stem.as_str()) {
                    t.stem
                } else {
                    correct_typo(&t.norm, &t.stem, &lexicon).unwrap_or(t.stem)
                };
                Word {
                    informative: !self.generic.contains(&stem) && !self.common.contains(&stem),
                    typed: t.typed,
                    stem,
                    negated: t.negated,
                    copied: false,
                    bytes: t.bytes,
                }
            })
            .collect();
        let mut words = words;
        self.mark_copied(prompt, &mut words);
        let mut by_stem: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            by_stem.entry(w.stem.clone()).or_default().push(i);
        }
        let stems: Vec<&str> = words.iter().map(|w| w.stem.as_str()).collect();
        let mut concepts: HashMap<ConceptId, Vec<(usize, usize)>> = HashMap::new();
        for o in self.concepts.find(&stems) {
            concepts
                .entry(o.concept)
                .or_default()
                .push((o.start, o.len));
        }
        Answer {
            tokens: all_tokens,
            words,
            by_stem,
            concepts,
            any_token,
        }
    }
}

impl Scorer {
    /// Marks answer words that repeat [`COPY_RUN`] or more of the prompt's
    /// meaningful words in a row.
    fn mark_copied(&self, prompt: &str, words: &mut [Word]) {
        let prompt: Vec<String> = self
            .analyzer
            .analyze(prompt)
            .into_iter()
            .filter(|t| t.content)
            .map(|t| t.stem)
            .collect();
        let runs: HashSet<&[String]> = prompt.windows(COPY_RUN).collect();
        if runs.is_empty() {
            return;
        }
        let stems: Vec<String> = words.iter().map(|w| w.stem.clone()).collect();
        for (start, window) in stems.windows(COPY_RUN).enumerate() {
            if runs.contains(window) {
                for w in &mut words[start..start + COPY_RUN] {
                    w.copied = true;
                }
            }
        }
    }
}

/// FNV-1a: short words, no untrusted keys, so `SipHash`'s cost buys nothing
/// in the hot loop of [`Scorer::new`].
#[derive(Debug, Default, Clone, Copy)]
struct Fnv;

#[derive(Debug)]
struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The largest typo distance tolerated between words of these lengths.
fn typo_budget(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=8 => 1,
        _ => 2,
    }
}

/// The stem of the lexicon word `norm` is a typo of, if any: the nearest
/// within budget, by word or by stem.
fn correct_typo(norm: &str, stem: &str, lexicon: &[&LexEntry]) -> Option<String> {
    if !norm.chars().all(char::is_alphabetic) {
        return None;
    }
    let len = norm.chars().count();
    let stem_len = stem.chars().count();
    if typo_budget(len) == 0 {
        return None;
    }
    let mask = synonyms::letter_mask(norm);
    let mut best: Option<(usize, &LexEntry)> = None;
    for entry in lexicon {
        let Some(elen) = entry.len else {
            continue;
        };
        let budget = typo_budget(len.min(elen));
        // Stems may be closer than words (`prioritzed` ~ `prioritize`), so
        // the bounds leave room for both comparisons.
        if budget == 0
            || len.abs_diff(elen) > budget + 2
            || (mask ^ entry.mask).count_ones() as usize > 2 * budget + 2
        {
            continue;
        }
        let mut d = if len.abs_diff(elen) <= budget {
            strsim::osa_distance(norm, &entry.norm)
        } else {
            usize::MAX
        };
        if d > budget {
            let slen = stem_len.min(entry.stem.chars().count());
            let sbudget = typo_budget(slen);
            if sbudget > 0 && stem_len.abs_diff(entry.stem.chars().count()) <= sbudget {
                let sd = strsim::osa_distance(stem, &entry.stem);
                if sd <= sbudget {
                    d = sd;
                }
            }
        }
        if d <= budget && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, entry));
        }
    }
    best.map(|(_, e)| e.stem.clone())
}

/// Matches one point against the answer. `weight` scales a stem's base
/// weight (for words shared with rivals). A unit counts as a meaningful
/// match when a non-generic word of it matched.
fn match_point(point: &Point, answer: &Answer, weight: &dyn Fn(&str) -> f32) -> PointMatch {
    let mut total = 0.0;
    let mut matched = 0.0;
    let mut negated = 0.0;
    let mut strong_units = 0;
    let mut specific = false;
    let mut positions: Vec<usize> = Vec::new();
    for unit in &point.units {
        let weights: Vec<f32> = unit
            .stems
            .iter()
            .zip(&unit.base)
            .map(|(s, b)| b * weight(s))
            .collect();
        let unit_total: f32 = weights.iter().sum();
        total += unit_total;
        let usable = |i: usize| {
            let w = &answer.words[i];
            !w.copied && w.negated == unit.negated
        };

        // The whole unit, through any phrase of its concepts.
        let span = unit.concepts.iter().find_map(|c| {
            answer.concepts.get(c).and_then(|spans| {
                spans
                    .iter()
                    .find(|&&(s, l)| (s..s + l).all(usable))
                    .copied()
            })
        });
        if let Some((s, l)) = span {
            matched += unit_total;
            positions.extend(s..s + l);
            if unit.generic.iter().any(|g| !g) {
                strong_units += 1;
            }
            specific |= unit.specific.iter().any(|&s| s);
            continue;
        }
        // Only a plain word of the point said under a negator is a
        // negation ("I would not check who owns the fix"). A negated point
        // said with other negators ("not just X" is an affirmation, "X isn't
        // the issue" negates forward only) is not reliably a contradiction.
        let is_negation = |i: usize| {
            let w = &answer.words[i];
            !unit.negated && !w.copied && w.negated
        };
        let concept_negated = unit.concepts.iter().any(|c| {
            answer
                .concepts
                .get(c)
                .is_some_and(|spans| spans.iter().any(|&(s, l)| (s..s + l).any(is_negation)))
        });
        let mut unit_strong = false;
        let mut unit_negated = 0.0;
        for (((stem, w), &generic), &is_specific) in unit
            .stems
            .iter()
            .zip(&weights)
            .zip(&unit.generic)
            .zip(&unit.specific)
        {
            let Some(at) = answer.by_stem.get(stem) else {
                continue;
            };
            if let Some(&i) = at.iter().find(|&&i| usable(i)) {
                matched += w;
                positions.push(i);
                unit_strong |= !generic;
                specific |= is_specific && answer.words[i].informative;
            } else if at.iter().any(|&i| is_negation(i)) {
                unit_negated += w;
            }
        }
        if concept_negated && unit_negated == 0.0 {
            unit_negated = unit_total;
        }
        negated += unit_negated;
        if unit_strong {
            strong_units += 1;
        }
    }
    let coverage = if total > 0.0 { matched / total } else { 0.0 };
    let units = point.units.len();
    let needed = if units >= 4 { 2 } else { 1 };
    let covered = coverage >= COVER_THRESHOLD && strong_units >= needed;
    positions.sort_unstable();
    positions.dedup();
    let matched_words = {
        let mut seen = HashSet::new();
        positions
            .iter()
            .map(|&i| answer.words[i].typed.clone())
            .filter(|w| seen.insert(w.to_lowercase()))
            .collect()
    };
    PointMatch {
        coverage,
        negated_share: if total > 0.0 { negated / total } else { 0.0 },
        covered,
        matched: matched_words,
        matched_positions: positions,
        specific,
    }
}

/// Applies the point model and the rubric to an analysed answer.
pub(crate) fn decide(
    input: &ScoreInput<'_>,
    analysis: &Analysis,
    model: &PointModel,
) -> ScoreResult {
    let mut notes = Vec::new();
    // A point of this card is partly made only on evidence specific to it;
    // rivals' points are only compared with each other.
    let specific = |f: &Features| {
        f.specific
            || f.similarity
                .is_some_and(|s| s - analysis.rival_similarity >= SPECIFIC_MARGIN)
    };
    let point_statuses = |card: &CardEvidence, own: bool| -> Vec<(Coverage, f32)> {
        card.features
            .iter()
            .map(|f| {
                let p = model.probability(f) * analysis.damping;
                let status = if p >= model.covered {
                    Coverage::Covered
                } else if p >= model.partial && (!own || specific(f)) {
                    Coverage::Partial
                } else {
                    Coverage::Missed
                };
                (status, p)
            })
            .collect()
    };
    let share = |s: &[(Coverage, f32)]| -> f32 {
        if s.is_empty() {
            return 0.0;
        }
        s.iter()
            .map(|(c, _)| match c {
                Coverage::Covered => 1.0,
                Coverage::Partial => 0.5,
                Coverage::Missed => 0.0,
            })
            .sum::<f32>()
            / s.len() as f32
    };
    // A point judged by facets is covered when most of them are made.
    let statuses = |card: &CardEvidence, own: bool| -> Vec<(Coverage, f32)> {
        match &card.facets {
            Some(facets) => {
                let made = share(&point_statuses(facets, own));
                let status = if made >= FACETS_COVERED {
                    Coverage::Covered
                } else if made > 0.0 {
                    Coverage::Partial
                } else {
                    Coverage::Missed
                };
                vec![(status, made)]
            }
            None => point_statuses(card, own),
        }
    };
    let mut own = statuses(&analysis.own, true);
    if let Some(rejection) = analysis.rejection {
        notes.push(rejection.note().to_string());
        for s in &mut own {
            s.0 = Coverage::Missed;
        }
    }
    notes.extend(analysis.notes.iter().cloned());
    if analysis.rejection.is_none() {
        let own_share = share(&own);
        // The best-covered rival that clearly beats this card.
        let winner = analysis
            .rivals
            .iter()
            .zip(analysis.rival_cards.iter().map(|&i| input.rivals[i]))
            .map(|(card, texts)| {
                let s = statuses(card, false);
                (share(&s), texts, s)
            })
            .filter(|(rival, _, s)| {
                let covered = s.iter().filter(|p| p.0 == Coverage::Covered).count();
                *rival >= RIVAL_MIN
                    && *rival >= own_share + RIVAL_MARGIN
                    && covered >= RIVAL_POINTS.min(s.len())
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        // Or closer in meaning to a rival's point than to any of this card's.
        let own_similarity = analysis
            .own
            .features
            .iter()
            .filter_map(|f| f.similarity)
            .fold(0.0f32, f32::max);
        let closer = analysis
            .rival_point
            .filter(|_| analysis.rival_similarity >= own_similarity + MEANING_RIVAL_MARGIN)
            .and_then(|(r, k)| input.rivals.get(r)?.get(k));
        let example = match winner {
            Some((_, texts, rival_statuses)) => Some(
                texts
                    .iter()
                    .zip(&rival_statuses)
                    .find(|(_, s)| s.0 == Coverage::Covered)
                    .map_or("", |(t, _)| &**t),
            ),
            None => closer.map(|t| &**t),
        };
        if let Some(example) = example {
            notes.push(format!(
                "answer matches another task's points better: {example}"
            ));
            for s in &mut own {
                s.0 = Coverage::Missed;
            }
        }
    }
    let points: Vec<PointResult> = input
        .key_points
        .iter()
        .enumerate()
        .map(|(k, text)| {
            let (status, confidence) = own.get(k).copied().unwrap_or((Coverage::Missed, 0.0));
            let m = analysis.own.matches.get(k);
            let e = analysis.own.evidence.get(k);
            PointResult {
                text: text.to_string(),
                status,
                covered: status == Coverage::Covered,
                confidence,
                coverage: m.map_or(0.0, |m| m.coverage),
                matched: m.map(|m| m.matched.clone()).unwrap_or_default(),
                span: e
                    .and_then(|e| e.span.clone())
                    .and_then(|r| input.answer.get(r))
                    .map(str::to_string),
                similarity: analysis.semantic.then(|| e.map_or(0.0, |e| e.similarity)),
                negated: m.is_some_and(PointMatch::negated),
                corrected: false,
            }
        })
        .collect();
    let (score, grade) = rubric_grade(&points);
    ScoreResult {
        score,
        grade,
        points,
        notes,
        semantic: analysis.semantic,
    }
}
