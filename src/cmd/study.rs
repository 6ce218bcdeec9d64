//! `rolecall study`: the main job. Selects the cards, opens the profile
//! for writing, and runs the workspace's study loop with a prompter: the
//! terminal's, or the scripted one when stdin or stdout is not a terminal.

use super::library;
use crate::cli::StudyArgs;
use crate::config::Config;
use crate::deck::Card;
use crate::deck::load::Library;
use crate::error::{BadInput, Reported};
use crate::session::{Filters, Request, Rules};
use crate::ui::prompt::{Interactive, Prompter, Scripted};
use crate::workspace::study::StudyRun;
use crate::workspace::{Grader, Overrides, Workspace};
use anyhow::Result;
use chrono::NaiveDate;
use std::time::Duration;

pub fn run(config: &Config, args: &StudyArgs) -> Result<()> {
    check_sizes(args)?;
    let library = library(config)?;
    let workspace = Workspace::new(config)?;
    let (filters, cards) = select(args, &workspace, &config.profile, &library)?;
    let interview = args
        .interview_on
        .as_deref()
        .map(interview_flag)
        .transpose()?;
    let mut writer = workspace.write(&config.profile, overrides(args))?;
    if let Some(date) = interview {
        writer.set_interview_on(date)?;
    }
    let grader = Grader::new(&library, crate::workspace::reading(config)?);
    let watch = &config.stopwatch;
    let mut prompter = crate::ui::prompter::<dyn Prompter>(
        || Box::new(Interactive::new(config.color, watch.clone())),
        |stdin, stdout| Box::new(Scripted::new(stdin, stdout, watch.clone())),
    );
    for warning in writer.warnings() {
        prompter.notice(&format!("warning: {warning}"))?;
    }
    StudyRun {
        writer: &mut writer,
        library: &library,
        cards: &cards,
        grader: &grader,
        request: request(args, &filters),
        rules: Rules {
            time_limit: args
                .minutes
                .map(|m| Duration::from_secs(m.saturating_mul(60))),
            ..Rules::STUDY
        },
    }
    .run(prompter.as_mut())?;
    if prompter.interrupted() {
        // Everything answered is saved and the summary shown; the exit code
        // still tells a calling shell that the user aborted.
        return Err(Reported(130).into());
    }
    Ok(())
}

/// `--deck`, `--role`, `--task` and `--kind`; without any, the filters
/// saved with `rolecall config` (read without the lock), and whether they
/// are those.
fn chosen(args: &StudyArgs, workspace: &Workspace, profile: &str) -> Result<(Filters, bool)> {
    let given = super::filters(&args.filter);
    if given != Filters::default() {
        return Ok((given, false));
    }
    let view = workspace.read(profile, overrides(args))?;
    Ok((view.settings().default_filters.clone(), true))
}

/// The filters and the cards they leave; a saved filter that no longer
/// matches the decks says how to clear it.
pub fn select<'a>(
    args: &StudyArgs,
    workspace: &Workspace,
    profile: &str,
    library: &'a Library,
) -> Result<(Filters, Vec<&'a Card>)> {
    let (filters, saved) = chosen(args, workspace, profile)?;
    match filters.select(library) {
        Ok(cards) => Ok((filters, cards)),
        Err(e) if saved => Err(BadInput(format!(
            "{e} (from the saved settings: `rolecall config list` shows them, `rolecall config unset KEY` clears one)"
        ))
        .into()),
        Err(e) => Err(e.into()),
    }
}

/// `--retention` and `--new`.
pub fn overrides(args: &StudyArgs) -> Overrides {
    Overrides {
        retention: args.retention,
        new_per_day: args.new_cards,
    }
}

/// What to plan: `--limit` and `--fresh`; `--limit` is left out of the
/// resume key, since it sized the queue that was saved.
pub fn request(args: &StudyArgs, filters: &Filters) -> Request {
    Request {
        filters: filters.key(),
        limit: args.limit,
        fresh: args.fresh,
        bury_siblings: !filters.drills_tasks(),
    }
}

/// A session of no cards or no minutes is a mistake, not "nothing to
/// study": say so.
pub fn check_sizes(args: &StudyArgs) -> Result<()> {
    if args.limit == Some(0) {
        return Err(BadInput(
            "--limit 0 would ask no card: give 1 or more, or leave --limit out".into(),
        )
        .into());
    }
    if args.minutes == Some(0) {
        return Err(BadInput(
            "--minutes 0 would end the session before its first card: give 1 or more".into(),
        )
        .into());
    }
    Ok(())
}

/// Parses `--interview-on`: a date, or `none` to clear the saved one.
pub fn interview_flag(text: &str) -> Result<Option<NaiveDate>> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            BadInput(format!(
                "--interview-on `{text}` is not a date: use YYYY-MM-DD, or `none` to clear it"
            ))
            .into()
        })
}
