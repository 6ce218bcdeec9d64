//! `rolecall profiles`: the profiles of the data dir with their reviews,
//! mock interviews, last study time and cards due now; `profiles remove
//! NAME` deletes one profile folder after confirmation, and nothing else.

use super::{library, profile};
use crate::cli::{ProfilesAction, ProfilesArgs};
use crate::config::Config;
use crate::error::BadInput;
use crate::store::{self, LogEntry, ProfileReader, Store};
use crate::text::inert;
use crate::ui::table::{Align, render};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::HashSet;
use std::io::{IsTerminal, Write};

/// One profile as `profiles --json` prints it (stable field names).
#[derive(Debug, Serialize)]
pub struct ProfileItem {
    pub name: String,
    pub reviews: usize,
    pub mocks: usize,
    pub last_studied: Option<String>,
    pub due_now: usize,
}

pub fn run(config: &Config, args: &ProfilesArgs, out: &mut dyn Write) -> Result<()> {
    let store = data_store(config)?;
    match &args.action {
        None => list(config, &store, args.json, out),
        Some(ProfilesAction::Remove { name, yes }) => remove(&store, name, *yes, out),
    }
}

fn data_store(config: &Config) -> Result<Store> {
    let root = config
        .data_dir
        .clone()
        .ok_or_else(|| BadInput("no data dir: set ROLECALL_HOME or pass --data-dir DIR".into()))?;
    Ok(Store::new(root))
}

fn list(config: &Config, store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let mut items = Vec::new();
    let mut last_times: Vec<Option<DateTime<Utc>>> = Vec::new();
    for name in store.profiles()? {
        let reader = store.open_read(&name)?;
        // One damaged profile must not hide the others: report and go on.
        match summarise(config, store, &reader, &library) {
            Ok((item, last)) => {
                items.push(item);
                last_times.push(last);
            }
            Err(err) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: profile \"{name}\": {}",
                    inert(&format!("{err:#}"))
                );
            }
        }
    }
    if json {
        crate::text::write_json(&mut *out, &items)?;
        writeln!(out)?;
        return Ok(());
    }
    if items.is_empty() {
        writeln!(
            out,
            "No profiles yet in {}. `rolecall study` or `rolecall mock --candidate NAME` creates one.",
            store.root().display()
        )?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .zip(&last_times)
        .map(|(i, last)| {
            vec![
                i.name.clone(),
                i.reviews.to_string(),
                i.mocks.to_string(),
                last.map_or_else(
                    || "never".into(),
                    |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
                ),
                i.due_now.to_string(),
            ]
        })
        .collect();
    write!(
        out,
        "{}",
        render(
            &["NAME", "REVIEWS", "MOCKS", "LAST STUDIED", "DUE NOW"],
            &[
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Left,
                Align::Right
            ],
            &rows,
        )
    )?;
    Ok(())
}

fn summarise(
    config: &Config,
    store: &Store,
    reader: &ProfileReader,
    library: &crate::deck::load::Library,
) -> Result<(ProfileItem, Option<DateTime<Utc>>)> {
    let log = reader.read_log()?;
    let mut reviews = 0;
    let mut mocks = HashSet::new();
    let mut last: Option<DateTime<Utc>> = None;
    for entry in &log.entries {
        if let LogEntry::Review(r) = entry {
            reviews += 1;
            last = last.max(Some(r.at));
            if r.mode == "mock"
                && let Some(session) = &r.session
            {
                mocks.insert(session.clone());
            }
        }
    }
    let settings = reader.load_settings()?;
    let resolved = profile::resolve_settings(store, &settings, None, None)?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let loaded = profile::load_progress(reader, &scheduler)?;
    let due_now = library
        .cards
        .iter()
        .filter_map(|c| loaded.progress.get(c.id.as_str()))
        .filter(|p| p.state.due <= config.now)
        .count();
    Ok((
        ProfileItem {
            name: reader.name().to_string(),
            reviews,
            mocks: mocks.len(),
            last_studied: last.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            due_now,
        },
        last,
    ))
}

fn remove(store: &Store, name: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    store::validate_profile_name(name).map_err(|e| BadInput(e.to_string()))?;
    if !store.profiles()?.iter().any(|p| p == name) {
        return Err(BadInput(format!(
            "no profile named \"{name}\"; `rolecall profiles` lists them"
        ))
        .into());
    }
    let reader = store.open_read(name)?;
    let reviews = reader.read_log().map_or_else(
        |_| "a damaged log".to_string(),
        |log| {
            let n = log
                .entries
                .iter()
                .filter(|e| matches!(e, LogEntry::Review(_)))
                .count();
            format!("{n} review{}", if n == 1 { "" } else { "s" })
        },
    );
    if !yes {
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(BadInput(format!(
                "refusing to remove profile \"{name}\" without confirmation: \
                 run this on a terminal, or pass --yes"
            ))
            .into());
        }
        let asked = crate::ui::confirm::confirm(&format!(
            "Remove profile \"{name}\" ({reviews}) and its folder {}? This cannot be undone",
            reader.dir().display()
        ))
        .context("could not ask for confirmation")?;
        if !asked {
            writeln!(out, "Nothing removed.")?;
            return Ok(());
        }
    }
    store.remove(name)?;
    writeln!(out, "Removed profile \"{name}\" ({reviews}).")?;
    Ok(())
}
