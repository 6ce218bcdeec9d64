//! Cards as files other tools import: Anki's plain-text format and CSV.
//!
//! Pure: cards in, a string out; `cmd::export` picks the cards and writes
//! the file. Deck text is untrusted, so every field passes through
//! `text::inert` first, and each format then escapes what it must: HTML
//! and no raw tab or newline for Anki, RFC 4180 quoting (the `csv` crate)
//! and a guard against spreadsheet formulas for CSV.

use crate::deck::{AnswerMode, Card};
use crate::text::{escape_html, inert};
use std::fmt::Write as _;

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "id",
    "deck",
    "role",
    "task",
    "kind",
    "prompt",
    "answer",
    "key_points",
    "choices",
];

/// How list cells (key points, choices) are joined in CSV.
pub const CSV_LIST_SEPARATOR: &str = " | ";

/// The header lines of the Anki export: tab-separated, HTML fields, the
/// Basic note type, tags in column 3, the card id as the note's GUID (so a
/// second import updates notes instead of duplicating them) and the Anki
/// deck in column 5.
pub const ANKI_HEADER: &str = "#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tGUID\tDeck\n#tags column:3\n#guid column:4\n#deck column:5\n";

/// Cards in Anki's plain-text import format, one note per line.
pub fn anki(cards: &[&Card]) -> String {
    let mut out = String::from(ANKI_HEADER);
    for card in cards {
        let fields = [
            anki_front(card),
            anki_back(card),
            anki_tags(card),
            format!("rolecall:{}", field_text(card.id.as_str())),
            format!("rolecall::{}", tag_part(&card.deck)),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

/// Deck text made inert, then HTML-escaped, with line breaks as `<br>` and
/// tabs as spaces: a field never holds a raw tab or newline.
fn html(text: &str) -> String {
    escape_html(text).replace('\t', " ").replace('\n', "<br>")
}

fn html_list(tag: &str, items: &[String]) -> String {
    let mut out = format!("<{tag}>");
    for item in items {
        let _ = write!(out, "<li>{}</li>", html(item));
    }
    let _ = write!(out, "</{tag}>");
    out
}

/// The prompt; choice and ordering cards list their options.
fn anki_front(card: &Card) -> String {
    let mut front = html(&card.prompt);
    match card.mode {
        AnswerMode::Choice if !card.choices.is_empty() => {
            front.push_str(&html_list("ol", &card.choices));
        }
        AnswerMode::Order if !card.choices.is_empty() => {
            front.push_str("<br>Put in order:");
            front.push_str(&html_list("ul", &card.choices));
        }
        _ => {}
    }
    front
}

/// The answer; choice cards name the right option, ordering cards give the
/// order, typed cards list their key points unless the answer is the point.
fn anki_back(card: &Card) -> String {
    let mut back = String::new();
    match card.mode {
        AnswerMode::Choice => {
            if let Some(&i) = card.correct.first()
                && let Some(choice) = card.choices.get(i)
            {
                let _ = write!(back, "{}. {}", i + 1, html(choice));
            }
        }
        AnswerMode::Order => {
            let ordered: Vec<String> = card
                .correct
                .iter()
                .filter_map(|&i| card.choices.get(i).cloned())
                .collect();
            back.push_str(&html_list("ol", &ordered));
        }
        AnswerMode::Typed | AnswerMode::SelfGraded => {}
    }
    let answer_is_listed = matches!(card.mode, AnswerMode::Choice | AnswerMode::Order);
    if !card.answer.is_empty() && (!answer_is_listed || back.is_empty()) {
        if !back.is_empty() {
            back.push_str("<br>");
        }
        back.push_str(&html(&card.answer));
    }
    let points_repeat_answer = card.key_points.len() == 1 && card.key_points[0] == card.answer;
    if !card.key_points.is_empty() && !points_repeat_answer && !answer_is_listed {
        back.push_str("<br>Key points:");
        back.push_str(&html_list("ul", &card.key_points));
    }
    back
}

/// `rolecall::DECK::ROLE` (or `rolecall::DECK`) and `rolecall::kind::KIND`.
fn anki_tags(card: &Card) -> String {
    let place = match &card.role {
        Some(role) => format!("rolecall::{}::{}", tag_part(&card.deck), tag_part(role)),
        None => format!("rolecall::{}", tag_part(&card.deck)),
    };
    format!("{place} rolecall::kind::{}", card.kind)
}

/// Tags are separated by spaces: anything but `a-z0-9-_` becomes `_`.
fn tag_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Text for a field that holds no HTML (ids): inert, tabs and newlines as spaces.
fn field_text(text: &str) -> String {
    inert(text).replace(['\t', '\n'], " ")
}

/// Why a CSV export failed (writing to memory fails only on a bug in `csv`).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    #[error("cannot finish CSV")]
    Finish(#[from] Box<csv::IntoInnerError<csv::Writer<Vec<u8>>>>),
    #[error("CSV output is not UTF-8")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// Cards as RFC 4180 CSV with a header row ([`CSV_COLUMNS`]); lists are
/// joined with [`CSV_LIST_SEPARATOR`].
pub fn csv(cards: &[&Card]) -> Result<String, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for card in cards {
        let record = [
            card.id.as_str().to_owned(),
            card.deck.clone(),
            card.role.clone().unwrap_or_default(),
            card.task.clone().unwrap_or_default(),
            card.kind.to_string(),
            card.prompt.clone(),
            card.answer.clone(),
            card.key_points.join(CSV_LIST_SEPARATOR),
            card.choices.join(CSV_LIST_SEPARATOR),
        ];
        writer.write_record(record.iter().map(|f| csv_cell(f)))?;
    }
    let bytes = writer.into_inner().map_err(Box::new)?;
    Ok(String::from_utf8(bytes)?)
}

/// A cell made inert; one that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first) gets a leading `'`, as OWASP advises.
pub fn csv_cell(text: &str) -> String {
    let safe = inert(text);
    if safe.starts_with(['=', '+', '-', '@']) {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{CardId, CardKind};

    fn card(mode: AnswerMode) -> Card {
        Card {
            id: CardId("d/r/t/which-role".into()),
            kind: CardKind::WhichRole,
            deck: "d".into(),
            role: Some("r".into()),
            task: Some("t".into()),
            prompt: "Who <owns>\tthis & \"that\"?\nNext line \u{1b}[31m".into(),
            answer: "AppSec".into(),
            key_points: vec!["k1".into(), "k2 <b>".into()],
            mode,
            choices: vec!["DevSecOps".into(), "AppSec".into()],
            correct: vec![1],
            siblings: "s".into(),
        }
    }

    #[test]
    fn anki_escapes_and_keeps_one_line_per_card() {
        let c = card(AnswerMode::Choice);
        let out = anki(&[&c]);
        let line = out.lines().last().unwrap();
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 5, "{line}");
        assert_eq!(
            fields[0],
            "Who &lt;owns&gt; this &amp; &quot;that&quot;?<br>Next line \\u{1b}[31m<ol><li>DevSecOps</li><li>AppSec</li></ol>"
        );
        assert_eq!(fields[1], "2. AppSec");
        assert_eq!(fields[2], "rolecall::d::r rolecall::kind::which-role");
        assert_eq!(fields[3], "rolecall:d/r/t/which-role");
        assert_eq!(fields[4], "rolecall::d");
        assert!(out.starts_with("#separator:tab\n#html:true\n"));
    }

    #[test]
    fn anki_lists_key_points_of_typed_cards() {
        let c = card(AnswerMode::Typed);
        let back = anki_back(&c);
        assert_eq!(
            back,
            "AppSec<br>Key points:<ul><li>k1</li><li>k2 &lt;b&gt;</li></ul>"
        );
        assert_eq!(anki_front(&c).matches("<ol>").count(), 0);
    }

    #[test]
    fn csv_guards_formulas_and_controls() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn csv_quotes_fields() {
        let c = card(AnswerMode::Typed);
        let out = csv(&[&c]).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(
            &row[5],
            "Who <owns>\tthis & \"that\"?\nNext line \\u{1b}[31m"
        );
        assert_eq!(&row[7], "k1 | k2 <b>");
        assert_eq!(reader.headers().unwrap().len(), CSV_COLUMNS.len());
    }
}
