//! Cards: the units the scheduler and the prompt loop work with.
//!
//! A card is derived data: it is regenerated from the deck on every run, and
//! only its id is persisted (in the review log). See `generate` for the rules.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
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
/// shared by every card of their deck, role or task, and a text several
/// cards show (an option of a choice card, a role's name, an insight that
/// is also the key point) is held once: a library of 100k cards held a copy
/// of each per card.
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
    #[serde(serialize_with = "prompt_text")]
    pub prompt: Prompt,
    /// The reference answer shown as feedback.
    #[serde(serialize_with = "shared")]
    pub answer: Arc<str>,
    /// What a full answer covers; typed answers are scored against these.
    #[serde(serialize_with = "texts")]
    pub key_points: Arc<[Arc<str>]>,
    pub mode: AnswerMode,
    /// Options for `choice` cards, items (in presentation order) for `order` cards.
    #[serde(serialize_with = "texts")]
    pub choices: Vec<Arc<str>>,
    /// `choice`: the one right index into `choices`; `order`: the indexes of
    /// `choices` in the right order.
    pub correct: Vec<usize>,
    /// Cards sharing a sibling group are not shown on the same day.
    #[serde(serialize_with = "shared")]
    pub siblings: Arc<str>,
}

/// What a card asks, kept as the deck texts it is made of (shared with the
/// other cards that show them) and written out when shown: at 100k cards
/// the written-out prompts were the largest text the cards held.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// Text as it is.
    Text(Arc<str>),
    /// A task's heading (role, time, title), then what is asked about it.
    Task {
        heading: Arc<str>,
        ask: &'static str,
    },
    /// A task's heading, an example situation, then what is asked about it.
    Situation {
        heading: Arc<str>,
        situation: Arc<str>,
    },
    /// A question, then what is asked about it: `{asker}: {ask}` over the
    /// quoted text.
    Quote {
        asker: Option<Arc<str>>,
        ask: &'static str,
        quote: Arc<str>,
    },
}

impl Prompt {
    /// The prompt as the learner reads it.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Prompt::Text(text) => Cow::Borrowed(text),
            other => Cow::Owned(other.to_string()),
        }
    }
}

impl fmt::Display for Prompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Prompt::Text(text) => f.write_str(text),
            Prompt::Task { heading, ask } => write!(f, "{heading}\n{ask}"),
            Prompt::Situation { heading, situation } => write!(
                f,
                "{heading}\nSituation: {situation}\nWhat is the real problem here, and what would you do?"
            ),
            Prompt::Quote {
                asker: Some(asker),
                ask,
                quote,
            } => write!(f, "{asker}: {ask}\n“{quote}”"),
            Prompt::Quote {
                asker: None,
                ask,
                quote,
            } => write!(f, "{ask}\n“{quote}”"),
        }
    }
}

impl From<&str> for Prompt {
    fn from(text: &str) -> Prompt {
        Prompt::Text(text.into())
    }
}

impl From<String> for Prompt {
    fn from(text: String) -> Prompt {
        Prompt::Text(text.into())
    }
}

fn prompt_text<S: Serializer>(prompt: &Prompt, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(prompt)
}

/// A shared string as a JSON string (serde's `rc` feature not needed).
fn shared<S: Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}

/// Shared strings as a JSON list of strings.
fn texts<S: Serializer>(texts: &[Arc<str>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(texts.iter().map(|t| &**t))
}

// `serialize_with` hands over the field itself, `&Option<_>`.
#[allow(clippy::ref_option)]
fn shared_or_none<S: Serializer>(text: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => s.serialize_some(&**text),
        None => s.serialize_none(),
    }
}
