//! `rolecall import FILE`: a document in the seeds' style becomes a deck,
//! printed or written for a person to review. The importing itself is the
//! pure `import` module; this file reads, checks the result with the deck
//! validator, and writes.

use super::Output;
use crate::cli::ImportArgs;
use crate::deck::{generate, validate};
use crate::error::BadInput;
use crate::import::{self, Options};
use crate::store::{self, Overwrite};
use crate::text::inert;
use anyhow::{Context, Result, anyhow};
use std::io::{self, Read, Write};
use std::path::Path;

pub fn run(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let from_stdin = args.file.as_os_str() == "-";
    let shown = if from_stdin {
        "standard input".to_owned()
    } else {
        args.file.display().to_string()
    };
    let bytes = if from_stdin {
        let mut bytes = Vec::new();
        io::stdin()
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        bytes
    } else {
        read_input(&args.file)?
    };
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(BadInput(format!(
            "cannot import {shown}: it is over {MAX_DOCUMENT_BYTES} bytes (16 MiB), the deck limit; split it"
        ))
        .into());
    }
    let (text, mut warnings) = import::decode(&bytes);
    let mut imported = import::import(&text, &options(args, from_stdin))
        .map_err(|e| BadInput(format!("cannot import {shown}: {e}")))?;
    warnings.append(&mut imported.warnings);
    imported.warnings = warnings;
    let ron = imported.to_ron();
    // The importer promises a deck `check` accepts; hold it to that.
    let deck = validate::parse_deck(&ron).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!(
            "the imported deck does not pass `rolecall check` (an importer bug; please report it): {}",
            list.join("; ")
        )
    })?;
    for warning in &imported.warnings {
        writeln!(err, "warning: {}", inert(&warning.to_string()))?;
    }
    let output = Output::of(args.output.as_deref());
    match output {
        Output::File(path) => {
            store::write_file(path, ron.as_bytes(), Overwrite::forced(args.force))?;
        }
        Output::Stdout => out.write_all(inert(&ron).as_bytes())?,
    }
    for line in imported.report(generate::card_count(&deck)) {
        writeln!(err, "{}", inert(&line))?;
    }
    if let Output::File(path) = output {
        let shown = path.display().to_string();
        writeln!(
            err,
            "wrote {0}; review it, then: rolecall check {0}",
            inert(&shown)
        )?;
    }
    Ok(())
}

/// The deck id (`--id`, else `-o`'s file name) and the titles to fall back
/// on, from the arguments.
fn options(args: &ImportArgs, from_stdin: bool) -> Options {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned());
    let id = match &args.id {
        Some(id) => Some(id.clone()),
        None => args
            .output
            .as_deref()
            .and_then(stem)
            .and_then(|s| import::id_from(&s)),
    };
    let file_name = (!from_stdin)
        .then(|| {
            args.file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .flatten();
    let fallback_title = if from_stdin {
        "Imported deck".to_owned()
    } else {
        stem(&args.file).map_or_else(
            || "Imported deck".to_owned(),
            |s| s.replace(['_', '-'], " "),
        )
    };
    Options {
        id,
        title: args.title.clone(),
        source: file_name,
        fallback_title,
        format: if from_stdin {
            import::Format::Auto
        } else {
            import::Format::of_path(&args.file)
        },
    }
}

/// The largest document `import` reads: its deck could not be bigger
/// than a deck may be.
const MAX_DOCUMENT_BYTES: u64 = crate::deck::load::MAX_DECK_BYTES;

/// Reads a document, at most one byte over the limit (the caller says it is
/// too large). A missing, unreadable or special file is the user's to fix
/// (exit 2): a device such as `/dev/zero` never ends, a FIFO may never
/// start; standard input is `-`.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    let refused = |e: io::Error| -> anyhow::Error {
        match e.kind() {
            io::ErrorKind::NotFound => BadInput(format!("no file {shown}")).into(),
            io::ErrorKind::IsADirectory => {
                BadInput(format!("{shown} is a folder, not a document")).into()
            }
            _ => anyhow::Error::new(e).context(format!("cannot read {shown}")),
        }
    };
    let meta = std::fs::metadata(path).map_err(refused)?;
    if meta.is_dir() {
        return Err(BadInput(format!("{shown} is a folder, not a document")).into());
    }
    if !meta.is_file() {
        return Err(BadInput(format!(
            "{shown} is not a regular file (a device, FIFO or socket); name a document, or - for standard input"
        ))
        .into());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(refused)?;
    Ok(bytes)
}
