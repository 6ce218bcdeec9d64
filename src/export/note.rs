//! One card as an Anki note: the HTML of its two fields, its tags, its GUID
//! and its deck. The plain-text export and the package both render notes
//! here, so the same card gives the same note whichever way it reaches Anki.

use crate::deck::{AnswerMode, Card};
use crate::text::{escape_html, inert};
use std::fmt::Write as _;
use std::sync::Arc;

/// The Anki deck every rolecall deck lives under: `rolecall::DECK`.
pub const DECK_ROOT: &str = "rolecall";

/// A card as Anki stores it: a Basic-style note (Front, Back) with tags, a
/// GUID (the card id, so a second import updates instead of duplicating)
/// and the name of its deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
    pub guid: String,
    pub deck: String,
}

impl Note {
    pub fn of(card: &Card) -> Note {
        Note {
            front: field(front(card)),
            back: field(back(card)),
            tags: tags(card),
            guid: format!("rolecall:{}", plain(card.id.as_str())),
            deck: deck_name(&card.deck),
        }
    }
}

/// The Anki deck of rolecall deck `deck`.
pub fn deck_name(deck: &str) -> String {
    format!("{DECK_ROOT}::{}", tag_part(deck))
}

/// A finished field. A leading `#` becomes `&#35;`: Anki's text import
/// reads a line that starts with `#` as a comment (or a header) and drops
/// it, and the entity shows as `#` all the same.
fn field(html: String) -> String {
    match html.strip_prefix('#') {
        Some(rest) => format!("&#35;{rest}"),
        None => html,
    }
}

/// Deck text made inert, then HTML-escaped, with line breaks as `<br>` and
/// tabs as spaces: a field never holds a raw tab or newline.
pub fn html(text: &str) -> String {
    escape_html(text).replace('\t', " ").replace('\n', "<br>")
}

fn html_list(tag: &str, items: &[impl AsRef<str>]) -> String {
    let mut out = format!("<{tag}>");
    for item in items {
        let _ = write!(out, "<li>{}</li>", html(item.as_ref()));
    }
    let _ = write!(out, "</{tag}>");
    out
}

/// The prompt; choice and ordering cards list their options.
fn front(card: &Card) -> String {
    let mut front = html(&card.prompt.text());
    match card.mode {
        AnswerMode::Choice if !card.choices.is_empty() => {
            front.push_str(&html_list("ol", &card.choices));
        }
        AnswerMode::Order if !card.choices.is_empty() => {
            front.push_str("<br>Put in order:");
            front.push_str(&html_list("ul", &card.choices));
        }
        _ => {}
    }
    front
}

/// The answer; choice cards name the right option, ordering cards give the
/// order, typed cards list their key points unless the answer is the point.
fn back(card: &Card) -> String {
    let mut back = String::new();
    match card.mode {
        AnswerMode::Choice => {
            if let Some(&i) = card.correct.first()
                && let Some(choice) = card.choices.get(i)
            {
                let _ = write!(back, "{}. {}", i + 1, html(choice));
            }
        }
        AnswerMode::Order => {
            let ordered: Vec<Arc<str>> = card
                .correct
                .iter()
                .filter_map(|&i| card.choices.get(i).cloned())
                .collect();
            back.push_str(&html_list("ol", &ordered));
        }
        AnswerMode::Typed | AnswerMode::SelfGraded => {}
    }
    let answer_is_listed = matches!(card.mode, AnswerMode::Choice | AnswerMode::Order);
    if !card.answer.is_empty() && (!answer_is_listed || back.is_empty()) {
        if !back.is_empty() {
            back.push_str("<br>");
        }
        back.push_str(&html(&card.answer));
    }
    let points_repeat_answer = *card.key_points == [card.answer.clone()];
    if !card.key_points.is_empty() && !points_repeat_answer && !answer_is_listed {
        back.push_str("<br>Key points:");
        back.push_str(&html_list("ul", &card.key_points));
    }
    back
}

/// `rolecall::DECK::ROLE` (or `rolecall::DECK`) and `rolecall::kind::KIND`.
fn tags(card: &Card) -> Vec<String> {
    let place = match &card.role {
        Some(role) => format!("{}::{}", deck_name(&card.deck), tag_part(role)),
        None => deck_name(&card.deck),
    };
    vec![place, format!("{DECK_ROOT}::kind::{}", card.kind)]
}

/// Tags are separated by spaces: anything but letters, digits, `-` and `_`
/// becomes `_`.
fn tag_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Text for a field that holds no HTML (ids): inert, tabs and newlines as spaces.
fn plain(text: &str) -> String {
    inert(text).replace(['\t', '\n'], " ")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::deck::{CardId, CardKind};

    pub(in crate::export) fn card(mode: AnswerMode) -> Card {
        Card {
            id: CardId("d/r/t/which-role".into()),
            kind: CardKind::WhichRole,
            deck: "d".into(),
            role: Some("r".into()),
            task: Some("t".into()),
            prompt: "Who <owns>\tthis & \"that\"?\nNext line \u{1b}[31m".into(),
            answer: "AppSec".into(),
            key_points: Arc::from(["k1".into(), "k2 <b>".into()]),
            mode,
            choices: vec!["DevSecOps".into(), "AppSec".into()],
            correct: vec![1],
            siblings: "s".into(),
        }
    }

    #[test]
    fn a_choice_card_lists_its_options_and_names_the_right_one() {
        let note = Note::of(&card(AnswerMode::Choice));
        assert_eq!(
            note.front,
            "Who &lt;owns&gt; this &amp; &quot;that&quot;?<br>Next line \\u{1b}[31m<ol><li>DevSecOps</li><li>AppSec</li></ol>"
        );
        assert_eq!(note.back, "2. AppSec");
        assert_eq!(note.tags, ["rolecall::d::r", "rolecall::kind::which-role"]);
        assert_eq!(note.guid, "rolecall:d/r/t/which-role");
        assert_eq!(note.deck, "rolecall::d");
    }

    #[test]
    fn a_typed_card_lists_its_key_points() {
        let note = Note::of(&card(AnswerMode::Typed));
        assert_eq!(
            note.back,
            "AppSec<br>Key points:<ul><li>k1</li><li>k2 &lt;b&gt;</li></ul>"
        );
        assert_eq!(note.front.matches("<ol>").count(), 0);
    }

    #[test]
    fn a_leading_hash_is_an_entity_in_every_field() {
        let mut c = card(AnswerMode::Typed);
        c.prompt = "#1 Response Team: who is paged?".into();
        c.answer = "#oncall first".into();
        c.deck = "d#x y".into();
        let note = Note::of(&c);
        assert_eq!(note.front, "&#35;1 Response Team: who is paged?");
        assert!(
            note.back.starts_with("&#35;oncall first<br>"),
            "{}",
            note.back
        );
        assert_eq!(note.deck, "rolecall::d_x_y");
        // Only the first character: a `#` inside a field is plain text.
        c.prompt = "Page #1".into();
        assert_eq!(Note::of(&c).front, "Page #1");
    }
}
