//! `decks`, `cards` and `check` through the binary.

use crate::{Env, fixture, stdout_of};
use serde_json::Value;

#[test]
fn decks_lists_both_built_in_decks() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args(["decks", "--json"]));
    let decks: Value = serde_json::from_str(&out).unwrap();
    let decks = decks.as_array().unwrap();
    let by_id = |id: &str| decks.iter().find(|d| d["id"] == id).unwrap().clone();
    let pm = by_id("cyber-pm-day");
    assert_eq!(pm["roles"], 1);
    assert_eq!(pm["tasks"], 9);
    let roles = by_id("product-security-roles");
    assert_eq!(roles["roles"], 4);
    assert_eq!(roles["tasks"], 20);
    assert!(roles["cards"].as_u64().unwrap() > 100);
    assert_eq!(roles["new"], roles["cards"]);
    assert_eq!(roles["due"], 0);
}

#[test]
fn decks_table_is_aligned() {
    let env = Env::new();
    let out = stdout_of(env.cmd().arg("decks"));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ID"), "{out}");
    let new_col = lines[0].find("NEW").unwrap() + "NEW".len();
    for line in &lines[1..] {
        assert_eq!(line.len(), new_col, "right-aligned counts: {out}");
    }
}

#[test]
fn cards_json_snapshot_of_a_small_deck() {
    let env = Env::new();
    let out = stdout_of(
        env.cmd()
            .args(["--decks"])
            .arg(fixture("decks/mini"))
            .args(["cards", "--json"]),
    );
    let cards: Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("mini_cards", cards);
}

#[test]
fn cards_ids_are_unique_across_built_in_decks() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args(["cards", "--json"]));
    let cards: Value = serde_json::from_str(&out).unwrap();
    let mut ids: Vec<&str> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn cards_filters_by_deck_and_kind_and_rejects_unknown_ones() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args([
        "cards",
        "--deck",
        "cyber-pm-day",
        "--kind",
        "timeline",
        "--json",
    ]));
    let cards: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(cards.as_array().unwrap().len(), 1);
    assert_eq!(cards[0]["id"], "cyber-pm-day/cyber-pm/timeline");
    assert_eq!(cards[0]["choices"].as_array().unwrap().len(), 9);

    env.cmd()
        .args(["cards", "--kind", "riddle"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown card kind `riddle`"));
    env.cmd()
        .args(["cards", "--deck", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no deck `nope`"));
}

#[test]
fn check_passes_on_the_built_in_decks() {
    let env = Env::new();
    env.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains("2 deck files OK"));
}

/// Every malformed fixture: `rolecall check FILE` exits 2 and prints exactly
/// the expected `FILE:LINE:COL: message` lines.
#[test]
fn check_reports_every_problem_with_its_position() {
    let env = Env::new();
    let dir = fixture("bad");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    entries.sort();
    for path in entries {
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        let output = env.cmd().arg("check").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", path.display());
        let stderr = String::from_utf8(output.stderr).unwrap();
        let shown = path.display().to_string();
        let got: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&shown)).collect();
        let want: Vec<String> = expected
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{shown}:{l}"))
            .collect();
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} malformed fixtures");
}

#[test]
fn same_deck_id_in_two_files_names_both() {
    let env = Env::new();
    let a = env.home.path().join("a");
    let b = env.home.path().join("b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let text = std::fs::read_to_string(fixture("decks/mini/mini.ron")).unwrap();
    std::fs::write(a.join("one.ron"), &text).unwrap();
    std::fs::write(b.join("two.ron"), &text).unwrap();
    let out = env
        .cmd()
        .arg("--decks")
        .arg(&a)
        .arg("--decks")
        .arg(&b)
        .arg("decks")
        .output()
        .unwrap();
    // The second is left out with a warning naming both; the first loads,
    // and `check` fails on the clash.
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("one.ron") && stderr.contains("two.ron"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deck id `mini` is already used"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("mini"));
    env.cmd()
        .arg("--decks")
        .arg(&a)
        .arg("--decks")
        .arg(&b)
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("deck id `mini` is already used"));
}

#[test]
fn a_local_deck_replaces_the_built_in_one() {
    let env = Env::new();
    let local = env.home.path().join("decks");
    std::fs::create_dir_all(&local).unwrap();
    let built_in = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/decks/cyber-pm-day.ron"
    ))
    .unwrap();
    let edited = built_in.replacen("title: \"", "title: \"My edited ", 1);
    std::fs::write(local.join("pm.ron"), edited).unwrap();
    let out = stdout_of(env.cmd().args(["decks", "--json"]));
    let decks: Value = serde_json::from_str(&out).unwrap();
    let pm = decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cyber-pm-day")
        .unwrap();
    assert!(pm["title"].as_str().unwrap().starts_with("My edited "));
    assert!(pm["origin"].as_str().unwrap().ends_with("pm.ron"));
    assert_eq!(decks.as_array().unwrap().len(), 2);
}

#[test]
fn help_for_each_command_has_an_example() {
    let env = Env::new();
    for cmd in ["decks", "cards", "check"] {
        env.cmd()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"));
    }
}

/// A deck that loads but makes bad cards: `check` lists each warning at
/// its field as `FILE:LINE:COL: warning: …` and still exits 0.
#[test]
fn check_warns_about_decks_that_make_bad_cards() {
    let env = Env::new();
    let path = fixture("lint/bad-cards.ron");
    let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
    let output = env.cmd().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout,
        "1 deck file OK: 1 deck, 13 cards; 7 warnings (above)\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let shown = path.display().to_string();
    let want: Vec<String> = expected
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{shown}:{l}"))
        .collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), want);
    assert!(
        stderr.contains(":43:19: warning: role names “GRC Lead (security compliance)” and “GRC Lead” are near-duplicates"),
        "{stderr}"
    );
}

/// Regression: one deck in `./decks` that failed to parse locked the
/// learner out of every deck, built-ins included; so did an unrelated
/// `decks/` folder of other RON files.
#[test]
fn a_broken_deck_file_is_reported_and_skipped() {
    let env = Env::new();
    let decks = env.home.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("broken.ron"),
        "Deck(\n  id: \"mine\",\n  title: 42,\n)\n",
    )
    .unwrap();
    std::fs::write(
        decks.join("game-level.ron"),
        "Level(name: \"cave\", enemies: 3)\n",
    )
    .unwrap();
    std::fs::write(decks.join("notes.txt"), "not a deck").unwrap();
    let out = env
        .cmd()
        .args(["study", "--limit", "1"])
        .write_stdin("1\n\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("saved: "));
    assert!(
        stderr.contains("/decks/broken.ron:1:1: missing field `roles` in Deck (and 1 more)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/decks/game-level.ron:1:1: expected `Deck(`, found `Level(`"),
        "{stderr}"
    );
    assert!(
        stderr.starts_with("warning: deck file left out: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 2, "one line per file: {stderr}");
    // The built-in decks are all there.
    let listed = stdout_of(env.cmd().args(["decks", "--json"]));
    assert!(listed.contains("\"cyber-pm-day\""), "{listed}");
    assert!(listed.contains("\"product-security-roles\""), "{listed}");
    // `check` still fails on them.
    env.cmd().arg("check").assert().code(2);
}

/// The complete small deck in docs/decks.md is valid and uses every
/// struct, the rubric anchors of a role included.
#[test]
fn the_documented_example_deck_checks_clean() {
    let env = Env::new();
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/decks.md"),
    )
    .unwrap();
    let start = docs.find("```ron\n").expect("a ron example") + "```ron\n".len();
    let end = start + docs[start..].find("```").unwrap();
    let dir = env.home.path().join("example");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("soc.ron"), &docs[start..end]).unwrap();
    env.cmd()
        .arg("check")
        .arg(dir.join("soc.ron"))
        .assert()
        .success();
    for name in [
        "Deck(", "Role(", "Profile(", "Rubric(", "Task(", "Example(", "Note(",
    ] {
        assert!(docs[start..end].contains(name), "the example lacks {name}");
    }
}
