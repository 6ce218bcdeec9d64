//! Inline Markdown in document and deck text: reading it as plain words,
//! finding what is left of it, and telling text that says something from
//! text that only points elsewhere (a link, a code span, "See … for more").
//!
//! Shared by the importer, which reads Markdown and keeps the words, and by
//! the deck checks, which warn about markup and pointers left in a deck, so
//! both use one definition. Markdown is read by `pulldown-cmark`.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions documents are read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// What separates an emphasised title from its text (`**Title**: text`).
const SEPARATORS: [char; 5] = [':', '.', '—', '–', '-'];

/// Text read from inline Markdown, with how its letters were marked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    /// Letters and digits inside links, images, code spans and bare URLs.
    pub pointing: usize,
    /// Letters and digits elsewhere, filler words (`see`, `more`…) excluded.
    pub saying: usize,
    /// Letters and digits outside emphasis and strong emphasis.
    pub unemphasised: usize,
    /// How many bytes at the start of `text` are emphasised, before any
    /// letter that is not (`**Threat modeling**: …` → 15).
    pub lead: usize,
}

impl Plain {
    /// Whether the text only points elsewhere: a link, code, a URL, with at
    /// most filler words around it (`See [the guide](…)`, `` `x.yaml` ``).
    pub fn only_points(&self) -> bool {
        self.pointing > 0 && self.saying == 0
    }

    /// Whether every word is emphasised (`**Old PM**`), as a pseudo-heading is.
    pub fn all_emphasised(&self) -> bool {
        self.unemphasised == 0 && self.text.chars().any(char::is_alphanumeric)
    }

    /// The emphasised words the text starts with, and the rest after a
    /// separator (`:`, `.`, a dash): `**Threat modeling**: map the
    /// boundaries` → (`Threat modeling`, `map the boundaries`).
    pub fn titled(&self) -> Option<(&str, &str)> {
        if self.lead == 0 || self.unemphasised == 0 {
            return None;
        }
        let lead = self.text[..self.lead].trim();
        let title = lead.trim_end_matches(SEPARATORS).trim();
        let rest = self.text[self.lead..].trim_start();
        // The separator is inside the emphasis (`**Title:**`) or after it.
        let body = if lead.ends_with(SEPARATORS) {
            rest
        } else {
            rest.strip_prefix(SEPARATORS)?
        }
        .trim();
        (!title.is_empty() && !body.is_empty()).then_some((title, body))
    }

    fn push(&mut self, text: &str, pointing: bool, emphasised: bool) {
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(word);
            let letters = word.chars().filter(|c| c.is_alphanumeric()).count();
            if emphasised && self.unemphasised == 0 {
                self.lead = self.text.len();
            }
            if !emphasised {
                self.unemphasised += letters;
            }
            if pointing || is_url(word) {
                self.pointing += letters;
            } else if !is_filler(word) {
                self.saying += letters;
            }
        }
    }
}

/// Where a reader of inline events is: inside how many links and emphases.
#[derive(Debug, Default, Clone)]
pub struct Inline {
    links: usize,
    emphasis: usize,
}

/// What one inline event did to the text being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// Text was added, or nothing changed.
    Text,
    /// A line break: the text goes on on a new line.
    Break,
}

impl Inline {
    /// Adds an inline event to `line`: words and code are kept, markers
    /// dropped, a link kept as its text and an image as its description.
    pub fn feed(&mut self, event: &Event<'_>, line: &mut Plain) -> Feed {
        let emphasised = self.emphasis > 0;
        match event {
            Event::Text(text) => line.push(text, self.links > 0, emphasised),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                line.push(code, true, emphasised);
            }
            Event::SoftBreak | Event::HardBreak => return Feed::Break,
            Event::InlineHtml(html) | Event::Html(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if tag.starts_with("<br") {
                    return Feed::Break;
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.links = self.links.saturating_sub(1),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => self.emphasis += 1,
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                self.emphasis = self.emphasis.saturating_sub(1);
            }
            _ => {}
        }
        Feed::Text
    }
}

/// A line of text read as inline Markdown.
pub fn read_inline(text: &str) -> Plain {
    if reads_as_typed(text) {
        let mut plain = Plain::default();
        plain.push(text, false, false);
        return squeezed(plain);
    }
    parse_inline(text)
}

/// Whether Markdown would read a line exactly as typed, so parsing it can
/// be skipped (most deck and document lines): no character that opens
/// inline markup, an entity or an escape, nothing that could open a block
/// (a list number or bullet, indentation, a heading, a quote, a table), and
/// no line break.
fn reads_as_typed(text: &str) -> bool {
    let body = text.trim_start_matches(' ');
    text.len() - body.len() < 4
        && !body.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '='))
        && !text.contains([
            '*', '_', '`', '[', ']', '!', '<', '>', '&', '\\', '~', '|', '$', '#', '\n', '\r',
            '\t', '\0',
        ])
}

/// [`read_inline`] by parsing the Markdown.
fn parse_inline(text: &str) -> Plain {
    let mut inline = Inline::default();
    let mut plain = Plain::default();
    for event in Parser::new_ext(text, options()) {
        if inline.feed(&event, &mut plain) == Feed::Break {
            plain.push(" ", false, true);
        }
    }
    squeezed(plain)
}

/// Runs of whitespace made one space, the ends trimmed.
fn squeezed(mut plain: Plain) -> Plain {
    let squeezed = plain.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed != plain.text {
        // Offsets into the text no longer hold.
        plain.lead = 0;
    }
    plain.text = squeezed;
    plain
}

/// Inline Markdown a text shows as typed, by the name a person knows it by.
pub fn markup_in(text: &str) -> Option<&'static str> {
    // Only text that could hold markup is parsed: most deck text has none.
    if !text.contains(['*', '_', '`', '[', '~', '#', '<']) {
        return None;
    }
    Parser::new_ext(text, options()).find_map(|event| match event {
        Event::Start(Tag::Strong) => Some("strong emphasis (`**…**`)"),
        Event::Start(Tag::Emphasis) => Some("emphasis (`*…*` or `_…_`)"),
        Event::Start(Tag::Strikethrough) => Some("strikethrough (`~~…~~`)"),
        Event::Code(_) => Some("a code span (`` `…` ``)"),
        Event::Start(Tag::Link { .. }) => Some("a link (`[…](…)`)"),
        Event::Start(Tag::Image { .. }) => Some("an image (`![…](…)`)"),
        Event::Start(Tag::Heading { .. }) => Some("a heading marker (`#`)"),
        _ => None,
    })
}

/// Whether a sentence is a pointer to other material rather than something
/// to learn: a bare link or code (see [`Plain::only_points`]), or a short
/// sentence such as "See the runbook for more." or "Further reading: …".
pub fn is_reference(sentence: &str) -> bool {
    let plain = read_inline(sentence);
    if plain.only_points() {
        return true;
    }
    let fold = crate::text::fold_for_compare;
    let folded = fold(&plain.text);
    let words: Vec<&str> = folded.split(' ').collect();
    if words.len() > 20 {
        return false;
    }
    let opens = |phrase: &str| {
        folded
            .strip_prefix(phrase)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    // A label that says the rest is a pointer: `Source: …`, `See also: …`.
    if let Some((head, _)) = plain.text.split_once(':')
        && POINTER_LABELS.contains(&fold(head).as_str())
    {
        return true;
    }
    if POINTER_OPENERS.iter().any(|p| opens(p)) {
        return true;
    }
    // "See the runbook for the steps.", "Read our guide for more.", "Refer to …".
    let short = words.len() <= 16;
    let looks_at = (opens("see") || opens("read") || opens("check out"))
        && words
            .iter()
            .find(|w| !matches!(**w, "see" | "read" | "check" | "out"))
            .is_some_and(|w| DETERMINERS.contains(w))
        && words.contains(&"for");
    short && (looks_at || opens("refer to"))
}

/// Heads of `Label: …` lines that point elsewhere.
const POINTER_LABELS: &[&str] = &[
    "see",
    "see also",
    "further reading",
    "learn more",
    "read more",
    "more",
    "more info",
    "source",
    "sources",
    "reference",
    "references",
    "link",
    "links",
    "details",
    "cf",
];

/// Openings of sentences that point elsewhere whatever follows.
const POINTER_OPENERS: &[&str] = &[
    "see also",
    "further reading",
    "learn more",
    "read more",
    "more at",
    "more in",
    "more on",
    "for more",
    "for details",
    "cf",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "our", "this", "that", "my", "your", "their",
];

/// Words that say nothing on their own next to a link.
fn is_filler(word: &str) -> bool {
    if !word.is_ascii() {
        return is_filler_folded(&crate::text::fold_for_compare(word));
    }
    // `fold_for_compare` on the stack: every filler is short ASCII, and
    // this runs for every word of every line read.
    let mut folded = [0u8; 12];
    let mut len = 0;
    let mut pending_space = false;
    for byte in word.bytes() {
        if !byte.is_ascii_alphanumeric() {
            pending_space = true;
            continue;
        }
        let space = pending_space && len > 0;
        if len + usize::from(space) >= folded.len() {
            return false;
        }
        if space {
            folded[len] = b' ';
            len += 1;
        }
        folded[len] = byte.to_ascii_lowercase();
        len += 1;
        pending_space = false;
    }
    std::str::from_utf8(&folded[..len]).is_ok_and(is_filler_folded)
}

/// [`is_filler`] of a word already folded.
fn is_filler_folded(w: &str) -> bool {
    w.is_empty()
        || matches!(
            w,
            "see"
                | "also"
                | "more"
                | "the"
                | "a"
                | "an"
                | "our"
                | "this"
                | "at"
                | "in"
                | "on"
                | "for"
                | "of"
                | "to"
                | "and"
                | "or"
                | "via"
                | "from"
                | "here"
                | "read"
                | "link"
                | "links"
                | "source"
                | "sources"
                | "reference"
                | "references"
                | "ref"
                | "docs"
                | "details"
                | "cf"
                | "eg"
                | "e g"
        )
}

/// A bare URL (`https://…`, `www.…`), as text or in angle brackets.
fn is_url(word: &str) -> bool {
    let w = word.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | '.' | ';'));
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inline_markdown_as_words() {
        let check = |md: &str, text: &str| assert_eq!(read_inline(md).text, text, "{md}");
        check(
            "*Insight:* evidence must show **who**",
            "Insight: evidence must show who",
        );
        check(
            "See [the guide](https://x.example/a) and `kubectl`",
            "See the guide and kubectl",
        );
        check("a_b_c and 5 * 3 * 2", "a_b_c and 5 * 3 * 2");
        check("__bold__ ~~gone~~ ![diagram](d.png)", "bold gone diagram");
    }

    #[test]
    fn lines_read_as_typed_read_as_parsed() {
        use rand::rngs::StdRng;
        use rand::{RngExt, SeedableRng};
        let documents = [
            include_str!("../tests/fixtures/seeds/000_d30e8669cd57dc09.txt"),
            include_str!("../tests/fixtures/seeds/003_02d1441560a729b1.txt"),
            include_str!("../tests/fixtures/import/devsecops-day.md"),
            include_str!("../tests/fixtures/import/pm-notes.md"),
            include_str!("../decks/cyber-pm-day.ron"),
        ];
        let mut lines: Vec<String> = documents
            .iter()
            .flat_map(|d| d.lines())
            .map(str::to_owned)
            .collect();
        let pieces = [
            "a",
            "See",
            " ",
            "  ",
            "    ",
            "1.",
            "1)",
            "-",
            "+",
            "=",
            "*",
            "_",
            "`",
            "[",
            "]",
            "(",
            ")",
            "!",
            "<",
            ">",
            "&amp;",
            "\\",
            "~",
            "|",
            "#",
            "\t",
            "\u{a0}",
            "\0",
            ":",
            ".",
            "https://x.example",
            "www.y",
            "for",
            "more",
            "é",
            "---",
            "E.g.",
            "(see",
            "References:",
            "detailsmore",
            "\u{212a}",
        ];
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..20_000 {
            let n = rng.random_range(0..8);
            lines.push(
                (0..n)
                    .map(|_| pieces[rng.random_range(0..pieces.len())])
                    .collect(),
            );
        }
        let mut typed = 0;
        for line in &lines {
            for word in line.split(' ') {
                let folded = crate::text::fold_for_compare(word);
                assert_eq!(is_filler(word), is_filler_folded(&folded), "{word:?}");
            }
            if reads_as_typed(line) {
                typed += 1;
                assert_eq!(read_inline(line), parse_inline(line), "{line:?}");
            }
        }
        // Most lines take the short way, and the check met many.
        assert!(typed > lines.len() / 10, "{typed} of {}", lines.len());
    }

    #[test]
    fn tells_pointers_from_statements() {
        for pointer in [
            "[coverage sheet](https://example.com/sheet) `controls.xlsx`",
            "See the [risk method](https://example.com/risk) for the scale.",
            "See [our guardrails repo](https://example.com/guardrails) for more.",
            "https://example.com/runbook",
            "Further reading: the OWASP testing guide.",
            "Source: NIST SP 800-53",
            "Refer to the incident runbook.",
            "`terraform plan`",
        ] {
            assert!(is_reference(pointer), "{pointer}");
        }
        for statement in [
            "See whether the data is exposed before you escalate.",
            "Use [Semgrep](https://semgrep.dev) to catch the pattern in CI.",
            "Read the alert carefully before closing it.",
            "Sources of truth drift when two teams own one inventory.",
            "Related findings are grouped by root cause.",
            "Check which `admin` flags the token carries.",
        ] {
            assert!(!is_reference(statement), "{statement}");
        }
    }

    #[test]
    fn finds_leftover_markup() {
        assert_eq!(
            markup_in("**Example:** a bucket"),
            Some("strong emphasis (`**…**`)")
        );
        assert_eq!(markup_in("*Insight:* b"), Some("emphasis (`*…*` or `_…_`)"));
        assert!(markup_in("[guide](https://x)").is_some());
        assert!(markup_in("## Morning").is_some());
        assert_eq!(markup_in("AI/model review: 96% → 91%, a * b"), None);
        assert_eq!(markup_in("snake_case_name and <tenant>"), None);
    }

    #[test]
    fn knows_emphasised_lines() {
        assert!(read_inline("**Old PM**").all_emphasised());
        assert!(!read_inline("**Example:** a bucket").all_emphasised());
        let titled = |md: &str| {
            read_inline(md)
                .titled()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        };
        let pair = |a: &str, b: &str| Some((a.to_owned(), b.to_owned()));
        assert_eq!(
            titled("**Threat modeling**: map the boundaries"),
            pair("Threat modeling", "map the boundaries")
        );
        assert_eq!(
            titled("**Code review.** Read risky PRs"),
            pair("Code review", "Read risky PRs")
        );
        assert_eq!(
            titled("*Tooling* — keep SAST tuned"),
            pair("Tooling", "keep SAST tuned")
        );
        assert_eq!(titled("**Old PM**"), None);
        assert_eq!(titled("Plain: text"), None);
        assert_eq!(titled("**Bold** words run on"), None);
    }
}
