//! The typed-answer scorer with fuzzed key points, rivals, synonyms, prompt
//! and answer: it must always return a score in 0..=1 and never panic.
//!
//! Input layout: sections separated by NUL: key points (one per line),
//! rival key points (one per line), synonym groups (one per line, words
//! separated by `|`), the prompt, the answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{ScoreInput, Scorer};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut sections = text.split('\0');
    let lines = |s: Option<&str>| -> Vec<String> {
        s.unwrap_or_default().lines().map(str::to_string).collect()
    };
    let points = |s: Option<&str>| -> Vec<Arc<str>> {
        s.unwrap_or_default().lines().map(Arc::from).collect()
    };
    let key_points = points(sections.next());
    let rival_points = points(sections.next());
    let synonyms: Vec<Vec<String>> = lines(sections.next())
        .iter()
        .map(|l| l.split('|').map(str::to_string).collect())
        .collect();
    let prompt = sections.next().unwrap_or_default().to_string();
    let answer = sections.next().unwrap_or_default().to_string();

    let scorer = Scorer::new(&[key_points.clone(), rival_points.clone()], &synonyms);
    let rivals: Vec<&[Arc<str>]> = vec![rival_points.as_slice()];
    let result = scorer.evaluate(&ScoreInput {
        key_points: &key_points,
        rivals: &rivals,
        prompt: &prompt,
        answer: &answer,
    });
    assert!(
        (0.0..=1.0).contains(&result.score),
        "score {}",
        result.score
    );
    assert_eq!(result.points.len(), key_points.len());
});
