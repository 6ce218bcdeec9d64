//! Deck validation: every problem of a deck file, each with line and column.
//!
//! Walks the position-keeping tree of `ron_tree` against the schema of
//! `model` (field names, types, required fields) and the rules serde cannot
//! express (ids, empty text, duplicates, references, times), collecting all
//! problems instead of stopping at the first. ron stays the authority on the
//! format: a deck this module finds clean is still deserialized by ron, and
//! any error ron raises is reported. It does not read files or check things
//! that span several decks (the loader does, with [`deck_id_position`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use super::model::{Deck, RubricAnchors};
use super::ron_tree::{self, Node, Pos, SyntaxErrorKind, Value};

/// One problem in a deck file, at a 1-based line and character column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The deck, when the source has no problem at all.
///
/// Most decks are clean, so ron parses them first and `is_clean` checks the
/// rules serde cannot express on the typed deck; only a deck that fails
/// either is parsed again into the position-keeping tree to say where every
/// problem is. That keeps loading close to the cost of ron alone.
pub fn parse_deck(src: &str) -> Result<Deck, Vec<Problem>> {
    if let Ok(deck) = ron_options().from_str::<Deck>(src)
        && is_clean(&deck)
    {
        return Ok(deck);
    }
    locate_problems(src)
}

/// Every problem of a deck source with its position, from the tree; the deck
/// when there is none after all.
fn locate_problems(src: &str) -> Result<Deck, Vec<Problem>> {
    let tree = match ron_tree::parse(src) {
        Ok(tree) => tree,
        Err(error) => return Err(vec![syntax_problem(src, &error)]),
    };
    let mut checker = Checker::default();
    checker.deck(&tree);
    if !checker.problems.is_empty() {
        let mut problems = checker.problems;
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    // The checker may miss a case ron rejects; ron has the last word.
    ron_options()
        .from_str::<Deck>(src)
        .map_err(|error| vec![ron_problem(&error)])
}

/// Where the deck's `id` value starts, as (line, column), for problems the
/// loader finds across files (two decks with one id).
pub fn deck_id_position(src: &str) -> Option<(usize, usize)> {
    let tree = ron_tree::parse(src).ok()?;
    let Value::Struct { fields, .. } = &tree.value else {
        return None;
    };
    let field = fields.iter().find(|f| f.name == "id")?;
    Some((field.value.pos.line, field.value.pos.column))
}

/// Whether a deck ron has read breaks none of the rules the [`Checker`]
/// enforces beyond serde (ids, blank text, empty lists, duplicates, times,
/// note roles, synonym groups). It must be at least as strict as the
/// checker: a deck it passes is loaded without the tree.
fn is_clean(deck: &Deck) -> bool {
    let text = |t: &str| !t.trim().is_empty();
    let opt = |t: &Option<String>| t.as_deref().is_none_or(text);
    let all = |items: &[String]| items.iter().all(|t| text(t));
    let id = |t: &str| {
        text(t)
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !t.starts_with('-')
            && !t.ends_with('-')
    };
    let task_ok = |t: &super::model::Task| {
        id(&t.id)
            && text(&t.title)
            && t.time
                .as_deref()
                .is_none_or(|time| text(time) && is_time(time))
            && !t.what_happens.is_empty()
            && all(&t.what_happens)
            && opt(&t.why)
            && t.examples
                .iter()
                .all(|e| text(&e.situation) && text(&e.insight) && all(&e.key_points))
            && all(&t.questions)
            && unique(t.questions.iter().map(|q| question_key(q)))
            && all(&t.key_points)
    };
    let rubric_ok = |r: &super::model::RubricAnchors| {
        r.by_lens()
            .iter()
            .flatten()
            .all(|lines| lines.len() == super::model::RubricAnchors::SCORES && all(lines))
    };
    let role_ok = |r: &super::model::Role| {
        id(&r.id)
            && text(&r.name)
            && opt(&r.summary)
            && r.profile.as_ref().is_none_or(|p| {
                opt(&p.center_of_gravity)
                    && opt(&p.typical_output)
                    && opt(&p.failure_mode)
                    && opt(&p.outsiders_miss)
            })
            && r.rubric.as_ref().is_none_or(rubric_ok)
            && !r.tasks.is_empty()
            && r.tasks.iter().all(task_ok)
            && unique(r.tasks.iter().map(|t| t.id.as_str()))
    };
    let role_ids: std::collections::HashSet<&str> =
        deck.roles.iter().map(|r| r.id.as_str()).collect();
    id(&deck.id)
        && text(&deck.title)
        && opt(&deck.description)
        && opt(&deck.source)
        && !deck.roles.is_empty()
        && deck.roles.iter().all(role_ok)
        && role_ids.len() == deck.roles.len()
        && deck.notes.iter().all(|n| {
            id(&n.id)
                && text(&n.front)
                && text(&n.back)
                && all(&n.key_points)
                && opt(&n.role)
                && n.role.as_deref().is_none_or(|r| role_ids.contains(r))
        })
        && unique(deck.notes.iter().map(|n| n.id.as_str()))
        && deck
            .synonyms
            .iter()
            .all(|group| group.len() >= 2 && all(group))
}

/// No item repeats.
fn unique<T: Eq + std::hash::Hash>(items: impl IntoIterator<Item = T>) -> bool {
    let mut seen = std::collections::HashSet::new();
    items.into_iter().all(|i| seen.insert(i))
}

/// The options decks are read with: optional fields may be written plainly.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn ron_problem(error: &ron::error::SpannedError) -> Problem {
    Problem {
        line: error.span.start.line,
        column: error.span.start.col,
        message: error.code.to_string(),
    }
}

/// A syntax error, in ron's words when ron agrees that the text is broken.
/// The nesting limit is ours alone: ron's message for it speaks of its API.
fn syntax_problem(src: &str, error: &ron_tree::SyntaxError) -> Problem {
    let hint = error.hint().unwrap_or_default();
    let ours = Problem {
        line: error.pos.line,
        column: error.pos.column,
        message: format!("{}{hint}", error.kind),
    };
    if error.kind == SyntaxErrorKind::TooDeep {
        return ours;
    }
    // Parsing into `ron::Value` checks syntax only, so ron's first error is
    // a syntax error rather than a schema one earlier in the file.
    let theirs = match ron_options().from_str::<ron::Value>(src) {
        Err(error) => error,
        Ok(_) => match ron_options().from_str::<Deck>(src) {
            Err(error) => error,
            // Valid RON outside the subset decks use: say what we could not read.
            Ok(_) => return ours,
        },
    };
    let mut problem = ron_problem(&theirs);
    problem.message.push_str(&hint);
    problem
}

/// The fields a struct of the model may have, and which of them it must.
struct Spec {
    name: &'static str,
    fields: &'static [&'static str],
    required: &'static [&'static str],
}

const DECK: Spec = Spec {
    name: "Deck",
    fields: &[
        "id",
        "title",
        "description",
        "source",
        "roles",
        "notes",
        "synonyms",
    ],
    required: &["id", "title", "roles"],
};

const ROLE: Spec = Spec {
    name: "Role",
    fields: &["id", "name", "summary", "profile", "tasks", "rubric"],
    required: &["id", "name", "tasks"],
};

const RUBRIC: Spec = Spec {
    name: "Rubric",
    fields: &RubricAnchors::LENSES,
    required: &[],
};

const PROFILE: Spec = Spec {
    name: "Profile",
    fields: &[
        "center_of_gravity",
        "typical_output",
        "failure_mode",
        "outsiders_miss",
    ],
    required: &[],
};

const TASK: Spec = Spec {
    name: "Task",
    fields: &[
        "id",
        "title",
        "time",
        "what_happens",
        "why",
        "examples",
        "questions",
        "key_points",
    ],
    required: &["id", "title", "what_happens"],
};

const EXAMPLE: Spec = Spec {
    name: "Example",
    fields: &["situation", "insight", "key_points"],
    required: &["situation", "insight"],
};

const NOTE: Spec = Spec {
    name: "Note",
    fields: &["id", "front", "back", "key_points", "role"],
    required: &["id", "front", "back"],
};

/// The known fields of one struct in the tree, first occurrence of each.
struct Fields<'t> {
    found: Vec<(&'static str, &'t Node)>,
}

impl<'t> Fields<'t> {
    fn get(&self, name: &str) -> Option<&'t Node> {
        self.found.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// A string value with its position.
struct Text<'t> {
    text: &'t str,
    pos: Pos,
}

/// A note's id and the role it names, for the checks across the deck.
struct NoteRefs<'t> {
    id: Option<Text<'t>>,
    role: Option<Text<'t>>,
}

/// Shows user text inside a message: one line, not too long.
fn show(text: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = text
        .chars()
        .take(MAX)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}

fn label(kind: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{kind} `{}`", show(id)),
        None => kind.to_owned(),
    }
}

/// A valid 24-hour `HH:MM`.
fn is_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
        && (b[0] - b'0') * 10 + (b[1] - b'0') < 24
        && b[3] < b'6'
}

/// How two questions compare: case, spacing and edges do not count.
fn question_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Remembers the first position of each id and reports later repeats.
#[derive(Default)]
struct Seen {
    first: HashMap<String, Pos>,
}

impl Seen {
    /// The first position of `key` when it was seen before, else records it.
    fn repeat(&mut self, key: String, pos: Pos) -> Option<Pos> {
        match self.first.entry(key) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(pos);
                None
            }
        }
    }
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, pos: Pos, message: String) {
        self.problems.push(Problem {
            line: pos.line,
            column: pos.column,
            message,
        });
    }

    /// Checks a node is a struct of `spec`: its name if written, unknown,
    /// duplicate and missing fields. `context` ends "expected …" messages.
    fn structure<'t>(&mut self, node: &'t Node, spec: &Spec, context: &str) -> Option<Fields<'t>> {
        let fields: &[ron_tree::Field] = match &node.value {
            Value::Struct { name, fields } => {
                if let Some(name) = name.as_ref().filter(|n| n.text != spec.name) {
                    self.report(
                        name.pos,
                        format!("expected `{}(`, found `{}(`", spec.name, name.text),
                    );
                }
                fields
            }
            // `()` is a struct with no fields written, as ron reads it.
            Value::Unit => &[],
            other => {
                self.report(
                    node.pos,
                    format!(
                        "expected `{}(…)`{context}, found {}",
                        spec.name,
                        other.describe()
                    ),
                );
                return None;
            }
        };
        let mut found: Vec<(&'static str, &'t Node)> = Vec::new();
        let mut first_pos: Vec<Pos> = Vec::new();
        for field in fields {
            let Some(&known) = spec.fields.iter().find(|&&f| f == field.name) else {
                let expected: Vec<String> = spec.fields.iter().map(|f| format!("`{f}`")).collect();
                self.report(
                    field.pos,
                    format!(
                        "unknown field `{}` in {}; expected one of {}",
                        field.name,
                        spec.name,
                        expected.join(", ")
                    ),
                );
                continue;
            };
            if let Some(i) = found.iter().position(|(n, _)| *n == known) {
                self.report(
                    field.pos,
                    format!(
                        "duplicate field `{known}` in {} (first at {})",
                        spec.name, first_pos[i]
                    ),
                );
                continue;
            }
            found.push((known, &field.value));
            first_pos.push(field.pos);
        }
        for required in spec.required {
            if !found.iter().any(|(n, _)| n == required) {
                self.report(
                    node.pos,
                    format!("missing field `{required}` in {}", spec.name),
                );
            }
        }
        Some(Fields { found })
    }

    /// A non-blank string for field `field`; `entry` says it is a list entry.
    fn text<'t>(&mut self, node: &'t Node, field: &str, entry: bool) -> Option<Text<'t>> {
        match &node.value {
            Value::Str(text) if text.trim().is_empty() => {
                self.report(node.pos, format!("empty text in `{field}`"));
                None
            }
            Value::Str(text) => Some(Text {
                text,
                pos: node.pos,
            }),
            other => {
                let place = if entry { "in" } else { "for" };
                self.report(
                    node.pos,
                    format!(
                        "expected a string {place} `{field}`, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// The value of an `Option` field: `None` gives nothing, `Some(x)` and a
    /// plain `x` (ron's implicit-some) give `x`.
    fn optional(node: &Node) -> Option<&Node> {
        match &node.value {
            Value::None => None,
            Value::Some(inner) => Some(inner),
            _ => Some(node),
        }
    }

    fn optional_text<'t>(&mut self, fields: &Fields<'t>, field: &str) -> Option<Text<'t>> {
        let node = Self::optional(fields.get(field)?)?;
        self.text(node, field, false)
    }

    fn list<'t>(&mut self, node: &'t Node, field: &str) -> Option<&'t [Node]> {
        if let Value::List(items) = &node.value {
            Some(items)
        } else {
            self.report(
                node.pos,
                format!(
                    "expected a list for `{field}`, found {}",
                    node.value.describe()
                ),
            );
            None
        }
    }

    /// Every entry of a list of strings must be a non-blank string.
    fn text_list<'t>(&mut self, fields: &Fields<'t>, field: &str) -> Vec<Text<'t>> {
        let Some(node) = fields.get(field) else {
            return Vec::new();
        };
        let Some(items) = self.list(node, field) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.text(item, field, true))
            .collect()
    }

    /// An id: non-blank, `a-z0-9-`, no `-` at either end. Returns any
    /// non-blank id, even a malformed one, so duplicates are still found.
    fn id<'t>(&mut self, fields: &Fields<'t>) -> Option<Text<'t>> {
        let id = self.text(fields.get("id")?, "id", false)?;
        if !id
            .text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.report(
                id.pos,
                format!("id `{}` may use only a-z, 0-9 and -", show(id.text)),
            );
        } else if id.text.starts_with('-') || id.text.ends_with('-') {
            self.report(
                id.pos,
                format!("id `{}` may not start or end with -", show(id.text)),
            );
        }
        Some(id)
    }

    fn deck(&mut self, root: &Node) {
        let Some(fields) = self.structure(root, &DECK, "") else {
            return;
        };
        self.id(&fields);
        if let Some(node) = fields.get("title") {
            self.text(node, "title", false);
        }
        self.optional_text(&fields, "description");
        self.optional_text(&fields, "source");

        // Role ids of the deck, when the roles could be read at all.
        let mut role_ids: Option<Vec<&str>> = None;
        if let Some(node) = fields.get("roles")
            && let Some(items) = self.list(node, "roles")
        {
            if items.is_empty() {
                self.report(node.pos, "deck has no roles".to_owned());
            }
            let mut seen = Seen::default();
            let mut ids = Vec::new();
            for item in items {
                let Some(id) = self.role(item) else {
                    continue;
                };
                if let Some(first) = seen.repeat(id.text.to_owned(), id.pos) {
                    self.report(
                        id.pos,
                        format!("duplicate role id `{}` (first at {first})", show(id.text)),
                    );
                }
                ids.push(id.text);
            }
            role_ids = Some(ids);
        }

        if let Some(node) = fields.get("notes")
            && let Some(items) = self.list(node, "notes")
        {
            let mut seen = Seen::default();
            for item in items {
                let Some(NoteRefs { id, role }) = self.note(item) else {
                    continue;
                };
                if let Some(id) = &id
                    && let Some(first) = seen.repeat(id.text.to_owned(), id.pos)
                {
                    self.report(
                        id.pos,
                        format!("duplicate note id `{}` (first at {first})", show(id.text)),
                    );
                }
                if let (Some(role), Some(roles)) = (role, &role_ids)
                    && !roles.contains(&role.text)
                {
                    let known = if roles.is_empty() {
                        "the deck has no roles".to_owned()
                    } else {
                        let names: Vec<String> =
                            roles.iter().map(|r| format!("`{}`", show(r))).collect();
                        format!("the deck's roles are {}", names.join(", "))
                    };
                    self.report(
                        role.pos,
                        format!(
                            "unknown role `{}` in {}; {known}",
                            show(role.text),
                            label("note", id.as_ref().map(|t| t.text))
                        ),
                    );
                }
            }
        }

        if let Some(node) = fields.get("synonyms")
            && let Some(groups) = self.list(node, "synonyms")
        {
            for group in groups {
                let Value::List(words) = &group.value else {
                    self.report(
                        group.pos,
                        format!(
                            "expected a list in `synonyms`, found {}",
                            group.value.describe()
                        ),
                    );
                    continue;
                };
                if words.len() < 2 {
                    self.report(
                        group.pos,
                        format!(
                            "synonym group needs at least 2 entries, found {}",
                            words.len()
                        ),
                    );
                }
                for word in words {
                    self.text(word, "synonyms", true);
                }
            }
        }
    }

    /// Checks a role; returns its id for the deck-wide checks.
    fn role<'t>(&mut self, node: &'t Node) -> Option<Text<'t>> {
        let fields = self.structure(node, &ROLE, " in `roles`")?;
        let id = self.id(&fields);
        let role = label("role", id.as_ref().map(|t| t.text));
        if let Some(node) = fields.get("name") {
            self.text(node, "name", false);
        }
        self.optional_text(&fields, "summary");
        if let Some(node) = fields.get("profile").and_then(Self::optional)
            && let Some(profile) = self.structure(node, &PROFILE, " for `profile`")
        {
            for field in PROFILE.fields {
                self.optional_text(&profile, field);
            }
        }
        if let Some(node) = fields.get("rubric").and_then(Self::optional)
            && let Some(rubric) = self.structure(node, &RUBRIC, " for `rubric`")
        {
            self.rubric(&rubric, &role);
        }
        if let Some(node) = fields.get("tasks")
            && let Some(items) = self.list(node, "tasks")
        {
            if items.is_empty() {
                self.report(node.pos, format!("{role} has no tasks"));
            }
            let mut seen = Seen::default();
            for item in items {
                if let Some(id) = self.task(item)
                    && let Some(first) = seen.repeat(id.text.to_owned(), id.pos)
                {
                    self.report(
                        id.pos,
                        format!(
                            "duplicate task id `{}` in {role} (first at {first})",
                            show(id.text)
                        ),
                    );
                }
            }
        }
        id
    }

    /// Checks a task; returns its id for the duplicate check in its role.
    fn task<'t>(&mut self, node: &'t Node) -> Option<Text<'t>> {
        let fields = self.structure(node, &TASK, " in `tasks`")?;
        let id = self.id(&fields);
        let task = label("task", id.as_ref().map(|t| t.text));
        if let Some(node) = fields.get("title") {
            self.text(node, "title", false);
        }
        if let Some(time) = self.optional_text(&fields, "time")
            && !is_time(time.text)
        {
            self.report(
                time.pos,
                format!(
                    "time `{}` is not a valid 24-hour HH:MM time",
                    show(time.text)
                ),
            );
        }
        if let Some(node) = fields.get("what_happens")
            && matches!(&node.value, Value::List(items) if items.is_empty())
        {
            self.report(node.pos, format!("{task} has no `what_happens` entries"));
        }
        self.text_list(&fields, "what_happens");
        self.optional_text(&fields, "why");
        if let Some(node) = fields.get("examples")
            && let Some(items) = self.list(node, "examples")
        {
            for item in items {
                self.example(item);
            }
        }
        let mut seen = Seen::default();
        for question in self.text_list(&fields, "questions") {
            if let Some(first) = seen.repeat(question_key(question.text), question.pos) {
                self.report(
                    question.pos,
                    format!("duplicate question in {task} (first at {first})"),
                );
            }
        }
        self.text_list(&fields, "key_points");
        id
    }

    /// Each lens written in a role's rubric needs one anchor per score.
    fn rubric(&mut self, rubric: &Fields<'_>, role: &str) {
        for lens in RubricAnchors::LENSES {
            let Some(node) = rubric.get(lens).and_then(Self::optional) else {
                continue;
            };
            let Some(items) = self.list(node, lens) else {
                continue;
            };
            if items.len() != RubricAnchors::SCORES {
                self.report(
                    node.pos,
                    format!(
                        "`{lens}` in the rubric of {role} needs {} anchors, one per score 0-3; found {}",
                        RubricAnchors::SCORES,
                        items.len()
                    ),
                );
            }
            for item in items {
                self.text(item, lens, true);
            }
        }
    }

    fn example(&mut self, node: &Node) {
        let Some(fields) = self.structure(node, &EXAMPLE, " in `examples`") else {
            return;
        };
        for field in ["situation", "insight"] {
            if let Some(node) = fields.get(field) {
                self.text(node, field, false);
            }
        }
        self.text_list(&fields, "key_points");
    }

    /// Checks a note; returns what the deck-wide checks need.
    fn note<'t>(&mut self, node: &'t Node) -> Option<NoteRefs<'t>> {
        let fields = self.structure(node, &NOTE, " in `notes`")?;
        let id = self.id(&fields);
        for field in ["front", "back"] {
            if let Some(node) = fields.get(field) {
                self.text(node, field, false);
            }
        }
        self.text_list(&fields, "key_points");
        let role = self.optional_text(&fields, "role");
        Some(NoteRefs { id, role })
    }
}

#[cfg(test)]
mod tests;
