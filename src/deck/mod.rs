//! Decks: the model, loading, validation and card generation.
//!
//! Pure apart from `load`, which reads deck files; nothing here prints.

pub mod card;
pub mod generate;
pub mod lint;
pub mod load;
pub mod model;
pub mod ron_tree;
pub mod validate;

pub use card::{AnswerMode, Card, CardId, CardKind};
pub use model::{Deck, Example, Note, Profile, Role, RubricAnchors, Task};
