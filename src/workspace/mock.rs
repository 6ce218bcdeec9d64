//! Mock interviews: the pool of interview questions, the check that the
//! report can be written (before the first question), the draw of the
//! candidate's questions, and the interview loop, which asks each through a
//! [`MockPrompter`] (a countdown on a terminal, plain lines in a script),
//! scores typed answers, takes the mentor's grade, rubric and note, and
//! records every answer as a review (`mode: "mock"`, the mock's id as its
//! session) before the next question. Rendering and writing the report is
//! the caller's.

use super::grader::Grader;
use super::writer::{NewReview, ProfileWriter};
use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card, CardKind, Role};
use crate::error::BadInput;
use crate::mock::anchors::Anchors;
use crate::mock::draw::{Candidate, draw};
use crate::mock::report::{MockRun, Question};
use crate::schedule::format_interval;
use crate::session::{Filters, Rules, Session, Step};
use crate::store::{self, Overwrite};
use crate::ui::mock::{Asked, MockPrompter, QuestionView, ReviewView, Verdict};
use crate::ui::prompt::Ack;
use anyhow::Result;
use std::path::Path;

/// Card kinds that make interview questions: open answers about a role.
const INTERVIEW_KINDS: [CardKind; 5] = [
    CardKind::Scenario,
    CardKind::Questions,
    CardKind::Duties,
    CardKind::Profile,
    CardKind::Note,
];

/// The typed interview questions of the chosen decks and roles.
pub fn eligible<'a>(
    library: &'a Library,
    decks: &[String],
    roles: &[String],
) -> Result<Vec<&'a Card>> {
    let filters = Filters {
        decks: decks.to_vec(),
        roles: roles.to_vec(),
        ..Filters::default()
    };
    let eligible: Vec<&Card> = filters
        .select(library)?
        .into_iter()
        .filter(|c| c.mode == AnswerMode::Typed && INTERVIEW_KINDS.contains(&c.kind))
        .filter(|c| c.role.is_some())
        .collect();
    if eligible.is_empty() {
        return Err(BadInput(
            "no interview questions (scenario, questions, duties, profile cards) in the chosen roles and decks".into(),
        )
        .into());
    }
    Ok(eligible)
}

/// Fails before the interview when the report could not be written: an
/// existing file without `--force`, a link or special file, or a missing
/// folder.
pub fn check_report(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(BadInput(format!(
            "--report {} is a folder; name a file, e.g. {}/mock.md",
            path.display(),
            path.display()
        ))
        .into());
    }
    if path.exists() && !force {
        return Err(BadInput(format!(
            "report file {} already exists; pass --force to overwrite it or --report FILE to choose another",
            path.display()
        ))
        .into());
    }
    store::check_target(path, Overwrite::forced(force))?;
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(BadInput(format!(
            "cannot write the report to {}: folder {} does not exist",
            path.display(),
            parent.display()
        ))
        .into());
    }
    Ok(())
}

/// Draws up to `n` of `eligible` for the writer's candidate: the weakest
/// first, varied in role and kind, reproducible from `seed`.
pub fn draw_questions<'a>(
    writer: &ProfileWriter,
    eligible: &[&'a Card],
    n: usize,
    seed: u64,
) -> Vec<&'a Card> {
    let now = writer.clock().start();
    let candidates: Vec<Candidate> = eligible
        .iter()
        .map(|c| Candidate {
            role: c.role.as_deref().unwrap_or_default(),
            group: &c.siblings,
            kind: c.kind,
            retrievability: writer
                .progress()
                .get(c.id.as_str())
                .map(|p| crate::stats::recall(&p.state, writer.scheduler(), now)),
        })
        .collect();
    draw(&candidates, n, seed)
        .into_iter()
        .map(|i| eligible[i])
        .collect()
}

/// The role a card belongs to, when it belongs to one.
pub fn role_of<'l>(library: &'l Library, card: &Card) -> Option<&'l Role> {
    library.deck(&card.deck).and_then(|d| {
        d.deck
            .roles
            .iter()
            .find(|r| Some(&r.id) == card.role.as_ref())
    })
}

/// The role's name and the task's title of a card, for people.
pub fn names(library: &Library, card: &Card) -> (String, Option<String>) {
    let role = role_of(library, card);
    let role_name = role.map_or_else(|| card.role.clone().unwrap_or_default(), |r| r.name.clone());
    let task = card.task.as_ref().map(|t| {
        role.and_then(|r| r.tasks.iter().find(|x| &x.id == t))
            .map_or_else(|| t.clone(), |x| x.title.clone())
    });
    (role_name, task)
}

/// One interview: its questions and where its answers go.
pub struct Interview<'a> {
    pub writer: &'a mut ProfileWriter,
    pub library: &'a Library,
    pub grader: &'a Grader<'a>,
    pub questions: &'a [&'a Card],
}

impl Interview<'_> {
    /// Asks the questions in order until the last one or the mentor quits,
    /// adding each answered question to `run`.
    pub fn run(self, run: &mut MockRun, prompter: &mut dyn MockPrompter) -> Result<()> {
        let mut session = Session::new((0..self.questions.len()).collect(), Rules::MOCK);
        // The interview's duration runs from its first question, not from
        // the intro screen.
        let origin = self.writer.clock().elapsed();
        while let Step::Card(n) = session.next(self.writer.clock().elapsed()) {
            let card = self.questions[n];
            let (role_name, task) = names(self.library, card);
            let Asked::Answer { text, took } = prompter.ask(&QuestionView {
                card,
                number: n + 1,
                total: self.questions.len(),
                role_name: &role_name,
                task: task.as_deref(),
                seconds: run.seconds,
                spoken: run.spoken,
            })?
            else {
                session.stop(n);
                break;
            };
            let result = text.as_ref().map(|answer| self.grader.score(card, answer));
            let suggested = result.as_ref().map(|s| s.grade);
            let anchors = Anchors::for_role(role_of(self.library, card));
            let Verdict::Done {
                grade,
                rubric,
                note,
            } = prompter.review(&ReviewView {
                card,
                score: result.as_ref(),
                suggested,
                rubric: run.rubric,
                anchors: &anchors,
            })?
            else {
                session.stop(n);
                break;
            };
            let recorded = self.writer.record(NewReview {
                card: card.id.as_str(),
                grade,
                score: result.as_ref().map(|s| s.score),
                took,
                mode: "mock",
                session: Some(&run.id),
                shown: None,
                rubric: rubric.map(|r| r.0),
            })?;
            session.graded(
                n,
                recorded.at,
                grade,
                recorded.before,
                self.writer.clock().elapsed(),
            );
            prompter.saved(&Ack {
                card: card.id.as_str(),
                grade,
                interval: &format_interval(recorded.state.interval()),
                due: recorded.state.due,
            })?;
            run.questions.push(Question {
                deck: card.deck.clone(),
                role: card.role.clone().unwrap_or_default(),
                role_name,
                task,
                kind: card.kind,
                prompt: card.prompt.clone(),
                answer: text,
                took,
                points: match &result {
                    Some(s) => s
                        .points
                        .iter()
                        .map(|p| (p.text.clone(), Some(p.covered)))
                        .collect(),
                    None => card.key_points.iter().map(|p| (p.clone(), None)).collect(),
                },
                score: result.as_ref().map(|s| s.score),
                suggested,
                grade,
                rubric,
                note,
            });
        }
        run.elapsed = self.writer.clock().elapsed().saturating_sub(origin);
        Ok(())
    }
}
