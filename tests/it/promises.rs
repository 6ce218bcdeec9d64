//! The store's and the output's promises under retries and hostile
//! surroundings: `answer --id` makes a retry safe, the snapshot is a cache
//! that is checked like input, and a closed or full stdout is never a panic.

use crate::{Env, scripted, stdout_of};
use rolecall::SnapshotFile;
use serde_json::Value;
use std::process::Stdio;

const TYPED: &str = "product-security-roles/appsec-engineer/triage-findings/questions";

fn history_len(env: &Env) -> usize {
    let out = stdout_of(env.cmd().args(["history", "--json", "--all"]));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn answer_with_an_id_is_safe_to_retry() {
    let env = Env::new();
    let answer = [
        "answer",
        "--card",
        TYPED,
        "--answer",
        "- is it real\n- who owns the fix",
    ];
    for json in [true, false] {
        let key = if json { "json-1" } else { "text-1" };
        let mut args = answer.to_vec();
        args.extend(["--id", key]);
        if json {
            args.push("--json");
        }
        let first = env.cmd().args(&args).output().unwrap();
        assert!(first.status.success());
        assert!(first.stderr.is_empty(), "{first:?}");
        let before = history_len(&env);
        // The retry: same output, nothing recorded, a note on stderr.
        let again = env.cmd().args(&args).output().unwrap();
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            String::from_utf8_lossy(&first.stdout)
        );
        assert!(
            String::from_utf8_lossy(&again.stderr)
                .starts_with(&format!("note: --id \"{key}\" was saved at ")),
            "{again:?}"
        );
        assert_eq!(history_len(&env), before, "nothing recorded");
        // Later reviews of the card do not change what the retry prints.
        env.cmd()
            .env("ROLECALL_NOW", "2026-03-09T09:00:00Z")
            .args(["answer", "--card", TYPED, "--grade", "again"])
            .assert()
            .success();
        let later = env
            .cmd()
            .env("ROLECALL_NOW", "2026-03-09T09:00:00Z")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&later.stdout),
            String::from_utf8_lossy(&first.stdout)
        );
        if json {
            let v: Value = serde_json::from_slice(&first.stdout).unwrap();
            assert_eq!(v["id"], key);
        }
    }
    // The key is in the log, and an old line without one still reads.
    let log = std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl")).unwrap();
    assert!(log.contains(r#""id":"json-1""#), "{log}");
    assert_eq!(log.matches(r#""id":"#).count(), 2, "{log}");
}

/// A snapshot that cannot be written only slows the next start: a study
/// session still runs, saves its review and says so once.
#[test]
fn a_snapshot_that_cannot_be_written_never_stops_a_session() {
    let env = Env::new();
    env.cmd()
        .args(["answer", "--card", TYPED, "--grade", "good"])
        .assert()
        .success();
    let snapshot = env.data_dir().join("profiles/default/snapshot.bin");
    std::fs::remove_file(&snapshot).unwrap();
    std::fs::create_dir(&snapshot).unwrap();
    let out = scripted(
        &env,
        &["study", "--limit", "1", "--kind", "note"],
        "an answer\n\n",
    );
    assert_eq!(
        out.matches("warning: could not save the snapshot").count(),
        1,
        "{out}"
    );
    assert!(out.contains("saved:"), "{out}");
    assert_eq!(history_len(&env), 2, "the session's review is saved");
}

#[test]
fn a_retried_choice_is_read_with_the_options_shown_then() {
    // Options move with each review of the card, so each pick below meets
    // another order; its retry, after all of them, must read the number as
    // it was shown then, not as `next` would show the card now.
    let env = Env::new();
    let card = "cyber-pm-day/cyber-pm/intelligence-brief/which-task/0";
    let args = |pick: &'static str, key: &'static str| {
        [
            "answer", "--card", card, "--choice", pick, "--id", key, "--json",
        ]
    };
    let picks = [
        ("1", "pick-1"),
        ("2", "pick-2"),
        ("3", "pick-3"),
        ("4", "pick-4"),
    ];
    let first: Vec<String> = picks
        .iter()
        .map(|&(pick, key)| stdout_of(env.cmd().args(args(pick, key))))
        .collect();
    let right = first
        .iter()
        .filter(|out| serde_json::from_str::<Value>(out).unwrap()["correct"] == true)
        .count();
    assert!(right >= 1, "{first:?}");
    for (&(pick, key), before) in picks.iter().zip(&first) {
        assert_eq!(&stdout_of(env.cmd().args(args(pick, key))), before);
    }
    assert_eq!(history_len(&env), picks.len());
}

#[test]
fn a_snapshot_with_impossible_states_is_rebuilt_from_the_log() {
    let env = Env::new();
    env.cmd()
        .args(["answer", "--card", TYPED, "--grade", "good"])
        .assert()
        .success();
    let cards = || {
        let out = stdout_of(env.cmd().args(["cards", "--json"]));
        let all: Value = serde_json::from_str(&out).unwrap();
        all.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == TYPED)
            .unwrap()["state"]
            .clone()
    };
    let replayed = cards();
    let dir = env.data_dir().join("profiles/default");
    let bin = dir.join("snapshot.bin");
    let saved = rolecall::decode_snapshot(&std::fs::read(&bin).unwrap()).unwrap();
    let mut value = serde_json::to_value(&saved).unwrap();
    // A well-formed binary snapshot (its own checksum right) and a JSON one
    // of version 2 (read while there is no binary one) are checked alike.
    let write_bin = |value: &Value| {
        let snapshot: SnapshotFile = serde_json::from_value(value.clone()).unwrap();
        std::fs::write(&bin, rolecall::encode_snapshot(&snapshot)).unwrap();
    };
    let write_json = |value: &Value| {
        let _ = std::fs::remove_file(&bin);
        let mut value = value.clone();
        value["version"] = serde_json::json!(2);
        std::fs::write(
            dir.join("snapshot.json"),
            serde_json::to_vec(&value).unwrap(),
        )
        .unwrap();
    };
    for write in [&write_bin as &dyn Fn(&Value), &write_json] {
        write(&value);
        assert_eq!(cards(), replayed, "the snapshot as saved");
        for (field, bad) in [
            ("stability", serde_json::json!(-1.0)),
            ("due", serde_json::json!("9999-01-01T00:00:00.000Z")),
            ("difficulty", serde_json::json!(42.0)),
        ] {
            let mut edited = value.clone();
            edited["cards"][0][field] = bad.clone();
            write(&edited);
            assert_eq!(cards(), replayed, "{field} = {bad} was trusted");
        }
    }
    // The same edit to a snapshot of another log's bytes is refused too.
    value["log_crc32"] = serde_json::json!(value["log_crc32"].as_u64().unwrap() ^ 1);
    value["cards"][0]["reps"] = serde_json::json!(7);
    write_bin(&value);
    assert_eq!(cards(), replayed);
}

/// Runs `rolecall ARGS` with stdout `stdout`; returns the exit code and stderr.
fn with_stdout(env: &Env, args: &[&str], stdout: Stdio) -> (Option<i32>, String) {
    let out = env
        .process("2026-03-02T09:00:00Z")
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_is_success_and_a_full_one_a_clear_error() {
    let env = Env::new();
    let commands: [&[&str]; 8] = [
        &["completions", "zsh"],
        &["completions", "bash"],
        &["man"],
        &["--help"],
        &["cards", "--json"],
        &["export", "--format", "csv"],
        &["decks"],
        &["study", "--limit", "1"],
    ];
    for args in commands {
        // Read end closed before anything is written: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let (code, err) = with_stdout(&env, args, Stdio::from(writer));
        assert_eq!(code, Some(0), "{args:?} | true: {err}");
        assert_eq!(err, "", "{args:?} | true");
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let (code, err) = with_stdout(&env, args, Stdio::from(full));
        assert_eq!(code, Some(1), "{args:?} > /dev/full: {err}");
        assert_eq!(
            err, "error: cannot write to standard output: No space left on device (os error 28)\n",
            "{args:?} > /dev/full"
        );
    }
}
