//! Crash safety: scripted sessions killed with SIGKILL at random moments,
//! then checked: the store opens, every acknowledged review is in the
//! history exactly once (nothing lost, nothing doubled), and the snapshot
//! equals a replay of the log.
//!
//! Bounded to about a minute by default; `ROLECALL_CRASH_KILLS=N` runs
//! exactly N kills and `ROLECALL_CRASH_SEED=S` replays a run (the seed is
//! printed, `--nocapture` shows it).

use crate::study::{Reader, right_answer};
use crate::{Env, stdout_of};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

/// A small, seedable generator (splitmix64): the test needs only a few
/// random choices and must replay a failing run from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// When a session is killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    /// A few milliseconds after start: while the store opens, a torn tail
    /// is set aside or a stale snapshot is rewritten.
    Startup,
    /// A card is shown and nothing typed yet.
    AwaitingAnswer,
    /// The answer (and grade) were just sent: the kill races the append,
    /// its fsync and the acknowledgement.
    AnswerInFlight,
    /// Right after a `saved:` line was read.
    AfterAck,
    /// `q` was sent: the kill races the end-of-session snapshot write.
    AfterQuit,
    /// No kill: quit and let the session end normally.
    Clean,
}

const MOMENTS: [Moment; 6] = [
    Moment::Startup,
    Moment::AwaitingAnswer,
    Moment::AnswerInFlight,
    Moment::AfterAck,
    Moment::AfterQuit,
    Moment::Clean,
];

/// A review as the history shows it, to compare with what was acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    card: String,
    grade: String,
    at: String,
}

/// What one session did: the reviews it acknowledged, and the card whose
/// answer was sent but not acknowledged when it was killed (it may or may
/// not have reached the log: both are correct).
struct Outcome {
    acked: Vec<Seen>,
    acked_count: usize,
    in_flight: Option<String>,
    killed: bool,
}

fn spawn(env: &Env, now: &str) -> (Child, ChildStdin, Receiver<String>) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("rolecall"))
        .current_dir(env.home.path())
        .env_clear()
        .env("HOME", env.home.path())
        .env("ROLECALL_HOME", env.data_dir())
        .env("ROLECALL_NOW", now)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .args(["study", "--new", "1000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("rolecall starts");
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let (tx, rx) = mpsc::channel();
    // A reader thread, so the test can wait with a timeout and a hung
    // session fails the test instead of hanging it.
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, stdin, rx)
}

fn sleep_ms(ms: u64) {
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

/// An answer line for `card`, right or wrong at random, and a grade line
/// for the cards that ask for one.
fn answer_for(card: &Value, rng: &mut Rng) -> (String, Option<String>) {
    let mode = card["mode"].as_str().unwrap_or_default();
    let right = rng.below(3) > 0;
    let answer = match mode {
        "choice" if !right => {
            let n = card["choices"].as_array().map_or(2, Vec::len);
            let correct = card["correct"][0].as_u64().unwrap_or(0);
            (((correct + 1) % n as u64) + 1).to_string()
        }
        "order" if !right => {
            let n = card["choices"].as_array().map_or(2, Vec::len);
            (1..=n)
                .rev()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        }
        "choice" | "order" => right_answer(card),
        _ => ["an answer", "", "owner, exploitability, fix date"][rng.below(3) as usize].into(),
    };
    let grade = match mode {
        "choice" | "order" => None,
        _ => Some(["again", "hard", "good", "easy", ""][rng.below(5) as usize].to_string()),
    };
    (answer, grade)
}

/// Runs one session at `now` and kills it at `moment` after `answers`
/// answered cards.
fn session(
    env: &Env,
    cards: &HashMap<String, Value>,
    now: &str,
    moment: Moment,
    answers: usize,
    rng: &mut Rng,
) -> Outcome {
    let (mut child, mut stdin, lines) = spawn(env, now);
    let mut out = Outcome {
        acked: Vec::new(),
        acked_count: 0,
        in_flight: None,
        killed: false,
    };
    let kill = |child: &mut Child, out: &mut Outcome| {
        // SIGKILL: no destructor, no flush, no chance to finish a write.
        let _ = child.kill();
        out.killed = true;
    };
    if moment == Moment::Startup {
        sleep_ms(rng.below(40));
        kill(&mut child, &mut out);
    }
    let mut reader = Reader::with_cards(cards.clone());
    let mut answered = 0;
    let mut pending_grade: Option<String> = None;
    while !out.killed {
        let line = match lines.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(line) => line,
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("session at {now} hung ({moment:?})");
            }
        };
        if let Some((card, shown)) = reader.line(&line) {
            if answered == answers {
                match moment {
                    Moment::AwaitingAnswer => {
                        sleep_ms(rng.below(5));
                        kill(&mut child, &mut out);
                        break;
                    }
                    Moment::AfterQuit | Moment::Clean => {
                        let _ = writeln!(stdin, "q");
                        let _ = stdin.flush();
                        if moment == Moment::AfterQuit {
                            sleep_ms(rng.below(15));
                            kill(&mut child, &mut out);
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            let (answer, grade) = answer_for(&shown, rng);
            answered += 1;
            out.in_flight = Some(card.clone());
            if moment == Moment::AnswerInFlight && answered > answers {
                // Answer and grade in one write, then kill while the
                // program scores, appends, fsyncs or acknowledges.
                let text = match grade {
                    Some(g) => format!("{answer}\n{g}\n"),
                    None => format!("{answer}\n"),
                };
                let _ = stdin.write_all(text.as_bytes());
                let _ = stdin.flush();
                sleep_ms(rng.below(4));
                kill(&mut child, &mut out);
                break;
            }
            pending_grade = grade;
            let _ = writeln!(stdin, "{answer}");
            let _ = stdin.flush();
        } else if line.starts_with("Grade [") {
            let _ = writeln!(stdin, "{}", pending_grade.take().unwrap_or_default());
            let _ = stdin.flush();
        } else if line.starts_with("Drill ") {
            // The offer to drill missed cards at the end: declined.
            let _ = writeln!(stdin, "n");
            let _ = stdin.flush();
        } else if let Some(rest) = line.strip_prefix("saved: ") {
            let mut words = rest.split(' ');
            let card = words.next().unwrap_or_default().to_string();
            let grade = words.next().unwrap_or_default().to_string();
            let at = review_time(now, out.acked.len());
            out.acked.push(Seen { card, grade, at });
            out.in_flight = None;
            if moment == Moment::AfterAck && answered > answers {
                kill(&mut child, &mut out);
            }
        }
    }
    drop(stdin);
    let status = child.wait().expect("session ends");
    if !out.killed {
        assert!(status.success(), "session at {now} failed: {status}");
    }
    out
}

/// When the `n`th review (from 0) of a session started at `now` is logged:
/// under a fixed clock each entry a session writes is one millisecond
/// later than the one before, so reviews stay distinct for undo.
fn review_time(now: &str, n: usize) -> String {
    let start: DateTime<Utc> = now.parse().expect("an RFC 3339 time");
    (start + Duration::milliseconds(i64::try_from(n).expect("small")))
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn history(env: &Env, now: &str) -> Vec<Seen> {
    let out = stdout_of(
        env.cmd()
            .env("ROLECALL_NOW", now)
            .args(["history", "--json"]),
    );
    let items: Value = serde_json::from_str(&out).expect("history --json is JSON");
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| Seen {
            card: r["card"].as_str().unwrap_or_default().to_string(),
            grade: r["grade"].as_str().unwrap_or_default().to_string(),
            at: r["at"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Card states as `cards --json` reports them.
fn states(env: &Env, now: &str) -> HashMap<String, Value> {
    let out = stdout_of(env.cmd().env("ROLECALL_NOW", now).args(["cards", "--json"]));
    let cards: Value = serde_json::from_str(&out).expect("cards --json is JSON");
    cards
        .as_array()
        .expect("an array")
        .iter()
        .filter(|c| !c["state"].is_null())
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_string(),
                c["state"].clone(),
            )
        })
        .collect()
}

/// (d): states from the snapshot equal states replayed from the log alone.
/// The snapshot is put back, so later sessions keep starting from it.
fn assert_snapshot_matches_replay(env: &Env, now: &str, round: usize) {
    let path = env.data_dir().join("profiles/default/snapshot.bin");
    let Ok(saved) = std::fs::read(&path) else {
        return;
    };
    let with_snapshot = states(env, now);
    std::fs::remove_file(&path).expect("remove snapshot");
    let replayed = states(env, now);
    std::fs::write(&path, saved).expect("restore snapshot");
    if with_snapshot != replayed {
        keep_evidence(env);
    }
    assert_eq!(
        with_snapshot, replayed,
        "round {round}: snapshot states differ from a replay of the log"
    );
}

/// Copies the profile to `$ROLECALL_CRASH_KEEP` (when set) so that a failed
/// run can be looked at.
fn keep_evidence(env: &Env) {
    if let Some(dest) = std::env::var_os("ROLECALL_CRASH_KEEP") {
        let _ = std::process::Command::new("cp")
            .arg("-r")
            .arg(env.data_dir())
            .arg(&dest)
            .status();
        eprintln!("profile copied to {}", dest.to_string_lossy());
    }
}

fn kills_wanted() -> Option<usize> {
    std::env::var("ROLECALL_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_review() {
    let seed = std::env::var("ROLECALL_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("crash test seed: {seed} (ROLECALL_CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let wanted = kills_wanted();
    // Default: about a minute, or 150 kills, whichever comes first.
    let budget = std::time::Duration::from_secs(55);
    let started = Instant::now();

    let env = Env::new();
    let cards: HashMap<String, Value> = {
        let out = stdout_of(env.cmd().args(["cards", "--json"]));
        let all: Value = serde_json::from_str(&out).expect("cards --json");
        all.as_array()
            .expect("an array")
            .iter()
            .map(|c| (c["id"].as_str().unwrap_or_default().to_string(), c.clone()))
            .collect()
    };
    let mut clock: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().expect("a time");
    let mut expected: Vec<Seen> = Vec::new();
    let mut kills = 0usize;
    let mut round = 0usize;
    let mut by_moment: HashMap<String, usize> = HashMap::new();
    loop {
        let done = match wanted {
            Some(n) => kills >= n,
            None => kills >= 150 || started.elapsed() >= budget,
        };
        if done {
            break;
        }
        round += 1;
        // Mostly minutes apart (relearning cards come back), sometimes days.
        clock += match rng.below(4) {
            0 => Duration::zero(),
            1 | 2 => Duration::minutes(1 + rng.below(30).cast_signed()),
            _ => Duration::hours(1 + rng.below(72).cast_signed()),
        };
        let now = clock.to_rfc3339_opts(SecondsFormat::Millis, true);
        let moment = MOMENTS[rng.below(MOMENTS.len() as u64) as usize];
        let answers = rng.below(6) as usize;
        let mut outcome = session(&env, &cards, &now, moment, answers, &mut rng);
        if outcome.killed {
            kills += 1;
            *by_moment.entry(format!("{moment:?}")).or_default() += 1;
        }

        // (a) the store opens for reading; (b) and (c): the history is
        // exactly what was acknowledged, in order, plus at most the one
        // review in flight at the kill.
        outcome.acked_count = outcome.acked.len();
        expected.extend(std::mem::take(&mut outcome.acked));
        let logged = history(&env, &now);
        let extra = logged.len().checked_sub(expected.len()).unwrap_or_else(|| {
            panic!(
                "round {round} (seed {seed}): {} acknowledged reviews lost ({moment:?})",
                expected.len() - logged.len()
            )
        });
        assert_eq!(
            logged[..expected.len()],
            expected[..],
            "round {round} (seed {seed}): the history is not the acknowledged sequence"
        );
        match (extra, &outcome.in_flight) {
            (0, _) => {}
            (1, Some(card)) if outcome.killed => {
                let last = &logged[logged.len() - 1];
                assert_eq!(&last.card, card, "round {round} (seed {seed})");
                assert_eq!(
                    last.at,
                    review_time(&now, outcome.acked_count),
                    "round {round} (seed {seed})"
                );
                expected.push(last.clone());
            }
            _ => panic!(
                "round {round} (seed {seed}): {extra} unacknowledged reviews in the log ({moment:?})"
            ),
        }
        // (d) the snapshot equals a replay.
        assert_snapshot_matches_replay(&env, &now, round);
    }

    // A last clean session opens the store (the lock died with the killed
    // processes) and leaves no temp files of interrupted snapshot writes.
    clock += Duration::minutes(1);
    let now = clock.to_rfc3339_opts(SecondsFormat::Millis, true);
    let last = session(&env, &cards, &now, Moment::Clean, 1, &mut rng);
    assert!(!last.killed);
    expected.extend(last.acked);
    assert_eq!(history(&env, &now), expected, "seed {seed}");
    let leftovers: Vec<String> = std::fs::read_dir(env.data_dir().join("profiles/default"))
        .expect("profile folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tmp"))
        })
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    eprintln!(
        "crash test: survived {kills} kills in {round} sessions, {} reviews, {:.0}s; kills by moment: {by_moment:?}",
        expected.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(kills > 0);
}

/// Reads lines until one starts with `prefix`; false at the end of output.
fn wait_for(lines: &Receiver<String>, prefix: &str) -> bool {
    loop {
        match lines.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(line) if line.starts_with(prefix) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
}

#[test]
fn a_second_writer_is_refused_while_readers_and_the_first_session_carry_on() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00Z";
    let (mut first, mut stdin, lines) = spawn(&env, now);
    assert!(
        wait_for(&lines, "(answer:"),
        "the first session shows a card"
    );
    let refused = format!(
        "error: profile \"default\" is in use by pid {}\n",
        first.id()
    );
    // Every command that writes the profile is refused, with exit 1.
    for args in [
        vec!["study"],
        vec![
            "answer",
            "--card",
            "cyber-pm-day/note/old-vs-new-data",
            "--grade",
            "good",
        ],
        vec!["profiles", "remove", "default", "--yes"],
    ] {
        let out = env.cmd().args(&args).write_stdin("").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), refused, "{args:?}");
    }
    // Readers are not blocked.
    for args in [vec!["history"], vec!["cards", "--json"], vec!["stats"]] {
        env.cmd().args(&args).assert().success();
    }
    // The first session is unharmed: it saves two answers and ends cleanly.
    writeln!(stdin, "an answer\ngood").unwrap();
    stdin.flush().unwrap();
    assert!(wait_for(&lines, "saved: "));
    assert!(wait_for(&lines, "(answer:"));
    writeln!(stdin, "another answer\nhard\nq").unwrap();
    stdin.flush().unwrap();
    assert!(wait_for(&lines, "saved: "));
    drop(stdin);
    assert!(first.wait().unwrap().success());
    assert_eq!(history(&env, now).len(), 2);
}

#[test]
fn a_lock_left_by_a_killed_process_does_not_block() {
    let env = Env::new();
    let now = "2026-03-02T09:00:00Z";
    let (mut first, _stdin, lines) = spawn(&env, now);
    assert!(wait_for(&lines, "(answer:"));
    let dead = first.id();
    first.kill().unwrap();
    first.wait().unwrap();
    let lock = env.data_dir().join("profiles/default/lock");
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap().trim(),
        dead.to_string(),
        "the killed process left its pid behind"
    );
    let (mut next, mut stdin, lines) = spawn(&env, now);
    assert!(wait_for(&lines, "(answer:"), "the next run starts");
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap().trim(),
        next.id().to_string()
    );
    writeln!(stdin, "q").unwrap();
    drop(stdin);
    assert!(next.wait().unwrap().success());
    // A lock file with garbage in it (an editor, another tool) does not
    // block either.
    std::fs::write(&lock, "not a pid\0\n").unwrap();
    env.cmd()
        .args(["study", "--limit", "1"])
        .write_stdin("1\n\n")
        .assert()
        .success()
        .stdout(predicates::str::contains("saved: "));
}
