//! `rolecall history`: the profile's reviews, oldest first, as the history
//! model reads them (undone ones only with `--all`).

use super::{json, plural, rfc3339, warn};
use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::text::inert;
use crate::ui::table::{Align, render};
use crate::workspace::{Overrides, Workspace};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// One review as `history --json` prints it (stable field names).
#[derive(Debug, Serialize)]
pub struct HistoryItem {
    pub card: String,
    pub at: String,
    pub grade: String,
    pub score: Option<f32>,
    pub duration_ms: u64,
    pub mode: String,
    /// Undone with `u` in a session; listed only with `--all`.
    pub undone: bool,
    /// Choice and ordering cards: the order the options were shown in (the
    /// card's option indexes by position, as `cards --json` lists them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<Vec<u16>>,
}

pub fn run(
    config: &Config,
    args: &HistoryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
    let logged = view.history()?;
    warn(err, &logged.warnings)?;
    let items: Vec<HistoryItem> = logged
        .history
        .all()
        .filter(|(_, undone)| args.all || !undone)
        .filter(|(r, _)| args.card.as_ref().is_none_or(|c| c == &r.card))
        .map(|(r, undone)| HistoryItem {
            card: r.card.clone(),
            at: rfc3339(r.at),
            grade: r.grade.to_string(),
            score: r.score,
            duration_ms: r.duration_ms,
            mode: r.mode.clone(),
            undone,
            shown: r.shown.as_deref().map(<[u16]>::to_vec),
        })
        .collect();
    if args.json {
        return json(out, &items);
    }
    if items.is_empty() {
        writeln!(out, "No reviews yet for profile \"{}\".", config.profile)?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            // The log is a file anyone can edit: its text is untrusted too.
            let mode = inert(&i.mode);
            vec![
                i.at.clone(),
                i.grade.clone(),
                i.score
                    .map_or_else(String::new, |s| format!("{:.0}%", s * 100.0)),
                format!("{:.1}s", i.duration_ms as f64 / 1000.0),
                if i.undone {
                    format!("{mode} (undone)")
                } else {
                    mode.into_owned()
                },
                inert(&i.card).into_owned(),
            ]
        })
        .collect();
    let table = render(
        &["TIME", "GRADE", "SCORE", "TOOK", "MODE", "CARD"],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Left,
        ],
        &rows,
    );
    write!(out, "{table}")?;
    writeln!(out, "{} review{}", items.len(), plural(items.len()))?;
    Ok(())
}
