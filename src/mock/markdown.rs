//! Reports as Markdown that reads well both rendered on GitHub and raw in
//! a terminal pager: [`render`] lays out a [`Doc`], and the building
//! blocks below escape untrusted text (deck text and answers) so it stays
//! inert, quote it, and align table pipes. No raw HTML is ever produced.

pub use super::doc::Align;
use super::doc::{Block, Chart, Doc, Span};
use crate::text::{display_width, inert};
use std::fmt::Write as _;

/// A whole report as Markdown: its title as the level-1 heading, then
/// each block, escaped here and nowhere else.
pub fn render(doc: &Doc) -> String {
    let mut out = format!("# {}\n", escape(&doc.title));
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, title) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
                let _ = writeln!(out, "{hashes} {}", escape(title));
            }
            Block::Paragraph(spans) => {
                let _ = writeln!(out, "{}", line(spans));
            }
            Block::List(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", line(item));
                }
            }
            Block::Quote(text) => out.push_str(&quote(text)),
            Block::Commands(commands) => {
                out.push_str("```sh\n");
                for command in commands {
                    let _ = writeln!(out, "{}", inert(command));
                }
                out.push_str("```\n");
            }
            Block::Table(t) => {
                let header: Vec<String> = t.header.iter().map(|h| cell(h)).collect();
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|row| row.iter().map(|c| cell(c)).collect())
                    .collect();
                out.push_str(&table(&header, &t.align, &rows));
            }
            Block::Chart(chart) => out.push_str(&text_chart(chart)),
        }
    }
    out
}

/// Spans on one line, each escaped as its kind needs.
fn line(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) => {
                let (lead, trail) = edges(t);
                let _ = write!(out, "{lead}{}{trail}", cell(t));
            }
            Span::Strong(t) => {
                // Spaces go outside the stars, or they would not be bold.
                let (lead, trail) = edges(t);
                let _ = write!(out, "{lead}**{}**{trail}", cell(t));
            }
            Span::Code(t) => out.push_str(&code_span(t)),
            Span::Mark(m) => out.push_str(m.sign()),
        }
    }
    out
}

/// The single spaces a span keeps at its edges ([`cell`] trims them), so
/// that spans join as written.
fn edges(text: &str) -> (&'static str, &'static str) {
    let space = |yes: bool| if yes { " " } else { "" };
    if text.trim().is_empty() {
        return (space(!text.is_empty()), "");
    }
    (
        space(text.starts_with(char::is_whitespace)),
        space(text.ends_with(char::is_whitespace)),
    )
}

/// Inline code whose fence is longer than any run of backticks inside it.
fn code_span(text: &str) -> String {
    let safe = inert(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned();
    let longest = safe.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if safe.starts_with('`') || safe.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{safe}{pad}{fence}")
}

/// A chart as text: bars as a table with a bar column, lines as a
/// sparkline per series in a code block (so it reads in a terminal).
fn text_chart(chart: &Chart) -> String {
    let mut out = String::new();
    match chart {
        Chart::Bars {
            caption,
            label,
            max,
            rows,
        } => {
            let _ = writeln!(out, "{}\n", escape(caption));
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|(label, value)| {
                    vec![
                        cell(label),
                        format!("{value:.1}"),
                        bar(value / max.max(f32::EPSILON)),
                    ]
                })
                .collect();
            let scale = format!("0–{max:.0}");
            out.push_str(&table(
                &[&cell(label), "Average", &scale],
                &[Align::Left, Align::Right, Align::Left],
                &rows,
            ));
        }
        Chart::Lines {
            caption,
            max,
            x,
            series,
        } => {
            let _ = writeln!(out, "{}\n", escape(caption));
            out.push_str("```text\n");
            let width = series
                .iter()
                .map(|(name, _)| display_width(name))
                .max()
                .unwrap_or(0);
            for (name, values) in series {
                let spark: String = values.iter().map(|v| spark(*v, *max)).collect();
                let known: Vec<f32> = values.iter().flatten().copied().collect();
                let range = match (known.first(), known.last()) {
                    (Some(first), Some(last)) if known.len() > 1 => {
                        format!("{first:.1} → {last:.1}")
                    }
                    (Some(only), _) => format!("{only:.1}"),
                    _ => "–".into(),
                };
                let pad = " ".repeat(width.saturating_sub(display_width(name)));
                let _ = writeln!(out, "{}{pad}  {spark}  {range}", inert(name));
            }
            let span = match (x.first(), x.last()) {
                (Some(first), Some(last)) if x.len() > 1 => format!("{first} to {last}"),
                (Some(only), _) => only.clone(),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{}  {} mock{} ({}), 0–{max:.0}",
                " ".repeat(width),
                x.len(),
                if x.len() == 1 { "" } else { "s" },
                inert(&span),
            );
            out.push_str("```\n");
        }
    }
    out
}

/// One sparkline cell for `value` on 0..=`max` (a dot when missing).
fn spark(value: Option<f32>, max: f32) -> char {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    match value {
        None => '·',
        Some(v) => {
            let share = (v / max.max(f32::EPSILON)).clamp(0.0, 1.0);
            LEVELS[((share * 7.0).round() as usize).min(7)]
        }
    }
}

/// A ten-cell bar for a 0–1 share, plain characters every pager shows.
pub fn bar(share: f32) -> String {
    let filled = (share.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// Escapes `text` for Markdown prose: control characters made visible
/// (`inert`), and the characters that would start emphasis, code, links,
/// HTML, an entity or a table cell escaped with a backslash. Intraword
/// underscores (`least_privilege`) are left alone: they cannot start
/// emphasis, and fewer backslashes read better in a pager. Newlines are
/// kept.
///
/// Bare URLs and addresses, which GitHub-flavoured renderers turn into
/// live links by themselves, are defanged the same way: the `:` after a
/// scheme (`https\://…`, `mailto\:…`), the `.` after `www` and the `@` of an
/// address get a backslash. Rendered, the text reads exactly as written;
/// in a pager, one backslash marks the spot.
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
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let escaped = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => true,
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            // A scheme: `https:`, `mailto:`, `javascript:` before a target.
            ':' => {
                before.is_some_and(|b| b.is_ascii_alphabetic())
                    && after.is_some_and(|a| !a.is_whitespace())
            }
            // `www.` starting a word.
            '.' => {
                i >= 3
                    && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w'))
                    && (i == 3 || !chars[i - 4].is_alphanumeric())
            }
            // An address (`name@example.com`) or a mention.
            '@' => after.is_some_and(char::is_alphanumeric),
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
        check("[link](http://x)", "\\[link\\](http\\://x)");
        check("&#x202E; &amp;", "\\&#x202E; \\&amp;");
        check("least_privilege _em_", "least_privilege \\_em\\_");
        check("# not a heading", "\\# not a heading");
        check("line\n---", "line\n\\---");
        check("\u{1b}[31mred", "\\\\u{1b}\\[31mred");
        check("a\nb", "a\nb");
    }

    #[test]
    fn bare_urls_and_addresses_are_defanged() {
        check(
            "see https://evil.example/x?a=1 now",
            "see https\\://evil.example/x?a=1 now",
        );
        check(
            "www.evil.example and WWW.x.org",
            "www\\.evil.example and WWW\\.x.org",
        );
        check("mail bob@evil.example", "mail bob\\@evil.example");
        check(
            "mailto:a@b.c javascript:alert(1)",
            "mailto\\:a\\@b.c javascript\\:alert(1)",
        );
        // Ordinary prose keeps its colons and dots.
        check(
            "Note: at 10:00 see e.g. the www page.",
            "Note: at 10:00 see e.g. the www page.",
        );
        check("the awww.x word", "the awww.x word");
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
