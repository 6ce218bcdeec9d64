//! The typed-answer scorer: grades a free-text answer against a card's key
//! points and says which points were covered, which were missed and why.
//!
//! Pure: no I/O, no clock, no randomness. It does not know about cards, decks
//! or the prompt loop; callers pass key points (and, when they have them, the
//! rival cards' key points and the prompt) as plain strings.
//!
//! # Method
//! 1. **Text** (`text`): Unicode folding, case folding, punctuation to spaces
//!    (keeping `ci/cd`, `c++`, `10x`, `2-3`, `96%`), stop words and interview
//!    filler dropped, Snowball English stems.
//! 2. **Synonyms** (`synonyms`, `vocabulary`): deck groups plus a built-in
//!    security and product vocabulary, matched as stem sequences, so
//!    "identity provider" in a key point is matched by `IdP` and vice versa.
//!    A key point's phrase that is in a group is one *unit*: any member of the
//!    group matches the whole unit.
//! 3. **Typos**: an answer word of 6+ letters that matches nothing is
//!    corrected to the nearest word of the key points (or their synonyms) at
//!    Damerau-Levenshtein (optimal string alignment) distance ≤ 1, or ≤ 2 for
//!    9+ letters. Short words and numbers are never corrected.
//! 4. **Weights**: smoothed IDF over the corpus (a card is a document), so
//!    "exploitable" outweighs "security". Built-in generic words ("security",
//!    "team", "work", "stakeholders") weigh less still, and so do words shared
//!    with rival cards. A point's coverage is its matched weight over its
//!    total weight.
//! 5. **Points and score**: a point is covered when its coverage reaches
//!    [`COVER_THRESHOLD`] with at least one meaningful matched unit (two for
//!    points of four or more units). The score is the plain share of covered
//!    points, plus partial credit for near-covered ones: a deck's points are
//!    written as peers (questions, duties), and "3 of 5 covered" is what the
//!    learner sees, so weighting points by length would only blur that. An
//!    answer with any partial credit scores at least [`HARD_MIN`]: Hard means
//!    "recalled with difficulty", and a real part of a point is that (the
//!    feedback marks such points as partly made).
//!    The score maps to a [`Grade`] through [`grade_for`]; the thresholds are
//!    calibrated on hand-graded answers (see `calibration`).
//!
//! # Robustness
//! - **Negation**: a negator ("not", "never", "don't", "no need to",
//!   "without", "skip", "instead of") scopes over the next few meaningful
//!   words of its clause. A word matches only with the same polarity as in
//!   the key point: "I would not check who owns the fix" does not cover "who
//!   owns the fix", and "manually track tasks" does not cover "don't track
//!   tasks manually"; a point lost that way is noted ("answer negates: …").
//!   Double negation ("never skip") cancels.
//! - **Rival cards**: the answer is also scored against each rival card. When
//!   a rival is clearly better covered, the grade is capped at Hard (or Again
//!   when little of this card was covered) with a note. Words this card shares
//!   with rivals (a role name, a common theme) weigh less.
//! - **Platitudes**: an answer made only of generic or corpus-common words is
//!   "too generic to score" and gets 0.
//! - **Empty answers**: nothing meaningful to match gives 0 and Again.
//! - **Prompt copying**: with [`ScoreInput::prompt`], answer words that repeat
//!   a run of three or more of the prompt's meaningful words, in order, match
//!   nothing, so echoing the question earns nothing. Single prompt words still
//!   count: a scenario's key points naturally reuse its situation's words.
//! - **Keyword stuffing**: an answer far longer than the key points need, of
//!   which only a small share matches, has its score scaled down by how much
//!   too long it is, with a note.

mod synonyms;
mod text;
mod vocabulary;

#[cfg(test)]
mod calibration;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

use serde::Serialize;

use crate::grade::Grade;
use synonyms::{ConceptId, Concepts, LexEntry};
use text::{Analyzer, Token};

/// Coverage a point needs to count as covered (matched weight / total weight).
pub const COVER_THRESHOLD: f32 = 0.5;
/// Below this coverage a point earns no partial credit.
const PARTIAL_FLOOR: f32 = 0.25;
/// Partial credit per unit of coverage for a point that is not covered.
const PARTIAL_SCALE: f32 = 0.5;
/// Weight factor of built-in generic words.
const GENERIC_FACTOR: f32 = 0.3;
/// Meaningful words in a row, in prompt order, that make a copied run.
const COPY_RUN: usize = 3;
/// Each rival card sharing a word divides its weight by `1 + RIVAL_SHARE`.
const RIVAL_SHARE: f32 = 0.5;
const RIVAL_FLOOR: f32 = 0.25;
/// A rival "clearly" wins when its score is at least this…
const RIVAL_MIN: f32 = 0.5;
/// …and beats this card's score by at least this much.
const RIVAL_MARGIN: f32 = 0.25;
/// Answers shorter than this many meaningful words are never "stuffed".
const STUFF_MIN_WORDS: usize = 40;
/// Meaningful words an answer may use per key-point unit before it is long.
const STUFF_WORDS_PER_UNIT: usize = 4;
/// A long answer whose matching share is below this is keyword stuffing.
const STUFF_PRECISION: f32 = 0.2;
/// A word in more than this share of cards carries no information alone.
const COMMON_SHARE: f32 = 0.5;

/// Lowest scores of Hard, Good and Easy.
pub const HARD_MIN: f32 = 0.2;
pub const GOOD_MIN: f32 = 0.55;
pub const EASY_MIN: f32 = 0.7;

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

/// The suggested grade for a score in 0–1.
pub fn grade_for(score: f32) -> Grade {
    if score >= EASY_MIN {
        Grade::Easy
    } else if score >= GOOD_MIN {
        Grade::Good
    } else if score >= HARD_MIN {
        Grade::Hard
    } else {
        Grade::Again
    }
}

/// The outcome of scoring one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreResult {
    /// 0–1: the share of key points covered, with partial credit.
    pub score: f32,
    /// The suggested grade.
    pub grade: Grade,
    /// One entry per key point, in the card's order.
    pub points: Vec<PointResult>,
    /// Why the score is lower than coverage alone suggests.
    pub notes: Vec<String>,
}

/// How one key point fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointResult {
    pub text: String,
    pub covered: bool,
    /// Matched weight over total weight, 0–1.
    pub coverage: f32,
    /// The answer's words that matched, as typed.
    pub matched: Vec<String>,
}

/// Everything the scorer can use about one answer.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreInput<'a> {
    pub key_points: &'a [String],
    /// Key points of other cards a confused candidate might be restating.
    pub rivals: &'a [&'a [String]],
    /// The card's prompt; runs of its words copied into the answer earn nothing.
    pub prompt: &'a str,
    pub answer: &'a str,
}

/// A key point analysed once: its units and their base weights.
#[derive(Debug, Clone)]
struct Point {
    units: Vec<Unit>,
    /// Words a typo in the answer may be corrected to.
    lexicon: Vec<LexEntry>,
}

/// A word of a key point, or a phrase of it that names a synonym concept.
#[derive(Debug, Clone)]
struct Unit {
    stems: Vec<String>,
    /// IDF times the generic factor, per stem.
    base: Vec<f32>,
    generic: Vec<bool>,
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
}

/// The answer, analysed once per call.
#[derive(Debug)]
struct Answer {
    words: Vec<Word>,
    /// Stem → positions in `words`.
    by_stem: HashMap<String, Vec<usize>>,
    /// Concept → (start, len) spans in `words`.
    concepts: HashMap<ConceptId, Vec<(usize, usize)>>,
    /// Whether any token at all was present (stop words included).
    any_token: bool,
}

/// How one point matched, before it becomes a [`PointResult`].
#[derive(Debug, Default)]
struct PointMatch {
    coverage: f32,
    negated_share: f32,
    covered: bool,
    credit: f32,
    matched: Vec<String>,
    matched_positions: Vec<usize>,
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
    generic: HashSet<String>,
    /// Key points analysed so far, by text.
    points: RwLock<HashMap<String, Arc<Point>>>,
}

impl Scorer {
    /// Builds the scorer: IDF over `corpus` (one entry per card: its key
    /// points) and synonym concepts from the built-in vocabulary plus
    /// `deck_synonyms`. Key points are analysed on first use and cached.
    ///
    /// `corpus` is each card's key points, borrowed or owned.
    pub fn new<P: AsRef<[String]>>(corpus: &[P], deck_synonyms: &[Vec<String>]) -> Scorer {
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
        let idf = df.into_iter().map(|(s, d)| (s, idf_of(d))).collect();
        let generic = GENERIC_WORDS.iter().map(|w| analyzer.stem(w)).collect();
        Scorer {
            analyzer,
            concepts,
            idf,
            unseen_idf: idf_of(0),
            common,
            generic,
            points: RwLock::new(HashMap::new()),
        }
    }

    /// Scores `answer` against `key_points` alone.
    pub fn score(&self, key_points: &[String], answer: &str) -> ScoreResult {
        self.evaluate(&ScoreInput {
            key_points,
            answer,
            ..ScoreInput::default()
        })
    }

    /// Scores `answer`, also checking whether it fits a rival card better.
    pub fn score_with_rivals(
        &self,
        key_points: &[String],
        rivals: &[&[String]],
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
        let own: Vec<Arc<Point>> = input.key_points.iter().map(|p| self.point(p)).collect();
        let rivals: Vec<Vec<Arc<Point>>> = input
            .rivals
            .iter()
            .map(|card| card.iter().map(|p| self.point(p)).collect())
            .collect();

        let lexicon = own
            .iter()
            .chain(rivals.iter().flatten())
            .flat_map(|p| p.lexicon.iter());
        let answer = self.analyze_answer(input.answer, input.prompt, lexicon);
        let mut notes = Vec::new();

        if answer.words.is_empty() {
            notes.push(if answer.any_token {
                "answer has no meaningful words to score".to_string()
            } else {
                "answer is empty".to_string()
            });
            return Self::finish(input.key_points, &[], 0.0, Grade::Again, notes);
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
        let mut score = mean_credit(&matches);
        // Hard means "recalled with difficulty": a real part of one point is that.
        if matches.iter().any(|m| m.credit > 0.0) {
            score = score.max(HARD_MIN);
        }

        for (text, m) in input.key_points.iter().zip(&matches) {
            if !m.covered
                && m.negated_share > 0.0
                && m.coverage + m.negated_share >= COVER_THRESHOLD
            {
                notes.push(format!("answer negates: {text}"));
            }
        }

        if !answer.words.iter().any(|w| w.informative) {
            notes.push("answer is too generic to score".to_string());
            score = 0.0;
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
                score *= limit as f32 / answer.words.len() as f32;
                notes.push(format!(
                    "answer is {} meaningful words for {} key points and mostly off-topic: score reduced",
                    answer.words.len(),
                    own.len()
                ));
            }
        }

        let mut grade = grade_for(score);
        let no_weight = |_: &str| 1.0;
        let best_rival = rivals
            .iter()
            .zip(input.rivals)
            .map(|(card, texts)| {
                let m: Vec<PointMatch> = card
                    .iter()
                    .map(|p| match_point(p, &answer, &no_weight))
                    .collect();
                (mean_credit(&m), texts, m)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((rival_score, texts, rival_matches)) = best_rival
            && rival_score >= RIVAL_MIN
            && rival_score >= score + RIVAL_MARGIN
            && grade >= Grade::Hard
        {
            let example = texts
                .iter()
                .zip(&rival_matches)
                .find(|(_, m)| m.covered)
                .map_or("", |(t, _)| t.as_str());
            notes.push(format!(
                "answer matches another task's points better: {example}"
            ));
            let capped = if score >= GOOD_MIN {
                Grade::Hard
            } else {
                Grade::Again
            };
            grade = grade.min(capped);
            score = score.min(if capped == Grade::Hard {
                GOOD_MIN - 0.01
            } else {
                HARD_MIN - 0.01
            });
        }

        Self::finish(input.key_points, &matches, score, grade, notes)
    }

    fn finish(
        texts: &[String],
        matches: &[PointMatch],
        score: f32,
        grade: Grade,
        notes: Vec<String>,
    ) -> ScoreResult {
        let points = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let m = matches.get(i);
                PointResult {
                    text: text.clone(),
                    covered: m.is_some_and(|m| m.covered),
                    coverage: m.map_or(0.0, |m| m.coverage),
                    matched: m.map(|m| m.matched.clone()).unwrap_or_default(),
                }
            })
            .collect();
        ScoreResult {
            score: score.clamp(0.0, 1.0),
            grade,
            points,
            notes,
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
        let prepared = Arc::new(self.prepare(&self.analyzer.analyze(text)));
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
                generic,
                concepts,
                negated: span.iter().any(|t| t.negated),
            });
            i += len;
        }
        Point { units, lexicon }
    }

    fn analyze_answer<'p>(
        &self,
        text: &str,
        prompt: &str,
        lexicon: impl Iterator<Item = &'p LexEntry>,
    ) -> Answer {
        let tokens = self.analyzer.analyze(text);
        let any_token = !tokens.is_empty();
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

fn mean_credit(matches: &[PointMatch]) -> f32 {
    if matches.is_empty() {
        return 0.0;
    }
    matches.iter().map(|m| m.credit).sum::<f32>() / matches.len() as f32
}

/// Matches one point against the answer. `weight` scales a stem's base
/// weight (for words shared with rivals). A unit counts as a meaningful
/// match when a non-generic word of it matched.
fn match_point(point: &Point, answer: &Answer, weight: &dyn Fn(&str) -> f32) -> PointMatch {
    let mut total = 0.0;
    let mut matched = 0.0;
    let mut negated = 0.0;
    let mut strong_units = 0;
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
            continue;
        }
        let concept_negated = unit
            .concepts
            .iter()
            .any(|c| answer.concepts.contains_key(c));
        let mut unit_strong = false;
        let mut unit_negated = 0.0;
        for ((stem, w), &generic) in unit.stems.iter().zip(&weights).zip(&unit.generic) {
            let Some(at) = answer.by_stem.get(stem) else {
                continue;
            };
            if let Some(&i) = at.iter().find(|&&i| usable(i)) {
                matched += w;
                positions.push(i);
                unit_strong |= !generic;
            } else {
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
    let credit = if covered {
        1.0
    } else if coverage >= PARTIAL_FLOOR && strong_units >= 1 {
        PARTIAL_SCALE * coverage
    } else {
        0.0
    };
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
        credit,
        matched: matched_words,
        matched_positions: positions,
    }
}
