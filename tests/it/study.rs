//! Study sessions through scripted mode: the queue, FSRS states and the log.

use crate::{Env, scripted, stdout_of};
use chrono::{DateTime, Duration, Timelike, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

/// How the scripted learner answers one card: the answer line, and the
/// grade line for typed and self-graded cards.
type Policy<'a> = dyn FnMut(&Value, usize) -> (String, Option<String>) + 'a;

/// A finished scripted session: the card ids asked, in order, and stdout.
pub struct Transcript {
    pub asked: Vec<String>,
    pub stdout: String,
    pub status: std::process::ExitStatus,
}

/// Follows a scripted session's output card by card: which card is asked
/// (its id, even when the header hides it because the id names the answer)
/// and the card as shown, with its options in the order printed and
/// `correct` renumbered to match.
pub struct Reader {
    cards: HashMap<String, Value>,
    header: Option<(String, String)>,
    prompt: Vec<String>,
    choices: Vec<String>,
}

impl Reader {
    pub fn new(env: &Env) -> Reader {
        Reader::with_cards(cards_by_id(env))
    }

    /// A reader over cards already listed (`cards --json`, by id).
    pub fn with_cards(cards: HashMap<String, Value>) -> Reader {
        Reader {
            cards,
            header: None,
            prompt: Vec::new(),
            choices: Vec::new(),
        }
    }

    /// Takes one line of output; on a card's answer hint, returns the
    /// card's id and the card as shown.
    pub fn line(&mut self, line: &str) -> Option<(String, Value)> {
        if let Some(rest) = line.strip_prefix('[')
            && let Some((_, rest)) = rest.split_once("] ")
        {
            let mut parts = rest.split(" · ");
            let label = parts.next().unwrap_or_default().to_string();
            let kind = parts.next().unwrap_or_default().to_string();
            self.header = Some((label, kind));
            self.prompt.clear();
            self.choices.clear();
            return None;
        }
        let (label, kind) = self.header.clone()?;
        if line.starts_with("(answer:") {
            self.header = None;
            let card = self.identify(&label, &kind);
            return Some((
                card["id"].as_str().unwrap().to_string(),
                self.as_shown(card),
            ));
        }
        let numbered = line
            .strip_prefix("  ")
            .and_then(|l| l.split_once(". "))
            .filter(|(n, _)| n.parse::<usize>().is_ok());
        match numbered {
            Some((_, text)) => self.choices.push(text.to_string()),
            None => self.prompt.push(line.to_string()),
        }
        None
    }

    /// The card a header and prompt stand for: by id, or (when the header
    /// shows less) by kind, prompt and options.
    fn identify(&self, label: &str, kind: &str) -> &Value {
        if let Some(card) = self
            .cards
            .values()
            .find(|c| Self::inert(c["id"].as_str().unwrap()) == label)
        {
            return card;
        }
        let prompt = self.prompt.join("\n");
        let mut options = self.choices.clone();
        options.sort();
        self.cards
            .values()
            .find(|c| {
                let mut theirs: Vec<String> = c["choices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| Self::inert(v.as_str().unwrap()))
                    .collect();
                theirs.sort();
                c["kind"] == kind
                    && Self::inert(c["id"].as_str().unwrap()).starts_with(&format!("{label}/"))
                    && Self::inert(c["prompt"].as_str().unwrap()) == prompt
                    && theirs == options
            })
            .unwrap_or_else(|| panic!("no card for {label} · {kind}: {prompt}"))
    }

    /// A card's text as the terminal shows it: controls and format
    /// characters escaped as `\u{1b}` (what `text::inert` does to untrusted
    /// deck text).
    fn inert(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            // Unicode format characters (bidi marks, embeddings, overrides and
            // isolates, U+061C, zero-width ones, the BOM, tags) and the line
            // and paragraph separators.
            let format = matches!(c,
                '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
                    | '\u{e0001}' | '\u{e0020}'..='\u{e007f}');
            match c {
                '\r' => {}
                '\n' | '\t' => out.push(c),
                c if c.is_control() || format => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        out
    }

    fn as_shown(&self, card: &Value) -> Value {
        as_shown(card, &self.choices)
    }
}

/// `card` (as `cards --json` lists it) with its options in the order
/// `choices` shows them (inert text) and `correct` renumbered to match.
pub fn as_shown(card: &Value, choices: &[String]) -> Value {
    let mut shown = card.clone();
    if choices.is_empty() {
        return shown;
    }
    let original: Vec<&str> = card["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let correct: Vec<usize> = card["correct"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let text = Reader::inert(original[v.as_u64().unwrap() as usize]);
            choices.iter().position(|c| *c == text).unwrap()
        })
        .collect();
    shown["choices"] = serde_json::json!(choices);
    shown["correct"] = serde_json::json!(correct);
    shown
}

/// Runs `rolecall study ARGS` at `now`, answering each card as `policy`
/// says by reading the prompts as they come (the scripted protocol). The
/// offer to drill missed cards is declined.
pub fn drive(env: &Env, now: &str, args: &[&str], policy: &mut Policy) -> Transcript {
    drive_with(env, now, args, policy, false)
}

/// [`drive`], accepting or declining the drill.
pub fn drive_with(
    env: &Env,
    now: &str,
    args: &[&str],
    policy: &mut Policy,
    drill: bool,
) -> Transcript {
    let mut reader = Reader::new(env);
    let mut child = env
        .process(now)
        .arg("study")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("rolecall starts");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut asked = Vec::new();
    let mut transcript = String::new();
    let mut pending_grade: Option<String> = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        transcript.push_str(&line);
        transcript.push('\n');
        if let Some((id, card)) = reader.line(&line) {
            asked.push(id);
            let (answer, grade) = policy(&card, asked.len() - 1);
            pending_grade = grade;
            writeln!(stdin, "{answer}").unwrap();
            stdin.flush().unwrap();
        } else if line.starts_with("Grade [") {
            let grade = pending_grade.take().unwrap_or_default();
            writeln!(stdin, "{grade}").unwrap();
            stdin.flush().unwrap();
        } else if line.starts_with("Drill ") && line.ends_with("[y/N]") {
            writeln!(stdin, "{}", if drill { "y" } else { "n" }).unwrap();
            stdin.flush().unwrap();
        }
    }
    drop(stdin);
    let status = child.wait().unwrap();
    Transcript {
        asked,
        stdout: transcript,
        status,
    }
}

fn cards_by_id(env: &Env) -> HashMap<String, Value> {
    let out = stdout_of(env.cmd().args(["cards", "--json"]));
    let cards: Value = serde_json::from_str(&out).unwrap();
    cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c.clone()))
        .collect()
}

/// The right answer line for a choice or ordering card; text otherwise.
pub fn right_answer(card: &Value) -> String {
    let correct: Vec<u64> = card["correct"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    match card["mode"].as_str().unwrap() {
        "choice" => (correct[0] + 1).to_string(),
        "order" => correct
            .iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(" "),
        _ => "an answer".to_string(),
    }
}

/// Answers every card right and grades typed/self cards `grade`.
pub fn always(grade: &'static str) -> impl FnMut(&Value, usize) -> (String, Option<String>) {
    move |card, _| (right_answer(card), Some(grade.to_string()))
}

fn history(env: &Env, now: &str) -> Vec<Value> {
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", now)
            .args(["history", "--json"]),
    );
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Each reviewed card's state as `cards --json` reports it at `now`, by id.
pub fn states(env: &Env, now: &str) -> HashMap<String, Value> {
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", now).args(["cards", "--json"]));
    let cards: Value = serde_json::from_str(&out).unwrap();
    cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["state"].is_null())
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["state"].clone()))
        .collect()
}

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The study day (04:00 rollover, UTC in these tests).
fn study_day(t: DateTime<Utc>) -> chrono::NaiveDate {
    (t - Duration::hours(4)).date_naive()
}

/// Every card's stability and difficulty equal what the `fsrs` crate
/// computes from that card's history.
fn assert_states_match_fsrs(env: &Env, now: &str) {
    let fsrs = fsrs::FSRS::new(&fsrs::DEFAULT_PARAMETERS).unwrap();
    let mut by_card: HashMap<String, Vec<(DateTime<Utc>, u32)>> = HashMap::new();
    for review in history(env, now) {
        let grade = match review["grade"].as_str().unwrap() {
            "again" => 1,
            "hard" => 2,
            "good" => 3,
            _ => 4,
        };
        by_card
            .entry(review["card"].as_str().unwrap().to_string())
            .or_default()
            .push((time(review["at"].as_str().unwrap()), grade));
    }
    let states = states(env, now);
    assert_eq!(states.len(), by_card.len());
    for (card, reviews) in by_card {
        let mut items = Vec::new();
        let mut previous: Option<DateTime<Utc>> = None;
        for (at, rating) in &reviews {
            let delta_t = previous.map_or(0, |p| {
                u32::try_from((study_day(*at) - study_day(p)).num_days()).unwrap()
            });
            items.push(fsrs::FSRSReview {
                rating: *rating,
                delta_t,
            });
            previous = Some(*at);
        }
        let expected = fsrs
            .memory_state(fsrs::FSRSItem { reviews: items }, None)
            .unwrap();
        let state = &states[&card];
        let stability = state["stability"].as_f64().unwrap() as f32;
        let difficulty = state["difficulty"].as_f64().unwrap() as f32;
        assert!(
            (stability - expected.stability).abs() <= 1e-3 * expected.stability.max(1.0),
            "{card}: stability {stability} vs fsrs {}",
            expected.stability
        );
        assert!(
            (difficulty - expected.difficulty).abs() <= 1e-3,
            "{card}: difficulty {difficulty} vs fsrs {}",
            expected.difficulty
        );
        assert_eq!(
            state["reps"].as_u64().unwrap(),
            reviews.len() as u64,
            "{card}"
        );
    }
}

/// The cards `cards --json` says are due at `now`: lowest retrievability
/// first, ties in deck order.
fn due_at(env: &Env, now: &str) -> Vec<String> {
    let at = time(now);
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", now).args(["cards", "--json"]));
    let cards: Value = serde_json::from_str(&out).unwrap();
    let mut due: Vec<(f64, usize, String)> = cards
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| !c["state"].is_null())
        .filter(|(_, c)| time(c["state"]["due"].as_str().unwrap()) <= at)
        .map(|(i, c)| {
            let r = c["state"]["retrievability"].as_f64().unwrap();
            (r, i, c["id"].as_str().unwrap().to_string())
        })
        .collect();
    due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    due.into_iter().map(|(_, _, id)| id).collect()
}

#[test]
fn a_multi_day_simulation_asks_exactly_what_fsrs_made_due() {
    let env = Env::new();
    let deck = ["--deck", "product-security-roles"];
    // Day 0: learn 10 new cards; grade them in a varied pattern, and fail
    // every fourth one once so that same-day relearning is exercised.
    let day0 = "2026-03-02T09:00:00Z";
    let mut failed_once = std::collections::HashSet::new();
    let mut policy = |card: &Value, n: usize| {
        let id = card["id"].as_str().unwrap().to_string();
        let grade = ["good", "hard", "easy", "good"][n % 4];
        if n % 4 == 3 && failed_once.insert(id) {
            let answer = match card["mode"].as_str().unwrap() {
                "choice" => wrong_choice(card),
                "order" => wrong_order(card),
                _ => "no idea".into(),
            };
            return (answer, Some("again".to_string()));
        }
        (right_answer(card), Some(grade.to_string()))
    };
    let t = drive(&env, day0, &deck, &mut policy);
    assert!(t.status.success(), "{}", t.stdout);
    let distinct: std::collections::HashSet<&String> = t.asked.iter().collect();
    assert_eq!(distinct.len(), 10, "ten new cards on day 0: {:?}", t.asked);
    assert!(t.asked.len() > 10, "failed cards came back: {:?}", t.asked);
    assert_states_match_fsrs(&env, day0);

    for (day, now) in [
        (1, "2026-03-03T09:00:00Z"),
        (3, "2026-03-05T09:00:00Z"),
        (10, "2026-03-12T09:00:00Z"),
    ] {
        let expected = due_at(&env, now);
        let t = drive(
            &env,
            now,
            &[deck[0], deck[1], "--new", "0"],
            &mut always("good"),
        );
        assert!(t.status.success(), "day {day}: {}", t.stdout);
        assert_eq!(t.asked, expected, "day {day}");
        if expected.is_empty() {
            assert!(
                t.stdout
                    .contains("Nothing to study right now: no card is due."),
                "{}",
                t.stdout
            );
        }
        assert_states_match_fsrs(&env, now);
    }
}

fn wrong_choice(card: &Value) -> String {
    let right = card["correct"][0].as_u64().unwrap();
    (if right == 0 { 2 } else { 1 }).to_string()
}

fn wrong_order(card: &Value) -> String {
    let n = card["choices"].as_array().unwrap().len();
    let right = right_answer(card);
    let mut order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    if order.join(" ") == right {
        order.reverse();
    }
    order.join(" ")
}

#[test]
fn scripted_session_saves_reviews_and_quits_cleanly() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00Z";
    let mut quit_after_two = |card: &Value, n: usize| {
        if n == 2 {
            ("q".to_string(), None)
        } else {
            (right_answer(card), Some(String::new()))
        }
    };
    let t = drive(&env, now, &["--deck", "cyber-pm-day"], &mut quit_after_two);
    assert!(t.status.success());
    assert_eq!(t.stdout.matches("saved: ").count(), 2, "{}", t.stdout);
    assert!(t.stdout.contains("Session done: 2 cards"), "{}", t.stdout);
    let reviews = history(&env, now);
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0]["card"], t.asked[0].as_str());
    assert_eq!(reviews[0]["mode"], "typed");
    assert!(reviews[0]["score"].is_number());
}

#[test]
fn end_of_input_ends_the_session_and_the_new_card_limit_holds() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["study", "--new", "3"])
        .write_stdin("1\n\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("[1/3] "), "{out}");
    assert_eq!(out.matches("saved: ").count(), 1, "{out}");
    // The allowance counts cards introduced earlier today (a fresh queue,
    // not the interrupted one).
    let out = scripted(&env, &["study", "--new", "3", "--fresh"], "");
    assert!(out.contains("[1/2] "), "two new cards left today: {out}");
}

#[test]
fn an_invalid_line_is_reported_and_the_next_one_read() {
    let env = Env::new();
    let out = scripted(
        &env,
        &["study", "--deck", "cyber-pm-day", "--kind", "timeline"],
        "1 2\n1 2 3 4 5 6 7 8 9\n",
    );
    assert!(
        out.contains("invalid: name all 9 items in order (you gave 2)"),
        "{out}"
    );
    assert_eq!(out.matches("saved: ").count(), 1, "{out}");
}

#[test]
fn bad_flags_and_names_are_rejected_with_exit_2() {
    let env = Env::new();
    for (args, message) in [
        (vec!["study", "--role", "wizard"], "no role `wizard`"),
        (vec!["study", "--deck", "nope"], "no deck `nope`"),
        (
            vec!["study", "--kind", "riddle"],
            "unknown card kind `riddle`",
        ),
        (vec!["study", "--retention", "0.5"], "out of range"),
        (vec!["--profile", "../x", "study"], "profile name"),
        (vec!["--now", "yesterday", "study"], "not an RFC 3339 time"),
    ] {
        env.cmd()
            .args(&args)
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    assert!(
        !env.data_dir()
            .join("profiles")
            .join("..")
            .join("x")
            .exists()
    );
}

#[test]
fn reviews_are_at_the_fixed_time_and_rounded_to_milliseconds() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00.123456Z";
    drive(&env, now, &["--limit", "1"], &mut always("good"));
    let reviews = history(&env, now);
    assert_eq!(reviews.len(), 1);
    let at = time(reviews[0]["at"].as_str().unwrap());
    assert_eq!(at.nanosecond(), 123_000_000);
}

#[test]
fn a_review_acknowledged_before_sigkill_survives() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00Z";
    let mut reader = Reader::new(&env);
    let mut child = env
        .process(now)
        .args(["study", "--deck", "cyber-pm-day"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut card = String::new();
    let mut acknowledged = None;
    while let Some(Ok(line)) = lines.next() {
        if let Some((id, shown)) = reader.line(&line) {
            card = id;
            writeln!(stdin, "{}", right_answer(&shown)).unwrap();
        } else if line.starts_with("Grade [") {
            writeln!(stdin, "good").unwrap();
        } else if line.starts_with("saved: ") {
            acknowledged = Some(card.clone());
            // Killed right after the acknowledgement, with input still open.
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    let acknowledged = acknowledged.expect("one review acknowledged");
    let reviews = history(&env, now);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["card"], acknowledged.as_str());
    // The profile opens again (the lock died with the process) and the
    // card is not asked again today.
    let t = drive(
        &env,
        now,
        &["--deck", "cyber-pm-day", "--limit", "3"],
        &mut always("good"),
    );
    assert!(t.status.success(), "{}", t.stdout);
    assert!(!t.asked.contains(&acknowledged));
    assert_eq!(history(&env, now).len(), 4);
}

#[test]
fn a_second_session_on_the_same_profile_is_refused() {
    let env = Env::new();
    let mut first = env
        .process("2026-03-02T09:00:00Z")
        .arg("study")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the first session shows a card (it holds the lock by then).
    let mut lines = BufReader::new(first.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        if line.starts_with("(answer:") {
            break;
        }
    }
    env.cmd()
        .arg("study")
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "profile \"default\" is in use by pid {}",
            first.id()
        )));
    // The first session is unharmed: it still takes an answer and saves it.
    let mut stdin = first.stdin.take().unwrap();
    writeln!(stdin, "an answer\ngood").unwrap();
    let mut saved = false;
    for line in lines.by_ref().map_while(Result::ok) {
        if line.starts_with("saved: ") {
            saved = true;
            break;
        }
    }
    drop(stdin);
    assert!(saved);
    assert!(first.wait().unwrap().success());
}

/// Regression: a snapshot written under `--retention 0.75` was reused by
/// later runs at the default 0.90, so due dates depended on whether the
/// cache existed. The snapshot now records its scheduling settings.
#[test]
fn states_do_not_depend_on_whether_the_snapshot_exists() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00Z";
    drive(
        &env,
        now,
        &["--retention", "0.75", "--limit", "2"],
        &mut always("good"),
    );
    let with_snapshot = states(&env, now);
    std::fs::remove_file(env.data_dir().join("profiles/default/snapshot.bin")).unwrap();
    let replayed = states(&env, now);
    assert_eq!(with_snapshot.len(), 2);
    assert_eq!(with_snapshot, replayed);
}

/// Regression: a card failed every time came back forever, so a session of
/// blank answers never reached the other cards; and a failed card came back
/// right after its own answer when little else was queued.
#[test]
fn a_failed_card_comes_back_after_real_distance_at_most_twice() {
    let env = Env::new();
    let mut fail = |_: &Value, _: usize| ("no idea".to_string(), Some("again".to_string()));
    let t = drive(
        &env,
        "2026-03-02T09:00:00Z",
        &["--deck", "cyber-pm-day", "--kind", "duties", "--limit", "4"],
        &mut fail,
    );
    assert!(t.status.success(), "{}", t.stdout);
    // Each of the four cards: first ask plus two returns, each return
    // after the three others.
    assert_eq!(t.asked.len(), 12, "{:?}", t.asked);
    for (i, id) in t.asked.iter().enumerate() {
        assert_eq!(t.asked.iter().filter(|a| *a == id).count(), 3, "{id}");
        assert!(
            !t.asked[i + 1..].iter().take(3).any(|a| a == id),
            "{id} came back too soon: {:?}",
            t.asked
        );
    }

    // Two cards and no time passing: neither can come back without being
    // asked right after its own answer. The session says so, ends, and the
    // same command brings them back later.
    let env = Env::new();
    let args = ["--deck", "cyber-pm-day", "--kind", "duties", "--limit", "2"];
    let t = drive(&env, "2026-03-02T09:00:00Z", &args, &mut fail);
    assert!(t.status.success(), "{}", t.stdout);
    assert_eq!(t.asked.len(), 2, "{:?}", t.asked);
    assert!(
        t.stdout
            .contains("2 cards you missed come back after a short break"),
        "{}",
        t.stdout
    );
    let later = drive(&env, "2026-03-02T09:15:00Z", &args, &mut always("good"));
    assert!(
        later
            .stdout
            .contains("Resuming today's interrupted session: 2 cards left"),
        "{}",
        later.stdout
    );
    let mut first = t.asked.clone();
    first.sort();
    let mut again = later.asked.clone();
    again.sort();
    assert_eq!(first, again);
}

/// Regression: bare `rolecall` introduced new cards one deck and one kind
/// at a time (day 1: eight PM duties cards; the PM deck before any application security
/// card). Three days now meet every shipped role, and each day mixes decks
/// and kinds.
#[test]
fn three_days_of_bare_study_meet_every_role_and_mix_kinds() {
    let env = Env::new();
    let cards = cards_by_id(&env);
    let decks: Value =
        serde_json::from_str(&stdout_of(env.cmd().args(["decks", "--json"]))).unwrap();
    let roles: std::collections::BTreeSet<String> = decks
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["role_ids"].as_array().unwrap().clone())
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert!(roles.len() >= 5, "{roles:?}");
    let mut met = std::collections::BTreeSet::new();
    for now in [
        "2026-03-02T09:00:00Z",
        "2026-03-03T09:00:00Z",
        "2026-03-04T09:00:00Z",
    ] {
        let t = drive(&env, now, &[], &mut always("good"));
        assert!(t.status.success(), "{}", t.stdout);
        // Headers of new cards: `[N/T] LABEL · KIND · new`, LABEL starting
        // with the deck.
        let new: Vec<(&str, &str)> = t
            .stdout
            .lines()
            .filter(|l| l.starts_with('[') && l.ends_with(" · new"))
            .map(|l| {
                let mut parts = l.split_once("] ").unwrap().1.split(" · ");
                let label = parts.next().unwrap();
                (label.split('/').next().unwrap(), parts.next().unwrap())
            })
            .collect();
        assert_eq!(new.len(), 10, "{now}: ten new cards");
        let kinds: std::collections::BTreeSet<&str> = new.iter().map(|n| n.1).collect();
        let day_decks: std::collections::BTreeSet<&str> = new.iter().map(|n| n.0).collect();
        assert!(kinds.len() >= 3, "{now}: new cards of kinds {kinds:?}");
        assert_eq!(
            day_decks.len(),
            2,
            "{now}: new cards of decks {day_decks:?}"
        );
        met.extend(
            t.asked
                .iter()
                .filter_map(|id| cards[id]["role"].as_str().map(str::to_string)),
        );
    }
    assert_eq!(met, roles, "roles met in three days");
}
