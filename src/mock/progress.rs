//! The Markdown progress report of one candidate (`rolecall report`):
//! reviews and retention, mastery per deck and role, the weakest tasks with
//! the command to drill them, and recent mock interviews.
//!
//! Pure: `cmd::report` computes the figures from the profile's log and the
//! scheduler; this module only lays them out (and escapes deck text).

use super::markdown::{Align, cell, escape, table};
use super::report::{bar, study_command};
use chrono::{DateTime, FixedOffset};
use std::fmt::Write as _;

/// Everything the progress report shows.
#[derive(Debug, Clone)]
pub struct ProgressReport {
    pub candidate: String,
    pub now: DateTime<FixedOffset>,
    pub reviews: usize,
    pub first: Option<DateTime<FixedOffset>>,
    pub last: Option<DateTime<FixedOffset>>,
    /// Passed / counted reviews of cards already seen: last 30 days, all time.
    pub retention_30d: (usize, usize),
    pub retention_all: (usize, usize),
    pub desired_retention: f32,
    pub roles: Vec<RoleRow>,
    pub weakest: Vec<TaskRow>,
    pub mocks: Vec<MockRow>,
}

/// Mastery of one role of one deck.
#[derive(Debug, Clone)]
pub struct RoleRow {
    pub deck: String,
    pub role: String,
    pub role_name: String,
    pub cards: usize,
    pub seen: usize,
    /// Seen cards with a stability of at least [`MATURE_DAYS`].
    pub mastered: usize,
    pub due: usize,
    /// Mean probability of recall now over the seen cards.
    pub recall: Option<f32>,
}

/// Stability (days) from which a card counts as mastered.
pub const MATURE_DAYS: f32 = 21.0;

/// A task whose cards the candidate recalls least.
#[derive(Debug, Clone)]
pub struct TaskRow {
    pub deck: String,
    pub role: String,
    pub role_name: String,
    pub task: String,
    pub recall: f32,
    pub lapses: u32,
}

/// One past mock interview, from the reviews it recorded.
#[derive(Debug, Clone)]
pub struct MockRow {
    pub id: String,
    pub at: DateTime<FixedOffset>,
    pub questions: usize,
    pub passed: usize,
    pub mean_score: Option<f32>,
}

fn percent((passed, total): (usize, usize)) -> String {
    if total == 0 {
        "–".into()
    } else {
        format!(
            "{:.0}% ({passed} of {total})",
            passed as f64 * 100.0 / total as f64
        )
    }
}

pub fn render(r: &ProgressReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Progress report: {}\n", escape(&r.candidate));
    let _ = writeln!(out, "- Candidate: **{}**", escape(&r.candidate));
    let _ = writeln!(out, "- Date: {}", r.now.format("%Y-%m-%d %H:%M (UTC%:z)"));
    let _ = writeln!(out, "- Reviews: {}", r.reviews);
    if let (Some(first), Some(last)) = (r.first, r.last) {
        let _ = writeln!(
            out,
            "- Studied from {} to {}",
            first.format("%Y-%m-%d"),
            last.format("%Y-%m-%d %H:%M")
        );
    }
    let _ = writeln!(
        out,
        "- True retention (first review of a day of cards seen on an earlier day, recalled): last 30 days {}, all time {}; target {:.0}%",
        percent(r.retention_30d),
        percent(r.retention_all),
        r.desired_retention * 100.0
    );

    let _ = writeln!(out, "\n## Mastery per role\n");
    let rows: Vec<Vec<String>> = r
        .roles
        .iter()
        .map(|role| {
            let share = if role.cards == 0 {
                0.0
            } else {
                role.mastered as f32 / role.cards as f32
            };
            vec![
                cell(&role.deck),
                cell(&role.role_name),
                role.cards.to_string(),
                role.seen.to_string(),
                role.due.to_string(),
                role.recall
                    .map_or("–".into(), |x| format!("{:.0}%", x * 100.0)),
                format!("{} {:.0}%", bar(share), share * 100.0),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Deck",
            "Role",
            "Cards",
            "Seen",
            "Due",
            "Recall now",
            "Mastered",
        ],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Left,
        ],
        &rows,
    ));
    let _ = writeln!(
        out,
        "\nMastered: cards whose memory stability (FSRS) is {MATURE_DAYS:.0} days or more."
    );

    let _ = writeln!(out, "\n## Weakest tasks\n");
    if r.weakest.is_empty() {
        let _ = writeln!(out, "No task studied yet.");
    } else {
        let rows: Vec<Vec<String>> = r
            .weakest
            .iter()
            .map(|t| {
                vec![
                    cell(&t.task),
                    cell(&t.role_name),
                    format!("{:.0}%", t.recall * 100.0),
                    t.lapses.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["Task", "Role", "Recall now", "Lapses"],
            &[Align::Left, Align::Left, Align::Right, Align::Right],
            &rows,
        ));
        let _ = writeln!(out, "\nTo drill them:\n");
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for t in &r.weakest {
            if !seen.contains(&(t.deck.as_str(), t.role.as_str())) {
                seen.push((&t.deck, &t.role));
                let _ = writeln!(out, "    {}", study_command(&r.candidate, &t.deck, &t.role));
            }
        }
    }

    let _ = writeln!(out, "\n## Recent mock interviews\n");
    if r.mocks.is_empty() {
        let _ = writeln!(
            out,
            "None yet. Run one with:\n\n    rolecall mock --candidate {}",
            r.candidate
        );
    } else {
        let rows: Vec<Vec<String>> = r
            .mocks
            .iter()
            .map(|m| {
                vec![
                    m.at.format("%Y-%m-%d %H:%M").to_string(),
                    m.questions.to_string(),
                    format!("{} of {}", m.passed, m.questions),
                    m.mean_score
                        .map_or("–".into(), |s| format!("{:.0}%", s * 100.0)),
                    cell(&m.id),
                ]
            })
            .collect();
        out.push_str(&table(
            &["Date", "Questions", "Recalled", "Key points", "Mock"],
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Left,
            ],
            &rows,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_sections_and_commands() {
        let t: DateTime<FixedOffset> = "2026-03-02T09:00:00+00:00".parse().unwrap();
        let report = ProgressReport {
            candidate: "bob".into(),
            now: t,
            reviews: 12,
            first: Some(t),
            last: Some(t),
            retention_30d: (3, 4),
            retention_all: (0, 0),
            desired_retention: 0.9,
            roles: vec![RoleRow {
                deck: "d".into(),
                role: "r".into(),
                role_name: "Role | R".into(),
                cards: 10,
                seen: 4,
                mastered: 5,
                due: 1,
                recall: Some(0.8),
            }],
            weakest: vec![TaskRow {
                deck: "d".into(),
                role: "r".into(),
                role_name: "Role R".into(),
                task: "Triage".into(),
                recall: 0.42,
                lapses: 2,
            }],
            mocks: vec![],
        };
        let text = render(&report);
        for needle in [
            "# Progress report: bob",
            "last 30 days 75% (3 of 4), all time –",
            "| d    | Role \\| R |    10 |    4 |   1 |        80% | █████░░░░░ 50% |",
            "| Triage | Role R |        42% |      2 |",
            "    rolecall study --profile bob --deck d --role r",
            "    rolecall mock --candidate bob",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }
}
