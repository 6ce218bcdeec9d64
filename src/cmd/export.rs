//! `rolecall export`: cards as an Anki import file or CSV, to stdout or to
//! a file that is never replaced without `--force`.

use super::{filter_cards, library};
use crate::cli::{ExportArgs, ExportFormat};
use crate::config::Config;
use crate::error::BadInput;
use crate::export;
use anyhow::{Context, Result};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

pub fn run(config: &Config, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let cards = filter_cards(&library, &args.decks, &args.kinds)?;
    let text = match args.format {
        ExportFormat::Anki => export::anki(&cards),
        ExportFormat::Csv => export::csv(&cards)?,
    };
    match &args.output {
        Some(path) => {
            write_output(path, &text, args.force)?;
            eprintln!("wrote {} cards to {}", cards.len(), path.display());
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Writes `text` to `path`: a new file only, unless `force`, in which case
/// the old file is replaced atomically (temp file, fsync, rename).
pub fn write_output(path: &Path, text: &str, force: bool) -> Result<()> {
    let shown = path.display();
    if !force {
        let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                return Err(BadInput(format!("{shown} exists; add --force to replace it")).into());
            }
            Err(e) => return Err(e).with_context(|| format!("cannot create {shown}")),
        };
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {shown}"))?;
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {shown}"))
}
