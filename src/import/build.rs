//! From blocks to a deck: deciding what each block means where it stands.
//!
//! A walk over the blocks with a cursor (before any section, in a role, in
//! a generic section) and, inside a task, the label it is under. Headings
//! that name a role open a role; time blocks and numbered task patterns
//! open tasks; everything else is gathered into sections that become notes.
//! At the end, tables fill role profiles, outlines are checked against the
//! headings, and ids are given. Every block lands somewhere: in the deck,
//! or in a warning that says why it did not.

use std::collections::HashSet;

use super::Warning;
use super::blocks::{Block, Heading, Label, LabelLine, RANK_NUMBERED, Rows, TimeBlock, Tree};
use super::prose::{
    self, Part, capitalize, fold_words, join_parts, question, sentences, unique_id,
};
use super::table::{self, ProfileField, RowsKind};
use crate::deck::{Deck, Example, Note, Profile, Role, Task};

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Intro,
    Role(usize),
    Section(usize),
}

/// Which part of a task the text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sub {
    /// A task pattern's own text: paragraphs, then the bullets it asks.
    Body,
    WhatHappens,
    Example,
    Questions,
    Why,
}

#[derive(Debug, Default)]
struct RoleDraft {
    name: String,
    /// The heading the role came from, for warnings.
    heading: String,
    line: usize,
    rank: u8,
    /// Named by a heading that says it is a role (`… — 5 daily task patterns`).
    explicit: bool,
    /// Time blocks (`Some(true)`), task patterns (`Some(false)`), or no task yet.
    timed: Option<bool>,
    summary: Vec<Part>,
    outsiders: Vec<Part>,
    in_outsiders: bool,
    tasks: Vec<TaskDraft>,
    /// Content under the role that is in no task.
    stray: Vec<(usize, String, Vec<Part>)>,
    profile: ProfileDraft,
}

/// The profile fields found so far (the model's `Profile` has no `Default`).
#[derive(Debug, Default)]
struct ProfileDraft {
    center_of_gravity: Option<String>,
    typical_output: Option<String>,
    failure_mode: Option<String>,
    outsiders_miss: Option<String>,
}

#[derive(Debug, Default)]
struct TaskDraft {
    title: String,
    line: usize,
    time: Option<(String, u32)>,
    what: Vec<String>,
    why: Vec<Part>,
    examples: Vec<(usize, Vec<Part>)>,
    questions: Vec<(usize, String)>,
}

#[derive(Debug, Default)]
struct Section {
    title: String,
    line: usize,
    parts: Vec<Part>,
    /// A table or an outline sat here (handled on their own).
    had_rows: bool,
    /// A later heading is under this one and names it in its front.
    is_parent: bool,
    role: Option<usize>,
    number: Option<u32>,
}

struct PendingTable {
    rows: Rows,
    cells: Option<Vec<Vec<String>>>,
    context: String,
}

/// What the walk produced before ids are given.
struct Builder {
    at: At,
    in_task: bool,
    sub: Sub,
    /// Open headings above the current section: (rank, title).
    stack: Vec<(u8, String, usize)>,
    title: String,
    roles: Vec<RoleDraft>,
    sections: Vec<Section>,
    intro: Vec<(usize, Part)>,
    tables: Vec<PendingTable>,
    trees: Vec<Tree>,
    /// Every heading, time block and role name, for the outline check.
    headings: Vec<String>,
    warnings: Vec<Warning>,
}

/// The deck a document describes, with what could not be placed as warnings.
pub fn build(
    blocks: Vec<Block>,
    title: &str,
    fallback_title: &str,
) -> (Option<Deck>, Vec<Warning>) {
    let (title_text, blocks, mut warnings) = take_title(blocks, fallback_title);
    let title = if title.is_empty() {
        title_text
    } else {
        title.to_owned()
    };
    let mut b = Builder {
        at: At::Intro,
        in_task: false,
        sub: Sub::Body,
        stack: Vec::new(),
        title,
        roles: Vec::new(),
        sections: Vec::new(),
        intro: Vec::new(),
        tables: Vec::new(),
        trees: Vec::new(),
        headings: Vec::new(),
        warnings: Vec::new(),
    };
    for block in blocks {
        b.block(block);
    }
    let deck = b.finish();
    warnings.append(&mut b.warnings);
    (deck, warnings)
}

/// The document's title: its first heading, or the first of the first
/// three headings that says "day in the life". Headings before it are
/// reported, not imported.
fn take_title(mut blocks: Vec<Block>, fallback: &str) -> (String, Vec<Block>, Vec<Warning>) {
    let mut warnings = Vec::new();
    // A title may be longer than a heading: a bare line of up to 20 words.
    let title_of = |b: &Block| match b {
        Block::Heading(h) => Some((h.text.clone(), h.line)),
        Block::Paragraph(p)
            if p.text.split_whitespace().count() <= 20
                && !prose::ends_with_punctuation(&p.text) =>
        {
            Some((p.text.clone(), p.line))
        }
        _ => None,
    };
    let candidates: Vec<(usize, String, usize)> = blocks
        .iter()
        .take(3)
        .map_while(title_of)
        .enumerate()
        .map(|(i, (text, line))| (i, text, line))
        .collect();
    let chosen = candidates
        .iter()
        .find(|(_, text, _)| fold_words(text).contains("day in the life"))
        .or_else(|| candidates.first())
        .cloned();
    let Some((chosen, title, _)) = chosen else {
        return (fallback.to_owned(), blocks, warnings);
    };
    for (_, text, line) in &candidates[..chosen] {
        warnings.push(Warning::at(
            *line,
            format!("“{text}” comes before the title; not imported"),
        ));
    }
    blocks.drain(..chosen);
    // A title that names a role's task patterns is also that role's heading.
    if explicit_role_name(&title).is_none() {
        blocks.remove(0);
    }
    (title, blocks, warnings)
}

/// A role named by a heading that says so: `X — 5 common daily task
/// patterns`, or `Day in the Life — X`.
fn explicit_role_name(text: &str) -> Option<String> {
    let (left, right) = split_dash(text)?;
    let right_folded = fold_words(right);
    if [
        "task pattern",
        "daily task",
        "common task",
        "responsibilit",
        "typical day",
        "daily work",
    ]
    .iter()
    .any(|p| right_folded.contains(p))
    {
        return Some(clean_name(left));
    }
    None
}

/// The role a heading names, if any: explicitly, or as `Day in the Life —
/// X` / `A day in the life of a X`.
fn role_name(text: &str) -> Option<String> {
    if let Some(name) = explicit_role_name(text) {
        return Some(name);
    }
    if let Some((left, right)) = split_dash(text)
        && fold_words(left)
            .trim_start_matches("a ")
            .starts_with("day in the life")
        && !right.trim().is_empty()
    {
        return Some(clean_name(right));
    }
    // ASCII lowercasing keeps byte offsets, so `at` indexes `text` too
    // (full Unicode lowercasing can change lengths: `İ`, `ẞ`).
    let lower = text.to_ascii_lowercase();
    let at = lower.find("day in the life of ")?;
    let rest = &text[at + "day in the life of ".len()..];
    let rest = ["a ", "an ", "the ", "A ", "An ", "The "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))
        .unwrap_or(rest);
    (!rest.trim().is_empty()).then(|| clean_name(rest))
}

/// Splits at the first ` — `, ` – `, ` - ` or `: `.
fn split_dash(text: &str) -> Option<(&str, &str)> {
    [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, sep.len())))
        .min_by_key(|(i, _)| *i)
        .map(|(i, len)| (&text[..i], &text[i + len..]))
}

fn clean_name(text: &str) -> String {
    capitalize(text.trim().trim_end_matches([':', '.', ',']).trim())
}

impl Builder {
    fn block(&mut self, block: Block) {
        match block {
            Block::Heading(h) => self.heading(h),
            Block::Time(t) => self.time(t),
            Block::Label(l) => self.label(l),
            Block::Paragraph(p) => self.content(p.line, Part::Text(p.text)),
            Block::Bullets(items) => {
                let line = items.first().map_or(0, |i| i.line);
                self.content(
                    line,
                    Part::Items(items.into_iter().map(|i| i.text).collect()),
                );
            }
            Block::Rows(rows) => self.rows(rows),
            Block::Tree(tree) => {
                self.mark_rows();
                self.trees.push(tree);
            }
        }
    }

    fn heading(&mut self, h: Heading) {
        self.headings.push(h.text.clone());
        if let Some(name) = role_name(&h.text) {
            let explicit = explicit_role_name(&h.text).is_some();
            self.start_role(name, h.line, h.rank, explicit);
            if let At::Role(r) = self.at {
                self.roles[r].heading = h.text;
            }
            return;
        }
        if let At::Role(r) = self.at {
            let role = &self.roles[r];
            let numbered_task =
                h.number.is_some() && (h.rank == RANK_NUMBERED || h.rank > role.rank);
            let markdown_task = role.explicit && h.rank <= 6 && h.rank > role.rank;
            if role.timed != Some(true) && (numbered_task || markdown_task) {
                self.pattern_task(r, &h);
                return;
            }
        }
        if let At::Section(s) = self.at
            && h.number == Some(1)
            && self.promotable(s)
        {
            let r = self.promote(s, false);
            self.pattern_task(r, &h);
            return;
        }
        self.section(&h.text, h.line, h.rank, h.number);
    }

    fn start_role(&mut self, name: String, line: usize, rank: u8, explicit: bool) {
        self.stack.clear();
        self.headings.push(name.clone());
        self.roles.push(RoleDraft {
            name,
            line,
            rank,
            explicit,
            ..RoleDraft::default()
        });
        self.at = At::Role(self.roles.len() - 1);
        self.in_task = false;
    }

    fn pattern_task(&mut self, r: usize, h: &Heading) {
        let role = &mut self.roles[r];
        role.timed = Some(false);
        role.in_outsiders = false;
        role.tasks.push(TaskDraft {
            title: h.text.clone(),
            line: h.line,
            ..TaskDraft::default()
        });
        self.at = At::Role(r);
        self.in_task = true;
        self.sub = Sub::Body;
    }

    /// A section can become a role while it holds nothing but paragraphs.
    fn promotable(&self, s: usize) -> bool {
        let section = &self.sections[s];
        !section.had_rows && section.parts.iter().all(|p| matches!(p, Part::Text(_)))
    }

    /// Turns section `s` into a role: its paragraphs become the summary.
    fn promote(&mut self, s: usize, timed: bool) -> usize {
        let section = std::mem::take(&mut self.sections[s]);
        let name = role_name(&section.title).unwrap_or_else(|| clean_name(&section.title));
        self.start_role(name, section.line, 0, true);
        let r = self.roles.len() - 1;
        self.roles[r].summary = section.parts;
        self.roles[r].timed = Some(timed);
        r
    }

    fn section(&mut self, title: &str, line: usize, rank: u8, number: Option<u32>) {
        while self.stack.last().is_some_and(|(r, _, _)| *r >= rank) {
            self.stack.pop();
        }
        let mut full = String::new();
        for (_, parent, index) in &self.stack {
            full.push_str(parent);
            full.push_str(" — ");
            if let Some(section) = self.sections.get_mut(*index) {
                section.is_parent = true;
            }
        }
        full.push_str(title);
        let role = match self.at {
            At::Role(r) if !self.roles[r].tasks.is_empty() => None,
            At::Role(r) => Some(r),
            At::Section(s) => self.sections[s].role,
            At::Intro => None,
        };
        self.sections.push(Section {
            title: full,
            line,
            role,
            number,
            ..Section::default()
        });
        let index = self.sections.len() - 1;
        self.stack.push((rank, title.to_owned(), index));
        self.at = At::Section(index);
        self.in_task = false;
    }

    fn time(&mut self, t: TimeBlock) {
        self.headings.push(t.title.clone());
        let last_timed = self.roles.iter().rposition(|r| r.timed == Some(true));
        let r = match self.at {
            At::Role(r) if self.roles[r].timed != Some(false) => r,
            At::Section(s) if last_timed.is_none() && self.promotable(s) => self.promote(s, true),
            _ => {
                if let Some(r) = last_timed {
                    r
                } else {
                    let name = role_name(&self.title).unwrap_or_else(|| clean_name(&self.title));
                    self.start_role(name, t.line, 0, false);
                    self.roles.len() - 1
                }
            }
        };
        let role = &mut self.roles[r];
        if let Some((_, before)) = role.tasks.last().and_then(|t| t.time.clone())
            && t.minutes < before
        {
            self.warnings.push(Warning::at(
                t.line,
                format!(
                    "time block {} comes after a later one; the timeline card expects day order",
                    t.time
                ),
            ));
        }
        let role = &mut self.roles[r];
        role.timed = Some(true);
        role.in_outsiders = false;
        role.tasks.push(TaskDraft {
            title: t.title,
            line: t.line,
            time: Some((t.time, t.minutes)),
            ..TaskDraft::default()
        });
        self.at = At::Role(r);
        self.in_task = true;
        self.sub = Sub::WhatHappens;
    }

    fn label(&mut self, l: LabelLine) {
        let line = l.line;
        match (l.label, self.at) {
            (Label::Outsiders, At::Role(r)) => {
                self.roles[r].in_outsiders = true;
                self.in_task = false;
            }
            (label, At::Role(r)) if self.in_task && label != Label::Outsiders => {
                self.sub = match label {
                    Label::WhatHappens => Sub::WhatHappens,
                    Label::Example => {
                        if let Some(task) = self.roles[r].tasks.last_mut() {
                            task.examples.push((line, Vec::new()));
                        }
                        Sub::Example
                    }
                    Label::Questions => Sub::Questions,
                    Label::Why | Label::Outsiders => Sub::Why,
                };
            }
            _ => self.section(&l.text, line, super::blocks::RANK_PLAIN, None),
        }
        if let Some(rest) = l.rest {
            self.content(line, Part::Text(rest));
        }
    }

    fn mark_rows(&mut self) {
        if let At::Section(s) = self.at {
            self.sections[s].had_rows = true;
        }
    }

    fn context_title(&self) -> String {
        match self.at {
            At::Section(s) => self.sections[s].title.clone(),
            At::Role(r) => self.roles[r].name.clone(),
            At::Intro => String::new(),
        }
    }

    fn rows(&mut self, rows: Rows) {
        let names: Vec<String> = self.roles.iter().map(|r| r.name.clone()).collect();
        let context = self.context_title();
        match table::classify(&rows, &context, &names) {
            RowsKind::List(items) => {
                let line = rows.lines.first().map_or(0, |l| l.line);
                self.content(line, Part::Items(items));
            }
            RowsKind::Table { cells } => {
                self.mark_rows();
                self.tables.push(PendingTable {
                    rows,
                    cells,
                    context,
                });
            }
        }
    }

    fn content(&mut self, line: usize, part: Part) {
        match self.at {
            At::Role(r) if self.in_task => self.task_content(r, line, part),
            At::Role(r) => {
                let role = &mut self.roles[r];
                if role.in_outsiders {
                    role.outsiders.push(part);
                } else if role.tasks.is_empty() && matches!(part, Part::Text(_)) {
                    role.summary.push(part);
                } else {
                    let title = format!("{}: more", role.name);
                    match role.stray.last_mut() {
                        Some((_, _, parts)) if !role.tasks.is_empty() => parts.push(part),
                        _ => role.stray.push((line, title, vec![part])),
                    }
                }
            }
            At::Section(s) => self.sections[s].parts.push(part),
            At::Intro => self.intro.push((line, part)),
        }
    }

    fn task_content(&mut self, r: usize, line: usize, part: Part) {
        let sub = self.sub;
        let Some(task) = self.roles[r].tasks.last_mut() else {
            return;
        };
        match (sub, part) {
            (Sub::Body, Part::Text(text)) if !task.questions.is_empty() => {
                task.why.push(Part::Text(text));
            }
            (Sub::Body | Sub::WhatHappens, Part::Text(text)) => task.what.extend(sentences(&text)),
            (Sub::WhatHappens, Part::Items(items)) => {
                task.what.extend(items.iter().map(|i| i.trim().to_owned()));
            }
            (Sub::Body | Sub::Questions, Part::Items(items)) => {
                task.questions
                    .extend(items.iter().map(|i| (line, question(i))));
            }
            (Sub::Questions, Part::Text(text)) => {
                for sentence in sentences(&text) {
                    if sentence.ends_with('?') {
                        task.questions.push((line, question(&sentence)));
                    } else {
                        self.warnings.push(Warning::at(
                            line,
                            format!(
                                "“{}” under the questions of “{}” is not a question; added to what happens",
                                short(&sentence),
                                task.title
                            ),
                        ));
                        task.what.push(sentence);
                    }
                }
            }
            (Sub::Example, part) => match task.examples.last_mut() {
                Some((_, parts)) => parts.push(part),
                None => task.examples.push((line, vec![part])),
            },
            (Sub::Why, part) => task.why.push(part),
        }
    }

    /// Builds the deck: tables and outlines first, then roles, notes, ids.
    fn finish(&mut self) -> Option<Deck> {
        let mut notes: Vec<NoteDraft> = Vec::new();
        self.apply_tables(&mut notes);
        self.check_trees();

        if self.roles.iter().all(|r| r.tasks.is_empty()) {
            self.fallback_role();
        }

        let mut role_ids = HashSet::new();
        let mut roles = Vec::new();
        // Index in `self.roles` → index in the deck's roles.
        let mut kept: Vec<Option<usize>> = Vec::new();
        for (index, draft) in std::mem::take(&mut self.roles).into_iter().enumerate() {
            if draft.tasks.is_empty() {
                self.role_without_tasks(&draft, &mut notes);
                kept.push(None);
                continue;
            }
            let id = unique_id(&draft.name, "role", &mut role_ids);
            kept.push(Some(roles.len()));
            for (line, title, parts) in &draft.stray {
                notes.push(NoteDraft {
                    front: title.clone(),
                    parts: parts.clone(),
                    role: Some(index),
                    line: *line,
                    warn: true,
                    key_points: None,
                });
            }
            roles.push(self.role(draft, id));
        }
        for note in &mut notes {
            note.role = note.role.and_then(|r| kept.get(r).copied().flatten());
        }
        for section in std::mem::take(&mut self.sections) {
            self.section_note(section, &kept, &mut notes);
        }
        let mut description = Vec::new();
        let mut intro_rest = Vec::new();
        for (line, part) in std::mem::take(&mut self.intro) {
            match part {
                Part::Text(t) => description.push(t),
                items @ Part::Items(_) => intro_rest.push((line, items)),
            }
        }
        if let Some((line, _)) = intro_rest.first() {
            notes.push(NoteDraft {
                front: format!("{}: introduction", self.title),
                parts: intro_rest.iter().map(|(_, p)| p.clone()).collect(),
                role: None,
                line: *line,
                warn: true,
                key_points: None,
            });
        }
        if roles.is_empty() {
            return None;
        }
        let single_role = (roles.len() == 1).then(|| roles[0].id.clone());
        let mut note_ids = HashSet::new();
        let mut deck_notes = Vec::new();
        for draft in notes {
            let back = join_parts(&draft.parts);
            if back.is_empty() {
                continue;
            }
            let id = unique_id(&draft.front, "note", &mut note_ids);
            if draft.warn {
                self.warnings.push(Warning::at(
                    draft.line,
                    format!("“{}” is not a time block, task pattern or role section; kept as note `{id}`", short(&draft.front)),
                ));
            }
            let key_points = draft.key_points.unwrap_or_else(|| {
                let items: Vec<String> = draft
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Items(items) => Some(items.clone()),
                        Part::Text(_) => None,
                    })
                    .flatten()
                    .map(|i| i.trim().trim_end_matches([';', ',', '.']).trim().to_owned())
                    // A bullet of bare punctuation would be an empty key point.
                    .filter(|i| !i.is_empty())
                    .collect();
                if items.len() >= 2 { items } else { Vec::new() }
            });
            deck_notes.push(Note {
                id,
                front: draft.front,
                back,
                key_points,
                role: draft
                    .role
                    .map(|r| roles[r].id.clone())
                    .or_else(|| single_role.clone()),
            });
        }
        Some(Deck {
            id: String::new(),
            title: self.title.clone(),
            description: (!description.is_empty()).then(|| description.join(" ")),
            source: None,
            roles,
            notes: deck_notes,
            synonyms: Vec::new(),
        })
    }

    fn apply_tables(&mut self, notes: &mut Vec<NoteDraft>) {
        let names: Vec<String> = self.roles.iter().map(|r| r.name.clone()).collect();
        for table in std::mem::take(&mut self.tables) {
            let first = table.rows.lines.first().map_or(0, |l| l.line);
            let last = table.rows.lines.last().map_or(0, |l| l.line);
            let out = table::interpret(&table.rows, table.cells.as_deref(), &table.context, &names);
            let profiles = out.profiles.len();
            for (r, field, text) in out.profiles {
                let profile = &mut self.roles[r].profile;
                let slot = match field {
                    ProfileField::CenterOfGravity => &mut profile.center_of_gravity,
                    ProfileField::TypicalOutput => &mut profile.typical_output,
                    ProfileField::FailureMode => &mut profile.failure_mode,
                    ProfileField::OutsidersMiss => &mut profile.outsiders_miss,
                };
                if slot.is_none() {
                    *slot = Some(text);
                }
            }
            let note_count = out.notes.len();
            for note in out.notes {
                let key_points = note.key_points.clone();
                notes.push(NoteDraft {
                    front: note.front,
                    parts: vec![Part::Text(note.back)],
                    role: note.role,
                    line: note.line,
                    warn: false,
                    key_points: Some(key_points),
                });
            }
            let message = if out.ambiguous {
                format!(
                    "the table's cells are separated by single spaces, so its columns cannot be told apart: its {note_count} rows became notes; for role profiles, separate the cells with tabs, `|` or two spaces and import again"
                )
            } else {
                match (profiles, note_count) {
                    (0, n) => format!("table rows became {n} notes"),
                    (p, 0) => format!("table filled {p} role profile fields"),
                    (p, n) => format!(
                        "table filled {p} role profile fields; its other cells became {n} notes"
                    ),
                }
            };
            self.warnings.push(Warning::span(first, last, message));
        }
    }

    /// An outline whose entries are all headings of the document is a table
    /// of contents: skipped. Otherwise it is kept as a note.
    fn check_trees(&mut self) {
        let headings: Vec<String> = self.headings.iter().map(|h| fold_words(h)).collect();
        for tree in std::mem::take(&mut self.trees) {
            let missing: Vec<&String> = tree
                .entries
                .iter()
                .filter(|entry| {
                    let text = super::blocks::time_block(entry, 0)
                        .map_or_else(|| (*entry).clone(), |t| t.title);
                    let folded = fold_words(&text);
                    !folded.is_empty()
                        && !headings.iter().any(|h| {
                            h.starts_with(&folded)
                                || folded.starts_with(h.as_str()) && !h.is_empty()
                        })
                })
                .collect();
            if missing.is_empty() {
                self.warnings.push(Warning::span(
                    tree.first,
                    tree.last,
                    format!(
                        "outline of {} entries skipped: every entry is a section of the document",
                        tree.entries.len()
                    ),
                ));
            } else {
                let title = format!("{}: outline", self.title);
                self.sections.push(Section {
                    title,
                    line: tree.first,
                    parts: vec![Part::Items(tree.entries.clone())],
                    ..Section::default()
                });
            }
        }
    }

    /// No time blocks and no task patterns: each section becomes a task of
    /// one role named after the document, so the material is still studied.
    fn fallback_role(&mut self) {
        let name = role_name(&self.title).unwrap_or_else(|| clean_name(&self.title));
        let mut tasks = Vec::new();
        for section in &mut self.sections {
            if section.parts.is_empty() {
                continue;
            }
            tasks.push(task_from_parts(
                &section.title,
                section.line,
                &std::mem::take(&mut section.parts),
            ));
        }
        if tasks.is_empty() && !self.intro.is_empty() {
            let line = self.intro[0].0;
            let parts: Vec<Part> = std::mem::take(&mut self.intro)
                .into_iter()
                .map(|(_, p)| p)
                .collect();
            tasks.push(task_from_parts(&self.title, line, &parts));
        }
        for role in &mut self.roles {
            for (line, title, parts) in std::mem::take(&mut role.stray) {
                tasks.push(task_from_parts(&title, line, &parts));
            }
        }
        if tasks.is_empty() {
            return;
        }
        self.warnings.push(Warning::general(format!(
            "found no time blocks (`6:45 AM — Title`) or numbered task patterns under a role heading; made each section a task of one role “{name}”: check the structure"
        )));
        self.roles.push(RoleDraft {
            name,
            timed: Some(false),
            tasks,
            ..RoleDraft::default()
        });
    }

    fn role_without_tasks(&mut self, draft: &RoleDraft, notes: &mut Vec<NoteDraft>) {
        let mut parts = draft.summary.clone();
        parts.extend(draft.outsiders.iter().cloned());
        for (_, _, stray) in &draft.stray {
            parts.extend(stray.iter().cloned());
        }
        if parts.is_empty() {
            self.warnings.push(Warning::at(
                draft.line,
                format!(
                    "heading “{}” has no tasks or text under it; not imported",
                    if draft.heading.is_empty() {
                        &draft.name
                    } else {
                        &draft.heading
                    }
                ),
            ));
            return;
        }
        notes.push(NoteDraft {
            front: draft.name.clone(),
            parts,
            role: None,
            line: draft.line,
            warn: true,
            key_points: None,
        });
    }

    fn section_note(
        &mut self,
        section: Section,
        kept: &[Option<usize>],
        notes: &mut Vec<NoteDraft>,
    ) {
        if section.parts.is_empty() {
            if !section.had_rows && !section.is_parent && !section.title.is_empty() {
                self.warnings.push(Warning::at(
                    section.line,
                    format!(
                        "heading “{}” has nothing under it; not imported",
                        short(&section.title)
                    ),
                ));
            }
            return;
        }
        let _ = section.number;
        notes.push(NoteDraft {
            front: section.title,
            parts: section.parts,
            role: section.role.and_then(|r| kept.get(r).copied().flatten()),
            line: section.line,
            warn: true,
            key_points: None,
        });
    }

    fn role(&mut self, draft: RoleDraft, id: String) -> Role {
        let mut task_ids = HashSet::new();
        let mut tasks = Vec::new();
        for task in draft.tasks {
            let task_id = unique_id(&task.title, "task", &mut task_ids);
            tasks.push(self.task(task, task_id));
        }
        let mut profile = draft.profile;
        if !draft.outsiders.is_empty() && profile.outsiders_miss.is_none() {
            profile.outsiders_miss = Some(join_parts(&draft.outsiders));
        }
        let has_profile = profile.center_of_gravity.is_some()
            || profile.typical_output.is_some()
            || profile.failure_mode.is_some()
            || profile.outsiders_miss.is_some();
        let profile = Profile {
            center_of_gravity: profile.center_of_gravity,
            typical_output: profile.typical_output,
            failure_mode: profile.failure_mode,
            outsiders_miss: profile.outsiders_miss,
        };
        let summary = join_parts(&draft.summary);
        Role {
            id,
            name: draft.name,
            summary: (!summary.is_empty()).then_some(summary),
            profile: has_profile.then_some(profile),
            tasks,
        }
    }

    fn task(&mut self, draft: TaskDraft, id: String) -> Task {
        let mut seen = HashSet::new();
        let mut questions = Vec::new();
        for (line, q) in draft.questions {
            if q.trim().is_empty() {
                continue;
            }
            if seen.insert(fold_words(&q)) {
                questions.push(q);
            } else {
                self.warnings.push(Warning::at(
                    line,
                    format!(
                        "duplicate question “{}” in “{}” dropped",
                        short(&q),
                        draft.title
                    ),
                ));
            }
        }
        let mut what: Vec<String> = draft
            .what
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect();
        if what.is_empty() {
            self.warnings.push(Warning::at(
                draft.line,
                format!(
                    "“{}” says nothing about what happens; its title stands in, write what happens",
                    short(&draft.title)
                ),
            ));
            what.push(draft.title.clone());
        }
        let mut examples = Vec::new();
        for (line, parts) in draft.examples {
            if let Some(example) = self.example(line, &parts, &draft.title, &questions) {
                examples.push(example);
            }
        }
        let why = join_parts(&draft.why);
        Task {
            id,
            title: draft.title,
            time: draft.time.map(|(t, _)| t),
            what_happens: what,
            why: (!why.is_empty()).then_some(why),
            examples,
            questions,
            key_points: Vec::new(),
        }
    }

    /// An example: the situation, then the insight from a paragraph that
    /// states it (`Real problem: …`, `You refine to: …`). Without one, the
    /// task's questions stand in and a warning asks for the real insight.
    fn example(
        &mut self,
        line: usize,
        parts: &[Part],
        title: &str,
        questions: &[String],
    ) -> Option<Example> {
        let split = parts
            .iter()
            .position(|p| matches!(p, Part::Text(t) if is_insight(t)));
        let (situation, insight) = match split {
            Some(0) => (Vec::new(), parts.to_vec()),
            Some(i) => (parts[..i].to_vec(), parts[i..].to_vec()),
            None => (parts.to_vec(), Vec::new()),
        };
        let situation = join_parts(&situation);
        let insight = join_parts(&insight);
        if situation.is_empty() && insight.is_empty() {
            self.warnings.push(Warning::at(
                line,
                format!("empty example in “{}” skipped", short(title)),
            ));
            return None;
        }
        if !situation.is_empty() && !insight.is_empty() {
            return Some(Example {
                situation,
                insight,
                key_points: Vec::new(),
            });
        }
        let situation = if situation.is_empty() {
            insight
        } else {
            situation
        };
        self.warnings.push(Warning::at(
            line,
            format!("the example in “{}” states no insight; the task's questions stand in: write the real one", short(title)),
        ));
        let (insight, key_points) = if questions.is_empty() {
            (
                format!("Work out the real problem behind it in “{title}”, and what you would do."),
                Vec::new(),
            )
        } else {
            (
                format!(
                    "Work it through with this task's questions: {}",
                    questions.join(" ")
                ),
                questions.iter().take(6).cloned().collect(),
            )
        };
        Some(Example {
            situation,
            insight,
            key_points,
        })
    }
}

/// Whether a paragraph states an example's insight rather than its situation.
fn is_insight(text: &str) -> bool {
    let Some((head, _)) = text.split_once(':') else {
        return false;
    };
    let head = fold_words(head);
    [
        "real problem",
        "the real problem",
        "problem",
        "insight",
        "key insight",
        "lesson",
        "takeaway",
        "you refine to",
        "refine to",
        "refined",
        "what to do",
        "the fix",
        "answer",
        "outcome",
        "result",
        "so what",
        "why it matters",
    ]
    .contains(&head.as_str())
}

/// A task from a section's text: paragraphs and statements describe it,
/// questions (bullets or sentences ending `?`) are its questions.
fn task_from_parts(title: &str, line: usize, parts: &[Part]) -> TaskDraft {
    let mut task = TaskDraft {
        title: title.to_owned(),
        line,
        ..TaskDraft::default()
    };
    for part in parts {
        let pieces: Vec<String> = match part {
            Part::Text(t) => sentences(t),
            Part::Items(items) => items.clone(),
        };
        for piece in pieces {
            if piece.trim_end().ends_with('?') {
                task.questions.push((line, question(&piece)));
            } else {
                task.what.push(piece.trim().to_owned());
            }
        }
    }
    task
}

/// A note before its id: `warn` says it holds material the importer could
/// not place (and so is listed in the warnings).
struct NoteDraft {
    front: String,
    parts: Vec<Part>,
    role: Option<usize>,
    line: usize,
    warn: bool,
    key_points: Option<Vec<String>>,
}

/// A text shortened for a warning.
fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
