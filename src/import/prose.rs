//! Small text helpers for the importer: sentences, questions, ids, joining.
//!
//! Pure string work with no knowledge of the document's structure.

use std::collections::HashSet;

/// Words an id leaves out: they make ids longer without telling them apart.
const ID_STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "with", "at", "by", "from",
    "into", "vs", "versus", "your", "our", "their", "its", "is", "are", "be", "this", "that",
];

/// An id from a title: `a-z0-9-`, at most five meaningful words and 40
/// characters; a parenthetical is left out when anything else remains.
pub fn slug(title: &str) -> String {
    let without_parens = strip_parentheticals(title);
    let source = if fold_words(&without_parens).is_empty() {
        title
    } else {
        &without_parens
    };
    let words: Vec<String> = source
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let meaningful: Vec<&String> = words
        .iter()
        .filter(|w| !ID_STOP_WORDS.contains(&w.as_str()))
        .collect();
    let chosen: Vec<&String> = if meaningful.is_empty() {
        words.iter().collect()
    } else {
        meaningful
    };
    let mut out = String::new();
    for word in chosen.iter().take(5) {
        if !out.is_empty() && out.len() + 1 + word.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(40)]);
    }
    out
}

/// A fresh id from `title` among `used`, with `-2`, `-3`… on collisions and
/// `fallback` when the title has no ASCII letters or digits.
///
/// Suffixes are handed out in order, so the taken ones of a base are
/// usually `2..=k`: the free one is found by doubling then halving, in
/// `log k` probes rather than `k` (a document of thousands of blocks with
/// one title made import quadratic). When a title itself ends in a number
/// the suffixes may have gaps; the search then still returns a free one.
pub fn unique_id(title: &str, fallback: &str, used: &mut HashSet<String>) -> String {
    let mut base = slug(title);
    if base.is_empty() {
        fallback.clone_into(&mut base);
    }
    let id = if used.contains(&base) {
        let taken = |n: u64| used.contains(&format!("{base}-{n}"));
        // Invariant of the search: `low` is taken (1 stands for the bare
        // base), `high` is free.
        let mut low = 1;
        let mut high = 2;
        while taken(high) {
            low = high;
            high *= 2;
        }
        while high - low > 1 {
            let mid = low + (high - low) / 2;
            if taken(mid) {
                low = mid;
            } else {
                high = mid;
            }
        }
        format!("{base}-{high}")
    } else {
        base
    };
    used.insert(id.clone());
    id
}

fn strip_parentheticals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Lowercase letters and digits, single spaces: how texts are compared.
pub fn fold_words(text: &str) -> String {
    crate::text::fold_for_compare(text)
}

/// Whether `c` ends a sentence or a clause.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | ':' | ',' | '…')
}

/// Whether a line ends with punctuation (a closing quote or bracket after
/// it does not count), as sentences and clauses do and titles do not.
pub fn ends_with_punctuation(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['"', '”', '’', '\'', ')', ']', '*', '_']);
    trimmed.chars().last().is_some_and(is_terminal)
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "mr.", "dr.",
];

/// Splits a paragraph into sentences: after `.`, `!` or `?` (and any
/// closing quote), before whitespace and a capital, digit or opening quote.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end], '"' | '”' | '’' | '\'' | ')') {
                end += 1;
            }
            let next = chars[end..].iter().position(|c| !c.is_whitespace());
            let breaks = end < chars.len()
                && chars[end].is_whitespace()
                && next.is_some_and(|n| {
                    let c = chars[end + n];
                    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '(')
                });
            if breaks && !ends_with_abbreviation(&chars[start..end]) {
                push_trimmed(&mut out, &chars[start..end].iter().collect::<String>());
                start = end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(&mut out, &chars[start..].iter().collect::<String>());
    out
}

/// Whether the last word of `text` is one of [`ABBREVIATIONS`]; only the
/// last few letters are read, so a paragraph of many periods stays linear.
fn ends_with_abbreviation(text: &[char]) -> bool {
    let longest = ABBREVIATIONS.iter().map(|a| a.len()).max().unwrap_or(0);
    let from = text.len().saturating_sub(longest + 1);
    let tail = &text[from..];
    let word = match tail.iter().rposition(|c| c.is_whitespace()) {
        Some(space) => &tail[space + 1..],
        None if from == 0 => tail,
        None => return false,
    };
    let word: String = word.iter().collect::<String>().to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

fn push_trimmed(out: &mut Vec<String>, text: &str) {
    let t = text.trim();
    if !t.is_empty() {
        out.push(t.to_owned());
    }
}

/// Words that open a question.
const QUESTION_WORDS: &[&str] = &[
    "what", "how", "who", "whom", "whose", "where", "when", "why", "which", "is", "are", "was",
    "were", "can", "could", "do", "does", "did", "should", "would", "will", "has", "have", "may",
    "might", "must", "shall",
];

/// A bullet as a question: clause punctuation dropped, a capital first
/// letter, and a `?` when it opens with a question word.
pub fn question(text: &str) -> String {
    let mut t = text
        .trim()
        .trim_end_matches([';', ',', '.', ':'])
        .trim_end()
        .to_owned();
    for tail in [" and", " or"] {
        if let Some(stripped) = t.strip_suffix(tail) {
            t = stripped.trim_end_matches([';', ',']).to_owned();
        }
    }
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return t;
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    let first_word = out
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_lowercase();
    if !out.ends_with('?') && QUESTION_WORDS.contains(&first_word.as_str()) {
        out.push('?');
    }
    out
}

/// Joins paragraphs and bullet lists into one text: a list follows its
/// lead-in (`Debate: a; b.`), and each part ends as a sentence.
pub fn join_parts(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        let text = match part {
            Part::Text(t) => t.trim().to_owned(),
            Part::Items(items) => {
                let joined = items
                    .iter()
                    .map(|i| i.trim().trim_end_matches([';', ',', '.']))
                    .collect::<Vec<_>>()
                    .join("; ");
                if out.ends_with(':') {
                    out.push(' ');
                    out.push_str(&joined);
                    continue;
                }
                joined
            }
        };
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            if !ends_with_punctuation(&out) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(&text);
    }
    if !out.is_empty() && !ends_with_punctuation(&out) {
        out.push('.');
    }
    out
}

/// A paragraph or a bullet list, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Items(Vec<String>),
}

/// The first letter in upper case.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_titles() {
        let check = |title: &str, expected: &str| assert_eq!(slug(title), expected, "{title}");
        check("AppSec Engineer", "appsec-engineer");
        check(
            "Cybersecurity Product Manager (AI Era)",
            "cybersecurity-product-manager",
        );
        check(
            "Review code, configs, and design changes for risky patterns",
            "review-code-configs-design-changes",
        );
        check("(TAM + PM loop)", "tam-pm-loop");
        check("The and of", "the-and-of");
        check("日本語", "");
        check(
            "Supercalifragilisticexpialidocious antidisestablishmentarianism",
            "supercalifragilisticexpialidocious",
        );
    }

    #[test]
    fn unique_ids_get_suffixes() {
        let mut used = HashSet::new();
        assert_eq!(unique_id("Triage", "task", &mut used), "triage");
        assert_eq!(unique_id("triage!", "task", &mut used), "triage-2");
        assert_eq!(unique_id("Triage", "task", &mut used), "triage-3");
        assert_eq!(unique_id("日本", "task", &mut used), "task");
        assert_eq!(unique_id("中文", "task", &mut used), "task-2");
        // A thousand blocks of one title: each a new id, in order.
        for n in 4..1000 {
            assert_eq!(
                unique_id("Triage", "task", &mut used),
                format!("triage-{n}")
            );
        }
        // A title that ends in a number leaves a gap; ids stay unique.
        let mut used = HashSet::new();
        assert_eq!(unique_id("Sync 3", "task", &mut used), "sync-3");
        assert_eq!(unique_id("Sync", "task", &mut used), "sync");
        assert_eq!(unique_id("Sync", "task", &mut used), "sync-2");
        let next = unique_id("Sync", "task", &mut used);
        assert!(next.starts_with("sync-") && next != "sync-2" && next != "sync-3");
        assert_eq!(used.len(), 4);
    }

    #[test]
    fn splits_sentences() {
        let check = |text: &str, expected: &[&str]| assert_eq!(sentences(text), expected);
        check(
            "You don’t track tasks manually. AI shows:",
            &["You don’t track tasks manually.", "AI shows:"],
        );
        check(
            "The real job is not “look at dashboards.” The real job is to decide:",
            &[
                "The real job is not “look at dashboards.”",
                "The real job is to decide:",
            ],
        );
        check(
            "Use e.g. Terraform. Then stop",
            &["Use e.g. Terraform.", "Then stop"],
        );
        check(
            "accuracy dropped from 96% → 91%.",
            &["accuracy dropped from 96% → 91%."],
        );
        check("  ", &[]);
    }

    #[test]
    fn makes_questions() {
        let check = |text: &str, expected: &str| assert_eq!(question(text), expected);
        check("what input is trusted here;", "What input is trusted here?");
        check(
            "assets and trust boundaries;",
            "Assets and trust boundaries",
        );
        check(
            "should it block release, become backlog work, or be documented as accepted risk.",
            "Should it block release, become backlog work, or be documented as accepted risk?",
        );
        check(
            "Is this signal real or noise?",
            "Is this signal real or noise?",
        );
        check("who owns the fix; and", "Who owns the fix?");
    }

    #[test]
    fn joins_parts() {
        let parts = [
            Part::Text("Feature: AI-powered incident summarization".into()),
            Part::Text("Debate:".into()),
            Part::Items(vec!["Faster (2 sec)".into(), "Slower (6 sec)".into()]),
        ];
        assert_eq!(
            join_parts(&parts),
            "Feature: AI-powered incident summarization. Debate: Faster (2 sec); Slower (6 sec)."
        );
        assert_eq!(
            join_parts(&[Part::Items(vec!["a;".into(), "b".into()])]),
            "a; b."
        );
    }
}
