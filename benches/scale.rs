//! In-process benchmarks (divan): deck loading against a bare `ron` parse,
//! queue building, start-up from long review logs, the cost of one answer,
//! and the scorer. Whole-process timings are `scripts/bench.sh`.
//!
//! Run with `cargo bench --bench scale`; pick a group with a filter, e.g.
//! `cargo bench --bench scale -- load`. Figures are in BENCHMARKS.md.

#[path = "synth/mod.rs"]
mod synth;

use divan::Bencher;
use rolecall::{
    CardStatus, Config, DayClock, DeckSource, Entry, Grade, Library, LogEntry, NewReview, Origin,
    Overrides, ProfileWriter, Progress, QueueOptions, Replay, Scheduler, ScoreInput, Scorer,
    Sources, Workspace,
};
use std::collections::HashMap;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const SEED: u64 = 1;
/// Tasks in the synthetic collections of the loading benchmarks.
const TASKS: &[usize] = &[1_000, 10_000, 100_000];
/// About 100k generated cards (8.98 per task).
const TASKS_100K_CARDS: usize = 11_200;
/// Prior reviews in the start-up and answer benchmarks.
const REVIEWS: &[usize] = &[10_000, 100_000, 1_000_000];

fn scheduler() -> Scheduler {
    Scheduler::new(None, 0.9, DayClock::with_offset(chrono::Utc.fix())).expect("default parameters")
}

use chrono::Offset as _;

/// Deck files as (name, text).
type Files = &'static [(String, String)];

/// The synthetic deck files of each size, made once per run.
fn files(tasks: usize) -> Files {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<usize, Files>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().expect("not poisoned");
    cache
        .entry(tasks)
        .or_insert_with(|| synth::deck_files(tasks, SEED).leak())
}

fn sources(files: &[(String, String)]) -> Vec<DeckSource> {
    files
        .iter()
        .map(|(name, text)| DeckSource {
            origin: Origin::File(name.into()),
            text: text.clone(),
        })
        .collect()
}

/// Deck loading: what `rolecall` does with deck folders, against the bare
/// syntax parse the issue compares it with.
mod load_decks {
    use super::{Bencher, Library, Sources, TASKS, files, sources};

    /// The yardstick: `ron::from_str` into `ron::Value`, file by file.
    #[divan::bench(args = TASKS, sample_count = 3, sample_size = 1)]
    fn ron_value(bencher: Bencher, tasks: usize) {
        let files = files(tasks);
        bencher.bench_local(|| {
            for (_, text) in files {
                divan::black_box(ron::from_str::<ron::Value>(text).expect("valid RON"));
            }
        });
    }

    /// Parse + validate + generate + the cross-deck checks (`load_decks`
    /// minus reading the files).
    #[divan::bench(args = TASKS, sample_count = 3, sample_size = 1)]
    fn load_validate_generate(bencher: Bencher, tasks: usize) {
        let files = files(tasks);
        bencher
            .with_inputs(|| sources(files))
            .bench_local_values(|sources| {
                let (decks, problems) = rolecall::parse_sources(sources);
                assert!(problems.is_empty());
                Library::from_decks(decks, 0).expect("valid")
            });
    }

    /// Parse + validate only (no card generation).
    #[divan::bench(args = TASKS, sample_count = 3, sample_size = 1)]
    fn validate(bencher: Bencher, tasks: usize) {
        let files = files(tasks);
        bencher.bench_local(|| {
            for (_, text) in files {
                divan::black_box(rolecall::parse_deck(text).expect("valid"));
            }
        });
    }

    /// The shipped decks, built into the binary.
    #[divan::bench]
    fn shipped(bencher: Bencher) {
        let sources = Sources {
            built_in: true,
            dirs: vec![],
        };
        bencher.bench_local(|| rolecall::load_decks(&sources, 0).expect("valid"));
    }
}

/// Linear scaling where it used to be quadratic: `check` of one role with
/// many tasks (choice distractors were listed per card) and `import` of a
/// document with many time blocks. 10× the input should cost about 10× the
/// time.
mod scaling {
    use super::{Bencher, DeckSource, Library, Origin, synth};

    /// Parse, validate and generate one deck whose first role has N tasks,
    /// as `rolecall check FILE` does.
    #[divan::bench(args = [500, 5_000, 50_000], sample_count = 3, sample_size = 1)]
    fn check_tasks_per_role(bencher: Bencher, tasks: usize) {
        let text = synth::wide_deck(tasks, super::SEED);
        bencher.bench_local(|| {
            let source = DeckSource {
                origin: Origin::File("wide.ron".into()),
                text: text.clone(),
            };
            let (decks, problems) = rolecall::parse_sources(vec![source]);
            assert!(problems.is_empty(), "{problems:?}");
            divan::black_box(Library::from_decks(decks, 0).expect("unique ids"))
        });
    }

    /// Import a document of N time blocks (the pure importer: decode,
    /// blocks, deck).
    #[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
    fn import_blocks(bencher: Bencher, blocks: usize) {
        let text = synth::document(blocks, super::SEED);
        let options = rolecall::ImportOptions {
            id: Some("synthetic".into()),
            ..Default::default()
        };
        bencher
            .bench_local(|| divan::black_box(rolecall::import(&text, &options).expect("a deck")));
    }
}

/// A library of about 100k cards and the progress of 1M reviews over them.
fn big_collection() -> &'static (Library, Progress) {
    static BIG: OnceLock<(Library, Progress)> = OnceLock::new();
    BIG.get_or_init(|| {
        let library = synth::library(files(TASKS_100K_CARDS));
        let ids = synth::card_ids(&library.cards, library.cards.len());
        let mut replay = Replay::default();
        for r in synth::reviews(&ids, 1_000_000, SEED) {
            replay.push(Entry::from(LogEntry::Review(r)));
        }
        let progress = replay.finish(&scheduler());
        (library, progress)
    })
}

/// Queue building for 100k cards with states: what `study` does before the
/// first card (statuses from the scheduler, then `build_queue`).
#[divan::bench(sample_count = 10)]
fn queue_100k_cards(bencher: Bencher) {
    let (library, progress) = big_collection();
    let cards: Vec<&rolecall::Card> = library.cards.iter().collect();
    let scheduler = scheduler();
    let clock = scheduler.clock();
    let now = synth::now();
    bencher.bench_local(|| {
        let status: Vec<Option<CardStatus>> = cards
            .iter()
            .map(|c| {
                let p = progress.get(c.id.as_str())?;
                Some(CardStatus {
                    due: p.state.due,
                    retrievability: scheduler.retrievability(&p.state, now),
                    last_review_day: clock.day_of(p.state.last_review),
                    first_review_day: clock.day_of(p.first_review),
                    retrievability_at_interview: None,
                    reps: p.state.reps,
                })
            })
            .collect();
        rolecall::build_queue(
            &cards,
            &status,
            clock.day_of(now),
            now,
            QueueOptions {
                new_per_day: 10,
                limit: None,
                interview_target: None,
                bury_siblings: true,
            },
        )
    });
}

/// A data dir holding profile `bench` with `reviews` prior reviews over
/// `reviews / 10` cards, and a current snapshot.
fn profile_with(reviews: usize) -> (tempfile::TempDir, Config) {
    let (library, _) = big_collection();
    let tmp = tempfile::tempdir().expect("temp dir");
    let ids = synth::card_ids(&library.cards, (reviews / 10).max(1));
    synth::write_profile(tmp.path(), "bench", &ids, reviews, SEED).expect("written");
    let config = Config::for_data_dir(tmp.path().to_path_buf(), synth::now());
    // The first writer saves the snapshot the synthetic log lacks.
    open(&config).save_snapshot().expect("saved");
    (tmp, config)
}

/// Opens profile `bench` for writing, as `study` does before its first card.
fn open(config: &Config) -> ProfileWriter {
    Workspace::new(config)
        .expect("a data dir")
        .write("bench", Overrides::default())
        .expect("opens")
}

/// Study start-up on the profile side: open (lock, settings, check the log
/// after the snapshot) and restore progress from the snapshot.
#[divan::bench(args = REVIEWS, sample_count = 10)]
fn startup_with_snapshot(bencher: Bencher, reviews: usize) {
    let (_tmp, config) = profile_with(reviews);
    bencher.bench_local(|| {
        let writer = open(&config);
        assert!(writer.snapshot_current());
        writer.progress().cards.len()
    });
}

/// The first run after the snapshot is lost: open checks the whole log,
/// then the whole log is replayed (streamed).
#[divan::bench(args = REVIEWS, sample_count = 3, sample_size = 1)]
fn startup_rebuild(bencher: Bencher, reviews: usize) {
    let (tmp, config) = profile_with(reviews);
    let snapshot = tmp.path().join("profiles/bench/snapshot.bin");
    bencher.bench_local(|| {
        let _ = std::fs::remove_file(&snapshot);
        let writer = open(&config);
        assert!(!writer.snapshot_current());
        writer.progress().cards.len()
    });
}

/// One answer as `study` records it: append + fsync, then the state update.
#[divan::bench(args = [0, 1_000_000], sample_count = 30, sample_size = 1)]
fn answer(bencher: Bencher, prior_reviews: usize) {
    let (_tmp, config) = profile_with(prior_reviews);
    let mut writer = open(&config);
    let card = synth::card_ids(&big_collection().0.cards, 1).remove(0);
    bencher.bench_local(|| {
        writer
            .record(NewReview {
                card: &card,
                grade: Grade::Good,
                score: Some(0.8),
                took: std::time::Duration::from_secs(12),
                mode: "typed",
                session: None,
                shown: None,
                rubric: None,
                corrected: &[],
            })
            .expect("recorded")
    });
}

/// The scorer on the shipped decks.
mod score {
    use super::{Bencher, Library, OnceLock, ScoreInput, Scorer, Sources};
    use std::sync::Arc;

    fn shipped() -> &'static Library {
        static LIB: OnceLock<Library> = OnceLock::new();
        LIB.get_or_init(|| {
            rolecall::load_decks(
                &Sources {
                    built_in: true,
                    dirs: vec![],
                },
                0,
            )
            .expect("valid")
        })
    }

    /// Building the scorer (IDF over every card), paid once per session.
    #[divan::bench]
    fn build(bencher: Bencher) {
        let library = shipped();
        let corpus: Vec<&[Arc<str>]> = library.cards.iter().map(|c| &*c.key_points).collect();
        let synonyms = library.synonyms();
        bencher.bench_local(|| Scorer::new(&corpus, &synonyms));
    }

    /// Scoring one typed answer (with rivals), after the first use has
    /// analysed the card's key points.
    #[divan::bench]
    fn one_answer(bencher: Bencher) {
        let library = shipped();
        let corpus: Vec<&[Arc<str>]> = library.cards.iter().map(|c| &*c.key_points).collect();
        let scorer = Scorer::new(&corpus, &library.synonyms());
        let card = library
            .card("product-security-roles/appsec-engineer/triage-findings/duties")
            .expect("a shipped card");
        let rivals = rolecall::rivals(&library.cards, card);
        let answer = "Decide whether the finding is real and exploitable in our product \
                      context, who owns the fix, and whether it blocks the release, goes \
                      to the backlog or is documented as accepted risk.";
        bencher.bench_local(|| {
            scorer.evaluate(&ScoreInput {
                key_points: &card.key_points,
                rivals: &rivals,
                prompt: &card.prompt.text(),
                answer,
            })
        });
    }
}
