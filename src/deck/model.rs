//! The deck model: what a RON deck file describes, as plain data.
//!
//! Owns the serde shape of a deck (field names, optional fields, defaults).
//! It does not validate content (see `validate`) or generate cards (see `cards`).

use serde::{Deserialize, Serialize};

/// A deck: a set of roles with their tasks, plus free notes and synonyms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deck {
    /// Stable id (`a-z0-9-`); part of every card id, so renaming it resets progress.
    pub id: String,
    /// Human title shown in listings.
    pub title: String,
    /// One or two sentences on what the deck covers.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the material comes from (a document, a person); shown in `decks`.
    #[serde(default)]
    pub source: Option<String>,
    /// The roles this deck teaches.
    pub roles: Vec<Role>,
    /// Free front/back cards for tables and insights that fit no task.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Groups of words or phrases the scorer treats as meaning the same.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

impl Deck {
    /// Gives back the spare capacity reading left in the deck's lists (they
    /// grow by doubling while read): a library keeps every deck for the
    /// whole run, and at 100k cards that slack was several megabytes.
    pub fn shrink_to_fit(&mut self) {
        self.roles.shrink_to_fit();
        for role in &mut self.roles {
            role.tasks.shrink_to_fit();
            for task in &mut role.tasks {
                task.what_happens.shrink_to_fit();
                task.questions.shrink_to_fit();
                task.key_points.shrink_to_fit();
                task.examples.shrink_to_fit();
                for example in &mut task.examples {
                    example.key_points.shrink_to_fit();
                }
            }
        }
        self.notes.shrink_to_fit();
        for note in &mut self.notes {
            note.key_points.shrink_to_fit();
        }
        self.synonyms.shrink_to_fit();
    }
}

/// A role (or a persona whose day the deck walks through).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// A sentence on what the role is for.
    #[serde(default)]
    pub summary: Option<String>,
    /// The role at a glance; absent when the source gives no such comparison.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Daily task patterns, or the time blocks of a day in order.
    pub tasks: Vec<Task>,
    /// What each mock-interview rubric score means for this role, for the
    /// lenses the deck words itself; the others keep the built-in anchors.
    #[serde(default)]
    pub rubric: Option<RubricAnchors>,
}

/// Rubric anchors: for a lens, one line per score 0, 1, 2 and 3 saying what
/// an answer at that score does. Written `Rubric(…)` in a deck.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Rubric")]
pub struct RubricAnchors {
    /// Decisions it owns.
    #[serde(default)]
    pub decisions: Option<Vec<String>>,
    /// Evidence it works from.
    #[serde(default)]
    pub evidence: Option<Vec<String>>,
    /// Conflict it manages.
    #[serde(default)]
    pub conflict: Option<Vec<String>>,
    /// Leverage it creates.
    #[serde(default)]
    pub leverage: Option<Vec<String>>,
}

impl RubricAnchors {
    /// Lens field names, in rubric order.
    pub const LENSES: [&'static str; 4] = ["decisions", "evidence", "conflict", "leverage"];
    /// Anchors a lens needs: one per score 0–3.
    pub const SCORES: usize = 4;

    /// The anchors written for each lens, in rubric order.
    pub fn by_lens(&self) -> [Option<&[String]>; 4] {
        [
            self.decisions.as_deref(),
            self.evidence.as_deref(),
            self.conflict.as_deref(),
            self.leverage.as_deref(),
        ]
    }
}

/// How a role spends its day, in the terms of a cross-role comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub center_of_gravity: Option<String>,
    #[serde(default)]
    pub typical_output: Option<String>,
    #[serde(default)]
    pub failure_mode: Option<String>,
    #[serde(default)]
    pub outsiders_miss: Option<String>,
}

/// A daily task pattern or a time block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub title: String,
    /// Time of day as `HH:MM` (24 h) for time blocks; absent for task patterns.
    #[serde(default)]
    pub time: Option<String>,
    /// What happens in this task, one point per entry.
    pub what_happens: Vec<String>,
    /// Why the task matters, when the source says so.
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub examples: Vec<Example>,
    /// The questions a person in the role should be asking here.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Key points for the `duties` card; when empty they come from `what_happens`.
    #[serde(default)]
    pub key_points: Vec<String>,
}

/// An example situation and the insight it teaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub situation: String,
    pub insight: String,
    /// Points a good answer to the scenario makes; when empty, the insight is the point.
    #[serde(default)]
    pub key_points: Vec<String>,
}

/// A free card for material that belongs to the deck rather than to one task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub front: String,
    pub back: String,
    /// Points a typed answer should make; when empty, the back is the point.
    #[serde(default)]
    pub key_points: Vec<String>,
    /// The role this note is about, if any (used for filters and tags).
    #[serde(default)]
    pub role: Option<String>,
}
