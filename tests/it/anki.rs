//! The exports against the real client: Anki's own library (the `anki`
//! package from the Python registry) imports them into a fresh collection
//! the way File > Import does (`tests/anki/import_into_anki.py`), and what
//! the collection then holds is compared with `rolecall cards --json`.
//!
//! `ROLECALL_ANKI_PYTHON` names a Python that has `anki` (`.ci/run` makes a
//! venv). Without it these tests print SKIPPED where the test output shows
//! it, never a silent pass; with `ROLECALL_REQUIRE_ANKI` set they fail.

use crate::{Env, fixture, stdout_of};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python to run Anki with, or `None` (after saying SKIPPED) when the
/// tests cannot run here.
fn anki_python(test: &str) -> Option<PathBuf> {
    match std::env::var_os("ROLECALL_ANKI_PYTHON") {
        Some(python) if !python.is_empty() => Some(PathBuf::from(python)),
        _ => {
            assert!(
                std::env::var_os("ROLECALL_REQUIRE_ANKI").is_none(),
                "ROLECALL_REQUIRE_ANKI is set but ROLECALL_ANKI_PYTHON is not: the install of `anki` failed (see the ERROR .ci/run printed)"
            );
            crate::say_skipped(
                test,
                "set ROLECALL_ANKI_PYTHON to a Python with the `anki` package (pip install anki)",
            );
            None
        }
    }
}

/// Imports `steps` (`KIND:PATH`) into a fresh collection of Anki in
/// language `lang` and returns what the script reports.
fn import_into_anki(python: &Path, env: &Env, lang: &str, steps: &[String]) -> Value {
    let collection = env
        .home
        .path()
        .join(format!("anki-{}", rand_name()))
        .join("collection.anki2");
    std::fs::create_dir_all(collection.parent().unwrap()).unwrap();
    let out = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/anki/import_into_anki.py"))
        .arg(&collection)
        .args(["--lang", lang])
        .args(steps)
        .env("TZ", "UTC")
        .output()
        .expect("run the Anki import script");
    assert!(
        out.status.success(),
        "the Anki import failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the Anki import script")
}

fn rand_name() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

fn cards_json(env: &Env, now: &str, args: &[&str]) -> Vec<Value> {
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", now)
            .args(args)
            .args(["cards", "--json"]),
    );
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn by_guid(items: &Value) -> BTreeMap<String, Value> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["guid"].as_str().unwrap().to_string(), item.clone()))
        .collect()
}

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

/// The learner's day of `at` (UTC, as the tests run; a new day at 04:00).
fn learner_day(at: DateTime<Utc>) -> String {
    (at - Duration::hours(4)).date_naive().to_string()
}

/// Whitespace folded, as Anki's one-line text of a field has it.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One review to write to the log: card, time, grade (1–4), milliseconds.
struct Planned {
    card: String,
    at: DateTime<Utc>,
    grade: u32,
    duration_ms: u64,
}

/// A profile with real review histories: the reviews of the first cards of
/// the FSRS fixture log (a real learner's, 2024) given to rolecall's cards,
/// every sixth card left new but one (failed once, at the end), one review
/// undone, and one review of a card no deck has any more. Returns the
/// reviews that stand, and the time just after the last one.
fn real_histories(env: &Env, cards: &[Value]) -> (Vec<Planned>, DateTime<Utc>) {
    let path = fixture("fsrs/py-fsrs_review_logs_josh_2024.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let targets: Vec<&str> = cards
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 6 != 5)
        .map(|(_, c)| c["id"].as_str().unwrap())
        .collect();
    let mut assigned: BTreeMap<String, usize> = BTreeMap::new();
    let mut planned = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let next = assigned.len();
        let index = *assigned.entry(row[0].to_string()).or_insert(next);
        let Some(card) = targets.get(index) else {
            continue;
        };
        planned.push(Planned {
            card: (*card).to_string(),
            at: row[2].parse::<DateTime<Utc>>().unwrap(),
            grade: row[1].parse().unwrap(),
            duration_ms: row[3].parse().unwrap(),
        });
    }
    let mut end = planned.iter().map(|p| p.at).max().unwrap();
    // A card seen once and failed: in learning when exported.
    end += Duration::minutes(30);
    planned.push(Planned {
        card: cards[5]["id"].as_str().unwrap().to_string(),
        at: end,
        grade: 1,
        duration_ms: 9000,
    });
    let mut log: Vec<Value> = planned
        .iter()
        .map(|p| review_line(&p.card, p.at, p.grade, p.duration_ms))
        .collect();
    // A review of a card that no deck has any more, and an undone one.
    let undone_card = planned.last().unwrap().card.clone();
    let undone_at = end + Duration::minutes(1);
    log.push(review_line("gone/role/task/questions", undone_at, 3, 1000));
    log.push(review_line(&undone_card, undone_at, 4, 1000));
    log.push(serde_json::json!({
        "type": "undo",
        "at": stamp(undone_at + Duration::seconds(5)),
        "card": undone_card,
        "review_at": stamp(undone_at),
    }));
    let log: String = log.iter().map(|line| line.to_string() + "\n").collect();
    let dir = env.data_dir().join("profiles/default");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("log.jsonl"), log).unwrap();
    (planned, undone_at + Duration::hours(1))
}

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A review as the log keeps it.
fn review_line(card: &str, at: DateTime<Utc>, grade: u32, duration_ms: u64) -> Value {
    let grade = ["again", "hard", "good", "easy"][grade as usize - 1];
    serde_json::json!({
        "type": "review",
        "card": card,
        "at": stamp(at),
        "grade": grade,
        "score": null,
        "duration_ms": duration_ms,
        "mode": "self",
        "session": null,
    })
}

/// The package with progress, imported with "Import any learning
/// progress" ticked: every card's schedule is Anki's, equal to rolecall's.
#[test]
fn a_package_with_progress_keeps_every_schedule_in_anki() {
    let Some(python) = anki_python("a_package_with_progress_keeps_every_schedule_in_anki") else {
        return;
    };
    let env = Env::new();
    let all = cards_json(&env, "2026-03-02T09:00:00Z", &[]);
    let (planned, now) = real_histories(&env, &all);
    let now = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let cards = cards_json(&env, &now, &[]);
    let package = env.home.path().join("progress.apkg");
    env.cmd()
        .env("ROLECALL_NOW", &now)
        .args(["export", "--format", "apkg", "--with-progress", "-o"])
        .arg(&package)
        .assert()
        .success();
    let steps = [
        format!("apkg:{}", package.display()),
        // Importing the same package again adds nothing.
        format!("apkg:{}", package.display()),
    ];
    let anki = import_into_anki(&python, &env, "en", &steps);
    eprintln!("Anki {}", anki["anki_version"]);
    assert_eq!(
        anki["imports"][0]["new"],
        cards.len(),
        "{}",
        anki["imports"]
    );
    assert_eq!(anki["imports"][1]["new"], 0, "{}", anki["imports"]);
    assert_eq!(anki["note_count"], cards.len());
    assert_eq!(anki["card_count"], cards.len());
    let decks: BTreeSet<&str> = anki["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        decks,
        BTreeSet::from([
            "Default",
            "rolecall",
            "rolecall::cyber-pm-day",
            "rolecall::product-security-roles"
        ])
    );
    let preset = anki["presets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "rolecall")
        .expect("the rolecall preset");
    assert!((preset["desired_retention"].as_f64().unwrap() - 0.9).abs() < 1e-6);
    assert_eq!(preset["relearn_steps"], serde_json::json!([10.0]));

    let mut grades: BTreeMap<&str, Vec<(i64, u32)>> = BTreeMap::new();
    for p in &planned {
        grades
            .entry(p.card.as_str())
            .or_default()
            .push((p.at.timestamp_millis(), p.grade));
    }
    let notes = by_guid(&anki["notes"]);
    let anki_cards = by_guid(&anki["cards"]);
    let (mut reviewed, mut learning, mut relearning) = (0, 0, 0);
    for card in &cards {
        let id = card["id"].as_str().unwrap();
        let guid = format!("rolecall:{id}");
        check_note(card, &notes[&guid]);
        let got = &anki_cards[&guid];
        assert_eq!(
            got["deck"],
            format!("rolecall::{}", card["deck"].as_str().unwrap())
        );
        let state = &card["state"];
        if state.is_null() {
            assert_eq!(
                (&got["type"], &got["queue"]),
                (&0.into(), &0.into()),
                "{id}"
            );
            assert_eq!(got["revlog"], serde_json::json!([]), "{id}");
            continue;
        }
        reviewed += 1;
        let history = &grades[id];
        check_schedule(id, state, got, history);
        match got["type"].as_i64() {
            Some(1) => learning += 1,
            Some(3) => relearning += 1,
            _ => {}
        }
    }
    eprintln!(
        "Anki imported {} notes, {} cards; {reviewed} with a schedule ({learning} learning, \
         {relearning} relearning); a second import added {}",
        anki["note_count"], anki["card_count"], anki["imports"][1]["new"]
    );
    // The real histories reach every phase.
    assert!(reviewed > 150, "{reviewed}");
    assert!(learning > 0 && relearning > 0, "{learning} {relearning}");
}

/// A card's scheduling in Anki against rolecall's state and its reviews.
fn check_schedule(id: &str, state: &Value, got: &Value, history: &[(i64, u32)]) {
    let due = time(&state["due"]);
    let last = time(&state["last_review"]);
    // Failed last time (Again): back in minutes, in (re)learning.
    let in_learning = history.last().is_some_and(|&(_, grade)| grade == 1);
    if in_learning {
        let passed_before = history[..history.len() - 1].iter().any(|&(_, g)| g > 1);
        let card_type = if passed_before { 3 } else { 1 };
        assert_eq!(got["type"], card_type, "{id}: {got}");
        assert_eq!(got["queue"], 1, "{id}");
        assert_eq!(got["due"], due.timestamp(), "{id}: due at a moment");
    } else {
        assert_eq!(
            (&got["type"], &got["queue"]),
            (&2.into(), &2.into()),
            "{id}"
        );
        assert_eq!(got["due_date"], learner_day(due), "{id}: due day");
        let days =
            (due - Duration::hours(4)).date_naive() - (last - Duration::hours(4)).date_naive();
        assert_eq!(got["interval"], days.num_days(), "{id}: interval");
    }
    assert_eq!(got["reps"], state["reps"], "{id}");
    assert_eq!(got["lapses"], state["lapses"], "{id}");
    assert_eq!(got["last_review_time"], last.timestamp(), "{id}");
    let near = |a: &Value, b: &Value, tolerance: f64| {
        let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
        (a - b).abs() <= tolerance * b.abs().max(1.0)
    };
    let memory = &got["memory_state"];
    assert!(
        near(&memory["stability"], &state["stability"], 1e-4),
        "{id}: {memory} {state}"
    );
    assert!(
        near(&memory["difficulty"], &state["difficulty"], 1e-3),
        "{id}: {memory} {state}"
    );
    // Anki's FSRS, recomputing the memory state from the review log alone,
    // lands on the same state: the log is complete and in Anki's terms.
    let recomputed = &got["recomputed_memory_state"];
    assert!(
        near(&recomputed["stability"], &state["stability"], 1e-3),
        "{id}: {recomputed} {state}"
    );
    assert!(
        near(&recomputed["difficulty"], &state["difficulty"], 1e-3),
        "{id}: {recomputed} {state}"
    );
    let revlog = got["revlog"].as_array().unwrap();
    let logged: Vec<(i64, u32)> = revlog
        .iter()
        .map(|r| {
            (
                r["id"].as_i64().unwrap(),
                r["ease"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    assert_eq!(logged, history, "{id}: the review log");
}

/// A note's fields, tags and type, against the card it came from.
fn check_note(card: &Value, note: &Value) {
    let id = card["id"].as_str().unwrap();
    let front = note["text"][0].as_str().unwrap();
    let back = note["text"][1].as_str().unwrap();
    let prompt = one_line(card["prompt"].as_str().unwrap());
    assert!(front.starts_with(&prompt), "{id}: {front:?} / {prompt:?}");
    for choice in card["choices"].as_array().unwrap() {
        assert!(
            front.contains(&one_line(choice.as_str().unwrap())),
            "{id}: {front:?}"
        );
    }
    let answer = one_line(card["answer"].as_str().unwrap());
    match card["mode"].as_str().unwrap() {
        "choice" => {
            let right = &card["choices"][card["correct"][0].as_u64().unwrap() as usize];
            assert!(
                back.contains(&one_line(right.as_str().unwrap())),
                "{id}: {back:?}"
            );
        }
        "order" => {
            for i in card["correct"].as_array().unwrap() {
                let item = &card["choices"][i.as_u64().unwrap() as usize];
                assert!(back.contains(&one_line(item.as_str().unwrap())), "{id}");
            }
        }
        _ => {
            assert!(back.starts_with(&answer), "{id}: {back:?} / {answer:?}");
            for point in card["key_points"].as_array().unwrap() {
                assert!(
                    back.contains(&one_line(point.as_str().unwrap())),
                    "{id}: {back:?}"
                );
            }
        }
    }
    let place = match card["role"].as_str() {
        Some(role) => format!("rolecall::{}::{role}", card["deck"].as_str().unwrap()),
        None => format!("rolecall::{}", card["deck"].as_str().unwrap()),
    };
    let tags = serde_json::json!([
        place,
        format!("rolecall::kind::{}", card["kind"].as_str().unwrap())
    ]);
    let mut expected: Vec<String> = serde_json::from_value(tags).unwrap();
    expected.sort();
    assert_eq!(note["tags"], serde_json::json!(expected), "{id}");
}

/// The text export, imported into an English and a German collection: no
/// note lost to a leading `#`, every field where it belongs whatever the
/// note type's field names, and a second import adds nothing. The notes
/// are the package's notes, field for field.
#[test]
fn the_text_export_imports_whole_into_english_and_german_anki() {
    let Some(python) = anki_python("the_text_export_imports_whole_into_english_and_german_anki")
    else {
        return;
    };
    let env = Env::new();
    let hash = fixture("decks/hash");
    let mut steps = Vec::new();
    let mut all_cards = Vec::new();
    for (name, decks) in [("built-in", None), ("hash", Some(&hash))] {
        let mut args: Vec<&str> = Vec::new();
        let dir = decks.map(|d| d.to_str().unwrap());
        if let Some(dir) = dir {
            args.extend(["--decks", dir]);
        }
        let text = env.home.path().join(format!("{name}.txt"));
        env.cmd()
            .args(&args)
            .args(["export", "--format", "anki", "-o"])
            .arg(&text)
            .assert()
            .success();
        steps.push(format!("text:{}", text.display()));
        all_cards.extend(cards_json(&env, "2026-03-02T09:00:00Z", &args));
    }
    let package = env.home.path().join("built-in.apkg");
    env.cmd()
        .args(["export", "--format", "apkg", "-o"])
        .arg(&package)
        .assert()
        .success();
    let from_package = import_into_anki(
        &python,
        &env,
        "en",
        &[format!("apkg:{}", package.display())],
    );
    let package_notes = by_guid(&from_package["notes"]);
    for (lang, notetype, fields) in [
        ("en", "Basic", ["Front", "Back"]),
        ("de", "Einfach", ["Vorderseite", "Rückseite"]),
    ] {
        // Each file twice: the second time updates, never adds.
        let twice: Vec<String> = steps.iter().chain(&steps).cloned().collect();
        let anki = import_into_anki(&python, &env, lang, &twice);
        let imports = anki["imports"].as_array().unwrap();
        assert_eq!(
            imports[0]["new"],
            all_cards.len() - 6,
            "{lang}: {imports:?}"
        );
        assert_eq!(
            imports[1]["new"], 6,
            "{lang}: the # deck whole: {imports:?}"
        );
        assert_eq!(imports[2]["new"], 0, "{lang}: {imports:?}");
        assert_eq!(imports[3]["new"], 0, "{lang}: {imports:?}");
        assert_eq!(anki["note_count"], all_cards.len(), "{lang}");
        eprintln!(
            "Anki ({lang}) imported {} notes from the text exports; again: {} and {} new",
            anki["note_count"], imports[2]["new"], imports[3]["new"]
        );
        let notes = by_guid(&anki["notes"]);
        for card in &all_cards {
            let guid = format!("rolecall:{}", card["id"].as_str().unwrap());
            let note = &notes[&guid];
            assert_eq!(note["notetype"], notetype, "{lang}");
            assert_eq!(note["field_names"], serde_json::json!(fields), "{lang}");
            check_note(card, note);
            if let Some(same) = package_notes.get(&guid) {
                assert_eq!(note["fields"], same["fields"], "{lang}: {guid}");
                assert_eq!(note["tags"], same["tags"], "{lang}: {guid}");
            }
        }
        let cards = by_guid(&anki["cards"]);
        for card in &all_cards {
            let guid = format!("rolecall:{}", card["id"].as_str().unwrap());
            assert_eq!(
                cards[&guid]["deck"],
                format!("rolecall::{}", card["deck"].as_str().unwrap()),
                "{lang}"
            );
        }
    }
    // Without "Import any learning progress" (Anki's default), a package
    // with progress still imports every note, as new cards.
    let (_, now) = real_histories(&env, &cards_json(&env, "2026-03-02T09:00:00Z", &[]));
    let with_progress = env.home.path().join("progress.apkg");
    env.cmd()
        .env("ROLECALL_NOW", now.to_rfc3339())
        .args(["export", "--format", "apkg", "--with-progress", "-o"])
        .arg(&with_progress)
        .assert()
        .success();
    let plain = import_into_anki(
        &python,
        &env,
        "en",
        &[format!("apkg-defaults:{}", with_progress.display())],
    );
    assert_eq!(plain["note_count"], from_package["note_count"]);
    assert!(
        plain["cards"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["type"] == 0)
    );
}
