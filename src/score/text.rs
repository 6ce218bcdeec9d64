//! Text analysis for the scorer: Unicode folding, tokenising, stop words,
//! stemming and negation scope.
//!
//! Owns how raw text becomes a sequence of [`Token`]s. It knows nothing about
//! key points, synonyms or weights (see `synonyms` and the parent module).

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

/// One word of an analysed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// The word as typed (original case), for feedback.
    pub typed: String,
    /// Lower-cased, folded form.
    pub norm: String,
    /// Snowball stem of `norm`; `norm` itself for numbers and symbol tokens.
    pub stem: String,
    /// Not a stop word: the word carries meaning.
    pub content: bool,
    /// Inside the scope of a negator ("not", "never", "without", "skip"…).
    pub negated: bool,
    /// Clause number: punctuation (`.`, `,`, `;`, `?`…) starts a new one.
    pub clause: u32,
    /// Where the word is in the analysed text, in bytes.
    pub bytes: Range<usize>,
}

/// Stems words with Snowball English, leaving numbers and symbol tokens
/// (`ci/cd`, `c++`, `96%`, `2-3`) as they are so they match only exactly.
pub(crate) struct Analyzer {
    stemmer: Stemmer,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(english)")
    }
}

impl Analyzer {
    pub(crate) fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    pub(crate) fn stem(&self, norm: &str) -> String {
        if norm.chars().all(char::is_alphabetic) {
            self.stemmer.stem(norm).into_owned()
        } else {
            norm.to_string()
        }
    }

    /// Tokenises, stems, marks stop words and negation scope, reading the
    /// text as an answer.
    pub(crate) fn analyze(&self, text: &str) -> Vec<Token> {
        self.analyze_as(text, Reading::Answer)
    }

    /// The same, reading the text as a key point: "not just X" names X as
    /// what the point goes beyond.
    pub(crate) fn analyze_key_point(&self, text: &str) -> Vec<Token> {
        self.analyze_as(text, Reading::KeyPoint)
    }

    fn analyze_as(&self, text: &str, reading: Reading) -> Vec<Token> {
        let raw = split(text);
        let mut tokens: Vec<Token> = raw
            .iter()
            .map(|r| Token {
                typed: r.typed.clone(),
                stem: self.stem(&r.norm),
                content: !is_stop_word(&r.norm) && !NEGATORS.contains(&r.norm.as_str()),
                norm: r.norm.clone(),
                negated: false,
                clause: r.clause,
                bytes: r.bytes.clone(),
            })
            .collect();
        mark_negation(&raw, &mut tokens, reading);
        tokens
    }
}

/// How "not just X" reads. In an answer it affirms X ("not just the
/// firewall but the integration" names both). In a key point X is the foil,
/// what the point goes beyond ("do not just manage tickets", "control-plane
/// work, not just DevOps with scanners"): an answer that says X alone has
/// not made the point, and usually contradicts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Answer,
    KeyPoint,
}

/// The words of an analysed key point that it affirms: everything outside a
/// negator's scope, negators and their particles ("instead of", "not just")
/// left out. `None` when the point negates nothing, or affirms no meaningful
/// word: "anticipate rather than react" affirms "anticipate", "avoid
/// shelfware" affirms nothing.
pub(crate) fn affirmed_part(tokens: &[Token]) -> Option<String> {
    if !tokens.iter().any(|t| t.negated) {
        return None;
    }
    // A stop word belongs to a negated stretch when the nearest meaningful
    // word after it in its clause is negated ("not just DevOps *with*
    // scanners"); negators and their particles are left out too.
    let mut next_negated = vec![false; tokens.len()];
    let mut ahead = false;
    for i in (0..tokens.len()).rev() {
        if i + 1 < tokens.len() && tokens[i + 1].clause != tokens[i].clause {
            ahead = false;
        }
        next_negated[i] = ahead;
        if tokens[i].content {
            ahead = tokens[i].negated;
        }
    }
    let kept: Vec<&Token> = tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            let after = |w: &str| i > 0 && tokens[i - 1].norm == w;
            let set_aside = t.negated
                || (!t.content && next_negated[i])
                || NEGATORS.contains(&t.norm.as_str())
                || FOIL_PARTICLES.contains(&t.norm.as_str())
                || (t.norm == "of" && after("instead"))
                || (t.norm == "than" && after("rather"));
            !set_aside
        })
        .map(|(_, t)| t)
        .collect();
    kept.iter().any(|t| t.content).then(|| {
        kept.iter()
            .map(|t| t.typed.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Whether `norm` is a negating word ("not", "never", "without"…), in
/// whatever sense it is used ("not just X" sets X aside without negating it).
pub(crate) fn is_negator_word(norm: &str) -> bool {
    NEGATORS.contains(&norm)
}

/// Words that, after a negator, make "not just X", or start "instead of X"
/// and "rather than X".
const FOIL_PARTICLES: &[&str] = &["just", "only", "merely", "simply", "instead", "rather"];

/// A token before stemming, with the clause it sits in.
#[derive(Debug, Clone, PartialEq)]
struct RawToken {
    typed: String,
    norm: String,
    clause: u32,
    bytes: Range<usize>,
}

/// Normalises text the way the scorer sees it: Unicode quotes, dashes and
/// ellipses to ASCII, case folded, punctuation to spaces, keeping tokens such
/// as `ci/cd`, `c++`, `10x`, `2-3`, `2.5` and `96%`. Words are joined by one space.
/// (The scorer works on tokens; this spelling of them is for the tests.)
#[cfg(test)]
pub fn normalize(text: &str) -> String {
    split(text)
        .into_iter()
        .map(|t| t.norm)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised meaningful words of `text` (no stems, no negation): the
/// cheap pass used to count document frequencies.
pub(crate) fn content_words(text: &str) -> impl Iterator<Item = String> {
    split(text)
        .into_iter()
        .map(|t| t.norm)
        .filter(|n| !is_stop_word(n) && !NEGATORS.contains(&n.as_str()))
}

/// Maps typographic characters to their ASCII counterparts, keeping for each
/// folded character the byte range of the character it came from.
fn fold_unicode(text: &str) -> Vec<(char, Range<usize>)> {
    let mut out = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let from = at..at + c.len_utf8();
        let mut push = |f: char| out.push((f, from.clone()));
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => {
                push('\'');
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                push('-');
            }
            '\u{2026}' => "...".chars().for_each(push),
            // Arrows read as "to" ("96% → 91%", "not firewall → integration").
            '\u{2192}' | '\u{21D2}' | '\u{27F6}' => " to ".chars().for_each(push),
            '\u{2022}' | '\u{25CF}' | '\u{25AA}' => push('\n'),
            c if c.is_whitespace() || ('\u{200B}'..='\u{200D}').contains(&c) => push(' '),
            c => push(c),
        }
    }
    out
}

/// Punctuation that ends a clause for negation scope.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '\n' | '|'
    )
}

/// Splits folded text into tokens with clause numbers.
fn split(text: &str) -> Vec<RawToken> {
    let folded = fold_unicode(text);
    let chars: Vec<char> = folded.iter().map(|(c, _)| *c).collect();
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut bytes = 0..0;
    let mut clause = 0u32;
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let flush =
        |current: &mut String, bytes: &Range<usize>, tokens: &mut Vec<RawToken>, clause: u32| {
            if !current.is_empty() {
                tokens.push(RawToken {
                    norm: current.to_lowercase(),
                    typed: std::mem::take(current),
                    clause,
                    bytes: bytes.clone(),
                });
            }
        };
    for i in 0..chars.len() {
        let c = chars[i];
        let prev = if i == 0 { ' ' } else { chars[i - 1] };
        let next = at(i + 1);
        let keep = if c.is_alphanumeric() {
            true
        } else {
            match c {
                // `don't` → `dont`, `team's` → `teams`: joined, not split.
                '\'' => {
                    if prev.is_alphanumeric() && next.is_alphanumeric() {
                        continue;
                    }
                    false
                }
                // `1,000` is one number.
                ',' if prev.is_ascii_digit() && next.is_ascii_digit() => continue,
                '-' | '.' => prev.is_ascii_digit() && next.is_ascii_digit(),
                '%' => {
                    !current.is_empty()
                        && current
                            .chars()
                            .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-')
                }
                '+' | '#' => !current.is_empty() && !next.is_alphanumeric(),
                '&' => prev.is_alphanumeric() && next.is_alphanumeric(),
                // `ci/cd` and `24/7` are terms; `TAM/customer`, `AI/ML` are lists.
                '/' => {
                    let after: String = chars[i + 1..]
                        .iter()
                        .take_while(|ch| ch.is_alphanumeric())
                        .collect();
                    let numbers = !current.is_empty()
                        && !after.is_empty()
                        && current.chars().all(|ch| ch.is_ascii_digit())
                        && after.chars().all(|ch| ch.is_ascii_digit());
                    let term = format!("{}/{}", current.to_lowercase(), after.to_lowercase());
                    numbers || SLASH_TERMS.contains(&term.as_str())
                }
                _ => false,
            }
        };
        if keep {
            let from = &folded[i].1;
            if current.is_empty() {
                bytes = from.clone();
            }
            bytes.end = from.end;
            current.push(c);
        } else {
            flush(&mut current, &bytes, &mut tokens, clause);
            if is_clause_break(c) {
                clause += 1;
            }
        }
    }
    flush(&mut current, &bytes, &mut tokens, clause);
    tokens
}

/// Slash-joined terms kept whole; other slashes separate words.
const SLASH_TERMS: &[&str] = &["a/b", "ci/cd", "i/o", "n/a", "tcp/ip"];

/// Words that end a negation's scope like punctuation does.
const SCOPE_BREAKERS: &[&str] = &[
    "although", "and", "because", "but", "however", "instead", "so", "then", "though", "unless",
    "whereas", "while", "yet",
];

/// Words that negate what follows.
const NEGATORS: &[&str] = &[
    "aint", "arent", "avoid", "avoiding", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont",
    "forget", "forgo", "hardly", "ignore", "ignoring", "isnt", "lack", "lacking", "neednt",
    "neglect", "neither", "never", "no", "nobody", "none", "noone", "nor", "not", "nothing",
    "shouldnt", "skip", "skipped", "skipping", "wasnt", "werent", "without", "wont", "wouldnt",
];

/// Words that are negative in themselves: under a negator they make a
/// double negative, an affirmation ("isn't a false positive" says it is
/// real; "not irrelevant" says it matters), so neither is negated.
const NEGATIVE_WORDS: &[&str] = &[
    "bogus",
    "fake",
    "false",
    "incorrect",
    "invalid",
    "irrelevant",
    "unimportant",
    "unlikely",
    "unnecessary",
    "unrealistic",
    "untrue",
    "wrong",
];

/// How many meaningful words a negator reaches ("I would not check who owns
/// the fix" negates `check`, `owns`, `fix`).
const NEGATION_REACH: usize = 4;

fn is_negator(tokens: &[RawToken], i: usize, reading: Reading) -> bool {
    let word = tokens[i].norm.as_str();
    let next = tokens.get(i + 1).map(|t| t.norm.as_str());
    match word {
        // "instead of X", "rather than X" negate X; bare "instead" only breaks scope.
        "instead" => next == Some("of"),
        "rather" => next == Some("than"),
        // "not just/only X" affirms X in an answer, and names the foil in a
        // key point (see `Reading`).
        w if NEGATORS.contains(&w) => {
            reading == Reading::KeyPoint
                || !matches!(next, Some("just" | "only" | "merely" | "simply"))
        }
        _ => false,
    }
}

/// Marks the meaningful words each negator scopes over: the next few content
/// words of the same clause. A negator inside another's scope cancels it
/// ("never skip the threat model", "don't forget to check").
fn mark_negation(raw: &[RawToken], tokens: &mut [Token], reading: Reading) {
    let is_negator = |raw: &[RawToken], i: usize| is_negator(raw, i, reading);
    let mut i = 0;
    while i < raw.len() {
        if !is_negator(raw, i) {
            i += 1;
            continue;
        }
        let mut reached = 0;
        let mut j = i + 1;
        let mut resume = j;
        while j < raw.len() && raw[j].clause == raw[i].clause && reached < NEGATION_REACH {
            if SCOPE_BREAKERS.contains(&raw[j].norm.as_str()) && !is_negator(raw, j) {
                break;
            }
            if is_negator(raw, j) || NEGATIVE_WORDS.contains(&raw[j].norm.as_str()) {
                // Double negation (a negator, or a word negative in
                // itself): an affirmation, so the inner scope is skipped
                // and nothing is negated from here on.
                let mut k = j + 1;
                let mut inner = 0;
                while k < raw.len() && raw[k].clause == raw[j].clause && inner < NEGATION_REACH {
                    if SCOPE_BREAKERS.contains(&raw[k].norm.as_str()) {
                        break;
                    }
                    if tokens[k].content {
                        inner += 1;
                    }
                    k += 1;
                }
                resume = k;
                break;
            }
            if tokens[j].content {
                tokens[j].negated = true;
                reached += 1;
            }
            j += 1;
            resume = j;
        }
        i = resume.max(i + 1);
    }
}

/// English stop words plus interview filler. Sorted (checked by a test) for
/// binary search. Deliberately absent: "own" (who owns the fix), "now" and
/// "later" (escalate now vs later), "first", "not"-words are here but also negators.
const STOP_WORDS: &[&str] = &[
    "a",
    "able",
    "about",
    "above",
    "absolutely",
    "actually",
    "after",
    "again",
    "against",
    "ago",
    "ain",
    "aint",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "anybody",
    "anyone",
    "anything",
    "anyway",
    "are",
    "aren",
    "arent",
    "around",
    "as",
    "ask",
    "asked",
    "asking",
    "at",
    "avoid",
    "avoiding",
    "basically",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "bit",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "certain",
    "certainly",
    "clearly",
    "come",
    "could",
    "couldn",
    "couldnt",
    "definitely",
    "did",
    "didn",
    "didnt",
    "do",
    "does",
    "doesn",
    "doesnt",
    "doing",
    "don",
    "done",
    "dont",
    "down",
    "during",
    "e.g",
    "each",
    "eg",
    "either",
    "else",
    "especially",
    "etc",
    "even",
    "ever",
    "every",
    "everything",
    "exactly",
    "few",
    "for",
    "forget",
    "forgo",
    "from",
    "further",
    "generally",
    "get",
    "gets",
    "getting",
    "go",
    "goes",
    "going",
    "gonna",
    "got",
    "gotta",
    "guess",
    "had",
    "hadn",
    "hardly",
    "has",
    "hasn",
    "hasnt",
    "have",
    "haven",
    "havent",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "hmm",
    "honestly",
    "how",
    "however",
    "i",
    "i.e",
    "id",
    "ie",
    "if",
    "ill",
    "im",
    "in",
    "indeed",
    "into",
    "is",
    "isn",
    "isnt",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "kind",
    "kinda",
    "know",
    "let",
    "lets",
    "like",
    "likely",
    "literally",
    "lot",
    "lots",
    "made",
    "make",
    "makes",
    "making",
    "maybe",
    "me",
    "mean",
    "might",
    "mightn",
    "more",
    "most",
    "much",
    "must",
    "mustn",
    "my",
    "myself",
    "need",
    "needed",
    "needn",
    "neednt",
    "needs",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "obviously",
    "of",
    "off",
    "ok",
    "okay",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "perhaps",
    "pretty",
    "probably",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "says",
    "shall",
    "shan",
    "she",
    "should",
    "shouldn",
    "shouldnt",
    "simply",
    "since",
    "so",
    "some",
    "somebody",
    "somehow",
    "someone",
    "something",
    "somewhat",
    "sort",
    "stuff",
    "such",
    "sure",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "theres",
    "these",
    "they",
    "theyd",
    "theyre",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "totally",
    "try",
    "trying",
    "uh",
    "um",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "wanna",
    "want",
    "wants",
    "was",
    "wasn",
    "wasnt",
    "we",
    "wed",
    "well",
    "were",
    "weren",
    "werent",
    "weve",
    "what",
    "whatever",
    "whats",
    "when",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whos",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "won",
    "wont",
    "would",
    "wouldn",
    "wouldnt",
    "yeah",
    "yes",
    "yet",
    "you",
    "youd",
    "youll",
    "your",
    "youre",
    "yours",
    "yourself",
    "yourselves",
    "youve",
];

/// Stop words, and single letters left over from splitting ("e.g." → `e`, `g`).
pub(crate) fn is_stop_word(norm: &str) -> bool {
    let mut chars = norm.chars();
    let single_letter =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || STOP_WORDS.binary_search(&norm).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_normalize(input: &str, expected: &str) {
        assert_eq!(normalize(input), expected, "normalising {input:?}");
    }

    #[test]
    fn normalisation_table() {
        for (input, expected) in [
            ("", ""),
            ("  \t\n ", ""),
            ("?!... --- ;;", ""),
            ("Hello, World!", "hello world"),
            (
                "\u{201C}Quoted\u{201D} \u{2018}single\u{2019}",
                "quoted single",
            ),
            ("don\u{2019}t skip", "dont skip"),
            ("team's queue", "teams queue"),
            ("CI/CD pipeline", "ci/cd pipeline"),
            ("TAM/customer loop", "tam customer loop"),
            ("product/UX problem", "product ux problem"),
            (
                "AI/ML team, FP/FN rates, 24/7",
                "ai ml team fp fn rates 24/7",
            ),
            ("C++ and C# code", "c++ and c# code"),
            ("a 10x better experience", "a 10x better experience"),
            ("in 2\u{2013}3 years", "in 2-3 years"),
            ("in 2-3 years", "in 2-3 years"),
            ("accuracy 96% \u{2192} 91%", "accuracy 96% to 91%"),
            ("2.5 sec, 1,000 users", "2.5 sec 1000 users"),
            ("cross-site scripting", "cross site scripting"),
            ("wait\u{2026}what", "wait what"),
            ("R&D budget", "r&d budget"),
            ("e.g. SSRF", "e g ssrf"),
            ("\u{00A0}zero\u{2014}day", "zero day"),
        ] {
            check_normalize(input, expected);
        }
    }

    #[test]
    fn stop_words_are_sorted_and_unique() {
        assert!(NEGATIVE_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(NEGATORS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stop_words_drop_filler_but_keep_ownership() {
        for w in [
            "basically",
            "think",
            "would",
            "really",
            "stuff",
            "things",
            "the",
        ] {
            assert!(is_stop_word(w), "{w} should be a stop word");
        }
        for w in ["own", "owns", "now", "later", "risk", "block", "first"] {
            assert!(!is_stop_word(w), "{w} should carry meaning");
        }
    }

    fn negated_words(text: &str) -> Vec<String> {
        Analyzer::new()
            .analyze(text)
            .into_iter()
            .filter(|t| t.negated)
            .map(|t| t.norm)
            .collect()
    }

    #[test]
    fn negation_scope_table() {
        for (text, expected) in [
            (
                "I would not check who owns the fix",
                &["check", "owns", "fix"][..],
            ),
            ("never escalate it", &["escalate"]),
            ("No need to triage findings", &["triage", "findings"]),
            (
                "I'd skip the threat model and go to review",
                &["threat", "model"],
            ),
            ("not the firewall but integration friction", &["firewall"]),
            ("don't forget to check ownership", &[]),
            ("never skip the threat model", &[]),
            ("not just file a bug", &[]),
            ("fix it, without blocking. Then ship", &["blocking"]),
            ("instead of features, define problems", &["features"]),
            ("check the owner", &[]),
            // Double negatives affirm.
            ("it isn't a false positive", &[]),
            ("this is not irrelevant to customers", &[]),
            ("not wrong, just early", &[]),
            // A negation stays in its clause.
            (
                "I would not ship it, but I would check who owns the fix",
                &["ship"],
            ),
        ] {
            assert_eq!(negated_words(text), expected, "negation in {text:?}");
        }
    }

    /// In a key point "not just X" names X as the foil; in an answer it
    /// affirms X. What a partly negated point affirms is kept for meaning.
    #[test]
    fn a_key_point_sets_its_foil_aside() {
        let a = Analyzer::new();
        let negated = |tokens: Vec<Token>| -> Vec<String> {
            tokens
                .into_iter()
                .filter(|t| t.negated)
                .map(|t| t.norm)
                .collect()
        };
        assert_eq!(
            negated(a.analyze_key_point("do not just manage tickets")),
            ["manage", "tickets"]
        );
        assert!(negated(a.analyze("not just manage tickets")).is_empty());
        for (point, affirmed) in [
            ("anticipate rather than react", Some("anticipate")),
            (
                "This is control-plane work, not just DevOps with scanners",
                Some("This is control plane work"),
            ),
            (
                "create leverage instead of local fixes",
                Some("create leverage"),
            ),
            ("avoid controls becoming shelfware", None),
            ("without burning out the team", None),
            ("who owns the fix", None),
        ] {
            assert_eq!(
                affirmed_part(&a.analyze_key_point(point)).as_deref(),
                affirmed,
                "{point:?}"
            );
        }
    }

    #[test]
    fn stems_words_but_not_symbols_or_numbers() {
        let a = Analyzer::new();
        assert_eq!(a.stem("prioritization"), a.stem("prioritize"));
        assert_eq!(a.stem("exploitable"), a.stem("exploitable"));
        assert_eq!(a.stem("owners"), a.stem("owner"));
        assert_eq!(a.stem("ci/cd"), "ci/cd");
        assert_eq!(a.stem("96%"), "96%");
        assert_eq!(a.stem("10x"), "10x");
    }
}
