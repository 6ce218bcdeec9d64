//! Making untrusted text safe and tidy for a terminal, a report or an export,
//! and measuring it as a monospaced screen shows it.
//!
//! Deck files and imported documents are untrusted: an escape sequence in a
//! deck could retitle the terminal, write the clipboard (OSC 52), reorder
//! what the learner sees (bidi overrides, the Arabic letter mark) or hide
//! text (zero-width and tag characters). Every piece of deck text passes
//! through [`inert`] before it is printed or written anywhere.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_width::UnicodeWidthStr;

/// The columns `s` takes in a monospaced font (wide CJK characters count
/// two, combining marks none), for aligning text that holds no escape
/// sequences: reports, tables of inert text.
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// Returns `s` with every control character, Unicode format character
/// (bidi controls, zero-width characters, tags, the BOM) and line or
/// paragraph separator made visible and harmless: `\u{1b}` is shown as the
/// text `\u{1b}`, not sent. Newlines and tabs are kept; carriage returns
/// are dropped.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\r' {
            continue;
        }
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` made [`inert`], then with the five characters HTML gives meaning to
/// written as entities: safe as element text and as a quoted attribute.
pub fn escape_html(s: &str) -> String {
    let safe = inert(s);
    let mut out = String::with_capacity(safe.len() + 8);
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether [`inert`] escapes `c`.
pub(crate) fn needs_escape(c: char) -> bool {
    if c.is_ascii() {
        // C0 controls and DEL; newline and tab are layout.
        return c.is_ascii_control() && c != '\n' && c != '\t';
    }
    // C1 controls, then every format character (bidi embeddings, overrides,
    // isolates and marks, U+061C, zero-width spaces and joiners, the BOM,
    // tag characters, the soft hyphen...) and U+2028/U+2029, which some
    // terminals and most JavaScript parsers take as line breaks.
    c.is_control()
        || matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Writes `value` as pretty JSON in which every character [`inert`] would
/// escape is a `\uXXXX` escape (a surrogate pair beyond U+FFFF).
/// `serde_json` escapes C0 controls itself but writes DEL, C1 controls
/// (`U+009B` is CSI to many terminals), bidi overrides and the other format
/// characters raw; this keeps `--json` output safe to print and still
/// valid, equal JSON.
pub fn write_json<W: io::Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, InertJson(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// `serde_json`'s pretty layout, with string fragments made inert.
struct InertJson<'a>(PrettyFormatter<'a>);

impl Formatter for InertJson<'_> {
    fn write_string_fragment<W: io::Write + ?Sized>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| needs_escape(c)) {
            writer.write_all(&rest.as_bytes()[..i])?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[i + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // The layout is the inner formatter's.
    fn begin_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Normalises text for comparison: lowercase, punctuation and runs of
/// whitespace folded to single spaces, typographic quotes and dashes made plain.
pub fn fold_for_compare(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(inert(input), expected, "input {input:?}");
    }

    #[test]
    fn escapes_controls_and_bidi() {
        check("plain text", "plain text");
        check("line\nnext\tcol", "line\nnext\tcol");
        check("\u{1b}[31mred", "\\u{1b}[31mred");
        check("\u{1b}]52;c;aGk=\u{7}", "\\u{1b}]52;c;aGk=\\u{7}");
        check("a\u{8}b", "a\\u{8}b");
        check("\u{9b}2J", "\\u{9b}2J");
        check("abc\u{202e}fed", "abc\\u{202e}fed");
        check("crlf\r\n", "crlf\n");
        check("em — dash “quoted”", "em — dash “quoted”");
        // Format characters and separators that hide or reorder text.
        check("a\u{61c}b", "a\\u{61c}b");
        check(
            "zero\u{200b}width\u{200d}join\u{feff}",
            "zero\\u{200b}width\\u{200d}join\\u{feff}",
        );
        check("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}");
        check("tag\u{e0041}\u{e007f}", "tag\\u{e0041}\\u{e007f}");
        check("soft\u{ad}hyphen", "soft\\u{ad}hyphen");
        check("nbsp\u{a0}é ü 日本 🙂", "nbsp\u{a0}é ü 日本 🙂");
    }

    #[test]
    fn json_output_is_inert_equal_and_pretty() {
        let value = serde_json::json!({
            "t": "\u{1b}]0;x\u{7} \u{9b}2J \u{7f} \u{202e}rtl\u{2069} “ok” é",
            "n": [1, 2],
        });
        let mut out = Vec::new();
        write_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "{\n  \"n\": [\n    1,\n    2\n  ],\n  \"t\": \"\\u001b]0;x\\u0007 \\u009b2J \\u007f \\u202ertl\\u2069 “ok” é\"\n}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
        assert!(!text.chars().any(|c| needs_escape(c) && c != '\n'));

        // Beyond U+FFFF: a surrogate pair, as JSON requires.
        let value = serde_json::json!("tag\u{e0041} \u{2028} \u{61c}");
        let mut out = Vec::new();
        write_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, r#""tag\udb40\udc41 \u2028 \u061c""#);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn folds_for_compare() {
        assert_eq!(
            fold_for_compare("  Is this signal real — or NOISE?; "),
            "is this signal real or noise"
        );
        assert_eq!(
            fold_for_compare("what input is trusted here;"),
            "what input is trusted here"
        );
    }
}
