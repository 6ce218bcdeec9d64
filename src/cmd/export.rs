//! `rolecall export`: cards as an Anki import file, an Anki package (with
//! the profile's progress if asked) or CSV, to standard output or to a file
//! that is never replaced without `--force`.

use super::{Output, library, warn};
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::deck::Card;
use crate::error::BadInput;
use crate::export::{self, ProfileSchedule};
use crate::store::{self, Overwrite};
use crate::workspace::Workspace;
use anyhow::Result;
use std::io::{IsTerminal, Write};

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    if args.with_progress && args.format != ExportFormat::Apkg {
        return Err(BadInput(
            "--with-progress needs --format apkg: only a package carries schedules".into(),
        )
        .into());
    }
    let output = Output::of(args.output.as_deref());
    match output {
        Output::File(path) => store::check_target(path, Overwrite::forced(args.force))?,
        Output::Stdout if args.format == ExportFormat::Apkg && std::io::stdout().is_terminal() => {
            return Err(BadInput(
                "an Anki package is a binary file: name it with -o FILE.apkg".into(),
            )
            .into());
        }
        Output::Stdout => {}
    }
    let library = library(config)?;
    let cards = super::filters(&args.filter).select(&library)?;
    let bytes = match args.format {
        ExportFormat::Anki => export::anki_text(&cards).into_bytes(),
        ExportFormat::Csv => export::csv(&cards)?.into_bytes(),
        ExportFormat::Apkg => package(config, &cards, args.with_progress)?,
    };
    match output {
        Output::File(path) => {
            store::write_file(path, &bytes, Overwrite::forced(args.force))?;
            let _ = writeln!(
                std::io::stderr(),
                "wrote {} cards to {}",
                cards.len(),
                path.display()
            );
        }
        Output::Stdout => out.write_all(&bytes)?,
    }
    Ok(())
}

/// The package; with progress, of the profile's states and reviews (read
/// without its lock: a running session is not disturbed).
fn package(config: &Config, cards: &[&Card], with_progress: bool) -> Result<Vec<u8>> {
    if !with_progress {
        return Ok(export::package(cards, None, config.now)?);
    }
    let view = Workspace::new(config)?.read_existing(&config.profile)?;
    let restored = view.progress()?;
    let logged = view.history()?;
    // The log's torn tail, once: both reads see the same one.
    warn(&mut std::io::stderr(), &restored.warnings)?;
    let settings = view.settings();
    let schedule = ProfileSchedule {
        progress: &restored.progress,
        reviews: logged.history.effective().collect(),
        scheduler: view.scheduler(),
        parameters: settings.parameters.as_deref(),
        new_per_day: settings.new_per_day,
    };
    Ok(export::package(cards, Some(&schedule), config.now)?)
}
