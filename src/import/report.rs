//! The import report: one screen on what became what, so whoever reviews
//! the deck knows where to look. Made from the deck and what the warnings
//! claim (their `Kind`), never from a second reading of the document.

use std::fmt::Write as _;

use super::{Imported, Kind};

/// Lines a report shows at most for one list before "and N more".
const MAX_LIST: usize = 6;
/// Characters a report line keeps at most: a narrow terminal's width.
const WIDTH: usize = 80;

/// The report's lines, to print after the warnings; `cards` is how many
/// cards the deck makes.
pub fn report(imported: &Imported, cards: usize) -> Vec<String> {
    let deck = &imported.deck;
    let kinds: Vec<&Kind> = imported.warnings.iter().map(|w| &w.kind).collect();
    let mut out = vec![clip(&format!(
        "Import report: deck `{}`, {cards} cards, “{}”",
        deck.id, deck.title
    ))];
    let mut row = |label: &str, text: String| out.push(clip(&format!("  {label:<13}{text}")));

    // Roles, one per line when there are several.
    let role_line = |r: &crate::deck::Role| {
        let timed = r.tasks.iter().filter(|t| t.time.is_some()).count();
        let patterns = r.tasks.len() - timed;
        let mut parts = Vec::new();
        if timed > 0 {
            parts.push(count(timed, "time block", "time blocks"));
        }
        if patterns > 0 {
            parts.push(count(patterns, "task pattern", "task patterns"));
        }
        format!("{} ({})", r.name, parts.join(", "))
    };
    match deck.roles.as_slice() {
        [only] => row("roles", format!("1: {}", role_line(only))),
        roles => {
            row("roles", roles.len().to_string());
            for role in roles.iter().take(MAX_LIST) {
                row("", role_line(role));
            }
            if roles.len() > MAX_LIST {
                row("", format!("… and {} more", roles.len() - MAX_LIST));
            }
        }
    }
    for kind in &kinds {
        if let Kind::SameRole { was, .. } = kind {
            row("", format!("also named “{was}” by the title"));
        }
        if let Kind::OneRole { .. } = kind {
            row(
                "",
                "every section became one of its tasks: check the structure".to_owned(),
            );
        }
    }

    let tasks: Vec<&crate::deck::Task> = deck.roles.iter().flat_map(|r| &r.tasks).collect();
    let points: usize = tasks.iter().map(|t| t.what_happens.len()).sum();
    let questions: usize = tasks.iter().map(|t| t.questions.len()).sum();
    let stand_ins = kinds
        .iter()
        .filter(|k| matches!(k, Kind::TitleStandsIn { .. }))
        .count();
    let mut task_text = format!(
        "{}: {} and {}",
        tasks.len(),
        count(points, "what-happens point", "what-happens points"),
        count(questions, "question", "questions")
    );
    if stand_ins > 0 {
        let _ = write!(task_text, "; {stand_ins} say nothing about what happens");
    }
    row("tasks", task_text);

    let examples: usize = tasks.iter().map(|t| t.examples.len()).sum();
    let without: Vec<&str> = kinds
        .iter()
        .filter_map(|k| match k {
            Kind::NoInsight { task, .. } => Some(task.as_str()),
            _ => None,
        })
        .collect();
    let mut example_text = format!(
        "{examples}: {} with an insight, {} without",
        examples - without.len(),
        without.len()
    );
    if !without.is_empty() {
        let _ = write!(example_text, " ({})", list(&without));
    }
    row("examples", example_text);

    let profiles: usize = deck
        .roles
        .iter()
        .filter_map(|r| r.profile.as_ref())
        .map(|p| {
            [
                &p.center_of_gravity,
                &p.typical_output,
                &p.failure_mode,
                &p.outsiders_miss,
            ]
            .iter()
            .filter(|f| f.is_some())
            .count()
        })
        .sum();
    if profiles > 0 {
        let roles = deck.roles.iter().filter(|r| r.profile.is_some()).count();
        row(
            "profiles",
            format!(
                "{} across {}",
                count(profiles, "field", "fields"),
                count(roles, "role", "roles")
            ),
        );
    }

    let mut tables = Vec::new();
    let mut from_tables = 0;
    for warning in &imported.warnings {
        if let Kind::Table {
            notes,
            profiles,
            guessed,
        } = &warning.kind
        {
            from_tables += notes.len();
            let mut became = Vec::new();
            if !profiles.is_empty() {
                became.push(count(profiles.len(), "profile field", "profile fields"));
            }
            if !notes.is_empty() {
                became.push(count(notes.len(), "note", "notes"));
            }
            if became.is_empty() {
                became.push("nothing".to_owned());
            }
            let guess = if *guessed { " (cells guessed)" } else { "" };
            tables.push(format!(
                "{} → {}{guess}",
                lines(warning.lines),
                became.join(" + ")
            ));
        }
    }
    let kept: Vec<&str> = kinds
        .iter()
        .filter_map(|k| match k {
            Kind::KeptAsNote { front } => Some(front.as_str()),
            _ => None,
        })
        .collect();
    let mut note_text = format!(
        "{}: {from_tables} from table rows, {} not placed in a task",
        deck.notes.len(),
        kept.len()
    );
    if !kept.is_empty() {
        let _ = write!(note_text, " ({})", list(&kept));
    }
    row("notes", note_text);
    if !tables.is_empty() {
        row("tables", tables.join("; "));
    }

    let mut skipped: Vec<(usize, usize)> = imported
        .warnings
        .iter()
        .filter(|w| matches!(w.kind, Kind::NotImported { .. } | Kind::Outline { .. }))
        .filter_map(|w| w.lines)
        .collect();
    skipped.sort_unstable();
    skipped.dedup();
    let line_count: usize = skipped.iter().map(|(a, b)| b - a + 1).sum();
    if skipped.is_empty() {
        row("not imported", "nothing".to_owned());
    } else {
        let shown: Vec<String> = skipped
            .iter()
            .take(MAX_LIST * 2)
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect();
        let more = skipped.len().saturating_sub(MAX_LIST * 2);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        row(
            "not imported",
            format!(
                "{}: {}{tail} (see the warnings)",
                count(line_count, "line", "lines"),
                shown.join(", ")
            ),
        );
    }

    let checks = kinds.iter().filter(|k| matches!(k, Kind::Check)).count();
    let review = imported.warnings.len();
    let mut review_text = count(review, "warning above", "warnings above");
    if checks > 0 {
        let _ = write!(
            review_text,
            ", {} from what `rolecall check` says",
            count(checks, "is", "are")
        );
    }
    row("to review", review_text);
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A few names, quoted, then how many more.
fn list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("“{n}”")).collect();
    match names.len().saturating_sub(3) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

fn lines(span: Option<(usize, usize)>) -> String {
    match span {
        Some((a, b)) if a == b => format!("line {a}"),
        Some((a, b)) => format!("lines {a}–{b}"),
        None => "a table".to_owned(),
    }
}

fn clip(line: &str) -> String {
    if line.chars().count() <= WIDTH {
        return line.to_owned();
    }
    let cut: String = line.chars().take(WIDTH - 1).collect();
    format!("{}…", cut.trim_end())
}
