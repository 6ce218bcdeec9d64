//! The progress report of one candidate (`rolecall report`): reviews and
//! retention, mastery per role, the weakest tasks with the command that
//! drills each, and the mock interviews over time: lens averages per mock
//! (a chart and a table), what changed since the previous mock, and the
//! tasks that improved or regressed between the mocks that asked them.
//!
//! Pure: it lays out the figures `rolecall stats` computes ([`Stats`]) and
//! the history's mocks ([`Mock`]), read the same way as the mock's own
//! report; escaping is the renderers' (see [`doc`](super::doc)).

use super::doc::{Align, Block, Chart, Doc, Table, strong, text};
use super::report::{MockFigures, RECALLED_MEANS, SCORE_MEANS, study_command};
use super::{LENS_MAX, Lens};
use crate::grade::Grade;
use crate::history::Mock;
use crate::stats::{MATURE_DAYS, Retention, Stats};
use chrono::{DateTime, FixedOffset, Utc};
use std::collections::BTreeMap;

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
    /// The latest mock interviews, oldest first.
    pub mocks: Vec<MockRow>,
    /// Tasks whose result moved between the last two mocks that asked them.
    pub moves: Vec<TaskMove>,
}

/// One past mock interview.
#[derive(Debug, Clone)]
pub struct MockRow {
    pub at: DateTime<FixedOffset>,
    pub figures: MockFigures,
}

/// The task a card belongs to, for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TaskRef {
    pub deck: String,
    pub role: String,
    pub task: String,
    pub title: String,
    pub role_name: String,
}

/// A task's result in one mock and in the previous mock that asked it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskMove {
    pub task: TaskRef,
    pub before: Grade,
    pub after: Grade,
    pub before_at: DateTime<Utc>,
    pub after_at: DateTime<Utc>,
}

impl TaskMove {
    pub fn improved(&self) -> bool {
        self.after > self.before
    }
}

/// The tasks whose grade changed between the last two mocks that asked
/// them (a task asked twice in one mock counts its worse grade), the
/// largest changes first. `task_of` names the task of a card id (`None`
/// for a card of no task, or no longer in any deck).
pub fn task_moves(mocks: &[Mock], task_of: impl Fn(&str) -> Option<TaskRef>) -> Vec<TaskMove> {
    let mut results: BTreeMap<TaskRef, Vec<(DateTime<Utc>, Grade)>> = BTreeMap::new();
    for mock in mocks {
        let mut in_mock: BTreeMap<TaskRef, Grade> = BTreeMap::new();
        for answer in &mock.answers {
            if let Some(task) = task_of(&answer.card) {
                let grade = in_mock.entry(task).or_insert(answer.grade);
                *grade = (*grade).min(answer.grade);
            }
        }
        for (task, grade) in in_mock {
            results.entry(task).or_default().push((mock.at(), grade));
        }
    }
    let mut moves: Vec<TaskMove> = results
        .into_iter()
        .filter_map(|(task, results)| {
            let [.., (before_at, before), (after_at, after)] = results[..] else {
                return None;
            };
            (before != after).then_some(TaskMove {
                task,
                before,
                after,
                before_at,
                after_at,
            })
        })
        .collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.after.number().abs_diff(m.before.number())));
    moves
}

fn percent(r: &Retention) -> String {
    match r.rate {
        None => "–".into(),
        Some(rate) => format!("{:.0}% ({} of {})", rate * 100.0, r.passed, r.reviews),
    }
}

/// The whole report.
pub fn document(r: &ProgressReport) -> Doc {
    let s = r.stats;
    let mut header = vec![
        vec![text("Candidate: "), strong(r.candidate)],
        vec![text(format!(
            "Date: {}",
            r.now.format("%Y-%m-%d %H:%M (UTC%:z)")
        ))],
        vec![text(format!("Reviews: {}", s.reviews.all_time))],
    ];
    if let (Some(first), Some(last)) = (r.first, r.last) {
        header.push(vec![text(format!(
            "First review {} · last review {}",
            first.format("%Y-%m-%d"),
            last.format("%Y-%m-%d %H:%M")
        ))]);
    }
    header.push(vec![text(format!(
        "True retention (first review of a day of cards seen on an earlier day, recalled): \
         last 30 days {}, all time {}; target {:.0}%",
        percent(&s.true_retention.last_30_days),
        percent(&s.true_retention.all_time),
        s.desired_retention * 100.0
    ))]);
    let mut blocks = vec![Block::List(header)];
    blocks.extend(mastery(s));
    blocks.extend(weakest(r));
    blocks.extend(mocks(r));
    Doc {
        title: format!("Progress report: {}", r.candidate),
        blocks,
    }
}

fn mastery(s: &Stats) -> Vec<Block> {
    let rows: Vec<Vec<String>> = s
        .roles
        .iter()
        .map(|role| {
            vec![
                role.deck.clone(),
                role.name.clone(),
                role.cards.to_string(),
                role.reviewed.to_string(),
                role.due_now.to_string(),
                role.recall
                    .map_or("–".into(), |x| format!("{:.0}%", x * 100.0)),
                format!(
                    "{} {:.0}%",
                    super::markdown::bar(role.mature_share as f32),
                    role.mature_share * 100.0
                ),
            ]
        })
        .collect();
    let (l, n) = (Align::Left, Align::Right);
    vec![
        Block::Heading(2, "Mastery per role".into()),
        Block::Table(Table::new(
            &[
                "Deck",
                "Role",
                "Cards",
                "Seen",
                "Due",
                "Recall now",
                "Mastered",
            ],
            &[l, l, n, n, n, n, l],
            rows,
        )),
        Block::Paragraph(vec![text(format!(
            "Mastered: mature cards, as stats counts them: memory stability (FSRS) \
             of {MATURE_DAYS:.0} days or more, and not relearning. Recall now: the average \
             predicted recall of the cards seen, a card failed at its last \
             review counting 0."
        ))]),
    ]
}

fn weakest(r: &ProgressReport) -> Vec<Block> {
    let s = r.stats;
    let mut blocks = vec![Block::Heading(2, "Weakest tasks".into())];
    if s.weakest_tasks.is_empty() {
        blocks.push(Block::Paragraph(vec![text(if s.is_empty() {
            "No task studied yet."
        } else {
            "No weak task: every task studied is recalled at or above the target."
        })]));
        return blocks;
    }
    let rows: Vec<Vec<String>> = s
        .weakest_tasks
        .iter()
        .map(|t| {
            vec![
                t.title.clone(),
                t.role_name.clone(),
                format!("{:.0}%", t.recall * 100.0),
                t.failed.to_string(),
                t.lapses.to_string(),
            ]
        })
        .collect();
    let (l, n) = (Align::Left, Align::Right);
    blocks.push(Block::Table(Table::new(
        &["Task", "Role", "Recall now", "Failed last time", "Lapses"],
        &[l, l, n, n, n],
        rows,
    )));
    blocks.push(Block::Paragraph(vec![text(
        "Recall now, as stats defines it: a card failed at its last review counts 0 \
         until it is answered right again. To drill each task:",
    )]));
    blocks.push(Block::Commands(
        s.weakest_tasks
            .iter()
            .map(|t| study_command(r.candidate, &t.deck, &t.role, Some(&t.task)))
            .collect(),
    ));
    blocks
}

fn mocks(r: &ProgressReport) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(2, "Mock interviews".into())];
    if r.mocks.is_empty() {
        blocks.push(Block::Paragraph(vec![text("None yet. Run one with:")]));
        blocks.push(Block::Commands(vec![format!(
            "rolecall mock --candidate {}",
            r.candidate
        )]));
        return blocks;
    }
    if r.mocks.iter().any(|m| m.figures.lenses.is_some()) {
        blocks.push(Block::Chart(Chart::Lines {
            caption: "Lens averages per mock, 0–3, oldest first".into(),
            max: f32::from(LENS_MAX),
            x: r.mocks
                .iter()
                .map(|m| m.at.format("%m-%d %H:%M").to_string())
                .collect(),
            series: Lens::ALL
                .iter()
                .map(|&l| {
                    let values = r
                        .mocks
                        .iter()
                        .map(|m| m.figures.lenses.map(|v| v[l as usize]))
                        .collect();
                    (l.name().to_string(), values)
                })
                .collect(),
        }));
    }
    let rows: Vec<Vec<String>> = r
        .mocks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut row = vec![
                (i + 1).to_string(),
                m.at.format("%Y-%m-%d %H:%M").to_string(),
                m.figures.questions.to_string(),
                m.figures.recalled_text(),
                m.figures.score_text(),
            ];
            for lens in Lens::ALL {
                row.push(
                    m.figures
                        .lenses
                        .map_or("–".into(), |v| format!("{:.1}", v[lens as usize])),
                );
            }
            row
        })
        .collect();
    let (l, n) = (Align::Left, Align::Right);
    blocks.push(Block::Table(Table::new(
        &[
            "Mock",
            "Date",
            "Questions",
            "Recalled",
            "Key-point score",
            "D",
            "E",
            "C",
            "L",
        ],
        &[n, l, n, n, n, n, n, n, n],
        rows,
    )));
    blocks.push(Block::Paragraph(vec![text(format!(
        "Recalled: {RECALLED_MEANS}. Key-point score: {SCORE_MEANS}. D, E, C, L: the mean rubric \
         score (0–3) of {}, {}, {} and {}.",
        Lens::Decisions.title(),
        Lens::Evidence.title(),
        Lens::Conflict.title(),
        Lens::Leverage.title()
    ))]));
    blocks.extend(change(&r.mocks));
    blocks.extend(moves(&r.moves));
    blocks
}

/// What changed between the last two mocks.
fn change(mocks: &[MockRow]) -> Vec<Block> {
    let [.., before, after] = mocks else {
        return Vec::new();
    };
    let (b, a) = (&before.figures, &after.figures);
    let mut items = vec![vec![
        strong("Recalled: "),
        text(format!("{} → {}", b.recalled_text(), a.recalled_text())),
    ]];
    let score = match (b.mean_score, a.mean_score) {
        (Some(x), Some(y)) => format!(
            "{} → {} ({:+.0} points)",
            b.score_text(),
            a.score_text(),
            (y - x) * 100.0
        ),
        _ => format!("{} → {}", b.score_text(), a.score_text()),
    };
    items.push(vec![strong("Key-point score: "), text(score)]);
    if let (Some(x), Some(y)) = (b.lenses, a.lenses) {
        for lens in Lens::ALL {
            let (x, y) = (x[lens as usize], y[lens as usize]);
            items.push(vec![
                strong(format!("{}: ", lens.name())),
                text(format!("{x:.1} → {y:.1} ({:+.1})", y - x)),
            ]);
        }
    }
    vec![
        Block::Heading(3, "Since the previous mock".into()),
        Block::Paragraph(vec![text(format!(
            "Mock {} ({}) compared with mock {} ({}):",
            mocks.len(),
            after.at.format("%Y-%m-%d %H:%M"),
            mocks.len() - 1,
            before.at.format("%Y-%m-%d %H:%M")
        ))]),
        Block::List(items),
    ]
}

/// The tasks that improved or regressed between mocks.
fn moves(moves: &[TaskMove]) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(3, "Tasks that moved between mocks".into())];
    if moves.is_empty() {
        blocks.push(Block::Paragraph(vec![text(
            "None yet: no task has a different grade in two mocks.",
        )]));
        return blocks;
    }
    blocks.push(Block::List(
        moves
            .iter()
            .map(|m| {
                vec![
                    text(if m.improved() {
                        "Improved: "
                    } else {
                        "Regressed: "
                    }),
                    strong(m.task.title.clone()),
                    text(format!(
                        " ({}): {} → {} (mocks of {} and {})",
                        m.task.role_name,
                        m.before,
                        m.after,
                        m.before_at.format("%Y-%m-%d"),
                        m.after_at.format("%Y-%m-%d")
                    )),
                ]
            })
            .collect(),
    ));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Review;
    use crate::mock::markdown;
    use crate::stats::{
        CardCounts, Mastery, Retention, RetentionWindows, Streak, WeakTask, Windows,
    };

    fn stats(t: DateTime<FixedOffset>) -> Stats {
        Stats {
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
                average_retrievability: Some(0.9),
                recall: Some(0.8),
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
                average_retrievability: 0.92,
                recall: 0.42,
                failed: 1,
                lapses: 2,
                kinds: vec![],
                command: String::new(),
            }],
        }
    }

    fn answer(card: &str, at: &str, grade: Grade, rubric: [u8; 4]) -> Review {
        Review {
            card: card.into(),
            at: at.parse().unwrap(),
            grade,
            score: Some(0.5),
            duration_ms: 1,
            mode: "mock".into(),
            session: Some(at.into()),
            shown: None,
            rubric: Some(rubric),
            corrected: None,
        }
    }

    fn mock(answers: Vec<Review>) -> Mock {
        Mock {
            id: answers[0].at.to_rfc3339(),
            answers,
        }
    }

    fn task_of(card: &str) -> Option<TaskRef> {
        let task = card.split('/').nth(2)?;
        Some(TaskRef {
            deck: "d".into(),
            role: "r".into(),
            task: task.into(),
            title: format!("Task {task}"),
            role_name: "Role R".into(),
        })
    }

    #[test]
    fn renders_sections_commands_and_mocks_over_time() {
        let t: DateTime<FixedOffset> = "2026-03-09T09:00:00+00:00".parse().unwrap();
        let stats = stats(t);
        let mocks = vec![
            mock(vec![
                answer(
                    "d/r/a/x",
                    "2026-03-02T09:00:00Z",
                    Grade::Again,
                    [1, 1, 0, 1],
                ),
                answer("d/r/b/x", "2026-03-02T09:01:00Z", Grade::Good, [2, 2, 1, 1]),
            ]),
            mock(vec![
                answer("d/r/a/y", "2026-03-05T09:00:00Z", Grade::Good, [3, 2, 2, 1]),
                answer("d/r/b/x", "2026-03-05T09:01:00Z", Grade::Hard, [2, 1, 1, 1]),
                answer("d/r/c/x", "2026-03-05T09:02:00Z", Grade::Easy, [3, 3, 3, 3]),
            ]),
        ];
        let moves = task_moves(&mocks, task_of);
        let report = ProgressReport {
            candidate: "bob",
            now: t,
            stats: &stats,
            first: Some(t),
            last: Some(t),
            mocks: mocks
                .iter()
                .map(|m| MockRow {
                    at: m.at().fixed_offset(),
                    figures: MockFigures::of(m),
                })
                .collect(),
            moves,
        };
        let text = markdown::render(&document(&report));
        for needle in [
            "# Progress report: bob",
            "- Reviews: 12",
            "last 30 days 75% (3 of 4), all time –",
            "| d    | Role \\| R |    10 |    4 |   1 |        80% | █████░░░░░ 50% |",
            "| Triage | Role R |        42% |                1 |      2 |",
            "rolecall study --profile bob --deck d --role r --task t",
            "Lens averages per mock, 0–3, oldest first",
            "Decisions  ▅▇  1.5 → 2.7",
            "|    1 | 2026-03-02 09:00 |         2 |   1 of 2 |             50% | 1.5 | 1.5 | 0.5 | 1.0 |",
            "|    2 | 2026-03-05 09:00 |         3 |   3 of 3 |             50% | 2.7 | 2.0 | 2.0 | 1.7 |",
            "- **Recalled:** 1 of 2 → 3 of 3",
            "- **Key-point score:** 50% → 50% (+0 points)",
            "- **Decisions:** 1.5 → 2.7 (+1.2)",
            "- Improved: **Task a** (Role R): again → good (mocks of 2026-03-02 and 2026-03-05)",
            "- Regressed: **Task b** (Role R): good → hard",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        // Task c was asked once: it has not moved.
        assert!(!text.contains("Task c"), "{text}");
    }

    #[test]
    fn no_mock_yet_says_how_to_run_one() {
        let t: DateTime<FixedOffset> = "2026-03-09T09:00:00+00:00".parse().unwrap();
        let stats = stats(t);
        let text = markdown::render(&document(&ProgressReport {
            candidate: "bob",
            now: t,
            stats: &stats,
            first: None,
            last: None,
            mocks: vec![],
            moves: vec![],
        }));
        assert!(text.contains("rolecall mock --candidate bob"), "{text}");
        assert!(!text.contains("Since the previous mock"), "{text}");
    }
}
