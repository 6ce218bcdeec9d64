//! One file per subcommand, each an adapter: it turns its arguments into
//! calls to the workspace layer (or the pure core) and renders what comes
//! back. Shared rendering helpers live here.

pub mod answer;
pub mod cards;
pub mod check;
pub mod config;
pub mod decks;
pub mod export;
pub mod grade;
pub mod history;
pub mod import;
pub mod mock;
pub mod next;
pub mod optimize;
pub mod profiles;
pub mod read;
pub mod readiness;
pub mod report;
pub mod shell;
pub mod stats;
pub mod study;

use crate::config::Config;
use crate::deck::Card;
use crate::deck::load::Library;
use crate::error::BadInput;
use crate::schedule::{CardState, Scheduler};
use crate::score::{Coverage, PointResult, ScoreResult};
use crate::text::inert;
use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use std::io::{Read, Write};
use std::path::Path;

/// The decks the config names. A deck file left out for its problems is
/// named on stderr with its first problem (`rolecall check` lists them
/// all), so one broken file never locks the learner out of the others.
pub fn library(config: &crate::config::Config) -> Result<Library> {
    let library = crate::workspace::library(config)?;
    let mut files: Vec<(&str, Vec<&crate::deck::load::FileProblem>)> = Vec::new();
    for problem in &library.skipped {
        match files.iter_mut().find(|(f, _)| *f == problem.file) {
            Some((_, problems)) => problems.push(problem),
            None => files.push((&problem.file, vec![problem])),
        }
    }
    let mut err = std::io::stderr().lock();
    for (_, problems) in files {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        writeln!(
            err,
            "warning: deck file left out: {}{more}; `rolecall check` lists every problem",
            inert(&problems[0].to_string())
        )?;
    }
    Ok(library)
}

/// A card's scheduling state as the JSON commands print it (stable field
/// names): `cards --json` and `answer --json`.
#[derive(Debug, serde::Serialize)]
pub struct StateJson {
    pub stability: f32,
    pub difficulty: f32,
    pub due: String,
    pub last_review: String,
    pub reps: u32,
    pub lapses: u32,
    /// Probability of recall at the command's `now`.
    pub retrievability: f32,
}

impl StateJson {
    pub fn new(state: &CardState, scheduler: &Scheduler, now: DateTime<Utc>) -> StateJson {
        StateJson {
            stability: state.stability,
            difficulty: state.difficulty,
            due: rfc3339(state.due),
            last_review: rfc3339(state.last_review),
            reps: state.reps,
            lapses: state.lapses,
            retrievability: scheduler.retrievability(state, now),
        }
    }
}

/// A time as JSON and tables print it: RFC 3339 in milliseconds, UTC.
/// The filters named on the command line.
pub fn filters(args: &crate::cli::CardFilterArgs) -> crate::session::Filters {
    crate::session::Filters {
        kinds: args.kinds.clone(),
        ..scope_filters(&args.scope)
    }
}

/// The decks, roles and tasks named on the command line, of any kind.
pub fn scope_filters(scope: &crate::cli::TaskScopeArgs) -> crate::session::Filters {
    crate::session::Filters {
        decks: scope.decks.clone(),
        roles: scope.roles.clone(),
        tasks: scope.tasks.clone(),
        kinds: Vec::new(),
    }
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The card with id `id`; "no card X" with the closest ids otherwise, so a
/// typo is one copy-paste away.
pub fn card<'a>(library: &'a Library, id: &str) -> Result<&'a Card> {
    if let Some(card) = library.card(id) {
        return Ok(card);
    }
    let mut scored: Vec<(f64, &str)> = library
        .cards
        .iter()
        .map(|c| {
            (
                strsim::normalized_levenshtein(id, c.id.as_str()),
                c.id.as_str(),
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let close: Vec<&str> = scored.iter().take(3).map(|(_, id)| *id).collect();
    Err(BadInput(format!(
        "no card `{id}`; closest ids:\n  {}\n(list ids with `rolecall cards`)",
        close.join("\n  ")
    ))
    .into())
}

/// The key points of a scored answer with one coverage (covered, partly
/// made or missed), as the JSON of `grade` and `answer` lists them.
pub fn points(score: Option<&ScoreResult>, status: Coverage) -> Vec<&str> {
    score.map_or_else(Vec::new, |s| {
        s.points
            .iter()
            .filter(|p| p.status == status)
            .map(|p| p.text.as_str())
            .collect()
    })
}

/// The longest answer read from standard input (`--answer -`).
pub const MAX_ANSWER_BYTES: u64 = 4 << 20;

/// The answer text of `--answer TEXT`, read from standard input when it is
/// `-` (at most [`MAX_ANSWER_BYTES`]: `/dev/zero` must not fill memory).
pub fn answer_text(arg: &str) -> Result<String> {
    if arg != "-" {
        return Ok(arg.to_string());
    }
    let mut text = String::new();
    std::io::stdin()
        .take(MAX_ANSWER_BYTES + 1)
        .read_to_string(&mut text)
        .context("cannot read the answer from standard input")?;
    if text.len() as u64 > MAX_ANSWER_BYTES {
        return Err(BadInput(format!(
            "the answer on standard input is longer than {} MiB",
            MAX_ANSWER_BYTES >> 20
        ))
        .into());
    }
    Ok(text)
}

/// One key point in `grade --json` and `answer --json`: its coverage and
/// the evidence for it.
#[derive(Debug, serde::Serialize)]
pub struct PointJson<'a> {
    /// 1-based, as the feedback numbers it (and `--covered` takes it).
    number: usize,
    #[serde(flatten)]
    result: &'a PointResult,
}

/// Every key point of a scored answer, numbered.
pub fn point_details(score: Option<&ScoreResult>) -> Vec<PointJson<'_>> {
    score.map_or_else(Vec::new, |s| {
        s.points
            .iter()
            .enumerate()
            .map(|(i, result)| PointJson {
                number: i + 1,
                result,
            })
            .collect()
    })
}

/// Prints what reading a profile set aside, one `warning:` line each.
pub fn warn(err: &mut dyn Write, warnings: &[String]) -> Result<()> {
    for warning in warnings {
        writeln!(err, "warning: {}", inert(warning))?;
    }
    Ok(())
}

/// `s` for counts other than one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Where a command puts what it makes: standard output (no `-o`, or
/// `-o -`), or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output<'a> {
    Stdout,
    File(&'a Path),
}

impl<'a> Output<'a> {
    /// `-o PATH` as given (`None` when absent).
    pub fn of(path: Option<&'a Path>) -> Output<'a> {
        match path {
            Some(path) if path != Path::new("-") => Output::File(path),
            _ => Output::Stdout,
        }
    }
}

/// Writes `value` as JSON (untrusted text escaped) and a newline.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<()> {
    crate::text::write_json(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The one profile a mentor's command is about: `--candidate`, or else
/// the one `--profile` names. Both naming different profiles is refused rather
/// than one of them silently ignored.
pub fn candidate<'a>(config: &'a Config, candidate: Option<&'a str>) -> Result<&'a str> {
    match candidate {
        Some(name) if config.profile_named && name != config.profile => Err(BadInput(format!(
            "--candidate {name} and --profile {} (or ROLECALL_PROFILE) name two profiles; \
             name the candidate once",
            config.profile
        ))
        .into()),
        Some(name) => Ok(name),
        None => Ok(&config.profile),
    }
}
