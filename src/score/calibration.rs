//! Calibration of the scorer against answers graded by hand
//! (`tests/fixtures/graded_answers.jsonl`) on the shipped decks.
//!
//! Run with `cargo test calibration -- --nocapture` to see the figures and the
//! confusion matrix. Every third answer (line index % 3 == 2) is held out: the
//! thresholds were tuned on the other two thirds only, and both figures are
//! printed. `ROLECALL_CALIBRATION_MISSES=1` lists the tuning-set disagreements
//! (never the held-out ones).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::{ScoreInput, Scorer};
use crate::deck::model::Deck;
use crate::grade::Grade;

#[derive(Debug, Deserialize)]
struct Graded {
    card: String,
    answer: String,
    label: String,
    why: String,
}

/// What the scorer needs about one typed card.
#[derive(Debug, Clone)]
struct TypedCard {
    key_points: Vec<String>,
    prompt: String,
    /// Cards of the same kind in the same role, other tasks.
    rival_group: Option<(String, String)>,
}

// LEAD: switch this to the real generator (`crate::deck::generate`): keep the
// typed cards (duties, questions, scenario, note), their prompts, and as
// rivals the same-kind cards of the role's other tasks. Until then it follows
// the card rules of the brief by hand.
fn typed_cards(deck: &Deck) -> HashMap<String, TypedCard> {
    let mut cards = HashMap::new();
    for role in &deck.roles {
        for task in &role.tasks {
            let base = format!("{}/{}/{}", deck.id, role.id, task.id);
            let heading = format!("{} — {}", role.name, task.title);
            let group = |kind: &str| Some((role.id.clone(), kind.to_string()));
            cards.insert(
                format!("{base}/duties"),
                TypedCard {
                    key_points: if task.key_points.is_empty() {
                        task.what_happens.clone()
                    } else {
                        task.key_points.clone()
                    },
                    prompt: format!(
                        "{heading}\nWhat happens in this task, and why does it matter?"
                    ),
                    rival_group: group("duties"),
                },
            );
            if !task.questions.is_empty() {
                cards.insert(
                    format!("{base}/questions"),
                    TypedCard {
                        key_points: task.questions.clone(),
                        prompt: format!(
                            "{heading}\nWhich questions should you be asking yourself?"
                        ),
                        rival_group: group("questions"),
                    },
                );
            }
            for (n, example) in task.examples.iter().enumerate() {
                cards.insert(
                    format!("{base}/scenario/{n}"),
                    TypedCard {
                        key_points: if example.key_points.is_empty() {
                            vec![example.insight.clone()]
                        } else {
                            example.key_points.clone()
                        },
                        prompt: format!(
                            "{heading}\nSituation: {}\nWhat is the real problem here, and what would you do?",
                            example.situation
                        ),
                        rival_group: group("scenario"),
                    },
                );
            }
        }
    }
    for note in &deck.notes {
        cards.insert(
            format!("{}/note/{}", deck.id, note.id),
            TypedCard {
                key_points: if note.key_points.is_empty() {
                    vec![note.back.clone()]
                } else {
                    note.key_points.clone()
                },
                prompt: note.front.clone(),
                rival_group: None,
            },
        );
    }
    cards
}

fn load_decks() -> (HashMap<String, TypedCard>, Vec<Vec<String>>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "calibration needs the shipped decks in {}: {e}",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    entries.sort();
    let mut cards = HashMap::new();
    let mut synonyms = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        // Decks write optional fields without `Some(…)`, as the loader allows.
        let deck: Deck = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        cards.extend(typed_cards(&deck));
        synonyms.extend(deck.synonyms.clone());
    }
    assert!(!cards.is_empty(), "no decks in {}", dir.display());
    (cards, synonyms)
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
    let (cards, synonyms) = load_decks();
    let mut ids: Vec<&String> = cards.keys().collect();
    ids.sort();
    let corpus: Vec<Vec<String>> = ids.iter().map(|id| cards[*id].key_points.clone()).collect();
    let scorer = Scorer::new(&corpus, &synonyms);

    let fixtures = include_str!("../../tests/fixtures/graded_answers.jsonl");
    let show_misses = std::env::var_os("ROLECALL_CALIBRATION_MISSES").is_some();
    let (mut tuning, mut held_out, mut all) =
        (Tally::default(), Tally::default(), Tally::default());
    let mut by_why: HashMap<String, Tally> = HashMap::new();
    for (i, line) in fixtures.lines().enumerate() {
        let graded: Graded = serde_json::from_str(line).unwrap();
        let card = cards
            .get(&graded.card)
            .unwrap_or_else(|| panic!("line {}: unknown card {}", i + 1, graded.card));
        let rivals: Vec<&[String]> = match &card.rival_group {
            Some(group) => ids
                .iter()
                .filter(|id| **id != &graded.card)
                .map(|id| &cards[*id])
                .filter(|c| c.rival_group.as_ref() == Some(group))
                .map(|c| c.key_points.as_slice())
                .collect(),
            None => Vec::new(),
        };
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
