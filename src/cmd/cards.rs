//! `rolecall cards`: the generated cards, for people (a list) or scripts (JSON).

use super::profile::StateJson;
use super::{filter_cards, library, profile};
use crate::cli::CardsArgs;
use crate::config::Config;
use crate::deck::Card;
use crate::text::inert;
use crate::ui::Theme;
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
    let cards = filter_cards(&library, &args.decks, &args.kinds)?;
    if args.json {
        let store = profile::store(config)?;
        let progress = profile::read_only(config, &store)?;
        let with_state: Vec<CardWithState> = cards
            .iter()
            .map(|card| CardWithState {
                card,
                state: progress.as_ref().and_then(|(progress, scheduler)| {
                    let p = progress.get(card.id.as_str())?;
                    Some(StateJson::new(&p.state, scheduler, config.now))
                }),
            })
            .collect();
        crate::text::write_json(&mut *out, &with_state)?;
        writeln!(out)?;
        return Ok(());
    }
    let theme = Theme::new(config.color);
    for card in &cards {
        writeln!(
            out,
            "{}  {}",
            theme.heading.apply_to(inert(card.id.as_str())),
            theme.dim.apply_to(format!("{} · {}", card.kind, card.mode))
        )?;
        for line in card.prompt.lines() {
            writeln!(out, "    {}", inert(line))?;
        }
    }
    writeln!(
        out,
        "{} card{}",
        cards.len(),
        if cards.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}
