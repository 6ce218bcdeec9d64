//! The scorer through the binary: `grade --json` reports each key point
//! with its evidence, meaning is on by default and off with
//! `--no-semantic`, and `answer --covered` corrects points, recomputes the
//! grade by the rubric and keeps the correction with the review.

use crate::Env;
use serde_json::Value;

const CARD: &str = "product-security-roles/appsec-engineer/triage-findings/duties";
const ANSWER: &str = "Triage scanner findings for exploitability";

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("JSON on stdout")
}

#[test]
fn grade_json_reports_each_point_with_its_evidence() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["grade", "--card", CARD, "--answer", ANSWER, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v = json(&out.stdout);
    assert_eq!(v["semantic"], true);
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 7, "{v:#}");
    for (i, p) in points.iter().enumerate() {
        assert_eq!(p["number"], i + 1);
        assert!(["covered", "partial", "missed"].contains(&p["status"].as_str().unwrap()));
        assert!(p["confidence"].as_f64().is_some());
        assert!(p["similarity"].as_f64().is_some(), "{p:#}");
    }
    // Something was made, with the answer's own words as evidence.
    let made: Vec<&Value> = points.iter().filter(|p| p["status"] != "missed").collect();
    assert!(!made.is_empty(), "{v:#}");
    assert!(made.iter().all(|p| {
        let span = p["span"].as_str().unwrap_or_default();
        !span.is_empty() && ANSWER.contains(span)
    }));

    let lexical = env
        .cmd()
        .args([
            "--no-semantic",
            "grade",
            "--card",
            CARD,
            "--answer",
            ANSWER,
            "--json",
        ])
        .output()
        .unwrap();
    let v = json(&lexical.stdout);
    assert_eq!(v["semantic"], false);
    assert!(v["points"][0]["similarity"].is_null());
}

#[test]
fn answer_covered_recomputes_the_grade_and_keeps_the_correction() {
    let env = Env::new();
    let plain = env
        .cmd()
        .args(["grade", "--card", CARD, "--answer", ANSWER, "--json"])
        .output()
        .unwrap();
    let plain = json(&plain.stdout);
    assert_ne!(plain["grade"], "easy", "{plain:#}");

    let out = env
        .cmd()
        .args([
            "answer",
            "--card",
            CARD,
            "--answer",
            ANSWER,
            "--covered",
            "1,2,3,4,5,6",
            "--not-covered",
            "7",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v = json(&out.stdout);
    // 6 of 7 points: Good by the rubric (Easy needs 90%).
    assert_eq!(v["grade"], "good", "{v:#}");
    assert_eq!(v["points"][0]["corrected"], true);
    assert_eq!(v["points"][6]["status"], "missed");
    let log = std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl")).unwrap();
    assert!(
        log.contains(r#""corrected":[1,2,3,4,5,6,-7]"#),
        "the correction is stored with the review: {log}"
    );
}

#[test]
fn a_correction_naming_no_point_is_bad_input() {
    let env = Env::new();
    for (flag, value, says) in [
        (
            "--covered",
            "8",
            "no point 8 on this card: its points are 1 to 7",
        ),
        ("--covered", "0", "key points are numbered from 1"),
    ] {
        let out = env
            .cmd()
            .args([
                "--no-semantic",
                "answer",
                "--card",
                CARD,
                "--answer",
                ANSWER,
                flag,
                value,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{out:?}"
        );
    }
    // Nothing was recorded.
    assert!(
        !env.data_dir().join("profiles/default/log.jsonl").exists()
            || std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl"))
                .unwrap()
                .is_empty()
    );
    // Corrections belong to typed answers.
    let out = env
        .cmd()
        .args([
            "answer",
            "--card",
            "cyber-pm-day/note/old-vs-new-data",
            "--grade",
            "good",
            "--covered",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// `config set semantic off` makes the profile score on words alone, in
/// `grade` and in the commands that record; `--no-semantic` and
/// `ROLECALL_NO_SEMANTIC` win over `semantic on`; a value that is not a
/// switch is refused and saves nothing.
#[test]
fn the_semantic_setting_chooses_words_alone_for_the_profile() {
    let env = Env::new();
    let reads_meaning = |flags: &[&str], vars: &[(&str, &str)]| -> bool {
        let out = env
            .cmd()
            .args(flags)
            .args(["grade", "--card", CARD, "--answer", ANSWER, "--json"])
            .envs(vars.iter().copied())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        json(&out.stdout)["semantic"].as_bool().expect("semantic")
    };
    let config = |args: &[&str]| {
        let out = env.cmd().arg("config").args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(config(&["get", "semantic"]), "on\n");
    assert_eq!(
        config(&["set", "semantic", "off"]),
        "semantic = off (profile)\n"
    );
    assert!(!reads_meaning(&[], &[]));
    let recorded = env
        .cmd()
        .args(["answer", "--card", CARD, "--answer", ANSWER, "--json"])
        .output()
        .unwrap();
    assert!(recorded.status.success(), "{recorded:?}");
    assert!(
        json(&recorded.stdout)["points"][0]["similarity"].is_null(),
        "answer scored on words alone"
    );

    assert_eq!(
        config(&["set", "semantic", "on"]),
        "semantic = on (profile)\n"
    );
    assert!(reads_meaning(&[], &[]));
    assert!(!reads_meaning(&["--no-semantic"], &[]));
    assert!(!reads_meaning(&[], &[("ROLECALL_NO_SEMANTIC", "1")]));

    let out = env
        .cmd()
        .args(["config", "set", "semantic", "maybe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("semantic `maybe` is not on or off"),
        "{out:?}"
    );
    assert_eq!(config(&["get", "semantic"]), "on\n");
    config(&["unset", "semantic"]);
    assert!(config(&["list"]).contains("\nsemantic           on"));
}
