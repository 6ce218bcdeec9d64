//! `rolecall readiness`: predicted recall per deck, role and task on a date.

use super::{json, library};
use crate::cli::ReadinessArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::readiness::{self, Group};
use crate::session::{Filters, drill_command};
use crate::ui::Theme;
use crate::workspace::{Overrides, Workspace, day_clock};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;
use std::io::Write;

/// `readiness --json` (stable field names).
#[derive(Debug, Serialize)]
struct ReadinessJson<'a> {
    profile: &'a str,
    on: String,
    target: f32,
    overall: &'a Group,
    decks: &'a [Group],
    roles: &'a [Group],
    tasks: &'a [Group],
    weakest: Vec<Weak<'a>>,
}

#[derive(Debug, Serialize)]
struct Weak<'a> {
    task: &'a str,
    recall: f32,
    command: String,
}

pub fn run(config: &Config, args: &ReadinessArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let filters = Filters {
        decks: args.decks.clone(),
        ..Filters::default()
    };
    let cards = filters.select(&library)?;
    let at = moment(config, args.on.as_deref())?;
    let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
    let progress = view.progress()?.progress;
    let result = readiness::at(&cards, &progress, view.scheduler(), at);
    let on = at
        .with_timezone(&view.scheduler().clock().offset())
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let weakest: Vec<Weak> = result
        .weakest_tasks(5)
        .into_iter()
        .map(|g| Weak {
            task: &g.id,
            recall: g.recall,
            command: drill(&config.profile, &g.id),
        })
        .collect();
    if args.json {
        return json(
            out,
            &ReadinessJson {
                profile: &config.profile,
                on,
                target: result.target,
                overall: &result.overall,
                decks: &result.decks,
                roles: &result.roles,
                tasks: &result.tasks,
                weakest,
            },
        );
    }
    let theme = Theme::new(config.color);
    let heading = format!(
        "Readiness on {on} · profile {} · target {:.0}%",
        config.profile,
        result.target * 100.0
    );
    let weakest: Vec<(&str, f32, &str)> = weakest
        .iter()
        .map(|w| (w.task, w.recall, w.command.as_str()))
        .collect();
    let text = crate::ui::readiness::text(
        &heading,
        &result,
        progress.cards.is_empty(),
        &weakest,
        &theme,
    );
    write!(out, "{text}")?;
    Ok(())
}

/// The moment readiness is computed for: `--on DATE` means the start of
/// that study day in local time; no date means now.
fn moment(config: &Config, on: Option<&str>) -> Result<DateTime<Utc>> {
    let Some(text) = on else {
        return Ok(config.now);
    };
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| BadInput(format!("--on `{text}` is not a date: use YYYY-MM-DD")))?;
    let clock = day_clock(config.now);
    let start = date
        .and_time(NaiveTime::from_hms_opt(clock.rollover_hour(), 0, 0).unwrap_or(NaiveTime::MIN));
    Ok(clock
        .offset()
        .from_local_datetime(&start)
        .single()
        .map_or(config.now, |t| t.with_timezone(&Utc)))
}

/// The study command that drills one task, from its `deck/role/task` id.
fn drill(profile: &str, task_id: &str) -> String {
    let mut parts = task_id.splitn(3, '/');
    let deck = parts.next().unwrap_or_default();
    let role = parts.next().unwrap_or_default();
    drill_command(profile, deck, role, parts.next())
}
