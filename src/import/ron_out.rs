//! Writing a deck as RON for a person to edit: one field per line, four
//! spaces per level, optional fields and empty lists left out, strings with
//! every control and bidi character escaped.
//!
//! A small writer of its own because `ron::ser::PrettyConfig` writes every
//! field, `None`s and empty lists included. The output is read back by the
//! deck loader's options (implicit `Some`), which a test checks.

use crate::deck::{Deck, Example, Note, Profile, Role, RubricAnchors, Task};
use std::fmt::Write as _;

/// The deck as RON, after `header` as `//` comment lines.
pub fn to_ron(deck: &Deck, header: &[String]) -> String {
    let mut w = Writer::default();
    for line in header {
        if line.is_empty() {
            w.out.push_str("//\n");
        } else {
            for part in line.lines() {
                let _ = writeln!(w.out, "// {}", comment_safe(part));
            }
        }
    }
    w.open("Deck(");
    w.string("id", &deck.id);
    w.string("title", &deck.title);
    w.option("description", deck.description.as_deref());
    w.option("source", deck.source.as_deref());
    w.list("roles", &deck.roles, role);
    w.list("notes", &deck.notes, note);
    if !deck.synonyms.is_empty() {
        w.line("synonyms: [");
        w.depth += 1;
        for group in &deck.synonyms {
            let words: Vec<String> = group.iter().map(|g| quote(g)).collect();
            w.line(&format!("[{}],", words.join(", ")));
        }
        w.depth -= 1;
        w.line("],");
    }
    w.depth -= 1;
    w.line(")");
    w.out
}

fn role(w: &mut Writer, role: &Role) {
    w.open("Role(");
    w.string("id", &role.id);
    w.string("name", &role.name);
    w.option("summary", role.summary.as_deref());
    if let Some(p) = &role.profile {
        profile(w, p);
    }
    w.list("tasks", &role.tasks, task);
    if let Some(r) = &role.rubric {
        w.open("rubric: Rubric(");
        for (lens, anchors) in RubricAnchors::LENSES.iter().zip(r.by_lens()) {
            if let Some(anchors) = anchors {
                w.strings(lens, anchors, true);
            }
        }
        w.close("),");
    }
    w.close("),");
}

fn profile(w: &mut Writer, p: &Profile) {
    w.open("profile: Profile(");
    w.option("center_of_gravity", p.center_of_gravity.as_deref());
    w.option("typical_output", p.typical_output.as_deref());
    w.option("failure_mode", p.failure_mode.as_deref());
    w.option("outsiders_miss", p.outsiders_miss.as_deref());
    w.close("),");
}

fn task(w: &mut Writer, t: &Task) {
    w.open("Task(");
    w.string("id", &t.id);
    w.string("title", &t.title);
    w.option("time", t.time.as_deref());
    w.strings("what_happens", &t.what_happens, true);
    w.option("why", t.why.as_deref());
    w.list("examples", &t.examples, example);
    w.strings("questions", &t.questions, false);
    w.strings("key_points", &t.key_points, false);
    w.close("),");
}

fn example(w: &mut Writer, e: &Example) {
    w.open("Example(");
    w.string("situation", &e.situation);
    w.string("insight", &e.insight);
    w.strings("key_points", &e.key_points, false);
    w.close("),");
}

fn note(w: &mut Writer, n: &Note) {
    w.open("Note(");
    w.string("id", &n.id);
    w.string("front", &n.front);
    w.string("back", &n.back);
    w.strings("key_points", &n.key_points, false);
    w.option("role", n.role.as_deref());
    w.close("),");
}

#[derive(Default)]
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn open(&mut self, text: &str) {
        self.line(text);
        self.depth += 1;
    }

    fn close(&mut self, text: &str) {
        self.depth -= 1;
        self.line(text);
    }

    fn string(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}: {},", quote(value)));
    }

    fn option(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(name, value);
        }
    }

    /// A list of strings; `required` lists are written even when empty.
    fn strings(&mut self, name: &str, values: &[String], required: bool) {
        if values.is_empty() && !required {
            return;
        }
        self.open(&format!("{name}: ["));
        for value in values {
            self.line(&format!("{},", quote(value)));
        }
        self.close("],");
    }

    fn list<T>(&mut self, name: &str, items: &[T], write: fn(&mut Writer, &T)) {
        if items.is_empty() && name != "roles" {
            return;
        }
        self.open(&format!("{name}: ["));
        for item in items {
            write(self, item);
        }
        self.close("],");
    }
}

/// A RON string literal. Controls, bidi marks and anything that could
/// reorder or hide text are written as `\u{…}` escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every control (newline and tab included: callers write those first) and
/// whatever `text::inert` escapes.
fn needs_escape(c: char) -> bool {
    c.is_control() || crate::text::needs_escape(c)
}

/// Comment text cannot end the comment or hide anything: one line, no controls.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if needs_escape(c) { '?' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::validate::parse_deck;

    fn deck() -> Deck {
        Deck {
            id: "d".into(),
            title: "Quotes \"and\" \\ back\nslash\t\u{1b}[31m \u{202e}rtl".into(),
            description: None,
            source: Some("src".into()),
            roles: vec![Role {
                id: "r".into(),
                name: "R".into(),
                summary: None,
                profile: Some(Profile {
                    center_of_gravity: Some("c".into()),
                    typical_output: None,
                    failure_mode: None,
                    outsiders_miss: None,
                }),
                tasks: vec![Task {
                    id: "t".into(),
                    title: "T".into(),
                    time: Some("06:45".into()),
                    what_happens: vec!["w — “x” ’".into()],
                    why: None,
                    examples: vec![Example {
                        situation: "s".into(),
                        insight: "i".into(),
                        key_points: vec![],
                    }],
                    questions: vec!["q?".into()],
                    key_points: vec![],
                }],
                rubric: Some(RubricAnchors {
                    conflict: Some(vec!["0".into(), "1".into(), "2".into(), "3 \"x\"".into()]),
                    ..RubricAnchors::default()
                }),
            }],
            notes: vec![Note {
                id: "n".into(),
                front: "f".into(),
                back: "b".into(),
                key_points: vec!["k".into()],
                role: Some("r".into()),
            }],
            synonyms: vec![vec!["a".into(), "b".into()]],
        }
    }

    #[test]
    fn round_trips_through_the_loader() {
        let deck = deck();
        let ron = to_ron(&deck, &["header */ line".into(), String::new()]);
        assert_eq!(parse_deck(&ron), Ok(deck), "{ron}");
        assert!(!ron.contains("None") && !ron.contains("Some("), "{ron}");
        assert!(!ron.contains('\u{1b}') && !ron.contains('\u{202e}'));
    }

    #[test]
    fn writes_one_field_per_line() {
        let ron = to_ron(&deck(), &[]);
        assert!(ron.starts_with("Deck(\n    id: \"d\",\n"), "{ron}");
        assert!(
            ron.contains("\n        Role(\n            id: \"r\",\n"),
            "{ron}"
        );
        assert!(
            ron.contains("                    time: \"06:45\",\n"),
            "{ron}"
        );
        assert!(
            !ron.contains("description"),
            "empty optional fields are left out"
        );
        assert!(!ron.contains("key_points: [\n                            ],"));
    }
}
