//! Calibration of the scorer against answers graded by hand
//! (`tests/fixtures/graded_answers.jsonl`) on the shipped decks.
//!
//! Run with `cargo test calibration -- --nocapture` to see the figures and the
//! confusion matrix. Every third answer (line index % 3 == 2) is held out: the
//! thresholds were tuned on the other two thirds only, and both figures are
//! printed. `ROLECALL_CALIBRATION_MISSES=1` lists the tuning-set disagreements
//! (never the held-out ones).

use std::collections::HashMap;

use serde::Deserialize;

use super::{ScoreInput, Scorer};
use crate::deck::AnswerMode;
use crate::deck::load::{Library, Sources, load};
use crate::grade::Grade;
use crate::session::rivals;

#[derive(Debug, Deserialize)]
struct Graded {
    card: String,
    answer: String,
    label: String,
    why: String,
}

/// The shipped decks' cards and scorer, built exactly as the study loop
/// builds them (same generator, corpus, synonyms and rivals rule).
fn shipped() -> (Library, Scorer) {
    let library = load(
        &Sources {
            built_in: true,
            dirs: Vec::new(),
        },
        0,
    )
    .expect("the shipped decks load");
    let corpus: Vec<Vec<String>> = library.cards.iter().map(|c| c.key_points.clone()).collect();
    let scorer = Scorer::new(&corpus, &library.synonyms());
    (library, scorer)
}

fn grade_index(g: Grade) -> usize {
    g.number() as usize - 1
}

#[derive(Debug, Default)]
struct Tally {
    n: usize,
    exact: usize,
    within_one: usize,
    pass_fail: usize,
    /// [label][predicted]
    confusion: [[usize; 4]; 4],
}

impl Tally {
    fn add(&mut self, label: Grade, predicted: Grade) {
        self.n += 1;
        let (l, p) = (grade_index(label), grade_index(predicted));
        self.exact += usize::from(l == p);
        self.within_one += usize::from(l.abs_diff(p) <= 1);
        self.pass_fail += usize::from((label >= Grade::Good) == (predicted >= Grade::Good));
        self.confusion[l][p] += 1;
    }

    fn rate(&self, k: usize) -> f64 {
        k as f64 / self.n.max(1) as f64
    }

    fn report(&self, name: &str) {
        println!(
            "{name}: n={} exact {:.1}%  within-one {:.1}%  pass/fail {:.1}%",
            self.n,
            100.0 * self.rate(self.exact),
            100.0 * self.rate(self.within_one),
            100.0 * self.rate(self.pass_fail)
        );
        println!("  label \\ predicted   again   hard   good   easy");
        for g in Grade::ALL {
            let row = self.confusion[grade_index(g)];
            println!(
                "  {:<18} {:>6} {:>6} {:>6} {:>6}",
                g.name(),
                row[0],
                row[1],
                row[2],
                row[3]
            );
        }
    }
}

#[test]
fn calibration_against_graded_answers() {
    let (library, scorer) = shipped();

    let fixtures = include_str!("../../tests/fixtures/graded_answers.jsonl");
    let show_misses = std::env::var_os("ROLECALL_CALIBRATION_MISSES").is_some();
    let (mut tuning, mut held_out, mut all) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut by_why: HashMap<String, Tally> = HashMap::new();
    for (i, line) in fixtures.lines().enumerate() {
        let graded: Graded = serde_json::from_str(line).unwrap();
        let card = library
            .card(&graded.card)
            .unwrap_or_else(|| panic!("line {}: unknown card {}", i + 1, graded.card));
        assert_eq!(
            card.mode,
            AnswerMode::Typed,
            "line {}: not a typed card",
            i + 1
        );
        let rivals = rivals(&library.cards, card);
        let result = scorer.evaluate(&ScoreInput {
            key_points: &card.key_points,
            rivals: &rivals,
            prompt: &card.prompt,
            answer: &graded.answer,
        });
        let label: Grade = graded.label.parse().unwrap();
        all.add(label, result.grade);
        by_why
            .entry(graded.why.clone())
            .or_default()
            .add(label, result.grade);
        if i % 3 == 2 {
            held_out.add(label, result.grade);
        } else {
            tuning.add(label, result.grade);
            if show_misses && label != result.grade {
                println!(
                    "line {:>3} {} label {} got {} ({:.2}) [{}] {:?} notes {:?}",
                    i + 1,
                    graded.card,
                    label,
                    result.grade,
                    result.score,
                    graded.why,
                    graded.answer,
                    result.notes
                );
            }
        }
    }
    tuning.report("tuning (2/3)");
    held_out.report("held out (1/3)");
    all.report("all");
    let mut whys: Vec<_> = by_why.iter().collect();
    whys.sort_by_key(|(w, _)| w.as_str());
    for (why, t) in whys {
        println!(
            "  {why:<13} n={:>3} exact {:>5.1}% within-one {:>5.1}%",
            t.n,
            100.0 * t.rate(t.exact),
            100.0 * t.rate(t.within_one)
        );
    }
    assert!(all.n >= 160, "only {} graded answers", all.n);
    assert!(
        all.rate(all.within_one) >= 0.90,
        "within-one agreement too low"
    );
    assert!(all.rate(all.exact) >= 0.60, "exact agreement too low");
    assert!(
        all.rate(all.pass_fail) >= 0.85,
        "pass/fail agreement too low"
    );
}
