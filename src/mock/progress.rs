//! The Markdown progress report of one candidate (`rolecall report`):
//! reviews and retention, mastery per deck and role, the weakest tasks with
//! the command to drill them, and recent mock interviews.
//!
//! Pure: it renders the figures `rolecall stats` computes ([`Stats`]), so
//! the two can never disagree, plus the mocks read from the history; this
//! module only lays them out (and escapes deck text).

use super::markdown::{Align, cell, escape, table};
use super::report::{bar, study_command};
use crate::stats::{MATURE_DAYS, Retention, Stats};
use chrono::{DateTime, FixedOffset};
use std::fmt::Write as _;

/// Everything the progress report shows.
#[derive(Debug, Clone)]
pub struct ProgressReport<'a> {
    pub candidate: &'a str,
    pub now: DateTime<FixedOffset>,
    /// The candidate's figures, as `rolecall stats` shows them.
    pub stats: &'a Stats,
    /// The first and last reviews counted.
    pub first: Option<DateTime<FixedOffset>>,
    pub last: Option<DateTime<FixedOffset>>,
    /// Recent mock interviews, the latest first.
    pub mocks: Vec<MockRow>,
}

/// One past mock interview, from the reviews it recorded.
#[derive(Debug, Clone)]
pub struct MockRow {
    pub id: String,
    pub at: DateTime<FixedOffset>,
    pub questions: usize,
    pub passed: usize,
    pub mean_score: Option<f32>,
    /// The mean rubric score per lens, in [`Lens::ALL`](super::Lens::ALL) order.
    pub lenses: Option<[f32; 4]>,
}

fn percent(r: &Retention) -> String {
    match r.rate {
        None => "–".into(),
        Some(rate) => format!("{:.0}% ({} of {})", rate * 100.0, r.passed, r.reviews),
    }
}

pub fn render(r: &ProgressReport) -> String {
    let mut out = String::new();
    let s = r.stats;
    let _ = writeln!(out, "# Progress report: {}\n", escape(r.candidate));
    let _ = writeln!(out, "- Candidate: **{}**", escape(r.candidate));
    let _ = writeln!(out, "- Date: {}", r.now.format("%Y-%m-%d %H:%M (UTC%:z)"));
    let _ = writeln!(out, "- Reviews: {}", s.reviews.all_time);
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
        percent(&s.true_retention.last_30_days),
        percent(&s.true_retention.all_time),
        s.desired_retention * 100.0
    );

    let _ = writeln!(out, "\n## Mastery per role\n");
    let rows: Vec<Vec<String>> = s
        .roles
        .iter()
        .map(|role| {
            vec![
                cell(&role.deck),
                cell(&role.name),
                role.cards.to_string(),
                role.reviewed.to_string(),
                role.due_now.to_string(),
                role.average_retrievability
                    .map_or("–".into(), |x| format!("{:.0}%", x * 100.0)),
                format!(
                    "{} {:.0}%",
                    bar(role.mature_share as f32),
                    role.mature_share * 100.0
                ),
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
        "\nMastered: mature cards, as `rolecall stats` counts them: memory stability (FSRS) \
         of {MATURE_DAYS:.0} days or more, and not relearning."
    );

    let _ = writeln!(out, "\n## Weakest tasks\n");
    if s.weakest_tasks.is_empty() {
        let _ = writeln!(out, "No task studied yet.");
    } else {
        let rows: Vec<Vec<String>> = s
            .weakest_tasks
            .iter()
            .map(|t| {
                vec![
                    cell(&t.title),
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
        for t in &s.weakest_tasks {
            if !seen.contains(&(t.deck.as_str(), t.role.as_str())) {
                seen.push((&t.deck, &t.role));
                let _ = writeln!(out, "    {}", study_command(r.candidate, &t.deck, &t.role));
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
                let mut row = vec![
                    m.at.format("%Y-%m-%d %H:%M").to_string(),
                    m.questions.to_string(),
                    format!("{} of {}", m.passed, m.questions),
                    m.mean_score
                        .map_or("–".into(), |s| format!("{:.0}%", s * 100.0)),
                ];
                for i in 0..4 {
                    row.push(m.lenses.map_or("–".into(), |l| format!("{:.1}", l[i])));
                }
                row.push(cell(&m.id));
                row
            })
            .collect();
        out.push_str(&table(
            &[
                "Date",
                "Questions",
                "Recalled",
                "Key points",
                "D",
                "E",
                "C",
                "L",
                "Mock",
            ],
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
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
    use crate::stats::{
        CardCounts, Mastery, Retention, RetentionWindows, Streak, WeakTask, Windows,
    };

    #[test]
    fn renders_sections_and_commands() {
        let t: DateTime<FixedOffset> = "2026-03-02T09:00:00+00:00".parse().unwrap();
        let stats = Stats {
            profile: "bob".into(),
            now: t.to_utc(),
            today: t.date_naive(),
            desired_retention: 0.9,
            reviews: Windows {
                all_time: 12,
                ..Windows::default()
            },
            time_studied_seconds: Windows::default(),
            true_retention: RetentionWindows {
                last_30_days: Retention {
                    reviews: 4,
                    passed: 3,
                    rate: Some(0.75),
                },
                ..RetentionWindows::default()
            },
            streak: Streak::default(),
            cards: CardCounts::default(),
            forecast: vec![],
            decks: vec![],
            roles: vec![Mastery {
                deck: "d".into(),
                role: Some("r".into()),
                name: "Role | R".into(),
                cards: 10,
                reviewed: 4,
                mature: 5,
                mature_share: 0.5,
                average_retrievability: Some(0.8),
                due_now: 1,
            }],
            weakest_tasks: vec![WeakTask {
                deck: "d".into(),
                role: "r".into(),
                task: "t".into(),
                title: "Triage".into(),
                role_name: "Role R".into(),
                cards: 2,
                reviewed: 2,
                average_retrievability: 0.42,
                recall: 0.42,
                failed: 0,
                lapses: 2,
                kinds: vec![],
                command: String::new(),
            }],
        };
        let report = ProgressReport {
            candidate: "bob",
            now: t,
            stats: &stats,
            first: Some(t),
            last: Some(t),
            mocks: vec![],
        };
        let text = render(&report);
        for needle in [
            "# Progress report: bob",
            "- Reviews: 12",
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
