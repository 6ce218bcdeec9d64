//! `rolecall history`: the profile's reviews, newest last.

use super::profile;
use crate::cli::HistoryArgs;
use crate::config::Config;
use crate::store::LogEntry;
use crate::text::inert;
use crate::ui::table::{Align, render};
use anyhow::Result;
use chrono::{DateTime, SecondsFormat, Utc};
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
}

pub fn run(
    config: &Config,
    args: &HistoryArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let store = profile::store(config)?;
    let mut items = Vec::new();
    if store.profiles()?.contains(&config.profile) {
        let reader = store.open_read(&config.profile)?;
        let log = reader.read_log()?;
        for warning in &log.warnings {
            writeln!(err, "warning: {}", inert(warning))?;
        }
        let undone = undone_positions(&log.entries);
        for (position, entry) in log.entries.iter().enumerate() {
            if let LogEntry::Review(r) = entry {
                if args.card.as_ref().is_some_and(|c| c != &r.card) {
                    continue;
                }
                let was_undone = undone.contains(&position);
                if was_undone && !args.all {
                    continue;
                }
                items.push(HistoryItem {
                    card: r.card.clone(),
                    at: time(r.at),
                    grade: r.grade.to_string(),
                    score: r.score,
                    duration_ms: r.duration_ms,
                    mode: r.mode.clone(),
                    undone: was_undone,
                });
            }
        }
    }
    if args.json {
        crate::text::write_json(&mut *out, &items)?;
        writeln!(out)?;
        return Ok(());
    }
    if items.is_empty() {
        writeln!(out, "No reviews yet for profile \"{}\".", config.profile)?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            vec![
                i.at.clone(),
                i.grade.clone(),
                i.score
                    .map_or_else(String::new, |s| format!("{:.0}%", s * 100.0)),
                format!("{:.1}s", i.duration_ms as f64 / 1000.0),
                // The log is a file anyone can edit: its text is untrusted too.
                if i.undone {
                    format!("{} (undone)", inert(&i.mode))
                } else {
                    inert(&i.mode).into_owned()
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
    writeln!(
        out,
        "{} review{}",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

/// Log positions of the reviews that undo records cancel: each undo takes
/// the latest earlier review of its card made at `review_at`, the rule the
/// progress replay applies, so history and states always agree.
fn undone_positions(entries: &[LogEntry]) -> std::collections::HashSet<usize> {
    let mut undone = std::collections::HashSet::new();
    for (position, entry) in entries.iter().enumerate() {
        if let LogEntry::Undo(u) = entry {
            let cancelled = entries[..position].iter().enumerate().rposition(|(i, e)| {
                matches!(e, LogEntry::Review(r) if r.card == u.card && r.at == u.review_at)
                    && !undone.contains(&i)
            });
            if let Some(i) = cancelled {
                undone.insert(i);
            }
        }
    }
    undone
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}
