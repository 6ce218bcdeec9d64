//! `rolecall decks`: the decks in play, as a table or JSON.

use super::library;
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
    pub role_ids: Vec<String>,
}

pub fn run(config: &Config, json: bool, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
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
            ]
        })
        .collect();
    let table = render(
        &["ID", "TITLE", "ROLES", "TASKS", "CARDS"],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &rows,
    );
    write!(out, "{table}")?;
    Ok(())
}
