//! `rolecall export` (Anki and CSV), and the shell: completions and man.

use crate::{Env, stdout_of};
use serde_json::Value;

fn cards(env: &Env, args: &[&str]) -> Vec<Value> {
    let out = stdout_of(env.cmd().args(["cards", "--json"]).args(args));
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

fn list(v: &Value) -> String {
    v.as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The CSV parses back (RFC 4180, `csv` crate) to exactly the cards `cards
/// --json` lists: same order, every column equal.
#[test]
fn csv_round_trips_the_cards() {
    let env = Env::new();
    let out = stdout_of(env.cmd().args(["export", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        rolecall::CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cards = cards(&env, &[]);
    assert_eq!(rows.len(), cards.len());
    assert!(cards.len() > 100);
    for (row, card) in rows.iter().zip(&cards) {
        let expected = [
            text(&card["id"]),
            text(&card["deck"]),
            text(&card["role"]),
            text(&card["task"]),
            text(&card["kind"]),
            text(&card["prompt"]),
            text(&card["answer"]),
            list(&card["key_points"]),
            list(&card["choices"]),
        ];
        assert_eq!(row.iter().collect::<Vec<_>>(), expected, "{}", card["id"]);
    }
}

/// `--role` and `--task` pick the same cards in an export as in `cards`,
/// and an unknown id is refused the same way.
#[test]
fn exports_filter_by_role_and_task_as_cards_does() {
    let env = Env::new();
    for filters in [
        &["--role", "appsec-engineer"][..],
        &["--role", "appsec-engineer", "--task", "triage-findings"],
        &["--deck", "cyber-pm-day", "--kind", "timeline"],
    ] {
        let expected: Vec<String> = cards(&env, filters)
            .iter()
            .map(|c| text(&c["id"]))
            .collect();
        assert!(!expected.is_empty(), "{filters:?}");
        let out = stdout_of(env.cmd().args(["export", "--format", "csv"]).args(filters));
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let ids: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        assert_eq!(ids, expected, "{filters:?}");
    }
    let all = cards(&env, &["--role", "appsec-engineer"]).len();
    let one_task = cards(
        &env,
        &["--role", "appsec-engineer", "--task", "triage-findings"],
    )
    .len();
    assert!(one_task < all);
    env.cmd()
        .args(["export", "--format", "anki", "--role", "no-such-role"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-role"));
}

/// Every Anki line after the headers has 5 tab-separated fields, one line
/// per card, with HTML in place of newlines; tags name deck, role and kind.
#[test]
fn anki_file_has_headers_and_one_note_per_line() {
    let env = Env::new();
    let out = stdout_of(
        env.cmd()
            .args(["export", "--format", "anki", "--deck", "cyber-pm-day"]),
    );
    let headers: Vec<&str> = out.lines().take_while(|l| l.starts_with('#')).collect();
    for needed in [
        "#separator:tab",
        "#html:true",
        "#tags column:3",
        "#guid column:4",
        "#deck column:5",
        "#notetype:Basic",
    ] {
        assert!(headers.contains(&needed), "missing {needed}: {headers:?}");
    }
    let notes: Vec<&str> = out.lines().skip(headers.len()).collect();
    let cards = cards(&env, &["--deck", "cyber-pm-day"]);
    assert_eq!(notes.len(), cards.len());
    for (line, card) in notes.iter().zip(&cards) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 5, "{line}");
        assert!(fields.iter().all(|f| !f.is_empty()), "{line}");
        assert_eq!(fields[3], format!("rolecall:{}", text(&card["id"])));
        assert_eq!(fields[4], "rolecall::cyber-pm-day");
        let kind = text(&card["kind"]);
        assert!(
            fields[2].ends_with(&format!("rolecall::kind::{kind}")),
            "{line}"
        );
        assert!(
            fields[2].starts_with("rolecall::cyber-pm-day::cyber-pm "),
            "{line}"
        );
        if card["mode"] == "choice" {
            assert!(
                fields[0].contains("<ol><li>"),
                "choices in the front: {line}"
            );
        }
        if text(&card["prompt"]).contains('\n') {
            assert!(fields[0].contains("<br>"), "{line}");
        }
    }
    assert!(notes.iter().any(|l| l.contains("Key points:<ul><li>")));
}

#[test]
fn export_writes_files_but_never_overwrites_without_force() {
    let env = Env::new();
    let file = env.home.path().join("cards.txt");
    env.cmd()
        .args(["export", "--format", "anki", "--kind", "questions", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicates::str::contains("cards to"));
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(
        first
            .lines()
            .skip_while(|l| l.starts_with('#'))
            .all(|l| l.contains("rolecall::kind::questions"))
    );
    env.cmd()
        .args(["export", "--format", "csv", "-o"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exists; add --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    env.cmd()
        .args(["export", "--format", "csv", "--force", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("id,deck,role,task,kind,")
    );
    env.cmd()
        .args(["export", "--format", "csv", "--deck", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no deck `nope`"));
}

/// Deck text with escape sequences and formulas leaves no raw control
/// character in either export, and no cell a spreadsheet would run.
#[test]
fn hostile_deck_text_is_inert_in_exports() {
    let env = Env::new();
    let dir = env.home.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let doc = env.home.path().join("evil.txt");
    std::fs::write(
        &doc,
        "A day in the life of a tester\n\n9:00 AM — Triage \u{1b}]52;c;aGk=\u{7}\n\nWhat happens\n\n=HYPERLINK(\"http://x\")\n\nWhat questions to think\n\n  • Is\tthis \u{202e}real?\n",
    )
    .unwrap();
    env.cmd()
        .arg("import")
        .arg(&doc)
        .arg("-o")
        .arg(dir.join("evil.ron"))
        .assert()
        .success();
    for format in ["anki", "csv"] {
        let out = stdout_of(
            env.cmd()
                .args(["--decks", "decks", "export", "--format", format]),
        );
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{format}: {out}"
        );
        assert!(
            !out.contains(",=HYPERLINK") && !out.contains("\"=HYPERLINK"),
            "{format}: {out}"
        );
    }
}

#[test]
fn completions_and_man_come_from_the_cli() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "-F _clap_complete_rolecall rolecall"),
        ("zsh", "#compdef rolecall"),
        (
            "fish",
            "complete --keep-order --exclusive --command rolecall",
        ),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[rolecall]"),
    ] {
        let out = stdout_of(env.cmd().args(["completions", shell]));
        assert!(out.contains(marker), "{shell}: {out}");
        // The script asks this binary for candidates as the user types.
        assert!(
            out.contains(&format!("COMPLETE=\"{shell}\""))
                || out.contains(&format!("COMPLETE={shell}"))
                || out.contains(&format!("COMPLETE = \"{shell}\"")),
            "{shell}: {out}"
        );
    }
    env.cmd().args(["completions", "tcsh"]).assert().code(2);
    let man = stdout_of(env.cmd().arg("man"));
    assert!(man.contains(".TH ROLECALL 1"), "{}", &man[..200]);
    for needed in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SS \"rolecall import\"",
        "\\-\\-format",
        "rolecall export \\-\\-format anki",
    ] {
        assert!(man.contains(needed), "man lacks {needed}");
    }
}
