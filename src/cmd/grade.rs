//! `rolecall grade`: score one typed answer against a card, for scripts.

use super::{answer_text, card, json, library, points};
use crate::cli::GradeArgs;
use crate::config::Config;
use crate::text::inert;
use crate::ui::Theme;
use crate::workspace::Grader;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// `grade --json` output (stable field names).
#[derive(Debug, Serialize)]
struct GradeJson<'a> {
    card: &'a str,
    score: f32,
    grade: String,
    covered: Vec<&'a str>,
    missed: Vec<&'a str>,
    notes: &'a [String],
}

pub fn run(config: &Config, args: &GradeArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let card = card(&library, &args.card)?;
    let answer = answer_text(&args.answer)?;
    let result = Grader::new(&library).score(card, &answer);
    if args.json {
        return json(
            out,
            &GradeJson {
                card: card.id.as_str(),
                score: result.score,
                grade: result.grade.to_string(),
                covered: points(Some(&result), true),
                missed: points(Some(&result), false),
                notes: &result.notes,
            },
        );
    }
    let theme = Theme::new(config.color);
    writeln!(
        out,
        "{}  score {:.0}% · suggested grade: {}",
        theme.heading.apply_to(inert(card.id.as_str())),
        result.score * 100.0,
        result.grade
    )?;
    for line in crate::ui::prompt::point_lines(&result, &theme) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
