//! Cards: the units the scheduler and the prompt loop work with.
//!
//! A card is derived data: it is regenerated from the deck on every run, and
//! only its id is persisted (in the review log). See `generate` for the rules.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A card's stable id: `deck/role/task/kind[/index]`, with the role and task
/// segments present only when the card belongs to one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CardId(pub String);

impl CardId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a card asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardKind {
    /// What happens in a task and why it matters.
    Duties,
    /// Which questions to ask in a task.
    Questions,
    /// An example situation: what is the real problem, what would you do.
    Scenario,
    /// Which role owns a task (multiple choice).
    WhichRole,
    /// Which task or time block a question belongs to (multiple choice).
    WhichTask,
    /// A role's center of gravity, output, failure mode or blind spot.
    Profile,
    /// Put a role's day in order.
    Timeline,
    /// A free front/back card from the deck's notes.
    Note,
}

impl CardKind {
    pub const ALL: [CardKind; 8] = [
        CardKind::Duties,
        CardKind::Questions,
        CardKind::Scenario,
        CardKind::WhichRole,
        CardKind::WhichTask,
        CardKind::Profile,
        CardKind::Timeline,
        CardKind::Note,
    ];

    /// The kebab-case name used in ids, flags and JSON.
    pub fn name(self) -> &'static str {
        match self {
            CardKind::Duties => "duties",
            CardKind::Questions => "questions",
            CardKind::Scenario => "scenario",
            CardKind::WhichRole => "which-role",
            CardKind::WhichTask => "which-task",
            CardKind::Profile => "profile",
            CardKind::Timeline => "timeline",
            CardKind::Note => "note",
        }
    }

    pub fn from_name(name: &str) -> Option<CardKind> {
        CardKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for CardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the learner answers a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerMode {
    /// Free text, scored against the key points.
    Typed,
    /// Think, reveal, then rate yourself.
    #[serde(rename = "self")]
    SelfGraded,
    /// Pick one of `choices`.
    Choice,
    /// Put `choices` in the right order.
    Order,
}

impl AnswerMode {
    pub fn name(self) -> &'static str {
        match self {
            AnswerMode::Typed => "typed",
            AnswerMode::SelfGraded => "self",
            AnswerMode::Choice => "choice",
            AnswerMode::Order => "order",
        }
    }
}

impl fmt::Display for AnswerMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One flashcard. The deck, role and task ids and the sibling group are
/// shared by every card of their deck, role or task (a library of 100k
/// cards held a copy of each per card).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    pub id: CardId,
    pub kind: CardKind,
    #[serde(serialize_with = "shared")]
    pub deck: Arc<str>,
    #[serde(serialize_with = "shared_or_none")]
    pub role: Option<Arc<str>>,
    #[serde(serialize_with = "shared_or_none")]
    pub task: Option<Arc<str>>,
    pub prompt: String,
    /// The reference answer shown as feedback.
    pub answer: String,
    /// What a full answer covers; typed answers are scored against these.
    pub key_points: Vec<String>,
    pub mode: AnswerMode,
    /// Options for `choice` cards, items (in presentation order) for `order` cards.
    pub choices: Vec<String>,
    /// `choice`: the one right index into `choices`; `order`: the indexes of
    /// `choices` in the right order.
    pub correct: Vec<usize>,
    /// Cards sharing a sibling group are not shown on the same day.
    #[serde(serialize_with = "shared")]
    pub siblings: Arc<str>,
}

/// A shared string as a JSON string (serde's `rc` feature not needed).
fn shared<S: Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}

// `serialize_with` hands over the field itself, `&Option<_>`.
#[allow(clippy::ref_option)]
fn shared_or_none<S: Serializer>(text: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => s.serialize_some(&**text),
        None => s.serialize_none(),
    }
}
