//! A candidate's progress report, assembled from the figures `stats`
//! computes and the mocks the history reads, the same ones each mock's own
//! report shows; rendering is the caller's.

use super::figures::figures;
use super::mock::names;
use super::view::ProfileView;
use crate::deck::load::Library;
use crate::history::Mock;
use crate::mock::doc::Doc;
use crate::mock::progress::{self, MockRow, ProgressReport, TaskRef};
use crate::mock::report::MockFigures;
use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, Utc};

/// How many of the latest mocks the report charts and lists.
const RECENT_MOCKS: usize = 10;

/// The report's document, and what reading the profile set aside.
pub fn progress_report(
    view: &ProfileView,
    library: &Library,
    now: DateTime<Utc>,
) -> Result<(Doc, Vec<String>)> {
    let figures = figures(view, library, &[], now)?;
    let counted: Vec<DateTime<Utc>> = figures
        .history
        .by_time()
        .iter()
        .map(|r| r.at)
        .filter(|&at| at <= now)
        .collect();
    // Only mocks up to `now`, as `stats` counts only reviews up to it.
    let mocks: Vec<Mock> = figures
        .history
        .mocks()
        .into_iter()
        .filter(|m| m.at() <= now)
        .collect();
    let moves = progress::task_moves(&mocks, |card| task_of(library, card));
    let recent = &mocks[mocks.len().saturating_sub(RECENT_MOCKS)..];
    let doc = progress::document(&ProgressReport {
        candidate: view.name(),
        now: local(now),
        stats: &figures.stats,
        first: counted.first().copied().map(local),
        last: counted.last().copied().map(local),
        mocks: recent
            .iter()
            .map(|m| MockRow {
                at: local(m.at()),
                figures: MockFigures::of(m),
            })
            .collect(),
        moves,
    });
    Ok((doc, figures.warnings))
}

/// The task of a card id, with names for people; `None` for a card of no
/// task or no longer in any deck.
fn task_of(library: &Library, card: &str) -> Option<TaskRef> {
    let card = library.card(card)?;
    let task = card.task.as_deref()?.to_owned();
    let (role_name, title) = names(library, card);
    Some(TaskRef {
        deck: card.deck.to_string(),
        role: card.role.as_deref()?.to_owned(),
        task,
        title: title?,
        role_name,
    })
}

/// A time in the mentor's time zone (each with its own offset, so summer
/// and winter times both read right).
pub fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Local).fixed_offset()
}
