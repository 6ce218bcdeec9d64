//! Tables written as rows of cells: telling a table from an unmarked list,
//! finding the cells when only single spaces separate them, and turning
//! the rows into role profiles or notes.
//!
//! Decides nothing about where a table sits in the document; `build` hands
//! it the rows with their section title and the roles found so far.

use super::blocks::Rows;
use super::prose::fold_words;

/// What a block of row-like lines is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowsKind {
    /// A table; `cells` when the columns could be told apart.
    Table { cells: Option<Vec<Vec<String>>> },
    /// Short lines with no bullet markers: a list.
    List(Vec<String>),
}

/// Tells a table from a list of short lines: separated cells, a consistent
/// split at capitalised words, a section that says it is a table, or rows
/// that start with known role names.
pub fn classify(rows: &Rows, context: &str, role_names: &[String]) -> RowsKind {
    if let Some(cells) = &rows.cells {
        return RowsKind::Table {
            cells: Some(cells.clone()),
        };
    }
    let texts: Vec<&str> = rows.lines.iter().map(|l| l.text.as_str()).collect();
    if let Some(cells) = capital_cells(&texts) {
        return RowsKind::Table { cells: Some(cells) };
    }
    let title = fold_words(context);
    let says_table = ["table", "comparison", "compared", "matrix", "vs", "versus"]
        .iter()
        .any(|w| title.split(' ').any(|t| t == *w));
    let role_rows = texts
        .iter()
        .skip(1)
        .filter(|t| role_prefix(t, role_names).is_some())
        .count();
    if says_table || role_rows >= 2 {
        RowsKind::Table { cells: None }
    } else {
        RowsKind::List(texts.iter().map(|t| (*t).to_owned()).collect())
    }
}

/// Splits each line into cells at capitalised words (`Data Manual
/// dashboards AI-curated insights` → three cells); `None` unless every line
/// gives the same number of cells, two or more. A capital after a comma,
/// `+`, `/` or `&`, or an all-capitals word (`PM`), continues its cell.
pub fn capital_cells(lines: &[&str]) -> Option<Vec<Vec<String>>> {
    let split: Vec<Vec<String>> = lines.iter().map(|l| capital_split(l)).collect();
    let width = split.first()?.len();
    (width >= 2 && split.len() >= 2 && split.iter().all(|r| r.len() == width)).then_some(split)
}

fn capital_split(line: &str) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    let mut prev: Option<&str> = None;
    for word in line.split_whitespace() {
        let starts_cell = match prev {
            None => true,
            Some(p) => {
                word.chars().next().is_some_and(char::is_uppercase)
                    && !p.ends_with([',', '+', '/', '&', '-', '('])
                    && !matches!(p, "+" | "&" | "/" | "vs" | "and" | "or" | "of")
                    && !is_acronym(word)
            }
        };
        match cells.last_mut() {
            Some(cell) if !starts_cell => {
                cell.push(' ');
                cell.push_str(word);
            }
            _ => cells.push(word.to_owned()),
        }
        prev = Some(word);
    }
    cells
}

fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The index of the longest role name `text` starts with, if any.
pub fn role_prefix(text: &str, role_names: &[String]) -> Option<usize> {
    let folded = fold_words(text);
    role_names
        .iter()
        .enumerate()
        .filter(|(_, name)| {
            let name = fold_words(name);
            !name.is_empty() && (folded == name || folded.starts_with(&format!("{name} ")))
        })
        .max_by_key(|(_, name)| name.len())
        .map(|(i, _)| i)
}

/// A profile field a table column fills, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    CenterOfGravity,
    TypicalOutput,
    FailureMode,
    OutsidersMiss,
}

pub fn profile_field(header: &str) -> Option<ProfileField> {
    let h = fold_words(header);
    if h.contains("center of gravity") || h.contains("centre of gravity") || h.contains("focus") {
        Some(ProfileField::CenterOfGravity)
    } else if h.contains("output") || h.contains("deliverable") {
        Some(ProfileField::TypicalOutput)
    } else if h.contains("failure") {
        Some(ProfileField::FailureMode)
    } else if h.contains("outsider") || h.contains("miss") {
        Some(ProfileField::OutsidersMiss)
    } else {
        None
    }
}

/// A note a table row becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    pub front: String,
    pub back: String,
    pub key_points: Vec<String>,
    pub role: Option<usize>,
    pub line: usize,
}

/// What a table turned into.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TableOut {
    pub profiles: Vec<(usize, ProfileField, String)>,
    pub notes: Vec<RowNote>,
    /// Rows whose cells could not be told apart.
    pub ambiguous: bool,
}

/// Turns a table into role profiles (rows that name a role, columns whose
/// header names a profile field) and notes (everything else).
pub fn interpret(
    rows: &Rows,
    cells: Option<&[Vec<String>]>,
    context: &str,
    role_names: &[String],
) -> TableOut {
    let mut out = TableOut::default();
    let Some(cells) = cells else {
        ambiguous_rows(rows, context, role_names, &mut out);
        return out;
    };
    let Some((header, body)) = cells.split_first() else {
        return out;
    };
    let row_lines: Vec<usize> = data_lines(rows, body.len());
    for (row, &line) in body.iter().zip(&row_lines) {
        let Some(first) = row.first() else { continue };
        let role = role_names
            .iter()
            .position(|n| fold_words(n) == fold_words(first));
        if let Some(role) = role {
            let mut rest = Vec::new();
            for (h, cell) in header.iter().zip(row).skip(1) {
                if cell.is_empty() {
                    continue;
                }
                match profile_field(h) {
                    Some(field) => out.profiles.push((role, field, cell.clone())),
                    None => rest.push(format!("{h}: {cell}")),
                }
            }
            if !rest.is_empty() {
                out.notes.push(RowNote {
                    front: format!("{}: {}", role_names[role], column_list(&header[1..])),
                    back: sentences_of(&rest),
                    key_points: rest,
                    role: Some(role),
                    line,
                });
            }
            continue;
        }
        let points: Vec<String> = header
            .iter()
            .zip(row)
            .skip(1)
            .filter(|(_, c)| !c.is_empty())
            .map(|(h, c)| format!("{h}: {c}"))
            .collect();
        if points.is_empty() {
            continue;
        }
        let columns = if header.len() == 3 {
            format!("{} vs {}", header[1], header[2])
        } else {
            column_list(&header[1..])
        };
        let front = if context.is_empty() {
            format!("{first}: {columns}")
        } else {
            format!("{context} — {first}: {columns}")
        };
        out.notes.push(RowNote {
            front,
            back: sentences_of(&points),
            key_points: points,
            role: None,
            line,
        });
    }
    out
}

/// Rows whose cells only single spaces separate: one note per row, the
/// row's role (when it starts with one) as the subject.
fn ambiguous_rows(rows: &Rows, context: &str, role_names: &[String], out: &mut TableOut) {
    out.ambiguous = true;
    let Some((header, body)) = rows.lines.split_first() else {
        return;
    };
    let header_cells = capital_split(&header.text);
    let columns = if header_cells.len() >= 2 {
        column_list(&header_cells[1..])
    } else {
        header.text.clone()
    };
    for row in body {
        let (subject, rest, role) = match role_prefix(&row.text, role_names) {
            Some(i) => {
                let words = role_names[i].split_whitespace().count();
                let rest: Vec<&str> = row.text.split_whitespace().skip(words).collect();
                (role_names[i].clone(), rest.join(" "), Some(i))
            }
            None => match row.text.split_once(' ') {
                Some((first, rest)) => (first.to_owned(), rest.to_owned(), None),
                None => (row.text.clone(), String::new(), None),
            },
        };
        if rest.is_empty() {
            continue;
        }
        let front = if role.is_some() || context.is_empty() {
            format!("{subject}: {columns}")
        } else {
            format!("{context} — {subject}: {columns}")
        };
        out.notes.push(RowNote {
            front,
            back: rest,
            key_points: Vec::new(),
            role,
            line: row.line,
        });
    }
}

/// The source lines of the data rows (the header and a Markdown separator
/// row come first).
fn data_lines(rows: &Rows, count: usize) -> Vec<usize> {
    let lines: Vec<usize> = rows.lines.iter().map(|l| l.line).collect();
    let skip = lines.len().saturating_sub(count);
    lines[skip..].to_vec()
}

/// `A`, `A and B`, `A, B and C` with the first letters lowered.
fn column_list(headers: &[String]) -> String {
    let lowered: Vec<String> = headers.iter().map(|h| lower_first(h)).collect();
    match lowered.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Lowers the first letter unless the word is an acronym (`PM`, `AI-era`).
fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    let head: String = first_word.chars().take(2).collect();
    if head.chars().all(char::is_uppercase) {
        return text.to_owned();
    }
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn sentences_of(points: &[String]) -> String {
    points
        .iter()
        .map(|p| {
            let p = p.trim();
            if super::prose::ends_with_punctuation(p) {
                p.to_owned()
            } else {
                format!("{p}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::Text;

    fn rows(lines: &[&str]) -> Rows {
        Rows {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| Text {
                    text: (*t).to_owned(),
                    line: i + 1,
                })
                .collect(),
            cells: None,
        }
    }

    #[test]
    fn splits_at_capitals_when_consistent() {
        let lines = [
            "Area Old PM AI-era PM",
            "Data Manual dashboards AI-curated insights",
            "Decisions Slower, human-heavy Faster, AI-assisted",
            "Edge Experience Decision quality + system design",
        ];
        let cells = capital_cells(&lines).expect("consistent");
        assert_eq!(cells[0], ["Area", "Old PM", "AI-era PM"]);
        assert_eq!(
            cells[2],
            ["Decisions", "Slower, human-heavy", "Faster, AI-assisted"]
        );
        assert_eq!(
            cells[3],
            ["Edge", "Experience", "Decision quality + system design"]
        );
        // The roles table of the seed: no consistent split.
        let roles = [
            "Role Daily center of gravity Typical output Primary failure mode if done poorly",
            "AppSec Engineer Review and validation of application risk findings, design feedback",
            "Product Security Manager Team operations and prioritization intake decisions",
        ];
        assert_eq!(capital_cells(&roles), None);
    }

    #[test]
    fn classifies_rows() {
        let names = vec![
            "AppSec Engineer".to_owned(),
            "DevSecOps Engineer".to_owned(),
        ];
        let list = rows(&["Feature progress", "Risk flags", "Delivery predictions"]);
        assert!(
            matches!(classify(&list, "What happens", &names), RowsKind::List(items) if items.len() == 3)
        );
        let table = rows(&[
            "Role Focus Output",
            "AppSec Engineer review findings",
            "DevSecOps Engineer pipelines controls",
        ]);
        assert_eq!(
            classify(&table, "", &names),
            RowsKind::Table { cells: None }
        );
        assert_eq!(
            classify(&list, "Comparison table", &names),
            RowsKind::Table { cells: None }
        );
    }

    #[test]
    fn role_rows_fill_profiles() {
        let names = vec!["AppSec Engineer".to_owned()];
        let cells = vec![
            vec![
                "Role".to_owned(),
                "Daily center of gravity".to_owned(),
                "Typical output".to_owned(),
                "Tools".to_owned(),
            ],
            vec![
                "AppSec Engineer".to_owned(),
                "Review".to_owned(),
                "findings".to_owned(),
                "Semgrep".to_owned(),
            ],
            vec![
                "Auditor".to_owned(),
                "Evidence".to_owned(),
                "reports".to_owned(),
                "Sheets".to_owned(),
            ],
        ];
        let r = rows(&["h", "a", "b"]);
        let out = interpret(&r, Some(&cells), "Roles compared", &names);
        assert_eq!(
            out.profiles,
            [
                (0, ProfileField::CenterOfGravity, "Review".to_owned()),
                (0, ProfileField::TypicalOutput, "findings".to_owned())
            ]
        );
        assert_eq!(out.notes.len(), 2);
        assert_eq!(
            out.notes[0].front,
            "AppSec Engineer: daily center of gravity, typical output and tools"
        );
        assert_eq!(out.notes[0].back, "Tools: Semgrep.");
        assert_eq!(
            out.notes[1].front,
            "Roles compared — Auditor: daily center of gravity, typical output and tools"
        );
        assert_eq!(out.notes[1].line, 3);
    }

    #[test]
    fn ambiguous_rows_become_notes() {
        let names = vec!["AppSec Engineer".to_owned()];
        let r = rows(&[
            "Role Daily center of gravity Typical output",
            "AppSec Engineer Review and validation findings, notes",
        ]);
        let out = interpret(&r, None, "Cross-role comparison table", &names);
        assert!(out.ambiguous);
        assert_eq!(
            out.notes[0].front,
            "AppSec Engineer: daily center of gravity and typical output"
        );
        assert_eq!(out.notes[0].back, "Review and validation findings, notes");
        assert_eq!(out.notes[0].role, Some(0));
    }
}
