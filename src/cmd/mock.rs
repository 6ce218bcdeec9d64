//! `rolecall mock`: a timed mock interview for one candidate. Picks the
//! interview questions of the chosen roles, checks the report file before
//! the first question (a mentor must never find out at the end that it
//! cannot be written), runs the workspace's interview with a prompter, and
//! writes the Markdown report.

use super::library;
use crate::cli::MockArgs;
use crate::config::Config;
use crate::error::BadInput;
use crate::mock::report::{self, MockRun};
use crate::store::{self, Overwrite};
use crate::ui::mock::{InteractiveMock, Intro, MockPrompter, Outro, ScriptedMock};
use crate::workspace::mock::{Interview, check_report, draw_questions, eligible};
use crate::workspace::{Grader, Overrides, Workspace};
use anyhow::Result;
use chrono::Local;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The most questions one mock may ask.
const MAX_QUESTIONS: usize = 50;

pub fn run(config: &Config, args: &MockArgs) -> Result<()> {
    if !(1..=MAX_QUESTIONS).contains(&args.questions) {
        return Err(BadInput(format!("--questions must be 1 to {MAX_QUESTIONS}")).into());
    }
    if args.seconds == 0 {
        return Err(BadInput("--seconds must be at least 1".into()).into());
    }
    store::validate_profile_name(&args.candidate)?;
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
    let mut writer = Workspace::new(config)?.write(&args.candidate, Overrides::default())?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let questions = draw_questions(&writer, &eligible, args.questions, seed);
    let watch = &config.stopwatch;
    let mut prompter = crate::ui::prompter::<dyn MockPrompter>(
        || Box::new(InteractiveMock::new(config.color, watch.clone())),
        |stdin, stdout| Box::new(ScriptedMock::new(stdin, stdout, watch.clone())),
    );
    for warning in writer.warnings() {
        prompter.notice(&format!("warning: {warning}"))?;
    }
    if questions.len() < args.questions {
        let n = questions.len();
        let s = super::plural(n);
        prompter.notice(&format!(
            "Only {n} interview question{s} in the chosen roles."
        ))?;
    }
    let report_name = report_path.display().to_string();
    let go = prompter.intro(&Intro {
        candidate: &args.candidate,
        questions: questions.len(),
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
        elapsed: std::time::Duration::ZERO,
        planned: questions.len(),
        questions: Vec::new(),
    };
    let grader = Grader::new(&library);
    let interview = Interview {
        writer: &mut writer,
        library: &library,
        grader: &grader,
        questions: &questions,
    };
    interview.run(&mut run, prompter.as_mut())?;
    writer.save_snapshot()?;
    finish(&run, &report_path, args.force, prompter)
}

/// Writes the report (when anything was answered) and says where it went.
fn finish(
    run: &MockRun,
    path: &Path,
    force: bool,
    mut prompter: Box<dyn MockPrompter + '_>,
) -> Result<()> {
    let lines = report::summary_lines(run);
    let mut outro = Outro {
        answered: run.questions.len(),
        planned: run.planned,
        lines: &lines,
        report: "No answer, so no report was written.",
    };
    if run.questions.is_empty() {
        return Ok(prompter.finish(&outro)?);
    }
    let text = report::render(run);
    if let Err(err) = store::write_file(path, text.as_bytes(), Overwrite::forced(force)) {
        // The answers are saved; do not lose the mentor's notes either.
        drop(prompter);
        writeln!(std::io::stdout().lock(), "\n{text}")?;
        return Err(anyhow::Error::from(err).context(format!(
            "could not write the report to {}; it was printed above, \
             and the answers are saved in profile \"{}\"",
            path.display(),
            run.candidate
        )));
    }
    let written = format!("Report written to {}", path.display());
    outro.report = &written;
    Ok(prompter.finish(&outro)?)
}
