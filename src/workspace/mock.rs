//! Mock interviews: admitting the candidate (a new profile only on
//! purpose), the pool of interview questions, the check that the report can
//! be written (before the first question), the draw of the candidate's
//! questions with why each was chosen, the interview loop, which asks each
//! through a [`MockPrompter`] (a countdown on a terminal, plain lines in a
//! script), scores typed answers, takes the mentor's grade, rubric (with
//! the role's anchors) and note, and records every answer as a review
//! (`mode: "mock"`, the mock's id as its session, the rubric) before the
//! next question; and writing the report, whose figures are the history's
//! reading of the mock.

use super::grader::Grader;
use super::writer::{NewReview, ProfileWriter};
use super::{Workspace, did_you_mean};
use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card, CardKind, Role};
use crate::error::BadInput;
use crate::history::Mock;
use crate::mock::Format;
use crate::mock::anchors::Anchors;
use crate::mock::draw::{Candidate, Why, draw};
use crate::mock::report::{self, MockRun, Point, Question};
use crate::schedule::{CardState, format_interval};
use crate::session::{Filters, Rules, Session, Step};
use crate::stats;
use crate::store::{self, Overwrite};
use crate::ui::mock::{Asked, MockPrompter, Outro, QuestionView, ReviewView, Verdict};
use crate::ui::prompt::Ack;
use anyhow::Result;
use std::io::Write;
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

/// Whether the mock may go on for candidate `name`. An existing profile
/// continues; a new name is created only on purpose: with
/// `new_candidate`, or after a yes on a terminal (`false`: the mentor said
/// no). In a script it is refused, naming the close existing profiles, so a
/// typo never starts a new candidate's history.
pub fn admit_candidate(workspace: &Workspace, name: &str, new_candidate: bool) -> Result<bool> {
    let exists = workspace.exists(name)?;
    if exists {
        if new_candidate {
            return Err(BadInput(format!(
                "candidate {name:?} already exists; drop --new-candidate to continue their \
                 profile, or choose another name"
            ))
            .into());
        }
        return Ok(true);
    }
    if new_candidate {
        return Ok(true);
    }
    let hint = did_you_mean(&workspace.close_to(name)?);
    if !crate::ui::is_interactive() {
        let hint = hint.map(|h| format!("{h} ")).unwrap_or_default();
        return Err(BadInput(format!(
            "no candidate {name:?}; {hint}pass --new-candidate to create {name:?}"
        ))
        .into());
    }
    let hint = hint.map_or_else(|| ".".to_string(), |h| format!("; {h}"));
    Ok(crate::ui::confirm::confirm(&format!(
        "{name:?} is not a candidate yet{hint} Create the profile {name:?}?"
    ))?)
}

/// Fails before the interview when the report could not be written: an
/// existing file without `--force`, a link or special file, or a missing
/// folder.
pub fn check_report(path: &Path, force: bool) -> Result<()> {
    if path == Path::new("-") {
        return Err(BadInput(
            "a mock interview writes its report to a file: name one with -o FILE".into(),
        )
        .into());
    }
    if path.is_dir() {
        return Err(BadInput(format!(
            "-o {} is a folder; name a file, e.g. {}/mock.md",
            path.display(),
            path.display()
        ))
        .into());
    }
    if path.exists() && !force {
        return Err(BadInput(format!(
            "report file {} already exists; pass --force to overwrite it or -o FILE to choose another",
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

/// The questions of one mock and why each was drawn.
pub struct Drawn<'a> {
    pub cards: Vec<&'a Card>,
    pub why: Vec<Why>,
    /// Questions of the candidate's last mock left out of the draw.
    pub left_out: usize,
}

/// Draws up to `n` of `eligible` for the writer's candidate: the weakest
/// first, varied in role and kind, none of the last mock's questions while
/// others remain (unless `repeat_last`), reproducible from `seed`.
pub fn draw_questions<'a>(
    writer: &ProfileWriter,
    eligible: &[&'a Card],
    n: usize,
    seed: u64,
    repeat_last: bool,
) -> Result<Drawn<'a>> {
    let now = writer.clock().start();
    let last: Vec<String> = if repeat_last {
        Vec::new()
    } else {
        writer
            .history()?
            .mocks()
            .pop()
            .map(|m| m.answers.into_iter().map(|r| r.card).collect())
            .unwrap_or_default()
    };
    let state = |c: &Card| writer.progress().get(c.id.as_str()).map(|p| &p.state);
    let candidates: Vec<Candidate> = eligible
        .iter()
        .map(|c| Candidate {
            role: c.role.as_deref().unwrap_or_default(),
            group: &c.siblings,
            kind: c.kind,
            retrievability: state(c).map(|s| stats::recall(s, writer.scheduler(), now)),
            asked_last_time: last.iter().any(|id| id == c.id.as_str()),
        })
        .collect();
    let picked = draw(&candidates, n, seed);
    let desired = writer.scheduler().desired_retention();
    let why = picked
        .iter()
        .map(|&i| {
            let card = eligible[i];
            if candidates[i].asked_last_time {
                return Why::Repeat;
            }
            let state = state(card);
            Why::of(
                candidates[i].retrievability,
                state.is_some_and(CardState::is_learning),
                state.is_some_and(|s| s.due <= now),
                desired,
            )
        })
        .collect();
    let left_out = candidates
        .iter()
        .enumerate()
        .filter(|(i, c)| c.asked_last_time && !picked.contains(i))
        .count();
    Ok(Drawn {
        cards: picked.iter().map(|&i| eligible[i]).collect(),
        why,
        left_out,
    })
}

/// The card's reference answer when it says more than its key points (a
/// task's "why it matters"); a scenario's insight always.
fn reference(card: &Card) -> Option<String> {
    let said: Vec<&str> = card
        .answer
        .lines()
        .map(|l| l.trim().trim_start_matches('•').trim())
        .filter(|l| !l.is_empty())
        .collect();
    let points: Vec<&str> = card.key_points.iter().map(|p| p.trim()).collect();
    let more = card.kind == CardKind::Scenario || said != points;
    (more && !said.is_empty()).then(|| card.answer.to_string())
}

/// Writes the report (when anything was answered) and says where it went.
pub fn finish(
    run: &MockRun,
    recorded: Option<&Mock>,
    path: &Path,
    force: bool,
    mut prompter: Box<dyn MockPrompter + '_>,
) -> Result<()> {
    let lines = report::summary_lines(run, recorded);
    let mut outro = Outro {
        answered: run.questions.len(),
        planned: run.planned,
        lines: &lines,
        report: "No answer, so no report was written.",
    };
    if run.questions.is_empty() {
        return Ok(prompter.finish(&outro)?);
    }
    let text = Format::of_path(path).render(&report::document(run, recorded));
    if let Err(err) = store::write_file(path, text.as_bytes(), Overwrite::forced(force)) {
        // The answers are saved; do not lose the mentor's notes either.
        drop(prompter);
        writeln!(std::io::stdout().lock(), "\n{text}")?;
        return Err(anyhow::Error::from(err).context(format!(
            "could not write the report to {}; it was printed above, \
             and the answers are saved in profile \"{}\"",
            path.display(),
            run.candidate
        )));
    }
    let written = format!("Report written to {}", path.display());
    outro.report = &written;
    Ok(prompter.finish(&outro)?)
}

/// The role a card belongs to, when it belongs to one.
pub fn role_of<'l>(library: &'l Library, card: &Card) -> Option<&'l Role> {
    library.deck(&card.deck).and_then(|d| {
        d.deck
            .roles
            .iter()
            .find(|r| card.role.as_deref() == Some(r.id.as_str()))
    })
}

/// The role's name and the task's title of a card, for people.
pub fn names(library: &Library, card: &Card) -> (String, Option<String>) {
    let role = role_of(library, card);
    let role_name = role.map_or_else(
        || card.role.as_deref().unwrap_or_default().to_owned(),
        |r| r.name.clone(),
    );
    let task = card.task.as_deref().map(|t| {
        role.and_then(|r| r.tasks.iter().find(|x| x.id == t))
            .map_or_else(|| t.to_owned(), |x| x.title.clone())
    });
    (role_name, task)
}

/// One interview: its questions and where its answers go.
pub struct Interview<'a> {
    pub writer: &'a mut ProfileWriter,
    pub library: &'a Library,
    pub grader: &'a Grader<'a>,
    pub questions: &'a Drawn<'a>,
}

impl Interview<'_> {
    /// Asks the questions in order until the last one or the mentor quits,
    /// adding each answered question to `run`; saves the snapshot and
    /// returns the mock as the history reads it back (`None` when nothing
    /// was answered), whose figures both reports show.
    pub fn run(self, run: &mut MockRun, prompter: &mut dyn MockPrompter) -> Result<Option<Mock>> {
        let total = self.questions.cards.len();
        let mut session = Session::new((0..total).collect(), Rules::MOCK);
        // The interview's duration runs from its first question, not from
        // the intro screen.
        let origin = self.writer.clock().elapsed();
        while let Step::Card(n) = session.next(self.writer.clock().elapsed()) {
            let card = self.questions.cards[n];
            let (role_name, task) = names(self.library, card);
            let Asked::Answer { text, took } = prompter.ask(&QuestionView {
                card,
                number: n + 1,
                total,
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
                corrected: &[],
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
                deck: card.deck.to_string(),
                role: card.role.as_deref().unwrap_or_default().to_owned(),
                role_name,
                task: card.task.as_deref().map(str::to_owned).zip(task),
                kind: card.kind,
                prompt: card.prompt.to_string(),
                why: self.questions.why[n],
                answer: text,
                took,
                points: match &result {
                    Some(s) => Grader::points(s),
                    None => card
                        .key_points
                        .iter()
                        .map(|p| Point {
                            text: p.to_string(),
                            made: None,
                            evidence: Vec::new(),
                        })
                        .collect(),
                },
                notes: result.as_ref().map(|s| s.notes.clone()).unwrap_or_default(),
                reference: reference(card),
                score: result.as_ref().map(|s| s.score),
                suggested,
                grade,
                rubric,
                anchors,
                note,
            });
        }
        run.elapsed = self.writer.clock().elapsed().saturating_sub(origin);
        // The answers are saved; a snapshot that could not be is only a warning.
        if let Some(warning) = self.writer.save_snapshot_or_warn() {
            prompter.notice(&format!("warning: {warning}"))?;
        }
        let mocks = self.writer.history()?.mocks();
        Ok(mocks.into_iter().find(|m| m.id == run.id))
    }
}
