//! Markdown documents, read by `pulldown-cmark` (`CommonMark`), into the same
//! blocks as plain text.
//!
//! Headings, lists, tables, code blocks and quotes come from the Markdown
//! structure, and inline markup is read as plain words (`markup`). The lines
//! of each paragraph still go through the plain-text cutter (`blocks::cut`),
//! so what authors write inside paragraphs keeps its meaning: time blocks,
//! labels such as `**Example:**`, `•` bullets, single-space tables. A line
//! or list item that only holds a link or code, a fenced code block, HTML
//! and front matter become `Skipped`, to be reported, not studied.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::blocks::{
    self, Block, Headings, RANK_NUMBERED, RANK_PLAIN, Rows, Skipped, Text, Titled, heading_block,
    is_heading_like,
};
use crate::markup::{self, Feed, Inline, Plain};

/// Whether a document uses Markdown beyond paragraphs and lists: headings,
/// emphasis, code, links, tables or fenced code. Plain text with `-`
/// bullets and numbered lines reads the same either way.
pub fn looks_like_markdown(text: &str) -> bool {
    Parser::new_ext(text, markup::options()).any(|event| {
        matches!(
            event,
            Event::Start(
                Tag::Heading { .. }
                    | Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::Table(_)
                    | Tag::CodeBlock(CodeBlockKind::Fenced(_))
            ) | Event::Code(_)
        )
    })
}

/// Splits a Markdown document into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut reader = Reader::new(text);
    let nodes = reader.nodes(&|_| false);
    let headings = if nodes.iter().any(Node::has_heading) {
        Headings::Marked
    } else {
        Headings::Plain
    };
    let mut out = Vec::new();
    for node in &nodes {
        emit(node, headings, &mut out);
    }
    out
}

/// A line of inline text, read.
#[derive(Debug, Default)]
struct Line {
    plain: Plain,
    line: usize,
}

/// A Markdown block, as far as the importer cares.
#[derive(Debug)]
enum Node {
    Heading {
        level: u8,
        lines: Vec<Line>,
        line: usize,
    },
    Paragraph(Vec<Line>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Node>>,
    },
    /// Rows of cells (the header first), each with its line.
    Table(Vec<(usize, Vec<String>)>),
    Code {
        lines: Vec<Text>,
        fenced: bool,
    },
    Quote(Vec<Node>),
    /// HTML or front matter: not study material.
    Other(Skipped),
}

impl Node {
    fn has_heading(&self) -> bool {
        match self {
            Node::Heading { .. } => true,
            Node::Quote(nodes) => nodes.iter().any(Node::has_heading),
            Node::List { items, .. } => items.iter().flatten().any(Node::has_heading),
            _ => false,
        }
    }
}

/// Events with their source ranges, and a cursor over them.
struct Reader<'t> {
    text: &'t str,
    events: Vec<(Event<'t>, Range<usize>)>,
    at: usize,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Reader<'t> {
        let events = Parser::new_ext(text, markup::options())
            .into_offset_iter()
            .collect();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Reader {
            text,
            events,
            at: 0,
            line_starts,
        }
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn peek(&self) -> Option<&(Event<'t>, Range<usize>)> {
        self.events.get(self.at)
    }

    /// Block nodes up to the event `stop` accepts (consumed) or the end.
    fn nodes(&mut self, stop: &dyn Fn(&Event<'_>) -> bool) -> Vec<Node> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.peek().cloned() {
            if stop(&event) {
                self.at += 1;
                break;
            }
            if is_inline(&event) {
                // Tight list items hold their text without a paragraph.
                let lines = self.inline(range.start, &|e| !is_inline(e), false);
                out.push(Node::Paragraph(lines));
                continue;
            }
            self.at += 1;
            match event {
                Event::Start(Tag::Paragraph) => {
                    let lines = self.inline(
                        range.start,
                        &|e| matches!(e, Event::End(TagEnd::Paragraph)),
                        true,
                    );
                    out.push(Node::Paragraph(lines));
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let lines = self.inline(
                        range.start,
                        &|e| matches!(e, Event::End(TagEnd::Heading(_))),
                        true,
                    );
                    out.push(Node::Heading {
                        level: level as u8,
                        lines,
                        line: self.line_of(range.start),
                    });
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    while let Some((event, _)) = self.peek().cloned() {
                        self.at += 1;
                        match event {
                            Event::Start(Tag::Item) => {
                                items.push(self.nodes(&|e| matches!(e, Event::End(TagEnd::Item))));
                            }
                            Event::End(TagEnd::List(_)) => break,
                            _ => {}
                        }
                    }
                    out.push(Node::List { start, items });
                }
                Event::Start(Tag::Table(_)) => out.push(Node::Table(self.table())),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                    let (lines, _) =
                        self.raw(range, |e| matches!(e, Event::End(TagEnd::CodeBlock)));
                    out.push(Node::Code { lines, fenced });
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    out.push(Node::Quote(
                        self.nodes(&|e| matches!(e, Event::End(TagEnd::BlockQuote(_)))),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    out.push(Node::Quote(
                        self.nodes(&|e| matches!(e, Event::End(TagEnd::FootnoteDefinition))),
                    ));
                }
                Event::Start(Tag::HtmlBlock) => {
                    let (lines, span) =
                        self.raw(range, |e| matches!(e, Event::End(TagEnd::HtmlBlock)));
                    out.push(Node::Other(skipped(&lines, span, "HTML")));
                }
                Event::Start(Tag::MetadataBlock(_)) => {
                    let (lines, span) =
                        self.raw(range, |e| matches!(e, Event::End(TagEnd::MetadataBlock(_))));
                    out.push(Node::Other(skipped(&lines, span, "front matter")));
                }
                Event::Start(tag) => {
                    // Any other container: read what it holds.
                    let end = tag.to_end();
                    out.push(Node::Quote(self.nodes(&move |e| *e == Event::End(end))));
                }
                _ => {}
            }
        }
        out
    }

    /// Inline events up to `stop` as lines of plain text. `consume_stop`:
    /// the stop event belongs to this text (a paragraph's end) and is eaten.
    fn inline(
        &mut self,
        start: usize,
        stop: &dyn Fn(&Event<'_>) -> bool,
        consume_stop: bool,
    ) -> Vec<Line> {
        let mut reader = Inline::default();
        let mut lines = vec![Line {
            line: self.line_of(start),
            ..Line::default()
        }];
        let mut fresh = true;
        while let Some((event, range)) = self.peek().cloned() {
            if stop(&event) {
                if consume_stop {
                    self.at += 1;
                }
                break;
            }
            self.at += 1;
            if fresh && let Some(last) = lines.last_mut() {
                last.line = self.line_of(range.start);
                fresh = false;
            }
            let last = lines.len() - 1;
            if reader.feed(&event, &mut lines[last].plain) == Feed::Break {
                lines.push(Line::default());
                fresh = true;
            }
        }
        for line in &mut lines {
            let text = &line.plain.text;
            let start = text.len() - text.trim_start().len();
            let trimmed = text.trim().to_owned();
            // The emphasised lead is counted in bytes of the text as it was.
            line.plain.lead = line.plain.lead.saturating_sub(start).min(trimmed.len());
            if !trimmed.is_char_boundary(line.plain.lead) {
                line.plain.lead = 0;
            }
            line.plain.text = trimmed;
        }
        lines.retain(|l| !l.plain.text.is_empty());
        lines
    }

    /// The text of a code, HTML or front-matter block, line by line, and
    /// the block's first and last line.
    fn raw(
        &mut self,
        range: Range<usize>,
        stop: impl Fn(&Event<'_>) -> bool,
    ) -> (Vec<Text>, (usize, usize)) {
        let mut text = String::new();
        let mut first_text = None;
        while let Some((event, event_range)) = self.peek().cloned() {
            self.at += 1;
            if stop(&event) {
                break;
            }
            if let Event::Text(t) | Event::Html(t) = &event {
                first_text.get_or_insert(event_range.start);
                text.push_str(t);
            }
        }
        let first = self.line_of(first_text.unwrap_or(range.start));
        let lines: Vec<Text> = text
            .lines()
            .enumerate()
            .map(|(i, l)| Text {
                text: l.trim_end().to_owned(),
                line: first + i,
            })
            .collect();
        let end = range
            .end
            .min(self.text.len())
            .saturating_sub(1)
            .max(range.start);
        (lines, (self.line_of(range.start), self.line_of(end)))
    }

    /// The rows of a table (header first), each cell read as plain text.
    fn table(&mut self) -> Vec<(usize, Vec<String>)> {
        let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
        while let Some((event, range)) = self.peek().cloned() {
            self.at += 1;
            match event {
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    rows.push((self.line_of(range.start), Vec::new()));
                }
                Event::Start(Tag::TableCell) => {
                    let lines = self.inline(
                        range.start,
                        &|e| matches!(e, Event::End(TagEnd::TableCell)),
                        true,
                    );
                    let cell = lines
                        .iter()
                        .map(|l| l.plain.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some((_, cells)) = rows.last_mut() {
                        cells.push(cell);
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        rows
    }
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

fn skipped(lines: &[Text], (first, last): (usize, usize), what: &'static str) -> Skipped {
    Skipped {
        first,
        last,
        text: lines
            .iter()
            .map(|l| l.text.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        what,
    }
}

const ONLY_POINTS: &str = "only a link or code";

fn emit(node: &Node, headings: Headings, out: &mut Vec<Block>) {
    match node {
        Node::Heading { level, lines, line } => {
            let text = joined(lines);
            if text.is_empty() {
                return;
            }
            let (number, title) = match blocks::numbered(&text) {
                Some((n, title)) => (Some(n), title.to_owned()),
                None => (None, text.clone()),
            };
            out.push(heading_block(&title, *line, *level, number));
        }
        Node::Paragraph(lines) => paragraph(lines, headings, out),
        Node::List { start, items } => list(*start, items, headings, out),
        Node::Table(rows) => table(rows, out),
        Node::Code { lines, fenced } => {
            let outline = lines.iter().any(|l| blocks::is_tree_line(l.text.trim()));
            if *fenced && !outline {
                let first = lines.first().map_or(0, |l| l.line);
                let last = lines.last().map_or(first, |l| l.line);
                if first > 0 {
                    out.push(Block::Skipped(skipped(
                        lines,
                        (first, last),
                        "a code block",
                    )));
                }
            } else {
                // Indented "code" in a knowledge page is indented prose.
                out.extend(blocks::cut(lines, headings));
            }
        }
        Node::Quote(nodes) => {
            for node in nodes {
                emit(node, headings, out);
            }
        }
        Node::Other(skipped) => out.push(Block::Skipped(skipped.clone())),
    }
}

fn joined(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.plain.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A paragraph's lines through the plain-text cutter; a line that only
/// points elsewhere is skipped, and a short line all in bold is a heading.
fn paragraph(lines: &[Line], headings: Headings, out: &mut Vec<Block>) {
    if let [only] = lines
        && only.plain.all_emphasised()
        && is_heading_like(only.plain.text.trim_end_matches(':'))
    {
        out.push(heading_block(&only.plain.text, only.line, RANK_PLAIN, None));
        return;
    }
    let mut run: Vec<Text> = Vec::new();
    for line in lines {
        if line.plain.only_points() {
            out.extend(blocks::cut(&std::mem::take(&mut run), headings));
            out.push(Block::Skipped(Skipped {
                first: line.line,
                last: line.line,
                text: line.plain.text.clone(),
                what: ONLY_POINTS,
            }));
        } else {
            run.push(Text {
                text: line.plain.text.clone(),
                line: line.line,
            });
        }
    }
    out.extend(blocks::cut(&run, headings));
}

/// The single line of an item that is one short paragraph.
fn single_line(item: &[Node]) -> Option<&Line> {
    match item.first() {
        Some(Node::Paragraph(lines)) if lines.len() == 1 => lines.first(),
        _ => None,
    }
}

fn title_like(line: &Line) -> bool {
    let text = &line.plain.text;
    is_heading_like(text) && !text.ends_with('?')
}

/// A list: numbered items that title what follows them are headings (task
/// patterns, `1. Title` then its text), anything else is bullets.
fn list(start: Option<u64>, items: &[Vec<Node>], headings: Headings, out: &mut Vec<Block>) {
    let number = |i: usize| {
        start.map(|s| {
            u32::try_from(s)
                .unwrap_or(u32::MAX)
                .saturating_add(u32::try_from(i).unwrap_or(0))
        })
    };
    if start.is_some()
        && let [item] = items
        && item.len() == 1
        && let Some(line) = single_line(item)
        && title_like(line)
    {
        out.push(heading_block(
            &line.plain.text,
            line.line,
            RANK_NUMBERED,
            number(0),
        ));
        return;
    }
    if items.len() >= 2
        && let Some(titled) = items.iter().map(|item| titled_item(item)).collect()
    {
        out.push(Block::Titled(titled));
        return;
    }
    let mut bullets: Vec<Text> = Vec::new();
    let mut after: Vec<&Node> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if start.is_some()
            && item.len() >= 2
            && let Some(line) = single_line(item)
            && title_like(line)
        {
            flush_bullets(&mut bullets, out);
            out.push(heading_block(
                &line.plain.text,
                line.line,
                RANK_NUMBERED,
                number(i),
            ));
            for node in &item[1..] {
                emit(node, headings, out);
            }
            continue;
        }
        item_texts(item, &mut bullets, &mut after, out);
    }
    flush_bullets(&mut bullets, out);
    for node in after {
        emit(node, headings, out);
    }
}

/// An item made of paragraphs whose first starts with an emphasised title.
fn titled_item(item: &[Node]) -> Option<Titled> {
    let mut paragraphs = item.iter().map(|node| match node {
        Node::Paragraph(lines) => Some(lines),
        _ => None,
    });
    let first = paragraphs.next()??;
    let head = first.first()?;
    let (title, body) = head.plain.titled()?;
    if !is_heading_like(title) {
        return None;
    }
    let mut text = body.to_owned();
    for line in first.iter().skip(1) {
        text.push(' ');
        text.push_str(&line.plain.text);
    }
    for lines in paragraphs {
        text.push(' ');
        text.push_str(&joined(lines?));
    }
    Some(Titled {
        title: title.to_owned(),
        body: text,
        line: head.line,
    })
}

fn flush_bullets(bullets: &mut Vec<Text>, out: &mut Vec<Block>) {
    if !bullets.is_empty() {
        out.push(Block::Bullets(std::mem::take(bullets)));
    }
}

/// An item's text as bullets: its paragraphs joined, nested items after it
/// (or folded into it when it leads into them with a colon). Tables and
/// code inside an item go to `after`.
fn item_texts<'n>(
    item: &'n [Node],
    bullets: &mut Vec<Text>,
    after: &mut Vec<&'n Node>,
    out: &mut Vec<Block>,
) {
    let mut own: Option<Text> = None;
    let mut nested: Vec<Text> = Vec::new();
    for node in item {
        match node {
            Node::Paragraph(lines) => {
                for line in lines {
                    if line.plain.only_points() {
                        out.push(Block::Skipped(Skipped {
                            first: line.line,
                            last: line.line,
                            text: line.plain.text.clone(),
                            what: ONLY_POINTS,
                        }));
                        continue;
                    }
                    match &mut own {
                        Some(text) => {
                            text.text.push(' ');
                            text.text.push_str(&line.plain.text);
                        }
                        None => {
                            own = Some(Text {
                                text: line.plain.text.clone(),
                                line: line.line,
                            });
                        }
                    }
                }
            }
            Node::List { items, .. } => {
                for child in items {
                    item_texts(child, &mut nested, after, out);
                }
            }
            other => after.push(other),
        }
    }
    match own {
        Some(mut text) if text.text.ends_with(':') && !nested.is_empty() => {
            let items: Vec<&str> = nested
                .iter()
                .map(|t| t.text.trim_end_matches([';', ',', '.']))
                .collect();
            text.text.push(' ');
            text.text.push_str(&items.join("; "));
            bullets.push(text);
        }
        Some(text) => {
            bullets.push(text);
            bullets.extend(nested);
        }
        None => bullets.extend(nested),
    }
}

fn table(rows: &[(usize, Vec<String>)], out: &mut Vec<Block>) {
    let Some(((header_line, header), body)) = rows.split_first() else {
        return;
    };
    if body.is_empty() {
        out.push(Block::Skipped(Skipped {
            first: *header_line,
            last: *header_line,
            text: header.join(" | "),
            what: "a table with no rows",
        }));
        return;
    }
    if header.len() < 2 {
        // One column: a titled list.
        let title = header.first().cloned().unwrap_or_default();
        if !title.is_empty() {
            out.push(Block::Paragraph(blocks::Paragraph::new(&[Text {
                text: format!("{}:", title.trim_end_matches(':')),
                line: *header_line,
            }])));
        }
        let items: Vec<Text> = body
            .iter()
            .filter_map(|(line, cells)| {
                let text = cells.join(" ");
                (!text.trim().is_empty()).then_some(Text { text, line: *line })
            })
            .collect();
        if !items.is_empty() {
            out.push(Block::Bullets(items));
        }
        return;
    }
    let width = header.len();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(_, cells)| {
            let mut row = cells.clone();
            row.resize(width, String::new());
            row
        })
        .collect();
    out.push(Block::Rows(Rows {
        lines: rows
            .iter()
            .map(|(line, cells)| Text {
                text: cells.join(" | "),
                line: *line,
            })
            .collect(),
        cells: Some(cells),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        blocks(text)
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!("H{}:{}@{}", h.rank, h.text, h.line),
                Block::Time(t) => format!("T:{} {}@{}", t.time, t.title, t.line),
                Block::Label(l) => {
                    format!("L:{:?}:{}", l.label, l.rest.clone().unwrap_or_default())
                }
                Block::Paragraph(p) => format!("P:{}@{}", p.text, p.line),
                Block::Bullets(items) => format!(
                    "B:{}",
                    items
                        .iter()
                        .map(|i| format!("{}@{}", i.text, i.line))
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                Block::Rows(r) => format!(
                    "R:{}:{:?}",
                    r.lines.len(),
                    r.cells.as_ref().map(|c| c[0].clone())
                ),
                Block::Tree(t) => format!("Tree:{}", t.entries.len()),
                Block::Skipped(s) => format!("S:{}-{}:{}:{}", s.first, s.last, s.what, s.text),
                Block::Titled(items) => format!(
                    "Titled:{}",
                    items
                        .iter()
                        .map(|i| format!("{}={}@{}", i.title, i.body, i.line))
                        .collect::<Vec<_>>()
                        .join("|")
                ),
            })
            .collect()
    }

    #[test]
    fn reads_structure_and_strips_inline_markup() {
        let doc = "# GRC Lead\n\n## 08:30 — Evidence *review*\n\n### What happens\n\n- Review **missing** evidence\n- Chase [owners](https://x.example)\n\n**Example:** a vendor has no DPA.\n\n*Insight:* procurement skipped review.\n\n1. Map controls\n\nYou keep one set.\n\n2. Run the audit calendar\n\n[sheet](https://x.example) `controls.xlsx`\n\n| Framework | Owner |\n|---|---|\n| SOC 2 | GRC |\n";
        assert_eq!(
            kinds(doc),
            [
                "H1:GRC Lead@1",
                "T:08:30 Evidence review@3",
                "L:WhatHappens:",
                "B:Review missing evidence@7|Chase owners@8",
                "L:Example:a vendor has no DPA.",
                "L:Insight:procurement skipped review.",
                "H5:Map controls@14",
                "P:You keep one set.@16",
                "H5:Run the audit calendar@18",
                "S:20-20:only a link or code:sheet controls.xlsx",
                "R:2:Some([\"Framework\", \"Owner\"])",
            ]
        );
    }

    #[test]
    fn numbered_items_with_bodies_are_headings() {
        let doc = "## Patterns\n\n1. **Triage findings**\n\n   Most of the day.\n\n   - is it real;\n   - who owns it.\n\n2. **Coach engineers**\n\n   Review how they write.\n";
        assert_eq!(
            kinds(doc),
            [
                "H2:Patterns@1",
                "H5:Triage findings@3",
                "P:Most of the day.@5",
                "B:is it real;@7|who owns it.@8",
                "H5:Coach engineers@10",
                "P:Review how they write.@12",
            ]
        );
        // Questions and several short items stay a list.
        assert_eq!(
            kinds("1. Is it real?\n\n# T\n\n1. One\n2. Two\n"),
            ["B:Is it real?@1", "H1:T@3", "B:One@5|Two@6"]
        );
    }

    #[test]
    fn lists_of_titled_items() {
        let doc = "# Engineer\n\n1. **Threat modeling**: map the\n   trust boundaries.\n2. **Code review.** Read risky PRs.\n\n- **Noise** — too much\n- plain item\n";
        assert_eq!(
            kinds(doc),
            [
                "H1:Engineer@1",
                "Titled:Threat modeling=map the trust boundaries.@3|Code review=Read risky PRs.@5",
                "B:Noise — too much@7|plain item@8",
            ]
        );
    }

    /// Regression: the offset of a bold title was kept across trimming the
    /// line, and could fall inside a character.
    #[test]
    fn titles_after_a_break_keep_their_offsets() {
        assert_eq!(
            kinds("1. <br> **Été**: y\n2. <br>  **Ça**: z\n"),
            ["Titled:Été=y@1|Ça=z@2"]
        );
    }

    #[test]
    fn paragraphs_keep_plain_text_conventions() {
        // Without Markdown headings, a short line alone is a heading.
        let doc = "Old PM\n\n  • Define features\n  • Manage backlog\n\n6:45 AM — Brief\n\nRole Focus Output\nAppSec review findings\nDevOps pipelines controls\n";
        assert_eq!(
            kinds(doc),
            [
                "H7:Old PM@1",
                "B:Define features@3|Manage backlog@4",
                "T:06:45 Brief@6",
                "R:3:None",
            ]
        );
        // With them, it is text.
        assert_eq!(kinds("# Deck\n\nOld PM\n"), ["H1:Deck@1", "P:Old PM@3"]);
        assert_eq!(
            kinds("# Deck\n\n**Old PM**\n"),
            ["H1:Deck@1", "H7:Old PM@3"]
        );
    }

    #[test]
    fn skips_what_is_not_study_material() {
        let doc = "---\ntitle: x\n---\n\n# Deck\n\n```sh\nkubectl get pods\n```\n\n<!-- note -->\n\n- [OWASP](https://owasp.org)\n- Use [Semgrep](https://semgrep.dev) in CI:\n  - on every PR\n  - nightly\n";
        assert_eq!(
            kinds(doc),
            [
                "S:1-3:front matter:title: x",
                "H1:Deck@5",
                "S:8-8:a code block:kubectl get pods",
                "S:11-11:HTML:<!-- note -->",
                "S:13-13:only a link or code:OWASP",
                "B:Use Semgrep in CI: on every PR; nightly@14",
            ]
        );
    }

    #[test]
    fn sniffs_markdown() {
        assert!(looks_like_markdown("# Title\n\ntext"));
        assert!(looks_like_markdown("Plain title\n\n*Insight:* x"));
        assert!(looks_like_markdown("a | b\n---|---\n1 | 2\n"));
        assert!(!looks_like_markdown(
            "Title\n\n- one\n- two\n\n1. Task\n\n|-- 6:45 AM: x\n`-- y\n"
        ));
    }
}
