//! `rolecall mock`: a timed mock interview for one candidate. Picks the
//! interview questions of the chosen roles, checks the report file before
//! the first question (a mentor must never find out at the end that it
//! cannot be written), runs the workspace's interview with a prompter, and
//! writes the report (Markdown, or HTML for a `.html` file). A new
//! candidate's profile is created only on purpose (`--new-candidate`).

use super::library;
use crate::cli::MockArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::mock::report::{self, MockRun};
use crate::store;
use crate::ui::mock::{InteractiveMock, Intro, MockPrompter, ScriptedMock};
use crate::workspace::mock::{
    Interview, admit_candidate, check_report, draw_questions, eligible, finish,
};
use crate::workspace::{Grader, Overrides, Workspace};
use anyhow::Result;
use chrono::Local;
use std::path::PathBuf;

/// The most questions one mock may ask.
const MAX_QUESTIONS: usize = 50;

pub fn run(config: &Config, args: &MockArgs) -> Result<()> {
    check_args(config, args)?;
    let workspace = Workspace::new(config)?;
    if !admit_candidate(&workspace, &args.candidate, args.new_candidate)? {
        println!("Nothing created.");
        return Ok(());
    }
    let library = library(config)?;
    let eligible = eligible(&library, &args.decks, &args.roles)?;
    let started = config.now.with_timezone(&Local).fixed_offset();
    let report_path = args.report.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "mock-{}-{}.md",
            args.candidate,
            started.format("%Y-%m-%d")
        ))
    });
    check_report(&report_path, args.force)?;
    let mut writer = workspace.write(&args.candidate, Overrides::default())?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let questions = draw_questions(&writer, &eligible, args.questions, seed, args.repeat_last)?;
    let watch = &config.stopwatch;
    let mut prompter = crate::ui::prompter::<dyn MockPrompter>(
        || Box::new(InteractiveMock::new(config.color, watch.clone())),
        |stdin, stdout| Box::new(ScriptedMock::new(stdin, stdout, watch.clone())),
    );
    let mut notices: Vec<String> = writer
        .warnings()
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    if questions.cards.len() < args.questions {
        let n = questions.cards.len();
        let s = super::plural(n);
        notices.push(format!(
            "Only {n} interview question{s} in the chosen roles."
        ));
    }
    for notice in notices {
        prompter.notice(&notice)?;
    }
    let grader = Grader::new(&library, crate::workspace::reading(config)?);
    if !args.spoken {
        // The meaning model loads while the candidate reads the intro.
        grader.warm(&questions.cards);
    }
    let report_name = report_path.display().to_string();
    let go = prompter.intro(&Intro {
        candidate: &args.candidate,
        questions: questions.cards.len(),
        seconds: args.seconds,
        spoken: args.spoken,
        rubric: !args.no_rubric,
        report: &report_name,
    })?;
    if !go {
        return Ok(());
    }
    let mut run = MockRun {
        candidate: args.candidate.clone(),
        id: format!("mock-{}", config.now.format("%Y%m%dT%H%M%SZ")),
        started,
        scope: report::scope(&library, &args.decks, &args.roles),
        seconds: args.seconds,
        spoken: args.spoken,
        rubric: !args.no_rubric,
        seed,
        left_out: questions.left_out,
        elapsed: std::time::Duration::ZERO,
        planned: questions.cards.len(),
        questions: Vec::new(),
    };
    let interview = Interview {
        writer: &mut writer,
        library: &library,
        grader: &grader,
        questions: &questions,
    };
    let recorded = interview.run(&mut run, prompter.as_mut())?;
    finish(&run, recorded.as_ref(), &report_path, args.force, prompter)
}

/// Bad flags fail before anything is asked or opened.
fn check_args(config: &Config, args: &MockArgs) -> Result<()> {
    if !(1..=MAX_QUESTIONS).contains(&args.questions) {
        return Err(BadInput(format!("--questions must be 1 to {MAX_QUESTIONS}")).into());
    }
    if args.seconds == 0 {
        return Err(BadInput("--seconds must be at least 1".into()).into());
    }
    super::candidate(config, Some(&args.candidate))?;
    Ok(store::validate_profile_name(&args.candidate)?)
}
