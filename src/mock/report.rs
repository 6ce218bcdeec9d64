//! The report of one mock interview, a report that teaches: the header, the
//! summary (figures and lens averages), an overview table, each question (why it was asked, the prompt, the
//! answer, each key point of the reference answer in the deck's words
//! marked covered, partly covered or missed with what the candidate said,
//! the example's insight, the grade, the rubric with what each score means,
//! the mentor's note), then what to drill next, task by task, with the
//! command to run.
//!
//! The summary's figures are the history's ([`Mock`]): the ones
//! `rolecall report` shows for the same mock, read from the same reviews.
//! Pure: the caller gathers the facts into a [`MockRun`]; escaping is the
//! renderers' (see [`doc`](super::doc)).

use super::anchors::Anchors;
use super::doc::{Align, Block, Chart, Doc, Mark, Span, Table, code, strong, text};
use super::draw::Why;
use super::{LENS_MAX, Lens, Rubric};
use crate::deck::CardKind;
use crate::deck::load::Library;
use crate::grade::Grade;
use crate::history::Mock;
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
    /// How many questions of the candidate's last mock the draw left out.
    pub left_out: usize,
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
    /// The task's id and title, when the card belongs to a task.
    pub task: Option<(String, String)>,
    pub kind: CardKind,
    pub prompt: String,
    pub why: Why,
    /// `None` for a spoken answer.
    pub answer: Option<String>,
    pub took: Duration,
    /// The key points in the deck's words, with how the answer fared.
    pub points: Vec<Point>,
    /// The scorer's notes: why the score is lower than the points suggest.
    pub notes: Vec<String>,
    /// The reference answer when it says more than the key points (the
    /// example's insight for a scenario).
    pub reference: Option<String>,
    pub score: Option<f32>,
    /// The scorer's suggestion, when there was one.
    pub suggested: Option<Grade>,
    /// The grade recorded in the profile.
    pub grade: Grade,
    pub rubric: Option<Rubric>,
    /// What each rubric score means for the card's role.
    pub anchors: Anchors,
    pub note: String,
}

/// How much of one key point an answer made, from the scorer's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    Covered,
    Partly,
    Missed,
}

/// A key point and how the answer fared on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    /// The key point in the deck's words.
    pub text: String,
    /// `None` when the answer was not scored (spoken).
    pub made: Option<Made>,
    /// What the candidate said that counted for it.
    pub evidence: Vec<String>,
}

impl Point {
    fn mark(&self) -> Mark {
        match self.made {
            Some(Made::Covered) => Mark::Covered,
            Some(Made::Partly) => Mark::Partly,
            Some(Made::Missed) => Mark::Missed,
            None => Mark::Listen,
        }
    }
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
        self.rubric
            .map_or(by_grade, |r| by_grade.min(r.mean() / f32::from(LENS_MAX)))
    }

    /// Points covered, partly covered and scored in all.
    fn counts(&self) -> (usize, usize, usize) {
        let made = |m| self.points.iter().filter(|p| p.made == Some(m)).count();
        let scored = self.points.iter().filter(|p| p.made.is_some()).count();
        (made(Made::Covered), made(Made::Partly), scored)
    }

    /// "Role · task · kind" for headings.
    fn label(&self) -> String {
        match &self.task {
            Some((_, title)) => format!("{} · {title} · {}", self.role_name, self.kind),
            None => format!("{} · {}", self.role_name, self.kind),
        }
    }
}

/// Below this strength a question's task is listed under "Drill next".
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

/// The exact command that drills a task (or, for a card of no task, a
/// role) for the candidate; their profile is always named, since the
/// mentor hands it over.
pub fn study_command(candidate: &str, deck: &str, role: &str, task: Option<&str>) -> String {
    let command = crate::session::drill_command(candidate, deck, role, task);
    if candidate == "default" {
        command.replacen("rolecall study", "rolecall study --profile default", 1)
    } else {
        command
    }
}

/// The command that drills what a question asked: its task, or for a card
/// of no task (a role's profile or notes) the role's cards of that kind.
fn drill_command(candidate: &str, q: &Question) -> String {
    match &q.task {
        Some((task, _)) => study_command(candidate, &q.deck, &q.role, Some(task)),
        None => format!(
            "{} --kind {}",
            study_command(candidate, &q.deck, &q.role, None),
            q.kind.name()
        ),
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

/// The figures of a mock as both reports word them, from the history.
#[derive(Debug, Clone, PartialEq)]
pub struct MockFigures {
    pub questions: usize,
    pub recalled: usize,
    pub mean_score: Option<f32>,
    pub lenses: Option<[f32; 4]>,
}

impl MockFigures {
    pub fn of(mock: &Mock) -> MockFigures {
        MockFigures {
            questions: mock.questions(),
            recalled: mock.recalled(),
            mean_score: mock.mean_score(),
            lenses: mock.rubric_means(),
        }
    }

    /// "2 of 3", the pass count as `stats` counts a pass.
    pub fn recalled_text(&self) -> String {
        format!("{} of {}", self.recalled, self.questions)
    }

    /// The mean key-point score, as a percentage.
    pub fn score_text(&self) -> String {
        self.mean_score
            .map_or("–".into(), |s| format!("{:.0}%", s * 100.0))
    }
}

/// What "Recalled" means, the same words in both reports.
pub const RECALLED_MEANS: &str =
    "graded Hard or better, the pass that stats counts in true retention";
/// What the key-point score means, the same words in both reports.
pub const SCORE_MEANS: &str = "the scorer's mean over the typed answers: the share of key points \
     covered, a partly covered point counting part";

/// The whole report; `recorded` is this mock as the history reads it back.
pub fn document(run: &MockRun, recorded: Option<&Mock>) -> Doc {
    let mut blocks = header(run);
    if run.questions.is_empty() {
        blocks.push(Block::Paragraph(vec![text("No question was answered.")]));
    } else {
        // The figures first, then how each question went, then what next.
        if let Some(mock) = recorded {
            blocks.extend(summary(run, &MockFigures::of(mock)));
        }
        blocks.extend(overview(run));
        blocks.push(Block::Heading(2, "Questions".into()));
        for (n, q) in run.questions.iter().enumerate() {
            blocks.extend(question(run, n + 1, q));
        }
        blocks.extend(drill(run));
    }
    Doc {
        title: format!("Mock interview: {}", run.candidate),
        blocks,
    }
}

fn header(run: &MockRun) -> Vec<Block> {
    let mut draw = format!(
        "the candidate's weakest cards first (failed last time, never seen, then lowest recall), \
         one role at a time; seed {}",
        run.seed
    );
    if run.left_out > 0 {
        let _ = write!(
            draw,
            "; the {} question{} of the last mock left out",
            run.left_out,
            if run.left_out == 1 { "" } else { "s" }
        );
    }
    let answers = if run.spoken {
        "spoken answers, graded by the mentor"
    } else {
        "typed answers, scored against the deck's key points"
    };
    vec![Block::List(vec![
        vec![text("Candidate: "), strong(&run.candidate)],
        vec![text(format!(
            "Date: {}",
            run.started.format("%Y-%m-%d %H:%M (UTC%:z)")
        ))],
        vec![text(format!("Roles: {}", run.scope))],
        vec![text(format!(
            "Questions: {} answered of {} · {} per question · {answers}",
            run.questions.len(),
            run.planned,
            limit(run.seconds),
        ))],
        vec![text(format!("Duration: {}", clock(run.elapsed)))],
        vec![
            text(format!("Draw: {draw} (")),
            code(format!("--seed {}", run.seed)),
            text(" draws the same questions from the same progress)"),
        ],
    ])]
}

fn overview(run: &MockRun) -> Vec<Block> {
    let mut header = vec![
        "Q",
        "Role",
        "Task · kind",
        "Why asked",
        "Key points",
        "Grade",
    ];
    let mut align = vec![
        Align::Right,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Left,
    ];
    if run.rubric {
        header.extend(["D", "E", "C", "L"]);
        align.extend([Align::Right; 4]);
    }
    header.push("Time");
    align.push(Align::Right);
    let rows: Vec<Vec<String>> = run
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let (covered, partly, total) = q.counts();
            let points = match (total, partly) {
                (0, _) => "spoken".to_string(),
                (_, 0) => format!("{covered}/{total}"),
                _ => format!("{covered}+{partly}◐/{total}"),
            };
            let task = match &q.task {
                Some((_, title)) => format!("{title} · {}", q.kind),
                None => q.kind.to_string(),
            };
            let mut row = vec![
                (n + 1).to_string(),
                q.role_name.clone(),
                task,
                q.why.short(),
                points,
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
    let mut blocks = vec![
        Block::Heading(2, "Overview".into()),
        Block::Table(Table::new(&header, &align, rows)),
    ];
    if run.rubric {
        blocks.push(Block::Paragraph(vec![text(format!(
            "Key points: covered (+ partly ◐) of those scored. Rubric, 0–3 per lens: D {}, E {}, \
             C {}, L {}.",
            Lens::Decisions.title(),
            Lens::Evidence.title(),
            Lens::Conflict.title(),
            Lens::Leverage.title()
        ))]));
    }
    blocks
}

fn question(run: &MockRun, n: usize, q: &Question) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(3, format!("{n}. {}", q.label())),
        Block::Paragraph(vec![strong("Why this question: "), text(q.why.sentence())]),
        Block::Paragraph(vec![strong("Question")]),
        Block::Quote(q.prompt.clone()),
    ];
    let timing = if q.took.as_secs() > run.seconds {
        format!("{}, over the {} limit", clock(q.took), limit(run.seconds))
    } else {
        format!("{} of {}", clock(q.took), limit(run.seconds))
    };
    match &q.answer {
        Some(answer) if !answer.trim().is_empty() => {
            blocks.push(Block::Paragraph(vec![
                strong("Answer"),
                text(format!(" ({timing})")),
            ]));
            blocks.push(Block::Quote(answer.clone()));
        }
        Some(_) => blocks.push(Block::Paragraph(vec![
            strong("Answer"),
            text(format!(" ({timing}): none given.")),
        ])),
        None => blocks.push(Block::Paragraph(vec![
            strong("Answer"),
            text(format!(" ({timing}): spoken, not transcribed.")),
        ])),
    }
    blocks.extend(reference(q));
    if let Some(r) = q.rubric {
        blocks.push(Block::Paragraph(vec![
            strong("Rubric"),
            text(format!(" (mean {:.1} of {LENS_MAX}):", r.mean())),
        ]));
        blocks.push(Block::List(
            Lens::ALL
                .iter()
                .map(|&lens| {
                    let score = r.score(lens);
                    vec![
                        strong(format!("{} {score}", lens.name())),
                        text(format!(" — {}", q.anchors.line(lens, score))),
                    ]
                })
                .collect(),
        ));
    }
    if !q.note.trim().is_empty() {
        blocks.push(Block::Paragraph(vec![
            strong("Mentor's note: "),
            text(q.note.clone()),
        ]));
    }
    blocks
}

/// The reference answer: each key point in the deck's words, marked, with
/// what the candidate said for it; the scorer's notes; the insight.
fn reference(q: &Question) -> Vec<Block> {
    let (covered, partly, total) = q.counts();
    let grade = match q.suggested {
        Some(s) if s != q.grade => format!("{} (the mentor's; the scorer suggested {s})", q.grade),
        Some(_) => format!("{} (the scorer's)", q.grade),
        None => format!("{} (the mentor's)", q.grade),
    };
    let mut blocks = Vec::new();
    if total > 0 {
        let missed = total - covered - partly;
        blocks.push(Block::Paragraph(vec![
            strong("Reference answer"),
            text(format!(
                ": {covered} of {total} key points covered, {partly} partly, {missed} missed · \
                 score {:.0}% · grade ",
                q.score.unwrap_or(0.0) * 100.0
            )),
            strong(grade),
        ]));
    } else {
        blocks.push(Block::Paragraph(vec![
            strong("Reference answer"),
            text(" (key points to listen for) · grade "),
            strong(grade),
        ]));
    }
    blocks.push(Block::List(
        q.points
            .iter()
            .map(|p| {
                let mut item = vec![Span::Mark(p.mark()), text(" "), text(p.text.clone())];
                if p.made.is_some() {
                    item.push(text(format!(" ({})", p.mark().words())));
                }
                if !p.evidence.is_empty() && p.made != Some(Made::Missed) {
                    item.push(text(format!("; said: {}", p.evidence.join(", "))));
                }
                item
            })
            .collect(),
    ));
    if let Some(Block::List(items)) = blocks.last_mut() {
        items.extend(
            q.notes
                .iter()
                .map(|n| vec![text("Scorer's note: "), text(n.clone())]),
        );
    }
    if let Some(reference) = &q.reference {
        let label = if q.kind == CardKind::Scenario {
            "The insight behind the example"
        } else {
            "In full"
        };
        blocks.push(Block::Paragraph(vec![strong(label)]));
        blocks.push(Block::Quote(reference.clone()));
    }
    blocks
}

fn summary(run: &MockRun, figures: &MockFigures) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(2, "Summary".into()),
        Block::List(vec![
            vec![text(format!("Questions answered: {}", figures.questions))],
            vec![
                strong(format!("Recalled: {}", figures.recalled_text())),
                text(format!(" ({RECALLED_MEANS})")),
            ],
            vec![
                strong(format!("Key-point score: {}", figures.score_text())),
                text(format!(" ({SCORE_MEANS})")),
            ],
        ]),
    ];
    match figures.lenses {
        Some(averages) => blocks.extend(lenses(&averages)),
        None if !run.rubric => blocks.push(Block::Paragraph(vec![text(
            "Rubric: not used in this mock (--no-rubric).",
        )])),
        None => {}
    }
    blocks
}

/// The lens averages as a chart, then the strongest and weakest lens.
fn lenses(averages: &[f32; 4]) -> Vec<Block> {
    let rows: Vec<(String, f32)> = Lens::ALL
        .iter()
        .map(|&l| {
            (
                format!("{} ({})", l.name(), l.title()),
                averages[l as usize],
            )
        })
        .collect();
    let mut blocks = vec![
        Block::Heading(3, "Lenses".into()),
        Block::Chart(Chart::Bars {
            caption: "Average rubric score per lens, 0–3, over the rated answers".into(),
            label: "Lens".into(),
            max: f32::from(LENS_MAX),
            rows,
        }),
    ];
    let best = averages.iter().copied().fold(f32::MIN, f32::max);
    let worst = averages.iter().copied().fold(f32::MAX, f32::min);
    let named = |target: f32| {
        let names: Vec<String> = Lens::ALL
            .iter()
            .filter(|&&l| (averages[l as usize] - target).abs() < 1e-4)
            .map(|l| format!("{} ({})", l.name(), l.title()))
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.join(""),
        }
    };
    if (best - worst).abs() < 1e-4 {
        blocks.push(Block::Paragraph(vec![text(format!(
            "Every lens averaged {best:.1}: no lens stands out."
        ))]));
    } else {
        blocks.push(Block::List(vec![
            vec![
                text("Strongest lens: "),
                strong(named(best)),
                text(format!(", {best:.1} of 3")),
            ],
            vec![
                text("Weakest lens: "),
                strong(named(worst)),
                text(format!(", {worst:.1} of 3")),
            ],
        ]));
    }
    blocks
}

/// The weak answers' tasks, weakest first, each with the command that
/// drills it (its role, for a card of no task).
fn drill(run: &MockRun) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, "Drill next".into())];
    let mut weak: Vec<&Question> = run
        .questions
        .iter()
        .filter(|q| q.strength() < WEAK)
        .collect();
    weak.sort_by(|a, b| a.strength().total_cmp(&b.strength()));
    if weak.is_empty() {
        blocks.push(Block::Paragraph(vec![text(
            "No weak answers in this mock. Keep the regular schedule:",
        )]));
        blocks.push(Block::Commands(vec![format!(
            "rolecall study --profile {}",
            run.candidate
        )]));
        return blocks;
    }
    let mut seen: Vec<String> = Vec::new();
    for q in weak {
        let command = drill_command(&run.candidate, q);
        if seen.contains(&command) {
            continue;
        }
        seen.push(command.clone());
        let what = match &q.task {
            Some((_, title)) => format!("{} · {title}", q.role_name),
            None => format!("{} · its {} cards", q.role_name, q.kind),
        };
        let mut missed: Vec<&str> = q
            .points
            .iter()
            .filter(|p| p.made != Some(Made::Covered))
            .map(|p| p.text.as_str())
            .collect();
        missed.truncate(3);
        let mut line = vec![
            text(format!("{}. ", seen.len())),
            strong(what),
            text(format!(" ({}", q.grade)),
        ];
        if let Some(r) = q.rubric {
            line.push(text(format!(", rubric mean {:.1}", r.mean())));
        }
        line.push(text(")"));
        if !missed.is_empty() {
            line.push(text(format!(": work on {}", missed.join("; "))));
        }
        blocks.push(Block::Paragraph(line));
        blocks.push(Block::Commands(vec![command]));
    }
    blocks
}

/// A few plain lines for the end of the interview on screen, from the
/// same figures as the report.
pub fn summary_lines(run: &MockRun, recorded: Option<&Mock>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(mock) = recorded {
        let figures = MockFigures::of(mock);
        lines.push(format!(
            "Recalled {} · key-point score {}.",
            figures.recalled_text(),
            figures.score_text()
        ));
        if let Some(averages) = figures.lenses {
            let parts: Vec<String> = Lens::ALL
                .iter()
                .map(|&l| format!("{} {:.1}", l.name(), averages[l as usize]))
                .collect();
            lines.push(format!("Lens averages (0-3): {}.", parts.join(" · ")));
        }
    }
    if let Some(q) = run
        .questions
        .iter()
        .filter(|q| q.strength() < WEAK)
        .min_by(|a, b| a.strength().total_cmp(&b.strength()))
    {
        lines.push(format!("Drill first: {}", drill_command(&run.candidate, q)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Review;
    use crate::mock::{html, markdown};

    fn question(role: &str, grade: Grade, rubric: Option<[u8; 4]>) -> Question {
        Question {
            deck: "d".into(),
            role: role.into(),
            role_name: format!("Role {role}"),
            task: Some((format!("t-{role}"), format!("Task | {role}"))),
            kind: CardKind::Scenario,
            prompt: "What is the *real* problem?".into(),
            why: Why::Weak(0.62),
            answer: Some("check <the> signal".into()),
            took: Duration::from_secs(75),
            points: vec![
                Point {
                    text: "signal real".into(),
                    made: Some(Made::Covered),
                    evidence: vec!["signal".into()],
                },
                Point {
                    text: "why now".into(),
                    made: Some(Made::Partly),
                    evidence: vec!["now".into()],
                },
                Point {
                    text: "who owns it".into(),
                    made: Some(Made::Missed),
                    evidence: vec![],
                },
            ],
            notes: vec!["answer negates: x".into()],
            reference: Some("Check the signal [first](https://evil.example).".into()),
            score: Some(0.5),
            suggested: Some(Grade::Hard),
            grade,
            rubric: rubric.map(Rubric),
            anchors: Anchors::default(),
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
            left_out: 2,
            elapsed: Duration::from_secs(3725),
            planned: 2,
            questions,
        }
    }

    /// The history's reading of a run: its grades, scores and rubrics.
    fn recorded(run: &MockRun) -> Mock {
        Mock {
            id: run.id.clone(),
            answers: run
                .questions
                .iter()
                .map(|q| Review {
                    card: "c".into(),
                    at: "2026-03-02T09:00:00Z".parse().unwrap(),
                    grade: q.grade,
                    score: q.score,
                    duration_ms: 1,
                    mode: "mock".into(),
                    session: Some(run.id.clone()),
                    shown: None,
                    rubric: q.rubric.map(|r| r.0),
                    corrected: None,
                })
                .collect(),
        }
    }

    #[test]
    fn report_teaches_and_escapes_deck_text() {
        let run = run(vec![
            question("a", Grade::Hard, Some([1, 3, 0, 2])),
            question("b", Grade::Good, Some([3, 3, 2, 3])),
        ]);
        let doc = document(&run, Some(&recorded(&run)));
        let text = markdown::render(&doc);
        for needle in [
            "# Mock interview: alice",
            "- Duration: ⏱ 1:02:05",
            "the 2 questions of the last mock left out",
            "## Overview",
            "|   1 | Role a | Task \\| a · scenario | weak: recall 62% |     1+1◐/3 | hard  |   1 |   3 |   0 |   2 | ⏱ 1:15 |",
            "**Why this question:** weak: recall now 62%, below the desired retention.",
            "> What is the \\*real\\* problem?",
            "> check \\<the\\> signal",
            "(⏱ 1:15, over the 1:00 limit)",
            "1 of 3 key points covered, 1 partly, 1 missed · score 50% · grade **good (the mentor's; the scorer suggested hard)**",
            "- ✓ signal real (covered); said: signal",
            "- ◐ why now (partly covered); said: now",
            "- ✗ who owns it (missed)",
            "- Scorer's note: answer negates: x",
            "**The insight behind the example**",
            // The URL is defanged too: a Markdown viewer links nothing.
            "> Check the signal \\[first\\](https\\://evil.example).",
            "**Rubric** (mean 1.5 of 3):",
            "- **Decisions 1** — Names the area but not the call",
            "- **Conflict 0** — Ignores the tension",
            "**Mentor's note:** talk about owners",
            "- **Recalled: 2 of 2** (graded Hard or better",
            "- **Key-point score: 50%**",
            "| Decisions (decisions it owns)     |     2.0 | ███████░░░ |",
            "- Strongest lens: **Evidence (evidence it works from)**, 3.0 of 3",
            "- Weakest lens: **Conflict (conflict it manages)**, 1.0 of 3",
            "1. **Role a · Task \\| a** (hard, rubric mean 1.5): work on why now; who owns it",
            "rolecall study --profile alice --deck d --role a --task t-a",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        // Role b went well (good, rubric 2.75): nothing to drill there.
        assert!(!text.contains("--role b"), "{text}");
        // The HTML carries the same content, escaped, and draws the chart.
        let page = html::render(&doc);
        for needle in [
            "<td>Task | a · scenario</td>",
            "&lt;the&gt; signal",
            "[first](https:<wbr>//evil.example)",
            "<svg",
            "rolecall study --profile alice --deck d --role a --task t-a",
        ] {
            assert!(page.contains(needle), "missing {needle:?} in\n{page}");
        }
    }

    #[test]
    fn no_weak_answer_suggests_the_regular_schedule() {
        let mut q = question("a", Grade::Easy, Some([3, 3, 3, 3]));
        q.score = Some(1.0);
        let run = run(vec![q]);
        let text = markdown::render(&document(&run, Some(&recorded(&run))));
        assert!(text.contains("No weak answers"), "{text}");
        assert!(text.contains("Every lens averaged 3.0"), "{text}");
    }

    #[test]
    fn a_card_of_no_task_is_drilled_by_its_role_and_kind_not_the_whole_role() {
        let mut q = question("c", Grade::Again, Some([0, 1, 0, 0]));
        q.task = None;
        q.kind = CardKind::Profile;
        let run = run(vec![q]);
        let text = markdown::render(&document(&run, Some(&recorded(&run))));
        assert!(
            text.contains("rolecall study --profile alice --deck d --role c --kind profile"),
            "{text}"
        );
        assert!(text.contains("**Role c · its profile cards**"), "{text}");
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(Duration::from_secs(3)), "⏱ 0:03");
        assert_eq!(clock(Duration::from_secs(181)), "⏱ 3:01");
    }
}
