//! `rolecall stats`: where the learner stands. Reads the profile without
//! taking its lock (safe next to a running session); the figures come from
//! the workspace (defined in `crate::stats`), the text from `ui::stats`.

use super::{json, library, plural, warn};
use crate::cli::StatsArgs;
use crate::config::Config;
use crate::ui::{Theme, bars};
use crate::workspace::{Overrides, Workspace, figures};
use anyhow::Result;
use std::io::Write;

pub fn run(
    config: &Config,
    args: &StatsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let library = library(config)?;
    let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
    let figures = figures(&view, &library, &args.decks, config.now)?;
    warn(err, &figures.warnings)?;
    let stats = &figures.stats;
    if args.json {
        return json(out, stats);
    }
    if stats.is_empty() {
        let decks = stats.decks.len();
        writeln!(
            out,
            "No reviews yet for profile \"{}\": nothing to measure so far.",
            stats.profile
        )?;
        writeln!(
            out,
            "{} cards in {decks} deck{} are waiting. Start with `rolecall study`; \
             stats fill in after your first session.",
            stats.cards.total,
            plural(decks)
        )?;
        return Ok(());
    }
    let theme = Theme::new(config.color);
    write!(
        out,
        "{}",
        crate::ui::stats::text(stats, &theme, bars::terminal_width())
    )?;
    Ok(())
}
