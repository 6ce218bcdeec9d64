//! Cutting a document into blocks: headings, time blocks, section labels,
//! paragraphs, bullet lists, table rows and outline trees, each with the
//! line it starts on.
//!
//! Knows how lines look (`6:45 AM — Title`, `## Heading`, `• bullet`,
//! `What happens`), not what they mean in context: whether a heading is a
//! role, a numbered line a task, or a block of rows a table is decided by
//! `build` and `table`.

use super::prose::ends_with_punctuation;

/// Heading rank of a numbered line (`2. Reality check`): below Markdown
/// `##`, above a plain-text heading.
pub const RANK_NUMBERED: u8 = 5;
/// Heading rank of a plain-text heading (a short standalone line).
pub const RANK_PLAIN: u8 = 7;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Time(TimeBlock),
    Label(LabelLine),
    Paragraph(Paragraph),
    Bullets(Vec<Text>),
    Rows(Rows),
    Tree(Tree),
    /// Lines that are not imported, and why (a bare link, a code block).
    Skipped(Skipped),
    /// A list whose every item starts with an emphasised title (`1.
    /// **Triage**: decide what is real`): task patterns under a role,
    /// bullets elsewhere.
    Titled(Vec<Titled>),
}

/// An item of a titled list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titled {
    pub title: String,
    pub body: String,
    pub line: usize,
}

/// Lines joined into one paragraph, remembering where each line started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub line: usize,
    /// (byte offset in `text`, line number) of each joined line.
    pub starts: Vec<(usize, usize)>,
}

impl Paragraph {
    pub fn new(lines: &[Text]) -> Paragraph {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len());
        for line in lines {
            if !text.is_empty() {
                text.push(' ');
            }
            starts.push((text.len(), line.line));
            text.push_str(&line.text);
        }
        Paragraph {
            text,
            line: lines.first().map_or(0, |l| l.line),
            starts,
        }
    }

    /// The line a piece of the text (found by its first occurrence) is on.
    pub fn line_of(&self, piece: &str) -> usize {
        let at = self.text.find(piece).unwrap_or(0);
        self.starts
            .iter()
            .take_while(|(offset, _)| *offset <= at)
            .last()
            .map_or(self.line, |(_, line)| *line)
    }
}

/// Lines left out of the deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub first: usize,
    pub last: usize,
    pub text: String,
    /// What the lines are, for the warning (`only a link or code`).
    pub what: &'static str,
}

/// How a short line standing alone is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Headings {
    /// Plain text has no heading syntax: a short standalone line is a heading.
    Plain,
    /// The document marks its headings (Markdown `#`): such a line is text.
    Marked,
}

/// A piece of text and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    pub line: usize,
    /// 1–6 for Markdown `#`s, [`RANK_NUMBERED`], or [`RANK_PLAIN`].
    pub rank: u8,
    /// The number of a numbered heading (`2. Reality check` → 2).
    pub number: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBlock {
    /// `HH:MM`, 24-hour.
    pub time: String,
    pub minutes: u32,
    pub title: String,
    pub line: usize,
}

/// The sections a time block or task pattern is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    WhatHappens,
    Example,
    Questions,
    Why,
    /// `Insight:`, `Real problem:`, `Lesson:`: what an example teaches.
    Insight,
    /// "What outsiders often miss about the role": a role's blind spot.
    Outsiders,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelLine {
    pub label: Label,
    pub text: String,
    pub line: usize,
    /// Text after the label on the same line (`What happens: You …`).
    pub rest: Option<String>,
}

/// Consecutive lines that may be the rows of a table; `cells` when the
/// document separates the cells (`|`, tabs, two spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    pub lines: Vec<Text>,
    pub cells: Option<Vec<Vec<String>>>,
}

/// An outline drawn with `|--` or `├──`, usually a table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    pub entries: Vec<String>,
    pub first: usize,
    pub last: usize,
}

/// Splits a normalised plain-text document (LF line ends) into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<Text> = text
        .lines()
        .enumerate()
        .map(|(i, line)| Text {
            text: clean_line(line),
            line: i + 1,
        })
        .collect();
    cut(&lines, Headings::Plain)
}

/// Splits numbered lines (a blank line as empty text) into blocks.
pub fn cut(lines: &[Text], headings: Headings) -> Vec<Block> {
    let mut out = Vec::new();
    let mut group: Vec<Text> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = &lines[i].text;
        let line = raw.trim();
        let no = lines[i].line;
        if line.is_empty() {
            flush(&mut group, &mut out, false, headings);
            i += 1;
            continue;
        }
        if is_tree_line(line) {
            flush(&mut group, &mut out, false, headings);
            let first = no;
            let mut entries = Vec::new();
            while i < lines.len() && is_tree_line(lines[i].text.trim()) {
                let entry = lines[i]
                    .text
                    .trim()
                    .trim_start_matches(['|', '`', '├', '└', '│', '─', '-', '+', ' '])
                    .trim();
                if !entry.is_empty() {
                    entries.push(entry.to_owned());
                }
                i += 1;
            }
            out.push(Block::Tree(Tree {
                entries,
                first,
                last: lines[i - 1].line,
            }));
            continue;
        }
        // Setext headings: a line underlined with === or ---.
        if group.is_empty()
            && let Some(next) = lines.get(i + 1).map(|l| l.text.trim())
            && next.len() >= 3
            && (next.chars().all(|c| c == '=') || next.chars().all(|c| c == '-'))
        {
            let rank = if next.starts_with('=') { 1 } else { 2 };
            out.push(heading_block(line, no, rank, None));
            i += 2;
            continue;
        }
        if is_rule(line) {
            flush(&mut group, &mut out, false, headings);
            i += 1;
            continue;
        }
        if let Some((rank, rest)) = markdown_heading(line) {
            flush(&mut group, &mut out, false, headings);
            let (number, rest) = match numbered(rest) {
                Some((n, title)) => (Some(n), title),
                None => (None, rest),
            };
            out.push(heading_block(rest, no, rank, number));
            i += 1;
            continue;
        }
        if let Some(time) = time_block(line, no) {
            flush(&mut group, &mut out, false, headings);
            out.push(Block::Time(time));
            i += 1;
            continue;
        }
        if let Some(mut label) = label_line(line, no) {
            flush(&mut group, &mut out, false, headings);
            i += 1;
            // `Example: text` wrapped onto the next lines goes on there.
            if let Some(rest) = &mut label.rest {
                while let Some(next) = lines.get(i).map(|l| l.text.trim())
                    && continues(next)
                {
                    rest.push(' ');
                    rest.push_str(next);
                    i += 1;
                }
            }
            out.push(Block::Label(label));
            continue;
        }
        let standalone_before = i == 0 || lines[i - 1].text.trim().is_empty();
        let standalone_after = lines.get(i + 1).is_none_or(|l| l.text.trim().is_empty());
        if let Some((n, title)) = numbered(line)
            && standalone_before
            && standalone_after
            && is_heading_like(title)
            && !title.ends_with('?')
        {
            flush(&mut group, &mut out, false, headings);
            out.push(Block::Heading(Heading {
                text: title.to_owned(),
                line: no,
                rank: RANK_NUMBERED,
                number: Some(n),
            }));
            i += 1;
            continue;
        }
        if let Some(item) = bullet(line) {
            // A short standalone line right before a list is its heading
            // (`Old PM` over its bullets) unless it leads into the list.
            flush(&mut group, &mut out, true, headings);
            let mut items = vec![Text {
                text: item.to_owned(),
                line: no,
            }];
            let indent = indent_of(raw);
            i += 1;
            while i < lines.len() {
                let next = lines[i].text.trim();
                if next.is_empty() {
                    // A loose list: bullets separated by blank lines.
                    let resumes = lines[i..]
                        .iter()
                        .find(|l| !l.text.trim().is_empty())
                        .is_some_and(|l| {
                            bullet(l.text.trim()).is_some() && numbered(l.text.trim()).is_none()
                        });
                    if resumes && numbered(line).is_none() {
                        i += 1;
                        continue;
                    }
                    break;
                }
                if let Some(item) = bullet(next) {
                    items.push(Text {
                        text: item.to_owned(),
                        line: lines[i].line,
                    });
                } else if indent_of(&lines[i].text) > indent && !items.is_empty() {
                    // A wrapped bullet continues on an indented line.
                    let last = items.len() - 1;
                    items[last].text.push(' ');
                    items[last].text.push_str(next);
                } else {
                    break;
                }
                i += 1;
            }
            out.push(Block::Bullets(items));
            continue;
        }
        group.push(Text {
            text: line.to_owned(),
            line: no,
        });
        i += 1;
    }
    flush(&mut group, &mut out, false, headings);
    out
}

/// Turns the pending lines into a heading, a paragraph or candidate rows.
/// `before_list`: a list follows directly, so one short line is its title.
fn flush(group: &mut Vec<Text>, out: &mut Vec<Block>, before_list: bool, headings: Headings) {
    if group.is_empty() {
        return;
    }
    let lines = std::mem::take(group);
    if lines.len() == 1 {
        let only = &lines[0];
        if headings == Headings::Plain
            && is_heading_like(&only.text)
            && (!before_list || !only.text.ends_with(':'))
        {
            out.push(heading_block(&only.text, only.line, RANK_PLAIN, None));
        } else {
            out.push(Block::Paragraph(Paragraph::new(&lines)));
        }
        return;
    }
    if let Some(cells) = separated_cells(&lines) {
        out.push(Block::Rows(Rows {
            lines,
            cells: Some(cells),
        }));
        return;
    }
    // A header that names profile columns makes a table of one row too.
    let rows_needed = if super::table::names_profile_columns(&lines[0].text) {
        2
    } else {
        3
    };
    let row_like = lines.len() >= rows_needed
        && lines.iter().all(|l| {
            !ends_with_punctuation(&l.text)
                && l.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    if row_like {
        out.push(Block::Rows(Rows { lines, cells: None }));
        return;
    }
    out.push(Block::Paragraph(Paragraph::new(&lines)));
}

/// Whether a line carries on the text above it rather than starting
/// something of its own (a label, a time block, a bullet, a heading).
fn continues(line: &str) -> bool {
    !line.is_empty()
        && label_line(line, 0).is_none()
        && time_block(line, 0).is_none()
        && bullet(line).is_none()
        && markdown_heading(line).is_none()
        && !is_tree_line(line)
        && !is_rule(line)
}

pub fn heading_block(text: &str, line: usize, rank: u8, number: Option<u32>) -> Block {
    let text = text.trim().trim_end_matches(':').trim();
    if let Some(time) = time_block(text, line) {
        return Block::Time(time);
    }
    if let Some(label) = label_line(text, line) {
        return Block::Label(label);
    }
    Block::Heading(Heading {
        text: text.to_owned(),
        line,
        rank,
        number,
    })
}

/// Trailing space gone, no-break spaces made plain, zero-width characters
/// and Markdown bold markers removed.
fn clean_line(line: &str) -> String {
    line.trim_end()
        .replace(['\u{a0}', '\u{2007}', '\u{202f}'], " ")
        .replace(['\u{200b}', '\u{feff}', '\u{2060}'], "")
        .replace("**", "")
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && (line.chars().all(|c| c == '-' || c == ' ')
            || line.chars().all(|c| c == '*' || c == ' ')
            || line.chars().all(|c| c == '_' || c == ' ')
            || line.chars().all(|c| c == '='))
}

pub fn is_tree_line(line: &str) -> bool {
    // `| a | b |` and `|---|---|` are Markdown table rows, not a tree.
    if line.len() > 1 && line.starts_with('|') && line.ends_with('|') {
        return false;
    }
    line == "|"
        || line.starts_with("|-")
        || line.starts_with("`-")
        || line.starts_with("+-")
        || line.starts_with(['├', '└', '│'])
}

/// `## Title` → (2, "Title").
fn markdown_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim().trim_end_matches('#').trim();
    (!rest.is_empty()).then(|| (u8::try_from(hashes).unwrap_or(6), rest))
}

/// `3. Title` or `3) Title` → (3, "Title").
pub fn numbered(line: &str) -> Option<(u32, &str)> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let title = rest.trim();
    let n = line[..digits].parse().ok()?;
    (!title.is_empty()).then_some((n, title))
}

/// The text of a bullet line (`•`, `-`, `*`, `–`, `◦`, `▪`, `+` or
/// numbered), with a Markdown checkbox removed.
fn bullet(line: &str) -> Option<&str> {
    if let Some((_, text)) = numbered(line) {
        return Some(text);
    }
    let mut chars = line.chars();
    let marker = chars.next()?;
    if !is_bullet_mark(marker) {
        return None;
    }
    let rest = chars.as_str();
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let text = rest.trim();
    let text = text
        .strip_prefix("[ ]")
        .or_else(|| text.strip_prefix("[x]"))
        .or_else(|| text.strip_prefix("[X]"))
        .map_or(text, str::trim);
    (!text.is_empty()).then_some(text)
}

fn is_bullet_mark(c: char) -> bool {
    matches!(
        c,
        '•' | '-' | '*' | '–' | '◦' | '▪' | '‣' | '·' | '+' | '●' | '○'
    )
}

fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '«' | '»')
}

/// A line short and bare enough to be a heading in plain text: a few
/// words, no closing punctuation, no `label: value`.
pub fn is_heading_like(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=12).contains(&words)
        && text.chars().count() <= 90
        && !ends_with_punctuation(text)
        && !text.contains(": ")
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '“' || c == '"')
}

/// The cells of rows that separate them with `|`, tabs or two spaces, when
/// every row has the same number (two or more).
fn separated_cells(lines: &[Text]) -> Option<Vec<Vec<String>>> {
    let pipes = lines
        .iter()
        .all(|l| l.text.starts_with('|') || l.text.matches('|').count() >= 2);
    let split: Vec<Vec<String>> = if pipes {
        lines
            .iter()
            .filter(|l| !is_separator_row(&l.text))
            .map(|l| {
                l.text
                    .trim()
                    .trim_matches('|')
                    .split('|')
                    .map(|c| c.trim().to_owned())
                    .collect()
            })
            .collect()
    } else if lines.iter().all(|l| l.text.contains('\t')) {
        lines
            .iter()
            .map(|l| {
                l.text
                    .split('\t')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .collect()
    } else if lines.iter().all(|l| l.text.contains("  ")) {
        lines
            .iter()
            .map(|l| {
                l.text
                    .split("  ")
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect()
            })
            .collect()
    } else {
        return None;
    };
    let width = split.first()?.len();
    (width >= 2 && split.len() >= 2 && split.iter().all(|r| r.len() == width)).then_some(split)
}

/// `|---|:---:|`: the line under a Markdown table's header.
fn is_separator_row(line: &str) -> bool {
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Recognises `6:45 AM — Title`, `08:30 - Title`, `10:00 AM: Title`,
/// `13:00 Title` and `9:00–10:00 AM — Title` (the start time is kept).
pub fn time_block(line: &str, no: usize) -> Option<TimeBlock> {
    // A pictograph may lead (`🌅 08:30 — Brief`); a bullet mark may not:
    // a bulleted schedule is a list.
    let line = line
        .trim_start_matches(|c: char| {
            !c.is_ascii() && !c.is_alphanumeric() && !is_bullet_mark(c) && !is_quote(c)
        })
        .trim_start();
    let (minutes, rest) = clock(line)?;
    let spaced = rest.starts_with(char::is_whitespace);
    let mut rest = rest.trim_start();
    // A range: skip the end time.
    for dash in ['–', '—', '-'] {
        if let Some(after) = rest.strip_prefix(dash)
            && let Some((_, after_end)) = clock(after.trim_start())
        {
            rest = after_end.trim_start();
            break;
        }
    }
    let separated = ['—', '–', '-', ':', '|', '·']
        .iter()
        .find_map(|sep| rest.strip_prefix(*sep));
    let title = match separated {
        Some(title) => title,
        // `13:00 Handover` needs a space and a title-like rest, so that a
        // sentence starting with a time stays a sentence.
        None if spaced && !ends_with_punctuation(rest) => rest,
        None => return None,
    };
    let title = title.trim().trim_matches('*').trim();
    if title.is_empty() || title.chars().count() > 150 {
        return None;
    }
    Some(TimeBlock {
        time: format!("{:02}:{:02}", minutes / 60, minutes % 60),
        minutes,
        title: title.to_owned(),
        line: no,
    })
}

/// A clock time at the start of `text`: minutes after midnight and the rest.
fn clock(text: &str) -> Option<(u32, &str)> {
    let hour_digits = text.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&hour_digits) {
        return None;
    }
    let hour: u32 = text[..hour_digits].parse().ok()?;
    let after_hour = &text[hour_digits..];
    let sep = after_hour.chars().next()?;
    if sep != ':' && sep != '.' {
        return None;
    }
    let after_sep = &after_hour[1..];
    if after_sep.len() < 2 || !after_sep.as_bytes()[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    if after_sep.as_bytes().get(2).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let minute: u32 = after_sep[..2].parse().ok()?;
    let mut rest = &after_sep[2..];
    let trimmed = rest.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    let mut meridiem = None;
    for (mark, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if lower.starts_with(mark)
            && !lower[mark.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            meridiem = Some(pm);
            rest = &trimmed[mark.len()..];
            break;
        }
    }
    // `6.45` is a time only with AM/PM; otherwise it may be a version.
    if sep == '.' && meridiem.is_none() {
        return None;
    }
    if minute > 59 {
        return None;
    }
    let hour = match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            (hour % 12) + if pm { 12 } else { 0 }
        }
        None if hour <= 23 => hour,
        None => return None,
    };
    Some((hour * 60 + minute, rest))
}

/// A section label line, alone or with its text after a colon.
fn label_line(line: &str, no: usize) -> Option<LabelLine> {
    let bare = line.trim().trim_start_matches('#').trim();
    let by_colon = match bare.split_once(':') {
        Some((head, rest)) if !rest.trim().is_empty() => (head, Some(rest.trim())),
        _ => (bare.trim_end_matches(':'), None),
    };
    // `Example - text` and `Lesson — text` too.
    let by_dash = [" — ", " – ", " - "]
        .iter()
        .find_map(|sep| bare.split_once(sep))
        .map(|(head, rest)| (head, Some(rest.trim())));
    [Some(by_colon), by_dash]
        .into_iter()
        .flatten()
        .find_map(|(head, rest)| {
            if head.split_whitespace().count() > 9 {
                return None;
            }
            Some(LabelLine {
                label: label_of(head)?,
                text: head.trim().to_owned(),
                line: no,
                rest: rest.filter(|r| !r.is_empty()).map(str::to_owned),
            })
        })
}

/// Whether a text is the name of a section label (`Example`, `What happens`).
pub fn label_name(text: &str) -> bool {
    label_of(text).is_some()
}

fn label_of(text: &str) -> Option<Label> {
    let t = crate::text::fold_for_compare(text);
    let starts = |p: &str| t == p || t.starts_with(&format!("{p} "));
    if matches!(
        t.as_str(),
        "what happens"
            | "what happens here"
            | "what actually happens"
            | "what you do"
            | "what i do"
            | "what we do"
            | "what it involves"
            | "what this involves"
            | "what it looks like"
    ) {
        return Some(Label::WhatHappens);
    }
    let numbered_example = t
        .strip_prefix("example ")
        .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    if numbered_example
        || matches!(
            t.as_str(),
            "example"
                | "examples"
                | "for example"
                | "for instance"
                | "an example"
                | "a real example"
                | "real example"
                | "real world example"
                | "example situation"
                | "example scenario"
                | "case study"
                | "scenario"
                | "scenarios"
        )
    {
        return Some(Label::Example);
    }
    if matches!(
        t.as_str(),
        "insight"
            | "insights"
            | "the insight"
            | "key insight"
            | "lesson"
            | "lessons"
            | "the lesson"
            | "lesson learned"
            | "lessons learned"
            | "takeaway"
            | "takeaways"
            | "the takeaway"
            | "key takeaway"
            | "problem"
            | "the problem"
            | "real problem"
            | "the real problem"
            | "real issue"
            | "the real issue"
            | "root cause"
            | "what i learned"
            | "what we learned"
    ) {
        return Some(Label::Insight);
    }
    if starts("what questions")
        || starts("questions to")
        || starts("questions i")
        || starts("questions we")
        || starts("questions worth")
        || matches!(
            t.as_str(),
            "questions"
                | "the questions"
                | "key questions"
                | "ask yourself"
                | "what to ask"
                | "what to ask yourself"
                | "what i ask"
                | "what i ask myself"
        )
    {
        return Some(Label::Questions);
    }
    if matches!(
        t.as_str(),
        "why" | "why it matters" | "why this matters" | "why it is important"
    ) {
        return Some(Label::Why);
    }
    if starts("what outsiders") || starts("what people outside") || starts("what others often miss")
    {
        return Some(Label::Outsiders);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(line: &str) -> Option<(String, String)> {
        time_block(line, 1).map(|t| (t.time, t.title))
    }

    #[test]
    fn recognises_time_blocks() {
        let check = |line: &str, expected: Option<(&str, &str)>| {
            assert_eq!(
                time(line),
                expected.map(|(a, b)| (a.to_owned(), b.to_owned())),
                "{line}"
            );
        };
        check(
            "6:45 AM — AI-generated brief",
            Some(("06:45", "AI-generated brief")),
        );
        check(
            "08:30 - Problem framing",
            Some(("08:30", "Problem framing")),
        );
        check("10:00 AM: Design sync", Some(("10:00", "Design sync")));
        check(
            "1:00 PM — Strategy block (deep work)",
            Some(("13:00", "Strategy block (deep work)")),
        );
        check("12:15 am — Pager", Some(("00:15", "Pager")));
        check("12:30 p.m. | Lunch", Some(("12:30", "Lunch")));
        check("14:00 Handover", Some(("14:00", "Handover")));
        check("9:00–10:00 AM — Standup", Some(("09:00", "Standup")));
        check("6.45am — Coffee", Some(("06:45", "Coffee")));
        check("1.2 release notes", None);
        check("25:00 — Nope", None);
        check("10:75 — Nope", None);
        check("13:00 PM — Nope", None);
        check("10:00", None);
        check("100:00 — x", None);
        check("3:005 x", None);
        check(
            "🌅 08:30 – 09:15 | Pipeline health",
            Some(("08:30", "Pipeline health")),
        );
        check("• 08:30 — Standup", None);
    }

    #[test]
    fn recognises_labels() {
        let label = |line: &str| label_line(line, 1).map(|l| l.label);
        assert_eq!(label("What happens"), Some(Label::WhatHappens));
        assert_eq!(label("## Example"), Some(Label::Example));
        assert_eq!(label("What questions to think"), Some(Label::Questions));
        assert_eq!(
            label("What questions to think about:"),
            Some(Label::Questions)
        );
        assert_eq!(
            label("What outsiders often miss about the role"),
            Some(Label::Outsiders)
        );
        assert_eq!(label("Why it matters: speed"), Some(Label::Why));
        assert_eq!(
            label("What happens next is a long sentence about things."),
            None
        );
        assert_eq!(label("Example of nothing"), None);
        assert_eq!(label("Example - 300 alerts"), Some(Label::Example));
        assert_eq!(label("Lesson — tune first"), Some(Label::Insight));
        assert_eq!(label("Real problem: Not firewall"), Some(Label::Insight));
        assert_eq!(label("Data - what changed"), None);
    }

    fn kinds(text: &str) -> Vec<String> {
        blocks(text)
            .iter()
            .map(|b| match b {
                Block::Heading(h) => format!("H{}:{}", h.rank, h.text),
                Block::Time(t) => format!("T:{} {}", t.time, t.title),
                Block::Label(l) => format!("L:{:?}", l.label),
                Block::Paragraph(p) => format!("P:{}", p.text),
                Block::Bullets(items) => format!("B:{}", items.len()),
                Block::Rows(r) => format!("R:{}:{}", r.lines.len(), r.cells.is_some()),
                Block::Tree(t) => format!("Tree:{}", t.entries.len()),
                Block::Skipped(s) => format!("S:{}", s.text),
                Block::Titled(items) => format!("Titled:{}", items.len()),
            })
            .collect()
    }

    #[test]
    fn cuts_blocks() {
        let doc = "Title line\n\n|-- a\n|-- b\n`-- c\n\n1. Day\n\n6:45 AM — Brief\n\nWhat happens\n\nAI helps:\n  • one\n  • two\n\nNo dashboards — just insights.\n\nArea Old PM New PM\nData Manual Curated\nFocus Features Outcomes\n";
        assert_eq!(
            kinds(doc),
            [
                "H7:Title line",
                "Tree:3",
                "H5:Day",
                "T:06:45 Brief",
                "L:WhatHappens",
                "P:AI helps:",
                "B:2",
                "P:No dashboards — just insights.",
                "R:3:false",
            ]
        );
    }

    #[test]
    fn cuts_markdown() {
        let doc = "# Deck\n\n## AppSec\n\n### 1. Review\n\nText that goes on\nover two lines.\n\n- a\n\n- b\n* c\n\n| Role | Focus |\n|---|---|\n| AppSec | Review |\n\nSetext\n======\n\n---\n";
        assert_eq!(
            kinds(doc),
            [
                "H1:Deck",
                "H2:AppSec",
                "H3:Review",
                "P:Text that goes on over two lines.",
                "B:3",
                "R:3:true",
                "H1:Setext",
            ]
        );
    }

    #[test]
    fn numbered_lines_are_headings_only_when_standalone() {
        assert_eq!(kinds("1. One\n2. Two\n"), ["B:2"]);
        assert_eq!(
            kinds("1. Review code\n\nBody text.\n"),
            ["H5:Review code", "P:Body text."]
        );
        assert_eq!(kinds("\n1. Is this real?\n\n"), ["B:1"]);
    }
}
