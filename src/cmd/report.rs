//! `rolecall report --candidate NAME`: a Markdown progress report for a
//! mentor. It renders the figures `stats` computes for the candidate
//! (reviews and true retention, mastery per role, the weakest tasks) and
//! the recent mock interviews from the history. Reads the profile without
//! taking its lock; writes only the `--out` file.

use super::{library, warn};
use crate::cli::ReportArgs;
use crate::config::Config;
use crate::mock::progress::{self, MockRow, ProgressReport};
use crate::store::{self, Overwrite};
use crate::workspace::{Workspace, figures};
use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, Utc};
use std::io::Write;

/// How many recent mocks the report lists.
const RECENT_MOCKS: usize = 10;

pub fn run(config: &Config, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    store::validate_profile_name(&args.candidate)?;
    if let Some(path) = &args.out {
        store::check_target(path, Overwrite::forced(args.force))?;
    }
    let view = Workspace::new(config)?.read_existing(&args.candidate)?;
    let library = library(config)?;
    let figures = figures(&view, &library, &[], config.now)?;
    warn(&mut std::io::stderr(), &figures.warnings)?;
    let counted: Vec<DateTime<Utc>> = figures
        .history
        .by_time()
        .iter()
        .map(|r| r.at)
        .filter(|&at| at <= config.now)
        .collect();
    let mut mocks: Vec<MockRow> = figures
        .history
        .mocks()
        .into_iter()
        .map(|m| MockRow {
            at: local(m.at()),
            questions: m.questions(),
            passed: m.recalled(),
            mean_score: m.mean_score(),
            lenses: m.rubric_means(),
            id: m.id,
        })
        .collect();
    mocks.reverse();
    mocks.truncate(RECENT_MOCKS);
    let text = progress::render(&ProgressReport {
        candidate: &args.candidate,
        now: local(config.now),
        stats: &figures.stats,
        first: counted.first().copied().map(local),
        last: counted.last().copied().map(local),
        mocks,
    });
    match &args.out {
        Some(path) => {
            store::write_file(path, text.as_bytes(), Overwrite::forced(args.force))?;
            writeln!(out, "Report written to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

/// A time in the mentor's time zone (each with its own offset, so summer
/// and winter times both read right).
fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Local).fixed_offset()
}
