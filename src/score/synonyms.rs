//! Synonym concepts: groups of words and phrases that mean the same, indexed
//! by stem sequence so that phrases match as phrases.
//!
//! Owns building the index from the built-in vocabulary and a deck's groups,
//! and finding concept occurrences in a sequence of stems. It does not decide
//! what a match is worth (the parent module does).

use std::collections::HashMap;

use super::text::Analyzer;

/// Index of a synonym group.
pub(crate) type ConceptId = u32;

/// A word a typo may be corrected to, with what the typo filter needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexEntry {
    pub norm: String,
    pub stem: String,
    /// Letters in `norm`; `None` when it is not purely alphabetic.
    pub len: Option<usize>,
    /// One bit per ASCII letter present, for a cheap distance bound.
    pub mask: u32,
}

impl LexEntry {
    pub(crate) fn new(norm: String, stem: String) -> LexEntry {
        let len = norm
            .chars()
            .all(char::is_alphabetic)
            .then(|| norm.chars().count());
        LexEntry {
            mask: letter_mask(&norm),
            norm,
            stem,
            len,
        }
    }
}

/// Bit `i` set when the `i`-th ASCII letter occurs. One edit changes at most
/// two bits, so words `d` edits apart differ in at most `2d` bits.
pub(crate) fn letter_mask(word: &str) -> u32 {
    word.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |m, b| m | 1 << (b - b'a'))
}

#[derive(Debug, Clone)]
struct Phrase {
    stems: Vec<String>,
    concept: ConceptId,
}

/// Where a concept occurs in a stem sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub concept: ConceptId,
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Concepts {
    /// Phrases by their first stem, longest first.
    by_first: HashMap<String, Vec<Phrase>>,
    /// The words of every phrase of each concept.
    words: Vec<Vec<LexEntry>>,
}

impl Concepts {
    /// Builds the index; groups are numbered in order, so a deck group and a
    /// built-in group stay distinct concepts even when they share a word.
    pub(crate) fn build<'a, G, P>(analyzer: &Analyzer, groups: G) -> Concepts
    where
        G: IntoIterator<Item = P>,
        P: IntoIterator<Item = &'a str>,
    {
        let mut concepts = Concepts::default();
        for (id, group) in groups.into_iter().enumerate() {
            let concept = id as ConceptId;
            let mut words: Vec<LexEntry> = Vec::new();
            for phrase in group {
                let tokens = analyzer.analyze(phrase);
                let stems: Vec<String> = tokens
                    .iter()
                    .filter(|t| t.content)
                    .map(|t| t.stem.clone())
                    .collect();
                let Some(first) = stems.first().cloned() else {
                    continue;
                };
                for t in tokens.into_iter().filter(|t| t.content) {
                    if !words.iter().any(|w| w.norm == t.norm) {
                        words.push(LexEntry::new(t.norm, t.stem));
                    }
                }
                let list = concepts.by_first.entry(first).or_default();
                if !list
                    .iter()
                    .any(|p| p.concept == concept && p.stems == stems)
                {
                    list.push(Phrase { stems, concept });
                }
            }
            concepts.words.push(words);
        }
        for list in concepts.by_first.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.stems.len()));
        }
        concepts
    }

    /// Every concept occurrence in `stems` (overlaps included: "keys" may
    /// belong to two groups).
    pub(crate) fn find<S: AsRef<str>>(&self, stems: &[S]) -> Vec<Occurrence> {
        let mut found = Vec::new();
        for start in 0..stems.len() {
            let Some(list) = self.by_first.get(stems[start].as_ref()) else {
                continue;
            };
            for phrase in list {
                let end = start + phrase.stems.len();
                if end <= stems.len()
                    && phrase
                        .stems
                        .iter()
                        .zip(&stems[start..end])
                        .all(|(p, s)| p == s.as_ref())
                {
                    found.push(Occurrence {
                        concept: phrase.concept,
                        start,
                        len: phrase.stems.len(),
                    });
                }
            }
        }
        found
    }

    /// The words of a concept's phrases.
    pub(crate) fn words(&self, concept: ConceptId) -> &[LexEntry] {
        self.words
            .get(concept as usize)
            .map_or(&[][..], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(analyzer: &Analyzer, text: &str) -> Vec<String> {
        analyzer
            .analyze(text)
            .into_iter()
            .filter(|t| t.content)
            .map(|t| t.stem)
            .collect()
    }

    #[test]
    fn phrases_match_on_stems_and_longest_first() {
        let a = Analyzer::new();
        let c = Concepts::build(
            &a,
            [
                vec!["idp", "identity provider"],
                vec!["identity", "who you are"],
            ],
        );
        let found = c.find(&stems(&a, "our Identity Providers are painful"));
        assert_eq!(
            found,
            vec![
                Occurrence {
                    concept: 0,
                    start: 0,
                    len: 2
                },
                Occurrence {
                    concept: 1,
                    start: 0,
                    len: 1
                },
            ]
        );
        assert!(
            c.find(&stems(&a, "provider identity"))
                .iter()
                .all(|o| o.concept == 1)
        );
        assert!(c.find(&stems(&a, "nothing here")).is_empty());
    }
}
