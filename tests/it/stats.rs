//! `rolecall stats` on generated multi-month histories, written straight to
//! the profile's log in its documented format. The generator also serves
//! `optimize.rs`.

use crate::{Env, stdout_of};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rolecall::{CardState, DayClock, Grade, Scheduler};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt::Write as _;

/// `SplitMix64`: a tiny seeded generator, so histories never change with a
/// dependency's version.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One generated review.
#[derive(Debug, Clone)]
pub struct Rev {
    pub card: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: u64,
    /// The card's first review of a day after an earlier day's review.
    pub recall: bool,
}

/// How to generate a history: a learner who studies at 09:00 (UTC) on
/// every day of `0..days` except `skip`, reviews every due card and then
/// `new_per_day` new ones, and recalls a card with the probability the
/// FSRS model with `parameters` gives. A failed card is relearned the same
/// day (graded Good ten minutes later).
pub struct Sim<'a> {
    pub parameters: Option<&'a [f32]>,
    pub cards: &'a [String],
    pub start: DateTime<Utc>,
    pub days: i64,
    pub skip: &'a [i64],
    pub new_per_day: usize,
    pub seed: u64,
}

/// The generated reviews (by time) and each card's final state under the
/// generating parameters.
pub struct Generated {
    pub reviews: Vec<Rev>,
    pub states: HashMap<String, CardState>,
}

impl Sim<'_> {
    pub fn run(&self) -> Generated {
        let scheduler = Scheduler::new(self.parameters, 0.9, DayClock::default()).unwrap();
        let mut rng = Rng::new(self.seed);
        let mut states: HashMap<String, CardState> = HashMap::new();
        let mut reviews = Vec::new();
        let mut next_new = 0;
        for day in 0..self.days {
            if self.skip.contains(&day) {
                continue;
            }
            let mut at = self.start + Duration::days(day);
            let end_of_session = at + Duration::hours(6);
            let mut due: Vec<(DateTime<Utc>, String)> = states
                .iter()
                .filter(|(_, s)| s.due <= end_of_session)
                .map(|(c, s)| (s.due, c.clone()))
                .collect();
            due.sort();
            let mut failed = Vec::new();
            let mut review = |states: &mut HashMap<String, CardState>,
                              card: &str,
                              grade: Grade,
                              at: DateTime<Utc>,
                              recall: bool| {
                let state = scheduler.review(states.get(card), grade, at);
                states.insert(card.to_string(), state);
                reviews.push(Rev {
                    card: card.to_string(),
                    at,
                    grade,
                    duration_ms: 8_000 + (rng_ms(at) % 30_000),
                    recall,
                });
            };
            for (_, card) in &due {
                let recall = states[card].last_review < at - Duration::hours(12);
                let r = f64::from(scheduler.retrievability(&states[card], at));
                let grade = if rng.unit() < r {
                    pick(
                        &mut rng,
                        &[(0.15, Grade::Hard), (0.75, Grade::Good)],
                        Grade::Easy,
                    )
                } else {
                    Grade::Again
                };
                review(&mut states, card, grade, at, recall);
                if grade == Grade::Again {
                    failed.push(card.clone());
                }
                at += Duration::minutes(1);
            }
            for card in self.cards.iter().skip(next_new).take(self.new_per_day) {
                next_new += 1;
                let grade = pick(
                    &mut rng,
                    &[
                        (0.15, Grade::Again),
                        (0.15, Grade::Hard),
                        (0.55, Grade::Good),
                    ],
                    Grade::Easy,
                );
                review(&mut states, card, grade, at, false);
                if grade == Grade::Again {
                    failed.push(card.clone());
                }
                at += Duration::minutes(1);
            }
            at += Duration::minutes(10);
            for card in &failed {
                review(&mut states, card, Grade::Good, at, false);
                at += Duration::minutes(1);
            }
        }
        reviews.sort_by_key(|r| r.at);
        Generated { reviews, states }
    }
}

/// A duration that varies but needs no generator state.
fn rng_ms(at: DateTime<Utc>) -> u64 {
    (at.timestamp() as u64).wrapping_mul(2_654_435_761) % 1_000_003
}

fn pick(rng: &mut Rng, choices: &[(f64, Grade)], otherwise: Grade) -> Grade {
    let mut x = rng.unit();
    for &(p, grade) in choices {
        if x < p {
            return grade;
        }
        x -= p;
    }
    otherwise
}

/// Writes `reviews` as the profile's `log.jsonl`, in the README's format.
pub fn write_log(env: &Env, profile: &str, reviews: &[Rev]) {
    let dir = env.data_dir().join("profiles").join(profile);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::new();
    for r in reviews {
        writeln!(
            text,
            r#"{{"type":"review","card":"{}","at":"{}","grade":"{}","score":null,"duration_ms":{},"mode":"typed","session":null}}"#,
            r.card,
            r.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            r.grade,
            r.duration_ms
        )
        .unwrap();
    }
    std::fs::write(dir.join("log.jsonl"), text).unwrap();
}

/// Ids of the cards `rolecall cards --deck DECK` lists, in deck order.
pub fn card_ids(env: &Env, deck: &str) -> Vec<String> {
    let out = stdout_of(env.cmd().args(["cards", "--json", "--deck", deck]));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

const DECK: &str = "product-security-roles";
/// Day 0 of the generated histories, at the 09:00 session.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0).unwrap()
}
const DAYS: i64 = 90;
/// Skipped days: a three-day gap, then a single day off.
const SKIP: [i64; 4] = [40, 41, 42, 70];

/// A 90-day history of the big built-in deck under default parameters,
/// and `now`: the evening of its last day.
fn history(env: &Env) -> (Generated, DateTime<Utc>) {
    let cards = card_ids(env, DECK);
    let generated = Sim {
        parameters: None,
        cards: &cards,
        start: start(),
        days: DAYS,
        skip: &SKIP,
        new_per_day: 4,
        seed: 7,
    }
    .run();
    write_log(env, "default", &generated.reviews);
    (
        generated,
        start() + Duration::days(DAYS - 1) + Duration::hours(12),
    )
}

fn stats_json(env: &Env, now: DateTime<Utc>, args: &[&str]) -> Value {
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", now.to_rfc3339())
            .args(["stats", "--json"])
            .args(args),
    );
    serde_json::from_str(&out).unwrap()
}

fn study_day(t: DateTime<Utc>) -> NaiveDate {
    (t - Duration::hours(4)).date_naive()
}

/// The current streak (days with reviews up to `today`) and the longest.
fn streaks(reviews: &[Rev], today: NaiveDate) -> (u64, u64) {
    let days: std::collections::BTreeSet<NaiveDate> =
        reviews.iter().map(|r| study_day(r.at)).collect();
    let mut current = 0;
    while days.contains(&(today - Duration::days(current))) {
        current += 1;
    }
    let (mut longest, mut run, mut previous) = (0, 0, None::<NaiveDate>);
    for &day in &days {
        run = if previous.is_some_and(|p| day - p == Duration::days(1)) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    (current as u64, longest)
}

#[test]
fn figures_of_a_generated_history_match_an_independent_count() {
    let env = Env::new();
    let (generated, now) = history(&env);
    let s = stats_json(&env, now, &[]);
    let today = study_day(now);
    let age = |r: &Rev| (today - study_day(r.at)).num_days();

    // Reviews and true retention per window.
    for (key, days) in [("last_7_days", 7), ("last_30_days", 30)] {
        let window: Vec<&Rev> = generated.reviews.iter().filter(|r| age(r) < days).collect();
        assert_eq!(s["reviews"][key], window.len(), "{key}");
        let recalls: Vec<&&Rev> = window.iter().filter(|r| r.recall).collect();
        let passed = recalls.iter().filter(|r| r.grade != Grade::Again).count();
        let retention = &s["true_retention"][key];
        assert_eq!(retention["reviews"], recalls.len(), "{key}");
        assert_eq!(retention["passed"], passed, "{key}");
        let rate = retention["rate"].as_f64().unwrap();
        assert!((rate - passed as f64 / recalls.len() as f64).abs() < 1e-12);
        // Generated under the scheduler's own model at 0.90 retention.
        assert!((0.75..=0.98).contains(&rate), "{key}: {rate}");
    }
    assert_eq!(s["reviews"]["all_time"], generated.reviews.len());
    let today_count = generated.reviews.iter().filter(|r| age(r) == 0).count();
    assert!(today_count > 0);
    assert_eq!(s["reviews"]["today"], today_count);

    // Streaks across the gaps: days 0..=39 the longest; the current one
    // ends today, back to the last day without a review (a skipped day,
    // or one with nothing due once the deck's new cards ran out).
    let (current, longest) = streaks(&generated.reviews, today);
    assert!(current > 0 && current < 19, "{current}");
    assert_eq!(s["streak"]["current_days"], current);
    assert_eq!(s["streak"]["longest_days"], 40);
    assert_eq!(longest, 40);
    assert_eq!(s["streak"]["studied_today"], true);

    // Card states and the forecast from the generator's own FSRS states.
    let mature = generated
        .states
        .values()
        .filter(|st| st.stability >= 21.0 && !st.is_learning())
        .count();
    assert!(mature > 10, "the history is long enough to mature cards");
    assert_eq!(s["cards"]["mature"], mature);
    assert_eq!(
        s["cards"]["new"],
        s["cards"]["total"].as_u64().unwrap() - generated.states.len() as u64
    );
    let mut expected = vec![0u64; 30];
    for st in generated.states.values() {
        let offset = (study_day(st.due) - today).num_days().max(0) as usize;
        if offset < 30 {
            expected[offset] += 1;
        }
    }
    let forecast: Vec<u64> = s["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["due"].as_u64().unwrap())
        .collect();
    assert_eq!(forecast, expected);
    assert!(expected.iter().sum::<u64>() > 20, "{expected:?}");
    assert_eq!(s["forecast"][0]["date"], today.to_string());

    // Mastery covers both decks and every role; only the studied deck moves.
    let decks = s["decks"].as_array().unwrap();
    assert_eq!(decks.len(), 2);
    let studied = decks.iter().find(|d| d["deck"] == DECK).unwrap();
    assert_eq!(studied["mature"], mature);
    assert_eq!(studied["reviewed"], generated.states.len());
    let other = decks.iter().find(|d| d["deck"] == "cyber-pm-day").unwrap();
    assert_eq!(other["reviewed"], 0);
    assert!(other["average_retrievability"].is_null());
    assert_eq!(s["roles"].as_array().unwrap().len(), 5);

    // Five weakest tasks, weakest first, each with a study command.
    let weak = s["weakest_tasks"].as_array().unwrap();
    assert_eq!(weak.len(), 5);
    let recall: Vec<f64> = weak.iter().map(|t| t["recall"].as_f64().unwrap()).collect();
    assert!(recall.windows(2).all(|w| w[0] <= w[1]), "{recall:?}");
    // None at full recall.
    assert!(recall.iter().all(|&r| r < 0.995), "{recall:?}");
    for task in weak {
        let command = task["command"].as_str().unwrap();
        assert!(
            command.starts_with(&format!(
                "rolecall study --deck {DECK} --role {}",
                task["role"].as_str().unwrap()
            )),
            "{command}"
        );
    }
}

#[test]
fn deck_filter_and_past_now_narrow_the_figures() {
    let env = Env::new();
    let (generated, now) = history(&env);
    // Another deck has none of these reviews.
    let other = stats_json(&env, now, &["--deck", "cyber-pm-day"]);
    assert_eq!(other["reviews"]["all_time"], 0);
    assert_eq!(other["decks"].as_array().unwrap().len(), 1);
    // Just after the three-day gap, the longest streak so far is 40 days
    // and the current one is one day.
    let then = start() + Duration::days(43) + Duration::hours(12);
    let s = stats_json(&env, then, &[]);
    assert_eq!(s["streak"]["current_days"], 1);
    assert_eq!(s["streak"]["longest_days"], 40);
    let before = generated.reviews.iter().filter(|r| r.at <= then).count();
    assert_eq!(s["reviews"]["all_time"], before);
}

/// The shape of a JSON value: leaves become their type names, arrays the
/// merged shape of their elements (`"number|null"` where they differ).
fn schema(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), schema(v))).collect())
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(schema).reduce(merge).into_iter().collect())
        }
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}

fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, v) in b {
                let merged = match a.remove(&k) {
                    Some(old) => merge(old, v),
                    None => v,
                };
                a.insert(k, merged);
            }
            Value::Object(a)
        }
        (Value::Array(a), Value::Array(b)) => {
            Value::Array(a.into_iter().chain(b).reduce(merge).into_iter().collect())
        }
        (Value::String(a), Value::String(b)) => {
            let mut types: Vec<&str> = a.split('|').chain(b.split('|')).collect();
            types.sort_unstable();
            types.dedup();
            types.join("|").into()
        }
        (a, _) => a,
    }
}

/// Every key path of a value, arrays and nulls looked through.
fn paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let path = format!("{prefix}.{k}");
                out.push(path.clone());
                paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                paths(first, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn json_schema_is_stable_and_the_same_for_an_empty_profile() {
    let env = Env::new();
    let (_, now) = history(&env);
    let full = stats_json(&env, now, &[]);
    insta::assert_json_snapshot!("stats_json_schema", schema(&full));

    let empty_env = Env::new();
    let empty = stats_json(&empty_env, now, &[]);
    assert_eq!(empty["reviews"]["all_time"], 0);
    assert_eq!(empty["weakest_tasks"], Value::Array(Vec::new()));
    assert_eq!(empty["forecast"].as_array().unwrap().len(), 30);
    assert!(empty["true_retention"]["last_30_days"]["rate"].is_null());
    let mut full_paths = Vec::new();
    paths(&full, "", &mut full_paths);
    let mut empty_paths = Vec::new();
    paths(&empty, "", &mut empty_paths);
    // Everything but the (empty) weak-task list has the same keys.
    full_paths.retain(|p| !p.starts_with(".weakest_tasks[]"));
    assert_eq!(empty_paths, full_paths);
}

#[test]
fn an_empty_profile_gets_a_friendly_message() {
    let env = Env::new();
    let out = stdout_of(env.cmd().arg("stats"));
    assert!(
        out.contains("No reviews yet for profile \"default\""),
        "{out}"
    );
    assert!(out.contains("rolecall study"), "{out}");
    assert!(!out.contains("NaN"), "{out}");
}

#[test]
fn text_report_shows_every_section() {
    let env = Env::new();
    let (generated, now) = history(&env);
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", now.to_rfc3339()).arg("stats"));
    let (current, longest) = streaks(&generated.reviews, study_day(now));
    let streak = format!("Streak: {current} days (longest {longest})");
    for expected in [
        "Stats for profile \"default\"",
        "True retention",
        &streak,
        "Due in the next 30 days",
        "  Today ",
        "Mastery by deck",
        "Mastery by role",
        "AppSec Engineer",
        "Weakest tasks",
        "rolecall study --deck product-security-roles --role ",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // Charts are laid out for 80 columns when stdout is not a terminal.
    let chart_lines = out.lines().filter(|l| l.contains('█'));
    assert!(chart_lines.clone().count() > 10, "{out}");
    for line in chart_lines {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    insta::assert_snapshot!("stats_text", out);
}

#[test]
fn undone_reviews_are_not_counted() {
    let env = Env::new();
    let cards = card_ids(&env, DECK);
    let at = |m: i64| start() + Duration::minutes(m);
    let reviews: Vec<Rev> = (0..3i64)
        .zip(&cards)
        .map(|(i, card)| Rev {
            card: card.clone(),
            at: at(i),
            grade: Grade::Good,
            duration_ms: 1000,
            recall: false,
        })
        .collect();
    write_log(&env, "default", &reviews);
    let log = env.data_dir().join("profiles/default/log.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    writeln!(
        text,
        r#"{{"type":"undo","at":"{}","card":"{}","review_at":"{}"}}"#,
        at(5).to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        cards[1],
        at(1).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    )
    .unwrap();
    std::fs::write(&log, text).unwrap();
    let s = stats_json(&env, at(60), &[]);
    assert_eq!(s["reviews"]["all_time"], 2);
    assert_eq!(
        s["cards"]["total"].as_u64().unwrap() - s["cards"]["new"].as_u64().unwrap(),
        2
    );
}

/// Regression: mastery labels were cut at 28 columns however wide the
/// terminal; readiness rows lost their alignment on long ids.
#[test]
fn names_are_whole_when_the_terminal_has_room_and_columns_align() {
    let env = crate::Env::new();
    env.cmd()
        .args([
            "answer",
            "--card",
            "cyber-pm-day/cyber-pm/intelligence-brief/duties",
            "--grade",
            "good",
        ])
        .assert()
        .success();
    let wide = crate::stdout_of(env.cmd().env("COLUMNS", "140").arg("stats"));
    assert!(
        wide.contains("  Cybersecurity Product Manager (AI era)  "),
        "{wide}"
    );
    assert!(
        wide.contains("  Product Security roles, day to day  "),
        "{wide}"
    );
    for line in wide.lines() {
        assert!(line.chars().count() <= 140, "{line}");
    }
    let narrow = crate::stdout_of(env.cmd().arg("stats"));
    // Commands to copy stay whole on their line; the rest fits.
    for line in narrow
        .lines()
        .filter(|l| !l.trim_start().starts_with("rolecall "))
    {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // Readiness: every row's percentage in one column, whatever the id.
    let readiness = crate::stdout_of(env.cmd().env("COLUMNS", "100").arg("readiness"));
    let columns: std::collections::BTreeSet<usize> = readiness
        .lines()
        .filter(|l| l.contains(" ready"))
        .map(|l| l.chars().position(|c| c == '%').unwrap())
        .collect();
    assert_eq!(columns.len(), 1, "{readiness}");
    let ready: std::collections::BTreeSet<usize> = readiness
        .lines()
        .filter(|l| l.contains(" ready"))
        .map(|l| l[..l.find(" ready").unwrap()].chars().count())
        .collect();
    assert_eq!(ready.len(), 1, "{readiness}");
}
