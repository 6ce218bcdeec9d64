//! `rolecall cards`: the generated cards, for people (a list) or scripts
//! (JSON, with the profile's scheduling state of each card).

use super::{StateJson, json, library, plural};
use crate::cli::CardsArgs;
use crate::config::Config;
use crate::deck::Card;
use crate::text::inert;
use crate::ui::Theme;
use crate::workspace::{Overrides, Workspace};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// A card with the active profile's scheduling state (`null` when new).
#[derive(Debug, Serialize)]
struct CardWithState<'a> {
    #[serde(flatten)]
    card: &'a Card,
    state: Option<StateJson>,
}

pub fn run(config: &Config, args: &CardsArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let cards = super::filters(&args.filter).select(&library)?;
    if args.json {
        let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
        let progress = view.progress()?.progress;
        let with_state: Vec<CardWithState> = cards
            .iter()
            .map(|card| CardWithState {
                card,
                state: progress
                    .get(card.id.as_str())
                    .map(|p| StateJson::new(&p.state, view.scheduler(), config.now)),
            })
            .collect();
        return json(out, &with_state);
    }
    let theme = Theme::new(config.color);
    for card in &cards {
        writeln!(
            out,
            "{}  {}",
            theme.heading.apply_to(inert(card.id.as_str())),
            theme.dim.apply_to(format!("{} · {}", card.kind, card.mode))
        )?;
        for line in card.prompt.text().lines() {
            writeln!(out, "    {}", inert(line))?;
        }
    }
    writeln!(out, "{} card{}", cards.len(), plural(cards.len()))?;
    Ok(())
}
