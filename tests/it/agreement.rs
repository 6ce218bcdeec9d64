//! One history model: every command that counts reviews reads the same log
//! the same way, undos included.

use crate::{Env, stdout_of};
use serde_json::Value;
use std::fs;

const NOTE: &str = "cyber-pm-day/note/old-vs-new-data";
const DUTIES: &str = "cyber-pm-day/cyber-pm/intelligence-brief/duties";
const QUESTIONS: &str = "cyber-pm-day/cyber-pm/intelligence-brief/questions";
const SCENARIO: &str = "product-security-roles/appsec-engineer/triage-findings/questions";

fn review(card: &str, at: &str, grade: &str, mode: &str, session: Option<&str>) -> String {
    let session = session.map_or_else(|| "null".to_string(), |s| format!("\"{s}\""));
    format!(
        r#"{{"type":"review","card":"{card}","at":"{at}","grade":"{grade}","score":null,"duration_ms":1200,"mode":"{mode}","session":{session}}}"#
    )
}

fn undo(card: &str, review_at: &str) -> String {
    format!(
        r#"{{"type":"undo","at":"2026-03-01T10:00:00.000Z","card":"{card}","review_at":"{review_at}"}}"#
    )
}

/// Counts in a log where reviews share a millisecond and undos take some of
/// them back: 4 reviews stand.
fn tricky_log() -> String {
    let t1 = "2026-03-01T09:00:00.000Z";
    let lines = [
        // Two reviews of one card at one millisecond, one undo: one stands.
        review(NOTE, t1, "good", "self", None),
        review(NOTE, t1, "again", "self", None),
        undo(NOTE, t1),
        // A review and its undo: none stands.
        review(DUTIES, "2026-03-01T09:01:00.000Z", "good", "typed", None),
        undo(DUTIES, "2026-03-01T09:01:00.000Z"),
        // Two at one millisecond and two undos: none stands.
        review(QUESTIONS, "2026-03-01T09:02:00.000Z", "hard", "typed", None),
        review(QUESTIONS, "2026-03-01T09:02:00.000Z", "easy", "typed", None),
        undo(QUESTIONS, "2026-03-01T09:02:00.000Z"),
        undo(QUESTIONS, "2026-03-01T09:02:00.000Z"),
        // An undo that matches nothing changes nothing.
        undo(SCENARIO, "2026-02-01T09:00:00.000Z"),
        // Two mock answers, one undone; and a later study review.
        review(
            SCENARIO,
            "2026-03-01T09:03:00.000Z",
            "good",
            "mock",
            Some("mock-1"),
        ),
        review(
            DUTIES,
            "2026-03-01T09:04:00.000Z",
            "again",
            "mock",
            Some("mock-1"),
        ),
        undo(DUTIES, "2026-03-01T09:04:00.000Z"),
        review(SCENARIO, "2026-03-02T08:00:00.000Z", "good", "typed", None),
        review(DUTIES, "2026-03-02T08:01:00.000Z", "hard", "typed", None),
    ];
    lines.join("\n") + "\n"
}

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(env.cmd().args(args))).unwrap()
}

// Regression: undos were applied five ways. One review and its undo counted
// 1 in `profiles` and 0 in `history`, `stats` and `report`; two reviews of a
// card at one millisecond and one undo counted 0 in `report` and 1 in
// `history` and `stats`.
#[test]
fn history_stats_report_profiles_and_optimize_count_the_same_reviews() {
    let env = Env::new();
    let dir = env.data_dir().join("profiles/default");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("log.jsonl"), tricky_log()).unwrap();
    let expected = 4;

    let history = json(&env, &["history", "--json"]);
    assert_eq!(history.as_array().unwrap().len(), expected, "history");
    let all = json(&env, &["history", "--json", "--all"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        9,
        "history --all lists every review"
    );
    let undone: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["undone"] == true)
        .map(|r| (r["card"].as_str().unwrap(), r["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(
        undone,
        [
            (NOTE, "again"),
            (DUTIES, "good"),
            (QUESTIONS, "hard"),
            (QUESTIONS, "easy"),
            (DUTIES, "again"),
        ],
        "each undo takes the latest standing review at its time"
    );

    let stats = json(&env, &["stats", "--json"]);
    assert_eq!(stats["reviews"]["all_time"], expected, "stats");

    let report = stdout_of(env.cmd().args(["report", "--candidate", "default"]));
    assert!(
        report.contains(&format!("- Reviews: {expected}\n")),
        "report:\n{report}"
    );
    assert!(
        report.contains("|         1 |   1 of 1 |"),
        "the mock counts its standing answer only:\n{report}"
    );

    let profiles = json(&env, &["profiles", "--json"]);
    assert_eq!(profiles[0]["reviews"], expected, "profiles");
    assert_eq!(profiles[0]["mocks"], 1, "profiles");
    assert_eq!(
        profiles[0]["last_studied"], "2026-03-02T08:01:00.000Z",
        "profiles"
    );

    let out = env.cmd().arg("optimize").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("The log holds {expected} reviews of 3 cards")),
        "optimize: {stderr}"
    );

    // The states replay the same standing reviews: three cards reviewed.
    let cards = json(&env, &["cards", "--json"]);
    let with_state = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["state"].is_null())
        .count();
    assert_eq!(with_state, 3, "progress");
}
