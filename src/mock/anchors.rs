//! Rubric anchors: for each lens and each score 0–3, one line saying what
//! an answer at that score does, so two mentors (or one mentor on two days)
//! give the same score to the same answer. The built-in anchors hold for
//! any role; a deck may word its own for a role, lens by lens.

use super::{LENS_MAX, Lens};
use crate::deck::{Role, RubricAnchors};
use std::fmt::Write as _;

/// The built-in anchors, in [`Lens::ALL`] order, scores 0 to 3.
pub const BUILT_IN: [[&str; 4]; 4] = [
    [
        "Names no decision, or only someone else's (\"escalate it\", \"ask the team\").",
        "Names the area but not the call: what to look at, not what to decide.",
        "Names the role's own call (block, accept, fund, sequence, who fixes) with a reason.",
        "Names the call, the options and trade-offs, who must agree, and when to revisit it.",
    ],
    [
        "No evidence: opinion, tool names or \"best practice\".",
        "Generic evidence (\"check the logs\", \"run a scan\") not tied to this situation.",
        "The evidence this situation needs (exploitability, owners, metrics) and its source.",
        "Weighs the evidence: what would change the call, what is missing, how to get it fast.",
    ],
    [
        "Ignores the tension, or turns it into \"security says no\".",
        "Notices the tension but picks a side, with no way forward.",
        "Names who wants what (speed, proof, certainty) and proposes a workable middle.",
        "Settles it so both sides keep trust: explicit trade-off, owner, escalation, follow-up.",
    ],
    [
        "Solves this instance only; nothing reusable.",
        "Mentions reuse vaguely (\"add a checklist\", \"train people\").",
        "Proposes a concrete reusable control, pattern or guidance that prevents repeats.",
        "Makes it scale: who adopts it, how it is measured, what it frees people to do.",
    ],
];

/// The anchors in force for one role: the deck's where it words a lens,
/// the built-in ones elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchors {
    lines: [[String; 4]; 4],
    /// Which lenses the deck worded.
    from_deck: [bool; 4],
}

impl Default for Anchors {
    fn default() -> Anchors {
        Anchors {
            lines: BUILT_IN.map(|lens| lens.map(str::to_string)),
            from_deck: [false; 4],
        }
    }
}

impl Anchors {
    /// The anchors for `role` (the built-in ones without a role, e.g. for
    /// a note about the whole deck).
    pub fn for_role(role: Option<&Role>) -> Anchors {
        let mut anchors = Anchors::default();
        if let Some(rubric) = role.and_then(|r| r.rubric.as_ref()) {
            anchors.override_with(rubric);
        }
        anchors
    }

    fn override_with(&mut self, rubric: &RubricAnchors) {
        for (i, lines) in rubric.by_lens().into_iter().enumerate() {
            // Validation guarantees four; anything else keeps the built-in.
            if let Some(lines) = lines.filter(|l| l.len() == self.lines[i].len()) {
                self.lines[i] = std::array::from_fn(|s| lines[s].clone());
                self.from_deck[i] = true;
            }
        }
    }

    /// What score `score` (0–3) means on `lens`.
    pub fn line(&self, lens: Lens, score: u8) -> &str {
        &self.lines[lens as usize][usize::from(score.min(LENS_MAX))]
    }

    /// Whether the deck worded `lens` for this role.
    pub fn worded_by_deck(&self, lens: Lens) -> bool {
        self.from_deck[lens as usize]
    }
}

/// The built-in anchors as plain text, for `mock --help`.
pub fn help_text() -> String {
    let mut out =
        String::from("Rubric anchors (what each score means; a deck may word its own per role):");
    for lens in Lens::ALL {
        let _ = write!(out, "\n  {} ({})", lens.name(), lens.title());
        for (score, line) in BUILT_IN[lens as usize].iter().enumerate() {
            let _ = write!(out, "\n    {score}  {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::validate::parse_deck;

    #[test]
    fn a_deck_overrides_only_the_lenses_it_words() {
        let deck = parse_deck(
            r#"Deck(id: "d", title: "T", roles: [
                Role(id: "r", name: "R", tasks: [Task(id: "t", title: "T", what_happens: ["x"])],
                     rubric: Rubric(conflict: ["c0", "c1", "c2", "c3"])),
                Role(id: "s", name: "S", tasks: [Task(id: "t", title: "T", what_happens: ["x"])]),
            ])"#,
        )
        .unwrap();
        let worded = Anchors::for_role(Some(&deck.roles[0]));
        assert_eq!(worded.line(Lens::Conflict, 2), "c2");
        assert!(worded.worded_by_deck(Lens::Conflict));
        assert_eq!(worded.line(Lens::Decisions, 0), BUILT_IN[0][0]);
        assert!(!worded.worded_by_deck(Lens::Decisions));
        assert_eq!(Anchors::for_role(Some(&deck.roles[1])), Anchors::default());
        assert_eq!(Anchors::for_role(None), Anchors::default());
    }

    #[test]
    fn every_built_in_anchor_is_one_short_line() {
        for lens in BUILT_IN {
            for line in lens {
                // `--help` indents them by 7 and wraps at 100 columns.
                assert!(line.chars().count() <= 86, "{line}");
                assert!(!line.contains('\n'));
            }
        }
        // The README lists them; it must not drift.
        let readme = include_str!("../../README.md");
        for lines in BUILT_IN {
            for (score, line) in lines.iter().enumerate() {
                assert!(readme.contains(&format!("  {score}. {line}\n")), "{line}");
            }
        }
        let help = help_text();
        assert!(
            help.contains("  Leverage (leverage it creates)\n    0  Solves"),
            "{help}"
        );
    }
}
