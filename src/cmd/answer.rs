//! `rolecall answer`: records one review exactly as the study loop would
//! (scored, graded, fsynced, applied; a saved session no longer asks the
//! card, since what is left of it is derived from the log), for
//! editor plugins, chat bots and scripts. With `--id KEY` a retry is safe:
//! a key already in the log records nothing and prints the saved result.

use super::{PointJson, StateJson, answer_text, card, json, library, point_details, points, warn};
use crate::cli::AnswerArgs;
use crate::config::Config;
use crate::deck::{AnswerMode, Card};
use crate::error::BadInput;
use crate::grade::Grade;
use crate::schedule::format_interval;
use crate::score::{Correction, Coverage, ScoreResult};
use crate::session::{Answer, present};
use crate::text::inert;
use crate::workspace::{Grader, Keyed, NewReview, Overrides, ProfileWriter, Workspace};
use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;

/// The longest idempotency key.
const MAX_KEY_BYTES: usize = 200;

/// `answer --json` (stable field names).
#[derive(Debug, Serialize)]
struct AnswerJson<'a> {
    card: &'a str,
    grade: String,
    /// The scorer's covered share, for typed answers.
    score: Option<f32>,
    /// For choice and ordering answers.
    correct: Option<bool>,
    covered: Vec<&'a str>,
    partial: Vec<&'a str>,
    missed: Vec<&'a str>,
    /// Each key point with its coverage and evidence.
    points: Vec<PointJson<'a>>,
    state: StateJson,
    /// Until the card is due, e.g. `4d`.
    interval: String,
    /// The idempotency key given with `--id`.
    id: Option<&'a str>,
}

pub fn run(config: &Config, args: &AnswerArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let card = card(&library, &args.card)?;
    if let Some(key) = &args.id {
        check_key(key)?;
    }
    let mut writer = Workspace::new(config)?.write(&config.profile, Overrides::default())?;
    let mut err = std::io::stderr();
    warn(&mut err, writer.warnings())?;
    // A retry of a saved review: found before anything else, so that its
    // options are numbered as they were then.
    let saved = match &args.id {
        Some(key) => writer.keyed(key)?,
        None => None,
    };
    // Options are numbered as `next` shows them now (or showed them then).
    let (shown, card) = match saved.as_ref().and_then(|s| s.shown.as_deref()) {
        Some(order) => (order.to_vec(), present::presented(card, order)),
        None => present::now(card, writer.progress()),
    };
    let card = &card;
    let answer = parse_answer(card, args)?;
    let grade_flag: Option<Grade> = args.grade.as_deref().map(str::parse).transpose()?;
    let corrections = corrections(args)?;
    if !corrections.is_empty() && args.answer.is_none() {
        return Err(BadInput(
            "--covered and --not-covered correct the points of an --answer".into(),
        )
        .into());
    }
    let (assessment, score) = match &answer {
        Some(answer) => {
            let grader = Grader::new(&library, crate::workspace::reading(config)?);
            let (assessment, score) = grader.assess(card, answer, None);
            match (&score, corrections.is_empty()) {
                (_, true) => (Some(assessment), score),
                (Some(scored), false) => {
                    let (assessment, score) =
                        Grader::correct(card, answer, None, scored, &corrections)?;
                    (Some(assessment), Some(score))
                }
                (None, false) => {
                    return Err(BadInput(
                        "--covered and --not-covered correct the key points of a typed answer; \
                         this card is not typed"
                            .into(),
                    )
                    .into());
                }
            }
        }
        None => (None, None),
    };
    let correct = assessment.as_ref().and_then(|a| a.correct);
    // A retry of a review already saved: print what was saved, record nothing.
    if let Some(key) = &args.id
        && let Some(saved) = saved
    {
        let result = saved_result(card, key, &saved, &writer, correct, score.as_ref())?;
        writeln!(
            err,
            "note: --id {} was saved at {}; nothing new was recorded",
            inert(&format!("{key:?}")),
            super::rfc3339(saved.at)
        )?;
        return print(config, args, &result, score.as_ref(), saved.back_dated, out);
    }
    let Some(grade) = grade_flag.or(assessment.as_ref().map(|a| a.suggested)) else {
        return Err(BadInput("give --grade, --answer or --choice".into()).into());
    };
    let review = NewReview {
        card: card.id.as_str(),
        grade,
        score: score.as_ref().map(|s| s.score),
        took: std::time::Duration::ZERO,
        mode: card.mode.name(),
        session: None,
        shown: (!shown.is_empty()).then_some(shown.as_slice()),
        rubric: None,
        corrected: &corrections,
    };
    let recorded = writer.record_keyed(review, args.id.as_deref())?;
    // The review is on disk: from here on nothing may turn it into a
    // failure (a script would retry and double it), so what fails is a
    // warning.
    warn(&mut err, writer.save_snapshot_or_warn().as_slice())?;
    let result = AnswerJson {
        card: card.id.as_str(),
        grade: grade.to_string(),
        score: score.as_ref().map(|s| s.score),
        correct,
        covered: points(score.as_ref(), Coverage::Covered),
        partial: points(score.as_ref(), Coverage::Partial),
        missed: points(score.as_ref(), Coverage::Missed),
        points: point_details(score.as_ref()),
        state: StateJson::new(&recorded.state, writer.scheduler(), recorded.at),
        interval: format_interval(recorded.state.interval()),
        id: args.id.as_deref(),
    };
    let back_dated = recorded.back_dated();
    print(config, args, &result, score.as_ref(), back_dated, out)
}

/// The result `answer` printed when it saved `saved` (the key points come
/// from scoring the repeated answer again, which gives the same ones).
fn saved_result<'a>(
    card: &'a Card,
    key: &'a str,
    saved: &Keyed,
    writer: &ProfileWriter,
    correct: Option<bool>,
    score: Option<&'a ScoreResult>,
) -> Result<AnswerJson<'a>> {
    if saved.card != card.id.as_str() {
        return Err(BadInput(format!(
            "--id {key:?} was already used for a review of `{}` at {}; give each review its own key",
            saved.card,
            super::rfc3339(saved.at)
        ))
        .into());
    }
    Ok(AnswerJson {
        card: card.id.as_str(),
        grade: saved.grade.to_string(),
        score: saved.score,
        correct,
        covered: points(score, Coverage::Covered),
        partial: points(score, Coverage::Partial),
        missed: points(score, Coverage::Missed),
        points: point_details(score),
        state: StateJson::new(&saved.state, writer.scheduler(), saved.at),
        interval: format_interval(saved.state.interval()),
        id: Some(key),
    })
}

/// Prints the result: JSON, or the `saved:` line, the key points and when
/// the card is due.
fn print(
    config: &Config,
    args: &AnswerArgs,
    result: &AnswerJson,
    score: Option<&ScoreResult>,
    back_dated: Option<DateTime<Utc>>,
    out: &mut dyn Write,
) -> Result<()> {
    if args.json {
        return json(out, result);
    }
    let mut line = format!("saved: {} {}", inert(result.card), result.grade);
    if let Some(s) = result.score {
        let _ = write!(line, " (score {:.0}%)", s * 100.0);
    }
    if let Some(correct) = result.correct {
        line.push_str(if correct { " (right)" } else { " (wrong)" });
    }
    writeln!(out, "{line}")?;
    if let Some(score) = score {
        let theme = crate::ui::Theme::new(config.color);
        for line in crate::ui::prompt::point_lines(score, &theme) {
            writeln!(out, "{line}")?;
        }
    }
    if let Some(later) = back_dated {
        writeln!(
            out,
            "note: dated before the card's last review ({}): it takes its place in the \
             card's history by time, and the schedule below is that history's",
            later.format("%Y-%m-%dT%H:%M:%SZ")
        )?;
    }
    writeln!(
        out,
        "next due {} (in {})",
        result.state.due, result.interval
    )?;
    Ok(())
}

/// An idempotency key: any text, not empty, at most [`MAX_KEY_BYTES`].
fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(BadInput(format!(
            "--id must be 1 to {MAX_KEY_BYTES} bytes long (it is {})",
            key.len()
        ))
        .into());
    }
    Ok(())
}

/// The answer given with `--choice` or `--answer` (`-`: standard input),
/// read as the card's mode asks; `None` when only `--grade` was given.
fn parse_answer(card: &Card, args: &AnswerArgs) -> Result<Option<Answer>> {
    if let Some(choice) = args.choice {
        if card.mode != AnswerMode::Choice {
            return Err(BadInput(format!(
                "--choice is for choice cards; `{}` is a {} card",
                card.id, card.mode
            ))
            .into());
        }
        return Ok(Some(Answer::parse(card, &choice.to_string())?));
    }
    let Some(text) = &args.answer else {
        return Ok(None);
    };
    Ok(Some(Answer::parse(card, &answer_text(text)?)?))
}

/// `--covered` and `--not-covered` as corrections (0-based points).
fn corrections(args: &AnswerArgs) -> Result<Vec<Correction>> {
    let said = args.covered.iter().map(|&n| (n, true));
    let not_said = args.not_covered.iter().map(|&n| (n, false));
    said.chain(not_said)
        .map(|(n, covered)| match n.checked_sub(1) {
            Some(point) => Ok(Correction { point, covered }),
            None => Err(BadInput("key points are numbered from 1".into()).into()),
        })
        .collect()
}
