//! `rolecall readiness`: predicted recall per deck, role and task on a date.

use super::{json, library};
use crate::cli::ReadinessArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::readiness::{self, Group};
use crate::session::{Filters, drill_command, pacing, unseen_groups};
use crate::ui::Theme;
use crate::ui::prompt::pacing_advice;
use crate::workspace::{Overrides, Workspace};
use anyhow::Result;
use chrono::NaiveDate;
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
    /// What the date needs of the days before it (`null` when it is not
    /// ahead): every unseen card introduced in time to be seen twice.
    plan: Option<PlanJson>,
}

#[derive(Debug, Serialize)]
struct PlanJson {
    date: NaiveDate,
    days_left: i64,
    unseen: usize,
    new_per_day: u32,
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
    let on = parse_on(args.on.as_deref())?;
    let view = Workspace::new(config)?.read(&config.profile, Overrides::default())?;
    let progress = view.progress()?.progress;
    let clock = view.scheduler().clock();
    let at = on.map_or(config.now, |day| clock.day_start(day));
    let saved = view.settings().interview_on;
    let today = clock.day_of(config.now);
    let date = on.or(saved);
    let unseen = cards
        .iter()
        .filter(|c| progress.get(c.id.as_str()).is_none())
        .count();
    let groups = unseen_groups(&cards, &progress);
    let plan = date.and_then(|d| pacing(unseen, groups, today, d, view.settings().new_per_day));
    let result = readiness::at(&cards, &progress, view.scheduler(), at);
    let on = clock.zone().local(at).format("%Y-%m-%d %H:%M").to_string();
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
                plan: plan.map(|p| PlanJson {
                    date: p.date,
                    days_left: p.days_left,
                    unseen: p.unseen,
                    new_per_day: p.per_day,
                }),
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
    let advice = plan.map(|p| pacing_advice(&p, saved == Some(p.date)));
    let text = crate::ui::readiness::text(
        &heading,
        advice.as_deref(),
        &result,
        progress.cards.is_empty(),
        &weakest,
        &theme,
    );
    write!(out, "{text}")?;
    Ok(())
}

/// The date of `--on`: readiness is computed for the start of that learner
/// day (its rollover hour, in the profile's zone); no date means now.
fn parse_on(on: Option<&str>) -> Result<Option<NaiveDate>> {
    on.map(|text| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| BadInput(format!("--on `{text}` is not a date: use YYYY-MM-DD")).into())
    })
    .transpose()
}

/// The study command that drills one task, from its `deck/role/task` id.
fn drill(profile: &str, task_id: &str) -> String {
    let mut parts = task_id.splitn(3, '/');
    let deck = parts.next().unwrap_or_default();
    let role = parts.next().unwrap_or_default();
    drill_command(profile, deck, role, parts.next())
}
