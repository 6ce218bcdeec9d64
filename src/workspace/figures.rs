//! The figures of a profile, computed once: `stats` prints them and the
//! mentor's `report` renders them, so the two can never disagree.

use super::view::ProfileView;
use crate::deck::Deck;
use crate::deck::load::Library;
use crate::history::{History, Review};
use crate::session::Filters;
use crate::stats::{self, Stats};
use anyhow::Result;
use chrono::{DateTime, Utc};

/// A profile's figures and the history they come from.
#[derive(Debug)]
pub struct Figures {
    pub stats: Stats,
    pub history: History,
    /// What reading the log set aside (a torn last line), for the user.
    pub warnings: Vec<String>,
}

/// The figures of `view` at `now` over the cards of `decks` (all when
/// empty; an unknown id is bad input).
pub fn figures(
    view: &ProfileView,
    library: &Library,
    decks: &[String],
    now: DateTime<Utc>,
) -> Result<Figures> {
    let filters = Filters {
        decks: decks.to_vec(),
        ..Filters::default()
    };
    let cards = filters.select(library)?;
    let selected = |deck: &str| decks.is_empty() || decks.iter().any(|d| d == deck);
    let deck_models: Vec<&Deck> = library
        .decks
        .iter()
        .map(|d| &d.deck)
        .filter(|d| selected(&d.id))
        .collect();
    let restored = view.progress()?;
    let logged = view.history()?;
    let stats = {
        // Reviews of cards no longer in any deck still count, unless `--deck`
        // narrows the view (a card id starts with its deck id).
        let reviews: Vec<&Review> = logged
            .history
            .by_time()
            .into_iter()
            .filter(|r| selected(r.card.split('/').next().unwrap_or_default()))
            .collect();
        stats::compute(&stats::Inputs {
            reviews: &reviews,
            progress: &restored.progress,
            cards: &cards,
            decks: &deck_models,
            scheduler: view.scheduler(),
            now,
            profile: view.name(),
        })
    };
    Ok(Figures {
        stats,
        history: logged.history,
        // The log's torn tail, once: both reads see the same one.
        warnings: restored.warnings,
    })
}
