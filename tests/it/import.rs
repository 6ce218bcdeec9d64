//! `rolecall import`: the seeds against the shipped decks, unusual documents,
//! and a new document all the way to a study session.

use crate::{Env, fixture, stdout_of};
use rolecall::{Deck, parse_deck};
use std::path::{Path, PathBuf};

/// Lowercase letters and digits, single spaces: how texts compare.
fn fold(s: &str) -> String {
    rolecall::fold_for_compare(s)
}

fn read_deck(path: &Path) -> Deck {
    let text = std::fs::read_to_string(path).unwrap();
    parse_deck(&text).unwrap_or_else(|p| panic!("{}: {p:?}", path.display()))
}

fn shipped(name: &str) -> Deck {
    read_deck(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("decks")
            .join(name),
    )
}

/// Imports `doc` with the binary into the env's `decks/OUT`, checks it with
/// `rolecall check`, and returns the deck and the warnings (stderr).
fn import_and_check(env: &Env, doc: &Path, out: &str) -> (Deck, String) {
    let dir = env.home.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join(out);
    let assert = env
        .cmd()
        .arg("import")
        .arg(doc)
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    env.cmd().arg("check").arg(&target).assert().success();
    (read_deck(&target), stderr)
}

/// Importing each seed gives the shipped deck's structure. Compared, per
/// role in order: the role count; the role name (folded); per role, the
/// task count, each task's time, and its title (folded; the shipped title
/// may be a shortened prefix of the seed's). Questions (folded to
/// lowercase alphanumerics): for the PM seed, every time block's imported
/// questions equal the shipped deck's; for the roles seed, every task's
/// imported questions equal the seed's own bullets under that task pattern
/// (none where the seed has none, since the shipped deck restates questions
/// there by hand), and wherever the seed has bullets the shipped deck's
/// questions equal them too.
#[test]
fn seeds_import_into_the_shipped_structure() {
    let env = Env::new();
    for (seed, deck_file) in [
        ("000_d30e8669cd57dc09.txt", "cyber-pm-day.ron"),
        ("003_02d1441560a729b1.txt", "product-security-roles.ron"),
    ] {
        let (imported, _) = import_and_check(&env, &fixture(&format!("seeds/{seed}")), deck_file);
        let shipped = shipped(deck_file);
        assert_eq!(
            imported.roles.len(),
            shipped.roles.len(),
            "{seed}: role count"
        );
        let bullets = seed_bullets(seed);
        for (mine, theirs) in imported.roles.iter().zip(&shipped.roles) {
            assert_eq!(fold(&mine.name), fold(&theirs.name), "{seed}: role name");
            assert_eq!(
                mine.tasks.len(),
                theirs.tasks.len(),
                "{seed}: tasks of {}",
                mine.name
            );
            for (a, b) in mine.tasks.iter().zip(&theirs.tasks) {
                // The shipped deck shortens one title ("Execution tracking").
                assert!(
                    fold(&a.title).starts_with(&fold(&b.title)),
                    "{seed}: {} vs {}",
                    a.title,
                    b.title
                );
                assert_eq!(a.time, b.time, "{seed}: time of {}", a.title);
                let ours: Vec<String> = a.questions.iter().map(|q| fold(q)).collect();
                let shipped_q: Vec<String> = b.questions.iter().map(|q| fold(q)).collect();
                if seed.starts_with("000") {
                    assert_eq!(ours, shipped_q, "{seed}: questions of {}", a.title);
                } else {
                    let source = bullets.get(&fold(&a.title)).cloned().unwrap_or_default();
                    assert_eq!(ours, source, "{seed}: questions of {}", a.title);
                    if !source.is_empty() {
                        assert_eq!(
                            shipped_q, source,
                            "{seed}: shipped questions of {}",
                            a.title
                        );
                    }
                }
            }
        }
    }
}

/// The roles seed's bullets, folded, by the folded title of the numbered
/// task pattern they follow (after repairing its mis-decoding by hand).
fn seed_bullets(seed: &str) -> std::collections::HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(fixture(&format!("seeds/{seed}"))).unwrap();
    let mut out = std::collections::HashMap::<String, Vec<String>>::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if let Some((n, title)) = t.split_once(". ")
            && n.chars().all(|c| c.is_ascii_digit())
            && !n.is_empty()
        {
            current = Some(fold(title));
        } else if let Some(b) = t.strip_prefix('•') {
            if let Some(task) = &current {
                out.entry(task.clone()).or_default().push(fold(b));
            }
        } else if t.contains("task patterns") || t.starts_with("What outsiders") {
            current = None;
        }
    }
    out
}

/// The roles seed is repaired, and its cross-role table, whose cells only
/// single spaces separate, fills the four roles' profiles (at a guess the
/// warning owns up to) instead of becoming notes.
#[test]
fn the_roles_seed_is_repaired_and_its_table_fills_profiles() {
    let env = Env::new();
    let (deck, stderr) =
        import_and_check(&env, &fixture("seeds/003_02d1441560a729b1.txt"), "ps.ron");
    assert!(stderr.contains("repaired 29 characters"), "{stderr}");
    assert!(stderr.contains("Thai code page"), "{stderr}");
    let all = std::fs::read_to_string(env.home.path().join("decks/ps.ron")).unwrap();
    let body: String = all.lines().filter(|l| !l.starts_with("//")).collect();
    assert!(
        !body.contains('โ') && body.contains("“What tools do these roles use?”"),
        "mojibake left in the deck"
    );
    assert!(
        deck.title.starts_with("Day in the Life — AppSec"),
        "{}",
        deck.title
    );
    assert!(
        !deck
            .notes
            .iter()
            .any(|n| n.front.contains("center of gravity")),
        "the table's rows became notes"
    );
    assert!(
        stderr.contains("split them at a guess into 12 profile fields"),
        "{stderr}"
    );
    let shipped = shipped("product-security-roles.ron");
    let mut outputs_right = 0;
    for (mine, theirs) in deck.roles.iter().zip(&shipped.roles) {
        let (Some(mine), Some(theirs)) = (&mine.profile, &theirs.profile) else {
            panic!("{}: no profile", mine.name);
        };
        let cells = |fields: [&Option<String>; 3]| fields.map(|c| c.clone().unwrap_or_default());
        let mine_cells = cells([
            &mine.center_of_gravity,
            &mine.typical_output,
            &mine.failure_mode,
        ]);
        let their_cells = cells([
            &theirs.center_of_gravity,
            &theirs.typical_output,
            &theirs.failure_mode,
        ]);
        // Every word of the row is in the profile, in order.
        assert_eq!(mine_cells.join(" "), their_cells.join(" "));
        // The boundary between two lists is found; the one after the
        // first column's phrase is a guess that may be a word off.
        assert_eq!(mine.failure_mode, theirs.failure_mode);
        outputs_right += usize::from(mine.typical_output == theirs.typical_output);
        // "What outsiders often miss" becomes each role's profile too.
        assert!(mine.outsiders_miss.is_some());
    }
    assert!(outputs_right >= 3, "{outputs_right} of 4 typical outputs");
}

/// The output is for people: one field per line, four-space indent, no
/// `Some(...)`, empty optional fields left out, warnings as comments.
#[test]
fn the_deck_is_written_for_a_person_to_edit() {
    let out = stdout_of(
        Env::new()
            .cmd()
            .arg("import")
            .arg(fixture("import/cloud-architect-day.txt")),
    );
    assert!(
        out.starts_with("// A day in the life of a Cloud Security Architect"),
        "{out}"
    );
    assert!(
        out.contains("\nDeck(\n    id: \"day-life-cloud-security-architect\",\n"),
        "{out}"
    );
    assert!(
        out.contains("\n                    time: \"07:30\",\n"),
        "{out}"
    );
    assert!(
        !out.contains("Some(") && !out.contains("None") && !out.contains("[]"),
        "{out}"
    );
    assert!(
        out.contains("// - lines 106–109: table rows became 3 notes"),
        "{out}"
    );
}

enum Expect {
    /// roles, tasks, and a text the warnings (stderr) contain
    Deck(usize, usize, &'static str),
    /// exit 2 with this in stderr
    Error(&'static str),
}

fn day_doc() -> Vec<u8> {
    std::fs::read(fixture("import/cloud-architect-day.txt")).unwrap()
}

/// Malformed and unusual documents: each gives a deck `check` accepts, or a
/// clear error with exit status 2.
#[test]
fn unusual_documents_give_a_deck_or_a_clear_error() {
    let day = day_doc();
    let crlf = String::from_utf8(day.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&day);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in String::from_utf8(day.clone()).unwrap().encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let latin1 = b"A day in the life of a caf\xe9 owner\n\n7:00 AM \x97 Open the caf\xe9\n\nWhat happens\n\nYou check the espresso machine\x92s pressure.\n".to_vec();
    let long_sentence = "The analyst reads one more alert and decides it is noise. ".repeat(400);
    let long = format!("A day in the life of a tester\n\n9:00 AM — Read logs\n\nWhat happens\n\n{long_sentence}\n\n{}\n", "x".repeat(30_000)).into_bytes();
    let hostile = b"A day in the life of a \x1b]0;pwned\x07 tester\n\n9:00 AM \xe2\x80\x94 Triage \x1b[31mred\x1b[0m\n\nWhat happens\n\nRight-to-left \xe2\x80\xae override and a bell \x07 here.\n".to_vec();
    let file = |name: &str| std::fs::read(fixture(&format!("import/{name}"))).unwrap();
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        (
            "crlf.txt",
            crlf,
            Expect::Deck(1, 5, "table rows became 3 notes"),
        ),
        ("bom.txt", bom, Expect::Deck(1, 5, "")),
        ("utf16.txt", utf16, Expect::Deck(1, 5, "UTF-16")),
        ("latin1.txt", latin1, Expect::Deck(1, 1, "not UTF-8")),
        ("long-lines.txt", long, Expect::Deck(1, 1, "")),
        ("hostile.txt", hostile, Expect::Deck(1, 1, "")),
        (
            "western-mojibake.txt",
            file("western-mojibake.txt"),
            Expect::Deck(1, 2, "Western code page"),
        ),
        (
            "no-sections.txt",
            file("no-sections.txt"),
            Expect::Deck(1, 1, "found no time blocks"),
        ),
        (
            "only-bullets.txt",
            file("only-bullets.txt"),
            Expect::Deck(1, 1, "found no time blocks"),
        ),
        (
            "markdown-day.md",
            file("markdown-day.md"),
            Expect::Deck(1, 3, ""),
        ),
        (
            "markdown-roles.md",
            file("markdown-roles.md"),
            Expect::Deck(2, 4, "6 role profile fields"),
        ),
        (
            "headings-only.txt",
            file("headings-only.txt"),
            Expect::Error("found nothing to study"),
        ),
        (
            "empty.txt",
            Vec::new(),
            Expect::Error("the document is empty"),
        ),
        (
            "blank.txt",
            b" \n\r\n\t\n".to_vec(),
            Expect::Error("the document is empty"),
        ),
    ];
    let env = Env::new();
    let docs = env.home.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for (name, bytes, expect) in cases {
        let doc: PathBuf = docs.join(name);
        std::fs::write(&doc, &bytes).unwrap();
        let out = format!("{}.ron", name.replace('.', "-"));
        match expect {
            Expect::Deck(roles, tasks, warning) => {
                let (deck, stderr) = import_and_check(&env, &doc, &out);
                assert_eq!(deck.roles.len(), roles, "{name}");
                assert_eq!(
                    deck.roles.iter().map(|r| r.tasks.len()).sum::<usize>(),
                    tasks,
                    "{name}"
                );
                assert!(stderr.contains(warning), "{name}: {stderr}");
                let written =
                    std::fs::read_to_string(env.home.path().join("decks").join(&out)).unwrap();
                assert!(
                    !written.contains(['\u{1b}', '\u{7}', '\u{202e}', '\r']),
                    "{name}: raw control in the deck"
                );
            }
            Expect::Error(message) => {
                env.cmd()
                    .arg("import")
                    .arg(&doc)
                    .assert()
                    .code(2)
                    .stderr(predicates::str::contains(message));
            }
        }
    }
}

#[test]
fn specific_shapes_land_in_the_right_fields() {
    let env = Env::new();
    let (deck, _) = import_and_check(&env, &fixture("import/markdown-day.md"), "md.ron");
    let tasks = &deck.roles[0].tasks;
    assert_eq!(deck.roles[0].name, "Detection engineer");
    let times: Vec<_> = tasks.iter().map(|t| t.time.clone().unwrap()).collect();
    assert_eq!(times, ["08:00", "10:30", "14:00"]);
    assert_eq!(
        tasks[0].examples[0].insight,
        "Lesson: monitor the monitors: a silent source is an incident waiting to be missed."
    );
    assert_eq!(
        tasks[0].questions,
        [
            "Which detections are blind right now?",
            "Which rules are too noisy to be trusted?"
        ]
    );
    assert_eq!(
        tasks[2].what_happens,
        ["the red team replays a technique while you watch which rules fire."]
    );

    let (deck, stderr) = import_and_check(&env, &fixture("import/only-bullets.txt"), "bullets.ron");
    let task = &deck.roles[0].tasks[0];
    assert_eq!(task.questions.len(), 4, "{stderr}");
    assert_eq!(task.what_happens.len(), 3);
}

#[test]
fn flags_and_refusals() {
    let env = Env::new();
    let doc = fixture("import/cloud-architect-day.txt");
    let out = env.home.path().join("mine.ron");
    env.cmd()
        .arg("import")
        .arg(&doc)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(
        first.contains("    id: \"mine\",\n"),
        "the id comes from OUT's name"
    );
    // Never overwrite without --force.
    env.cmd()
        .args(["import", "--title", "Other"])
        .arg(&doc)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exists; add --force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    env.cmd()
        .args(["import", "--title", "Other", "--id", "other", "--force"])
        .arg(&doc)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let second = std::fs::read_to_string(&out).unwrap();
    assert!(
        second.contains("    id: \"other\",\n    title: \"Other\",\n"),
        "{second}"
    );
    env.cmd()
        .args(["import", "--id", "Bad Id"])
        .arg(&doc)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("deck id `Bad Id`"));
    env.cmd()
        .args(["import", "no-such-file.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no file no-such-file.txt"));
    // Standard input.
    let text = std::fs::read_to_string(&doc).unwrap();
    let out = env
        .cmd()
        .args(["import", "-", "--id", "piped"])
        .write_stdin(text)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("    id: \"piped\",\n"));
}

/// The "done when" of the issue: a new document in the seeds' style goes
/// `import → check → study --decks DIR --deck ID` through the binary.
#[test]
fn a_new_document_is_studied_end_to_end() {
    let env = Env::new();
    let dir = env.home.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("mine.ron");
    env.cmd()
        .arg("import")
        .arg(fixture("import/cloud-architect-day.txt"))
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    env.cmd()
        .arg("check")
        .arg(&target)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "1 deck file OK: 1 deck, 34 cards",
        ));
    // Answer lines: typed cards read an answer then a grade (empty accepts
    // the suggestion); choice cards read a number; "q" ends the session.
    let script = "guardrails and blast radius\n\n1\n\nthe data residency constraint\n\n1\n\nq\n";
    let out = env
        .cmd()
        .args([
            "study", "--decks", "decks", "--deck", "mine", "--limit", "3",
        ])
        .write_stdin(script)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("saved: mine/cloud-security-architect/"),
        "{stdout}"
    );
    let log = std::fs::read_to_string(env.data_dir().join("profiles/default/log.jsonl")).unwrap();
    assert!(log.lines().count() >= 2, "{log}");
    assert!(log.lines().all(|l| l.contains("\"card\":\"mine/")), "{log}");
}
