//! Mentor mode through scripted input: a seeded mock interview and its
//! Markdown report, the reviews it leaves in the candidate's profile, the
//! report file that must not be overwritten, `profiles` and `report`.

use crate::{Env, fixture, stdout_of};
use serde_json::Value;

/// Replaces the digits of every measured time (`⏱ 0:03`, `⏱ 1:02:03`)
/// with `#`, so that snapshots do not depend on how fast the test ran and
/// aligned tables stay aligned.
fn normalise_times(text: &str) -> String {
    let mut out = String::new();
    let mut in_time = false;
    for (i, c) in text.char_indices() {
        if c == '⏱' {
            in_time = true;
            out.push(c);
            continue;
        }
        if in_time && (c.is_ascii_digit() || c == ':' || (c == ' ' && text[..i].ends_with('⏱'))) {
            out.push(if c.is_ascii_digit() { '#' } else { c });
            continue;
        }
        in_time = false;
        out.push(c);
    }
    out
}

pub fn mini(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.arg("--decks").arg(fixture("decks/mini"));
    cmd
}

/// Three answers, each followed by a rubric line and a note line; the
/// second overrides the scorer's grade on its rubric line.
pub const SCRIPT: &str = "\
Separate signal from noise in the scanner output: is this real, who owns the fix?
2 3 1 2
Good on ownership | missed *exploitability*
check whether the signal is real before reacting
1 2 0 1 good

no idea
0 0 0 0
needs the basics
";

#[test]
fn seeded_three_question_mock_writes_the_report_and_records_reviews() {
    let env = Env::new();
    let out = stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "alice",
                "--new-candidate",
                "--questions",
                "3",
                "--seed",
                "7",
            ])
            .write_stdin(SCRIPT),
    );
    assert!(
        out.contains("Mock done: 3 of 3 questions answered."),
        "{out}"
    );
    assert!(
        out.contains("Report written to mock-alice-2026-03-02.md"),
        "{out}"
    );
    // No countdown in scripted mode.
    assert!(!out.contains("left"), "{out}");
    // Before each rubric line, what each score means: the built-in anchors,
    // or the deck's for the lens it words for the role (AppSec, conflict).
    assert_eq!(
        out.matches("  Decisions (decisions it owns)\n    0  Names no decision")
            .count(),
        3,
        "{out}"
    );
    assert!(
        out.contains(
            "  Conflict (conflict it manages) · worded by the deck\n    \
             0  Sides with the scanner or with the team, never both."
        ),
        "{out}"
    );
    assert_eq!(out.matches("worded by the deck").count(), 1, "{out}");

    let report = std::fs::read_to_string(env.home.path().join("mock-alice-2026-03-02.md"))
        .expect("report written");
    insta::assert_snapshot!("mock_report", normalise_times(&report));

    // The same seed and progress draw the same questions.
    let asked: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with('['))
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(asked.len(), 3);

    let history: Value = serde_json::from_str(&stdout_of(mini(&env).args([
        "--profile",
        "alice",
        "history",
        "--json",
    ])))
    .unwrap();
    let reviews = history.as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = reviews
        .iter()
        .map(|r| {
            (
                r["card"].as_str().unwrap(),
                r["grade"].as_str().unwrap(),
                r["mode"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3);
    for ((card, grade, mode), asked) in got.iter().zip(&asked) {
        assert_eq!(card, asked);
        assert_eq!(*mode, "mock");
        assert!(["again", "hard", "good", "easy"].contains(grade));
    }
    // The mentor's override on the second answer is what was recorded.
    assert_eq!(got[1].1, "good");
    assert_eq!(got[2].1, "again");
    let log = std::fs::read_to_string(env.data_dir().join("profiles/alice/log.jsonl")).unwrap();
    assert_eq!(
        log.matches(r#""session":"mock-20260302T090000Z""#).count(),
        3,
        "{log}"
    );

    // The candidate now shows up for mentors, with the mock counted.
    let profiles = stdout_of(mini(&env).arg("profiles"));
    assert!(
        profiles.contains("alice        3      1  2026-03-02 09:00"),
        "{profiles}"
    );

    // The draw is reproducible: same seed, same progress, same questions.
    let again = stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "bob",
                "--new-candidate",
                "--questions",
                "3",
                "--seed",
                "7",
            ])
            .write_stdin(SCRIPT),
    );
    let asked_bob: Vec<&str> = again
        .lines()
        .filter(|l| l.starts_with('['))
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(asked, asked_bob);
}

#[test]
fn weakest_cards_come_first() {
    let env = Env::new();
    let cards: Value =
        serde_json::from_str(&stdout_of(mini(&env).args(["cards", "--json"]))).unwrap();
    let pm_typed = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "pm" && c["mode"] == "typed")
        .count();
    assert!(pm_typed >= 3);
    // A first mock asks every interview card of the role: the first one
    // asked is failed, every other one is easy.
    let script: String = (0..pm_typed)
        .map(|i| {
            if i == 0 {
                "x\n0 0 0 0 again\n\n"
            } else {
                "x\n3 3 3 3 easy\n\n"
            }
        })
        .collect();
    let first = stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "c",
                "--new-candidate",
                "--role",
                "pm",
                "--seed",
                "1",
            ])
            .args(["--questions", &pm_typed.to_string(), "--report", "first.md"])
            .write_stdin(script),
    );
    let order: Vec<&str> = first
        .lines()
        .filter(|l| l.starts_with('['))
        .map(|l| l.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(order.len(), pm_typed);

    // Three days later, whatever the seed, the failed card is drawn first.
    for seed in ["2", "99"] {
        let later = stdout_of(
            mini(&env)
                .env("ROLECALL_NOW", "2026-03-05T09:00:00Z")
                .args([
                    "mock",
                    "--candidate",
                    "c",
                    "--role",
                    "pm",
                    "--questions",
                    "1",
                ])
                .args(["--seed", seed, "--report", "later.md"])
                // Quit at once: the draw is shown, nothing is recorded.
                .write_stdin("q\n"),
        );
        let asked = later
            .lines()
            .find(|l| l.starts_with('['))
            .and_then(|l| l.split(' ').nth(1))
            .unwrap();
        assert_eq!(asked, order[0], "seed {seed}: {later}");
    }
}

#[test]
fn an_existing_report_is_never_overwritten_without_force() {
    let env = Env::new();
    let path = env.home.path().join("mock-alice-2026-03-02.md");
    std::fs::write(&path, "mentor's earlier notes").unwrap();
    let assert = mini(&env)
        .args([
            "mock",
            "--candidate",
            "alice",
            "--new-candidate",
            "--questions",
            "1",
        ])
        .write_stdin("an answer\n2 2 2 2\n\n")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    // Checked before the interview: nothing asked, nothing recorded.
    assert!(assert.get_output().stdout.is_empty());
    assert!(!env.data_dir().join("profiles/alice").exists());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "mentor's earlier notes"
    );

    // With --force it is replaced.
    stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "alice",
                "--new-candidate",
                "--questions",
                "1",
                "--force",
            ])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# Mock interview: alice"), "{text}");
}

#[test]
fn spoken_answers_take_the_mentors_grade() {
    let env = Env::new();
    let out = stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "sam",
                "--new-candidate",
                "--questions",
                "2",
                "--spoken",
            ])
            .args(["--seed", "3", "--report", "spoken.md"])
            .write_stdin("hard\n1 1 2 1\ntoo vague\n4\n3 3 3 3\n\n"),
    );
    assert!(out.contains("Key points to listen for:"), "{out}");
    let report = std::fs::read_to_string(env.home.path().join("spoken.md")).unwrap();
    assert!(report.contains("spoken, not transcribed"), "{report}");
    assert!(report.contains("grade **hard (the mentor's)**"), "{report}");
    assert!(report.contains("grade **easy (the mentor's)**"), "{report}");
    let history: Value = serde_json::from_str(&stdout_of(mini(&env).args([
        "--profile",
        "sam",
        "history",
        "--json",
    ])))
    .unwrap();
    let grades: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["grade"].as_str().unwrap())
        .collect();
    assert_eq!(grades, ["hard", "easy"]);
    assert!(history[0]["score"].is_null());
}

#[test]
fn profiles_remove_needs_confirmation_and_removes_only_that_profile() {
    let env = Env::new();
    for name in ["alice", "bob"] {
        stdout_of(
            mini(&env)
                .args([
                    "mock",
                    "--candidate",
                    name,
                    "--new-candidate",
                    "--questions",
                    "1",
                    "--no-rubric",
                ])
                .args(["--report", &format!("{name}.md")])
                .write_stdin("an answer\n"),
        );
    }
    // Not a terminal and no --yes: refused, nothing removed.
    let assert = mini(&env)
        .args(["profiles", "remove", "alice"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("--yes"), "{stderr}");
    assert!(env.data_dir().join("profiles/alice/log.jsonl").exists());

    // An unknown or invalid name removes nothing either.
    mini(&env)
        .args(["profiles", "remove", "carol", "--yes"])
        .assert()
        .code(2);
    mini(&env)
        .args(["profiles", "remove", "..", "--yes"])
        .assert()
        .code(2);

    let out = stdout_of(mini(&env).args(["profiles", "remove", "alice", "--yes"]));
    assert!(
        out.contains("Removed profile \"alice\" (1 review)"),
        "{out}"
    );
    assert!(!env.data_dir().join("profiles/alice").exists());
    assert!(env.data_dir().join("profiles/bob/log.jsonl").exists());
    assert!(env.home.path().join("alice.md").exists());
    let list: Value =
        serde_json::from_str(&stdout_of(mini(&env).args(["profiles", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "bob");
}

#[test]
fn progress_report_covers_mastery_weak_tasks_and_mocks() {
    let env = Env::new();
    stdout_of(
        mini(&env)
            .args([
                "mock",
                "--candidate",
                "dana",
                "--new-candidate",
                "--questions",
                "2",
                "--seed",
                "5",
            ])
            .write_stdin("nothing useful\n1 1 1 1\n\nstill nothing\n0 1 0 1\n\n"),
    );
    let report = stdout_of(
        mini(&env)
            .env("ROLECALL_NOW", "2026-03-03T09:00:00Z")
            .args(["report", "--candidate", "dana"]),
    );
    for needle in [
        "# Progress report: dana",
        "- Reviews: 2",
        "## Mastery per role",
        "| mini | Security PM",
        "## Weakest tasks",
        "rolecall study --profile dana --deck mini --role",
        "--task",
        "## Mock interviews",
        "|    1 | 2026-03-02 09:00 |         2 |   0 of 2 |",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in\n{report}");
    }
    let out = env.home.path().join("dana.md");
    stdout_of(
        mini(&env)
            .args(["report", "--candidate", "dana", "--out"])
            .arg(&out),
    );
    mini(&env)
        .args(["report", "--candidate", "dana", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    mini(&env)
        .args(["report", "--candidate", "nobody"])
        .assert()
        .code(2);
}

/// The interactive interview in a pseudo-terminal: the countdown is on
/// screen while the candidate types, says when time is up, and the answer
/// can still be finished, graded, rated on the four lenses and saved. The
/// stopwatch reads a file the test writes, so time runs out when the test
/// says, not when a loaded machine gets there.
#[test]
fn countdown_shows_in_a_terminal_and_time_up_lets_the_candidate_finish() {
    use expectrl::{Eof, Expect, Session};
    use std::time::Duration;

    let env = Env::new();
    let clock = env.home.path().join("clock");
    std::fs::write(&clock, "0").unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rolecall"));
    cmd.current_dir(env.home.path())
        .env_clear()
        .env("HOME", env.home.path())
        .env("ROLECALL_HOME", env.data_dir())
        .env("ROLECALL_NOW", "2026-03-02T09:00:00Z")
        .env("ROLECALL_TEST_CLOCK", &clock)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .arg("--decks")
        .arg(fixture("decks/mini"))
        .args([
            "mock",
            "--candidate",
            "tia",
            "--new-candidate",
            "--questions",
            "1",
            "--seconds",
            "2",
        ])
        .args(["--seed", "4", "--report", "tia.md"]);
    let mut p = Session::spawn(cmd).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    let press = |p: &mut expectrl::session::OsSession, keys: &str| {
        std::thread::sleep(Duration::from_millis(300));
        p.send(keys).unwrap();
    };

    p.expect("Press Enter to start").unwrap();
    press(&mut p, "\r");
    p.expect("Question 1 of 1").unwrap();
    // The countdown, drawn while nothing has been typed yet: no time has
    // passed on the test clock.
    p.expect("0:02 left").unwrap();
    press(&mut p, "who owns");
    // Three seconds pass: the next tick of the countdown says time is up.
    std::fs::write(&clock, "3").unwrap();
    p.expect("Time is up (+0:01)").unwrap();
    p.expect("finish your sentence").unwrap();
    // The answer is still taken after the time is up.
    press(&mut p, " the fix\r\r");
    p.expect("over the 0:02 limit").unwrap();
    p.expect("Enter = ").unwrap();
    press(&mut p, "3");
    p.expect("Grade: Good").unwrap();
    // While each lens is rated, what each of its scores means is on screen.
    p.expect("Decisions (decisions it owns)").unwrap();
    p.expect("0  Names no decision").unwrap();
    p.expect("3  Names the call, the options").unwrap();
    press(&mut p, "2");
    // The rated lens folds into its score's anchor; the next one opens.
    p.expect("Decisions 2  Names the role's own call").unwrap();
    p.expect("Evidence (evidence it works from)").unwrap();
    press(&mut p, "3");
    // The mini deck words the conflict anchors of this role itself.
    p.expect("Conflict (conflict it manages) · worded by the deck")
        .unwrap();
    p.expect("1  Names the disagreement about severity.")
        .unwrap();
    for key in ["1", "2"] {
        press(&mut p, key);
    }
    p.expect("Note (Enter to skip)").unwrap();
    press(&mut p, "clear owner\r");
    p.expect("Mock done: 1 of 1 questions answered.").unwrap();
    p.expect("Report written to tia.md").unwrap();
    p.expect(Eof).unwrap();

    let report = std::fs::read_to_string(env.home.path().join("tia.md")).unwrap();
    assert!(report.contains("who owns the fix"), "{report}");
    assert!(report.contains("over the 0:02 limit"), "{report}");
    assert!(report.contains("⏱ 0:03, over the 0:02 limit"), "{report}");
    for line in [
        "- **Decisions 2** — Names the role's own call",
        "- **Evidence 3** — Weighs the evidence",
        "- **Conflict 1** — Names the disagreement about severity.",
        "- **Leverage 2** — Proposes a concrete reusable control",
    ] {
        assert!(report.contains(line), "{report}");
    }
    assert!(
        report.contains("**Mentor's note:** clear owner"),
        "{report}"
    );
    let history: Value = serde_json::from_str(&stdout_of(mini(&env).args([
        "--profile",
        "tia",
        "history",
        "--json",
    ])))
    .unwrap();
    assert_eq!(history[0]["mode"], "mock");
    assert_eq!(history[0]["grade"], "good");
    assert!(history[0]["duration_ms"].as_u64().unwrap() >= 2000);
    assert_eq!(
        history[0]["duration_ms"], 3000,
        "as long as the test clock says"
    );
}

/// Regression: `report` counted same-day relearning as retention, so a card
/// failed and relearned within minutes showed "100% (2 of 2)" while `stats`
/// (true retention) showed no figure.
#[test]
fn report_retention_is_true_retention_as_in_stats() {
    let env = Env::new();
    let card = "cyber-pm-day/cyber-pm/intelligence-brief/duties";
    for (at, grade) in [
        ("2026-03-02T09:00:00Z", "again"),
        ("2026-03-02T09:20:00Z", "good"),
        ("2026-03-02T09:40:00Z", "good"),
    ] {
        env.cmd()
            .env("ROLECALL_NOW", at)
            .args(["answer", "--card", card, "--grade", grade])
            .assert()
            .success();
    }
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", "2026-03-02T10:00:00Z").args([
        "report",
        "--candidate",
        "default",
    ]));
    assert!(out.contains("last 30 days –, all time –"), "{out}");
}

// Regression: the scripted mock read lines as UTF-8 strings, so one stray
// byte ended the interview with exit 1 (`study` had been fixed; its copy of
// the line reader had not).
#[test]
fn a_scripted_mock_line_that_is_not_utf8_is_one_invalid_line() {
    let env = Env::new();
    let out = mini(&env)
        .args([
            "mock",
            "--candidate",
            "una",
            "--new-candidate",
            "--questions",
            "1",
            "--seed",
            "3",
        ])
        .write_stdin(&b"\xff\xfe answer\nwho owns the fix\n2 2 2 2\n\n"[..])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("invalid: the line is not UTF-8 text\n"),
        "{text}"
    );
    assert!(
        text.contains("Mock done: 1 of 1 questions answered."),
        "{text}"
    );
}
