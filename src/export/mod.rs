//! Cards as files other tools import: Anki's plain-text format, an Anki
//! package (`.apkg`) that can carry the learner's schedule, and CSV.
//!
//! Pure: cards (and, for a package with progress, a profile's states and
//! reviews) in, text or bytes out; `cmd::export` picks the cards, reads the
//! profile and writes the file. Deck text is untrusted, so every field
//! passes through `text::inert` first, and each format then escapes what it
//! must. Both Anki formats render a card into the same note ([`note`]), so
//! importing one after the other updates notes instead of changing them.

mod anki_schedule;
mod note;
mod package;
mod text;

pub use package::{ProfileSchedule, package};
pub use text::{CSV_COLUMNS, anki_text, csv};
