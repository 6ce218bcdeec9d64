//! `rolecall profiles`: the profiles of the data dir with their reviews,
//! mock interviews, last study time and cards due now; `profiles remove
//! NAME` deletes one profile folder after confirmation, and nothing else.

use super::{json, library, plural, rfc3339};
use crate::cli::{ProfilesAction, ProfilesArgs};
use crate::config::Config;
use crate::error::BadInput;
use crate::text::inert;
use crate::ui::table::{Align, render};
use crate::workspace::Workspace;
use anyhow::{Context, Result};
use chrono::Local;
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
    let mut items = Vec::new();
    let mut rows = Vec::new();
    for name in workspace.store().profiles()? {
        let summary = workspace
            .read_existing(&name)
            .and_then(|view| view.summary(&library, workspace.config().now));
        // One damaged profile must not hide the others: report and go on.
        let s = match summary {
            Ok(s) => s,
            Err(err) => {
                // A closed stderr must not stop the listing.
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: profile \"{name}\": {}",
                    inert(&format!("{err:#}"))
                );
                continue;
            }
        };
        let last = s.last_studied.map_or_else(
            || "never".into(),
            |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
        );
        let counts = [s.reviews, s.mocks, s.due_now].map(|n| n.to_string());
        let [reviews, mocks, due_now] = counts;
        rows.push(vec![name.clone(), reviews, mocks, last, due_now]);
        items.push(ProfileItem {
            name,
            reviews: s.reviews,
            mocks: s.mocks,
            last_studied: s.last_studied.map(rfc3339),
            due_now: s.due_now,
        });
    }
    if as_json {
        return json(out, &items);
    }
    if rows.is_empty() {
        writeln!(
            out,
            "No profiles yet in {}. `rolecall study` or `rolecall mock --candidate NAME \
             --new-candidate` creates one.",
            workspace.store().root().display()
        )?;
        return Ok(());
    }
    let (left, right) = (Align::Left, Align::Right);
    let header = ["NAME", "REVIEWS", "MOCKS", "LAST STUDIED", "DUE NOW"];
    let table = render(&header, &[left, right, right, left, right], &rows);
    write!(out, "{table}")?;
    Ok(())
}

fn remove(workspace: &Workspace, name: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let view = workspace.read_existing(name)?;
    let reviews = view.history().map_or_else(
        |_| "a damaged log".to_string(),
        |logged| {
            let n = logged.history.len();
            format!("{n} review{}", plural(n))
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
