//! `rolecall decks`: the decks in play, as a table or JSON, with the active
//! profile's due and new cards in each; `--tree` lists their roles and tasks
//! with the ids the other commands take.

use super::{json, library};
use crate::cli::DecksArgs;
use crate::config::Config;
use crate::session::Filters;
use crate::text::inert;
use crate::ui::Theme;
use crate::ui::read::tree;
use crate::ui::table::{Align, render};
use crate::workspace::{Overrides, Workspace};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// One deck as `decks --json` prints it (field names are a stable interface).
#[derive(Debug, Serialize)]
pub struct DeckSummary {
    pub id: String,
    pub title: String,
    pub origin: String,
    pub roles: usize,
    pub tasks: usize,
    pub cards: usize,
    /// Cards due now for the active profile.
    pub due: usize,
    /// Cards the active profile has never reviewed.
    pub new: usize,
    pub role_ids: Vec<String>,
}

pub fn run(config: &Config, args: &DecksArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    if args.tree {
        let outline = Filters::default().outline(&library)?;
        write!(out, "{}", tree(&outline, &Theme::new(config.color)))?;
        return Ok(());
    }
    let as_json = args.json;
    let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
    let progress = view.progress()?.progress;
    let counts = progress.deck_counts(&library.cards, config.now);
    let summaries: Vec<DeckSummary> = library
        .decks
        .iter()
        .map(|loaded| {
            let deck = &loaded.deck;
            let count = counts.get(deck.id.as_str()).copied().unwrap_or_default();
            DeckSummary {
                id: deck.id.clone(),
                title: deck.title.clone(),
                origin: loaded.origin.to_string(),
                roles: deck.roles.len(),
                tasks: deck.roles.iter().map(|r| r.tasks.len()).sum(),
                cards: count.cards,
                due: count.due,
                new: count.new,
                role_ids: deck.roles.iter().map(|r| r.id.clone()).collect(),
            }
        })
        .collect();
    if as_json {
        return json(out, &summaries);
    }
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                inert(&s.id).into_owned(),
                inert(&s.title).into_owned(),
                s.roles.to_string(),
                s.tasks.to_string(),
                s.cards.to_string(),
                s.due.to_string(),
                s.new.to_string(),
            ]
        })
        .collect();
    let table = render(
        &["ID", "TITLE", "ROLES", "TASKS", "CARDS", "DUE", "NEW"],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    );
    write!(out, "{table}")?;
    Ok(())
}
