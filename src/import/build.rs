//! From blocks to drafts: deciding what each block means where it stands.
//!
//! A walk over the blocks with a cursor (before any section, in a role, in
//! a generic section) and, inside a task or section, the label it is under.
//! Headings that name a role open it (once: a heading for a role already
//! open continues it); time blocks and numbered task patterns open tasks;
//! everything else is gathered into sections, which keep their text both
//! as a note and as a task would read it. `assemble` turns the drafts into
//! the deck. Lines that only point elsewhere are reported, not studied.

use super::blocks::{
    Block, Heading, Label, LabelLine, Paragraph, RANK_NUMBERED, RANK_PLAIN, Rows, Skipped, Text,
    TimeBlock, Titled, Tree,
};
use super::draft::{RoleDraft, Section, Sub, TaskDraft, short};
use super::names::{
    clean_name, explicit_role_name, is_patterns_heading, role_key, role_name, title_names,
};
use super::prose::{self, Part, fold_words, sentences};
use super::table::{self, RowsKind};
use super::{Kind, Warning};
use crate::deck::Deck;
use crate::markup::is_reference;

/// Where the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Intro,
    Role(usize),
    Section(usize),
}

pub struct PendingTable {
    pub rows: Rows,
    pub cells: Option<Vec<Vec<String>>>,
    pub context: String,
}

/// The walk's state and what it has gathered.
pub struct Builder {
    at: At,
    in_task: bool,
    sub: Sub,
    /// Open headings above the current section: (rank, title, section).
    stack: Vec<(u8, String, usize)>,
    pub title: String,
    pub roles: Vec<RoleDraft>,
    pub sections: Vec<Section>,
    pub intro: Vec<(usize, Part)>,
    pub tables: Vec<PendingTable>,
    pub trees: Vec<Tree>,
    /// Every heading, time block and role name, for the outline check.
    pub headings: Vec<String>,
    pub warnings: Vec<Warning>,
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
    let table_only: Vec<bool> = (0..blocks.len())
        .map(|i| heads_only_tables(&blocks[i], &blocks[i + 1..]))
        .collect();
    for (block, table_only) in blocks.into_iter().zip(table_only) {
        b.block(block, table_only);
    }
    let deck = b.finish();
    warnings.append(&mut b.warnings);
    (deck, warnings)
}

/// Whether a heading titles a table: what stands under it, up to the next
/// heading as high, is tables (and outlines or skipped lines) only.
fn heads_only_tables(block: &Block, rest: &[Block]) -> bool {
    let Block::Heading(h) = block else {
        return false;
    };
    let under: Vec<&Block> = rest
        .iter()
        .take_while(|b| match b {
            Block::Heading(next) => next.rank > h.rank,
            Block::Time(_) => false,
            _ => true,
        })
        .collect();
    let pointer = |b: &&Block| match b {
        Block::Paragraph(p) => sentences(&p.text).iter().all(|s| is_reference(s)),
        Block::Bullets(items) => items.iter().all(|i| is_reference(&i.text)),
        _ => false,
    };
    under.iter().any(|b| matches!(b, Block::Rows(_)))
        && under
            .iter()
            .all(|b| matches!(b, Block::Rows(_) | Block::Tree(_) | Block::Skipped(_)) || pointer(b))
}

/// The document's title: its first heading, or the first of the first
/// three headings that says "day in the life". Headings before it are
/// reported, not imported; skipped lines (front matter) do not count.
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
    let lead = blocks
        .iter()
        .take_while(|b| matches!(b, Block::Skipped(_)))
        .count();
    let candidates: Vec<(String, usize)> =
        blocks[lead..].iter().take(3).map_while(title_of).collect();
    let chosen = candidates
        .iter()
        .position(|(text, _)| fold_words(text).contains("day in the life"))
        .or_else(|| (!candidates.is_empty()).then_some(0));
    let Some(chosen) = chosen else {
        return (fallback.to_owned(), blocks, warnings);
    };
    for (text, line) in &candidates[..chosen] {
        warnings.push(Warning::at(
            *line,
            Kind::NotImported { text: text.clone() },
            format!("“{text}” comes before the title; not imported"),
        ));
    }
    blocks.drain(lead..lead + chosen);
    let title = candidates[chosen].0.clone();
    // A title that names a role's task patterns is also that role's heading.
    if explicit_role_name(&title).is_none() {
        blocks.remove(lead);
    }
    (title, blocks, warnings)
}

impl Builder {
    fn block(&mut self, block: Block, table_only: bool) {
        match block {
            Block::Heading(h) => self.heading(&h, table_only),
            Block::Time(t) => self.time(t),
            Block::Label(l) => self.label(l),
            Block::Paragraph(p) => self.paragraph(&p),
            Block::Bullets(items) => self.bullets(items),
            Block::Rows(rows) => self.rows(rows),
            Block::Tree(tree) => {
                self.mark_rows();
                self.trees.push(tree);
            }
            Block::Skipped(skipped) => self.skipped(&skipped),
            Block::Titled(items) => self.titled(items),
        }
    }

    /// A list of titled items: a role's task patterns where the walk is at
    /// a role (between its tasks) or under a heading such as "Daily
    /// responsibilities"; bullets (`Title: text`) anywhere else.
    fn titled(&mut self, items: Vec<Titled>) {
        let role = match self.at {
            At::Role(r) if !self.in_task && !self.roles[r].in_outsiders => Some(r),
            At::Section(s)
                if is_patterns_heading(&self.sections[s].heading) && self.promotable(s) =>
            {
                Some(self.patterns_role(s))
            }
            _ => None,
        };
        let Some(r) = role else {
            let texts = items
                .into_iter()
                .map(|i| Text {
                    text: format!("{}: {}", i.title, i.body),
                    line: i.line,
                })
                .collect();
            self.bullets(texts);
            return;
        };
        for (n, item) in items.into_iter().enumerate() {
            let heading = Heading {
                text: item.title,
                line: item.line,
                rank: RANK_NUMBERED,
                number: u32::try_from(n + 1).ok(),
            };
            self.pattern_task(r, &heading);
            self.paragraph(&Paragraph::new(&[Text {
                text: item.body,
                line: item.line,
            }]));
        }
    }

    /// The role whose task patterns a section such as "Daily
    /// responsibilities" introduces: the role it is under, else the one
    /// the title names. Its text becomes the role's summary.
    fn patterns_role(&mut self, s: usize) -> usize {
        let section = std::mem::take(&mut self.sections[s]);
        let r = match section.role {
            Some(r) => r,
            None => self.title_role(section.line),
        };
        self.roles[r].summary.extend(section.parts);
        self.at = At::Role(r);
        self.in_task = false;
        r
    }

    fn skipped(&mut self, s: &Skipped) {
        self.warnings.push(Warning::span(
            s.first,
            s.last,
            Kind::NotImported {
                text: s.text.clone(),
            },
            format!("{} (“{}”); not imported", s.what, short(&s.text)),
        ));
    }

    /// A sentence or item that only points elsewhere: reported, not studied.
    fn reference(&mut self, line: usize, text: &str) {
        self.warnings.push(Warning::at(
            line,
            Kind::NotImported {
                text: text.to_owned(),
            },
            format!(
                "“{}” only points elsewhere (a link or a reference); not imported",
                short(text)
            ),
        ));
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let all = sentences(&p.text);
        if !all.iter().any(|s| is_reference(s)) {
            self.content(p.line, Part::Text(p.text.clone()));
            return;
        }
        let mut kept = Vec::new();
        for sentence in all {
            if is_reference(&sentence) {
                self.reference(p.line_of(&sentence), &sentence);
            } else {
                kept.push(sentence);
            }
        }
        if !kept.is_empty() {
            self.content(p.line, Part::Text(kept.join(" ")));
        }
    }

    fn bullets(&mut self, items: Vec<Text>) {
        let line = items.first().map_or(0, |i| i.line);
        let mut kept = Vec::new();
        for item in items {
            if is_reference(&item.text) {
                self.reference(item.line, &item.text);
            } else {
                kept.push(item.text);
            }
        }
        if !kept.is_empty() {
            self.content(line, Part::Items(kept));
        }
    }

    fn heading(&mut self, h: &Heading, table_only: bool) {
        self.headings.push(h.text.clone());
        if let Some(name) = role_name(&h.text) {
            let explicit = explicit_role_name(&h.text).is_some();
            self.start_role(name, h.line, h.rank, explicit, &h.text);
            return;
        }
        // A table's heading titles its notes; it is never a task.
        if !table_only {
            if let At::Role(r) = self.at {
                let role = &self.roles[r];
                let numbered_task =
                    h.number.is_some() && (h.rank == RANK_NUMBERED || h.rank > role.rank);
                let markdown_task = role.explicit && h.rank <= 6 && h.rank > role.rank;
                if role.timed != Some(true) && (numbered_task || markdown_task) {
                    self.pattern_task(r, h);
                    return;
                }
            }
            if let At::Section(s) = self.at
                && h.number == Some(1)
                && self.promotable(s)
            {
                let r = if is_patterns_heading(&self.sections[s].heading) {
                    self.patterns_role(s)
                } else {
                    self.promote(s, false)
                };
                self.pattern_task(r, h);
                return;
            }
        }
        self.section(&h.text, h.line, h.rank);
    }

    /// Opens the role `name`, or goes back to it when a role of that name
    /// is open already: a role is created once. A role named after the
    /// title takes the name of the first heading that names it.
    fn start_role(
        &mut self,
        name: String,
        line: usize,
        rank: u8,
        explicit: bool,
        heading: &str,
    ) -> usize {
        self.stack.clear();
        self.headings.push(name.clone());
        let key = role_key(&name);
        let same = self.roles.iter().position(|r| {
            if r.from_title {
                title_names(&r.name, &name)
            } else {
                r.key == key
            }
        });
        let r = if let Some(r) = same {
            let role = &mut self.roles[r];
            if role.from_title {
                role.renamed_from = Some((line, std::mem::replace(&mut role.name, name)));
                role.key = key;
                role.from_title = false;
            }
            role.rank = rank;
            role.explicit |= explicit;
            role.in_outsiders = false;
            if role.heading.is_empty() {
                heading.clone_into(&mut role.heading);
            }
            r
        } else {
            self.roles.push(RoleDraft {
                name,
                key,
                heading: heading.to_owned(),
                line,
                rank,
                explicit,
                ..RoleDraft::default()
            });
            self.roles.len() - 1
        };
        self.at = At::Role(r);
        self.in_task = false;
        r
    }

    /// The role named after the document's title, for time blocks that
    /// come before any role heading.
    fn title_role(&mut self, line: usize) -> usize {
        if let Some(r) = self.roles.iter().position(|r| r.from_title) {
            return r;
        }
        let name = role_name(&self.title).unwrap_or_else(|| clean_name(&self.title));
        self.stack.clear();
        self.roles.push(RoleDraft {
            key: role_key(&name),
            name,
            line,
            from_title: true,
            ..RoleDraft::default()
        });
        self.roles.len() - 1
    }

    fn pattern_task(&mut self, r: usize, h: &Heading) {
        let role = &mut self.roles[r];
        role.timed = Some(false);
        role.in_outsiders = false;
        role.tasks.push(TaskDraft::new(&h.text, h.line));
        self.at = At::Role(r);
        self.in_task = true;
        self.sub = Sub::Body;
    }

    /// A section can become a role while it holds nothing but paragraphs.
    fn promotable(&self, s: usize) -> bool {
        let section = &self.sections[s];
        !section.had_rows
            && !section.labelled
            && section.parts.iter().all(|p| matches!(p, Part::Text(_)))
    }

    /// Turns section `s` into a role: its paragraphs become the summary.
    fn promote(&mut self, s: usize, timed: bool) -> usize {
        let section = std::mem::take(&mut self.sections[s]);
        let name = role_name(&section.title).unwrap_or_else(|| clean_name(&section.title));
        let r = self.start_role(name, section.line, section.rank, true, &section.title);
        self.roles[r].summary.extend(section.parts);
        self.roles[r].timed = Some(timed);
        r
    }

    fn section(&mut self, title: &str, line: usize, rank: u8) {
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
            draft: TaskDraft::new(&full, line),
            heading: title.to_owned(),
            title: full,
            line,
            rank,
            role,
            ..Section::default()
        });
        let index = self.sections.len() - 1;
        self.stack.push((rank, title.to_owned(), index));
        self.at = At::Section(index);
        self.in_task = false;
        self.sub = Sub::Section;
    }

    fn time(&mut self, t: TimeBlock) {
        self.headings.push(t.title.clone());
        let last_timed = self.roles.iter().rposition(RoleDraft::has_time_blocks);
        let r = match self.at {
            At::Role(r) if self.roles[r].timed != Some(false) => r,
            At::Section(s) if last_timed.is_none() && self.promotable(s) => self.promote(s, true),
            _ => match last_timed {
                Some(r) => r,
                None => self.title_role(t.line),
            },
        };
        let role = &mut self.roles[r];
        role.timed = Some(true);
        role.in_outsiders = false;
        let mut task = TaskDraft::new(&t.title, t.line);
        task.time = Some((t.time, t.minutes));
        role.tasks.push(task);
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
                if let Some(task) = self.roles[r].tasks.last_mut() {
                    self.sub = open_label(task, label, line);
                }
            }
            (label, At::Section(s)) if label != Label::Outsiders => {
                let section = &mut self.sections[s];
                section.labelled = true;
                section
                    .parts
                    .push(Part::Text(format!("{}:", l.text.trim_end_matches(':'))));
                self.sub = open_label(&mut section.draft, label, line);
            }
            _ => self.section(&l.text, line, RANK_PLAIN),
        }
        let Some(rest) = l.rest else {
            return;
        };
        if is_reference(&rest) {
            self.reference(line, &rest);
            return;
        }
        // An insight keeps its marker: "Real problem: …" says what it is.
        let text = if l.label == Label::Insight {
            format!("{}: {rest}", l.text)
        } else {
            rest
        };
        self.content(line, Part::Text(text));
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
            At::Role(r) if self.in_task => {
                if let Some(task) = self.roles[r].tasks.last_mut() {
                    task.add(self.sub, line, part);
                }
            }
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
            At::Section(s) => {
                let section = &mut self.sections[s];
                section.parts.push(part.clone());
                section.draft.add(self.sub, line, part);
            }
            At::Intro => self.intro.push((line, part)),
        }
    }
}

/// What a label opens inside a task: an example starts a new one.
fn open_label(task: &mut TaskDraft, label: Label, line: usize) -> Sub {
    match label {
        Label::WhatHappens => Sub::WhatHappens,
        Label::Example => {
            task.examples.push(super::draft::ExampleDraft {
                line,
                ..Default::default()
            });
            Sub::Example
        }
        Label::Insight => Sub::Insight,
        Label::Questions => Sub::Questions,
        Label::Why | Label::Outsiders => Sub::Why,
    }
}
