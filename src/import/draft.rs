//! Roles, tasks, examples and sections while the document is walked, and
//! the rule for where a paragraph or list lands inside a task.

use super::prose::{Part, fold_words, question, sentences};

/// Which part of a task the text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// A task pattern's own text: paragraphs, then the bullets it asks.
    Body,
    /// A section's text, before it is known to be a task: statements
    /// describe it, questions (bullets or sentences ending `?`) are its
    /// questions.
    Section,
    WhatHappens,
    Example,
    Insight,
    Questions,
    Why,
}

#[derive(Debug, Default)]
pub struct RoleDraft {
    pub name: String,
    /// `names::role_key` of the name, to find the role again.
    pub key: String,
    /// The heading the role came from, for warnings.
    pub heading: String,
    pub line: usize,
    pub rank: u8,
    /// Named by a heading that says it is a role (`… — 5 daily task patterns`).
    pub explicit: bool,
    /// Named after the document's title for want of a role heading.
    pub from_title: bool,
    /// The title's name it had before a heading named it: (line, name).
    pub renamed_from: Option<(usize, String)>,
    /// Its tasks went to the document's one real role.
    pub absorbed: bool,
    /// Time blocks (`Some(true)`), task patterns (`Some(false)`), or no task yet.
    pub timed: Option<bool>,
    pub summary: Vec<Part>,
    pub outsiders: Vec<Part>,
    pub in_outsiders: bool,
    pub tasks: Vec<TaskDraft>,
    /// Content under the role that is in no task.
    pub stray: Vec<(usize, String, Vec<Part>)>,
    pub profile: ProfileDraft,
}

impl RoleDraft {
    pub fn has_time_blocks(&self) -> bool {
        self.tasks.iter().any(|t| t.time.is_some())
    }
}

/// The profile fields found so far (the model's `Profile` has no `Default`).
#[derive(Debug, Default)]
pub struct ProfileDraft {
    pub center_of_gravity: Option<String>,
    pub typical_output: Option<String>,
    pub failure_mode: Option<String>,
    pub outsiders_miss: Option<String>,
}

#[derive(Debug, Default)]
pub struct TaskDraft {
    pub title: String,
    pub line: usize,
    pub time: Option<(String, u32)>,
    pub what: Vec<String>,
    pub why: Vec<Part>,
    pub examples: Vec<ExampleDraft>,
    pub questions: Vec<(usize, String)>,
    /// Statements found under the questions, moved to what happens.
    pub moved: Vec<(usize, String)>,
}

impl TaskDraft {
    pub fn new(title: &str, line: usize) -> TaskDraft {
        TaskDraft {
            title: title.to_owned(),
            line,
            ..TaskDraft::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.what.is_empty()
            && self.why.is_empty()
            && self.examples.is_empty()
            && self.questions.is_empty()
    }

    /// Adds a paragraph or list found under `sub`.
    pub fn add(&mut self, sub: Sub, line: usize, part: Part) {
        match (sub, part) {
            (Sub::Section, part) => {
                let pieces = match part {
                    Part::Text(t) => sentences(&t),
                    Part::Items(items) => items,
                };
                for piece in pieces {
                    if piece.trim_end().ends_with('?') {
                        self.questions.push((line, question(&piece)));
                    } else {
                        self.what.push(piece.trim().to_owned());
                    }
                }
            }
            (Sub::Body, Part::Text(text)) if !self.questions.is_empty() => {
                self.why.push(Part::Text(text));
            }
            (Sub::Body | Sub::WhatHappens, Part::Text(text)) => self.what.extend(sentences(&text)),
            (Sub::WhatHappens, Part::Items(items)) => {
                self.what.extend(items.iter().map(|i| i.trim().to_owned()));
            }
            (Sub::Body | Sub::Questions, Part::Items(items)) => {
                self.questions
                    .extend(items.iter().map(|i| (line, question(i))));
            }
            (Sub::Questions, Part::Text(text)) => {
                for sentence in sentences(&text) {
                    if sentence.ends_with('?') {
                        self.questions.push((line, question(&sentence)));
                    } else {
                        self.moved.push((line, sentence.clone()));
                        self.what.push(sentence);
                    }
                }
            }
            (Sub::Example, part) => {
                let starts_insight = matches!(&part, Part::Text(t) if is_insight(t));
                match self.examples.last_mut() {
                    Some(example) if !example.insight.is_empty() || starts_insight => {
                        example.insight.push(part);
                    }
                    Some(example) => example.situation.push(part),
                    None => self.examples.push(ExampleDraft {
                        line,
                        situation: vec![part],
                        insight: Vec::new(),
                    }),
                }
            }
            (Sub::Insight, part) => match self.examples.last_mut() {
                Some(example) => example.insight.push(part),
                // An insight with no example is about the task itself.
                None => self.why.push(part),
            },
            (Sub::Why, part) => self.why.push(part),
        }
    }
}

/// An example: the situation, then what it teaches.
#[derive(Debug, Default)]
pub struct ExampleDraft {
    pub line: usize,
    pub situation: Vec<Part>,
    pub insight: Vec<Part>,
}

/// Whether a paragraph in an example states its insight rather than its
/// situation (`Real problem: …`, `You refine to: …`).
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
        "fix",
        "answer",
        "outcome",
        "result",
        "so what",
        "why it matters",
        "the lesson",
        "moral",
    ]
    .contains(&head.as_str())
}

/// A heading's text that is no role or task (yet): a note, a task when the
/// document has no other structure, or a role when a task pattern follows.
#[derive(Debug, Default)]
pub struct Section {
    /// Its heading, after the headings it is under (`Parent — Child`).
    pub title: String,
    /// Its own heading.
    pub heading: String,
    pub line: usize,
    /// Its heading's rank (Markdown level, or numbered or plain).
    pub rank: u8,
    /// Everything under it in order, labels included, for a note.
    pub parts: Vec<Part>,
    /// The same text read as a task would be.
    pub draft: TaskDraft,
    /// A label (`Example`, `Questions`) sat here.
    pub labelled: bool,
    /// A table or an outline sat here (handled on their own).
    pub had_rows: bool,
    /// A later heading is under this one and names it in its front.
    pub is_parent: bool,
    /// Its text became a task.
    pub used: bool,
    pub role: Option<usize>,
}

/// A note before its id: `warn` says it holds material the importer could
/// not place (and so is listed in the warnings).
pub struct NoteDraft {
    pub front: String,
    pub parts: Vec<Part>,
    pub role: Option<usize>,
    pub line: usize,
    pub warn: bool,
    pub key_points: Option<Vec<String>>,
}

/// A text shortened for a warning.
pub fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}
