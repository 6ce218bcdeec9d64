//! Scheduling through the binary: the profile's day boundary, due days,
//! back-dated reviews, and the fit on a real review log.

use crate::study::states;
use crate::{Env, stdout_of};
use serde_json::Value;

/// A card of the built-in decks, for reviews recorded with `answer`.
const CARD: &str = "product-security-roles/appsec-engineer/review-changes/duties";

fn settings(env: &Env, profile: &str) -> Value {
    let path = env
        .data_dir()
        .join("profiles")
        .join(profile)
        .join("settings.json");
    std::fs::read_to_string(&path).map_or(Value::Null, |t| serde_json::from_str(&t).unwrap())
}

fn write_settings(env: &Env, profile: &str, settings: &Value) {
    let dir = env.data_dir().join("profiles").join(profile);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("settings.json"), settings.to_string()).unwrap();
}

/// `rolecall answer --json` for [`CARD`] at `now` on a machine in `tz`.
fn answer(env: &Env, tz: &str, now: &str, grade: &str) -> Value {
    let out = stdout_of(
        env.cmd()
            .env("TZ", tz)
            .env("ROLECALL_NOW", now)
            .args(["answer", "--card", CARD, "--grade", grade, "--json"]),
    );
    serde_json::from_str(&out).unwrap()
}

/// `rolecall stats --json` at `now` on a machine in `tz`.
fn stats(env: &Env, tz: &str, now: &str) -> Value {
    let out = stdout_of(
        env.cmd()
            .env("TZ", tz)
            .env("ROLECALL_NOW", now)
            .args(["stats", "--json"]),
    );
    serde_json::from_str(&out).unwrap()
}

fn stats_today(env: &Env, tz: &str, now: &str) -> String {
    stats(env, tz, now)["today"].as_str().unwrap().to_string()
}

#[test]
fn a_profile_keeps_the_day_boundary_of_the_machine_it_started_on() {
    let env = Env::new();
    answer(&env, "America/New_York", "2026-03-02T15:00:00Z", "good");
    let s = settings(&env, "default");
    assert_eq!(s["time_zone"], "America/New_York", "{s}");
    assert_eq!(s["rollover_hour"], 4, "{s}");
    // 06:00 UTC is 01:00 in New York, still the learner day of the 2nd;
    // a machine in UTC (CI) reads the profile's days, not its own.
    let now = "2026-03-03T06:00:00Z";
    assert_eq!(stats_today(&env, "UTC", now), "2026-03-02");
    assert_eq!(stats_today(&env, "Asia/Tokyo", now), "2026-03-02");
    // The learner moves: editing the setting moves the day boundary.
    let mut moved = s.clone();
    moved["time_zone"] = "UTC".into();
    write_settings(&env, "default", &moved);
    assert_eq!(stats_today(&env, "America/New_York", now), "2026-03-03");
}

#[test]
fn a_profile_without_the_setting_uses_the_machines_zone_and_records_it_on_first_write() {
    let env = Env::new();
    write_settings(&env, "default", &serde_json::json!({"new_per_day": 5}));
    let now = "2026-03-03T06:00:00Z";
    // Read-only commands use the machine's zone and write nothing.
    assert_eq!(stats_today(&env, "America/New_York", now), "2026-03-02");
    assert_eq!(stats_today(&env, "UTC", now), "2026-03-03");
    assert_eq!(
        settings(&env, "default"),
        serde_json::json!({"new_per_day": 5})
    );
    // The first review records it, keeping the other settings.
    answer(&env, "Europe/Paris", now, "good");
    let s = settings(&env, "default");
    assert_eq!(s["time_zone"], "Europe/Paris", "{s}");
    assert_eq!(s["rollover_hour"], 4, "{s}");
    assert_eq!(s["new_per_day"], 5, "{s}");
}

#[test]
fn a_day_boundary_setting_that_means_nothing_is_refused() {
    let env = Env::new();
    for (written, message) in [
        (
            serde_json::json!({"time_zone": "Pacific/Atlantis"}),
            "settings.json: time_zone: `Pacific/Atlantis` is not a time zone: use an IANA name \
             such as Europe/Berlin or a UTC offset such as +05:30",
        ),
        (
            serde_json::json!({"time_zone": "+02:00", "rollover_hour": 30}),
            "settings.json: rollover_hour: day rollover hour 30 is not an hour of the day (0–23)",
        ),
    ] {
        write_settings(&env, "default", &written);
        for args in [&["stats"][..], &["study", "--limit", "1"]] {
            env.cmd()
                .args(args)
                .write_stdin("")
                .assert()
                .code(2)
                .stderr(predicates::str::contains(message));
        }
        assert_eq!(settings(&env, "default"), written, "left as it was");
    }
}

/// The card `next --json --new 0` offers at `now` (no new cards), if any.
fn next_due(env: &Env, tz: &str, now: &str) -> Option<String> {
    let out = stdout_of(
        env.cmd()
            .env("TZ", tz)
            .env("ROLECALL_NOW", now)
            .args(["next", "--json", "--new", "0"]),
    );
    let next: Value = serde_json::from_str(&out).unwrap();
    next["id"].as_str().map(str::to_string)
}

fn due_now(env: &Env, tz: &str, now: &str) -> u64 {
    stats(env, tz, now)["cards"]["due_now"].as_u64().unwrap()
}

#[test]
fn a_card_due_in_days_is_offered_from_the_start_of_its_due_day() {
    let env = Env::new();
    let tz = "America/Los_Angeles";
    // A new card answered Good at 20:00 local (UTC-7): 2 days.
    let saved = answer(&env, tz, "2026-05-01T20:00:00-07:00", "good");
    assert_eq!(saved["interval"], "2d", "{saved}");
    assert_eq!(saved["state"]["due"], "2026-05-03T11:00:00.000Z", "{saved}");
    // 03:59 on the due day is still the day before; from 04:00 it is due,
    // a morning learner sees it then, not at 20:00.
    for (now, offered) in [
        ("2026-05-02T20:00:00-07:00", false),
        ("2026-05-03T03:59:00-07:00", false),
        ("2026-05-03T04:00:00-07:00", true),
        ("2026-05-03T08:30:00-07:00", true),
    ] {
        let expected = offered.then(|| CARD.to_string());
        assert_eq!(next_due(&env, tz, now), expected, "next at {now}");
        assert_eq!(due_now(&env, tz, now), u64::from(offered), "stats at {now}");
    }
    // The forecast puts it on its due day.
    let forecast = &stats(&env, "UTC", "2026-05-02T09:00:00-07:00")["forecast"];
    assert_eq!(forecast[1]["date"], "2026-05-03");
    assert_eq!(forecast[1]["due"], 1);
    assert_eq!(forecast[0]["due"], 0);
    // Again is a timed step: 10 minutes, not a day.
    let again = answer(&env, tz, "2026-05-03T08:30:00-07:00", "again");
    assert_eq!(again["interval"], "10m", "{again}");
    assert_eq!(again["state"]["due"], "2026-05-03T15:40:00.000Z", "{again}");
    assert_eq!(next_due(&env, tz, "2026-05-03T08:39:00-07:00"), None);
    assert_eq!(
        next_due(&env, tz, "2026-05-03T08:40:00-07:00").as_deref(),
        Some(CARD)
    );
}

#[test]
fn a_back_dated_review_takes_its_place_in_time() {
    let (t1, t2, t3) = (
        "2026-03-02T09:00:00Z",
        "2026-03-05T09:00:00Z",
        "2026-03-12T09:00:00Z",
    );
    // The reviews in time order...
    let in_order = Env::new();
    for (now, grade) in [(t1, "good"), (t2, "again"), (t3, "good")] {
        answer(&in_order, "UTC", now, grade);
    }
    // ...and the same reviews logged with the middle one last, as
    // `answer --now` in the past (or a clock set back) writes them.
    let back_dated = Env::new();
    answer(&back_dated, "UTC", t1, "good");
    answer(&back_dated, "UTC", t3, "good");
    let out = stdout_of(
        back_dated
            .cmd()
            .env("ROLECALL_NOW", t2)
            .args(["answer", "--card", CARD, "--grade", "again"]),
    );
    assert!(
        out.contains("note: dated before the card's last review (2026-03-12T09:00:00Z)"),
        "{out}"
    );
    let expected = states(&in_order, t3);
    assert_eq!(expected[CARD]["reps"], 3);
    assert_eq!(expected[CARD]["lapses"], 1);
    assert_eq!(states(&back_dated, t3), expected);
    // The snapshot agrees with a full replay of the log.
    let snapshot = back_dated.data_dir().join("profiles/default/snapshot.bin");
    std::fs::remove_file(snapshot).unwrap();
    assert_eq!(states(&back_dated, t3), expected);
}

/// The real review log of `tests/fixtures/fsrs/` (12,580 reviews of 1,205
/// cards) written as profile `default`'s log.
fn real_log_profile() -> Env {
    let env = Env::new();
    let csv =
        std::fs::read_to_string(crate::fixture("fsrs/py-fsrs_review_logs_josh_2024.csv")).unwrap();
    let mut log = String::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let grade = ["again", "hard", "good", "easy"][fields[1].parse::<usize>().unwrap() - 1];
        let at = chrono::DateTime::parse_from_rfc3339(fields[2])
            .unwrap()
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let review = serde_json::json!({
            "type": "review", "card": format!("anki/{}", fields[0]), "at": at,
            "grade": grade, "score": null, "duration_ms": fields[3].parse::<u64>().unwrap(),
            "mode": "self", "session": null,
        });
        log.push_str(&review.to_string());
        log.push('\n');
    }
    let dir = env.data_dir().join("profiles/default");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("log.jsonl"), log).unwrap();
    env
}

/// The cell in the row of `label`, column `column` (0: log loss, 1: RMSE).
fn cell<'a>(out: &'a str, label: &str, column: usize) -> &'a str {
    let line = out
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} row in\n{out}"));
    line[label.len()..].split_whitespace().nth(column).unwrap()
}

fn figure(out: &str, label: &str, column: usize) -> f64 {
    cell(out, label, column)
        .trim_end_matches('%')
        .parse()
        .unwrap()
}

// Reference: the `fsrs` crate 6.6.2 through its Python bindings
// (fsrs-rs-python 0.9.3) on the same log with Pacific learner days and
// Anki's card ids: defaults 0.4539 / 7.73%, fitted 0.4426 / 4.45%.
#[test]
fn optimize_on_the_real_log_reaches_the_reference_fit() {
    let env = real_log_profile();
    // The log's owner lived at UTC-7: a machine in Pacific time, no
    // setting yet (it is recorded with the fitted parameters).
    let out = stdout_of(
        env.cmd()
            .env("TZ", "America/Los_Angeles")
            .env("ROLECALL_NOW", "2024-10-07T12:00:00Z")
            .arg("optimize"),
    );
    assert!(
        out.contains(
            "Fitting FSRS parameters to 6372 usable reviews (12580 reviews of 1205 cards)"
        ),
        "{out}"
    );
    let default = figure(&out, "default parameters", 0);
    let fitted = figure(&out, "fitted parameters", 0);
    assert!(
        (default - 0.4539).abs() <= 0.0005,
        "default {default}\n{out}"
    );
    assert!((fitted - 0.4426).abs() <= 0.001, "fitted {fitted}\n{out}");
    let rmse = figure(&out, "fitted parameters", 1);
    assert!((rmse - 4.45).abs() <= 0.2, "RMSE {rmse}%\n{out}");
    assert!(out.contains("Saved:"), "{out}");
    let s = settings(&env, "default");
    assert_eq!(s["time_zone"], "America/Los_Angeles", "{s}");
    assert_eq!(s["parameters"].as_array().map(Vec::len), Some(21), "{s}");

    // The recorded zone, not the machine's, decides the days: CI in UTC
    // computes the same figures (compared with the saved parameters now).
    let again = stdout_of(
        env.cmd()
            .env("TZ", "UTC")
            .env("ROLECALL_NOW", "2024-10-07T12:00:00Z")
            .arg("optimize"),
    );
    assert_eq!(
        cell(&again, "default parameters", 0),
        cell(&out, "default parameters", 0),
        "{again}"
    );
    assert_eq!(
        cell(&again, "your current parameters", 0),
        cell(&out, "fitted parameters", 0),
        "{again}"
    );
}
