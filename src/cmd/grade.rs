//! `rolecall grade`: score one typed answer against a card, for scripts.

use super::library;
use crate::cli::GradeArgs;
use crate::config::Config;
use crate::deck::load::Library;
use crate::error::BadInput;
use crate::score::{ScoreInput, Scorer};
use crate::session::rivals;
use crate::text::inert;
use crate::ui::Theme;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::{Read, Write};

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
    let Some(card) = library.card(&args.card) else {
        return Err(BadInput(unknown_card(&library, &args.card)).into());
    };
    let answer = if args.answer == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the answer from standard input")?;
        text
    } else {
        args.answer.clone()
    };
    let corpus: Vec<Vec<String>> = library.cards.iter().map(|c| c.key_points.clone()).collect();
    let scorer = Scorer::new(&corpus, &library.synonyms());
    let rivals = rivals(&library.cards, card);
    let result = scorer.evaluate(&ScoreInput {
        key_points: &card.key_points,
        rivals: &rivals,
        prompt: &card.prompt,
        answer: &answer,
    });
    if args.json {
        let json = GradeJson {
            card: card.id.as_str(),
            score: result.score,
            grade: result.grade.to_string(),
            covered: result
                .points
                .iter()
                .filter(|p| p.covered)
                .map(|p| p.text.as_str())
                .collect(),
            missed: result
                .points
                .iter()
                .filter(|p| !p.covered)
                .map(|p| p.text.as_str())
                .collect(),
            notes: &result.notes,
        };
        crate::text::write_json(&mut *out, &json)?;
        writeln!(out)?;
        return Ok(());
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

/// "no card X" with the closest ids, so a typo is one copy-paste away.
pub fn unknown_card(library: &Library, id: &str) -> String {
    let mut scored: Vec<(f64, &str)> = library
        .cards
        .iter()
        .map(|c| {
            (
                strsim::normalized_levenshtein(id, c.id.as_str()),
                c.id.as_str(),
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let close: Vec<&str> = scored.iter().take(3).map(|(_, id)| *id).collect();
    format!(
        "no card `{id}`; closest ids:\n  {}\n(list ids with `rolecall cards`)",
        close.join("\n  ")
    )
}
