//! The text exports: Anki's plain-text import format (the notes of
//! [`super::note`], one per line, no raw tab or newline) and CSV (RFC 4180
//! quoting by the `csv` crate, and a guard against spreadsheet formulas).

use super::note::Note;
use crate::deck::Card;
use crate::text::inert;

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
///
/// Every header works in any language of Anki: the fields are mapped by
/// position (Front, Back), never by name, so there is no `#columns` line
/// (a German collection names them Vorderseite and Rückseite, and would
/// import every Back empty). `Basic` is found by name only in an English
/// collection; elsewhere Anki falls back to the default note type, whose
/// first two fields are the same pair.
pub const ANKI_HEADER: &str = "#separator:tab\n#html:true\n#notetype:Basic\n#tags column:3\n#guid column:4\n#deck column:5\n#if matches:update current\n";

/// Cards in Anki's plain-text import format, one note per line.
pub fn anki_text(cards: &[&Card]) -> String {
    let mut out = String::from(ANKI_HEADER);
    for card in cards {
        let note = Note::of(card);
        let fields = [
            note.front,
            note.back,
            note.tags.join(" "),
            note.guid,
            note.deck,
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
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
            card.deck.to_string(),
            card.role.as_deref().unwrap_or_default().to_owned(),
            card.task.as_deref().unwrap_or_default().to_owned(),
            card.kind.to_string(),
            card.prompt.to_string(),
            card.answer.to_string(),
            card.key_points.join(CSV_LIST_SEPARATOR),
            card.choices.join(CSV_LIST_SEPARATOR),
        ];
        writer.write_record(record.iter().map(|f| csv_cell(f)))?;
    }
    let bytes = writer.into_inner().map_err(Box::new)?;
    Ok(String::from_utf8(bytes)?)
}

/// A cell made inert; one that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first, also after leading spaces or tabs, which
/// spreadsheets skip; or a tab first) gets a leading `'`, as OWASP advises.
pub fn csv_cell(text: &str) -> String {
    let safe = inert(text);
    let formula = safe
        .trim_start_matches([' ', '\t'])
        .starts_with(['=', '+', '-', '@']);
    if formula || safe.starts_with('\t') {
        format!("'{safe}")
    } else {
        safe.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::AnswerMode;
    use crate::export::note::tests::card;

    #[test]
    fn anki_escapes_and_keeps_one_line_per_card() {
        let c = card(AnswerMode::Choice);
        let out = anki_text(&[&c]);
        let line = out.lines().last().unwrap();
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 5, "{line}");
        assert_eq!(fields[1], "2. AppSec");
        assert_eq!(fields[2], "rolecall::d::r rolecall::kind::which-role");
        assert_eq!(fields[3], "rolecall:d/r/t/which-role");
        assert_eq!(fields[4], "rolecall::d");
        assert!(out.starts_with("#separator:tab\n#html:true\n"));
    }

    /// Headers that name fields break in a collection whose fields have
    /// other names; a note line that starts with `#` is read as a comment.
    #[test]
    fn anki_headers_map_by_position_and_no_note_line_starts_with_a_hash() {
        let mut c = card(AnswerMode::Typed);
        c.prompt = "#1 Response Team".into();
        let out = anki_text(&[&c]);
        let (headers, notes): (Vec<&str>, Vec<&str>) =
            out.lines().partition(|l| l.starts_with('#'));
        assert!(
            !headers.iter().any(|h| h.starts_with("#columns")),
            "{headers:?}"
        );
        assert_eq!(notes.len(), 1, "{out}");
        assert!(notes[0].starts_with("&#35;1 Response Team\t"), "{out}");
    }

    #[test]
    fn csv_guards_formulas_and_controls() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell(" =1+1"), "' =1+1");
        assert_eq!(csv_cell("\t=cmd|' /C calc'!A0"), "'\t=cmd|' /C calc'!A0");
        assert_eq!(csv_cell("  \t@SUM(A1)"), "'  \t@SUM(A1)");
        assert_eq!(csv_cell("\tindented"), "'\tindented");
        assert_eq!(csv_cell("a = b"), "a = b");
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
