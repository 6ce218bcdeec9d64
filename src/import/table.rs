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
    let role_rows = texts
        .iter()
        .skip(1)
        .filter(|t| role_prefix(t, role_names).is_some())
        .count();
    // Rows that each start with a role: the role's own capitals are not
    // cell boundaries.
    if role_rows > 0 && role_rows + 1 == texts.len() {
        return RowsKind::Table {
            cells: role_capital_cells(&texts, role_names),
        };
    }
    if let Some(cells) = capital_cells(&texts) {
        return RowsKind::Table { cells: Some(cells) };
    }
    let title = fold_words(context);
    let says_table = ["table", "comparison", "compared", "matrix", "vs", "versus"]
        .iter()
        .any(|w| title.split(' ').any(|t| t == *w));
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

/// Cells of rows that start with role names, split at capitals after the
/// role, when every row then has as many cells as the header.
fn role_capital_cells(lines: &[&str], role_names: &[String]) -> Option<Vec<Vec<String>>> {
    let (header, body) = lines.split_first()?;
    let mut out = vec![capital_split(header)];
    for row in body {
        let role = role_prefix(row, role_names)?;
        let words = role_names[role].split_whitespace().count();
        let rest: Vec<&str> = row.split_whitespace().skip(words).collect();
        let mut cells = vec![role_names[role].clone()];
        cells.extend(capital_split(&rest.join(" ")));
        out.push(cells);
    }
    let width = out[0].len();
    (width >= 2 && out.iter().all(|r| r.len() == width)).then_some(out)
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

/// Whether a table header names profile fields in two or more of its
/// columns after the first (`Role Focus Typical output Failure mode`).
pub fn names_profile_columns(header: &str) -> bool {
    let cells = capital_split(header);
    cells.len() >= 3 && cells[1..].iter().all(|c| profile_field(c).is_some())
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
    /// Profile cells split at a guess (single spaces between the cells).
    pub guessed: bool,
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
        if !profile_rows(rows, role_names, &mut out) {
            ambiguous_rows(rows, context, role_names, &mut out);
        }
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

/// Rows whose cells only single spaces separate, as role profiles: when
/// the header names a profile field in each column after the first and
/// every row (two or more) starts with a known role, the rest of each row is split into
/// that many cells at a guess ([`split_cells`]). False, with `out`
/// untouched, when the table is not such a table.
fn profile_rows(rows: &Rows, role_names: &[String], out: &mut TableOut) -> bool {
    let Some((header, body)) = rows.lines.split_first() else {
        return false;
    };
    // One row says nothing about where its columns end.
    if body.len() < 2 {
        return false;
    }
    let header_cells = capital_split(&header.text);
    let fields: Option<Vec<ProfileField>> = header_cells
        .iter()
        .skip(1)
        .map(|h| profile_field(h))
        .collect();
    let Some(fields) = fields.filter(|f| !f.is_empty()) else {
        return false;
    };
    let mut parsed = Vec::new();
    for row in body {
        let Some(role) = role_prefix(&row.text, role_names) else {
            return false;
        };
        let skip = role_names[role].split_whitespace().count();
        let rest: Vec<&str> = row.text.split_whitespace().skip(skip).collect();
        parsed.push((role, rest));
    }
    // A row's first item holds its first cell too, so it says nothing
    // about how long items are. Three two-word items stand for what lists
    // in such tables usually hold, so that a table of one or two rows is
    // not judged by its few (and partly glued) items alone.
    let items: Vec<usize> = parsed
        .iter()
        .flat_map(|(_, words)| list_items(&words.join(" ")).into_iter().skip(1))
        .chain([2, 2, 2])
        .collect();
    let typical = median(items).unwrap_or(2).clamp(1, 3);
    // Each row alone first; then again, with each column's usual number
    // of items (a column of lists stays a column of lists).
    let mut split: Vec<Vec<String>> = Vec::new();
    for (_, words) in &parsed {
        let Some(cells) = split_cells(words, fields.len(), typical, &[]) else {
            return false;
        };
        split.push(cells);
    }
    let usual: Vec<usize> = (0..fields.len())
        .map(|c| median(split.iter().map(|row| list_items(&row[c]).len()).collect()).unwrap_or(1))
        .collect();
    let mut found = Vec::new();
    for (role, words) in &parsed {
        let Some(cells) = split_cells(words, fields.len(), typical, &usual) else {
            return false;
        };
        for (field, cell) in fields.iter().zip(cells) {
            found.push((*role, *field, cell));
        }
    }
    out.profiles = found;
    out.guessed = true;
    true
}

/// The word counts of the comma-separated items of a text.
fn list_items(text: &str) -> Vec<usize> {
    text.split([',', ';'])
        .map(|item| item.split_whitespace().count())
        .filter(|n| *n > 0)
        .collect()
}

fn median(mut values: Vec<usize>) -> Option<usize> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

/// Splits the words of a row into `count` cells when only single spaces
/// separate them, the best guess by these rules:
/// - a cell never ends with a list comma or a function word (`and`, `of`),
///   and never starts with a joining word;
/// - a cell that is a list (`a, b, c`) has items about as long as the
///   table's usual item (`typical` words): each word more or less costs 1,
///   except that the first item of a cell may be short (`findings, …`
///   after a phrase cell);
/// - a cell ending on a word shaped like an adjective (`noisy`,
///   `hardened`, `executive`) costs 1.5: a new cell more likely starts there;
/// - a cell with more or fewer items than `usual` says for its column (the
///   other rows' count, when known) costs 1 per item;
/// - on a tie, the later split wins.
///
/// `None` when there are fewer words than cells.
pub fn split_cells(
    words: &[&str],
    count: usize,
    typical: usize,
    usual: &[usize],
) -> Option<Vec<String>> {
    let n = words.len();
    if count == 0 || n < count {
        return None;
    }
    // best[c][j]: the cost of words[..j] as c cells, and where the last starts.
    let mut best = vec![vec![None::<(f64, usize)>; n + 1]; count + 1];
    best[0][0] = Some((0.0, 0));
    for c in 1..=count {
        for j in c..=n {
            let mut chosen: Option<(f64, usize)> = None;
            for i in (c - 1..j).rev() {
                let Some((before, _)) = best[c - 1][i] else {
                    continue;
                };
                let Some(mut cost) = cell_cost(&words[i..j], i == 0, j == n, typical) else {
                    continue;
                };
                if let Some(&usual) = usual.get(c - 1) {
                    cost += list_items(&words[i..j].join(" ")).len().abs_diff(usual) as f64;
                }
                let total = before + cost;
                if chosen.is_none_or(|(t, _)| total < t - 1e-9) {
                    chosen = Some((total, i));
                }
            }
            best[c][j] = chosen;
        }
    }
    let mut cells = Vec::with_capacity(count);
    let mut end = n;
    for c in (1..=count).rev() {
        let (_, start) = best[c][end]?;
        cells.push(words[start..end].join(" "));
        end = start;
    }
    cells.reverse();
    Some(cells)
}

/// The cost of `words` as one cell; `None` when it cannot be one.
fn cell_cost(words: &[&str], first_cell: bool, last: bool, typical: usize) -> Option<f64> {
    let first = fold_words(words.first()?);
    let end_word = words.last()?;
    let end = fold_words(end_word);
    if matches!(
        first.as_str(),
        "and" | "or" | "of" | "to" | "vs" | "versus" | "with" | "by" | "from" | "as" | "nor"
    ) {
        return None;
    }
    let mut cost = 0.0;
    if !last {
        if end_word.ends_with([',', ';', ':']) || is_function_word(&end) {
            return None;
        }
        if is_modifier_shaped(&end) {
            cost += 1.5;
        }
    }
    let items = list_items(&words.join(" "));
    if items.len() >= 2 {
        cost += items
            .iter()
            .enumerate()
            .map(|(i, &len)| {
                if i == 0 && !first_cell {
                    len.saturating_sub(typical) as f64
                } else {
                    len.abs_diff(typical) as f64
                }
            })
            .sum::<f64>();
    }
    Some(cost)
}

fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "of"
            | "to"
            | "for"
            | "with"
            | "in"
            | "on"
            | "at"
            | "by"
            | "from"
            | "as"
            | "into"
            | "vs"
            | "versus"
            | "their"
            | "its"
            | "our"
            | "your"
            | "is"
            | "are"
    )
}

/// Shaped like an adjective that leads a noun (`noisy findings`, `hardened
/// pipelines`), so rather the start of a cell than its end.
fn is_modifier_shaped(word: &str) -> bool {
    word.chars().count() >= 5
        && ([
            "ive", "ous", "ful", "less", "able", "ible", "sy", "ky", "zy",
        ]
        .iter()
        .any(|s| word.ends_with(s))
            || (word.ends_with("ed") && !word.ends_with("eed")))
}

/// Rows whose cells only single spaces separate and that are no profile
/// table: one note per row, the row's role (when it starts with one) as
/// the subject.
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
    fn single_space_profile_tables_are_split_at_a_guess() {
        let split = |row: &str, count: usize| {
            let words: Vec<&str> = row.split_whitespace().collect();
            split_cells(&words, count, 2, &[1, 4, 3]).unwrap()
        };
        assert_eq!(
            split(
                "Control-plane and runtime trust hardened pipelines, identity controls, safer deployments, containment support fragile controls, bypass culture, hidden privilege",
                3
            ),
            [
                "Control-plane and runtime trust",
                "hardened pipelines, identity controls, safer deployments, containment support",
                "fragile controls, bypass culture, hidden privilege"
            ]
        );
        assert_eq!(
            split(
                "Strategy, operating model, executive alignment roadmap, funding cases, ownership model, risk decisions scattered program, weak leverage, poor stakeholder trust",
                3
            ),
            [
                "Strategy, operating model, executive alignment",
                "roadmap, funding cases, ownership model, risk decisions",
                "scattered program, weak leverage, poor stakeholder trust"
            ]
        );
        assert_eq!(split("one", 1), ["one"]);
        let two: Vec<&str> = vec!["one"];
        assert_eq!(split_cells(&two, 2, 2, &[]), None);

        let names = vec!["SOC Analyst".to_owned(), "Incident Responder".to_owned()];
        let r = rows(&[
            "Role Focus Typical output",
            "SOC Analyst Alert triage escalations, tuned rules",
            "Incident Responder Containment and recovery timelines, reviews",
        ]);
        let out = interpret(&r, None, "Roles", &names);
        assert!(out.guessed && !out.ambiguous && out.notes.is_empty());
        assert_eq!(
            out.profiles,
            [
                (0, ProfileField::CenterOfGravity, "Alert triage".to_owned()),
                (
                    0,
                    ProfileField::TypicalOutput,
                    "escalations, tuned rules".to_owned()
                ),
                (
                    1,
                    ProfileField::CenterOfGravity,
                    "Containment and recovery".to_owned()
                ),
                (
                    1,
                    ProfileField::TypicalOutput,
                    "timelines, reviews".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn ambiguous_rows_become_notes() {
        let names = vec!["AppSec Engineer".to_owned()];
        // A header that names no profile field: the rows cannot be profiles.
        let r = rows(&[
            "Role Daily center of gravity Tools",
            "AppSec Engineer Review and validation findings, notes",
        ]);
        let out = interpret(&r, None, "Cross-role comparison table", &names);
        assert!(out.ambiguous);
        assert_eq!(
            out.notes[0].front,
            "AppSec Engineer: daily center of gravity and tools"
        );
        assert_eq!(out.notes[0].back, "Review and validation findings, notes");
        assert_eq!(out.notes[0].role, Some(0));
    }
}
