//! Importing "day in the life" documents (plain text or Markdown) as decks.
//!
//! Pure: bytes or text in, a `Deck`, its RON text and warnings out. It
//! reads no files and prints nothing (`cmd::import` does). The pipeline:
//! [`decode`] (BOM, UTF-16, not-UTF-8) → normalise line ends → repair
//! mojibake (`mojibake`) → cut into blocks (`blocks`) → build the deck
//! (`build`, with `table` for tables) → ids and RON (`ron_out`). Whatever
//! cannot be placed becomes a note and a warning; nothing is dropped
//! silently.

mod assemble;
mod blocks;
mod build;
mod draft;
mod markdown;
mod mojibake;
mod names;
mod prose;
mod report;
mod ron_out;
mod table;

use std::fmt;

use crate::deck::Deck;

pub use ron_out::to_ron;

/// What the caller knows about the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The deck id (`a-z0-9-`); derived from the title when absent.
    pub id: Option<String>,
    /// The deck title; the document's title line when absent.
    pub title: Option<String>,
    /// Where the document comes from (its file name), for `source`.
    pub source: Option<String>,
    /// Title to use when the document has no title line (the file stem).
    pub fallback_title: String,
    /// How the document is written.
    pub format: Format,
}

/// How a document is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Markdown when it uses Markdown beyond lists (headings, emphasis,
    /// links, code, tables), else plain text.
    #[default]
    Auto,
    /// Markdown (`CommonMark`, a `.md` file).
    Markdown,
    /// Plain text in the seeds' style.
    Plain,
}

impl Format {
    /// The format a file name says (`.md`, `.markdown`), else `Auto`.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
            _ => Format::Auto,
        }
    }
}

/// Something the importer could not place, or changed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// First and last line (1-based) the warning is about, if any.
    pub lines: Option<(usize, usize)>,
    pub message: String,
    /// What the warning says about the deck, in terms a test can check.
    pub kind: Kind,
}

/// What a warning claims, with the names it claims it about (role names,
/// task titles, note fronts as they are in the deck).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// How the text was read (its encoding, repaired characters).
    Reading,
    /// Text left out of the deck.
    NotImported { text: String },
    /// An outline left out because each entry is a section of the deck.
    Outline { entries: Vec<String> },
    /// Material that is no task or role, kept as the note with this front.
    KeptAsNote { front: String },
    /// A table: the fronts of the notes made from it, and the profile
    /// fields it filled (role name, field as named in the deck file).
    Table {
        notes: Vec<String>,
        profiles: Vec<(String, &'static str)>,
        guessed: bool,
    },
    /// Sections made the tasks of one role.
    OneRole { role: String },
    /// A role named after the title turned out to be this role.
    SameRole { role: String, was: String },
    /// A task that says nothing about what happens: its title stands in.
    TitleStandsIn { role: String, task: String },
    /// An example with no insight: its key points are questions.
    NoInsight { role: String, task: String },
    /// An insight with no situation, kept as why the task matters.
    InsightAsWhy { role: String, task: String },
    /// A repeated question, kept once.
    DuplicateQuestion {
        role: String,
        task: String,
        question: String,
    },
    /// A statement under a task's questions, added to what happens.
    NotAQuestion {
        role: String,
        task: String,
        text: String,
    },
    /// A time block earlier than the one before it.
    OutOfOrder { role: String, time: String },
    /// What `rolecall check` says about the deck.
    Check,
}

impl Warning {
    pub(crate) fn new(lines: Option<(usize, usize)>, kind: Kind, message: String) -> Warning {
        Warning {
            lines,
            message,
            kind,
        }
    }

    pub(crate) fn at(line: usize, kind: Kind, message: String) -> Warning {
        Warning::new(Some((line, line)), kind, message)
    }

    pub(crate) fn span(first: usize, last: usize, kind: Kind, message: String) -> Warning {
        Warning::new(Some((first, last)), kind, message)
    }

    pub(crate) fn general(kind: Kind, message: String) -> Warning {
        Warning::new(None, kind, message)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lines {
            Some((a, b)) if a == b => write!(f, "line {a}: {}", self.message),
            Some((a, b)) => write!(f, "lines {a}–{b}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why a document could not become a deck.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the document is empty")]
    Empty,
    #[error(
        "found nothing to study in {lines} lines: no time blocks (`6:45 AM — Title`), no task patterns (`1. Title` under a role heading), no sections with text"
    )]
    NothingToImport { lines: usize },
    #[error("deck id `{id}` may use only a-z, 0-9 and - (not at either end)")]
    BadId { id: String },
}

/// A deck made from a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub deck: Deck,
    pub warnings: Vec<Warning>,
}

impl Imported {
    /// A one-screen summary of what became what, to print after the
    /// warnings; `cards` is how many cards the deck makes.
    pub fn report(&self, cards: usize) -> Vec<String> {
        report::report(self, cards)
    }

    /// The deck as RON for a person to edit, the warnings as comments on top.
    pub fn to_ron(&self) -> String {
        let mut header = vec![
            format!("{}: imported by `rolecall import`.", self.deck.title),
            "Review it, run `rolecall check` after each edit, and keep ids stable once you study:"
                .to_owned(),
            "progress is stored against them (see docs/decks.md).".to_owned(),
        ];
        if !self.warnings.is_empty() {
            header.push(String::new());
            header.push("Import warnings:".to_owned());
            header.extend(self.warnings.iter().map(|w| format!("- {w}")));
        }
        to_ron(&self.deck, &header)
    }
}

/// Text from a file's bytes: a UTF-8 BOM dropped, UTF-16 with a BOM
/// decoded, anything else that is not UTF-8 read as Windows-1252 (with a
/// warning).
pub fn decode(bytes: &[u8]) -> (String, Vec<Warning>) {
    let mut warnings = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, &mut warnings);
    }
    for (bom, little) in [(b"\xFF\xFE", true), (b"\xFE\xFF", false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| {
                    let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                    if little {
                        u16::from_le_bytes(pair)
                    } else {
                        u16::from_be_bytes(pair)
                    }
                })
                .collect();
            let text = String::from_utf16_lossy(&units);
            warnings.push(Warning::general(
                Kind::Reading,
                "read the document as UTF-16".to_owned(),
            ));
            return (text, warnings);
        }
    }
    decode_utf8(bytes, &mut warnings)
}

fn decode_utf8(bytes: &[u8], warnings: &mut Vec<Warning>) -> (String, Vec<Warning>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), std::mem::take(warnings)),
        Err(error) => {
            let line = bytes[..error.valid_up_to()].split(|b| *b == b'\n').count();
            let text: String = bytes
                .iter()
                .map(|&b| {
                    mojibake::decode_byte(mojibake::CodePage::Western, b).unwrap_or('\u{fffd}')
                })
                .collect();
            warnings.push(Warning::at(
                line,
                Kind::Reading,
                "the document is not UTF-8 (first bad byte here); read it as Windows-1252"
                    .to_owned(),
            ));
            (text, std::mem::take(warnings))
        }
    }
}

/// Imports a document's text as a deck.
pub fn import(text: &str, options: &Options) -> Result<Imported, ImportError> {
    if let Some(id) = &options.id
        && !is_id(id)
    {
        return Err(ImportError::BadId { id: id.clone() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut warnings = Vec::new();
    let text = match mojibake::repair(&text) {
        Some((fixed, repair)) => {
            let lost = if repair.guessed > 0 {
                format!(
                    "; {} characters had lost their last byte and were restored as `”`",
                    repair.guessed
                )
            } else {
                String::new()
            };
            warnings.push(Warning::general(Kind::Reading, format!(
                "repaired {} characters of UTF-8 text that had been read through {} (e.g. `{}` → `{}`){lost}",
                repair.restored + repair.guessed,
                repair.code_page,
                repair.sample.0,
                repair.sample.1
            )));
            fixed
        }
        None => text,
    };
    let title = options.title.clone().unwrap_or_default();
    let markdown = match options.format {
        Format::Markdown => true,
        Format::Plain => false,
        Format::Auto => markdown::looks_like_markdown(&text),
    };
    let blocks = if markdown {
        markdown::blocks(&text)
    } else {
        blocks::blocks(&text)
    };
    let (deck, mut more) =
        build::build(blocks, &title, &prose::capitalize(&options.fallback_title));
    warnings.append(&mut more);
    let Some(mut deck) = deck else {
        return Err(ImportError::NothingToImport {
            lines: text.lines().count(),
        });
    };
    deck.id = match &options.id {
        Some(id) => id.clone(),
        None => Some(prose::slug(&deck.title))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "imported".to_owned()),
    };
    deck.source = options
        .source
        .as_ref()
        .map(|s| format!("Imported from {s}"));
    warnings.sort_by_key(|w| w.lines.map_or(0, |(a, _)| a));
    check_warnings(&deck, &mut warnings);
    Ok(Imported { deck, warnings })
}

/// What `rolecall check` will say about the deck, said now; an example
/// without insight is reported once, by the importer.
fn check_warnings(deck: &Deck, warnings: &mut Vec<Warning>) {
    use crate::deck::lint::{self, Rule, Step};
    let reported: std::collections::HashSet<(&str, &str)> = warnings
        .iter()
        .filter_map(|w| match &w.kind {
            Kind::NoInsight { role, task } => Some((role.as_str(), task.as_str())),
            _ => None,
        })
        .collect();
    let mut more = Vec::new();
    for lint in lint::lint(deck) {
        if lint.rule == Rule::NoInsight
            && let [_, Step::Index(r), _, Step::Index(t), ..] = lint.path.as_slice()
            && let Some(role) = deck.roles.get(*r)
            && let Some(task) = role.tasks.get(*t)
            && reported.contains(&(role.name.as_str(), task.title.as_str()))
        {
            continue;
        }
        more.push(Warning::general(
            Kind::Check,
            format!("`rolecall check` will warn: {}", lint.message),
        ));
    }
    warnings.append(&mut more);
}

/// A valid id: `a-z0-9-`, not empty, no `-` at either end.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id made from a file name or title: `a-z0-9-`, or `None` when nothing
/// usable is left.
pub fn id_from(text: &str) -> Option<String> {
    let id = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests;
