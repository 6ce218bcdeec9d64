//! `rolecall mock`: a timed mock interview for one candidate. Draws
//! interview-style cards (weakest first, varied), asks each under a
//! countdown, scores typed answers, takes the mentor's grade and four-lens
//! rubric, saves every answer as a review in the candidate's profile
//! (`mode: "mock"`, fsynced before the next question) and ends with a
//! Markdown report.
//!
//! The report file is checked before the interview starts, so a mentor
//! never finds out at the end that it cannot be written.

use super::profile;
use super::{check_deck_ids, library};
use crate::cli::MockArgs;
use crate::config::Config;
use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card, CardKind};
use crate::error::BadInput;
use crate::mock::draw::{Candidate, draw};
use crate::mock::report::{self, MockRun, Question};
use crate::progress::Review;
use crate::schedule::format_interval;
use crate::score::{ScoreInput, Scorer};
use crate::session::rivals;
use crate::store::{self, LogEntry, Overwrite, ReviewRecord, Store};
use crate::ui::mock::{
    Asked, InteractiveMock, Intro, MockPrompter, Outro, QuestionView, ReviewView, Saved,
    ScriptedMock, Verdict,
};
use anyhow::{Context, Result};
use chrono::{DateTime, DurationRound, Local, Utc};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Card kinds that make interview questions: open answers about a role.
const INTERVIEW_KINDS: [CardKind; 5] = [
    CardKind::Scenario,
    CardKind::Questions,
    CardKind::Duties,
    CardKind::Profile,
    CardKind::Note,
];

/// The most questions one mock may ask.
const MAX_QUESTIONS: usize = 50;

pub fn run(config: &Config, args: &MockArgs) -> Result<()> {
    if !(1..=MAX_QUESTIONS).contains(&args.questions) {
        return Err(BadInput(format!("--questions must be 1 to {MAX_QUESTIONS}")).into());
    }
    if args.seconds == 0 {
        return Err(BadInput("--seconds must be at least 1".into()).into());
    }
    store::validate_profile_name(&args.candidate).map_err(|e| BadInput(e.to_string()))?;
    let library = library(config)?;
    check_deck_ids(&library, &args.decks)?;
    check_roles(&library, &args.roles)?;
    let eligible: Vec<&Card> = library
        .cards
        .iter()
        .filter(|c| c.mode == AnswerMode::Typed && INTERVIEW_KINDS.contains(&c.kind))
        .filter(|c| args.decks.is_empty() || args.decks.contains(&c.deck))
        .filter(|c| {
            c.role
                .as_ref()
                .is_some_and(|r| args.roles.is_empty() || args.roles.contains(r))
        })
        .collect();
    if eligible.is_empty() {
        return Err(BadInput(
            "no interview questions (scenario, questions, duties, profile cards) in the chosen roles and decks".into(),
        )
        .into());
    }

    let started_local = config.now.with_timezone(&Local).fixed_offset();
    let report_path = args.report.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "mock-{}-{}.md",
            args.candidate,
            started_local.format("%Y-%m-%d")
        ))
    });
    check_report_path(&report_path, args.force)?;

    let root = config
        .data_dir
        .clone()
        .ok_or_else(|| BadInput("no data dir: set ROLECALL_HOME or pass --data-dir DIR".into()))?;
    let store = Store::new(root);
    let mut profile = store.open(&args.candidate)?;
    let settings = profile.load_settings()?;
    let resolved = profile::resolve_settings(&store, &settings, None, None)?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let mut loaded = profile::load_progress(profile.reader(), &scheduler)?;

    let seed = args.seed.unwrap_or_else(rand::random);
    let candidates: Vec<Candidate> = eligible
        .iter()
        .map(|c| Candidate {
            role: c.role.as_deref().unwrap_or_default(),
            group: &c.siblings,
            kind: c.kind,
            retrievability: loaded
                .progress
                .get(c.id.as_str())
                .map(|p| scheduler.retrievability(&p.state, config.now)),
        })
        .collect();
    let drawn: Vec<&Card> = draw(&candidates, args.questions, seed)
        .into_iter()
        .map(|i| eligible[i])
        .collect();

    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let mut prompter: Box<dyn MockPrompter> = if interactive {
        Box::new(InteractiveMock::new(config.color))
    } else {
        Box::new(ScriptedMock::new(std::io::stdin().lock(), stdout.lock()))
    };
    for warning in profile.warnings().iter().chain(&loaded.warnings) {
        prompter.notice(&format!("warning: {warning}"))?;
    }
    if drawn.len() < args.questions {
        prompter.notice(&format!(
            "Only {} interview question{} in the chosen roles.",
            drawn.len(),
            if drawn.len() == 1 { "" } else { "s" }
        ))?;
    }
    let report_name = report_path.display().to_string();
    let go = prompter.intro(&Intro {
        candidate: &args.candidate,
        questions: drawn.len(),
        seconds: args.seconds,
        spoken: args.spoken,
        rubric: !args.no_rubric,
        report: &report_name,
    })?;
    if !go {
        return Ok(());
    }

    let corpus: Vec<Vec<String>> = library.cards.iter().map(|c| c.key_points.clone()).collect();
    let scorer = Scorer::new(&corpus, &library.synonyms());
    let mut run = MockRun {
        candidate: args.candidate.clone(),
        id: format!("mock-{}", config.now.format("%Y%m%dT%H%M%SZ")),
        started: started_local,
        scope: scope(&library, args),
        seconds: args.seconds,
        spoken: args.spoken,
        rubric: !args.no_rubric,
        seed,
        elapsed: std::time::Duration::ZERO,
        planned: drawn.len(),
        questions: Vec::new(),
    };
    let clock = Instant::now();
    // Frozen under `--now` so that simulations and tests are exact, except
    // that each answer moves it on by a millisecond (as in `study`): every
    // review keeps a distinct time.
    let now = |config: &Config, answered: usize| -> DateTime<Utc> {
        if config.now_is_fixed {
            config.now + chrono::Duration::milliseconds(i64::try_from(answered).unwrap_or(0))
        } else {
            config.now + chrono::Duration::from_std(clock.elapsed()).unwrap_or_default()
        }
    };

    for (n, card) in drawn.iter().enumerate() {
        let role = card.role.as_deref().unwrap_or_default();
        let (role_name, task) = names(&library, card);
        let Asked::Answer { text, took } = prompter.ask(&QuestionView {
            card,
            number: n + 1,
            total: drawn.len(),
            role_name: &role_name,
            task: task.as_deref(),
            seconds: args.seconds,
            spoken: args.spoken,
        })?
        else {
            break;
        };
        let result = text.as_ref().map(|answer| {
            let rivals = rivals(&library.cards, card);
            scorer.evaluate(&ScoreInput {
                key_points: &card.key_points,
                rivals: &rivals,
                prompt: &card.prompt,
                answer,
            })
        });
        let suggested = result.as_ref().map(|s| s.grade);
        let Verdict::Done {
            grade,
            rubric,
            note,
        } = prompter.review(&ReviewView {
            card,
            score: result.as_ref(),
            suggested,
            rubric: !args.no_rubric,
        })?
        else {
            break;
        };

        let at = now(config, n);
        let at = at
            .duration_trunc(chrono::Duration::milliseconds(1))
            .unwrap_or(at);
        profile
            .append(&LogEntry::Review(ReviewRecord {
                card: card.id.0.clone(),
                at,
                grade,
                score: result.as_ref().map(|s| s.score),
                duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
                mode: "mock".into(),
                session: Some(run.id.clone()),
            }))
            .context("could not save the review")?;
        loaded.log_entries += 1;
        loaded.log_offset = profile.log_len();
        let due = loaded
            .progress
            .apply(
                &Review {
                    card: card.id.0.clone(),
                    at,
                    grade,
                },
                &scheduler,
            )
            .state
            .due;
        prompter.saved(&Saved {
            card: card.id.as_str(),
            grade,
            interval: &format_interval(due - at),
            due,
        })?;

        run.questions.push(Question {
            deck: card.deck.clone(),
            role: role.to_string(),
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
    run.elapsed = clock.elapsed();

    let snapshot = profile::to_snapshot(
        &loaded.progress,
        &scheduler,
        loaded.log_offset,
        loaded.log_entries,
    );
    profile
        .save_snapshot(&snapshot)
        .context("could not save the snapshot (the review log is intact)")?;

    let lines = report::summary_lines(&run);
    if run.questions.is_empty() {
        prompter.finish(&Outro {
            answered: 0,
            planned: run.planned,
            lines: &lines,
            report: "No answer, so no report was written.",
        })?;
        return Ok(());
    }
    let text = report::render(&run);
    match write_report(&report_path, &text, args.force) {
        Ok(()) => prompter.finish(&Outro {
            answered: run.questions.len(),
            planned: run.planned,
            lines: &lines,
            report: &format!("Report written to {report_name}"),
        })?,
        Err(err) => {
            // The answers are saved; do not lose the mentor's notes either.
            drop(prompter);
            let mut out = std::io::stdout().lock();
            writeln!(out, "\n{text}")?;
            return Err(err.context(format!(
                "could not write the report to {report_name}; it was printed above, \
                 and the answers are saved in profile \"{}\"",
                args.candidate
            )));
        }
    }
    Ok(())
}

/// Fails before the interview when the report could not be written: an
/// existing file without `--force`, or a missing folder.
fn check_report_path(path: &Path, force: bool) -> Result<()> {
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

/// Writes the report: a new file only, unless `force`, in which case an
/// existing regular file is replaced atomically.
pub fn write_report(path: &Path, text: &str, force: bool) -> Result<()> {
    Ok(store::write_file(
        path,
        text.as_bytes(),
        Overwrite::forced(force),
    )?)
}

fn check_roles(library: &Library, roles: &[String]) -> Result<()> {
    let known: Vec<&str> = library
        .decks
        .iter()
        .flat_map(|d| d.deck.roles.iter().map(|r| r.id.as_str()))
        .collect();
    for role in roles {
        if !known.contains(&role.as_str()) {
            return Err(BadInput(format!("no role `{role}`; roles: {}", known.join(", "))).into());
        }
    }
    Ok(())
}

/// The role's name and the task's title of a card, for people.
pub fn names(library: &Library, card: &Card) -> (String, Option<String>) {
    let role = library.deck(&card.deck).and_then(|d| {
        d.deck
            .roles
            .iter()
            .find(|r| Some(&r.id) == card.role.as_ref())
    });
    let role_name = role.map_or_else(|| card.role.clone().unwrap_or_default(), |r| r.name.clone());
    let task = card.task.as_ref().map(|t| {
        role.and_then(|r| r.tasks.iter().find(|x| &x.id == t))
            .map_or_else(|| t.clone(), |x| x.title.clone())
    });
    (role_name, task)
}

/// What the mentor chose, in words, for the report header.
fn scope(library: &Library, args: &MockArgs) -> String {
    let role_names: Vec<String> = library
        .decks
        .iter()
        .filter(|d| args.decks.is_empty() || args.decks.contains(&d.deck.id))
        .flat_map(|d| d.deck.roles.iter())
        .filter(|r| args.roles.is_empty() || args.roles.contains(&r.id))
        .map(|r| r.name.clone())
        .collect();
    let decks = if args.decks.is_empty() {
        "every deck".to_string()
    } else {
        args.decks.join(", ")
    };
    if args.roles.is_empty() {
        format!("all roles of {decks} ({})", role_names.join(", "))
    } else {
        format!("{} ({decks})", role_names.join(", "))
    }
}
