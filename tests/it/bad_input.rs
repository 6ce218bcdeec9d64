//! The bad-input matrix: wrong flags, broken deck files, damaged stores,
//! hostile sizes. Each case states its exit code and the exact error text
//! (or its exact beginning, where the rest lists built-in ids or comes from
//! clap), and the files that must come out of it unchanged.

use crate::Env;
use std::fs;
use std::path::Path;

/// How the error text is checked.
enum Expect {
    /// stderr is exactly this.
    Exact(String),
    /// stderr starts with this.
    Prefix(String),
}

struct Case {
    name: &'static str,
    setup: Box<dyn Fn(&Path)>,
    args: Vec<String>,
    stdin: Vec<u8>,
    code: i32,
    stderr: Expect,
    /// Files (relative to the working folder) that must not change.
    unchanged: Vec<&'static str>,
}

fn case(name: &'static str, args: &[&str], code: i32, stderr: Expect) -> Case {
    Case {
        name,
        setup: Box::new(|_| {}),
        args: args.iter().map(ToString::to_string).collect(),
        stdin: Vec::new(),
        code,
        stderr,
        unchanged: Vec::new(),
    }
}

impl Case {
    fn setup(mut self, f: impl Fn(&Path) + 'static) -> Case {
        self.setup = Box::new(f);
        self
    }

    fn stdin(mut self, bytes: &[u8]) -> Case {
        self.stdin = bytes.to_vec();
        self
    }

    fn keeps(mut self, files: &[&'static str]) -> Case {
        self.unchanged = files.to_vec();
        self
    }
}

fn exact(s: &str) -> Expect {
    Expect::Exact(s.to_string())
}

fn prefix(s: &str) -> Expect {
    Expect::Prefix(s.to_string())
}

const LOG: &str = "data/profiles/default/log.jsonl";

/// One acknowledged review, as the store writes it.
const REVIEW: &str = r#"{"type":"review","card":"cyber-pm-day/note/old-vs-new-data","at":"2026-03-01T09:00:00.000Z","grade":"good","score":null,"duration_ms":1200,"mode":"self","session":null}"#;

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, bytes).unwrap();
}

/// A profile with one good review.
fn profile_with_review(home: &Path) {
    write(&home.join(LOG), format!("{REVIEW}\n"));
}

/// A valid deck file, from the test fixtures.
fn small_deck() -> String {
    fs::read_to_string(crate::fixture("good/small.ron")).unwrap()
}

const PROFILE_RULE: &str = "use 1 to 64 letters, digits, '-' or '_'";

const SNAPSHOT: &str = "data/profiles/default/snapshot.bin";
const SETTINGS: &str = "data/profiles/default/settings.json";
const NOTE_CARD: &str = "cyber-pm-day/note/old-vs-new-data";

/// Runs `rolecall` in `home` as the matrix does (sealed, clock fixed),
/// for setups that need the program's own files; it must succeed.
fn rolecall(home: &Path, args: &[&str]) {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("rolecall"))
        .current_dir(home)
        .env_clear()
        .env("HOME", home)
        .env("ROLECALL_HOME", home.join("data"))
        .env("ROLECALL_NOW", "2026-03-01T09:00:00Z")
        .env("TZ", "UTC")
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
}

/// A profile with two reviews (one keyed `k1`) and a current snapshot.
fn answered(home: &Path) {
    rolecall(
        home,
        &[
            "answer", "--card", NOTE_CARD, "--grade", "good", "--id", "k1",
        ],
    );
    rolecall(
        home,
        &[
            "answer",
            "--card",
            "cyber-pm-day/note/mental-model-shift",
            "--grade",
            "hard",
        ],
    );
    assert!(home.join(SNAPSHOT).is_file());
}

/// Replaces the first `from` in `file` with `to`, which has its length.
fn damage(home: &Path, file: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = home.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[allow(clippy::too_many_lines)] // one table, read top to bottom
fn cases() -> Vec<Case> {
    let x40 = "x".repeat(40);
    vec![
        // ---- flags and names (exit 2)
        case(
            "unknown role",
            &["study", "--role", "wizard"],
            2,
            exact(
                "error: no role `wizard`; roles: cyber-pm, appsec-engineer, devsecops-engineer, product-security-manager, product-security-director\n",
            ),
        ),
        case(
            "unknown deck",
            &["study", "--deck", "nope"],
            2,
            exact("error: no deck `nope`; loaded decks: cyber-pm-day, product-security-roles\n"),
        ),
        case(
            "unknown deck in stats",
            &["stats", "--deck", "nope"],
            2,
            exact("error: no deck `nope`; loaded decks: cyber-pm-day, product-security-roles\n"),
        ),
        case(
            "unknown card kind",
            &["cards", "--kind", "riddle"],
            2,
            exact(
                "error: unknown card kind `riddle`; expected one of: duties, questions, scenario, which-role, which-task, profile, timeline, note\n",
            ),
        ),
        case(
            "retention out of range",
            &["study", "--retention", "0.5"],
            2,
            exact("error: desired retention 0.5 is out of range: use 0.70 to 0.99\n"),
        ),
        case(
            "profile name with ../",
            &["--profile", "../x", "study"],
            2,
            exact(&format!(
                "error: invalid profile name \"../x\": '.' is not allowed; {PROFILE_RULE}\n"
            )),
        ),
        case(
            "profile name with /",
            &["--profile", "a/b", "history"],
            2,
            exact(&format!(
                "error: invalid profile name \"a/b\": '/' is not allowed; {PROFILE_RULE}\n"
            )),
        ),
        case(
            "profile name ..",
            &["--profile", "..", "stats"],
            2,
            exact(&format!(
                "error: invalid profile name \"..\": '.' is not allowed; {PROFILE_RULE}\n"
            )),
        ),
        case(
            "empty profile name",
            &["--profile", "", "history"],
            2,
            exact(&format!(
                "error: invalid profile name \"\": it is empty; {PROFILE_RULE}\n"
            )),
        ),
        case(
            "profile name too long",
            &["--profile", &"a".repeat(65), "history"],
            2,
            exact(&format!(
                "error: invalid profile name \"{}\": it is 65 characters long; {PROFILE_RULE}\n",
                "a".repeat(65)
            )),
        ),
        case(
            "candidate name with ../",
            &["mock", "--candidate", "../x"],
            2,
            exact(&format!(
                "error: invalid profile name \"../x\": '.' is not allowed; {PROFILE_RULE}\n"
            )),
        ),
        case(
            "--now not a time",
            &["--now", "yesterday", "decks"],
            2,
            exact(
                "error: --now `yesterday` is not an RFC 3339 time (premature end of input); e.g. 2026-01-31T09:00:00Z\n",
            ),
        ),
        case(
            "--on not a date",
            &["readiness", "--on", "2026-13-01"],
            2,
            exact("error: --on `2026-13-01` is not a date: use YYYY-MM-DD\n"),
        ),
        case(
            "unknown card to grade",
            &["grade", "--card", "nope", "--answer", "x"],
            2,
            prefix("error: no card `nope`; closest ids:\n  "),
        ),
        case(
            "unknown card to answer",
            &["answer", "--card", "nope", "--grade", "good"],
            2,
            prefix("error: no card `nope`; closest ids:\n  "),
        ),
        case(
            "grade out of range",
            &[
                "answer",
                "--card",
                "cyber-pm-day/note/old-vs-new-data",
                "--grade",
                "7",
            ],
            2,
            exact("error: `7` is not a grade: expected 1-4 or again, hard, good, easy\n"),
        ),
        case(
            "negative limit",
            &["study", "--limit", "-1"],
            2,
            prefix("error: invalid value '-1' for '--limit <N>': must be 0 or more\n"),
        ),
        case(
            "non-numeric new-card count",
            &["study", "--new", "abc"],
            2,
            prefix("error: invalid value 'abc' for '--new <N>': invalid digit found in string\n"),
        ),
        case(
            "unknown subcommand",
            &["frobnicate"],
            2,
            prefix("error: unrecognized subcommand 'frobnicate'\n"),
        ),
        case(
            "bad colour choice",
            &["--color", "sometimes", "decks"],
            2,
            prefix("error: invalid value 'sometimes' for '--color <COLOR>'\n"),
        ),
        case(
            "missing flag value",
            &["history", "--card"],
            2,
            prefix("error: a value is required for '--card <ID>' but none was supplied\n"),
        ),
        case(
            "report for a missing profile",
            &["report", "--candidate", "nobody"],
            2,
            exact("error: no profile named \"nobody\"; `rolecall profiles` lists them\n"),
        ),
        case(
            "answer from stdin not UTF-8",
            &[
                "grade",
                "--card",
                "cyber-pm-day/note/old-vs-new-data",
                "--answer",
                "-",
            ],
            1,
            exact(
                "error: cannot read the answer from standard input: stream did not contain valid UTF-8\n",
            ),
        )
        .stdin(b"\xff\xfe answer\n"),
        case(
            "a 1 MB answer line is scored",
            &[
                "grade",
                "--card",
                "product-security-roles/appsec-engineer/triage-findings/questions",
                "--answer",
                "-",
            ],
            0,
            exact(""),
        )
        .stdin("owner exploitable context release ".repeat(30_000).as_bytes()),
        // ---- deck files (exit 2)
        case(
            "missing deck file",
            &["check", "missing.ron"],
            2,
            exact("missing.ron: cannot read: No such file or directory (os error 2)\n1 problem in 0 deck files\n"),
        ),
        case(
            "folder without decks",
            &["check", "empty"],
            2,
            exact("empty: no .ron deck files in this folder\n1 problem in 0 deck files\n"),
        )
        .setup(|home| fs::create_dir(home.join("empty")).unwrap()),
        case(
            "missing deck folder",
            &["--decks", "missing", "decks"],
            2,
            exact(
                "error: 1 problem in deck files (run `rolecall check` for the full list):\n  missing: cannot read deck folder: No such file or directory (os error 2)\n",
            ),
        ),
        case(
            "deck file over 16 MiB",
            &["check", "big.ron"],
            2,
            exact("big.ron: deck file is 16777217 bytes; the limit is 16777216 (16 MiB)\n1 problem in 0 deck files\n"),
        )
        .setup(|home| {
            // Sparse: the size check comes before any read.
            let f = fs::File::create(home.join("big.ron")).unwrap();
            f.set_len(16 * 1024 * 1024 + 1).unwrap();
        }),
        case(
            "deck file not UTF-8",
            &["check", "latin1.ron"],
            2,
            exact("latin1.ron: not UTF-8 text (invalid byte at offset 17); save the deck as UTF-8\n1 problem in 0 deck files\n"),
        )
        .setup(|home| write(&home.join("latin1.ron"), b"Deck(id: \"x\", t: \xe9)")),
        case(
            "deck file of NUL bytes",
            &["check", "nul.ron"],
            2,
            exact("nul.ron:1:1: Unexpected char '\\0'\n1 problem in 1 deck file\n"),
        )
        .setup(|home| write(&home.join("nul.ron"), [0u8; 64])),
        case(
            "nesting far deeper than the limit",
            &["check", "deep.ron"],
            2,
            exact("deep.ron:1:65: nesting deeper than 64 levels\n1 problem in 1 deck file\n"),
        )
        .setup(|home| write(&home.join("deep.ron"), "[".repeat(100_000))),
        case(
            "nesting in a deck one past the limit",
            &["check", "deep2.ron"],
            2,
            exact("deep2.ron:1:329: nesting deeper than 64 levels\n1 problem in 1 deck file\n"),
        )
        .setup(|home| {
            write(
                &home.join("deep2.ron"),
                format!("Deck(id: {}", "Some(".repeat(64)),
            );
        }),
        case(
            "a 1 MB line",
            &["check", "line.ron"],
            2,
            exact(&format!(
                "line.ron:1:1: expected `Deck(…)`, found `{x40}…`\n1 problem in 1 deck file\n"
            )),
        )
        .setup(|home| write(&home.join("line.ron"), "x".repeat(1_000_000))),
        case(
            "a 1 MB string is fine",
            &["check", "long-text.ron"],
            0,
            exact(""),
        )
        .setup(|home| {
            let deck = small_deck().replacen(
                "Two roles, two tasks each.",
                &"word ".repeat(200_000),
                1,
            );
            write(&home.join("long-text.ron"), deck);
        }),
        // The second is left out, named, and the first still loads;
        // `check` fails on it.
        case(
            "two decks with one id",
            &["--decks", "dup", "decks"],
            0,
            exact(
                "warning: deck file left out: dup/b.ron:5:9: deck id `small` is already used by dup/a.ron; deck ids must be unique; `rolecall check` lists every problem\n",
            ),
        )
        .setup(|home| {
            write(&home.join("dup/a.ron"), small_deck());
            write(&home.join("dup/b.ron"), small_deck());
        }),
        case(
            "two decks with one id, checked",
            &["check", "dup"],
            2,
            prefix("dup/b.ron:5:9: deck id `small` is already used by dup/a.ron"),
        )
        .setup(|home| {
            write(&home.join("dup/a.ron"), small_deck());
            write(&home.join("dup/b.ron"), small_deck());
        }),
        // ---- import and export files (exit 2)
        case(
            "import a missing document",
            &["import", "missing.txt"],
            2,
            exact("error: no file missing.txt\n"),
        ),
        case(
            "import an empty document",
            &["import", "empty.txt"],
            2,
            exact("error: cannot import empty.txt: the document is empty\n"),
        )
        .setup(|home| write(&home.join("empty.txt"), "")),
        case(
            "import with a bad deck id",
            &["import", "day.md", "--id", "Bad_ID"],
            2,
            exact("error: cannot import day.md: deck id `Bad_ID` may use only a-z, 0-9 and - (not at either end)\n"),
        )
        .setup(|home| {
            fs::copy(crate::fixture("import/markdown-day.md"), home.join("day.md")).unwrap();
        }),
        case(
            "export over an existing file",
            &["export", "--format", "anki", "-o", "mine.txt"],
            2,
            exact("error: mine.txt exists; add --force to replace it\n"),
        )
        .setup(|home| write(&home.join("mine.txt"), "my notes"))
        .keeps(&["mine.txt"]),
        // ---- the store (exit 1): nothing is written over damage
        case(
            "data dir is a file",
            &["--data-dir", "afile", "study"],
            1,
            exact("error: afile is not a directory; point --data-dir or ROLECALL_HOME at a directory\n"),
        )
        .setup(|home| write(&home.join("afile"), "not a dir"))
        .keeps(&["afile"]),
        case(
            "data dir below a file",
            &["--data-dir", "afile/below", "history"],
            1,
            exact("error: afile is not a directory; point --data-dir or ROLECALL_HOME at a directory\n"),
        )
        .setup(|home| write(&home.join("afile"), "not a dir")),
        case(
            "damaged log line, study",
            &["study"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:2: damaged review log record: expected value (column 1); nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{REVIEW}\ngarbage\n{REVIEW}\n")))
        .keeps(&[LOG]),
        case(
            "damaged log line, history",
            &["history"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:3: damaged review log record: missing field `grade`; nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| {
            let broken = REVIEW.replace(r#""grade":"good","#, "");
            write(&home.join(LOG), format!("{REVIEW}\n\n{broken}\n{REVIEW}\n"));
        })
        .keeps(&[LOG]),
        case(
            "log not UTF-8",
            &["stats"],
            1,
            prefix("error: {data}/profiles/default/log.jsonl:1: damaged review log record: "),
        )
        .setup(|home| write(&home.join(LOG), b"\xff\xfe\xfd\n"))
        .keeps(&[LOG]),
        case(
            "log is a folder",
            &["study"],
            1,
            exact("error: cannot open {data}/profiles/default/log.jsonl: Is a directory (os error 21)\n"),
        )
        .setup(|home| fs::create_dir_all(home.join(LOG)).unwrap()),
        case(
            "settings not JSON",
            &["study"],
            1,
            exact(
                "error: {data}/profiles/default/settings.json is not valid; fix it or delete it to go back to defaults: key must be a string at line 1 column 2\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join("data/profiles/default/settings.json"), "{bad");
        })
        .keeps(&[LOG, "data/profiles/default/settings.json"]),
        case(
            "config of the wrong shape",
            &["study"],
            1,
            exact(
                "error: cannot read the data-dir config: {data}/config.json is not valid; fix it or delete it to go back to defaults: invalid type: string \"ten\", expected u32 at line 1 column 21\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join("data/config.json"), r#"{"new_per_day": "ten"}"#);
        })
        .keeps(&[LOG, "data/config.json"]),
        // ---- damage the snapshot covers: writers refuse it as readers do
        case(
            "flipped byte before the snapshot offset, answer",
            &["answer", "--card", NOTE_CARD, "--grade", "good"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: unknown variant `gooe`, expected one of `again`, `hard`, `good`, `easy`; nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| {
            answered(home);
            damage(home, LOG, "\"good\"", "\"gooe\"");
        })
        .keeps(&[LOG, SNAPSHOT]),
        case(
            "joined line before the snapshot offset, study",
            &["study", "--limit", "1"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: trailing characters (column 178); nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| {
            answered(home);
            damage(home, LOG, "}\n", "} ");
        })
        .keeps(&[LOG, SNAPSHOT]),
        case(
            "zeroed record before the snapshot offset, mock",
            &["mock", "--candidate", "default", "--questions", "1"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: expected value (column 1); nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| {
            answered(home);
            let path = home.join(LOG);
            let text = fs::read_to_string(&path).unwrap();
            let first = text.find('\n').unwrap();
            fs::write(&path, format!("{}{}", "\0".repeat(first), &text[first..])).unwrap();
        })
        .keeps(&[LOG, SNAPSHOT]),
        case(
            "log record in year 9999",
            &["history"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: at 9999-03-01T09:00:00.000Z is not a time rolecall could have written (years 1970 to 2199); nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{}\n", REVIEW.replace("2026-03-01", "9999-03-01"))))
        .keeps(&[LOG]),
        case(
            "log record with score 7",
            &["answer", "--card", NOTE_CARD, "--grade", "good"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: score 7 is outside 0 to 1; nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{}\n", REVIEW.replace("\"score\":null", "\"score\":7"))))
        .keeps(&[LOG]),
        case(
            "log record answered in 600 years",
            &["stats"],
            1,
            exact(
                "error: {data}/profiles/default/log.jsonl:1: damaged review log record: duration_ms 18921600000000 is longer than a year; nothing was written. Keep a copy of the file, then fix or delete that line\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{}\n", REVIEW.replace("1200", "18921600000000"))))
        .keeps(&[LOG]),
        // ---- a saved review is never a failure; retries are safe
        case(
            "snapshot cannot be written after the review",
            &["answer", "--card", NOTE_CARD, "--grade", "good"],
            0,
            exact(
                "warning: could not save the snapshot (the review log is intact): refusing to replace {data}/profiles/default/snapshot.bin: it is a folder, not a regular file; name another file; every review is saved\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            fs::create_dir_all(home.join(SNAPSHOT)).unwrap();
        }),
        case(
            "answer repeated with its --id",
            &["answer", "--card", NOTE_CARD, "--grade", "good", "--id", "k1"],
            0,
            exact(
                "note: --id \"k1\" was saved at 2026-03-01T09:00:00.000Z; nothing new was recorded\n",
            ),
        )
        .setup(answered)
        .keeps(&[LOG, SNAPSHOT]),
        case(
            "an --id reused for another card",
            &["answer", "--card", "cyber-pm-day/note/mental-model-shift", "--grade", "good", "--id", "k1"],
            2,
            exact(
                "error: --id \"k1\" was already used for a review of `cyber-pm-day/note/old-vs-new-data` at 2026-03-01T09:00:00.000Z; give each review its own key\n",
            ),
        )
        .setup(answered)
        .keeps(&[LOG, SNAPSHOT]),
        case(
            "an empty --id",
            &["answer", "--card", NOTE_CARD, "--grade", "good", "--id", ""],
            2,
            exact("error: --id must be 1 to 200 bytes long (it is 0)\n"),
        ),
        // ---- every writer says when it sets a torn tail aside
        case(
            "torn tail, answer",
            &["answer", "--card", NOTE_CARD, "--grade", "good"],
            0,
            exact(
                "warning: {data}/profiles/default/log.jsonl:2: incomplete last record dropped (an interrupted write); its bytes were moved to {data}/profiles/default/log.torn\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{REVIEW}\n{{\"type\":\"rev"))),
        case(
            "torn tail, optimize",
            &["optimize"],
            1,
            prefix(
                "warning: {data}/profiles/default/log.jsonl:2: incomplete last record dropped (an interrupted write); its bytes were moved to {data}/profiles/default/log.torn\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{REVIEW}\n{{\"type\":\"rev"))),
        case(
            "torn tail, config set",
            &["config", "set", "new-per-day", "5"],
            0,
            exact(
                "warning: {data}/profiles/default/log.jsonl:2: incomplete last record dropped (an interrupted write); its bytes were moved to {data}/profiles/default/log.torn\n",
            ),
        )
        .setup(|home| write(&home.join(LOG), format!("{REVIEW}\n{{\"type\":\"rev"))),
        // ---- settings and config errors name the file
        case(
            "settings retention out of range",
            &["study"],
            1,
            exact(
                "error: {data}/profiles/default/settings.json: desired retention 5 is out of range: use 0.70 to 0.99; fix it or delete it to go back to defaults\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join(SETTINGS), r#"{"desired_retention": 5}"#);
        })
        .keeps(&[LOG, SETTINGS]),
        case(
            "config retention out of range",
            &["stats"],
            1,
            exact(
                "error: {data}/config.json: desired retention -1 is out of range: use 0.70 to 0.99; fix it or delete it to go back to defaults\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join("data/config.json"), r#"{"desired_retention": -1}"#);
        })
        .keeps(&[LOG, "data/config.json"]),
        case(
            "settings with two parameters",
            &["answer", "--card", NOTE_CARD, "--grade", "good"],
            1,
            exact(
                "error: {data}/profiles/default/settings.json: FSRS rejected the parameters: expected 17, 19 or 21 finite numbers, got 2 numbers; fix it or delete it to go back to defaults\n",
            ),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join(SETTINGS), r#"{"parameters": [1, 2]}"#);
        })
        .keeps(&[LOG, SETTINGS]),
        // ---- bounded reads
        case(
            "check a device",
            &["check", "/dev/zero"],
            2,
            exact(
                "/dev/zero: is not a regular file (a device, FIFO or socket); name a .ron file\n1 problem in 0 deck files\n",
            ),
        ),
        case(
            "import a device",
            &["import", "/dev/zero"],
            2,
            exact(
                "error: /dev/zero is not a regular file (a device, FIFO or socket); name a document, or - for standard input\n",
            ),
        ),
        case(
            "import over 16 MiB from stdin",
            &["import", "-"],
            2,
            exact(
                "error: cannot import standard input: it is over 16777216 bytes (16 MiB), the deck limit; split it\n",
            ),
        )
        .stdin(&vec![b'x'; 16 * 1024 * 1024 + 1]),
        case(
            "an answer over 4 MiB from stdin",
            &["grade", "--card", NOTE_CARD, "--answer", "-"],
            2,
            exact("error: the answer on standard input is longer than 4 MiB\n"),
        )
        .stdin(&vec![b'a'; 4 * 1024 * 1024 + 1]),
        case(
            "a deck that starts with a BOM",
            &["check", "bom.ron"],
            0,
            exact(""),
        )
        .setup(|home| write(&home.join("bom.ron"), format!("\u{feff}{}", small_deck()))),
        // ---- numbers and text that start with '-'
        case(
            "negative new-card count",
            &["study", "--new", "-5"],
            2,
            prefix("error: invalid value '-5' for '--new <N>': must be 0 or more\n"),
        ),
        case(
            "negative minutes",
            &["study", "--minutes", "-3"],
            2,
            prefix("error: invalid value '-3' for '--minutes <M>': must be 0 or more\n"),
        ),
        case(
            "negative question count",
            &["mock", "--candidate", "x", "--questions", "-1"],
            2,
            prefix("error: invalid value '-1' for '--questions <N>': must be 0 or more\n"),
        ),
        case(
            "negative zero retention",
            &["study", "--retention", "-0"],
            2,
            exact("error: desired retention -0 is out of range: use 0.70 to 0.99\n"),
        ),
        case(
            "a bulleted answer to grade",
            &[
                "grade",
                "--card",
                "product-security-roles/appsec-engineer/triage-findings/questions",
                "--answer",
                "- is it real\n- who owns the fix",
            ],
            0,
            exact(""),
        ),
        case(
            "a bulleted answer to record",
            &["answer", "--card", NOTE_CARD, "--answer", "- new data changes the decision"],
            0,
            exact(""),
        ),
        case(
            "an answer read from stdin with -",
            &["answer", "--card", NOTE_CARD, "--answer", "-", "--id", "-dash-key"],
            0,
            exact(""),
        )
        .stdin(b"- new data changes the decision\n"),
        case(
            "garbage snapshot is only a cache",
            &["history"],
            0,
            exact(""),
        )
        .setup(|home| {
            profile_with_review(home);
            write(&home.join("data/profiles/default/snapshot.bin"), "\0garbage");
        })
        .keeps(&[LOG]),
    ]
}

#[test]
fn every_bad_input_gets_its_exit_code_and_exact_message() {
    let cases = cases();
    assert!(cases.len() >= 30, "the matrix has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let env = Env::new();
        let home = env.home.path();
        (case.setup)(home);
        let before: Vec<Option<Vec<u8>>> = case
            .unchanged
            .iter()
            .map(|f| fs::read(home.join(f)).ok())
            .collect();
        let out = env
            .cmd()
            .args(&case.args)
            .write_stdin(case.stdin.clone())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr)
            .replace(&env.data_dir().display().to_string(), "{data}");
        let text_ok = match &case.stderr {
            Expect::Exact(s) => stderr == *s,
            Expect::Prefix(s) => stderr.starts_with(s.as_str()),
        };
        if out.status.code() != Some(case.code) || !text_ok {
            failures.push(format!(
                "{}: exit {:?} (want {}), stderr:\n{stderr}",
                case.name,
                out.status.code(),
                case.code
            ));
        }
        for (file, was) in case.unchanged.iter().zip(before) {
            if fs::read(home.join(file)).ok() != was {
                failures.push(format!("{}: {file} changed", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---- limits that need a mount: a read-only data dir and a full disk.
// Tests run as root, which no permission bit stops, so a read-only bind
// mount and a tiny tmpfs stand in. Where mounting is not allowed (not
// root, no CAP_SYS_ADMIN) these tests print SKIPPED where the test output
// shows it, never a silent pass; with ROLECALL_REQUIRE_MOUNT set (CI, as
// root) they fail instead. The failed-append path is also covered without
// a mount by the store's unit tests.

/// A mount that is undone when the test ends, even by a panic.
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(args: &[&str], target: &Path) -> Option<Mount> {
        fs::create_dir_all(target).unwrap();
        let mut mount = std::process::Command::new("mount");
        mount.args(args);
        if args.contains(&"--bind") {
            // A folder bound onto itself, read-only: it needs a source too.
            mount.arg(target);
        }
        let out = mount.arg(target).output();
        let ok = out.as_ref().is_ok_and(|o| o.status.success());
        if !ok {
            let why = out.map_or_else(
                |e| e.to_string(),
                |o| String::from_utf8_lossy(&o.stderr).trim().to_string(),
            );
            assert!(
                std::env::var_os("ROLECALL_REQUIRE_MOUNT").is_none(),
                "cannot mount {args:?} ({why}), and ROLECALL_REQUIRE_MOUNT is set"
            );
            // Straight to stderr: the test harness captures `eprintln!`, and
            // a skip must be seen.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("\nSKIPPED: cannot mount {args:?} here ({why}); the test did not run\n")
                    .as_bytes(),
            );
        }
        ok.then(|| Mount(target.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

fn run(env: &Env, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = env.cmd().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr)
            .replace(&env.data_dir().display().to_string(), "{data}"),
    )
}

#[test]
fn a_read_only_data_dir_is_a_clear_error_and_history_still_reads() {
    let env = Env::new();
    let ro = env.home.path().join("ro");
    let Some(mount) = Mount::new(&["--bind", "-o", "ro"], &ro) else {
        return;
    };
    let (code, _, err) = run(&env, &["--data-dir", "ro", "study"], "");
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err,
        "error: cannot create directory ro/profiles/default; check its permissions or choose another --data-dir: Read-only file system (os error 30)\n"
    );
    drop(mount);

    // A profile with progress, then made read-only: study refuses, history
    // and stats still read it, and the log is untouched.
    profile_with_review(env.home.path());
    let data = env.data_dir();
    let before = fs::read(data.join("profiles/default/log.jsonl")).unwrap();
    let Some(mount) = Mount::new(&["--bind", "-o", "ro"], &data) else {
        return;
    };
    let (code, out, err) = run(&env, &["study"], "");
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        err,
        "error: cannot open {data}/profiles/default/lock: Read-only file system (os error 30)\n"
    );
    let (code, out, err) = run(&env, &["history"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cyber-pm-day/note/old-vs-new-data"), "{out}");
    drop(mount);
    assert_eq!(
        fs::read(data.join("profiles/default/log.jsonl")).unwrap(),
        before
    );
}

/// Fills the file system of `dir` to the last block.
fn fill(dir: &Path) {
    let mut filler = fs::File::create(dir.join("filler")).unwrap();
    let block = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
}

#[test]
fn a_full_disk_refuses_the_answer_and_keeps_every_saved_one() {
    let env = Env::new();
    let data = env.data_dir();
    let Some(_mount) = Mount::new(&["-t", "tmpfs", "-o", "size=256k", "tmpfs"], &data) else {
        return;
    };
    // One session saves two reviews on a disk with room.
    let (code, out, _) = run(&env, &["study", "--limit", "2"], "1\n\n2\n\n");
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("saved: ").count(), 2, "{out}");
    let log = data.join("profiles/default/log.jsonl");
    let before = fs::read(&log).unwrap();

    // Full before a session starts: refused before any card is shown.
    fill(&data);
    let (code, out, err) = run(&env, &["study", "--limit", "2"], "1\n\n2\n\n");
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("[1/"), "no card may be shown: {out}");
    assert!(
        err.starts_with("error: could not save the session for resuming: cannot write {data}/profiles/default/.session.json."),
        "{err}"
    );
    assert!(
        err.ends_with(".tmp: No space left on device (os error 28)\n"),
        "{err}"
    );
    assert_eq!(fs::read(&log).unwrap(), before, "the log is untouched");
    fs::remove_file(data.join("filler")).unwrap();

    // Full in the middle of a session: the answer is refused, not
    // acknowledged, and everything saved before stays. Blank lines (which
    // readers skip) pad the log to a whole block, so the next append needs
    // a block the full disk does not have.
    let mut padded = before.clone();
    padded.resize(before.len().div_ceil(4096) * 4096, b'\n');
    fs::write(&log, &padded).unwrap();
    let before = padded;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rolecall"))
        .current_dir(env.home.path())
        .env_clear()
        .env("HOME", env.home.path())
        .env("ROLECALL_HOME", &data)
        .env("ROLECALL_NOW", "2026-03-02T09:00:00Z")
        .env("TZ", "UTC")
        .args(["study", "--limit", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    for line in lines.by_ref() {
        if line.unwrap().starts_with("(answer:") {
            break;
        }
    }
    fill(&data);
    std::io::Write::write_all(&mut stdin, b"1\n\n").unwrap();
    drop(stdin);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let output = child.wait_with_output().unwrap();
    let err =
        String::from_utf8_lossy(&output.stderr).replace(&data.display().to_string(), "{data}");
    assert_eq!(output.status.code(), Some(1), "{rest:?}{err}");
    assert!(!rest.iter().any(|l| l.starts_with("saved: ")), "{rest:?}");
    assert_eq!(
        err,
        "error: could not save the review: cannot append to {data}/profiles/default/log.jsonl: No space left on device (os error 28)\n"
    );
    assert_eq!(fs::read(&log).unwrap(), before, "the log is untouched");

    // With room again, everything saved before is there and study goes on.
    fs::remove_file(data.join("filler")).unwrap();
    let (code, out, err) = run(&env, &["study", "--limit", "1"], "1\n\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("saved: ").count(), 1, "{out}");
    let (_, out, _) = run(&env, &["history", "--json"], "");
    let reviews: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 3);
}

// Regression: a scripted answer line that was not UTF-8 ended the whole
// session with "error: stream did not contain valid UTF-8" (found by the
// bad-input matrix). It is now one invalid line; the next one is read.
#[test]
fn a_scripted_line_that_is_not_utf8_is_one_invalid_line() {
    let env = Env::new();
    let out_bytes = env
        .cmd()
        .args(["study", "--limit", "1"])
        .write_stdin(&b"\xff\xfe answer\n1\n\n"[..])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out_bytes.stdout);
    assert_eq!(out_bytes.status.code(), Some(0), "{text}");
    assert!(
        text.contains("invalid: the line is not UTF-8 text\n"),
        "{text}"
    );
    assert_eq!(text.matches("saved: ").count(), 1, "{text}");
}
