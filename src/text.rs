//! Making untrusted text safe and tidy for a terminal, a report or an export.
//!
//! Deck files and imported documents are untrusted: an escape sequence in a
//! deck could retitle the terminal, write the clipboard (OSC 52) or reorder
//! what the learner sees (bidi overrides). Every piece of deck text passes
//! through [`inert`] before it is printed or written anywhere.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns `s` with every control character and bidi control made visible
/// and harmless: `\u{1b}` is shown as the text `\u{1b}`, not sent.
/// Newlines and tabs are kept; carriage returns are dropped.
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

fn needs_escape(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\r' => true,
        c if c.is_control() => true, // C0, DEL and C1
        // Bidi embeddings, overrides and isolates, and the marks that can
        // reorder text around them.
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
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
