//! Integration tests: drive the real `rolecall` binary with a sealed
//! environment (temporary data dir and HOME, no colour, a fixed clock).

mod agreement;
mod anki;
mod bad_input;
mod browse;
mod browser;
mod coverage;
mod crash;
mod decks;
mod export;
mod hostile;
mod import;
mod import_docs;
mod interview;
mod learner;
mod mentor;
mod mock;
mod optimize;
mod promises;
mod pty;
mod schedule;
mod scoring;
mod shell;
mod stats;
mod study;
mod tidy;
mod writes;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A sealed environment for one test: its own data dir and HOME, so no test
/// reads or writes the real user's files.
pub struct Env {
    pub home: TempDir,
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// A plain process for tests that talk to a running `rolecall`, with
    /// the same sealed environment and the clock fixed at `now`.
    pub fn process(&self, now: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rolecall"));
        cmd.current_dir(self.home.path())
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_DATA_HOME", self.home.path().join("xdg-data"))
            .env("ROLECALL_HOME", self.data_dir())
            .env("ROLECALL_NOW", now)
            .env("NO_COLOR", "1")
            .env("TZ", "UTC");
        cmd
    }

    /// `rolecall` with the environment sealed and the clock fixed.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("rolecall").expect("binary built");
        cmd.current_dir(self.home.path())
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_DATA_HOME", self.home.path().join("xdg-data"))
            .env("ROLECALL_HOME", self.data_dir())
            .env("ROLECALL_NOW", "2026-03-02T09:00:00Z")
            .env("NO_COLOR", "1")
            .env("TZ", "UTC");
        cmd
    }
}

/// Says that a test did not run, where the test output shows it: straight
/// to stderr, since the harness captures `eprintln!` of passing tests.
pub fn say_skipped(test: &str, why: &str) {
    let line = format!("\nSKIPPED: {test}: {why}; the test did not run\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

/// Path of a file under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Stdout of a successful scripted run fed `input` on stdin, as text.
pub fn scripted(env: &Env, args: &[&str], input: &str) -> String {
    stdout_of(env.cmd().args(args).write_stdin(input))
}

/// Stdout of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8 output")
}
