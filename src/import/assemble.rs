//! From drafts to the deck: tables into profiles and notes, outlines
//! checked against the headings, a document's title role joined to its one
//! real role, sections into notes (or tasks, when the document has no other
//! structure), then ids. Each warning is made here, once names are final,
//! and says what it claims in its `Kind`.

use std::collections::HashSet;

use super::build::Builder;
use super::draft::{ExampleDraft, NoteDraft, RoleDraft, Section, Sub, TaskDraft, short};
use super::names::clean_name;
use super::prose::{Part, fold_words, join_parts, unique_id};
use super::table::{self, ProfileField};
use super::{Kind, Warning};
use crate::deck::{Deck, Example, Note, Profile, Role, Task};

/// The insight of an example whose source states none, when the task has
/// no questions either: a question, so `check` sees there is no insight.
const NO_INSIGHT: &str = "What is the real problem here, and what would you do?";

impl Builder {
    /// Builds the deck; `None` when no role has a task.
    pub fn finish(&mut self) -> Option<Deck> {
        self.join_title_role();
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
                if !draft.absorbed {
                    self.role_without_tasks(&draft, &mut notes);
                }
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
        let deck_notes = self.notes(notes, &roles);
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

    /// A document with one role of its own and time blocks before it (held
    /// by a role named after the title) describes one role: the time blocks
    /// join it, in document order.
    fn join_title_role(&mut self) {
        let from_title: Vec<usize> = (0..self.roles.len())
            .filter(|&r| self.roles[r].from_title && !self.roles[r].tasks.is_empty())
            .collect();
        let real: Vec<usize> = (0..self.roles.len())
            .filter(|&r| !self.roles[r].from_title && !self.roles[r].tasks.is_empty())
            .collect();
        let ([t], [r]) = (from_title.as_slice(), real.as_slice()) else {
            return;
        };
        let (t, r) = (*t, *r);
        let tasks = std::mem::take(&mut self.roles[t].tasks);
        let stray = std::mem::take(&mut self.roles[t].stray);
        let was = self.roles[t].name.clone();
        let line = self.roles[t].line;
        self.roles[t].absorbed = true;
        let role = &mut self.roles[r];
        role.tasks.extend(tasks);
        role.tasks.sort_by_key(|task| task.line);
        role.stray.extend(stray);
        if role.renamed_from.is_none() {
            role.renamed_from = Some((line, was));
        }
    }

    fn apply_tables(&mut self, notes: &mut Vec<NoteDraft>) {
        let names: Vec<String> = self.roles.iter().map(|r| r.name.clone()).collect();
        for table in std::mem::take(&mut self.tables) {
            let first = table.rows.lines.first().map_or(0, |l| l.line);
            let last = table.rows.lines.last().map_or(0, |l| l.line);
            let out = table::interpret(&table.rows, table.cells.as_deref(), &table.context, &names);
            let mut filled = Vec::new();
            for (r, field, text) in out.profiles {
                let profile = &mut self.roles[r].profile;
                let slot = match field {
                    ProfileField::CenterOfGravity => &mut profile.center_of_gravity,
                    ProfileField::TypicalOutput => &mut profile.typical_output,
                    ProfileField::FailureMode => &mut profile.failure_mode,
                    ProfileField::OutsidersMiss => &mut profile.outsiders_miss,
                };
                if slot.is_none() && !text.trim().is_empty() {
                    *slot = Some(text);
                    filled.push((names[r].clone(), field_name(field)));
                }
            }
            let mut fronts = Vec::new();
            for note in out.notes {
                fronts.push(note.front.clone());
                notes.push(NoteDraft {
                    front: note.front,
                    parts: vec![Part::Text(note.back)],
                    role: note.role,
                    line: note.line,
                    warn: false,
                    key_points: Some(note.key_points),
                });
            }
            let (p, n) = (filled.len(), fronts.len());
            let message = if out.ambiguous {
                let rows = if n == 1 {
                    "its row became a note".to_owned()
                } else {
                    format!("its {n} rows became notes")
                };
                format!(
                    "the table's cells are separated by single spaces, so its columns cannot be told apart: {rows}; for role profiles, separate the cells with tabs, `|` or two spaces and import again"
                )
            } else if out.guessed {
                let roles: Vec<&str> = filled.iter().map(|(role, _)| role.as_str()).collect();
                let mut roles = roles;
                roles.dedup();
                format!(
                    "the table's cells are separated by single spaces: split them at a guess into {p} profile fields of {}; check where each cell ends",
                    roles.join(", ")
                )
            } else {
                match (p, n) {
                    (0, n) => format!("table rows became {n} notes"),
                    (p, 0) => format!("table filled {p} role profile fields"),
                    (p, n) => format!(
                        "table filled {p} role profile fields; its other cells became {n} notes"
                    ),
                }
            };
            self.warnings.push(Warning::span(
                first,
                last,
                Kind::Table {
                    notes: fronts,
                    profiles: filled,
                    guessed: out.guessed,
                },
                message,
            ));
        }
    }

    /// An outline whose entries are all headings of the document is a table
    /// of contents: skipped. Otherwise it is kept as a note.
    fn check_trees(&mut self) {
        let headings: Vec<String> = self.headings.iter().map(|h| fold_words(h)).collect();
        for tree in std::mem::take(&mut self.trees) {
            let missing = tree.entries.iter().any(|entry| {
                let text =
                    super::blocks::time_block(entry, 0).map_or_else(|| entry.clone(), |t| t.title);
                let folded = fold_words(&text);
                !folded.is_empty()
                    && !headings.iter().any(|h| {
                        h.starts_with(&folded) || folded.starts_with(h.as_str()) && !h.is_empty()
                    })
            });
            if missing {
                let title = format!("{}: outline", self.title);
                self.sections.push(Section {
                    title,
                    line: tree.first,
                    parts: vec![Part::Items(tree.entries.clone())],
                    ..Section::default()
                });
            } else {
                self.warnings.push(Warning::span(
                    tree.first,
                    tree.last,
                    Kind::Outline {
                        entries: tree.entries.clone(),
                    },
                    format!(
                        "outline of {} entries skipped: every entry is a section of the document",
                        tree.entries.len()
                    ),
                ));
            }
        }
    }

    /// No time blocks and no task patterns: each section becomes a task of
    /// one role named after the document, so the material is still studied.
    fn fallback_role(&mut self) {
        let name = super::names::role_name(&self.title).unwrap_or_else(|| clean_name(&self.title));
        let mut tasks = Vec::new();
        for section in &mut self.sections {
            if section.parts.is_empty() || section.draft.is_empty() {
                continue;
            }
            section.used = true;
            let mut draft = std::mem::take(&mut section.draft);
            draft.title.clone_from(&section.title);
            tasks.push(draft);
        }
        if tasks.is_empty() && !self.intro.is_empty() {
            let mut task = TaskDraft::new(&self.title, self.intro[0].0);
            for (line, part) in std::mem::take(&mut self.intro) {
                task.add(Sub::Section, line, part);
            }
            tasks.push(task);
        }
        for role in &mut self.roles {
            for (line, title, parts) in std::mem::take(&mut role.stray) {
                let mut task = TaskDraft::new(&title, line);
                for part in parts {
                    task.add(Sub::Section, line, part);
                }
                tasks.push(task);
            }
        }
        if tasks.is_empty() {
            return;
        }
        self.warnings.push(Warning::general(
            Kind::OneRole { role: name.clone() },
            format!(
                "found no time blocks (`6:45 AM — Title`) or numbered task patterns under a role heading; made each section a task of one role “{name}”: check the structure"
            ),
        ));
        self.roles.push(RoleDraft {
            key: super::names::role_key(&name),
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
            let heading = if draft.heading.is_empty() {
                &draft.name
            } else {
                &draft.heading
            };
            self.warnings.push(Warning::at(
                draft.line,
                Kind::NotImported {
                    text: heading.clone(),
                },
                format!("heading “{heading}” has no tasks or text under it; not imported"),
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
        if section.used || section.title.is_empty() {
            return;
        }
        if section.parts.iter().all(is_label_only) {
            if !section.had_rows && !section.is_parent {
                self.warnings.push(Warning::at(
                    section.line,
                    Kind::NotImported {
                        text: section.title.clone(),
                    },
                    format!(
                        "heading “{}” has nothing to study under it; not imported",
                        short(&section.title)
                    ),
                ));
            }
            return;
        }
        notes.push(NoteDraft {
            front: section.title,
            parts: section.parts,
            role: section.role.and_then(|r| kept.get(r).copied().flatten()),
            line: section.line,
            warn: true,
            key_points: None,
        });
    }

    /// The deck's notes, with ids; a note that holds material the importer
    /// could not place is listed in the warnings.
    fn notes(&mut self, drafts: Vec<NoteDraft>, roles: &[Role]) -> Vec<Note> {
        let single_role = (roles.len() == 1).then(|| roles[0].id.clone());
        let mut note_ids = HashSet::new();
        let mut out = Vec::new();
        for draft in drafts {
            let back = join_parts(&draft.parts);
            if back.is_empty() {
                continue;
            }
            let id = unique_id(&draft.front, "note", &mut note_ids);
            if draft.warn {
                self.warnings.push(Warning::at(
                    draft.line,
                    Kind::KeptAsNote {
                        front: draft.front.clone(),
                    },
                    format!(
                        "“{}” is not a time block, task pattern or role section; kept as note `{id}`",
                        short(&draft.front)
                    ),
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
            out.push(Note {
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
        out
    }

    fn role(&mut self, draft: RoleDraft, id: String) -> Role {
        if let Some((line, was)) = &draft.renamed_from {
            self.warnings.push(Warning::at(
                *line,
                Kind::SameRole {
                    role: draft.name.clone(),
                    was: was.clone(),
                },
                format!(
                    "“{was}” (from the document's title) and “{}” are one role: its time blocks and task patterns are all under “{}”",
                    draft.name, draft.name
                ),
            ));
        }
        let mut previous: Option<u32> = None;
        for task in &draft.tasks {
            let Some((time, minutes)) = &task.time else {
                continue;
            };
            if previous.is_some_and(|p| *minutes < p) {
                self.warnings.push(Warning::at(
                    task.line,
                    Kind::OutOfOrder {
                        role: draft.name.clone(),
                        time: time.clone(),
                    },
                    format!(
                        "time block {time} comes after a later one; the timeline card expects day order"
                    ),
                ));
            }
            previous = Some(*minutes);
        }
        let mut task_ids = HashSet::new();
        let mut tasks = Vec::new();
        for task in draft.tasks {
            let task_id = unique_id(&task.title, "task", &mut task_ids);
            tasks.push(self.task(task, task_id, &draft.name));
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
            rubric: None,
        }
    }

    fn task(&mut self, mut draft: TaskDraft, id: String, role: &str) -> Task {
        let names = |draft: &TaskDraft| (role.to_owned(), draft.title.clone());
        let mut seen = HashSet::new();
        let mut questions = Vec::new();
        for (line, q) in std::mem::take(&mut draft.questions) {
            if q.trim().is_empty() {
                continue;
            }
            if seen.insert(fold_words(&q)) {
                questions.push(q);
            } else {
                let (role, task) = names(&draft);
                self.warnings.push(Warning::at(
                    line,
                    Kind::DuplicateQuestion {
                        role,
                        task,
                        question: q.clone(),
                    },
                    format!(
                        "duplicate question “{}” in “{}” dropped",
                        short(&q),
                        draft.title
                    ),
                ));
            }
        }
        for (line, text) in std::mem::take(&mut draft.moved) {
            let (role, task) = names(&draft);
            self.warnings.push(Warning::at(
                line,
                Kind::NotAQuestion {
                    role,
                    task,
                    text: text.clone(),
                },
                format!(
                    "“{}” under the questions of “{}” is not a question; added to what happens",
                    short(&text),
                    draft.title
                ),
            ));
        }
        let mut examples = Vec::new();
        for example in std::mem::take(&mut draft.examples) {
            if let Some(example) = self.example(example, &mut draft, role, &questions) {
                examples.push(example);
            }
        }
        let mut what: Vec<String> = std::mem::take(&mut draft.what)
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect();
        if what.is_empty() {
            let (role, task) = names(&draft);
            self.warnings.push(Warning::at(
                draft.line,
                Kind::TitleStandsIn { role, task },
                format!(
                    "“{}” says nothing about what happens; its title stands in, write what happens",
                    short(&draft.title)
                ),
            ));
            what.push(draft.title.clone());
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

    /// An example: its situation and insight. With no insight the task's
    /// questions stand in (and a warning asks for the real one); an insight
    /// with no situation says why the task matters.
    fn example(
        &mut self,
        example: ExampleDraft,
        task: &mut TaskDraft,
        role: &str,
        questions: &[String],
    ) -> Option<Example> {
        let situation = join_parts(&example.situation);
        let insight = join_parts(&example.insight);
        let title = task.title.clone();
        match (situation.is_empty(), insight.is_empty()) {
            (false, false) => Some(Example {
                situation,
                insight,
                key_points: Vec::new(),
            }),
            (true, true) => {
                self.warnings.push(Warning::at(
                    example.line,
                    Kind::NotImported {
                        text: String::new(),
                    },
                    format!("empty example in “{}” skipped", short(&title)),
                ));
                None
            }
            (true, false) => {
                self.warnings.push(Warning::at(
                    example.line,
                    Kind::InsightAsWhy {
                        role: role.to_owned(),
                        task: title.clone(),
                    },
                    format!(
                        "the example in “{}” states an insight but no situation; kept as why the task matters",
                        short(&title)
                    ),
                ));
                task.why.extend(example.insight);
                None
            }
            (false, true) => {
                self.warnings.push(Warning::at(
                    example.line,
                    Kind::NoInsight {
                        role: role.to_owned(),
                        task: title.clone(),
                    },
                    format!(
                        "the example in “{}” states no insight; the task's questions stand in: write the real one",
                        short(&title)
                    ),
                ));
                let (insight, key_points) = if questions.is_empty() {
                    (NO_INSIGHT.to_owned(), vec![NO_INSIGHT.to_owned()])
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
    }
}

/// A part that is only a label a section was written with (`Example:`).
fn is_label_only(part: &Part) -> bool {
    matches!(part, Part::Text(t) if t.ends_with(':') && super::blocks::label_name(t.trim_end_matches(':')))
}

/// A profile field as the deck file names it.
fn field_name(field: ProfileField) -> &'static str {
    match field {
        ProfileField::CenterOfGravity => "center_of_gravity",
        ProfileField::TypicalOutput => "typical_output",
        ProfileField::FailureMode => "failure_mode",
        ProfileField::OutsidersMiss => "outsiders_miss",
    }
}
