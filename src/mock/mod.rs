//! Mentor mode's pure core: the four-lens rubric and its anchors, drawing
//! interview questions (weakest first, varied in role and kind, avoiding
//! the last mock's, reproducible from a seed, each with why it was drawn),
//! and the mock and progress reports as one document model rendered to
//! Markdown or to a self-contained HTML page.
//!
//! No I/O, no clock, no terminal: the caller passes recall, times and
//! names in, and writes the returned text wherever it wants.
//! The workspace's interview loop, the `mock` and `report` commands and
//! `ui::mock` sit around it.

pub mod anchors;
pub mod doc;
pub mod draw;
pub mod html;
pub mod markdown;
pub mod progress;
pub mod report;

use std::fmt;
use std::path::Path;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// One self-contained page.
    Html,
}

impl Format {
    /// The format a file name asks for: HTML for `.html`/`.htm`, Markdown
    /// otherwise.
    pub fn of_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm") => {
                Format::Html
            }
            _ => Format::Markdown,
        }
    }

    pub fn render(self, doc: &doc::Doc) -> String {
        match self {
            Format::Markdown => markdown::render(doc),
            Format::Html => html::render(doc),
        }
    }
}

/// One of the four lenses the seed's final advice gives for describing any
/// Product Security role; the rubric scores an answer on each, 0–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lens {
    Decisions,
    Evidence,
    Conflict,
    Leverage,
}

impl Lens {
    pub const ALL: [Lens; 4] = [
        Lens::Decisions,
        Lens::Evidence,
        Lens::Conflict,
        Lens::Leverage,
    ];

    /// Short name, for table headers and prompts.
    pub fn name(self) -> &'static str {
        match self {
            Lens::Decisions => "Decisions",
            Lens::Evidence => "Evidence",
            Lens::Conflict => "Conflict",
            Lens::Leverage => "Leverage",
        }
    }

    /// The lens as the seed words it.
    pub fn title(self) -> &'static str {
        match self {
            Lens::Decisions => "decisions it owns",
            Lens::Evidence => "evidence it works from",
            Lens::Conflict => "conflict it manages",
            Lens::Leverage => "leverage it creates",
        }
    }
}

impl fmt::Display for Lens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The highest score on one lens.
pub const LENS_MAX: u8 = 3;

/// A mentor's scores for one answer, in [`Lens::ALL`] order, each 0–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rubric(pub [u8; 4]);

impl Rubric {
    pub fn score(self, lens: Lens) -> u8 {
        self.0[lens as usize]
    }

    pub fn mean(self) -> f32 {
        f32::from(self.0.iter().map(|&s| u16::from(s)).sum::<u16>()) / 4.0
    }
}

/// Why a line is not a rubric.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RubricError {
    #[error(
        "expected four scores 0-{LENS_MAX} (decisions evidence conflict leverage), \
         e.g. `2 3 1 2`; the {} score is missing or not 0-{LENS_MAX}",
        .0.title()
    )]
    Missing(Lens),
    #[error("more than four scores: one digit 0-3 per lens, e.g. `2 3 1 2`")]
    TooMany,
}

/// Parses a rubric line: four digits 0–3 in lens order (decisions,
/// evidence, conflict, leverage), separated by spaces or commas or not at
/// all (`2 3 1 2`, `2,3,1,2`, `2312`). Returns the rubric and whatever
/// follows the four digits (trimmed), so a caller can accept more on the
/// same line.
pub fn parse_rubric(line: &str) -> Result<(Rubric, &str), RubricError> {
    let mut scores = [0u8; 4];
    let mut rest = line.trim_start();
    for (i, lens) in Lens::ALL.iter().enumerate() {
        rest = rest.trim_start_matches([' ', ',', '\t']);
        let mut chars = rest.chars();
        match chars.next().and_then(|c| c.to_digit(10)) {
            Some(d) if d <= u32::from(LENS_MAX) => {
                scores[i] = d as u8;
                rest = chars.as_str();
            }
            _ => return Err(RubricError::Missing(*lens)),
        }
    }
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(RubricError::TooMany);
    }
    Ok((Rubric(scores), rest.trim_matches([' ', ',', '\t'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Result<([u8; 4], &str), ()>) {
        let got = parse_rubric(line)
            .map(|(r, rest)| (r.0, rest))
            .map_err(|_| ());
        assert_eq!(got, expected, "line {line:?}");
    }

    #[test]
    fn parses_rubric_lines() {
        check("2 3 1 2", Ok(([2, 3, 1, 2], "")));
        check("  0,0,3,3 ", Ok(([0, 0, 3, 3], "")));
        check("2312", Ok(([2, 3, 1, 2], "")));
        check("2 3 1 2 hard", Ok(([2, 3, 1, 2], "hard")));
        check("2 3 1", Err(()));
        check("2 3 1 4", Err(()));
        check("2 3 1 22", Err(()));
        check("", Err(()));
        check("good", Err(()));
        assert_eq!(
            parse_rubric("2 3").unwrap_err().to_string(),
            "expected four scores 0-3 (decisions evidence conflict leverage), e.g. `2 3 1 2`; \
             the conflict it manages score is missing or not 0-3"
        );
        assert_eq!(parse_rubric("2 3 1 22"), Err(RubricError::TooMany));
    }

    #[test]
    fn rubric_mean_and_lookup() {
        let r = Rubric([2, 3, 1, 2]);
        assert!((r.mean() - 2.0).abs() < f32::EPSILON);
        assert_eq!(r.score(Lens::Conflict), 1);
    }
}
