//! Synthetic collections for benchmarks: deck files of a given size with
//! realistic text lengths, and review logs spread over months, all
//! deterministic from a seed.
//!
//! Shared by `benches/scale.rs` and `examples/gen_collection.rs` (which
//! writes them to disk for whole-process timings). Not part of the product.

#![allow(dead_code)] // each including target uses a different part

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rolecall::{Card, DeckSource, Grade, Library, LogEntry, Origin, ReviewRecord, parse_sources};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Roles per synthetic deck and tasks per role: fixed, so that size grows by
/// adding decks and per-deck costs (distractors drawn from sibling roles and
/// tasks) stay constant, as in real collections.
pub const ROLES_PER_DECK: usize = 20;
pub const TASKS_PER_ROLE: usize = 10;
pub const TASKS_PER_DECK: usize = ROLES_PER_DECK * TASKS_PER_ROLE;

/// The clock the benchmarks study at; synthetic logs end the day before.
pub const NOW: &str = "2026-03-02T09:00:00Z";

/// Words deck text is drawn from: common English plus the security and
/// product vocabulary the shipped decks use, so the scorer sees realistic
/// stems and frequencies.
const WORDS: &[&str] = &[
    "review",
    "risk",
    "finding",
    "release",
    "owner",
    "team",
    "design",
    "threat",
    "model",
    "access",
    "token",
    "secret",
    "pipeline",
    "build",
    "deploy",
    "service",
    "api",
    "endpoint",
    "input",
    "trusted",
    "authorization",
    "identity",
    "provider",
    "scanner",
    "report",
    "triage",
    "backlog",
    "exception",
    "policy",
    "control",
    "evidence",
    "audit",
    "metric",
    "incident",
    "response",
    "customer",
    "roadmap",
    "priority",
    "budget",
    "hiring",
    "vendor",
    "contract",
    "decision",
    "tradeoff",
    "leverage",
    "conflict",
    "context",
    "product",
    "engineer",
    "manager",
    "director",
    "stakeholder",
    "meeting",
    "document",
    "guidance",
    "training",
    "coverage",
    "exploitable",
    "severity",
    "critical",
    "minor",
    "ticket",
    "deadline",
    "sprint",
    "quarter",
    "planning",
    "alignment",
    "escalation",
    "signal",
    "noise",
    "dashboard",
    "log",
    "alert",
    "patch",
    "dependency",
    "library",
    "container",
    "cluster",
    "network",
    "boundary",
    "cloud",
    "account",
    "permission",
    "role",
    "least",
    "privilege",
    "rotation",
    "key",
    "certificate",
    "encryption",
    "storage",
    "database",
    "query",
    "injection",
    "forgery",
    "request",
    "session",
    "cookie",
    "header",
    "browser",
    "mobile",
    "device",
    "partner",
    "integration",
    "webhook",
    "queue",
    "worker",
    "job",
    "schedule",
    "morning",
    "afternoon",
    "standup",
    "sync",
    "handoff",
    "onboarding",
    "checklist",
    "template",
    "standard",
    "baseline",
    "benchmark",
    "regression",
    "test",
    "fuzzing",
    "static",
    "dynamic",
    "analysis",
    "manual",
    "automated",
    "workflow",
    "approval",
    "gate",
    "blocker",
    "accepted",
    "documented",
    "mitigation",
    "compensating",
    "monitoring",
    "detection",
    "forensics",
    "timeline",
    "root",
    "cause",
    "lesson",
    "retro",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "for",
    "with",
    "on",
    "that",
    "is",
    "it",
    "by",
    "as",
    "what",
    "who",
    "when",
    "why",
    "how",
    "which",
    "this",
    "before",
    "after",
    "each",
    "every",
];

fn words(rng: &mut StdRng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let mut out = String::with_capacity(n * 8);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.random_range(0..WORDS.len())]);
    }
    out
}

fn sentence(rng: &mut StdRng, min: usize, max: usize) -> String {
    let mut s = words(rng, min, max);
    if let Some(first) = s.get(..1) {
        let upper = first.to_uppercase();
        s.replace_range(..1, &upper);
    }
    s.push('.');
    s
}

fn question(rng: &mut StdRng) -> String {
    let mut s = sentence(rng, 6, 14);
    s.pop();
    s.push('?');
    s
}

fn list(out: &mut String, indent: &str, field: &str, items: &[String]) {
    let _ = writeln!(out, "{indent}{field}: [");
    for item in items {
        let _ = writeln!(out, "{indent}    \"{item}\",");
    }
    let _ = writeln!(out, "{indent}],");
}

/// One deck file: `ROLES_PER_DECK` roles of `TASKS_PER_ROLE` tasks, written
/// the way the shipped decks are (about 2 KB of text per task). Every other
/// role is a day of time blocks, so timeline cards are generated too.
pub fn deck_text(deck_no: usize, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed ^ (deck_no as u64).wrapping_mul(0x9e37_79b9));
    let mut out = String::with_capacity(TASKS_PER_DECK * 2400);
    let _ = writeln!(out, "// Synthetic deck {deck_no} (seed {seed}).\nDeck(");
    let _ = writeln!(out, "    id: \"synth-{deck_no}\",");
    let _ = writeln!(out, "    title: \"Synthetic deck {deck_no}\",");
    let _ = writeln!(out, "    description: \"{}\",", sentence(&mut rng, 15, 30));
    let _ = writeln!(out, "    source: \"rolecall gen_collection, seed {seed}\",");
    out.push_str("    roles: [\n");
    for r in 0..ROLES_PER_DECK {
        let timed = r % 2 == 1;
        out.push_str("        Role(\n");
        let _ = writeln!(out, "            id: \"role-{r}\",");
        let _ = writeln!(
            out,
            "            name: \"Role {r} {}\",",
            words(&mut rng, 1, 2)
        );
        let _ = writeln!(
            out,
            "            summary: \"{}\",",
            sentence(&mut rng, 10, 20)
        );
        out.push_str("            profile: Profile(\n");
        for field in ["center_of_gravity", "typical_output", "failure_mode"] {
            let _ = writeln!(
                out,
                "                {field}: \"{}\",",
                words(&mut rng, 4, 9)
            );
        }
        let _ = writeln!(
            out,
            "                outsiders_miss: \"{}\",",
            sentence(&mut rng, 15, 30)
        );
        out.push_str("            ),\n            tasks: [\n");
        for t in 0..TASKS_PER_ROLE {
            let i = "                    ";
            out.push_str("                Task(\n");
            let _ = writeln!(out, "{i}id: \"task-{t}\",");
            let _ = writeln!(out, "{i}title: \"{}\",", sentence(&mut rng, 5, 10));
            if timed {
                let minutes = 6 * 60 + t * 75;
                let _ = writeln!(
                    out,
                    "{i}time: \"{:02}:{:02}\",",
                    (minutes / 60) % 24,
                    minutes % 60
                );
            }
            let what: Vec<String> = (0..rng.random_range(2..=4))
                .map(|_| sentence(&mut rng, 10, 22))
                .collect();
            list(&mut out, i, "what_happens", &what);
            let _ = writeln!(out, "{i}why: \"{}\",", sentence(&mut rng, 15, 30));
            let _ = writeln!(out, "{i}examples: [");
            for _ in 0..rng.random_range(1..=2) {
                let _ = writeln!(out, "{i}    Example(");
                let _ = writeln!(
                    out,
                    "{i}        situation: \"{}\",",
                    sentence(&mut rng, 15, 30)
                );
                let _ = writeln!(
                    out,
                    "{i}        insight: \"{}\",",
                    sentence(&mut rng, 20, 35)
                );
                let points: Vec<String> = (0..4).map(|_| words(&mut rng, 4, 7)).collect();
                list(&mut out, &format!("{i}        "), "key_points", &points);
                let _ = writeln!(out, "{i}    ),");
            }
            let _ = writeln!(out, "{i}],");
            let questions: Vec<String> = (0..4).map(|_| question(&mut rng)).collect();
            list(&mut out, i, "questions", &questions);
            let points: Vec<String> = (0..5).map(|_| words(&mut rng, 4, 8)).collect();
            list(&mut out, i, "key_points", &points);
            out.push_str("                ),\n");
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str("    ],\n    notes: [\n");
    for n in 0..5 {
        let _ = writeln!(
            out,
            "        Note(id: \"note-{n}\", front: \"{}\", back: \"{}\", role: \"role-{n}\"),",
            question(&mut rng),
            sentence(&mut rng, 10, 30)
        );
    }
    out.push_str("    ],\n    synonyms: [\n");
    out.push_str("        [\"standup\", \"daily sync\"],\n        [\"ticket\", \"issue\"],\n");
    out.push_str("    ],\n)\n");
    out
}

/// The deck files for about `tasks` tasks (whole decks, at least one), as
/// (file name, text).
pub fn deck_files(tasks: usize, seed: u64) -> Vec<(String, String)> {
    let decks = tasks.div_ceil(TASKS_PER_DECK).max(1);
    (0..decks)
        .map(|d| (format!("synth-{d:04}.ron"), deck_text(d, seed)))
        .collect()
}

/// Parses, validates and generates, exactly as `rolecall` loads deck folders.
pub fn library(files: &[(String, String)]) -> Library {
    let sources = files
        .iter()
        .map(|(name, text)| DeckSource {
            origin: Origin::File(name.into()),
            text: text.clone(),
        })
        .collect();
    let (decks, problems) = parse_sources(sources);
    assert!(
        problems.is_empty(),
        "synthetic decks are valid: {problems:?}"
    );
    Library::from_decks(decks, 0).expect("synthetic card ids are unique")
}

/// The first `n` cards' ids: the cards a synthetic log reviews.
pub fn card_ids(cards: &[Card], n: usize) -> Vec<String> {
    cards.iter().take(n).map(|c| c.id.0.clone()).collect()
}

pub fn now() -> DateTime<Utc> {
    NOW.parse().expect("a valid constant")
}

/// `reviews` review records over `cards`, spread evenly over the 180 days
/// before `NOW` (chronological, as a real log is), with a realistic mix of
/// grades, scores and answer times.
pub fn reviews(cards: &[String], reviews: usize, seed: u64) -> impl Iterator<Item = ReviewRecord> {
    assert!(!cards.is_empty() || reviews == 0, "a log needs cards");
    let mut rng = StdRng::seed_from_u64(seed.wrapping_add(0x5eed));
    let end = now() - Duration::days(1);
    let span_ms = Duration::days(180).num_milliseconds();
    let start = end - Duration::days(180);
    (0..reviews).map(move |i| {
        // Both fit: a log has far fewer than 2^63 reviews.
        let offset = span_ms * i64::try_from(i).unwrap_or(i64::MAX)
            / i64::try_from(reviews.max(1)).unwrap_or(i64::MAX);
        let grade = match rng.random_range(0..100) {
            0..10 => Grade::Again,
            10..25 => Grade::Hard,
            25..90 => Grade::Good,
            _ => Grade::Easy,
        };
        ReviewRecord {
            card: cards[rng.random_range(0..cards.len())].clone(),
            at: start + Duration::milliseconds(offset),
            grade,
            score: Some(f32::from(rng.random_range(0u8..=100)) / 100.0),
            duration_ms: rng.random_range(2_000..60_000),
            mode: "typed".into(),
            session: None,
            shown: None,
            rubric: None,
            id: None,
            corrected: None,
        }
    })
}

/// Writes [`reviews`] as `log.jsonl` lines.
pub fn write_log(
    out: &mut impl Write,
    cards: &[String],
    count: usize,
    seed: u64,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(256);
    for record in reviews(cards, count, seed) {
        line.clear();
        serde_json::to_writer(&mut line, &LogEntry::Review(record))?;
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}

/// Creates `<data>/profiles/<profile>/log.jsonl` holding [`reviews`] (and no
/// snapshot: the first `rolecall` run on it writes one).
pub fn write_profile(
    data: &Path,
    profile: &str,
    cards: &[String],
    count: usize,
    seed: u64,
) -> io::Result<PathBuf> {
    let dir = data.join("profiles").join(profile);
    std::fs::create_dir_all(&dir)?;
    for snapshot in ["snapshot.bin", "snapshot.json"] {
        match std::fs::remove_file(dir.join(snapshot)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let path = dir.join("log.jsonl");
    let mut out = io::BufWriter::new(std::fs::File::create(&path)?);
    write_log(&mut out, cards, count, seed)?;
    out.flush()?;
    Ok(path)
}

/// One deck of two roles, the first with `tasks` small tasks (a title, a
/// time, one line of what happens, one question): the shape that made card
/// generation quadratic in the tasks of a role. 50,000 tasks stay under
/// the 16 MiB deck limit.
pub fn wide_deck(tasks: usize, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::with_capacity(tasks * 200);
    out.push_str("Deck(\n    id: \"wide\",\n    title: \"Wide deck\",\n    roles: [\n");
    for (r, count) in [(0, tasks), (1, 3)] {
        let _ = writeln!(
            out,
            "        Role(\n            id: \"role-{r}\",\n            name: \"Role {r}\",\n            tasks: ["
        );
        for t in 0..count {
            let minutes = t % (18 * 60);
            let _ = writeln!(
                out,
                "Task(id: \"t{t}\", title: \"{} {t}\", time: \"{:02}:{:02}\", what_happens: [\"{}\"], questions: [\"{}?\"]),",
                words(&mut rng, 2, 3),
                minutes / 60,
                minutes % 60,
                words(&mut rng, 3, 6),
                words(&mut rng, 3, 6),
            );
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

/// A "day in the life" document of `blocks` short time blocks in the seeds'
/// shape (time and title, What happens, What questions to think), for the
/// importer; 100,000 blocks stay under the 16 MiB import limit. Every
/// tenth title repeats, as long documents do.
pub fn document(blocks: usize, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::with_capacity(blocks * 150);
    out.push_str("Day in the life of a synthetic engineer\n\n");
    for b in 0..blocks {
        let minutes = 6 * 60 + (b * 7) % (16 * 60);
        let (hour, am) = (minutes / 60, minutes < 12 * 60);
        let hour12 = if hour > 12 { hour - 12 } else { hour };
        let title = if b % 10 == 9 {
            "Inbox triage".to_string()
        } else {
            format!("{} {b}", words(&mut rng, 1, 3))
        };
        let _ = writeln!(
            out,
            "{hour12}:{:02} {} — {title}\n\nWhat happens\n\n• {}\n\nWhat questions to think\n\n• {}?\n",
            minutes % 60,
            if am { "AM" } else { "PM" },
            words(&mut rng, 3, 5),
            words(&mut rng, 3, 6),
        );
    }
    out
}
