//! `rolecall answer`: records one review exactly as the study loop would
//! (scored, graded, fsynced, applied; a saved session no longer asks the
//! card, since what is left of it is derived from the log), for
//! editor plugins, chat bots and scripts.

use super::{StateJson, card, json, library, points};
use crate::cli::AnswerArgs;
use crate::config::Config;
use crate::deck::{AnswerMode, Card};
use crate::error::BadInput;
use crate::grade::Grade;
use crate::schedule::format_interval;
use crate::session::Answer;
use crate::text::inert;
use crate::workspace::{Grader, NewReview, Overrides, Workspace};
use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;

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
    missed: Vec<&'a str>,
    state: StateJson,
    /// Until the card is due, e.g. `4d`.
    interval: String,
}

pub fn run(config: &Config, args: &AnswerArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let card = card(&library, &args.card)?;
    let mut writer = Workspace::new(config)?.write(&config.profile, Overrides::default())?;
    // Options are numbered as `next` shows them now.
    let (shown, card) = crate::session::present::now(card, writer.progress());
    let card = &card;
    let answer = parse_answer(card, args)?;
    let grade_flag: Option<Grade> = args.grade.as_deref().map(str::parse).transpose()?;
    let (assessment, score) = match &answer {
        Some(answer) => {
            let (assessment, score) = Grader::new(&library).assess(card, answer, None);
            (Some(assessment), score)
        }
        None => (None, None),
    };
    let Some(grade) = grade_flag.or(assessment.as_ref().map(|a| a.suggested)) else {
        return Err(BadInput("give --grade, --answer or --choice".into()).into());
    };
    let recorded = writer.record(NewReview {
        card: card.id.as_str(),
        grade,
        score: score.as_ref().map(|s| s.score),
        took: std::time::Duration::ZERO,
        mode: card.mode.name(),
        session: None,
        shown: (!shown.is_empty()).then_some(shown.as_slice()),
        rubric: None,
    })?;
    writer.save_snapshot()?;
    let result = AnswerJson {
        card: card.id.as_str(),
        grade: grade.to_string(),
        score: score.as_ref().map(|s| s.score),
        correct: assessment.as_ref().and_then(|a| a.correct),
        covered: points(score.as_ref(), true),
        missed: points(score.as_ref(), false),
        state: StateJson::new(&recorded.state, writer.scheduler(), recorded.at),
        interval: format_interval(recorded.state.interval()),
    };
    if args.json {
        return json(out, &result);
    }
    let mut line = format!("saved: {} {}", inert(card.id.as_str()), grade);
    if let Some(s) = &score {
        let _ = write!(line, " (score {:.0}%)", s.score * 100.0);
    }
    if let Some(correct) = result.correct {
        line.push_str(if correct { " (right)" } else { " (wrong)" });
    }
    writeln!(out, "{line}")?;
    if let Some(score) = &score {
        let theme = crate::ui::Theme::new(config.color);
        for line in crate::ui::prompt::point_lines(score, &theme) {
            writeln!(out, "{line}")?;
        }
    }
    if let Some(later) = recorded.back_dated() {
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

/// The answer given with `--choice` or `--answer`, read as the card's mode
/// asks; `None` when only `--grade` was given.
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
    Ok(args
        .answer
        .as_deref()
        .map(|text| Answer::parse(card, text))
        .transpose()?)
}
