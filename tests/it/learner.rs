//! What a candidate sees in a scripted session: options that move, headers
//! that give nothing away, partial credit and explanations, honest "nothing
//! to study" messages, and the debrief.

use crate::study::{Reader, always, drive, drive_with, right_answer};
use crate::{Env, scripted, stdout_of};
use serde_json::Value;
use std::collections::BTreeSet;

const NOW: &str = "2026-03-02T09:00:00Z";

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(env.cmd().args(args))).unwrap()
}

fn card(env: &Env, id: &str) -> Value {
    json(env, &["cards", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

/// The options a scripted transcript printed for its first card.
fn options_shown(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with('['))
        .take_while(|l| !l.starts_with("(answer:"))
        .filter_map(|l| l.strip_prefix("  ").and_then(|l| l.split_once(". ")))
        .map(|(_, text)| text.to_string())
        .collect()
}

/// Regression: choice options never moved, so learners learned "it's 4".
/// The same card over five reviews shows at least three orders, and each
/// review stores the order it was shown in.
#[test]
fn choice_options_move_between_reviews_and_the_order_is_logged() {
    let env = Env::new();
    let id = "product-security-roles/appsec-engineer/triage-findings/which-role";
    let listed = card(&env, id);
    let args = [
        "--role",
        "appsec-engineer",
        "--task",
        "triage-findings",
        "--kind",
        "which-role",
    ];
    let mut orders = Vec::new();
    for n in 0..5 {
        // A wrong answer each time: the card is due again ten minutes on.
        let now = format!("2026-03-02T{:02}:00:00Z", 9 + n);
        let mut wrong = |card: &Value, _: usize| {
            let right = card["correct"][0].as_u64().unwrap();
            ((if right == 0 { 2 } else { 1 }).to_string(), None)
        };
        let t = drive(&env, &now, &args, &mut wrong);
        assert_eq!(t.asked, [id], "{}", t.stdout);
        orders.push(options_shown(&t.stdout));
    }
    let distinct: BTreeSet<&Vec<String>> = orders.iter().collect();
    assert!(distinct.len() >= 3, "{orders:?}");
    // The log keeps each order as the card's option indexes.
    let original: Vec<&str> = listed["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let history = json(&env, &["history", "--json"]);
    let logged: Vec<Vec<String>> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["shown"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| original[i.as_u64().unwrap() as usize].to_string())
                .collect()
        })
        .collect();
    assert_eq!(logged, orders);
}

/// Regression: a which-role card showed `deck · role · which-role`, the
/// answer, above its question; scripts saw the id, which names it too.
#[test]
fn recognition_headers_do_not_name_the_answer() {
    let env = Env::new();
    let cards = json(&env, &["cards", "--json"]);
    let mut seen = 0;
    for kind in ["which-role", "which-task"] {
        let t = drive(
            &env,
            NOW,
            &["--kind", kind, "--new", "40", "--fresh"],
            &mut always("good"),
        );
        for (header, id) in t
            .stdout
            .lines()
            .filter(|l| l.starts_with('['))
            .zip(&t.asked)
        {
            let card = cards
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id.as_str())
                .unwrap();
            let answer = card["answer"].as_str().unwrap();
            let segment = match kind {
                "which-role" => card["role"].as_str().unwrap(),
                _ => card["task"].as_str().unwrap(),
            };
            assert!(!header.contains(answer), "{header} names {answer}");
            assert!(
                !header.contains(&format!("/{segment}"))
                    && !header.contains(&format!("· {segment}")),
                "{header} names {segment}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 20, "{seen} headers checked");
}

/// Regression: one swapped pair of nine timeline items was graded Again,
/// and the feedback left out the times, the thing to learn.
#[test]
fn a_nearly_right_timeline_earns_credit_and_shows_the_times() {
    let env = Env::new();
    let mut swap_two = |card: &Value, _: usize| {
        let mut order: Vec<String> = right_answer(card).split(' ').map(str::to_string).collect();
        order.swap(3, 4);
        (order.join(" "), None)
    };
    let t = drive(
        &env,
        NOW,
        &["--deck", "cyber-pm-day", "--kind", "timeline"],
        &mut swap_two,
    );
    assert!(
        t.stdout
            .contains("◐ Nearly: 35 of 36 pairs in the right order."),
        "{}",
        t.stdout
    );
    assert!(t.stdout.contains("Grade: good"), "{}", t.stdout);
    assert!(
        t.stdout
            .contains("06:45 AI-generated product intelligence brief"),
        "{}",
        t.stdout
    );
    assert!(
        t.stdout
            .contains("saved: cyber-pm-day/cyber-pm/timeline good"),
        "{}",
        t.stdout
    );
}

/// Regression: a wrong pick showed the right option and nothing about why.
#[test]
fn a_wrong_choice_is_explained() {
    let env = Env::new();
    let mut wrong = |card: &Value, _: usize| {
        let right = card["correct"][0].as_u64().unwrap();
        ((if right == 0 { 2 } else { 1 }).to_string(), None)
    };
    let t = drive(
        &env,
        NOW,
        &[
            "--role",
            "cyber-pm",
            "--task",
            "intelligence-brief",
            "--kind",
            "which-task",
            "--limit",
            "1",
        ],
        &mut wrong,
    );
    assert!(
        t.stdout.contains(
            "Why: 06:45 AI-generated product intelligence brief: Your AI copilots (product analytics + threat intel agents) generate a curated briefing: Feature usage trends;"
        ),
        "{}",
        t.stdout
    );
    let t = drive(
        &env,
        NOW,
        &[
            "--role",
            "appsec-engineer",
            "--task",
            "triage-findings",
            "--kind",
            "which-role",
        ],
        &mut wrong,
    );
    assert!(t.stdout.contains("Why: AppSec Engineer: "), "{}", t.stdout);
}

/// Regression: "Nothing to study right now." with unseen cards left, and
/// `--limit 0` read as nothing to study.
#[test]
fn nothing_to_study_says_why_and_how_to_get_more() {
    let env = Env::new();
    let args = ["study", "--deck", "cyber-pm-day", "--new", "2"];
    scripted(&env, &args, "x\ngood\nx\ngood\n");
    let out = scripted(&env, &args, "");
    assert!(
        out.contains("Nothing to study right now: no card is due."),
        "{out}"
    );
    assert!(
        out.contains("cards not seen yet, but today's 2 new cards have been introduced."),
        "{out}"
    );
    assert!(out.contains("add `--new 12` to the study command"), "{out}");
    assert!(out.contains("`rolecall config set new-per-day N`"), "{out}");
    // `next` says the same.
    let next = stdout_of(
        env.cmd()
            .args(["next", "--deck", "cyber-pm-day", "--new", "2"]),
    );
    assert!(
        next.contains("today's 2 new cards have been introduced"),
        "{next}"
    );
    for (flag, message) in [
        ("--limit", "--limit 0 would ask no card"),
        (
            "--minutes",
            "--minutes 0 would end the session before its first card",
        ),
    ] {
        for command in ["study", "next"] {
            env.cmd()
                .args([command, flag, "0"])
                .write_stdin("")
                .assert()
                .code(2)
                .stderr(predicates::str::contains(message));
        }
    }
}

/// Regression: with cards still due when `--limit` ended the session, the
/// summary gave a "next card due" time in the past.
#[test]
fn cards_still_due_are_counted_not_dated_in_the_past() {
    let env = Env::new();
    let deck = ["--deck", "product-security-roles", "--new", "6"];
    drive(&env, NOW, &deck, &mut always("good"));
    let later = "2026-03-20T09:00:00Z";
    let t = drive(
        &env,
        later,
        &[deck[0], deck[1], "--new", "0", "--limit", "2"],
        &mut always("good"),
    );
    assert_eq!(t.asked.len(), 2);
    assert!(
        t.stdout.contains(
            "4 cards are still due now: run the same study command again to review them."
        ),
        "{}",
        t.stdout
    );
    let next = t
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Once those are done, the next card is due: "))
        .unwrap();
    assert!(next.contains("(in "), "{next}");
    assert!(
        !t.stdout.contains("Next card due"),
        "cards still due today are not followed by a bare next date: {}",
        t.stdout
    );
    assert!(!next.contains('-'), "a time ahead, not behind: {next}");
}

/// The debrief: cards left weak with what they missed, then one line to
/// drill them; the drill asks exactly those cards again.
#[test]
fn the_debrief_lists_what_was_missed_and_drills_it() {
    let env = Env::new();
    let args = ["--deck", "cyber-pm-day", "--kind", "duties", "--limit", "3"];
    let mut first_weak = |_: &Value, n: usize| match n {
        0 => ("no idea".to_string(), Some("again".to_string())),
        1 => (
            "ai copilots build a curated briefing".to_string(),
            Some("hard".to_string()),
        ),
        _ => ("an answer".to_string(), Some("good".to_string())),
    };
    let t = drive_with(&env, NOW, &args, &mut first_weak, true);
    assert!(t.status.success(), "{}", t.stdout);
    let debrief = t
        .stdout
        .split("To go over (2 cards):")
        .nth(1)
        .unwrap_or_else(|| panic!("no debrief: {}", t.stdout));
    assert!(
        debrief.contains("• Again · Cybersecurity Product Manager (AI era)"),
        "{debrief}"
    );
    assert!(debrief.contains("• Hard · "), "{debrief}");
    assert!(debrief.contains("    ✗ "), "{debrief}");
    assert!(
        debrief.contains("Drill these 2 cards again now? [y/N]"),
        "{debrief}"
    );
    // The two weak cards, asked again after the offer: first asks plus
    // the drill; the drill's own debrief (still weak: the answers stay
    // poor) is offered again and declined.
    let weak: BTreeSet<&String> = t.asked[..2].iter().collect();
    let drilled: BTreeSet<&String> = t.asked[3..5].iter().collect();
    assert_eq!(weak, drilled, "{:?}", t.asked);
}

/// The debrief is offered only after a session that ran its course.
#[test]
fn quitting_shows_the_debrief_without_the_offer() {
    let env = Env::new();
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--kind",
            "duties",
            "--limit",
            "3",
        ],
        "no idea\nagain\nq\n",
    );
    assert!(out.contains("To go over (1 card):"), "{out}");
    assert!(!out.contains("Drill "), "{out}");
}

/// Regression: `q` at the grade prompt dropped the typed answer.
#[test]
fn q_at_the_grade_prompt_keeps_the_answer() {
    let env = Env::new();
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--kind",
            "duties",
            "--limit",
            "3",
        ],
        "is the signal real or noise\nq\n",
    );
    assert!(
        out.contains("Quitting: the answer is kept with the suggested grade"),
        "{out}"
    );
    assert_eq!(out.matches("saved: ").count(), 1, "{out}");
    let suggested = out
        .lines()
        .find_map(|l| l.strip_prefix("Grade ["))
        .and_then(|g| g.strip_suffix("]:"))
        .unwrap();
    let history = json(&env, &["history", "--json"]);
    let reviews = history.as_array().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["grade"], suggested);
    // And the rest of the session resumes, the answered card not first.
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--kind",
            "duties",
            "--limit",
            "3",
        ],
        "",
    );
    assert!(
        out.contains("Resuming today's interrupted session: "),
        "{out}"
    );
    assert!(
        !out.contains(&format!("[1/3] {} ", reviews[0]["card"].as_str().unwrap())),
        "{out}"
    );
}

/// Regression: a session of other filters in between dropped the saved
/// one, breaking "run the same study command again today to resume".
#[test]
fn a_saved_session_survives_another_study_in_between() {
    let env = Env::new();
    let pm = ["--deck", "cyber-pm-day", "--limit", "4"];
    let mut quit_after_one = |card: &Value, n: usize| {
        if n == 1 {
            ("q".to_string(), None)
        } else {
            (right_answer(card), Some("good".to_string()))
        }
    };
    let first = drive(&env, NOW, &pm, &mut quit_after_one);
    assert!(first.stdout.contains("3 cards left"), "{}", first.stdout);
    // Something else in between: another deck, finished.
    let other = drive(
        &env,
        "2026-03-02T10:00:00Z",
        &["--deck", "product-security-roles", "--limit", "2"],
        &mut always("good"),
    );
    assert!(other.status.success());
    let back = drive(&env, "2026-03-02T11:00:00Z", &pm, &mut always("good"));
    assert!(
        back.stdout
            .contains("Resuming today's interrupted session: 3 cards left"),
        "{}",
        back.stdout
    );
    assert_eq!(back.asked[0], first.asked[1]);
    // Both files' worth of sessions: the finished ones are forgotten.
    let saved = std::fs::read_to_string(env.data_dir().join("profiles/default/session.json"));
    assert!(saved.is_err(), "nothing left to resume: {saved:?}");
}

/// The study header names the card for a script when the id gives nothing
/// away, and a reader of the transcript can still tell the card.
#[test]
fn scripted_headers_still_name_other_cards() {
    let env = Env::new();
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--kind",
            "duties",
            "--limit",
            "1",
        ],
        "x\n\n",
    );
    let mut reader = Reader::new(&env);
    let found = out.lines().find_map(|l| reader.line(l)).unwrap();
    assert!(out.contains(&format!("] {} · duties", found.0)), "{out}");
}

/// Regression: an interview date raised the new-card allowance silently.
/// `study` and `readiness` now say what the date needs.
#[test]
fn an_interview_date_says_what_it_needs() {
    let env = Env::new();
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--interview-on",
            "2026-03-12",
        ],
        "q\n",
    );
    // 76 unseen cards, 10 days: seen twice means all in within 8 days.
    assert!(
        out.contains(
            "Interview on 2026-03-12 (10 days): also reviewing cards at risk of being forgotten by then. 76 cards not seen yet: ~10 new a day sees each twice before it."
        ),
        "{out}"
    );
    let out = scripted(
        &env,
        &[
            "study",
            "--deck",
            "cyber-pm-day",
            "--interview-on",
            "2026-03-06",
            "--fresh",
        ],
        "q\n",
    );
    assert!(
        out.contains("76 cards not seen yet: ~38 new a day sees each twice before it; today's allowance is raised from 10 to 38."),
        "{out}"
    );
    assert!(out.contains("[1/"), "{out}");
    let readiness = stdout_of(env.cmd().args(["readiness", "--deck", "cyber-pm-day"]));
    assert!(
        readiness
            .contains("To be ready on 2026-03-06 (4 days): 76 cards not seen yet, ~38 new a day"),
        "{readiness}"
    );
    assert!(
        readiness.contains("study raises the daily allowance from 10 for it."),
        "{readiness}"
    );
    let other =
        stdout_of(
            env.cmd()
                .args(["readiness", "--on", "2026-03-20", "--deck", "cyber-pm-day"]),
        );
    assert!(
        other.contains("`rolecall study --interview-on 2026-03-20` paces study for it")
            || other.contains("the daily allowance is enough"),
        "{other}"
    );
    let plan = json(&env, &["readiness", "--json", "--deck", "cyber-pm-day"])["plan"].clone();
    assert_eq!(plan["new_per_day"], 38);
    assert_eq!(plan["days_left"], 4);
}
