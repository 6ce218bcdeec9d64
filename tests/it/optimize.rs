//! `rolecall optimize` on histories generated from known FSRS parameters.

use crate::stats::{Sim, card_ids, write_log};
use crate::study::states;
use crate::{Env, stdout_of};
use chrono::{DateTime, TimeZone, Utc};
use rolecall::{DayClock, Grade, Scheduler, format_interval};
use serde_json::Value;

/// The generating model: the defaults with much longer initial stabilities
/// (a learner who remembers new cards far better than FSRS assumes).
fn true_parameters() -> Vec<f32> {
    let mut w = fsrs::DEFAULT_PARAMETERS.to_vec();
    w[..4].copy_from_slice(&[1.0, 4.0, 12.0, 30.0]);
    w
}

const NOW: &str = "2026-04-01T09:00:00Z";

/// A profile with 120 days of reviews drawn from [`true_parameters`].
///
/// Besides the deck's 165 cards it reviews three times as many cards no deck
/// has any more (the log keeps them): with only ~90 first reviews after
/// Good, chance alone put the fitted w2 below 6 about one history in twenty
/// (seeds 11 to 15 now fit 8.7 to 11.6).
fn generated() -> Env {
    let env = Env::new();
    let mut cards = card_ids(&env, "product-security-roles");
    let retired = (0..3 * cards.len()).map(|i| format!("retired-deck/card-{i}"));
    cards.extend(retired.collect::<Vec<_>>());
    let w = true_parameters();
    let history = Sim {
        parameters: Some(&w),
        cards: &cards,
        start: Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap(),
        days: 120,
        skip: &[],
        new_per_day: 8,
        seed: 11,
    }
    .run();
    write_log(&env, "default", &history.reviews);
    env
}

fn settings(env: &Env) -> Value {
    let path = env.data_dir().join("profiles/default/settings.json");
    std::fs::read_to_string(path).map_or(Value::Null, |t| serde_json::from_str(&t).unwrap())
}

fn saved_parameters(env: &Env) -> Option<Vec<f32>> {
    let s = settings(env);
    s["parameters"].as_array().map(|p| {
        p.iter()
            .map(|x| x.as_f64().unwrap() as f32)
            .collect::<Vec<f32>>()
    })
}

/// The number in the row of `label` and the `LOG LOSS` column.
fn log_loss(out: &str, label: &str) -> f64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} row in\n{out}"));
    line[label.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn fitted_parameters_beat_the_defaults_and_are_saved() {
    let env = generated();
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", NOW).arg("optimize"));
    let default = log_loss(&out, "default parameters");
    let fitted = log_loss(&out, "fitted parameters");
    assert!(
        fitted < default,
        "fitted {fitted} vs default {default}\n{out}"
    );
    assert!(out.contains("RMSE"), "{out}");
    assert!(out.contains("Saved:"), "{out}");
    let w = saved_parameters(&env).expect("parameters saved");
    assert_eq!(w.len(), 21);
    // The initial stability after Good moves from the default 2.3 days
    // toward the generating 12.
    assert!(w[2] > 6.0, "fitted w2 {} from a true 12\n{out}", w[2]);
    // The retention/workload table, 0.80 to 0.95, marks the desired one.
    for retention in ["0.80", "0.84", "0.90", "0.95"] {
        assert!(
            out.contains(&format!("  {retention}  ")),
            "{retention}\n{out}"
        );
    }
    assert!(out.contains("1.00×  ◀ yours"), "{out}");

    // A second run compares against the saved parameters too.
    let again = stdout_of(env.cmd().env("ROLECALL_NOW", NOW).arg("optimize"));
    assert!(again.contains("your current parameters"), "{again}");
}

/// The `Grades:` line a scripted session prints for one new `duties` card
/// of the other deck.
fn new_card_grades(env: &Env) -> String {
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", NOW)
            .args([
                "study",
                "--deck",
                "cyber-pm-day",
                "--kind",
                "duties",
                "--limit",
                "1",
                // Each call is its own session, not the resumption of the
                // last one (its Again card would still be waiting).
                "--fresh",
            ])
            .write_stdin("an answer\n\n"),
    );
    out.lines()
        .find(|l| l.starts_with("Grades: "))
        .unwrap_or_else(|| panic!("no grades line in\n{out}"))
        .to_string()
}

/// The `Grades:` line the scheduler gives a new card with `parameters`.
fn expected_grades(parameters: Option<&[f32]>) -> String {
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let scheduler = Scheduler::new(parameters, 0.9, DayClock::default()).unwrap();
    let parts: Vec<String> = scheduler
        .preview(None, now)
        .iter()
        .map(|o| {
            format!(
                "{} {:?} {}",
                o.grade.number(),
                o.grade,
                format_interval(o.interval)
            )
        })
        .collect();
    format!("Grades: {}", parts.join(" · "))
}

/// Stability of every reviewed card, as `cards --json` reports it.
fn stabilities(env: &Env) -> Vec<(String, f64)> {
    states(env, NOW)
        .into_iter()
        .map(|(id, state)| (id, state["stability"].as_f64().unwrap()))
        .collect()
}

#[test]
fn saved_parameters_are_used_by_the_next_session_until_reset() {
    let env = generated();
    let before = new_card_grades(&env);
    assert_eq!(before, expected_grades(None));
    let states_before = stabilities(&env);

    let out = stdout_of(env.cmd().env("ROLECALL_NOW", NOW).arg("optimize"));
    assert!(out.contains("Saved:"), "{out}");
    let w = saved_parameters(&env).unwrap();
    let after = new_card_grades(&env);
    assert_eq!(after, expected_grades(Some(&w)));
    assert_ne!(
        after, before,
        "the intervals change with the fitted parameters"
    );
    // Card states were recomputed with the new parameters, not kept from
    // the snapshot the first session wrote.
    let states_after = stabilities(&env);
    assert_eq!(states_after.len(), states_before.len() + 1);
    let changed = states_before
        .iter()
        .filter(|(id, s)| {
            states_after
                .iter()
                .any(|(id2, s2)| id == id2 && (s - s2).abs() > 1e-3)
        })
        .count();
    assert!(
        changed > states_before.len() / 2,
        "{changed} of {}",
        states_before.len()
    );

    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", NOW)
            .args(["optimize", "--reset"]),
    );
    assert!(out.contains("Back to the default FSRS parameters"), "{out}");
    assert!(saved_parameters(&env).is_none());
    assert_eq!(new_card_grades(&env), expected_grades(None));
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", NOW)
            .args(["optimize", "--reset"]),
    );
    assert!(out.contains("Already using the default"), "{out}");
}

#[test]
fn a_small_log_is_refused_with_what_is_needed() {
    let env = Env::new();
    // No profile at all.
    env.cmd()
        .arg("optimize")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("0 usable, at least 64 needed"));
    // Three days of a few cards: 2 usable reviews per card.
    let cards = card_ids(&env, "cyber-pm-day");
    let mut reviews = Vec::new();
    for day in 0..3 {
        for card in cards.iter().take(5) {
            reviews.push(crate::stats::Rev {
                card: card.clone(),
                at: Utc.with_ymd_and_hms(2026, 3, 1 + day, 9, 0, 0).unwrap(),
                grade: Grade::Good,
                duration_ms: 1000,
                recall: day > 0,
            });
        }
    }
    reviews.sort_by_key(|r| r.at);
    write_log(&env, "default", &reviews);
    env.cmd()
        .env("ROLECALL_NOW", NOW)
        .arg("optimize")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "not enough reviews to fit parameters: 10 usable, at least 64 needed (54 more)",
        ));
    assert!(settings(&env).is_null(), "nothing saved");
}
