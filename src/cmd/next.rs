//! `rolecall next`: the card `study` would ask first, for editor plugins,
//! chat bots and scripts. Reads the profile without its lock and without
//! creating it: `next` records nothing, so it works beside a session.

use super::study::{filters, interview_flag, overrides, request};
use super::{json, library};
use crate::cli::NextArgs;
use crate::config::Config;
use crate::text::inert;
use crate::workspace::Workspace;
use anyhow::Result;
use serde::Serialize;
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

pub fn run(config: &Config, args: &NextArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let filters = filters(&args.study);
    let cards = filters.select(&library)?;
    let workspace = Workspace::new(config)?;
    let view = workspace.read(&config.profile, overrides(&args.study))?;
    let progress = view.progress()?.progress;
    let mut settings = view.settings().clone();
    if let Some(text) = args.study.interview_on.as_deref() {
        settings.interview_on = interview_flag(text)?;
    }
    let resume = view.resume();
    let plan = settings
        .planner(
            &cards,
            view.scheduler(),
            &progress,
            config.now,
            resume.as_ref(),
        )
        .plan(&request(&args.study, &filters));
    let Some(&first) = plan.queue.first() else {
        let nothing = if args.json {
            "null"
        } else {
            "Nothing to study right now."
        };
        writeln!(out, "{nothing}")?;
        return Ok(());
    };
    let card = cards[first];
    if args.json {
        return json(
            out,
            &NextJson {
                id: card.id.as_str(),
                kind: card.kind.name(),
                mode: card.mode.name(),
                deck: &card.deck,
                role: card.role.as_deref(),
                prompt: &card.prompt,
                choices: &card.choices,
                is_new: progress.get(card.id.as_str()).is_none(),
                remaining: plan.queue.len() - 1,
            },
        );
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
