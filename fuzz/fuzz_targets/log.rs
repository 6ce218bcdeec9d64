//! Review-log bytes → the log reader → a replay of the states: a damaged or
//! hostile log must give an error or states, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::cmd::profile::{events, to_snapshot};
use rolecall::progress::Progress;
use rolecall::schedule::{DayClock, Scheduler};
use rolecall::store::parse_log;
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
    let Ok(read) = parse_log(Path::new("log.jsonl"), data) else {
        return;
    };
    assert!(read.end_offset <= data.len() as u64);
    let progress = Progress::replay(&events(&read.entries), scheduler());
    let snapshot = to_snapshot(&progress, read.end_offset, read.entries.len() as u64);
    let _ = rolecall::cmd::profile::from_snapshot(&snapshot);
});
