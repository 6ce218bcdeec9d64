//! The interactive loop in a real pseudo-terminal: single keys, reveal,
//! grades, `q`, then the reviews are in `history`.

use crate::{Env, fixture, stdout_of};
use expectrl::{Eof, Expect, Session};
use serde_json::Value;
use std::time::Duration;

/// Spawns `study` over the built-in decks in a pseudo-terminal.
fn spawn_builtin(env: &Env, args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = env.process("2026-03-02T09:00:00Z");
    cmd.env("TERM", "xterm-256color")
        .env("ROLECALL_TEST_CLOCK", env.home.path().join("clock"))
        .arg("study")
        .args(args);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Spawns `study` in a pseudo-terminal. Its stopwatch reads the test clock
/// file, which is never written: every answer takes no time, so a right
/// choice is always fast enough to suggest Easy, however loaded the machine.
fn spawn_study(env: &Env, args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = env.process("2026-03-02T09:00:00Z");
    cmd.env("TERM", "xterm-256color")
        .env("ROLECALL_TEST_CLOCK", env.home.path().join("clock"))
        .arg("--decks")
        .arg(fixture("decks/pty"))
        .arg("study")
        .args(args);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Sends keys the way a person does: after the program is waiting for them.
fn press(p: &mut expectrl::session::OsSession, keys: &str) {
    std::thread::sleep(Duration::from_millis(300));
    p.send(keys).unwrap();
}

/// The card `id` as `cards --json` lists it.
fn card(env: &Env, id: &str) -> Value {
    let out = stdout_of(
        env.cmd()
            .arg("--decks")
            .arg(fixture("decks/pty"))
            .args(["cards", "--json"]),
    );
    let cards: Value = serde_json::from_str(&out).unwrap();
    cards
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

/// The screen's text (colours and cursor moves left out).
fn text(screen: &[u8]) -> String {
    let raw = String::from_utf8_lossy(screen);
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ params final-byte.
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

/// The key of the option reading `answer` on `screen`: options move between
/// presentations, so the number is read off the screen as a person would.
fn key_on_screen(screen: &[u8], answer: &str) -> String {
    let text = text(screen);
    let line = text
        .lines()
        .find(|l| l.trim_start().ends_with(&format!(") {answer}")))
        .unwrap_or_else(|| panic!("no option `{answer}` on screen:\n{text}"));
    line.trim_start().split(')').next().unwrap().to_string()
}

/// The key of the right option of choice card `id` on `screen`.
fn right_key(env: &Env, id: &str, screen: &[u8]) -> String {
    let card = card(env, id);
    key_on_screen(screen, card["answer"].as_str().unwrap())
}

#[test]
fn keys_drive_the_interactive_loop_and_reviews_are_saved() {
    let env = Env::new();
    let mut p = spawn_study(&env, &["--kind", "which-role", "--kind", "note"]);

    // A choice card: one key answers it; a fast right answer suggests Easy
    // and Enter accepts it.
    p.expect("Which role does this daily task belong to?")
        .unwrap();
    p.expect("Triage scanner findings").unwrap();
    let screen = p.expect("Press 1-2").unwrap();
    press(
        &mut p,
        &right_key(&env, "pty/appsec/triage/which-role", screen.before()),
    );
    p.expect("✓ Right.").unwrap();
    p.expect("Enter = Easy").unwrap();
    press(&mut p, "\r");

    // The second choice card, answered wrong: graded Again, overridden to Hard.
    p.expect("Align roadmap, staffing and business risk")
        .unwrap();
    let screen = p.expect("Press 1-2").unwrap();
    let right = right_key(&env, "pty/director/roadmap/which-role", screen.before());
    let wrong = if right == "1" { "2" } else { "1" };
    press(&mut p, wrong);
    p.expect("✗ Not quite").unwrap();
    p.expect("Enter = Again").unwrap();
    press(&mut p, "2");

    // A self-graded note: Enter reveals, 3 rates Good.
    p.expect("What does a Product Security Manager run")
        .unwrap();
    p.expect("press Enter to reveal").unwrap();
    press(&mut p, "\r");
    p.expect("The operating system of the team").unwrap();
    p.expect("Enter = Good").unwrap();
    press(&mut p, "3");

    // The next card: quit with q.
    p.expect("What do the strongest directors spend their time creating?")
        .unwrap();
    press(&mut p, "q");
    p.expect("Session done: 3 cards").unwrap();
    p.expect(Eof).unwrap();

    let out = stdout_of(
        env.cmd()
            .arg("--decks")
            .arg(fixture("decks/pty"))
            .args(["history", "--json"]),
    );
    let reviews: Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(&str, &str)> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["card"].as_str().unwrap(), r["grade"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("pty/appsec/triage/which-role", "easy"),
            ("pty/director/roadmap/which-role", "hard"),
            ("pty/note/operating-system", "good"),
        ]
    );
}

/// Regression: the header above a which-role card named its role, the
/// answer, before the question.
#[test]
fn a_which_role_header_does_not_name_the_role() {
    let env = Env::new();
    let mut p = spawn_study(&env, &["--kind", "which-role"]);
    let screen = p.expect("Press 1-2").unwrap();
    let screen = text(screen.before());
    let header = screen
        .lines()
        .find(|l| l.contains("· which-role"))
        .unwrap_or_else(|| panic!("no header:\n{screen}"));
    assert_eq!(header.trim(), "pty · which-role · new");
    for role in [
        "appsec",
        "director",
        "AppSec Engineer",
        "Product Security Director",
    ] {
        assert!(!header.contains(role), "{header}");
    }
    press(&mut p, "q");
    p.expect(Eof).unwrap();
}

/// Regression: `q` at the grade prompt dropped the typed answer; it now
/// keeps it with the suggested grade.
#[test]
fn q_at_the_grade_prompt_saves_the_answer() {
    let env = Env::new();
    let mut p = spawn_builtin(&env, &["--deck", "cyber-pm-day", "--kind", "duties"]);
    p.expect("Type your answer").unwrap();
    press(&mut p, "signal or noise\r");
    press(&mut p, "\r");
    p.expect("Key points covered").unwrap();
    // The grade line may wrap: its end is enough.
    let prompt = p.expect("and quit").unwrap();
    let suggested = offered(&text(prompt.before()));
    press(&mut p, "q");
    p.expect("Session done: 1 card").unwrap();
    p.expect(Eof).unwrap();
    assert_eq!(saved_grades(&env), [suggested.to_lowercase()]);
}

/// The grades of the reviews `history` lists, in order.
fn saved_grades(env: &Env) -> Vec<String> {
    let out = stdout_of(env.cmd().args(["history", "--json"]));
    let reviews: Value = serde_json::from_str(&out).unwrap();
    reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["grade"].as_str().unwrap().to_string())
        .collect()
}

/// Typed answers are edited with a real line editor: Ctrl-U, Home, End,
/// Left, Ctrl-W. The timeline's answer is typed out of order and put right
/// by editing alone: only a working editor gives the right order.
#[test]
fn the_line_editor_moves_and_deletes() {
    let env = Env::new();
    let mut p = spawn_builtin(&env, &["--deck", "cyber-pm-day", "--kind", "timeline"]);
    let screen = p.expect("Type the item numbers in order").unwrap();
    let screen = screen.before().to_vec();
    let listed: Value = serde_json::from_str(&stdout_of(env.cmd().args([
        "cards",
        "--json",
        "--deck",
        "cyber-pm-day",
        "--kind",
        "timeline",
    ])))
    .unwrap();
    let card = &listed[0];
    let titles: Vec<&str> = card["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let keys: Vec<String> = card["correct"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| key_on_screen(&screen, titles[i.as_u64().unwrap() as usize]))
        .collect();
    let n = keys.len();
    // Ctrl-U clears a false start.
    press(&mut p, "9 9 9\x15");
    // The second to the third from last, then the last...
    press(
        &mut p,
        &format!("{} {}", keys[1..n - 2].join(" "), keys[n - 1]),
    );
    // ...Left over the last, and the one before it goes in its place.
    press(&mut p, "\x1b[D");
    // (Left once more and back: Right.)
    press(&mut p, "\x1b[D\x1b[C");
    press(&mut p, &format!("{} ", keys[n - 2]));
    // The first goes in front: Home.
    press(&mut p, "\x1b[H");
    press(&mut p, &format!("{} ", keys[0]));
    // End, a stray word, Ctrl-W takes it back.
    press(&mut p, "\x1b[F 99\x17");
    press(&mut p, "\r");
    p.expect("✓ Right order.").unwrap();
    press(&mut p, "\r");
    p.expect("Session done: 1 card").unwrap();
    p.expect(Eof).unwrap();
}

/// Everything `cards` prints to a terminal with `NO_COLOR` set to `value`.
fn cards_on_a_terminal(env: &Env, no_color: &str) -> String {
    let mut cmd = env.process("2026-03-02T09:00:00Z");
    cmd.env("TERM", "xterm-256color")
        .env("NO_COLOR", no_color)
        .arg("--decks")
        .arg(fixture("decks/pty"))
        .arg("cards");
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    let found = session.expect(Eof).unwrap();
    let mut text = found.before().to_vec();
    text.extend(found.matches().flatten());
    String::from_utf8_lossy(&text).into_owned()
}

/// no-color.org: `NO_COLOR` turns colours off only when it holds a value.
#[test]
fn only_a_non_empty_no_color_turns_colours_off() {
    let env = Env::new();
    let empty = cards_on_a_terminal(&env, "");
    assert!(empty.contains("pty/appsec/triage"), "{empty}");
    assert!(empty.contains("\u{1b}["), "an empty NO_COLOR keeps colours");
    let set = cards_on_a_terminal(&env, "1");
    assert!(set.contains("pty/appsec/triage"), "{set}");
    assert!(
        !set.contains("\u{1b}["),
        "NO_COLOR=1 turns them off: {set:?}"
    );
}

/// A package is binary: onto a terminal it is refused, with what to do.
#[test]
fn a_package_is_not_written_onto_a_terminal() {
    let env = Env::new();
    let mut cmd = env.process("2026-03-02T09:00:00Z");
    cmd.env("TERM", "xterm-256color")
        .args(["export", "--format", "apkg"]);
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
        .expect("an Anki package is a binary file: name it with -o FILE.apkg")
        .unwrap();
    // And nothing but that line reached the terminal.
    let rest = session.expect(Eof).unwrap();
    assert!(rest.before().trim_ascii().is_empty(), "{:?}", rest.before());
}

/// The key points on `screen` as (number, mark), from the feedback's lines
/// `  ✓ 1. …`, `  ◐ 2. …`, `  ✗ 3. …` (the last block shown, when the
/// feedback was shown twice).
fn point_marks(screen: &str) -> Vec<(usize, char)> {
    let mut marks: Vec<(usize, char)> = Vec::new();
    for line in screen.lines() {
        let mut chars = line.trim_start().chars();
        let Some(mark @ ('✓' | '◐' | '✗')) = chars.next() else {
            continue;
        };
        let rest: String = chars.collect();
        let Some(number) = rest
            .trim_start()
            .split('.')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if number == 1 {
            marks.clear();
        }
        marks.push((number, mark));
    }
    marks
}

/// The grade on offer at the grade prompt (`Enter = Good · …`).
fn offered(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find_map(|l| {
            l.split("Enter = ")
                .nth(1)
                .map(|g| g.split(' ').next().unwrap().to_string())
        })
        .unwrap_or_else(|| panic!("no grade on offer:\n{screen}"))
}

/// The rubric as README states it: no point made is Again, only partly
/// made points are Hard, then the share made (a partly made point counting
/// half) decides: Easy from 90%, Good from 45%.
fn rubric(marks: &[(usize, char)]) -> &'static str {
    let covered = marks.iter().filter(|m| m.1 == '✓').count();
    let partial = marks.iter().filter(|m| m.1 == '◐').count();
    if covered == 0 {
        return if partial == 0 { "Again" } else { "Hard" };
    }
    let share = (covered as f32 + 0.5 * partial as f32) / marks.len() as f32;
    if share >= 0.9 {
        "Easy"
    } else if share >= 0.45 {
        "Good"
    } else {
        "Hard"
    }
}

/// A typed answer in the real loop: the learner sees a point the scorer
/// missed (✗), says "I said that" with `+N` at the grade prompt, the grade
/// on offer becomes the rubric's for the corrected points, Enter accepts
/// it, and the review is saved with that grade and the correction.
#[test]
fn a_point_corrected_at_the_grade_prompt_regrades_and_is_stored() {
    let env = Env::new();
    let mut p = spawn_builtin(
        &env,
        &[
            "--deck",
            "cyber-pm-day",
            "--role",
            "cyber-pm",
            "--task",
            "intelligence-brief",
            "--kind",
            "questions",
        ],
    );
    p.expect("Type your answer").unwrap();
    // Asks one of the card's four questions, in other words.
    press(
        &mut p,
        "whether users changed how they behave, and why right now\r",
    );
    press(&mut p, "\r");
    p.expect("Key points covered").unwrap();
    let screen = text(p.expect("and quit").unwrap().before());
    let before = point_marks(&screen);
    assert_eq!(before.len(), 4, "{screen}");
    assert_eq!(offered(&screen), rubric(&before), "{screen}");
    let missed = before
        .iter()
        .find(|m| m.1 == '✗')
        .unwrap_or_else(|| panic!("no point missed:\n{screen}"))
        .0;
    let covered_before = before.iter().filter(|m| m.1 == '✓').count();

    // `+N`: the sign opens the correction line, Enter applies it.
    press(&mut p, &format!("+{missed}"));
    press(&mut p, "\r");
    let screen = text(p.expect("and quit").unwrap().before());
    let after = point_marks(&screen);
    assert_eq!(after.len(), 4, "{screen}");
    assert!(after.contains(&(missed, '✓')), "{screen}");
    assert_eq!(
        after.iter().filter(|m| m.1 == '✓').count(),
        covered_before + 1,
        "only point {missed} changed:\n{screen}"
    );
    assert!(screen.contains("(your correction)"), "{screen}");
    let regraded = offered(&screen);
    assert_eq!(regraded, rubric(&after), "{screen}");
    press(&mut p, "\r");
    p.expect("Session done: 1 card").unwrap();
    p.expect(Eof).unwrap();

    assert_eq!(saved_grades(&env), [regraded.to_lowercase()]);
    let log = std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl")).unwrap();
    let review: Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(review["corrected"], serde_json::json!([missed]), "{log}");
}
