//! Reports as one self-contained HTML page: inline CSS, charts drawn as
//! inline SVG, no script, no external asset (a Content-Security-Policy
//! forbids loading any), so a mentor can mail the file and it opens the
//! same anywhere, offline.
//!
//! Every piece of text is escaped here ([`escape`]): deck text and answers
//! can never become markup, and never links: bare URLs, `www.` names and
//! e-mail addresses are split by `<wbr>` so that mail clients which turn
//! such text into links find nothing to link, while the page reads and
//! copies the same.

use super::doc::{Align, Block, Chart, Doc, Span};
use crate::text::escape_html;
use std::fmt::Write as _;

/// The page's style: readable on screen and in print, light and dark.
const STYLE: &str = "\
:root{color-scheme:light;--ink:#1d2433;--dim:#5b6475;--line:#d8dde6;--bg:#ffffff;--band:#f3f5f9;\
--good:#1f7a4d;--part:#a66300;--bad:#b3261e;--accent:#2f5fb3}\
*{box-sizing:border-box}\
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,'Segoe UI',\
Roboto,'Noto Sans',sans-serif,'Apple Color Emoji','Segoe UI Emoji','Noto Color Emoji'}\
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem 4rem}\
h1{font-size:1.9rem;margin:0 0 1rem;border-bottom:3px solid var(--accent);padding-bottom:.4rem}\
h2{font-size:1.4rem;margin:2.2rem 0 .8rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}\
h3{font-size:1.12rem;margin:1.6rem 0 .5rem}\
p,ul{margin:.5rem 0}ul{padding-left:1.4rem}li{margin:.15rem 0}\
blockquote{margin:.5rem 0;padding:.5rem .9rem;background:var(--band);border-left:4px solid var(--line);\
white-space:pre-wrap;overflow-wrap:anywhere}\
pre{margin:.5rem 0;padding:.6rem .9rem;background:#101828;color:#e6edf7;border-radius:6px;\
white-space:pre-wrap;overflow-wrap:anywhere}\
code{font:0.92em/1.4 ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace}\
p code,li code{background:var(--band);padding:0 .25rem;border-radius:3px}\
table{border-collapse:collapse;margin:.6rem 0;font-size:.95rem}\
th,td{border:1px solid var(--line);padding:.3rem .55rem;vertical-align:top}\
th{background:var(--band);text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\
td:last-child{white-space:nowrap}\
.mark{display:inline-block;width:1.3em;font-weight:700}.covered{color:var(--good)}\
.partly{color:var(--part)}.missed{color:var(--bad)}.listen{color:var(--dim)}\
figure{margin:1rem 0}figcaption{color:var(--dim);font-size:.92rem;margin-bottom:.3rem}\
svg{max-width:100%;height:auto;font-family:system-ui,sans-serif}\
@media print{main{padding:0}}";

/// Colours of a chart's bars and lines, one per row or series (the four
/// lenses first); none is used elsewhere on the page, so a screenshot shows
/// whether a chart was drawn.
pub const SERIES_COLOURS: [&str; 6] = [
    "#3366cc", "#109618", "#ff9900", "#990099", "#dc3912", "#0099c6",
];

/// The whole page.
pub fn render(doc: &Doc) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"rolecall\">\n");
    let _ = writeln!(out, "<title>{}</title>", plain(&doc.title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&doc.title));
    for block in &doc.blocks {
        block_html(&mut out, block);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn block_html(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, title) => {
            let level = (*level).clamp(1, 6);
            let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(title));
        }
        Block::Paragraph(spans) => {
            let _ = writeln!(out, "<p>{}</p>", spans_html(spans));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", spans_html(item));
            }
            out.push_str("</ul>\n");
        }
        Block::Quote(text) => {
            let _ = writeln!(out, "<blockquote>{}</blockquote>", escape(text.trim_end()));
        }
        Block::Commands(commands) => {
            let lines: Vec<String> = commands.iter().map(|c| escape(c)).collect();
            let _ = writeln!(out, "<pre><code>{}</code></pre>", lines.join("\n"));
        }
        Block::Table(table) => {
            out.push_str("<table>\n<thead><tr>");
            for (i, h) in table.header.iter().enumerate() {
                let _ = write!(out, "<th{}>{}</th>", class(table.align.get(i)), escape(h));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in &table.rows {
                out.push_str("<tr>");
                for (i, c) in row.iter().enumerate() {
                    let _ = write!(out, "<td{}>{}</td>", class(table.align.get(i)), escape(c));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Chart(chart) => out.push_str(&svg(chart)),
    }
}

fn class(align: Option<&Align>) -> &'static str {
    match align {
        Some(Align::Right) => " class=\"num\"",
        _ => "",
    }
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(t) => out.push_str(&escape(t)),
            Span::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", escape(t));
            }
            Span::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape(t));
            }
            Span::Mark(m) => {
                let class = m.words().replace(' ', "-");
                let class = class.split('-').next().unwrap_or_default();
                let _ = write!(
                    out,
                    "<span class=\"mark {class}\" title=\"{}\">{}</span>",
                    m.words(),
                    m.sign()
                );
            }
        }
    }
    out
}

/// Text made safe for HTML element content and attribute values:
/// control characters made visible (`inert`), the five special characters
/// as entities, and the starts of autolinkable text (`://`, `www.`, `@`)
/// split by an invisible `<wbr>`.
pub fn escape(text: &str) -> String {
    defang(&escape_html(text))
}

/// Splits what a mail client would turn into a link.
fn defang(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len());
    let lower = escaped.to_ascii_lowercase();
    let mut i = 0;
    while i < escaped.len() {
        let rest = &lower[i..];
        if rest.starts_with("://") {
            out.push_str(":<wbr>//");
            i += 3;
        } else if rest.starts_with("www.") {
            out.push_str(&escaped[i..i + 3]);
            out.push_str("<wbr>.");
            i += 4;
        } else if rest.starts_with('@') {
            out.push_str("@<wbr>");
            i += 1;
        } else {
            let c = escaped[i..].chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out
}

/// Escaped text where no element may appear: `<title>`, and SVG, which
/// has no `<wbr>` (nothing there is linkified).
fn plain(text: &str) -> String {
    escape(text).replace("<wbr>", "")
}

fn svg(chart: &Chart) -> String {
    match chart {
        Chart::Bars {
            caption, max, rows, ..
        } => bars_svg(caption, *max, rows),
        Chart::Lines {
            caption,
            max,
            x,
            series,
        } => lines_svg(caption, *max, x, series),
    }
}

/// A figure's caption and the opening of its SVG drawing.
fn figure(caption: &str, width: f32, height: f32) -> String {
    format!(
        "<figure><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"{}\">\n",
        escape(caption),
        plain(caption)
    )
}

/// Horizontal bars with their labels and values written out.
fn bars_svg(caption: &str, max: f32, rows: &[(String, f32)]) -> String {
    const BAR: f32 = 300.0;
    const ROW: f32 = 30.0;
    // Room for the longest label at about 7.5 px a character at 14 px.
    let longest = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let left = (longest as f32 * 7.5 + 16.0).clamp(80.0, 420.0);
    let height = ROW * rows.len() as f32 + 28.0;
    let width = left + BAR + 60.0;
    let mut out = figure(caption, width, height);
    let max = max.max(f32::EPSILON);
    // Grid lines at each whole step of the scale.
    for step in 0..=(max.round() as u32) {
        let x = left + BAR * step as f32 / max;
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#d8dde6\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{step}</text>",
            height - 20.0,
            height - 6.0
        );
    }
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f32;
        let w = BAR * (value / max).clamp(0.0, 1.0);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" text-anchor=\"end\" fill=\"#1d2433\">{}</text>\
             <rect x=\"{left}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"18\" rx=\"3\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#1d2433\">{value:.1}</text>",
            left - 10.0,
            y + 14.0,
            plain(label),
            SERIES_COLOURS[i % SERIES_COLOURS.len()],
            left + w + 8.0,
            y + 14.0,
        );
    }
    out.push_str("</svg></figure>\n");
    out
}

/// Lines across the x labels, with a legend; a single point is a dot.
fn lines_svg(
    caption: &str,
    max: f32,
    x: &[String],
    series: &[(String, Vec<Option<f32>>)],
) -> String {
    const LEFT: f32 = 44.0;
    const TOP: f32 = 16.0;
    const PLOT_W: f32 = 520.0;
    const PLOT_H: f32 = 200.0;
    const LEGEND_W: f32 = 150.0;
    let width = LEFT + PLOT_W + 20.0 + LEGEND_W;
    let height = TOP + PLOT_H + 48.0;
    let max = max.max(f32::EPSILON);
    let px = |i: usize| {
        if x.len() <= 1 {
            LEFT + PLOT_W / 2.0
        } else {
            LEFT + PLOT_W * i as f32 / (x.len() - 1) as f32
        }
    };
    let py = |v: f32| TOP + PLOT_H * (1.0 - (v / max).clamp(0.0, 1.0));
    let mut out = figure(caption, width, height);
    for step in 0..=(max.round() as u32) {
        let y = py(step as f32);
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d8dde6\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">{step}</text>",
            LEFT + PLOT_W,
            LEFT - 8.0,
            y + 4.0
        );
    }
    for (i, label) in x.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">{}</text>",
            px(i),
            TOP + PLOT_H + 18.0,
            plain(label)
        );
    }
    for (n, (name, values)) in series.iter().enumerate() {
        let colour = SERIES_COLOURS[n % SERIES_COLOURS.len()];
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", px(i), py(v))))
            .collect();
        if points.len() > 1 {
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                points.join(" ")
            );
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{}: {v:.1}</title></circle>",
                    px(i),
                    py(*v),
                    plain(name)
                );
            }
        }
        let ly = TOP + 10.0 + 22.0 * n as f32;
        let lx = LEFT + PLOT_W + 20.0;
        let last = values.iter().rev().flatten().next();
        let _ = writeln!(
            out,
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"14\" height=\"4\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1d2433\">{}{}</text>",
            ly - 4.0,
            lx + 20.0,
            ly + 1.0,
            plain(name),
            last.map(|v| format!(" {v:.1}")).unwrap_or_default()
        );
    }
    out.push_str("</svg></figure>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::doc::{Mark, Table, code, strong, text};

    #[test]
    fn escapes_markup_and_splits_autolinks() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(
            escape("see https://evil.example/x or WWW.evil.example, mail a@b.c"),
            "see https:<wbr>//evil.example/x or WWW<wbr>.evil.example, mail a@<wbr>b.c"
        );
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(
            escape("[x](javascript:alert(1))"),
            "[x](javascript:alert(1))"
        );
    }

    #[test]
    fn a_page_has_no_script_no_link_and_no_external_asset() {
        let hostile = "<a href=\"https://evil.example\">x</a><img src=x onerror=alert(1)>";
        let doc = Doc {
            title: hostile.into(),
            blocks: vec![
                Block::Heading(2, hostile.into()),
                Block::Paragraph(vec![text(hostile), strong(hostile), code(hostile)]),
                Block::List(vec![vec![Span::Mark(Mark::Covered), text(hostile)]]),
                Block::Quote(hostile.into()),
                Block::Commands(vec![hostile.into()]),
                Block::Table(Table::new(
                    &[hostile],
                    &[Align::Left],
                    vec![vec![hostile.into()]],
                )),
                Block::Chart(Chart::Bars {
                    caption: hostile.into(),
                    label: hostile.into(),
                    max: 3.0,
                    rows: vec![(hostile.into(), 1.5)],
                }),
                Block::Chart(Chart::Lines {
                    caption: hostile.into(),
                    max: 3.0,
                    x: vec![hostile.into(), "b".into()],
                    series: vec![(hostile.into(), vec![Some(1.0), Some(2.0)])],
                }),
            ],
        };
        let page = render(&doc);
        // The hostile markup only ever appears escaped (the integration
        // tests check every tag of whole reports against the renderer's own).
        for raw in ["<a ", "<img", "<script", "onerror=alert(1)>"] {
            assert!(!page.contains(raw), "{raw} in\n{page}");
        }
        // Where elements may appear, an autolinkable URL is split. (The
        // title and SVG labels are never linkified; they hold only names
        // and dates in reports, and are escaped all the same.)
        let mut body = page.clone();
        for (open, close) in [("<title>", "</title>"), ("<svg", "</svg>")] {
            while let Some(start) = body.find(open) {
                let end = start + body[start..].find(close).unwrap() + close.len();
                body.replace_range(start..end, "");
            }
        }
        assert!(!body.contains("https://"), "{body}");
        assert!(page.contains("&lt;a href=&quot;https:<wbr>//evil.example&quot;&gt;"));
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("default-src 'none'"));
        assert_eq!(page.matches("<svg").count(), 2);
        assert!(page.contains("<polyline"));
    }
}
