//! Review-log bytes → the log reader → the history and a replay of the
//! states → a snapshot and back: a damaged or hostile log must give an
//! error or states, never a panic; the cards with a state are exactly the
//! cards with a review left standing by the undo rule; and a snapshot,
//! encoded and decoded, holds the states exactly. The same bytes taken as
//! a snapshot file decode or not, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{
    DayClock, Entry, History, Progress, Scheduler, decode_snapshot, encode_snapshot, parse_log,
    snapshot_of,
};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

fn scheduler() -> &'static Scheduler {
    static SCHEDULER: OnceLock<Scheduler> = OnceLock::new();
    SCHEDULER.get_or_init(|| {
        let utc = chrono::FixedOffset::east_opt(0).expect("zero offset is valid");
        Scheduler::new(None, 0.9, DayClock::with_offset(utc)).expect("default parameters")
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = decode_snapshot(data);
    let Ok(read) = parse_log(Path::new("log.jsonl"), data) else {
        return;
    };
    assert!(read.end_offset <= data.len() as u64);
    let count = read.entries.len() as u64;
    let entries: Vec<Entry> = read.entries.into_iter().map(Entry::from).collect();
    let history = History::new(entries.clone());
    assert!(history.len() <= history.all().count());
    let progress = Progress::replay(&entries, scheduler());
    let standing: BTreeSet<&str> = history.effective().map(|r| r.card.as_str()).collect();
    let stated: BTreeSet<&str> = progress.cards.keys().map(String::as_str).collect();
    assert_eq!(standing, stated);
    // The checksum is the store's business; any value round-trips.
    let snapshot = snapshot_of(&progress, scheduler(), read.end_offset, count, 0);
    let decoded = decode_snapshot(&encode_snapshot(&snapshot)).expect("its own encoding decodes");
    assert_eq!(decoded, snapshot);
    assert_eq!(Progress::from(decoded), progress);
});
