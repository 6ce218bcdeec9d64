//! One file per subcommand. Each takes the resolved `Config` and its own
//! arguments, does its work through the core modules, and writes output.

pub mod cards;
pub mod check;
pub mod decks;
pub mod export;
pub mod grade;
pub mod history;
pub mod import;
pub mod mock;
pub mod optimize;
pub mod profile;
pub mod profiles;
pub mod readiness;
pub mod report;
pub mod review_api;
pub mod shell;
pub mod stats;
pub mod study;

use crate::config::Config;
use crate::deck::load::{self, Library};
use anyhow::Result;

/// Loads the decks the config names (generation seed 0: choice order is
/// part of a card, so it must not change between runs).
pub fn library(config: &Config) -> Result<Library> {
    Ok(load::load(&config.sources, 0)?)
}

/// Checks `--kind` values, listing the valid ones on a mistake.
pub fn parse_kinds(names: &[String]) -> Result<Vec<crate::deck::CardKind>> {
    use crate::deck::CardKind;
    names
        .iter()
        .map(|name| {
            CardKind::from_name(name).ok_or_else(|| {
                let valid: Vec<&str> = CardKind::ALL.iter().map(|k| k.name()).collect();
                crate::error::BadInput(format!(
                    "unknown card kind `{name}`; expected one of: {}",
                    valid.join(", ")
                ))
                .into()
            })
        })
        .collect()
}

/// The library's cards of the given decks and kinds (all when a list is
/// empty), in deck order; unknown deck ids and kinds are bad input.
pub fn filter_cards<'a>(
    library: &'a Library,
    decks: &[String],
    kind_names: &[String],
) -> Result<Vec<&'a crate::deck::Card>> {
    check_deck_ids(library, decks)?;
    let kinds = parse_kinds(kind_names)?;
    Ok(library
        .cards
        .iter()
        .filter(|c| decks.is_empty() || decks.contains(&c.deck))
        .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
        .collect())
}

/// Checks that every `--deck` id names a loaded deck.
pub fn check_deck_ids(library: &Library, ids: &[String]) -> Result<()> {
    for id in ids {
        if library.deck(id).is_none() {
            let known: Vec<&str> = library.decks.iter().map(|d| d.deck.id.as_str()).collect();
            return Err(crate::error::BadInput(format!(
                "no deck `{id}`; loaded decks: {}",
                known.join(", ")
            ))
            .into());
        }
    }
    Ok(())
}
