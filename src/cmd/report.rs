//! `rolecall report [--candidate NAME]`: a candidate's progress report for
//! a mentor, in Markdown or as one HTML page. It renders the figures
//! `stats` computes for the candidate and the mock interviews from the
//! history (see `workspace::report`). Reads the profile without taking its
//! lock; writes only the `-o` file (or standard output).

use super::{Output, candidate, warn};
use crate::cli::{ReportArgs, ReportFormat};
use crate::config::Config;
use crate::mock::Format;
use crate::store::{self, Overwrite};
use crate::workspace::Workspace;
use crate::workspace::report::progress_report;
use anyhow::Result;
use std::io::Write;

pub fn run(config: &Config, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let candidate = candidate(config, args.candidate.as_deref())?;
    store::validate_profile_name(candidate)?;
    let output = Output::of(args.out.as_deref());
    if let Output::File(path) = output {
        store::check_target(path, Overwrite::forced(args.force))?;
    }
    let view = Workspace::new(config)?.read_existing(candidate)?;
    let library = super::library(config)?;
    let (doc, warnings) = progress_report(&view, &library, config.now)?;
    warn(&mut std::io::stderr(), &warnings)?;
    let format = match (args.format, output) {
        (Some(ReportFormat::Html), _) => Format::Html,
        (None, Output::File(path)) => Format::of_path(path),
        (Some(ReportFormat::Md) | None, _) => Format::Markdown,
    };
    let text = format.render(&doc);
    match output {
        Output::File(path) => {
            store::write_file(path, text.as_bytes(), Overwrite::forced(args.force))?;
            writeln!(out, "Report written to {}", path.display())?;
        }
        Output::Stdout => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
