//! `rolecall check`: validate deck files and report every problem.

use crate::config::Config;
use crate::deck::lint;
use crate::deck::load::{self, FileProblem};
use crate::error::Reported;
use crate::text::inert;
use anyhow::Result;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

pub fn run(
    config: &Config,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let (files, mut problems) = if paths.is_empty() {
        load::read_sources(&config.sources)
    } else {
        read_paths(paths)
    };
    let file_count = files.len();
    let (decks, parse_problems) = load::parse_borrowed(&files);
    problems.extend(parse_problems);
    let sources: HashMap<String, &str> = files
        .iter()
        .map(|f| (f.origin.to_string(), f.text.as_str()))
        .collect();
    let warnings = lint::file_warnings(&decks, &sources);
    drop(sources);
    // The texts are no longer needed: free them before generating cards.
    drop(files);
    for warning in &warnings {
        writeln!(err, "{}", inert(&warning.to_string()))?;
    }
    let deck_count = decks.len();
    let mut card_count = 0;
    match load::count_cards(&decks, 0) {
        Ok(count) => card_count = count,
        Err(e) => problems.extend(e.problems),
    }
    if problems.is_empty() {
        let warned = match warnings.len() {
            0 => String::new(),
            n => format!("; {n} warning{} (above)", plural(n)),
        };
        writeln!(
            out,
            "{file_count} deck file{} OK: {deck_count} deck{}, {card_count} cards{warned}",
            plural(file_count),
            plural(deck_count)
        )?;
        return Ok(());
    }
    for problem in &problems {
        writeln!(err, "{}", inert(&problem.to_string()))?;
    }
    writeln!(
        err,
        "{} problem{} in {file_count} deck file{}",
        problems.len(),
        plural(problems.len()),
        plural(file_count)
    )?;
    Err(Reported(2).into())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads the named files, and the `.ron` files of named folders.
fn read_paths(paths: &[PathBuf]) -> (Vec<load::DeckSource>, Vec<FileProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let targets = if path.is_dir() {
            match load::deck_files_in(path) {
                Ok(found) if found.is_empty() => {
                    problems.push(FileProblem {
                        file: path.display().to_string(),
                        line: 0,
                        column: 0,
                        message: "no .ron deck files in this folder".into(),
                    });
                    continue;
                }
                Ok(found) => found,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for target in targets {
            match load::read_deck_file(&target) {
                Ok(source) => files.push(source),
                Err(p) => problems.push(p),
            }
        }
    }
    (files, problems)
}
