//! `rolecall report --candidate NAME`: a Markdown progress report for a
//! mentor: reviews and retention, mastery per deck and role, the weakest
//! tasks with the command to drill them, and recent mock interviews (read
//! back from the reviews they recorded). Reads the profile without taking
//! its lock; writes only the `--out` file.

use super::mock::{names, write_report};
use super::{library, profile};
use crate::cli::ReportArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::mock::progress::{self, MATURE_DAYS, MockRow, ProgressReport, RoleRow, TaskRow};
use crate::store::{self, LogEntry, ReviewRecord, Store};
use anyhow::Result;
use chrono::{Duration, Local};
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// A task: deck, role and task ids.
type TaskKey = (String, String, String);
/// A task's seen cards: their recall now, their lapses, the task's title.
type TaskFigures = (Vec<f32>, u32, String);

/// How many weakest tasks and recent mocks the report lists.
const WEAKEST: usize = 5;
const RECENT_MOCKS: usize = 10;

pub fn run(config: &Config, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    store::validate_profile_name(&args.candidate).map_err(|e| BadInput(e.to_string()))?;
    if let Some(path) = &args.out {
        store::check_target(path, store::Overwrite::forced(args.force))?;
    }
    let root = config
        .data_dir
        .clone()
        .ok_or_else(|| BadInput("no data dir: set ROLECALL_HOME or pass --data-dir DIR".into()))?;
    let store = Store::new(root);
    if !store.profiles()?.contains(&args.candidate) {
        return Err(BadInput(format!(
            "no profile named \"{}\"; `rolecall profiles` lists them",
            args.candidate
        ))
        .into());
    }
    let library = library(config)?;
    let reader = store.open_read(&args.candidate)?;
    let log = reader.read_log()?;
    for warning in &log.warnings {
        eprintln!("warning: {}", crate::text::inert(warning));
    }
    let settings = reader.load_settings()?;
    let resolved = profile::resolve_settings(&store, &settings, None, None)?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let loaded = profile::load_progress(&reader, &scheduler)?;
    let now = config.now;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&Local).fixed_offset();

    // Reviews still standing (undone ones removed), oldest first.
    let undone: HashSet<(&str, chrono::DateTime<chrono::Utc>)> = log
        .entries
        .iter()
        .filter_map(|e| match e {
            LogEntry::Undo(u) => Some((u.card.as_str(), u.review_at)),
            LogEntry::Review(_) => None,
        })
        .collect();
    let mut reviews: Vec<&ReviewRecord> = log
        .entries
        .iter()
        .filter_map(|e| match e {
            LogEntry::Review(r) if !undone.contains(&(r.card.as_str(), r.at)) => Some(r),
            _ => None,
        })
        .collect();
    reviews.sort_by_key(|r| r.at);

    // True retention, as `stats` defines it: a card's first review of a
    // study day when it was reviewed on an earlier day (same-day repeats and
    // first-day learning say nothing about memory), up to now.
    let clock = scheduler.clock();
    let mut last_day: HashMap<&str, chrono::NaiveDate> = HashMap::new();
    let mut retention_all = (0, 0);
    let mut retention_30d = (0, 0);
    for r in reviews.iter().filter(|r| r.at <= now) {
        let day = clock.day_of(r.at);
        let recalled_across_days = last_day
            .insert(r.card.as_str(), day)
            .is_some_and(|previous| previous < day);
        if recalled_across_days {
            let pass = usize::from(r.grade.is_pass());
            retention_all = (retention_all.0 + pass, retention_all.1 + 1);
            if r.at >= now - Duration::days(30) {
                retention_30d = (retention_30d.0 + pass, retention_30d.1 + 1);
            }
        }
    }

    let mut roles = Vec::new();
    let mut tasks: HashMap<TaskKey, TaskFigures> = HashMap::new();
    for d in &library.decks {
        for role in &d.deck.roles {
            let cards: Vec<_> = library
                .cards
                .iter()
                .filter(|c| c.deck == d.deck.id && c.role.as_ref() == Some(&role.id))
                .collect();
            let mut row = RoleRow {
                deck: d.deck.id.clone(),
                role: role.id.clone(),
                role_name: role.name.clone(),
                cards: cards.len(),
                seen: 0,
                mastered: 0,
                due: 0,
                recall: None,
            };
            let mut recall_sum = 0.0;
            for card in cards {
                let Some(p) = loaded.progress.get(card.id.as_str()) else {
                    continue;
                };
                let r = scheduler.retrievability(&p.state, now);
                row.seen += 1;
                recall_sum += r;
                if p.state.stability >= MATURE_DAYS {
                    row.mastered += 1;
                }
                if p.state.due <= now {
                    row.due += 1;
                }
                if let Some(task) = &card.task {
                    let (_, title) = names(&library, card);
                    let entry = tasks
                        .entry((d.deck.id.clone(), role.id.clone(), task.clone()))
                        .or_insert_with(|| (Vec::new(), 0, title.unwrap_or_default()));
                    entry.0.push(r);
                    entry.1 += p.state.lapses;
                }
            }
            if row.seen > 0 {
                row.recall = Some(recall_sum / row.seen as f32);
            }
            roles.push(row);
        }
    }
    let mut weakest: Vec<TaskRow> = tasks
        .into_iter()
        .map(|((deck, role, _), (recalls, lapses, title))| {
            let role_name = library
                .deck(&deck)
                .and_then(|d| d.deck.roles.iter().find(|r| r.id == role))
                .map_or_else(|| role.clone(), |r| r.name.clone());
            TaskRow {
                recall: recalls.iter().sum::<f32>() / recalls.len() as f32,
                deck,
                role,
                role_name,
                task: title,
                lapses,
            }
        })
        .collect();
    weakest.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then(b.lapses.cmp(&a.lapses))
            .then(a.task.cmp(&b.task))
    });
    weakest.truncate(WEAKEST);

    // Mock interviews in the order they happened, each with its reviews.
    let mut by_mock: Vec<(String, Vec<&ReviewRecord>)> = Vec::new();
    for r in reviews.iter().filter(|r| r.mode == "mock") {
        let id = r.session.clone().unwrap_or_else(|| "mock".into());
        match by_mock.iter_mut().find(|(m, _)| *m == id) {
            Some((_, answers)) => answers.push(r),
            None => by_mock.push((id, vec![r])),
        }
    }
    let mut mocks: Vec<MockRow> = by_mock
        .into_iter()
        .map(|(id, answers)| {
            let scores: Vec<f32> = answers.iter().filter_map(|r| r.score).collect();
            MockRow {
                id,
                at: local(answers[0].at),
                questions: answers.len(),
                passed: answers.iter().filter(|r| r.grade.is_pass()).count(),
                mean_score: (!scores.is_empty())
                    .then(|| scores.iter().sum::<f32>() / scores.len() as f32),
            }
        })
        .collect();
    mocks.reverse();
    mocks.truncate(RECENT_MOCKS);

    let report = ProgressReport {
        candidate: args.candidate.clone(),
        now: local(now),
        reviews: reviews.len(),
        first: reviews.first().map(|r| local(r.at)),
        last: reviews.last().map(|r| local(r.at)),
        retention_30d,
        retention_all,
        desired_retention: scheduler.desired_retention(),
        roles,
        weakest,
        mocks,
    };
    let text = progress::render(&report);
    match &args.out {
        Some(path) => {
            write_report(path, &text, args.force)?;
            writeln!(out, "Report written to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}
