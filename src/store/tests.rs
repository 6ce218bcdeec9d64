//! Tests of the store against real files in temp dirs: durability, torn and
//! damaged logs, snapshots, atomic writes, the lock and name validation.

use super::records::JSON_SNAPSHOT_VERSION;
use super::*;
use crate::grade::Grade;
use chrono::{DateTime, NaiveDate, Utc};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// `Store::open`, waiting out our own lock held by a forked child. Another
/// test that spawns a process forks this whole process; until the child
/// execs (its copy of the lock's descriptor is close-on-exec), it shares the
/// lock a test here just released, and `open` sees it held by our own pid.
/// The binary never forks while it holds a lock, so only tests need this.
fn open(store: &Store, name: &str) -> Result<Profile, StoreError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match store.open(name) {
            Err(StoreError::InUse { pid: Some(pid), .. })
                if pid == std::process::id() && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

fn time(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn review(card: &str, at: &str) -> LogEntry {
    LogEntry::Review(ReviewRecord {
        card: card.into(),
        at: time(at),
        grade: Grade::Good,
        score: Some(0.5),
        duration_ms: 4200,
        mode: "typed".into(),
        session: None,
        shown: None,
        rubric: None,
        id: None,
        corrected: None,
    })
}

fn line(card: &str) -> String {
    format!(
        r#"{{"type":"review","card":"{card}","at":"2025-03-01T09:00:00.000Z","grade":"hard","score":null,"duration_ms":1,"mode":"self","session":null}}"#
    )
}

fn cards(read: &LogRead) -> Vec<&str> {
    read.entries
        .iter()
        .map(|e| match e {
            LogEntry::Review(r) => r.card.as_str(),
            LogEntry::Undo(u) => u.card.as_str(),
        })
        .collect()
}

/// A store in a fresh temp dir, with profile `p`'s folder path.
fn setup() -> (tempfile::TempDir, Store, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("data"));
    let dir = tmp.path().join("data/profiles/p");
    (tmp, store, dir)
}

/// Writes `content` as profile `p`'s log without going through the store.
fn write_log(dir: &Path, content: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join("log.jsonl");
    fs::write(&path, content).unwrap();
    path
}

#[test]
fn append_then_read_round_trips() {
    let (_tmp, store, _) = setup();
    let mut p = open(&store, "p").unwrap();
    let entries = vec![
        review("a", "2025-03-01T09:00:00.123Z"),
        LogEntry::Undo(UndoRecord {
            at: time("2025-03-01T09:00:05Z"),
            card: "a".into(),
            review_at: time("2025-03-01T09:00:00.123Z"),
        }),
        review("b", "2025-03-01T09:01:00Z"),
    ];
    for e in &entries {
        p.append(e).unwrap();
    }
    let read = p.read_log().unwrap();
    assert_eq!(read.entries, entries);
    assert!(read.warnings.is_empty());
    assert_eq!(read.end_offset, p.log_len());
    assert_eq!(
        read.end_offset,
        fs::metadata(p.reader().log_path()).unwrap().len()
    );
}

#[test]
fn appended_entries_survive_reopening() {
    let (_tmp, store, dir) = setup();
    {
        let mut p = open(&store, "p").unwrap();
        p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
        p.append(&review("b", "2025-03-01T09:00:01Z")).unwrap();
    }
    let text = fs::read_to_string(dir.join("log.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.ends_with('\n'));
    let again = Store::new(store.root().to_path_buf());
    let mut p = again.open("p").unwrap();
    assert!(p.warnings().is_empty());
    p.append(&review("c", "2025-03-01T09:00:02Z")).unwrap();
    assert_eq!(
        cards(&again.open_read("p").unwrap().read_log().unwrap()),
        ["a", "b", "c"]
    );
}

#[test]
fn torn_last_line_is_dropped_set_aside_and_not_glued_to() {
    let (_tmp, store, dir) = setup();
    let torn = r#"{"type":"review","card":"half"#;
    let path = write_log(&dir, &format!("{}\n{}\n{torn}", line("a"), line("b")));

    // A reader ignores it, with a warning naming the file and line.
    let read = store.open_read("p").unwrap().read_log().unwrap();
    assert_eq!(cards(&read), ["a", "b"]);
    assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
    assert!(read.warnings[0].starts_with(&format!("{}:3: ", path.display())));
    assert_eq!(
        read.end_offset,
        (line("a").len() + line("b").len() + 2) as u64
    );

    // The writer moves it to log.torn before appending anything.
    let mut p = open(&store, "p").unwrap();
    assert_eq!(p.warnings().len(), 1);
    assert!(p.warnings()[0].contains("log.torn"), "{:?}", p.warnings());
    assert_eq!(
        fs::read_to_string(dir.join("log.torn")).unwrap(),
        format!("{torn}\n")
    );
    p.append(&review("c", "2025-03-01T09:00:00Z")).unwrap();
    let read = p.read_log().unwrap();
    assert_eq!(cards(&read), ["a", "b", "c"]);
    assert!(read.warnings.is_empty());
    drop(p);
    assert!(open(&store, "p").unwrap().warnings().is_empty());
}

#[test]
fn complete_json_without_newline_counts_as_torn() {
    // `append` writes the newline in the same call, so a record without one
    // was never acknowledged.
    let (_tmp, store, dir) = setup();
    write_log(&dir, &format!("{}\n{}", line("a"), line("b")));
    let read = store.open_read("p").unwrap().read_log().unwrap();
    assert_eq!(cards(&read), ["a"]);
    assert_eq!(read.warnings.len(), 1);
}

#[test]
fn damaged_middle_line_is_reported_and_nothing_written() {
    let (_tmp, store, dir) = setup();
    let content = format!(
        "{}\n\n{{\"type\":\"review\",\"card\":\n{}\n",
        line("a"),
        line("b")
    );
    let path = write_log(&dir, &content);

    let err = open(&store, "p").unwrap_err();
    let StoreError::Damaged {
        path: err_path,
        line,
        message,
    } = &err
    else {
        panic!("expected Damaged, got {err:?}");
    };
    assert_eq!(err_path, &path);
    assert_eq!(*line, 3);
    assert!(message.contains("column"), "{message}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3: ", path.display()))
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), content);
    assert!(!dir.join("log.torn").exists());

    // A failed open must not keep the lock.
    let reader_err = store.open_read("p").unwrap().read_log().unwrap_err();
    assert!(matches!(reader_err, StoreError::Damaged { line: 3, .. }));
    assert!(matches!(open(&store, "p"), Err(StoreError::Damaged { .. })));
}

#[test]
fn damaged_last_line_with_newline_is_damage_not_tear() {
    let (_tmp, store, dir) = setup();
    write_log(&dir, &format!("{}\n{{\"type\":\"shrug\"}}\n", line("a")));
    let err = store.open_read("p").unwrap().read_log().unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("unknown variant"), "{err}");
}

#[test]
fn damage_after_an_offset_reports_the_line_of_the_whole_file() {
    let (_tmp, store, dir) = setup();
    let head = format!("{}\n{}\n", line("a"), line("b"));
    write_log(&dir, &format!("{head}{}\nnot json\n", line("c")));
    let reader = store.open_read("p").unwrap();
    let err = reader.read_log_from(head.len() as u64).unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 4, .. }),
        "{err:?}"
    );
}

#[test]
fn blank_lines_and_unknown_fields_are_ignored() {
    let (_tmp, store, dir) = setup();
    let extended = r#"{"type":"review","card":"x","at":"2025-03-01T09:00:00Z","grade":"easy","score":1.0,"duration_ms":9,"mode":"typed","session":"s","answer":"from a later version"}"#;
    write_log(&dir, &format!("\n{}\n   \r\n{extended}\n\n", line("a")));
    let read = store.open_read("p").unwrap().read_log().unwrap();
    assert_eq!(cards(&read), ["a", "x"]);
    assert!(read.warnings.is_empty());
    assert!(open(&store, "p").is_ok());
}

#[test]
fn read_log_from_returns_only_later_entries() {
    let (_tmp, store, _) = setup();
    let mut p = open(&store, "p").unwrap();
    p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
    let mark = p.read_log().unwrap().end_offset;
    assert_eq!(mark, p.log_len());
    p.append(&review("b", "2025-03-01T09:00:01Z")).unwrap();
    p.append(&review("c", "2025-03-01T09:00:02Z")).unwrap();
    let later = p.reader().read_log_from(mark).unwrap();
    assert_eq!(cards(&later), ["b", "c"]);
    assert_eq!(later.end_offset, p.log_len());
    assert!(
        p.reader()
            .read_log_from(later.end_offset)
            .unwrap()
            .entries
            .is_empty()
    );
    assert!(matches!(
        p.reader().read_log_from(p.log_len() + 1),
        Err(StoreError::OffsetBeyondEnd { .. })
    ));
}

#[test]
fn missing_log_reads_as_empty() {
    let (_tmp, store, dir) = setup();
    fs::create_dir_all(&dir).unwrap();
    let read = store.open_read("p").unwrap().read_log().unwrap();
    assert_eq!(read, LogRead::default());
    assert!(matches!(
        store.open_read("nobody"),
        Err(StoreError::NoSuchProfile { .. })
    ));
}

/// A snapshot of `log`'s first `log_offset` bytes, with their checksum.
fn snapshot_of_log(log: &[u8], log_offset: u64) -> SnapshotFile {
    let end = usize::try_from(log_offset).unwrap().min(log.len());
    SnapshotFile {
        log_crc32: crc32fast::hash(&log[..end]),
        ..snapshot(log_offset)
    }
}

fn snapshot(log_offset: u64) -> SnapshotFile {
    SnapshotFile {
        version: SNAPSHOT_VERSION,
        log_offset,
        log_entries: 1,
        log_crc32: 0,
        schedule: "retention=0.9".into(),
        cards: vec![CardStateRecord {
            card: "a".into(),
            stability: 3.5,
            difficulty: 5.25,
            due: time("2025-03-04T09:00:00Z"),
            last_review: time("2025-03-01T09:00:00Z"),
            reps: 1,
            lapses: 0,
            scheduled_days: 3,
            first_review: None,
        }],
    }
}

#[test]
fn snapshot_round_trips_and_bad_ones_mean_rebuild() {
    let (_tmp, store, dir) = setup();
    let mut p = open(&store, "p").unwrap();
    assert_eq!(p.reader().load_snapshot(), None, "missing");
    p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
    let log = fs::read(dir.join("log.jsonl")).unwrap();
    let current = snapshot_of_log(&log, p.log_len());
    assert_eq!(current.log_crc32, p.log_crc32(), "the writer keeps the sum");
    p.save_snapshot(&current).unwrap();
    assert_eq!(p.reader().load_snapshot(), Some(current.clone()));
    assert_eq!(
        store.open_read("p").unwrap().load_snapshot(),
        Some(current.clone())
    );

    let implausible = |edit: fn(&mut CardStateRecord)| {
        let mut s = current.clone();
        edit(&mut s.cards[0]);
        s
    };
    let stale = [
        ("beyond the log", snapshot_of_log(&log, p.log_len() + 10)),
        ("mid-line", snapshot_of_log(&log, p.log_len() - 3)),
        (
            "other version",
            SnapshotFile {
                version: SNAPSHOT_VERSION + 1,
                ..current.clone()
            },
        ),
        (
            "another log's checksum",
            SnapshotFile {
                log_crc32: current.log_crc32 ^ 1,
                ..current.clone()
            },
        ),
        ("negative stability", implausible(|c| c.stability = -1.0)),
        (
            "infinite stability",
            implausible(|c| c.stability = f32::INFINITY),
        ),
        ("difficulty 11", implausible(|c| c.difficulty = 11.0)),
        (
            "due in 9999",
            implausible(|c| c.due = time("9999-01-01T00:00:00Z")),
        ),
        (
            "due before the review",
            implausible(|c| c.due = time("2025-02-01T00:00:00Z")),
        ),
        ("more lapses than reviews", implausible(|c| c.lapses = 5)),
    ];
    for (why, s) in stale {
        p.save_snapshot(&s).unwrap();
        assert_eq!(p.reader().load_snapshot(), None, "{why}");
    }
    p.save_snapshot(&current).unwrap();
    let bytes = fs::read(dir.join("snapshot.bin")).unwrap();
    for (why, damaged) in [
        ("cut short", bytes[..bytes.len() - 1].to_vec()),
        ("a byte flipped", {
            let mut b = bytes.clone();
            b[40] ^= 1;
            b
        }),
        ("JSON", b"{\"version\":3,\"log_off".to_vec()),
    ] {
        fs::write(dir.join("snapshot.bin"), damaged).unwrap();
        assert_eq!(p.reader().load_snapshot(), None, "{why}");
    }
}

// Snapshots were JSON (`snapshot.json`, version 2) before the binary form:
// one is still read while there is no `snapshot.bin`, by the same rules,
// and the first snapshot saved replaces it.
#[test]
fn a_json_snapshot_of_version_2_is_read_until_replaced() {
    let (_tmp, store, dir) = setup();
    let mut p = open(&store, "p").unwrap();
    p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
    let log = fs::read(dir.join("log.jsonl")).unwrap();
    let current = snapshot_of_log(&log, p.log_len());
    let json = SnapshotFile {
        version: JSON_SNAPSHOT_VERSION,
        ..current.clone()
    };
    let write_json = |s: &SnapshotFile| {
        fs::write(dir.join("snapshot.json"), serde_json::to_vec(s).unwrap()).unwrap();
    };
    write_json(&json);
    assert_eq!(p.reader().load_snapshot(), Some(json.clone()));
    drop(p);
    let mut p = open(&store, "p").unwrap();
    assert_eq!(p.take_snapshot(), Some(json.clone()), "a writer uses it");
    for stale in [
        SnapshotFile {
            version: 1,
            ..json.clone()
        },
        SnapshotFile {
            log_crc32: json.log_crc32 ^ 1,
            ..json.clone()
        },
    ] {
        write_json(&stale);
        assert_eq!(p.reader().load_snapshot(), None, "{stale:?}");
    }

    write_json(&json);
    p.save_snapshot(&current).unwrap();
    assert!(!dir.join("snapshot.json").exists(), "replaced");
    assert_eq!(p.reader().load_snapshot(), Some(current.clone()));
    // A damaged binary snapshot is rebuilt, not replaced by an older JSON one.
    write_json(&json);
    fs::write(dir.join("snapshot.bin"), b"damaged").unwrap();
    assert_eq!(p.reader().load_snapshot(), None);
}

/// Files in `dir`, sorted, to catch leftover temp files.
pub(super) fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_writer_refuses_damage_before_the_snapshot_offset() {
    // The snapshot covers the damaged line; its checksum no longer matches,
    // so opening reads the whole log and stops at the damage instead of
    // appending after it.
    let (_tmp, store, dir) = setup();
    let good = format!("{}\n{}\n", line("a"), line("b"));
    write_log(&dir, &good);
    fs::write(
        dir.join("snapshot.bin"),
        snapshot::encode(&snapshot_of_log(good.as_bytes(), good.len() as u64)),
    )
    .unwrap();
    assert!(store.open_read("p").unwrap().load_snapshot().is_some());
    // Same length: a zeroed record, a joined line, a flipped byte.
    let damaged = [
        good.replacen(&line("b"), &"\0".repeat(line("b").len()), 1),
        good.replacen('\n', " ", 1),
        good.replacen("\"type\"", "\"typf\"", 1),
    ];
    for log in damaged {
        assert_eq!(log.len(), good.len());
        write_log(&dir, &log);
        let err = open(&store, "p").unwrap_err();
        assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
        assert_eq!(
            fs::read_to_string(dir.join("log.jsonl")).unwrap(),
            log,
            "untouched"
        );
    }
    // An edit that still parses (a grade changed by hand) is the log's
    // truth: the snapshot is simply not used.
    let edited = good.replacen("\"hard\"", "\"easy\"", 1);
    assert_eq!(edited.len(), good.len());
    write_log(&dir, &edited);
    let p = open(&store, "p").unwrap();
    assert!(p.reader().load_snapshot().is_none());
    assert_eq!(p.log_crc32(), crc32fast::hash(edited.as_bytes()));
}

#[test]
fn atomic_writes_leave_no_temp_file() {
    let (_tmp, store, dir) = setup();
    let p = open(&store, "p").unwrap();
    p.save_snapshot(&snapshot(0)).unwrap();
    p.save_snapshot(&snapshot(0)).unwrap();
    p.save_settings(&Settings::default()).unwrap();
    p.save_session(&SessionFile {
        version: SESSION_VERSION,
        sessions: vec![],
    })
    .unwrap();
    store.write_config(&Config::default()).unwrap();
    assert_eq!(
        listing(&dir),
        [
            "lock",
            "log.jsonl",
            "session.json",
            "settings.json",
            "snapshot.bin"
        ]
    );
    assert_eq!(listing(store.root()), ["config.json", "profiles"]);
}

#[test]
fn settings_round_trip_default_and_bad_file() {
    let (_tmp, store, dir) = setup();
    let p = open(&store, "p").unwrap();
    assert_eq!(p.load_settings().unwrap(), Settings::default());
    let settings = Settings {
        desired_retention: Some(0.85),
        parameters: Some(vec![0.4, 1.2, 3.1]),
        new_per_day: Some(15),
        interview_on: NaiveDate::from_ymd_opt(2025, 4, 2),
        time_zone: Some("America/Los_Angeles".into()),
        rollover_hour: Some(4),
        decks: None,
        roles: Some(vec!["appsec-engineer".into()]),
        kinds: None,
        semantic: Some(false),
    };
    p.save_settings(&settings).unwrap();
    assert_eq!(p.load_settings().unwrap(), settings);
    assert_eq!(
        store.open_read("p").unwrap().load_settings().unwrap(),
        settings
    );

    fs::write(dir.join("settings.json"), "{\"new_per_day\": \"ten\"}").unwrap();
    let err = p.load_settings().unwrap_err();
    assert!(matches!(&err, StoreError::BadFile { path, .. } if path.ends_with("settings.json")));
}

#[test]
fn config_round_trip_default_and_bad_file() {
    let (_tmp, store, _) = setup();
    assert_eq!(store.read_config().unwrap(), Config::default());
    let config = Config {
        desired_retention: Some(0.9),
        new_per_day: Some(20),
    };
    store.write_config(&config).unwrap();
    assert_eq!(store.read_config().unwrap(), config);
    fs::write(store.root().join("config.json"), "[").unwrap();
    assert!(matches!(
        store.read_config(),
        Err(StoreError::BadFile { .. })
    ));
}

#[test]
fn session_slot_saves_loads_and_clears() {
    let (_tmp, store, dir) = setup();
    let p = open(&store, "p").unwrap();
    assert_eq!(p.reader().load_session(), None);
    p.clear_session().unwrap();
    let record = |filters: &str| SessionRecord {
        started: time("2025-03-01T09:00:00.250Z"),
        day: NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        filters: filters.into(),
        log_offset: 120,
        planned: vec!["b".into(), "c".into()],
    };
    let session = SessionFile {
        version: SESSION_VERSION,
        sessions: vec![record("deck=x"), record("deck=y")],
    };
    p.save_session(&session).unwrap();
    assert_eq!(p.reader().load_session(), Some(session.clone()));
    p.clear_session().unwrap();
    assert_eq!(p.reader().load_session(), None);
    assert!(!dir.join("session.json").exists());

    p.save_session(&SessionFile {
        version: SESSION_VERSION + 1,
        ..session
    })
    .unwrap();
    assert_eq!(p.reader().load_session(), None, "unknown version");
    // The first format (the remaining cards, rewritten per answer) is not
    // resumed: at worst one interrupted session of the day is planned anew.
    fs::write(
        dir.join("session.json"),
        r#"{"version":1,"started":"2025-03-01T09:00:00.000Z","day":"2025-03-01","remaining":["b"],"filters":""}"#,
    )
    .unwrap();
    assert_eq!(p.reader().load_session(), None, "older format");
}

#[test]
fn the_log_after_an_offset_is_read_only_while_the_offset_ends_a_line() {
    let (_tmp, store, dir) = setup();
    let mut p = open(&store, "p").unwrap();
    p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
    let offset = p.log_len();
    p.append(&review("b", "2025-03-01T09:01:00Z")).unwrap();
    let reader = store.open_read("p").unwrap();
    let after = reader.read_log_after(offset).unwrap().unwrap();
    assert_eq!(after.entries.len(), 1);
    assert_eq!(reader.read_log_after(0).unwrap().unwrap().entries.len(), 2);
    assert!(
        reader.read_log_after(offset - 3).unwrap().is_none(),
        "mid-line"
    );
    assert!(
        reader.read_log_after(p.log_len() + 10).unwrap().is_none(),
        "past the end"
    );
    drop(p);
    assert!(dir.join("log.jsonl").exists());
}

#[test]
fn second_open_is_refused_with_our_pid_until_the_first_is_dropped() {
    let (_tmp, store, dir) = setup();
    let first = open(&store, "p").unwrap();
    let err = store.open("p").unwrap_err();
    let pid = std::process::id();
    assert!(
        matches!(&err, StoreError::InUse { profile, pid: Some(p) } if profile == "p" && *p == pid),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("profile \"p\" is in use by pid {pid}")
    );
    assert_eq!(
        fs::read_to_string(dir.join("lock")).unwrap().trim(),
        pid.to_string()
    );
    // Readers and removal see the lock the same way.
    assert!(store.open_read("p").unwrap().read_log().is_ok());
    assert!(matches!(store.remove("p"), Err(StoreError::InUse { .. })));
    assert!(dir.is_dir());
    drop(first);
    assert!(open(&store, "p").is_ok());
}

/// Kills the child on every exit path of the test.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const LOCK_CHILD_ENV: &str = "ROLECALL_TEST_LOCK_CHILD";
const LOCKED: &str = "ROLECALL_TEST_CHILD_LOCKED";

#[test]
fn lock_of_a_killed_process_does_not_block() {
    // The same test, run by the child: take the lock and wait to be killed.
    if let Some(root) = std::env::var_os(LOCK_CHILD_ENV) {
        let _held = Store::new(PathBuf::from(root)).open("p").unwrap();
        // libtest may have printed "test name ... " on this line already.
        println!("\n{LOCKED}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
    let (_tmp, store, _) = setup();
    let test_name = concat!(module_path!(), "::lock_of_a_killed_process_does_not_block");
    let test_name = test_name.split_once("::").unwrap().1;
    let mut child = KillOnDrop(
        Command::new(std::env::current_exe().unwrap())
            .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
            .env(LOCK_CHILD_ENV, store.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Read on a thread so that a child that never reports cannot hang us.
    let stdout = child.0.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let locked = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|l| l == LOCKED);
        let _ = tx.send(locked);
    });
    let locked = rx.recv_timeout(std::time::Duration::from_mins(1));
    assert_eq!(locked, Ok(true), "the child never took the lock");

    let err = open(&store, "p").unwrap_err();
    assert!(
        matches!(err, StoreError::InUse { pid: Some(pid), .. } if pid == child.0.id()),
        "{err:?}"
    );
    child.0.kill().unwrap(); // SIGKILL: no destructor runs in the child
    child.0.wait().unwrap();
    let mut p = open(&store, "p").unwrap();
    p.append(&review("a", "2025-03-01T09:00:00Z")).unwrap();
}

#[test]
fn profile_names_are_validated() {
    let long = "x".repeat(65);
    let max = "x".repeat(64);
    let cases: [(&str, bool); 10] = [
        ("ok_name-1", true),
        (&max, true),
        ("A", true),
        ("", false),
        (&long, false),
        ("../x", false),
        ("..", false),
        ("a/b", false),
        ("a b", false),
        ("é", false),
    ];
    for (name, ok) in cases {
        let result = validate_profile_name(name);
        assert_eq!(result.is_ok(), ok, "{name:?}: {result:?}");
        if let Err(e) = result {
            assert!(e.to_string().contains("letters, digits, '-' or '_'"), "{e}");
        }
    }
    let (_tmp, store, _) = setup();
    assert!(matches!(
        open(&store, "../x"),
        Err(StoreError::InvalidProfileName { .. })
    ));
    assert!(
        !store.root().exists(),
        "nothing created for an invalid name"
    );
}

#[test]
fn profiles_are_listed_sorted_and_removed_one_at_a_time() {
    let (_tmp, store, _) = setup();
    assert!(store.profiles().unwrap().is_empty());
    for name in ["zed", "amy", "Bob"] {
        open(&store, name).unwrap();
    }
    let profiles_dir = store.root().join("profiles");
    fs::create_dir(profiles_dir.join("not valid")).unwrap();
    fs::write(profiles_dir.join("stray-file"), "").unwrap();
    assert_eq!(store.profiles().unwrap(), ["Bob", "amy", "zed"]);

    store.remove("amy").unwrap();
    assert_eq!(store.profiles().unwrap(), ["Bob", "zed"]);
    assert!(profiles_dir.join("not valid").is_dir());
    assert!(matches!(
        store.remove("amy"),
        Err(StoreError::NoSuchProfile { .. })
    ));
}

#[test]
fn data_dir_that_is_a_file_is_named_in_the_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("data");
    fs::write(&file, "not a dir").unwrap();
    let store = Store::new(file.clone());
    for err in [
        open(&store, "p").unwrap_err(),
        store.write_config(&Config::default()).unwrap_err(),
        store.profiles().unwrap_err(),
    ] {
        assert!(
            matches!(&err, StoreError::NotADirectory { path } if *path == file),
            "{err:?}"
        );
        assert!(err.to_string().contains(&file.display().to_string()));
    }
    // A file deeper in the path is named too.
    let store = Store::new(file.join("below"));
    assert!(matches!(
        open(&store, "p"),
        Err(StoreError::NotADirectory { path }) if path == file
    ));
}

// Regression: a snapshot write killed between creating its temp file and
// the rename left `.snapshot.json.PID.tmp` behind, one more per kill (found
// by the crash test). The next writer removes them; other files stay.
#[test]
fn temp_files_of_killed_writes_are_removed_on_open() {
    let (_tmp, store, dir) = setup();
    drop(open(&store, "p").unwrap());
    for name in [
        ".snapshot.json.4242.tmp",
        ".snapshot.bin.Ab3dE9xY7q.tmp",
        ".settings.json.7.tmp",
        ".session.json.99.tmp",
        ".snapshot.json.tmp",
        ".snapshot.json.x1.tmp",
        "notes.tmp",
    ] {
        fs::write(dir.join(name), "half").unwrap();
    }
    let p = open(&store, "p").unwrap();
    assert_eq!(
        listing(&dir),
        [
            ".snapshot.json.tmp",
            ".snapshot.json.x1.tmp",
            "lock",
            "log.jsonl",
            "notes.tmp"
        ]
    );
    // A reader never touches them: only the lock holder may.
    drop(p);
    fs::write(dir.join(".snapshot.json.5.tmp"), "half").unwrap();
    store.open_read("p").unwrap().read_log().unwrap();
    assert!(dir.join(".snapshot.json.5.tmp").exists());
}

#[test]
fn parse_log_reads_bytes_as_the_file_reader_does() {
    let path = Path::new("log.jsonl");
    let good = format!("{}\n\n{}\n", line("a"), line("b"));
    let read = parse_log(path, good.as_bytes()).unwrap();
    assert_eq!(cards(&read), ["a", "b"]);
    assert_eq!(read.end_offset, good.len() as u64);
    assert!(read.warnings.is_empty());

    let torn = format!("{}\n{{\"type\":\"rev", line("a"));
    let read = parse_log(path, torn.as_bytes()).unwrap();
    assert_eq!(cards(&read), ["a"]);
    assert_eq!(read.end_offset, line("a").len() as u64 + 1);
    assert_eq!(
        read.warnings,
        ["log.jsonl:2: incomplete last record ignored (an interrupted or unfinished write)"]
    );

    let damaged = format!("{}\nnot json\n{}\n", line("a"), line("b"));
    let err = parse_log(path, damaged.as_bytes()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Damaged { line: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("log.jsonl:2: damaged review log record: expected ident (column 2)"),
        "{err}"
    );
    // Invalid UTF-8 and NUL bytes are damage too, never a panic.
    let err = parse_log(path, b"\xff\xfe\n").unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 1, .. }),
        "{err:?}"
    );
    let err = parse_log(path, b"\0\0\0\n").unwrap_err();
    assert!(
        matches!(err, StoreError::Damaged { line: 1, .. }),
        "{err:?}"
    );
}

// A failed append (here a handle that cannot write, standing in for a full
// disk) is an error that names the log, leaves no partial line, and the
// next append after the cause is gone lands on a clean line.
#[test]
fn a_failed_append_loses_nothing_and_the_next_one_lands_cleanly() {
    let (_tmp, store, dir) = setup();
    let mut p = open(&store, "p").unwrap();
    p.append(&review("before", "2025-03-01T09:00:00Z")).unwrap();
    let log_path = dir.join("log.jsonl");
    let read_only = File::open(&log_path).unwrap();
    let writable = p.replace_log_handle(read_only);
    let err = p
        .append(&review("lost", "2025-03-01T09:01:00Z"))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("cannot append to {}", log_path.display())),
        "{err}"
    );
    assert_eq!(cards(&p.read_log().unwrap()), ["before"]);
    p.replace_log_handle(writable);
    p.append(&review("after", "2025-03-01T09:02:00Z")).unwrap();
    drop(p);
    let read = store.open_read("p").unwrap().read_log().unwrap();
    assert_eq!(cards(&read), ["before", "after"]);
    assert!(read.warnings.is_empty());
}
