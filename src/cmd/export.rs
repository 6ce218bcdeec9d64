//! `rolecall export`: cards as an Anki import file or CSV, to stdout or to
//! a file that is never replaced without `--force`.

use super::library;
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::export;
use crate::session::Filters;
use crate::store::{self, Overwrite};
use anyhow::Result;
use std::io::Write;

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let cards = Filters::decks_and_kinds(&args.decks, &args.kinds).select(&library)?;
    let text = match args.format {
        ExportFormat::Anki => export::anki(&cards),
        ExportFormat::Csv => export::csv(&cards)?,
    };
    match &args.output {
        Some(path) => {
            store::write_file(path, text.as_bytes(), Overwrite::forced(args.force))?;
            eprintln!("wrote {} cards to {}", cards.len(), path.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
