//! `rolecall grade`: score one typed answer against a card, for scripts.

use super::{PointJson, answer_text, card, json, library, point_details, points};
use crate::cli::GradeArgs;
use crate::config::Config;
use crate::score::Coverage;
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
    /// Whether the answer was read for meaning, or by words alone.
    semantic: bool,
    /// Each key point with its coverage and evidence.
    points: Vec<PointJson<'a>>,
    covered: Vec<&'a str>,
    partial: Vec<&'a str>,
    missed: Vec<&'a str>,
    notes: &'a [String],
}

pub fn run(config: &Config, args: &GradeArgs, out: &mut dyn Write) -> Result<()> {
    let library = library(config)?;
    let card = card(&library, &args.card)?;
    let answer = answer_text(&args.answer)?;
    let result = Grader::new(&library, crate::workspace::reading(config)?).score(card, &answer);
    if args.json {
        return json(
            out,
            &GradeJson {
                card: card.id.as_str(),
                score: result.score,
                grade: result.grade.to_string(),
                covered: points(Some(&result), Coverage::Covered),
                partial: points(Some(&result), Coverage::Partial),
                missed: points(Some(&result), Coverage::Missed),
                points: point_details(Some(&result)),
                semantic: result.semantic,
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
