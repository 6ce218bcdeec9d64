//! `rolecall next`: the card `study` would ask first, for editor plugins,
//! chat bots and scripts. Reads the profile without its lock and without
//! creating it: `next` records nothing, so it works beside a session.

use super::study::{check_sizes, interview_flag, overrides, request, select};
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
    choices: Vec<&'a str>,
    is_new: bool,
    /// Cards in the queue after this one.
    remaining: usize,
}

pub fn run(config: &Config, args: &NextArgs, out: &mut dyn Write) -> Result<()> {
    check_sizes(&args.study)?;
    let library = library(config)?;
    let workspace = Workspace::new(config)?;
    let (filters, cards) = select(&args.study, &workspace, &config.profile, &library)?;
    let view = workspace.read(&config.profile, overrides(&args.study))?;
    let progress = view.progress()?.progress;
    let mut settings = view.settings().clone();
    if let Some(text) = args.study.interview_on.as_deref() {
        settings.interview_on = interview_flag(text)?;
    }
    let request = request(&args.study, &filters);
    let today = view.scheduler().clock().day_of(config.now);
    let saved = view.saved_sessions(today, &request.filters);
    let plan = settings
        .planner(
            &cards,
            view.scheduler(),
            &progress,
            config.now,
            saved.resumable(),
        )
        .plan(&request);
    let first = plan.queue.first().or(plan.failed.first().map(|(i, _)| i));
    let Some(&first) = first else {
        if args.json {
            writeln!(out, "null")?;
        } else {
            for line in crate::ui::prompt::nothing_to_study(&plan.outlook) {
                writeln!(out, "{line}")?;
            }
        }
        return Ok(());
    };
    // Options in this presentation's order, as `study` and `answer` number them.
    let (_, card) = crate::session::present::now(cards[first], &progress);
    let card = &card;
    if args.json {
        return json(
            out,
            &NextJson {
                id: card.id.as_str(),
                kind: card.kind.name(),
                mode: card.mode.name(),
                deck: &card.deck,
                role: card.role.as_deref(),
                prompt: &card.prompt.text(),
                choices: card.choices.iter().map(|c| &**c).collect(),
                is_new: progress.get(card.id.as_str()).is_none(),
                remaining: plan.queue.len() + plan.failed.len() - 1,
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
    for line in card.prompt.text().lines() {
        writeln!(out, "{}", inert(line))?;
    }
    for (i, choice) in card.choices.iter().enumerate() {
        writeln!(out, "  {}. {}", i + 1, inert(choice))?;
    }
    Ok(())
}
