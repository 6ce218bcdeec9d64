//! `rolecall next` and `rolecall answer`: the study loop one step at a time,
//! for editor plugins, chat bots and scripts. `next` shows what `study`
//! would ask; `answer` records one review exactly as the loop would.

use super::grade::unknown_card;
use super::library;
use super::profile;
use super::profile::StateJson;
use super::study::{Context, Planner, interview_flag, select_cards};
use crate::cli::{AnswerArgs, NextArgs, StudyArgs};
use crate::config::Config;
use crate::deck::{AnswerMode, Card};
use crate::error::BadInput;
use crate::grade::Grade;
use crate::progress::Progress;
use crate::schedule::format_interval;
use crate::session::{Answer, parse_choice, parse_order};
use crate::store::SESSION_VERSION;
use crate::store::{ProfileReader, Settings};
use crate::text::inert;
use anyhow::Result;
use chrono::DurationRound;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write;

/// `next --json` (stable field names).
#[derive(Debug, Serialize)]
struct NextJson<'a> {
    id: &'a str,
    kind: &'a str,
    mode: &'a str,
    deck: &'a str,
    role: Option<&'a str>,
    prompt: &'a str,
    choices: &'a [String],
    is_new: bool,
    /// Cards in the queue after this one.
    remaining: usize,
}

/// Shows the next card without taking the profile's lock or creating the
/// profile: `next` records nothing, so it works beside a running session.
pub fn next(config: &Config, args: &NextArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let cards = select_cards(&library, &args.study)?;
    let store = profile::store(config)?;
    let reader = if store.profiles()?.contains(&config.profile) {
        Some(store.open_read(&config.profile)?)
    } else {
        None
    };
    let settings = match &reader {
        Some(r) => r.load_settings()?,
        None => Settings::default(),
    };
    let resolved = profile::resolve_settings(
        &store,
        &settings,
        args.study.retention,
        args.study.new_cards,
    )?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let progress = match &reader {
        Some(r) => profile::load_progress(r, &scheduler)?.progress,
        None => Progress::default(),
    };
    let interview_on = match args.study.interview_on.as_deref() {
        Some(text) => interview_flag(text)?,
        None => settings.interview_on,
    };
    let (queue, _) = Planner {
        config,
        cards: &cards,
        scheduler: &scheduler,
        progress: &progress,
        new_per_day: resolved.new_per_day,
        interview_on,
        saved: reader.as_ref().and_then(ProfileReader::load_session),
    }
    .plan(&args.study);
    let Some(&first) = queue.first() else {
        if args.json {
            writeln!(out, "null")?;
        } else {
            writeln!(out, "Nothing to study right now.")?;
        }
        return Ok(());
    };
    let card = cards[first];
    let is_new = progress.get(card.id.as_str()).is_none();
    if args.json {
        let json = NextJson {
            id: card.id.as_str(),
            kind: card.kind.name(),
            mode: card.mode.name(),
            deck: &card.deck,
            role: card.role.as_deref(),
            prompt: &card.prompt,
            choices: &card.choices,
            is_new,
            remaining: queue.len() - 1,
        };
        crate::text::write_json(&mut *out, &json)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} · {} · {}",
        inert(card.id.as_str()),
        card.kind,
        card.mode
    )?;
    for line in card.prompt.lines() {
        writeln!(out, "{}", inert(line))?;
    }
    for (i, choice) in card.choices.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, inert(choice))?;
    }
    Ok(())
}

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

fn parse_answer(card: &Card, args: &AnswerArgs) -> Result<Option<Answer>> {
    let bad = |m: String| anyhow::Error::from(BadInput(m));
    if let Some(choice) = args.choice {
        if card.mode != AnswerMode::Choice {
            return Err(bad(format!(
                "--choice is for choice cards; `{}` is a {} card",
                card.id, card.mode
            )));
        }
        return parse_choice(&choice.to_string(), card.choices.len())
            .map(|c| Some(Answer::Choice(c)))
            .map_err(bad);
    }
    if let Some(text) = &args.answer {
        return match card.mode {
            AnswerMode::Order => parse_order(text, card.choices.len())
                .map(|o| Some(Answer::Order(o)))
                .map_err(bad),
            AnswerMode::Choice => parse_choice(text, card.choices.len())
                .map(|c| Some(Answer::Choice(c)))
                .map_err(bad),
            AnswerMode::Typed | AnswerMode::SelfGraded => Ok(Some(Answer::Text(text.clone()))),
        };
    }
    Ok(None)
}

pub fn answer(config: &Config, args: &AnswerArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let Some(card) = library.card(&args.card) else {
        return Err(BadInput(unknown_card(&library, &args.card)).into());
    };
    let mut ctx = Context::open(config, &library, &StudyArgs::default())?;
    let answer = parse_answer(card, args)?;
    let grade_flag: Option<Grade> = args
        .grade
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: crate::grade::ParseGradeError| BadInput(e.to_string()))?;
    let (assessment, score) = match &answer {
        Some(a) => {
            let (assessment, score) = ctx.assess(card, a, None);
            (Some(assessment), score)
        }
        None => (None, None),
    };
    let Some(grade) = grade_flag.or(assessment.as_ref().map(|a| a.suggested)) else {
        return Err(BadInput("give --grade, --answer or --choice".into()).into());
    };
    let now = config
        .now
        .duration_trunc(chrono::Duration::milliseconds(1))
        .unwrap_or(config.now);
    ctx.record(
        card,
        grade,
        now,
        score.as_ref().map(|s| s.score),
        std::time::Duration::ZERO,
        card.mode.name(),
    )?;
    // A resumable session no longer needs to ask this card.
    if let Some(mut saved) = ctx.profile.load_session()
        && saved.version == SESSION_VERSION
        && saved.remaining.iter().any(|id| id == card.id.as_str())
    {
        saved.remaining.retain(|id| id != card.id.as_str());
        ctx.profile.save_session(&saved)?;
    }
    ctx.save_snapshot()?;
    // Invariant: `record` just stored this card's state.
    let state = &ctx
        .loaded
        .progress
        .get(card.id.as_str())
        .expect("recorded")
        .state;
    let json = AnswerJson {
        card: card.id.as_str(),
        grade: grade.to_string(),
        score: score.as_ref().map(|s| s.score),
        correct: assessment.as_ref().and_then(|a| a.correct),
        covered: score
            .as_ref()
            .map(|s| {
                s.points
                    .iter()
                    .filter(|p| p.covered)
                    .map(|p| p.text.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        missed: score
            .as_ref()
            .map(|s| {
                s.points
                    .iter()
                    .filter(|p| !p.covered)
                    .map(|p| p.text.as_str())
                    .collect()
            })
            .unwrap_or_default(),
        state: StateJson::new(state, &ctx.scheduler, now),
        interval: format_interval(state.due - now),
    };
    if args.json {
        crate::text::write_json(&mut *out, &json)?;
        writeln!(out)?;
    } else {
        let mut line = format!("saved: {} {}", inert(card.id.as_str()), grade);
        if let Some(s) = &score {
            let _ = write!(line, " (score {:.0}%)", s.score * 100.0);
        }
        if let Some(correct) = json.correct {
            line.push_str(if correct { " (right)" } else { " (wrong)" });
        }
        writeln!(out, "{line}")?;
        if let Some(score) = &score {
            let theme = crate::ui::Theme::new(config.color);
            for line in crate::ui::prompt::point_lines(score, &theme) {
                writeln!(out, "{line}")?;
            }
        }
        writeln!(out, "next due {} (in {})", json.state.due, json.interval)?;
    }
    Ok(())
}
