//! `rolecall decks`: the decks in play, as a table or JSON.

use super::{library, profile};
use crate::config::Config;
use crate::text::inert;
use crate::ui::table::{Align, render};
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

pub fn run(config: &Config, json: bool, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let store = profile::store(config)?;
    let progress = profile::read_only(config, &store)?
        .map(|(p, _)| p)
        .unwrap_or_default();
    let summaries: Vec<DeckSummary> = library
        .decks
        .iter()
        .map(|loaded| {
            let deck = &loaded.deck;
            DeckSummary {
                id: deck.id.clone(),
                title: deck.title.clone(),
                origin: loaded.origin.to_string(),
                roles: deck.roles.len(),
                tasks: deck.roles.iter().map(|r| r.tasks.len()).sum(),
                cards: library.cards.iter().filter(|c| c.deck == deck.id).count(),
                due: library
                    .cards
                    .iter()
                    .filter(|c| c.deck == deck.id)
                    .filter(|c| {
                        progress
                            .get(c.id.as_str())
                            .is_some_and(|p| p.state.due <= config.now)
                    })
                    .count(),
                new: library
                    .cards
                    .iter()
                    .filter(|c| c.deck == deck.id && progress.get(c.id.as_str()).is_none())
                    .count(),
                role_ids: deck.roles.iter().map(|r| r.id.clone()).collect(),
            }
        })
        .collect();
    if json {
        crate::text::write_json(&mut *out, &summaries)?;
        writeln!(out)?;
        return Ok(());
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
