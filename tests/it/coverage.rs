//! The shipped decks cover both seed documents completely.

use crate::{Env, fixture, stdout_of};
use serde_json::Value;

/// Lowercase, letters and digits only, single spaces: how bullets compare.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Repairs the seed's mis-decoding (UTF-8 read as a Thai code page).
fn repair(s: &str) -> String {
    s.replace("โ€”", "—")
        .replace("โ€œ", "“")
        .replace("โ€\u{9d}", "”")
        .replace("โ€™", "’")
        .replace("โ€", "”")
}

fn seed(name: &str) -> String {
    repair(&std::fs::read_to_string(fixture(&format!("seeds/{name}"))).unwrap())
}

/// The bullets (`•`) of a seed, each with the heading line it falls under.
fn bullets(text: &str) -> Vec<(String, String)> {
    let mut heading = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(b) = t.strip_prefix('•') {
            out.push((heading.clone(), b.trim().to_string()));
        } else if !t.is_empty() {
            heading = t.to_string();
        }
    }
    out
}

fn all_cards() -> Vec<Value> {
    let out = stdout_of(Env::new().cmd().args(["cards", "--json"]));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn texts(cards: &[Value], field: &str) -> Vec<String> {
    let mut out = Vec::new();
    for card in cards {
        match &card[field] {
            Value::String(s) => out.push(fold(s)),
            Value::Array(items) => {
                out.extend(items.iter().filter_map(Value::as_str).map(fold));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_question_bullet_is_a_key_point() {
    let cards = all_cards();
    let key_points = texts(&cards, "key_points");
    let mut missing = Vec::new();
    let mut checked = 0;
    for (name, only_under) in [
        ("000_d30e8669cd57dc09.txt", Some("What questions to think")),
        ("003_02d1441560a729b1.txt", None),
    ] {
        for (heading, bullet) in bullets(&seed(name)) {
            if only_under.is_some_and(|h| heading != h) {
                continue;
            }
            checked += 1;
            let want = fold(&bullet);
            if !key_points.iter().any(|k| k == &want) {
                missing.push(format!("{name}: {bullet}"));
            }
        }
    }
    // 35 in the PM day, 16 in the task patterns and 4 lenses in the roles page.
    assert_eq!(checked, 55, "question bullets found in the seeds");
    assert!(
        missing.is_empty(),
        "not among key points:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_other_bullet_appears_in_some_card() {
    let cards = all_cards();
    let mut corpus = texts(&cards, "key_points");
    corpus.extend(texts(&cards, "answer"));
    corpus.extend(texts(&cards, "prompt"));
    let corpus = corpus.join(" | ");
    let mut missing = Vec::new();
    for (heading, bullet) in bullets(&seed("000_d30e8669cd57dc09.txt")) {
        if heading == "What questions to think" {
            continue;
        }
        if !corpus.contains(&fold(&bullet)) {
            missing.push(format!("[{heading}] {bullet}"));
        }
    }
    assert!(
        missing.is_empty(),
        "bullets in no card:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_task_and_time_block_has_a_duties_card() {
    let cards = all_cards();
    let duties: Vec<&Value> = cards.iter().filter(|c| c["kind"] == "duties").collect();
    assert_eq!(duties.len(), 9 + 20);
    let pm_times = [
        "06:45", "08:30", "10:00", "11:30", "13:00", "14:30", "15:30", "17:00", "19:00",
    ];
    for time in pm_times {
        assert!(
            duties.iter().any(
                |c| c["deck"] == "cyber-pm-day" && c["prompt"].as_str().unwrap().contains(time)
            ),
            "no duties card for the {time} block"
        );
    }
    // Every seed task pattern title is a duties card's heading.
    let roles_seed = seed("003_02d1441560a729b1.txt");
    let titles: Vec<&str> = roles_seed
        .lines()
        .filter_map(|l| {
            let (n, rest) = l.split_once(". ")?;
            (n.len() == 1 && n.chars().all(|c| c.is_ascii_digit())).then_some(rest.trim())
        })
        .collect();
    assert_eq!(titles.len(), 20);
    for title in titles {
        assert!(
            duties
                .iter()
                .any(|c| fold(c["prompt"].as_str().unwrap()).contains(&fold(title))),
            "no duties card for task pattern `{title}`"
        );
    }
}

#[test]
fn every_table_row_yields_a_card() {
    let cards = all_cards();
    // The PM seed's old-vs-new table: one card per area.
    for area in ["Data", "Decisions", "Execution", "Focus", "Edge"] {
        let old_new = cards.iter().any(|c| {
            c["deck"] == "cyber-pm-day"
                && c["kind"] == "note"
                && c["prompt"].as_str().unwrap().contains(area)
        });
        assert!(old_new, "no note card for the `{area}` row");
    }
    // The cross-role table: each role's cells are profile cards.
    for role in [
        "appsec-engineer",
        "devsecops-engineer",
        "product-security-manager",
        "product-security-director",
    ] {
        for field in ["center-of-gravity", "typical-output", "failure-mode"] {
            let id = format!("product-security-roles/{role}/profile/{field}");
            assert!(cards.iter().any(|c| c["id"] == id.as_str()), "no card {id}");
        }
    }
}

#[test]
fn shipped_decks_carry_no_mis_decoded_text() {
    for name in ["cyber-pm-day.ron", "product-security-roles.ron"] {
        let text = std::fs::read_to_string(format!("{}/decks/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        assert!(!text.contains("โ€"), "{name} holds mis-decoded text");
    }
}
