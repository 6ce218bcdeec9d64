//! The Markdown report of one mock interview: header, an overview table,
//! each question (prompt, answer, time, key points, grade, rubric, note),
//! and a summary (average per lens, strongest and weakest lens, what to
//! drill next with the exact command to run).
//!
//! Pure: the caller gathers the facts into a [`MockRun`]; every piece of
//! deck text and every answer is escaped here.

use super::markdown::{Align, cell, escape, quote, table};
use super::{Lens, Rubric};
use crate::deck::CardKind;
use crate::deck::load::Library;
use crate::grade::Grade;
use chrono::{DateTime, FixedOffset};
use std::fmt::Write as _;
use std::time::Duration;

/// One mock interview as it happened.
#[derive(Debug, Clone)]
pub struct MockRun {
    pub candidate: String,
    /// Stored as the `session` of each review, so the log groups them.
    pub id: String,
    /// When the interview started, in the mentor's time zone.
    pub started: DateTime<FixedOffset>,
    /// What the mentor asked for, in words (role names, or all roles).
    pub scope: String,
    pub seconds: u64,
    pub spoken: bool,
    pub rubric: bool,
    pub seed: u64,
    pub elapsed: Duration,
    /// Questions drawn (some may be left unanswered when the mentor quits).
    pub planned: usize,
    pub questions: Vec<Question>,
}

/// One answered question.
#[derive(Debug, Clone)]
pub struct Question {
    pub deck: String,
    pub role: String,
    pub role_name: String,
    /// The task's title, when the card belongs to a task.
    pub task: Option<String>,
    pub kind: CardKind,
    pub prompt: String,
    /// `None` for a spoken answer.
    pub answer: Option<String>,
    pub took: Duration,
    /// Key points with whether the answer covered them (`None`: spoken,
    /// not scored).
    pub points: Vec<(String, Option<bool>)>,
    pub score: Option<f32>,
    /// The scorer's suggestion, when there was one.
    pub suggested: Option<Grade>,
    /// The grade recorded in the profile.
    pub grade: Grade,
    pub rubric: Option<Rubric>,
    pub note: String,
}

impl Question {
    /// 0–1: how well it went, the worse of the recorded grade (the
    /// scorer's, or the mentor's override) and the rubric mean.
    fn strength(&self) -> f32 {
        let by_grade = match self.grade {
            Grade::Again => 0.0,
            Grade::Hard => 0.4,
            Grade::Good => 0.7,
            Grade::Easy => 1.0,
        };
        self.rubric.map_or(by_grade, |r| {
            by_grade.min(r.mean() / f32::from(super::LENS_MAX))
        })
    }

    fn covered(&self) -> (usize, usize) {
        let scored: Vec<bool> = self.points.iter().filter_map(|(_, c)| *c).collect();
        (scored.iter().filter(|&&c| c).count(), scored.len())
    }
}

/// Below this strength a question's role is listed under "Drill next".
const WEAK: f32 = 0.6;

/// A duration as `m:ss` (or `h:mm:ss`), always after a `⏱ ` so that tests
/// can find and normalise every measured time.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("⏱ {}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("⏱ {}:{:02}", s / 60, s % 60)
    }
}

/// A planned duration (not measured), as `m:ss`.
fn limit(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The exact command that drills one role of one deck for the candidate
/// (their profile is always named: the mentor runs it for them).
pub fn study_command(candidate: &str, deck: &str, role: &str) -> String {
    let command = crate::session::drill_command(candidate, deck, role, None);
    if candidate == "default" {
        command.replacen("rolecall study", "rolecall study --profile default", 1)
    } else {
        command
    }
}

/// What the mentor chose, in words, for the report header: the role names
/// of the chosen roles (or of every role) and the decks.
pub fn scope(library: &Library, decks: &[String], roles: &[String]) -> String {
    let role_names: Vec<String> = library
        .decks
        .iter()
        .filter(|d| decks.is_empty() || decks.contains(&d.deck.id))
        .flat_map(|d| d.deck.roles.iter())
        .filter(|r| roles.is_empty() || roles.contains(&r.id))
        .map(|r| r.name.clone())
        .collect();
    let deck_list = if decks.is_empty() {
        "every deck".to_string()
    } else {
        decks.join(", ")
    };
    if roles.is_empty() {
        format!("all roles of {deck_list} ({})", role_names.join(", "))
    } else {
        format!("{} ({deck_list})", role_names.join(", "))
    }
}

/// The whole report.
pub fn render(run: &MockRun) -> String {
    let mut out = String::new();
    header(&mut out, run);
    if run.questions.is_empty() {
        out.push_str("\nNo question was answered.\n");
        return out;
    }
    overview(&mut out, run);
    let _ = writeln!(out, "\n## Questions");
    for (n, q) in run.questions.iter().enumerate() {
        question(&mut out, run, n + 1, q);
    }
    summary(&mut out, run);
    out
}

fn header(out: &mut String, run: &MockRun) {
    let _ = writeln!(out, "# Mock interview: {}\n", escape(&run.candidate));
    let _ = writeln!(out, "- Candidate: **{}**", escape(&run.candidate));
    let _ = writeln!(
        out,
        "- Date: {}",
        run.started.format("%Y-%m-%d %H:%M (UTC%:z)")
    );
    let _ = writeln!(out, "- Roles: {}", escape(&run.scope));
    let _ = writeln!(
        out,
        "- Questions: {} answered of {} · {} per question · {}",
        run.questions.len(),
        run.planned,
        limit(run.seconds),
        if run.spoken {
            "spoken answers, graded by the mentor"
        } else {
            "typed answers, scored against key points"
        }
    );
    let _ = writeln!(out, "- Duration: {}", clock(run.elapsed));
    let _ = writeln!(
        out,
        "- Draw: weakest cards first, seed {} (`--seed {}` draws the same questions)",
        run.seed, run.seed
    );
}

fn kind_label(q: &Question) -> String {
    match &q.task {
        Some(task) => format!("{} · {}", q.kind, task),
        None => q.kind.to_string(),
    }
}

fn overview(out: &mut String, run: &MockRun) {
    let _ = writeln!(out, "\n## Overview\n");
    let mut header = vec!["#", "Role", "Kind", "Key points", "Grade"];
    if run.rubric {
        header.extend(["D", "E", "C", "L"]);
    }
    header.push("Time");
    let mut align = vec![
        Align::Right,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Left,
    ];
    if run.rubric {
        align.extend([Align::Right; 4]);
    }
    align.push(Align::Right);
    let rows: Vec<Vec<String>> = run
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let (covered, total) = q.covered();
            let mut row = vec![
                (n + 1).to_string(),
                cell(&q.role_name),
                cell(&q.kind.to_string()),
                if total == 0 {
                    "spoken".to_string()
                } else {
                    format!("{covered}/{total}")
                },
                q.grade.to_string(),
            ];
            if run.rubric {
                for lens in Lens::ALL {
                    row.push(q.rubric.map_or("-".into(), |r| r.score(lens).to_string()));
                }
            }
            row.push(clock(q.took));
            row
        })
        .collect();
    out.push_str(&table(&header, &align, &rows));
    if run.rubric {
        let _ = writeln!(
            out,
            "\nRubric, 0–3 per lens: D {}, E {}, C {}, L {}.",
            Lens::Decisions.title(),
            Lens::Evidence.title(),
            Lens::Conflict.title(),
            Lens::Leverage.title()
        );
    }
}

fn question(out: &mut String, run: &MockRun, n: usize, q: &Question) {
    let _ = writeln!(
        out,
        "\n### {n}. {} · {}\n",
        escape(&q.role_name),
        escape(&kind_label(q))
    );
    let _ = writeln!(out, "**Question**\n");
    out.push_str(&quote(&q.prompt));
    let over = q.took.as_secs() > run.seconds;
    let timing = if over {
        format!("{}, over the {} limit", clock(q.took), limit(run.seconds))
    } else {
        format!("{} of {}", clock(q.took), limit(run.seconds))
    };
    match &q.answer {
        Some(answer) if !answer.trim().is_empty() => {
            let _ = writeln!(out, "\n**Answer** ({timing})\n");
            out.push_str(&quote(answer));
        }
        Some(_) => {
            let _ = writeln!(out, "\n**Answer** ({timing}): none given.");
        }
        None => {
            let _ = writeln!(out, "\n**Answer** ({timing}): spoken, not transcribed.");
        }
    }
    let (covered, total) = q.covered();
    let grade = match q.suggested {
        Some(s) if s != q.grade => format!("**{}** (mentor; the scorer suggested {s})", q.grade),
        Some(_) => format!("**{}** (scorer)", q.grade),
        None => format!("**{}** (mentor)", q.grade),
    };
    if total > 0 {
        let _ = writeln!(
            out,
            "\n**Key points:** {covered} of {total} covered ({:.0}%) · grade {grade}\n",
            q.score.unwrap_or(0.0) * 100.0
        );
        for (text, hit) in &q.points {
            let mark = if *hit == Some(true) { "✓" } else { "✗" };
            let _ = writeln!(out, "- {mark} {}", cell(text));
        }
    } else {
        let _ = writeln!(out, "\n**Key points to listen for** · grade {grade}\n");
        for (text, _) in &q.points {
            let _ = writeln!(out, "- {}", cell(text));
        }
    }
    if let Some(r) = q.rubric {
        let parts: Vec<String> = Lens::ALL
            .iter()
            .map(|&l| format!("{} {}", l.name(), r.score(l)))
            .collect();
        let _ = writeln!(
            out,
            "\n**Rubric:** {} (mean {:.1})",
            parts.join(" · "),
            r.mean()
        );
    }
    if !q.note.trim().is_empty() {
        let _ = writeln!(out, "\n**Note:** {}", cell(&q.note));
    }
}

fn summary(out: &mut String, run: &MockRun) {
    let _ = writeln!(out, "\n## Summary\n");
    let (covered, total) = run.questions.iter().fold((0, 0), |(c, t), q| {
        let (qc, qt) = q.covered();
        (c + qc, t + qt)
    });
    let passed = run.questions.iter().filter(|q| q.grade.is_pass()).count();
    if total > 0 {
        let _ = writeln!(
            out,
            "- Key points covered: {covered} of {total} ({:.0}%)",
            covered as f64 * 100.0 / total as f64
        );
    }
    let _ = writeln!(
        out,
        "- Recalled (graded hard or better): {passed} of {}",
        run.questions.len()
    );
    lenses(out, run);
    drill(out, run);
}

/// The average score of each lens over the rated answers; `None` when no
/// answer was rated.
pub fn lens_averages(run: &MockRun) -> Option<Vec<(Lens, f32)>> {
    let rated: Vec<Rubric> = run.questions.iter().filter_map(|q| q.rubric).collect();
    if rated.is_empty() {
        return None;
    }
    Some(
        Lens::ALL
            .iter()
            .map(|&l| {
                let sum: u32 = rated.iter().map(|r| u32::from(r.score(l))).sum();
                (l, sum as f32 / rated.len() as f32)
            })
            .collect(),
    )
}

/// A few plain lines for the end of the interview on screen: key points,
/// weakest lens, the first role to drill.
pub fn summary_lines(run: &MockRun) -> Vec<String> {
    let mut lines = Vec::new();
    let (covered, total) = run.questions.iter().fold((0, 0), |(c, t), q| {
        let (qc, qt) = q.covered();
        (c + qc, t + qt)
    });
    if total > 0 {
        lines.push(format!("Key points covered: {covered} of {total}."));
    }
    if let Some(averages) = lens_averages(run) {
        let parts: Vec<String> = averages
            .iter()
            .map(|(l, a)| format!("{} {a:.1}", l.name()))
            .collect();
        lines.push(format!("Lens averages (0-3): {}.", parts.join(" · ")));
    }
    if let Some(q) = run
        .questions
        .iter()
        .filter(|q| q.strength() < WEAK)
        .min_by(|a, b| a.strength().total_cmp(&b.strength()))
    {
        lines.push(format!(
            "Drill first: {}",
            study_command(&run.candidate, &q.deck, &q.role)
        ));
    }
    lines
}

fn lenses(out: &mut String, run: &MockRun) {
    let Some(averages) = lens_averages(run) else {
        if !run.rubric {
            let _ = writeln!(out, "- Rubric: not used in this mock (`--no-rubric`).");
        }
        return;
    };
    let rows: Vec<Vec<String>> = averages
        .iter()
        .map(|(l, avg)| {
            vec![
                l.name().to_string(),
                l.title().to_string(),
                format!("{avg:.1}"),
                bar(*avg / f32::from(super::LENS_MAX)),
            ]
        })
        .collect();
    let _ = writeln!(out, "\n### Lenses\n");
    out.push_str(&table(
        &["Lens", "What it asks", "Average", "0–3"],
        &[Align::Left, Align::Left, Align::Right, Align::Left],
        &rows,
    ));
    let best = averages.iter().map(|a| a.1).fold(f32::MIN, f32::max);
    let worst = averages.iter().map(|a| a.1).fold(f32::MAX, f32::min);
    let named = |target: f32| {
        let names: Vec<String> = averages
            .iter()
            .filter(|a| (a.1 - target).abs() < 1e-4)
            .map(|a| format!("**{}** ({})", a.0.name(), a.0.title()))
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        }
    };
    out.push('\n');
    if (best - worst).abs() < 1e-4 {
        let _ = writeln!(out, "Every lens averaged {best:.1}: no lens stands out.");
    } else {
        let _ = writeln!(out, "- Strongest lens: {}, {best:.1} of 3", named(best));
        let _ = writeln!(out, "- Weakest lens: {}, {worst:.1} of 3", named(worst));
    }
}

/// A ten-cell bar for a 0–1 share, plain characters every pager shows.
pub fn bar(share: f32) -> String {
    let filled = (share.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

fn drill(out: &mut String, run: &MockRun) {
    let _ = writeln!(out, "\n### Drill next\n");
    let mut weak: Vec<&Question> = run
        .questions
        .iter()
        .filter(|q| q.strength() < WEAK)
        .collect();
    weak.sort_by(|a, b| a.strength().total_cmp(&b.strength()));
    if weak.is_empty() {
        let _ = writeln!(
            out,
            "No weak answers in this mock. Keep the regular schedule:\n\n    rolecall study --profile {}",
            run.candidate
        );
        return;
    }
    // One entry per role, weakest first, with the tasks that went badly.
    let mut roles: Vec<(&str, &str, &str, Vec<String>)> = Vec::new();
    for q in weak {
        let what = q.task.clone().unwrap_or_else(|| {
            let first = q.prompt.lines().next().unwrap_or_default();
            let short: String = first.chars().take(60).collect();
            let more = if short.len() < first.len() { "…" } else { "" };
            format!("{} card “{short}{more}”", q.kind)
        });
        match roles
            .iter_mut()
            .find(|(d, r, _, _)| *d == q.deck && *r == q.role)
        {
            Some(entry) => {
                if !entry.3.contains(&what) {
                    entry.3.push(what);
                }
            }
            None => roles.push((&q.deck, &q.role, &q.role_name, vec![what])),
        }
    }
    for (n, (deck, role, name, tasks)) in roles.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}**: {}\n\n       {}\n",
            n + 1,
            escape(name),
            tasks.iter().map(|t| cell(t)).collect::<Vec<_>>().join("; "),
            study_command(&run.candidate, deck, role)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(role: &str, grade: Grade, rubric: Option<[u8; 4]>) -> Question {
        Question {
            deck: "d".into(),
            role: role.into(),
            role_name: format!("Role {role}"),
            task: Some(format!("Task | {role}")),
            kind: CardKind::Scenario,
            prompt: "What is the *real* problem?".into(),
            answer: Some("check <the> signal".into()),
            took: Duration::from_secs(75),
            points: vec![
                ("signal real".into(), Some(true)),
                ("why now".into(), Some(false)),
            ],
            score: Some(0.5),
            suggested: Some(Grade::Hard),
            grade,
            rubric: rubric.map(Rubric),
            note: "talk about owners".into(),
        }
    }

    fn run(questions: Vec<Question>) -> MockRun {
        MockRun {
            candidate: "alice".into(),
            id: "mock-1".into(),
            started: "2026-03-02T09:00:00+00:00".parse().unwrap(),
            scope: "all roles".into(),
            seconds: 60,
            spoken: false,
            rubric: true,
            seed: 7,
            elapsed: Duration::from_secs(3725),
            planned: 2,
            questions,
        }
    }

    #[test]
    fn report_has_every_section_and_escapes_deck_text() {
        let text = render(&run(vec![
            question("a", Grade::Hard, Some([1, 3, 0, 2])),
            question("b", Grade::Good, Some([3, 3, 2, 3])),
        ]));
        for needle in [
            "# Mock interview: alice",
            "- Duration: ⏱ 1:02:05",
            "## Overview",
            "|   1 | Role a | scenario |        1/2 | hard  |   1 |   3 |   0 |   2 | ⏱ 1:15 |",
            "> What is the \\*real\\* problem?",
            "> check \\<the\\> signal",
            "(⏱ 1:15, over the 1:00 limit)",
            "- ✓ signal real",
            "- ✗ why now",
            "grade **good** (mentor; the scorer suggested hard)",
            "**Rubric:** Decisions 1 · Evidence 3 · Conflict 0 · Leverage 2 (mean 1.5)",
            "- Strongest lens: **Evidence** (evidence it works from), 3.0 of 3",
            "- Weakest lens: **Conflict** (conflict it manages), 1.0 of 3",
            "1. **Role a**: Task \\| a",
            "rolecall study --profile alice --deck d --role a",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        // Role b went well (good, rubric 2.75): nothing to drill there.
        assert!(!text.contains("--role b"), "{text}");
    }

    #[test]
    fn no_weak_answer_suggests_the_regular_schedule() {
        let mut q = question("a", Grade::Easy, Some([3, 3, 3, 3]));
        q.score = Some(1.0);
        let text = render(&run(vec![q]));
        assert!(text.contains("No weak answers"), "{text}");
        assert!(text.contains("Every lens averaged 3.0"), "{text}");
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(Duration::from_secs(3)), "⏱ 0:03");
        assert_eq!(clock(Duration::from_secs(181)), "⏱ 3:01");
        assert_eq!(bar(0.5), "█████░░░░░");
    }
}
