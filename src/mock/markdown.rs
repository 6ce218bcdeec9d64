//! Markdown building blocks for reports that must read well both rendered
//! on GitHub and raw in a terminal pager: escaping untrusted text (deck
//! text and answers) so it stays inert, block quotes, and tables with
//! aligned pipes. No raw HTML is ever produced.

use crate::text::{display_width, inert};
use std::fmt::Write as _;

/// Column alignment in a Markdown table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Escapes `text` for Markdown prose: control characters made visible
/// (`inert`), and the characters that would start emphasis, code, links,
/// HTML or a table cell escaped with a backslash. Intraword underscores
/// (`least_privilege`) are left alone: they cannot start emphasis, and
/// fewer backslashes read better in a pager. Newlines are kept.
pub fn escape(text: &str) -> String {
    let safe = inert(text);
    let mut out = String::with_capacity(safe.len() + 8);
    for (i, line) in safe.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_line(line, &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    let body = line.trim_start();
    let lead = &line[..line.len() - body.len()];
    out.push_str(lead);
    // A line of only `=` or `-` would turn the line above into a heading.
    let underline = body.len() >= 2 && body.trim_end().chars().all(|c| c == '=' || c == '-');
    if body.starts_with('#') || underline {
        out.push('\\');
    }
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escaped = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => true,
            '_' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
}

/// One table cell: escaped, on one line (newlines and runs of spaces
/// become single spaces, since a newline would end the row).
pub fn cell(text: &str) -> String {
    escape(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A block quote of escaped `text`; blank lines stay inside the quote, and
/// line breaks are kept (two trailing spaces: a hard break that a pager
/// does not show).
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    let escaped = escape(text.trim_end());
    let lines: Vec<&str> = escaped.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
            let _ = writeln!(out, "> {line}{}", if next_is_text { "  " } else { "" });
        }
    }
    if out.is_empty() {
        out.push_str(">\n");
    }
    out
}

/// A Markdown table whose pipes line up in a monospaced pager. Cells must
/// already be escaped (see [`cell`]).
pub fn table(header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h).max(3)).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(display_width(c));
            }
        }
    }
    let pad = |text: &str, i: usize| {
        let width = widths.get(i).copied().unwrap_or(0);
        let fill = " ".repeat(width.saturating_sub(display_width(text)));
        match align.get(i).copied().unwrap_or(Align::Left) {
            Align::Left => format!("{text}{fill}"),
            Align::Right => format!("{fill}{text}"),
        }
    };
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(
        header.iter().enumerate().map(|(i, h)| pad(h, i)).collect(),
    ));
    out.push_str(&line(
        widths
            .iter()
            .enumerate()
            .map(
                |(i, &w)| match align.get(i).copied().unwrap_or(Align::Left) {
                    Align::Left => "-".repeat(w),
                    Align::Right => format!("{}:", "-".repeat(w - 1)),
                },
            )
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(
            (0..widths.len())
                .map(|i| pad(row.get(i).map_or("", String::as_str), i))
                .collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(escape(input), expected, "input {input:?}");
    }

    #[test]
    fn escapes_what_markdown_would_interpret() {
        check("plain words, 8% drop.", "plain words, 8% drop.");
        check("a | b", "a \\| b");
        check("*bold* and `code`", "\\*bold\\* and \\`code\\`");
        check("<script>x</script>", "\\<script\\>x\\</script\\>");
        check("[link](http://x)", "\\[link\\](http://x)");
        check("least_privilege _em_", "least_privilege \\_em\\_");
        check("# not a heading", "\\# not a heading");
        check("line\n---", "line\n\\---");
        check("\u{1b}[31mred", "\\\\u{1b}\\[31mred");
        check("a\nb", "a\nb");
    }

    #[test]
    fn cells_are_single_line() {
        assert_eq!(cell("two\nlines |  x"), "two lines \\| x");
    }

    #[test]
    fn quotes_keep_paragraphs() {
        assert_eq!(quote("one\n\ntwo"), "> one\n>\n> two\n");
        assert_eq!(quote("one\ntwo"), "> one  \n> two\n");
        assert_eq!(quote(""), ">\n");
    }

    #[test]
    fn tables_align_pipes_by_display_width() {
        let out = table(
            &["Lens", "Avg"],
            &[Align::Left, Align::Right],
            &[
                vec!["Decisions".into(), "2.5".into()],
                vec!["Évidence".into(), "10.0".into()],
            ],
        );
        assert_eq!(
            out,
            "| Lens      |  Avg |\n\
             | --------- | ---: |\n\
             | Decisions |  2.5 |\n\
             | Évidence  | 10.0 |\n"
        );
    }
}
