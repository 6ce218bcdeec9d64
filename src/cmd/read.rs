//! `rolecall read`: a role's tasks to read before being tested on them,
//! through a pager on a terminal.

use super::library;
use crate::cli::ReadArgs;
use crate::config::Config;
use crate::ui::Theme;
use crate::ui::bars::terminal_width;
use anyhow::Result;

pub fn run(config: &Config, args: &ReadArgs) -> Result<()> {
    let library = library(config)?;
    let filters = super::scope_filters(&args.scope);
    let outline = filters.outline(&library)?;
    let width = terminal_width().clamp(40, 100);
    let text = crate::ui::read::text(&outline, &Theme::new(config.color), width);
    crate::ui::read::show(&text, !args.no_pager)?;
    Ok(())
}
