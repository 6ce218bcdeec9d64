//! Latency of meaning-aware scoring on the shipped decks: model load time,
//! key-point vectors, and the time to score each hand-graded answer
//! (`tests/fixtures/graded_answers.jsonl`, with rivals and prompt), as the
//! study loop scores them. Prints percentiles; a per-answer p95 is the
//! target (≤ 150 ms on a 2-core machine).
//!
//! `cargo bench --bench scoring` (add `-- --no-semantic` for words alone).

use std::sync::Arc;
use std::time::{Duration, Instant};

use rolecall::{AnswerMode, LazyEmbedder, ScoreInput, Scorer, Sources, load_decks, rivals};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let semantic = !std::env::args().any(|a| a == "--no-semantic");
    let library = load_decks(
        &Sources {
            built_in: true,
            dirs: Vec::new(),
        },
        0,
    )
    .expect("the shipped decks load");
    let corpus: Vec<&[Arc<str>]> = library.cards.iter().map(|c| &*c.key_points).collect();
    let model = Arc::new(LazyEmbedder::new());
    let mut scorer = Scorer::new(&corpus, &library.synonyms());
    if semantic {
        scorer = scorer.with_meaning(Arc::clone(&model));
        let start = Instant::now();
        model.get().expect("the model loads");
        println!("model load: {}", ms(start.elapsed()));
    }

    let answers: Vec<(String, String)> = include_str!("../tests/fixtures/graded_answers.jsonl")
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("valid fixture");
            (
                v["card"].as_str().unwrap_or_default().to_string(),
                v["answer"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();

    // Answers the defences settle first (empty, prompt copies, platitudes)
    // never reach the model; counted so the figures say what they cover.
    let read_for_meaning = std::cell::Cell::new(0usize);
    let score = |card_id: &str, answer: &str| -> Duration {
        let card = library.card(card_id).expect("a shipped card");
        let rivals = rivals(&library.cards, card);
        let start = Instant::now();
        let r = scorer.evaluate(&ScoreInput {
            key_points: &card.key_points,
            rivals: &rivals,
            prompt: &card.prompt.text(),
            answer,
        });
        let took = start.elapsed();
        assert!(
            semantic || !r.semantic,
            "read for meaning under --no-semantic"
        );
        read_for_meaning.set(read_for_meaning.get() + usize::from(r.semantic));
        took
    };

    // Cold: the first answer to each card also embeds its points and its
    // rivals' (what the study loop pays when the background warm-up has not
    // reached the card yet).
    let mut cold = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (card, answer) in &answers {
        if seen.insert(card.clone()) {
            cold.push(score(card, answer));
        }
    }

    let start = Instant::now();
    let typed: Vec<&[Arc<str>]> = library
        .cards
        .iter()
        .filter(|c| c.mode == AnswerMode::Typed)
        .map(|c| &*c.key_points)
        .collect();
    scorer.warm(&typed);
    println!(
        "key-point vectors of {} typed cards (cached): {}",
        typed.len(),
        ms(start.elapsed())
    );

    // Warm: points cached, as after the background warm-up.
    let mut warm: Vec<Duration> = Vec::new();
    for _ in 0..2 {
        for (card, answer) in &answers {
            warm.push(score(card, answer));
        }
    }
    for (name, mut times) in [("warm (points cached)", warm), ("cold card", cold)] {
        times.sort();
        println!(
            "{name}: n={} p50 {} p95 {} p99 {} max {}",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99)),
            ms(times[times.len() - 1])
        );
    }
    println!(
        "answers read for meaning: {} of {} scored",
        read_for_meaning.get(),
        answers.len() * 2 + seen.len()
    );
}
