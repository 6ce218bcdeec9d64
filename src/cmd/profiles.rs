//! `rolecall profiles`: the profiles of the data dir with their reviews,
//! mock interviews, last study time and cards due now; `profiles remove
//! NAME` deletes one profile folder after confirmation, and nothing else.

use super::{json, library, plural};
use crate::cli::{ProfilesAction, ProfilesArgs};
use crate::config::Config;
use crate::deck::load::Library;
use crate::error::BadInput;
use crate::text::inert;
use crate::ui::table::{Align, render};
use crate::workspace::{ProfileView, Workspace};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, SecondsFormat, Utc};
use serde::Serialize;
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
    let workspace = Workspace::new(config)?;
    match &args.action {
        None => list(&workspace, args.json, out),
        Some(ProfilesAction::Remove { name, yes }) => remove(&workspace, name, *yes, out),
    }
}

fn list(workspace: &Workspace, as_json: bool, out: &mut dyn Write) -> Result<()> {
    let library = library(workspace.config())?;
    let mut rows = Vec::new();
    for name in workspace.store().profiles()? {
        // One damaged profile must not hide the others: report and go on.
        match workspace
            .read_existing(&name)
            .and_then(|view| summarise(workspace.config(), &view, &library))
        {
            Ok(row) => rows.push(row),
            Err(err) => eprintln!(
                "warning: profile \"{name}\": {}",
                inert(&format!("{err:#}"))
            ),
        }
    }
    if as_json {
        let items: Vec<&ProfileItem> = rows.iter().map(|(item, _)| item).collect();
        return json(out, &items);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No profiles yet in {}. `rolecall study` or `rolecall mock --candidate NAME` creates one.",
            workspace.store().root().display()
        )?;
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(i, last)| {
            let last = last.map_or_else(
                || "never".into(),
                |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
            );
            let counts = [i.reviews, i.mocks].map(|n| n.to_string());
            vec![
                i.name.clone(),
                counts[0].clone(),
                counts[1].clone(),
                last,
                i.due_now.to_string(),
            ]
        })
        .collect();
    let (left, right) = (Align::Left, Align::Right);
    let header = ["NAME", "REVIEWS", "MOCKS", "LAST STUDIED", "DUE NOW"];
    write!(
        out,
        "{}",
        render(&header, &[left, right, right, left, right], &cells)
    )?;
    Ok(())
}

/// A profile's counts, from the same history and progress as every command.
fn summarise(
    config: &Config,
    view: &ProfileView,
    library: &Library,
) -> Result<(ProfileItem, Option<DateTime<Utc>>)> {
    let history = view.history()?.history;
    let progress = view.progress()?.progress;
    let last = history.last_at();
    let due_now = library
        .cards
        .iter()
        .filter_map(|c| progress.get(c.id.as_str()))
        .filter(|p| p.state.due <= config.now)
        .count();
    let item = ProfileItem {
        name: view.name().to_string(),
        reviews: history.len(),
        mocks: history.mocks().len(),
        last_studied: last.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        due_now,
    };
    Ok((item, last))
}

fn remove(workspace: &Workspace, name: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let view = workspace.read_existing(name)?;
    let reviews = view.history().map_or_else(
        |_| "a damaged log".to_string(),
        |logged| {
            format!(
                "{} review{}",
                logged.history.len(),
                plural(logged.history.len())
            )
        },
    );
    if !yes {
        // The question goes to stderr and the answer comes from stdin.
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(BadInput(format!(
                "refusing to remove profile \"{name}\" without confirmation: \
                 run this on a terminal, or pass --yes"
            ))
            .into());
        }
        let dir = view
            .dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        let asked = crate::ui::confirm::confirm(&format!(
            "Remove profile \"{name}\" ({reviews}) and its folder {dir}? This cannot be undone"
        ))
        .context("could not ask for confirmation")?;
        if !asked {
            writeln!(out, "Nothing removed.")?;
            return Ok(());
        }
    }
    workspace.store().remove(name)?;
    writeln!(out, "Removed profile \"{name}\" ({reviews}).")?;
    Ok(())
}
