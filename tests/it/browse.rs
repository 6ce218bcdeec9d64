//! Reading before being tested (`read`, `decks --tree`, `cards --role
//! --task`) and saving settings from the command line (`config`).

use crate::study::{always, drive};
use crate::{Env, stdout_of};
use serde_json::Value;

fn run(env: &Env, args: &[&str]) -> String {
    stdout_of(env.cmd().args(args))
}

/// `read` gives a career-switcher the whole task: what happens, why, the
/// example and its insight, the questions, the key points.
#[test]
fn read_shows_a_role_s_tasks_for_reading() {
    let env = Env::new();
    let out = run(
        &env,
        &["read", "--role", "cyber-pm", "--task", "problem-framing"],
    );
    for expected in [
        "A day as a cybersecurity PM (AI era) (cyber-pm-day)",
        "Cybersecurity Product Manager (AI era) · cyber-pm",
        "• Centre of gravity: Defining problems",
        "── 08:30 Problem framing session (core PM work) (problem-framing)",
        "   What happens",
        "    • You refine problem statements, not solutions.",
        "   Why it matters",
        "   Example",
        "    Situation: The clustered feedback boils down to",
        "    Insight: ",
        "   Questions to ask",
        "   Key points",
    ] {
        assert!(out.contains(expected), "missing {expected:?}:\n{out}");
    }
    // One task only; other roles are left out.
    assert!(!out.contains("intelligence-brief"), "{out}");
    assert!(!out.contains("AppSec Engineer"), "{out}");
    // Wrapped at 80 columns (not a terminal), never inside a word, wrapped
    // bullets hanging under their text.
    let lines: Vec<&str> = out.lines().collect();
    for line in &lines {
        assert!(console_width(line) <= 80, "too wide: {line:?}");
    }
    // Each piece of the deck's text reads whole once the wrapping is
    // undone: no word was cut in two.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let cards: Value = serde_json::from_str(&run(
        &env,
        &[
            "cards",
            "--json",
            "--role",
            "cyber-pm",
            "--task",
            "problem-framing",
        ],
    ))
    .unwrap();
    let scenario = cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "scenario")
        .unwrap();
    let insight = scenario["answer"].as_str().unwrap();
    assert!(insight.len() > 80, "a long insight: {insight}");
    let insight_flat = insight.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&insight_flat), "{insight}\n{out}");
    let wrapped_bullet = lines.windows(2).find(|w| {
        let indent = w[0].len() - w[0].trim_start().len();
        w[0].trim_start().starts_with("• ")
            && w[1].len() - w[1].trim_start().len() == indent + 2
            && !w[1].trim_start().starts_with('•')
    });
    assert!(
        wrapped_bullet.is_some(),
        "a long bullet hangs under its text:\n{out}"
    );
    // A typo names what exists.
    env.cmd()
        .args(["read", "--role", "cyber-pm", "--task", "framing"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no task `framing` in role cyber-pm; list tasks with `rolecall decks --tree`",
        ));
}

fn console_width(line: &str) -> usize {
    line.chars().count()
}

/// `decks --tree` makes ids discoverable without `--json`.
#[test]
fn decks_tree_lists_roles_and_tasks_with_ids_and_names() {
    let env = Env::new();
    let out = run(&env, &["decks", "--tree"]);
    assert!(
        out.contains("cyber-pm-day  A day as a cybersecurity PM (AI era)\n"),
        "{out}"
    );
    assert!(
        out.contains("\n  cyber-pm  Cybersecurity Product Manager (AI era)\n"),
        "{out}"
    );
    assert!(
        out.contains("\n    problem-framing     08:30 Problem framing session (core PM work)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "\n    triage-findings    Triage security findings and separate signal from noise\n"
        ),
        "{out}"
    );
    // Every role and task of the decks is there.
    let cards: Value = serde_json::from_str(&run(&env, &["cards", "--json"])).unwrap();
    for card in cards.as_array().unwrap() {
        if let Some(task) = card["task"].as_str() {
            assert!(out.contains(&format!("    {task} ")), "{task}");
        }
    }
}

/// `cards` takes `--role` and `--task` like `study`.
#[test]
fn cards_filter_by_role_and_task() {
    let env = Env::new();
    let cards: Value = serde_json::from_str(&run(
        &env,
        &[
            "cards",
            "--json",
            "--role",
            "appsec-engineer",
            "--task",
            "triage-findings",
        ],
    ))
    .unwrap();
    let ids: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 4, "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.starts_with("product-security-roles/appsec-engineer/triage-findings/")),
        "{ids:?}"
    );
    env.cmd()
        .args(["cards", "--role", "wizard"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no role `wizard`"));
}

/// Settings are saved from the command line, checked first, and used by
/// `study` when it is given no filter.
#[test]
fn config_sets_gets_lists_and_study_uses_it() {
    let env = Env::new();
    let list = run(&env, &["config", "list"]);
    assert!(
        list.contains("\nnew-per-day        10                    default\n"),
        "{list}"
    );
    assert!(
        list.contains("\ntime-zone          UTC (this machine's)  default\n"),
        "{list}"
    );
    assert_eq!(
        run(&env, &["config", "set", "new-per-day", "3"]),
        "new-per-day = 3 (profile)\n"
    );
    assert_eq!(
        run(&env, &["config", "set", "roles", "appsec-engineer"]),
        "roles = appsec-engineer (profile)\n"
    );
    assert_eq!(run(&env, &["config", "get", "new-per-day"]), "3\n");
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(env.data_dir().join("profiles/default/settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(settings["new_per_day"], 3);
    assert_eq!(settings["roles"][0], "appsec-engineer");
    // Bare study: three new AppSec cards.
    let t = drive(&env, "2026-03-02T09:00:00Z", &[], &mut always("good"));
    assert_eq!(t.asked.len(), 3, "{}", t.stdout);
    assert!(
        t.asked
            .iter()
            .all(|id| id.starts_with("product-security-roles/appsec-engineer/")),
        "{:?}",
        t.asked
    );
    // Flags still win.
    let t = drive(
        &env,
        "2026-03-03T09:00:00Z",
        &["--role", "cyber-pm", "--limit", "1"],
        &mut always("good"),
    );
    assert!(t.asked[0].starts_with("cyber-pm-day/"), "{:?}", t.asked);
    // Bad values are refused and nothing changes.
    for (args, message) in [
        (
            vec!["config", "set", "new-per-day", "ten"],
            "is not a whole number",
        ),
        (
            vec!["config", "set", "desired-retention", "1.5"],
            "out of range: use 0.70 to 0.99",
        ),
        (vec!["config", "set", "decks", "nope"], "no deck `nope`"),
        (
            vec!["config", "set", "kinds", "riddle"],
            "unknown card kind `riddle`",
        ),
        (vec!["config", "get", "colour"], "no setting `colour`"),
        (
            vec!["config", "set", "time-zone", "Mars/Olympus"],
            "time-zone: ",
        ),
        (
            vec!["config", "set", "rollover-hour", "24"],
            "is not an hour: give 0 to 23",
        ),
    ] {
        env.cmd()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    assert_eq!(run(&env, &["config", "get", "new-per-day"]), "3\n");
    assert_eq!(
        run(&env, &["config", "unset", "roles"]),
        "roles = all (default)\n"
    );
    // The day boundary the scheduler uses.
    assert_eq!(
        run(&env, &["config", "set", "time-zone", "europe/berlin"]),
        "time-zone = Europe/Berlin (profile)\n"
    );
    assert_eq!(
        run(&env, &["config", "set", "rollover-hour", "3"]),
        "rollover-hour = 3 (profile)\n"
    );
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(env.data_dir().join("profiles/default/settings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(settings["time_zone"], "Europe/Berlin");
    assert_eq!(settings["rollover_hour"], 3);
}
