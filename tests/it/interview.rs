//! Interview day: undo, resume, the `next`/`answer` review API and
//! exam-date mode, through the binary.

use crate::study::{always, as_shown, drive, right_answer};
use crate::{Env, scripted, stdout_of};
use serde_json::Value;

fn json(env: &Env, now: &str, args: &[&str]) -> Value {
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", now).args(args));
    serde_json::from_str(&out).unwrap()
}

fn history_cards(env: &Env, now: &str, all: bool) -> Vec<(String, String, bool)> {
    let mut args = vec!["history", "--json"];
    if all {
        args.push("--all");
    }
    json(env, now, &args)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["card"].as_str().unwrap().to_string(),
                r["grade"].as_str().unwrap().to_string(),
                r["undone"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn state_of(env: &Env, now: &str, card: &str) -> Value {
    let cards = json(env, now, &["cards", "--json"]);
    cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == card)
        .unwrap()["state"]
        .clone()
}

const NOW: &str = "2026-03-02T09:00:00Z";

#[test]
fn undo_logs_an_undo_restores_the_state_and_asks_again() {
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
        "first answer\nagain\nu\nsecond answer\nhard\nq\n",
    );
    assert!(
        out.contains("Undone: cyber-pm-day/cyber-pm/intelligence-brief/duties (again)"),
        "{out}"
    );
    let card = "cyber-pm-day/cyber-pm/intelligence-brief/duties";
    // The undone review is hidden, but kept in the log.
    assert_eq!(
        history_cards(&env, NOW, false),
        [(card.to_string(), "hard".to_string(), false)]
    );
    assert_eq!(
        history_cards(&env, NOW, true),
        [
            (card.to_string(), "again".to_string(), true),
            (card.to_string(), "hard".to_string(), false)
        ]
    );
    let log = std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl")).unwrap();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\"type\":\"undo\""))
            .count(),
        1
    );
    // The state is that of a first review graded Hard (as if Again never happened).
    let state = state_of(&env, NOW, card);
    assert_eq!(state["reps"], 1);
    assert_eq!(state["lapses"], 0);
    let fsrs = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
    let hard = fsrs.next_states(None, 0.9, 0).unwrap().hard.memory;
    assert!((state["stability"].as_f64().unwrap() as f32 - hard.stability).abs() < 1e-4);
    // And it still holds after the snapshot is thrown away (replay of the log).
    std::fs::remove_file(env.data_dir().join("profiles/default/snapshot.bin")).unwrap();
    assert_eq!(state_of(&env, NOW, card), state);
}

#[test]
fn u_with_nothing_to_undo_is_an_answer_not_an_undo() {
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
        "u\ngood\n",
    );
    assert!(out.contains("saved: "), "{out}");
}

#[test]
fn an_interrupted_session_resumes_the_same_day_unless_fresh() {
    let env = Env::new();
    let args = ["--deck", "product-security-roles", "--limit", "5"];
    let mut quit_after_two = |card: &Value, n: usize| {
        if n == 2 {
            ("q".to_string(), None)
        } else {
            (right_answer(card), Some("good".to_string()))
        }
    };
    let first = drive(&env, NOW, &args, &mut quit_after_two);
    assert!(first.stdout.contains("3 cards left"), "{}", first.stdout);
    let later = "2026-03-02T15:00:00Z";
    let second = drive(&env, later, &args, &mut always("good"));
    assert!(
        second
            .stdout
            .contains("Resuming today's interrupted session: 3 cards left"),
        "{}",
        second.stdout
    );
    // The card it quit on comes first, then the rest of that queue.
    assert_eq!(second.asked.len(), 3, "{:?}", second.asked);
    assert_eq!(second.asked[0], first.asked[2]);
    // Finished: nothing to resume; a new session starts from the queue.
    let third = drive(&env, later, &args, &mut always("good"));
    assert!(!third.stdout.contains("Resuming"), "{}", third.stdout);

    // A kill also leaves a resumable session; --fresh ignores it.
    let env = Env::new();
    let mut quit_at_once = |_: &Value, _: usize| ("q".to_string(), None);
    drive(&env, NOW, &args, &mut quit_at_once);
    let fresh = drive(
        &env,
        NOW,
        &[args[0], args[1], "--fresh", "--limit", "2"],
        &mut always("good"),
    );
    assert!(!fresh.stdout.contains("Resuming"), "{}", fresh.stdout);
    // Other filters do not resume a session started with different ones.
    let mut quit_again = |_: &Value, _: usize| ("q".to_string(), None);
    drive(&env, NOW, &args, &mut quit_again);
    let other = drive(
        &env,
        NOW,
        &["--deck", "cyber-pm-day", "--limit", "1"],
        &mut always("good"),
    );
    assert!(!other.stdout.contains("Resuming"), "{}", other.stdout);
    // The next day starts afresh.
    let next_day = drive(&env, "2026-03-03T09:00:00Z", &args, &mut always("good"));
    assert!(!next_day.stdout.contains("Resuming"), "{}", next_day.stdout);
}

#[test]
fn next_and_answer_agree_with_study() {
    // Profile A studies through the loop; profile B through next/answer.
    let a = Env::new();
    let b = Env::new();
    let args = ["--deck", "product-security-roles", "--limit", "6"];
    let study = drive(&a, NOW, &args, &mut always("good"));
    let mut asked = Vec::new();
    for _ in 0..6 {
        let next = json(&b, NOW, &["next", "--json", args[0], args[1]]);
        let id = next["id"].as_str().unwrap().to_string();
        let mode = next["mode"].as_str().unwrap().to_string();
        let mut cmd = b.cmd();
        cmd.env("ROLECALL_NOW", NOW)
            .args(["answer", "--card", &id, "--json"]);
        let cards = json(&b, NOW, &["cards", "--json"]);
        let listed = cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap();
        // `answer` numbers the options as `next` showed them.
        let shown: Vec<String> = next["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        let card = as_shown(listed, &shown);
        match mode.as_str() {
            "choice" => cmd.args(["--choice", &right_answer(&card)]),
            "order" => cmd.args(["--answer", &right_answer(&card)]),
            _ => cmd.args(["--grade", "good"]),
        };
        let result: Value = serde_json::from_str(&stdout_of(&mut cmd)).unwrap();
        assert_eq!(result["card"], id.as_str());
        assert_eq!(result["grade"], "good");
        asked.push(id);
    }
    assert_eq!(asked, study.asked);
    for id in &asked {
        let sa = state_of(&a, NOW, id);
        let sb = state_of(&b, NOW, id);
        assert_eq!(sa["stability"], sb["stability"], "{id}");
        assert_eq!(sa["difficulty"], sb["difficulty"], "{id}");
        assert_eq!(
            sa["due"].as_str().unwrap()[..10],
            sb["due"].as_str().unwrap()[..10],
            "{id}"
        );
    }
}

#[test]
fn answer_scores_typed_answers_and_rejects_bad_input() {
    let env = Env::new();
    let card = "cyber-pm-day/cyber-pm/problem-framing/questions";
    let result = json(
        &env,
        NOW,
        &[
            "answer",
            "--card",
            card,
            "--answer",
            "what exact problem are we solving, who feels the pain most, how do they solve it today, is it worth solving vs other problems",
            "--json",
        ],
    );
    assert_eq!(result["grade"], "easy");
    assert_eq!(result["missed"].as_array().unwrap().len(), 0);
    assert_eq!(result["state"]["reps"], 1);
    env.cmd()
        .args(["answer", "--card", "nope/x", "--grade", "good"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no card `nope/x`"));
    env.cmd()
        .args(["answer", "--card", card, "--choice", "2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--choice is for choice cards"));
    env.cmd().args(["answer", "--card", card]).assert().code(2);
    env.cmd()
        .args(["answer", "--card", card, "--grade", "superb"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a grade"));
}

#[test]
fn next_prints_null_when_nothing_is_due() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args(["next", "--json", "--new", "0"]));
    assert_eq!(out.trim(), "null");
}

/// Studies the PM deck's `questions` cards on the given days (one session
/// a day, every card answered Good), optionally aiming at an interview.
fn simulate(env: &Env, days: &[i64], interview: Option<&str>, new_per_day: &str) {
    let start = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    for &day in days {
        let now = (start + chrono::Duration::days(day)).to_rfc3339();
        let mut args = vec![
            "--deck",
            "cyber-pm-day",
            "--kind",
            "questions",
            "--new",
            new_per_day,
        ];
        if let Some(date) = interview
            && day == 0
        {
            args.extend(["--interview-on", date]);
        }
        let t = drive(env, &now, &args, &mut always("good"));
        assert!(t.status.success(), "day {day}: {}", t.stdout);
    }
}

fn recall_on(env: &Env, date: &str) -> Value {
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", NOW).args([
        "readiness",
        "--on",
        date,
        "--deck",
        "cyber-pm-day",
        "--json",
    ]));
    serde_json::from_str(&out).unwrap()
}

#[test]
fn exam_mode_brings_every_card_to_the_target_by_the_interview() {
    // Nine cards, one new card a day allowed, daily sessions, and an
    // interview a week away: normal scheduling cannot even show every card
    // by then; exam-date mode brings new cards in early and reviews what
    // would be forgotten, so every card is at the target on the day.
    let interview = "2026-03-10";
    let days: Vec<i64> = (0..8).collect();
    let exam = Env::new();
    simulate(&exam, &days, Some(interview), "1");
    let plain = Env::new();
    simulate(&plain, &days, None, "1");

    let at = "2026-03-10T04:00:00Z";
    let questions = [
        "cards",
        "--json",
        "--deck",
        "cyber-pm-day",
        "--kind",
        "questions",
    ];
    let exam_cards = json(&exam, at, &questions);
    let exam_cards = exam_cards.as_array().unwrap();
    assert_eq!(exam_cards.len(), 9);
    for card in exam_cards {
        let state = &card["state"];
        assert!(!state.is_null(), "{} never seen", card["id"]);
        let r = state["retrievability"].as_f64().unwrap();
        assert!(r >= 0.9, "{}: {r}", card["id"]);
        assert!(
            state["reps"].as_u64().unwrap() >= 2,
            "{} seen once",
            card["id"]
        );
    }
    let plain_cards = json(&plain, at, &questions);
    assert!(
        plain_cards
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["state"].is_null()),
        "normal scheduling shows one new card a day"
    );
    // readiness --on shows the effect.
    let overall = |v: Value| v["overall"]["recall"].as_f64().unwrap();
    let exam_recall = overall(recall_on(&exam, interview));
    let plain_recall = overall(recall_on(&plain, interview));
    assert!(
        exam_recall > plain_recall,
        "{exam_recall} vs {plain_recall}"
    );
    // The interview date is saved to the profile: no need to repeat it.
    let settings =
        std::fs::read_to_string(exam.data_dir().join("profiles/default/settings.json")).unwrap();
    assert!(settings.contains(interview), "{settings}");
}

#[test]
fn readiness_falls_as_the_date_moves_away() {
    let env = Env::new();
    drive(
        &env,
        NOW,
        &["--deck", "cyber-pm-day", "--limit", "8"],
        &mut always("good"),
    );
    let soon = recall_on(&env, "2026-03-03");
    let later = recall_on(&env, "2026-06-01");
    let overall = |v: &Value| v["overall"]["recall"].as_f64().unwrap();
    assert!(overall(&soon) > overall(&later), "{soon} vs {later}");
    assert!(overall(&later) > 0.0);
    // Unseen cards count as not known: 8 of 76 cards seen.
    assert!(overall(&soon) < 0.2, "{soon}");
    let weakest = soon["weakest"].as_array().unwrap();
    assert_eq!(weakest.len(), 5);
    assert!(
        weakest[0]["command"]
            .as_str()
            .unwrap()
            .starts_with("rolecall study --deck cyber-pm-day --role cyber-pm --task ")
    );
    // The human view has bars and the drill commands.
    let out = stdout_of(env.cmd().args(["readiness", "--on", "2026-03-03"]));
    assert!(out.contains("Readiness on 2026-03-03"), "{out}");
    assert!(out.contains('█') || out.contains('▏'), "{out}");
    assert!(out.contains("rolecall study --deck"), "{out}");
    env.cmd()
        .args(["readiness", "--on", "next week"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a date"));
}

#[test]
fn drilling_a_task_asks_all_its_cards() {
    let env = Env::new();
    let t = drive(
        &env,
        NOW,
        &[
            "--deck",
            "cyber-pm-day",
            "--role",
            "cyber-pm",
            "--task",
            "strategy-block",
        ],
        &mut always("good"),
    );
    assert!(t.asked.len() >= 3, "{:?}", t.asked);
    assert!(
        t.asked
            .iter()
            .all(|id| id.starts_with("cyber-pm-day/cyber-pm/strategy-block/"))
    );
    env.cmd()
        .args(["study", "--task", "no-such-task"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no task `no-such-task`"));
}

/// Regression: `next` took the profile's lock (refused beside a running
/// session) and created profiles it was only asked to look at.
#[test]
fn next_reads_without_locking_or_creating_a_profile() {
    let env = Env::new();
    // A fresh install: the default profile reads as empty, and stays
    // uncreated.
    let out = stdout_of(env.cmd().args(["next", "--json"]));
    let next: Value = serde_json::from_str(&out).unwrap();
    assert!(next["id"].is_string());
    assert!(!env.data_dir().join("profiles/default").exists());
    // A profile named but never created is not shown as an empty one.
    let refused = env
        .cmd()
        .args(["--profile", "newcomer", "next", "--json"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("no profile named \"newcomer\""), "{err}");
    assert!(!env.data_dir().join("profiles/newcomer").exists());

    // Beside a running session on the same profile.
    let mut running = env
        .process(NOW)
        .arg("study")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines =
        std::io::BufRead::lines(std::io::BufReader::new(running.stdout.take().unwrap()));
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("(answer:") {
            break;
        }
    }
    env.cmd().args(["next", "--json"]).assert().success();
    drop(running.stdin.take());
    running.wait().unwrap();
}
