//! Writes a synthetic collection to disk for whole-process benchmarks
//! (`scripts/bench.sh`): deck files, and a profile whose review log covers
//! those decks' cards. Deterministic from `--seed`.
//!
//! ```text
//! cargo run --release --example gen_collection -- decks --tasks 10000 --out DIR
//! cargo run --release --example gen_collection -- profile --tasks 12600 \
//!     --reviews 1000000 --data DATA_DIR [--profile NAME]
//! cargo run --release --example gen_collection -- wide --tasks 5000 --out wide.ron
//! cargo run --release --example gen_collection -- document --tasks 10000 --out day.txt
//! ```
//!
//! `wide`: one deck whose first role has `--tasks` tasks; `document`: a
//! "day in the life" document of `--tasks` time blocks, for `import`.
//!
//! The profile's log reviews the first `min(cards, reviews / 10)` cards of
//! the decks `decks --tasks` writes with the same seed: point `--decks` at
//! them when studying.

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_collection decks --tasks N --out DIR [--seed S]\n       \
                     gen_collection profile --tasks N --reviews M --data DIR [--profile NAME] [--seed S]\n       \
                     gen_collection wide|document --tasks N --out FILE [--seed S]";

struct Args {
    command: String,
    tasks: usize,
    reviews: usize,
    seed: u64,
    out: Option<PathBuf>,
    data: Option<PathBuf>,
    profile: String,
}

fn parse() -> Result<Args, String> {
    let mut raw = std::env::args().skip(1);
    let command = raw.next().ok_or("missing command")?;
    let mut args = Args {
        command,
        tasks: 1000,
        reviews: 0,
        seed: 1,
        out: None,
        data: None,
        profile: "bench".into(),
    };
    while let Some(flag) = raw.next() {
        let value = raw.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<usize>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--tasks" => args.tasks = number()?,
            "--reviews" => args.reviews = number()?,
            "--seed" => args.seed = number()? as u64,
            "--out" => args.out = Some(value.into()),
            "--data" => args.data = Some(value.into()),
            "--profile" => args.profile = value,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn run(args: &Args) -> Result<(), String> {
    let files = synth::deck_files(args.tasks, args.seed);
    match args.command.as_str() {
        "decks" => {
            let out = args.out.as_ref().ok_or("decks needs --out DIR")?;
            fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
            let mut bytes = 0;
            for (name, text) in &files {
                fs::write(out.join(name), text).map_err(|e| format!("{name}: {e}"))?;
                bytes += text.len();
            }
            let library = synth::library(&files);
            println!(
                "{} decks, {} tasks, {} cards, {} bytes in {}",
                files.len(),
                files.len() * synth::TASKS_PER_DECK,
                library.cards.len(),
                bytes,
                out.display()
            );
        }
        "profile" => {
            let data = args.data.as_ref().ok_or("profile needs --data DIR")?;
            let library = synth::library(&files);
            let reviewed = library.cards.len().min((args.reviews / 10).max(1));
            let ids = synth::card_ids(&library.cards, reviewed);
            let path = synth::write_profile(data, &args.profile, &ids, args.reviews, args.seed)
                .map_err(|e| format!("{}: {e}", data.display()))?;
            println!(
                "{} reviews of {reviewed} of {} cards in {}",
                args.reviews,
                library.cards.len(),
                path.display()
            );
        }
        "wide" | "document" => {
            let out = args
                .out
                .as_ref()
                .ok_or("wide and document need --out FILE")?;
            let text = if args.command == "wide" {
                synth::wide_deck(args.tasks, args.seed)
            } else {
                synth::document(args.tasks, args.seed)
            };
            fs::write(out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("{} bytes in {}", text.len(), out.display());
        }
        other => return Err(format!("unknown command {other}")),
    }
    Ok(())
}

fn main() -> ExitCode {
    match parse().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_collection: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
