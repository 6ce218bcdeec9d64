//! Untrusted text: a deck (and a review log) full of terminal escape
//! sequences, C0/C1 controls and bidi overrides must reach the terminal
//! inert from every command, on stdout and stderr, human and JSON.

use crate::study::{always, drive};
use crate::{Env, fixture};
use assert_cmd::Command;

/// A character that can act on a terminal instead of being shown: C0 and
/// C1 controls and DEL (newline and tab are layout), every Unicode format
/// character (bidi controls that reorder what the reader sees, zero-width
/// and tag characters that hide text, U+061C, the BOM) and the line and
/// paragraph separators.
fn acts_on_terminal(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// Fails with the position and a little context of the first raw control.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| acts_on_terminal(c)) {
        let start = text.floor_char_boundary(i.saturating_sub(40));
        let end = text.ceil_char_boundary((i + 40).min(text.len()));
        panic!(
            "{what}: raw U+{:04X} at byte {i}: {:?}",
            c as u32,
            &text[start..end]
        );
    }
}

/// An env whose `./decks` folder holds the hostile deck (next to the
/// built-in decks).
fn hostile_env() -> Env {
    let env = Env::new();
    let decks = env.home.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::copy(
        fixture("hostile/decks/hostile.ron"),
        decks.join("hostile.ron"),
    )
    .unwrap();
    env
}

/// Runs `cmd`, checks its exit code, and that stdout and stderr are inert;
/// returns stdout and stderr as text.
fn run_inert(what: &str, cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_inert(&format!("{what} stdout"), &out.stdout);
    assert_inert(&format!("{what} stderr"), &out.stderr);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_fixture_really_is_hostile() {
    // The deck parses into text with raw controls: otherwise the tests
    // below would prove nothing.
    let text = std::fs::read_to_string(fixture("hostile/decks/hostile.ron")).unwrap();
    let deck = rolecall::parse_deck(&text).unwrap();
    let cards = rolecall::generate_cards(&deck, 0);
    let all: String = cards
        .iter()
        .flat_map(|c| {
            [c.prompt.to_string(), c.answer.to_string()]
                .into_iter()
                .chain(c.choices.iter().map(ToString::to_string))
                .chain(c.key_points.iter().map(ToString::to_string))
        })
        .collect();
    for needle in [
        "\u{1b}[31m",
        "\u{1b}]0;",
        "\u{1b}]52;",
        "\u{7}",
        "\u{8}",
        "\u{9b}",
        "\u{202e}",
        "\u{7f}",
        "\u{61c}",
        "\u{200b}",
        "\u{2028}",
        "\u{2029}",
        "\u{e0041}",
        "\u{feff}",
        "https://evil.example/a",
    ] {
        assert!(all.contains(needle), "no {needle:?} in the generated cards");
    }
    let raw = std::fs::read(fixture("hostile/bad/hostile-raw-bytes.ron")).unwrap();
    assert!(raw.contains(&0x1b) && raw.contains(&0x07));
}

#[test]
fn decks_and_cards_show_hostile_text_inert() {
    let env = hostile_env();
    let (out, _) = run_inert("decks", env.cmd().arg("decks"), 0);
    assert!(out.contains("Hostile \\u{1b}[31mred"), "{out}");
    let (out, _) = run_inert("decks --json", env.cmd().args(["decks", "--json"]), 0);
    assert!(out.contains(r"Hostile \u001b[31mred"), "{out}");
    let (out, _) = run_inert("cards", env.cmd().args(["cards", "--deck", "hostile"]), 0);
    assert!(out.contains("\\u{1b}]52;c;"), "{out}");
    let (out, _) = run_inert(
        "cards --json",
        env.cmd().args(["cards", "--deck", "hostile", "--json"]),
        0,
    );
    // JSON escapes what it must, and the C1 and bidi controls serde_json
    // would pass through as raw UTF-8.
    assert!(out.contains(r"\u001b]52;c;"), "{out}");
    assert!(out.contains(r"\u009b") && out.contains(r"\u202e"), "{out}");
    serde_json::from_str::<serde_json::Value>(&out).expect("still valid JSON");
}

#[test]
fn check_quotes_hostile_deck_text_inert() {
    let env = Env::new();
    let (_, err) = run_inert(
        "check",
        env.cmd().arg("check").arg(fixture("hostile/bad")),
        2,
    );
    assert!(
        err.contains("id `Bad\\u{1b}]0;t\\u{7}ID` may use only a-z, 0-9 and -"),
        "{err}"
    );
    assert!(
        err.contains("unknown role `nobody\\u{7}\\u{9b}2J`"),
        "{err}"
    );
    assert!(err.contains("14 problems in 2 deck files"), "{err}");
    // Loading the broken decks for any other command reports them inert too.
    let (_, err) = run_inert(
        "decks with a bad deck",
        env.cmd()
            .arg("--decks")
            .arg(fixture("hostile/bad"))
            .arg("decks"),
        2,
    );
    assert!(err.starts_with("error: 14 problems in deck files"), "{err}");
}

#[test]
fn a_scripted_study_session_shows_hostile_text_inert() {
    let env = hostile_env();
    let now = "2026-03-02T09:00:00Z";
    let t = drive(&env, now, &["--deck", "hostile"], &mut always("good"));
    assert!(t.status.success(), "{}", t.stdout);
    assert!(t.stdout.matches("saved: ").count() >= 5, "{}", t.stdout);
    assert_inert("study", t.stdout.as_bytes());
    assert!(t.stdout.contains("\\u{1b}"), "{}", t.stdout);
    // A second day asks the cards again, from the snapshot this time.
    let t = drive(
        &env,
        "2026-03-20T09:00:00Z",
        &["--deck", "hostile", "--new", "30", "--limit", "30"],
        &mut always("hard"),
    );
    assert!(t.status.success(), "{}", t.stdout);
    assert_inert("study, day 2", t.stdout.as_bytes());

    let (out, _) = run_inert("history", env.cmd().arg("history"), 0);
    assert!(out.contains("hostile/evil-one"), "{out}");
    run_inert("history --json", env.cmd().args(["history", "--json"]), 0);
}

#[test]
fn grade_shows_hostile_key_points_and_answers_inert() {
    let env = hostile_env();
    let (out, _) = run_inert(
        "grade",
        env.cmd().args([
            "grade",
            "--card",
            "hostile/evil-one/first/scenario/0",
            "--answer",
            "check \u{1b}[31mreachability and \u{9b}2J exposure \u{202e}",
        ]),
        0,
    );
    assert!(out.contains("check \\u{1b}[31mreachability"), "{out}");
    let (out, _) = run_inert(
        "grade --json",
        env.cmd()
            .args([
                "grade",
                "--card",
                "hostile/evil-one/first/scenario/0",
                "--answer",
                "-",
                "--json",
            ])
            .write_stdin("exposure \u{1b}]0;t\u{7}"),
        0,
    );
    assert!(out.contains(r"\u001b[31mreachability"), "{out}");
}

#[test]
fn hostile_arguments_and_log_records_are_inert_in_errors_and_history() {
    let env = hostile_env();
    for args in [
        vec!["grade", "--card", "x\u{1b}]0;pwned\u{7}", "--answer", "a"],
        vec!["cards", "--deck", "\u{1b}[2J\u{9b}31m"],
        vec!["study", "--role", "\u{202e}evil"],
        vec!["--profile", "\u{1b}]52;c;aGk=\u{7}", "history"],
        vec!["--now", "\u{1b}[31m", "decks"],
    ] {
        let (_, err) = run_inert(&format!("{args:?}"), env.cmd().args(&args), 2);
        assert!(err.starts_with("error: "), "{err}");
    }

    // A hand-edited (or hostile) log: escapes in the card id and mode.
    let dir = env.data_dir().join("profiles/default");
    std::fs::create_dir_all(&dir).unwrap();
    let line = r#"{"type":"review","card":"c\u001b]0;t\u0007","at":"2026-03-01T09:00:00.000Z","grade":"good","score":null,"duration_ms":1,"mode":"self\u001b[2J\u009b1m\u202e","session":null}"#;
    let torn = "{\"type\":\"review\",\"card\":\"\u{1b}]52;c;aGk=\u{7}";
    std::fs::write(dir.join("log.jsonl"), format!("{line}\n{torn}")).unwrap();
    let (out, err) = run_inert("history, hostile log", env.cmd().arg("history"), 0);
    assert!(out.contains("c\\u{1b}]0;t\\u{7}"), "{out}");
    assert!(out.contains("self\\u{1b}[2J"), "{out}");
    assert!(err.contains("incomplete last record ignored"), "{err}");
    run_inert(
        "history --json, hostile log",
        env.cmd().args(["history", "--json"]),
        0,
    );
    // Damage that quotes the hostile line is inert too.
    std::fs::write(
        dir.join("log.jsonl"),
        format!("{line}\n{{\"type\":\"\u{1b}]0;x\u{7}\"}}\n{line}\n"),
    )
    .unwrap();
    let (_, err) = run_inert("history, damaged hostile log", env.cmd().arg("history"), 1);
    assert!(
        err.contains("log.jsonl:2: damaged review log record"),
        "{err}"
    );
}

#[test]
fn next_answer_readiness_and_stats_show_hostile_text_inert() {
    let env = hostile_env();
    for json in [false, true] {
        let flag = |args: &[&str]| {
            let mut v: Vec<String> = args.iter().map(ToString::to_string).collect();
            if json {
                v.push("--json".into());
            }
            v
        };
        let what = if json { " --json" } else { "" };
        run_inert(
            &format!("next{what}"),
            env.cmd().args(flag(&["next", "--deck", "hostile"])),
            0,
        );
        run_inert(
            &format!("answer{what}"),
            env.cmd().args(flag(&[
                "answer",
                "--card",
                "hostile/evil-one/first/scenario/0",
                "--answer",
                "check \u{1b}[31mreachability \u{202e}",
            ])),
            0,
        );
        // Failed at once, so the task's hostile title is among the weakest.
        run_inert(
            &format!("answer again{what}"),
            env.cmd().args(flag(&[
                "answer",
                "--card",
                "hostile/evil-one/first/scenario/0",
                "--grade",
                "again",
            ])),
            0,
        );
        run_inert(
            &format!("readiness{what}"),
            env.cmd().args(flag(&["readiness", "--deck", "hostile"])),
            0,
        );
        let (out, _) = run_inert(
            &format!("stats{what}"),
            env.cmd().args(flag(&["stats", "--deck", "hostile"])),
            0,
        );
        assert!(out.contains("hostile"), "{out}");
        if !json {
            assert!(out.contains("Weakest tasks"), "{out}");
        }
    }
}

#[test]
fn exports_of_a_hostile_deck_are_inert() {
    let env = hostile_env();
    let (anki, _) = run_inert(
        "export anki",
        env.cmd()
            .args(["export", "--format", "anki", "--deck", "hostile"]),
        0,
    );
    assert!(anki.contains("\\u{1b}]52;c;"), "{anki}");
    // CSV ends records with CRLF (RFC 4180): that CR is layout, not deck text.
    let out = env
        .cmd()
        .args(["export", "--format", "csv", "--deck", "hostile"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\r\n"));
    assert_inert("export csv", csv.replace("\r\n", "\n").as_bytes());
    run_inert(
        "export to a file",
        env.cmd().args([
            "export",
            "--format",
            "anki",
            "--deck",
            "hostile",
            "-o",
            "cards.txt",
        ]),
        0,
    );
    let file = std::fs::read(env.home.path().join("cards.txt")).unwrap();
    assert_inert("export file", &file);
}

#[test]
fn mock_interviews_and_reports_of_a_hostile_deck_are_inert() {
    let env = hostile_env();
    let script = "my \u{1b}[31manswer\n2 2 2 2\n".repeat(6);
    run_inert(
        "mock",
        env.cmd()
            .args([
                "mock",
                "--candidate",
                "bob",
                "--new-candidate",
                "--deck",
                "hostile",
                "--questions",
                "3",
                "--report",
                "mock.md",
            ])
            .write_stdin(script),
        0,
    );
    let report = std::fs::read(env.home.path().join("mock.md")).unwrap();
    assert_inert("mock report file", &report);
    let text = String::from_utf8_lossy(&report);
    assert!(text.contains("\\u{1b}"));
    // Nothing a renderer would make a link of: the scheme's colon, `www.`
    // and the address's `@` are escaped.
    assert!(text.contains("https\\://evil.example/a"), "{text}");
    assert!(text.contains("www\\.evil.example"), "{text}");
    assert!(text.contains("bob\\@evil.example"), "{text}");
    for link in ["https://", "http://", "www.evil", "bob@evil"] {
        assert!(!text.contains(link), "{link} in {text}");
    }
    let (out, _) = run_inert(
        "report",
        env.cmd().args(["report", "--candidate", "bob"]),
        0,
    );
    assert!(out.contains("bob"), "{out}");
    run_inert(
        "report to a file",
        env.cmd()
            .args(["report", "--candidate", "bob", "--out", "report.md"]),
        0,
    );
    assert_inert(
        "report file",
        &std::fs::read(env.home.path().join("report.md")).unwrap(),
    );
    run_inert("profiles", env.cmd().arg("profiles"), 0);
}

#[test]
fn importing_a_hostile_document_gives_an_inert_deck_and_messages() {
    let env = Env::new();
    let doc = fixture("hostile/document.txt");
    let raw = std::fs::read(&doc).unwrap();
    assert!(
        raw.contains(&0x1b) && raw.contains(&0x07),
        "the fixture is hostile"
    );
    let (ron, err) = run_inert(
        "import",
        env.cmd().arg("import").arg(&doc).args(["--id", "imported"]),
        0,
    );
    assert!(ron.contains("\\u{1b}]0;pwned\\u{7}"), "{ron}");
    assert!(err.contains("\\u{1b}[31mproduct"), "{err}");
    // The deck keeps the text (as RON escapes) and shows it inert again.
    let decks = env.home.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    run_inert(
        "import -o",
        env.cmd()
            .arg("import")
            .arg(&doc)
            .args(["--id", "imported", "-o"])
            .arg(decks.join("imported.ron")),
        0,
    );
    assert_inert(
        "imported deck file",
        &std::fs::read(decks.join("imported.ron")).unwrap(),
    );
    run_inert("check imported", env.cmd().arg("check"), 0);
    let (out, _) = run_inert(
        "cards of the imported deck",
        env.cmd().args(["cards", "--deck", "imported"]),
        0,
    );
    assert!(out.contains("\\u{1b}[31mproduct"), "{out}");
}

#[test]
fn scripted_sessions_report_hostile_input_lines_inert() {
    let env = hostile_env();
    // A typed card: an answer, then a grade line that is an escape sequence.
    let (out, _) = run_inert(
        "study, hostile grade line",
        env.cmd()
            .args(["study", "--deck", "hostile", "--limit", "1"])
            .write_stdin("an answer\n\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}\ngood\n"),
        0,
    );
    assert!(
        out.contains("invalid: `\\u{1b}]0;pwned\\u{7}\\u{9b}2J\\u{202e}` is not a grade"),
        "{out}"
    );
    assert!(out.contains("saved: "), "{out}");
    // A mock: a rubric line, then a grade after the rubric, both hostile.
    let (out, _) = run_inert(
        "mock, hostile rubric lines",
        env.cmd()
            .args([
                "mock",
                "--candidate",
                "eve",
                "--new-candidate",
                "--deck",
                "hostile",
                "--questions",
                "1",
            ])
            .args(["--report", "eve.md"])
            .write_stdin(
                "answer\n\u{1b}[2J\u{61c}\n2 2 2 2 \u{1b}]52;c;aGk=\u{7}\n2 2 2 2\nnote\n",
            ),
        0,
    );
    assert_eq!(out.matches("invalid: ").count(), 2, "{out}");
}
