//! The shell: completions that know ids, driven through real shells (bash
//! always; zsh and fish where installed), the man pages under groff, and
//! the flags every command shares.
//!
//! A shell or groff that is missing makes its test print SKIPPED where the
//! test output shows it; with `ROLECALL_REQUIRE_TOOLS` set (CI, which
//! installs them) it fails instead.

use crate::{Env, stdout_of};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `tool` on the `PATH`, or `None` after saying SKIPPED.
fn tool(name: &str, test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("ROLECALL_REQUIRE_TOOLS").is_none(),
            "ROLECALL_REQUIRE_TOOLS is set but {name} is not installed (see the ERROR .ci/run printed)"
        );
        crate::say_skipped(test, &format!("{name} is not installed"));
    }
    found
}

fn rolecall() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rolecall")
}

/// A shell running `script` in the test's sealed environment, with the
/// binary's folder on the `PATH`.
fn shell(env: &Env, shell: &Path, args: &[&str], script: &str) -> String {
    let bin_dir = rolecall().parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new(shell)
        .args(args)
        .arg(script)
        .current_dir(env.home.path())
        .env_clear()
        .env("PATH", path)
        .env("HOME", env.home.path())
        .env("XDG_CONFIG_HOME", env.home.path().join("config"))
        .env("XDG_DATA_HOME", env.home.path().join("xdg-data"))
        .env("ROLECALL_HOME", env.data_dir())
        .env("TZ", "UTC")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{script}\n{stderr}");
    assert!(stderr.trim().is_empty(), "{script}\n{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// What bash offers for the last word of `line` (Tab after it), through
/// the registration `rolecall completions bash` prints.
fn bash_complete(env: &Env, bash: &Path, line: &str) -> Vec<String> {
    let script = format!(
        r#"source <(rolecall completions bash)
COMP_LINE='{line}'
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_POINT=${{#COMP_LINE}}
COMP_TYPE=9
_clap_complete_rolecall rolecall "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    shell(env, bash, &["-c"], &script)
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Every file under `dir` with its size and modification time.
fn tree(dir: &Path) -> BTreeMap<PathBuf, (u64, std::time::SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            }
            files.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
        }
    }
    files
}

#[test]
fn bash_completes_commands_flags_and_real_ids() {
    let Some(bash) = tool("bash", "bash_completes_commands_flags_and_real_ids") else {
        return;
    };
    let env = Env::new();
    // A profile to find: answering one card creates it.
    let card = "cyber-pm-day/cyber-pm/timeline";
    for profile in ["alice", "bob"] {
        env.cmd()
            .args([
                "--profile",
                profile,
                "answer",
                "--card",
                card,
                "--grade",
                "good",
            ])
            .assert()
            .success();
    }
    let registered = shell(
        &env,
        &bash,
        &["-c"],
        "source <(rolecall completions bash); complete -p rolecall",
    );
    assert!(
        registered.contains("-F _clap_complete_rolecall rolecall"),
        "{registered}"
    );
    let before = tree(env.home.path());

    let complete = |line: &str| bash_complete(&env, &bash, line);
    assert_eq!(complete("rolecall st"), ["study", "stats"]);
    assert_eq!(
        complete("rolecall study --deck "),
        ["cyber-pm-day", "product-security-roles"]
    );
    assert_eq!(complete("rolecall cards --deck cy"), ["cyber-pm-day"]);
    assert_eq!(
        complete("rolecall study --deck cyber-pm-day --role "),
        ["cyber-pm"],
        "roles of the deck typed"
    );
    let roles = complete("rolecall mock --candidate x --role ");
    assert!(
        roles.len() >= 5 && roles.contains(&"appsec-engineer".into()),
        "{roles:?}"
    );
    let tasks = complete("rolecall study --role appsec-engineer --task ");
    assert!(tasks.contains(&"triage-findings".into()), "{tasks:?}");
    assert!(!tasks.contains(&"intelligence-brief".into()), "{tasks:?}");
    let kinds = complete("rolecall study --kind ");
    assert_eq!(kinds.len(), 8, "{kinds:?}");
    assert!(kinds.contains(&"which-role".into()));
    let cards = complete("rolecall answer --card cyber-pm-day/cyber-pm/t");
    assert!(cards.contains(&card.to_string()), "{cards:?}");
    assert!(
        cards
            .iter()
            .all(|c| c.starts_with("cyber-pm-day/cyber-pm/t"))
    );
    assert_eq!(complete("rolecall --profile "), ["alice", "bob"]);
    assert_eq!(complete("rolecall report --candidate a"), ["alice"]);
    // A positional value: the profiles first, then the flags.
    let remove = complete("rolecall profiles remove ");
    assert_eq!(remove[..2], ["alice", "bob"], "{remove:?}");
    assert!(
        remove[2..].iter().all(|c| c.starts_with("--")),
        "{remove:?}"
    );
    assert_eq!(
        complete("rolecall export --format "),
        ["anki", "apkg", "csv"]
    );
    // `cards`, `read` and `export` filter by role and task too.
    assert_eq!(
        complete("rolecall cards --deck cyber-pm-day --role "),
        ["cyber-pm"]
    );
    let read = complete("rolecall read --role appsec-engineer --task tri");
    assert_eq!(read, ["triage-findings"], "{read:?}");
    assert_eq!(complete("rolecall read --deck cy"), ["cyber-pm-day"]);
    assert_eq!(
        complete("rolecall export --format csv --role appsec-engineer --task tri"),
        ["triage-findings"]
    );
    // `config`: its keys, then each key's values; a list goes on after
    // its comma without offering what is already there.
    let keys = complete("rolecall config set ");
    assert!(
        keys.contains(&"roles".into()) && keys.contains(&"time-zone".into()),
        "{keys:?}"
    );
    assert_eq!(complete("rolecall config get new"), ["new-per-day"]);
    let roles = complete("rolecall config set roles appsec-engineer,");
    assert!(
        roles.len() >= 4
            && roles.iter().all(
                |r| r.starts_with("appsec-engineer,") && r != "appsec-engineer,appsec-engineer"
            ),
        "{roles:?}"
    );
    assert_eq!(
        complete("rolecall config set kinds which-r"),
        ["which-role"]
    );
    assert!(complete("rolecall config set time-zone Europe/Be").contains(&"Europe/Berlin".into()));
    // The decks the line names are the ones completed.
    let mine = crate::fixture("decks/pty");
    let line = format!("rolecall --decks {} study --deck ", mine.display());
    assert_eq!(complete(&line), ["pty"]);

    // Completing read the decks and listed the profiles: nothing was
    // written, no lock taken, no file touched.
    assert_eq!(tree(env.home.path()), before);
    let empty = Env::new();
    assert_eq!(
        bash_complete(&empty, &bash, "rolecall --profile "),
        Vec::<String>::new()
    );
    assert!(
        !empty.data_dir().exists(),
        "completion created the data dir"
    );
}

/// The protocol the registration scripts use, without a shell.
#[test]
fn the_completion_protocol_answers_with_candidates() {
    let env = Env::new();
    let out = stdout_of(env.cmd().env("COMPLETE", "fish").args([
        "--",
        "rolecall",
        "readiness",
        "--deck",
        "",
    ]));
    let expected = format!(
        "cyber-pm-day\t{}\nproduct-security-roles\t{}\n",
        deck_title(&env, "cyber-pm-day"),
        deck_title(&env, "product-security-roles")
    );
    assert_eq!(out, expected);
    // Empty or 0 turns the protocol off: an ordinary run.
    env.cmd()
        .env("COMPLETE", "")
        .arg("decks")
        .assert()
        .success();
}

fn deck_title(env: &Env, id: &str) -> String {
    let decks: serde_json::Value =
        serde_json::from_str(&stdout_of(env.cmd().args(["decks", "--json"]))).unwrap();
    decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn zsh_loads_the_completion_and_offers_ids() {
    let Some(zsh) = tool("zsh", "zsh_loads_the_completion_and_offers_ids") else {
        return;
    };
    let env = Env::new();
    let out = shell(
        &env,
        &zsh,
        &["-f", "-c"],
        "autoload -Uz compinit && compinit -u -D; source <(rolecall completions zsh); print -r -- ${_comps[rolecall]}",
    );
    assert!(out.trim().starts_with("_clap_dynamic_completer"), "{out:?}");
    let out = stdout_of(
        env.cmd()
            .env("COMPLETE", "zsh")
            .env("_CLAP_COMPLETE_INDEX", "3")
            .args(["--", "rolecall", "stats", "--deck", "pro"]),
    );
    assert!(out.contains("product-security-roles"), "{out:?}");
}

#[test]
fn fish_loads_the_completion_and_offers_ids() {
    let Some(fish) = tool("fish", "fish_loads_the_completion_and_offers_ids") else {
        return;
    };
    let env = Env::new();
    let out = shell(
        &env,
        &fish,
        &["--no-config", "-c"],
        "rolecall completions fish | source; complete -C 'rolecall study --role dev'",
    );
    assert_eq!(out, "devsecops-engineer\tDevSecOps Engineer\n");
    let out = shell(
        &env,
        &fish,
        &["--no-config", "-c"],
        "rolecall completions fish | source; complete -C 'rolecall study --kind which-'",
    );
    assert_eq!(out, "which-role\nwhich-task\n");
}

/// `rolecall completions bash | head -0` and the like: a reader that went
/// away is not an error, and nothing panics.
#[test]
fn output_into_a_closed_pipe_is_no_panic() {
    let env = Env::new();
    for args in [
        &["completions", "bash"][..],
        &["man"],
        &["export", "--format", "csv"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(rolecall())
            .args(args)
            .current_dir(env.home.path())
            .env_clear()
            .env("HOME", env.home.path())
            .env("ROLECALL_HOME", env.data_dir())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// `groff -man -ww -z` says nothing about the page or any per-command page,
/// on the default device and on a UTF-8 terminal's.
#[test]
fn the_man_pages_are_clean_roff() {
    let Some(groff) = tool("groff", "the_man_pages_are_clean_roff") else {
        return;
    };
    let env = Env::new();
    let dir = env.home.path().join("man1");
    env.cmd()
        .args(["man", "--dir"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("wrote 21 pages"));
    // Every command has its page; `config`'s lists its actions.
    for command in ["study", "read", "config", "export", "completions"] {
        assert!(
            dir.join(format!("rolecall-{command}.1")).is_file(),
            "{command}"
        );
    }
    let config = std::fs::read_to_string(dir.join("rolecall-config.1")).unwrap();
    assert!(
        config.contains(".SH COMMANDS") && config.contains("config set"),
        "{config}"
    );
    let single = env.home.path().join("rolecall-single.1");
    let whole = stdout_of(env.cmd().arg("man"));
    // The one page lists the actions of commands that have some.
    for action in [
        "rolecall config set KEY VALUE",
        "rolecall profiles remove NAME",
    ] {
        assert!(whole.contains(action), "{action}");
    }
    std::fs::write(&single, whole).unwrap();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    pages.push(single);
    for page in &pages {
        for device in [None, Some("-Tutf8")] {
            let out = Command::new(&groff)
                .args(["-man", "-ww", "-z"])
                .args(device)
                .arg(page)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && said.is_empty(),
                "{}: {said}",
                page.display()
            );
        }
    }
    // The main page names only pages that exist.
    let main = std::fs::read_to_string(dir.join("rolecall.1")).unwrap();
    for name in main.split("\\fBrolecall\\-").skip(1) {
        let command = name.split("\\fR(1)").next().unwrap().replace("\\-", "-");
        assert!(
            dir.join(format!("rolecall-{command}.1")).is_file(),
            "{command}"
        );
    }
    // Pages are replaced only with --force, and then all of them.
    let before = std::fs::read(dir.join("rolecall.1")).unwrap();
    env.cmd()
        .args(["man", "--dir"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exists; add --force"));
    assert_eq!(std::fs::read(dir.join("rolecall.1")).unwrap(), before);
    env.cmd()
        .args(["man", "--force", "--dir"])
        .arg(&dir)
        .assert()
        .success();
}

/// Every command that writes a file takes `-o FILE` (`-` is standard
/// output); the old spellings still work.
#[test]
fn every_written_file_is_dash_o() {
    let env = Env::new();
    env.cmd()
        .args([
            "--profile",
            "ann",
            "answer",
            "--card",
            "cyber-pm-day/cyber-pm/timeline",
        ])
        .args(["--grade", "good"])
        .assert()
        .success();
    let to_stdout = stdout_of(env.cmd().args(["report", "--candidate", "ann"]));
    assert!(to_stdout.starts_with('#'), "{to_stdout}");
    assert_eq!(
        stdout_of(env.cmd().args(["report", "--candidate", "ann", "-o", "-"])),
        to_stdout
    );
    env.cmd()
        .args(["report", "--candidate", "ann", "-o", "r.md"])
        .assert()
        .success();
    assert!(env.home.path().join("r.md").is_file());
    assert!(!env.home.path().join("-").exists());
    let csv = stdout_of(env.cmd().args(["export", "--format", "csv"]));
    assert_eq!(
        stdout_of(env.cmd().args(["export", "--format", "csv", "-o", "-"])),
        csv
    );
    // A package is binary: never onto a terminal, but into a pipe.
    let apkg = env
        .cmd()
        .args(["export", "--format", "apkg", "-o", "-"])
        .output()
        .unwrap();
    assert!(apkg.status.success());
    assert!(apkg.stdout.starts_with(b"PK"), "a zip file");
    env.cmd()
        .args(["mock", "--candidate", "ann", "-o", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("name one with -o FILE"));
    env.cmd()
        .args(["export", "--format", "csv", "--with-progress"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--with-progress needs --format apkg",
        ));
}

/// Help groups the shared options under their own heading, never shows an
/// environment variable as `[env: X=]`, and a usage line never presents an
/// option given through the environment as one the command requires.
#[test]
fn help_keeps_global_options_apart_and_env_out_of_the_usage() {
    let env = Env::new();
    let top = stdout_of(env.cmd().arg("--help"));
    let commands: Vec<String> = top
        .split("Commands:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 15, "{commands:?}");
    for command in &commands {
        let help = stdout_of(env.cmd().args([command.as_str(), "--help"]));
        assert!(help.contains("\nGlobal options:\n"), "{command}");
        let own = help.split("\nGlobal options:\n").next().unwrap();
        assert!(!own.contains("--data-dir"), "{command}: {own}");
        assert!(!help.contains("=]"), "{command}: {help}");
    }
    let usage = env
        .cmd()
        .env("ROLECALL_PROFILE", "ann")
        .arg("export")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let usage = String::from_utf8(usage).unwrap();
    assert!(
        usage.contains("Usage: rolecall export --format <FORMAT>\n"),
        "{usage}"
    );
    assert!(
        !usage.contains("--profile") && !usage.contains("--data-dir"),
        "{usage}"
    );
    // The variables still count, and a flag still wins.
    let json = stdout_of(env.cmd().env("ROLECALL_PROFILE", "zed").args([
        "answer",
        "--card",
        "cyber-pm-day/cyber-pm/timeline",
        "--grade",
        "good",
    ]));
    assert!(json.contains("saved"), "{json}");
    assert!(env.data_dir().join("profiles/zed").is_dir());
    env.cmd()
        .env("ROLECALL_NOW", "yesterday")
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "ROLECALL_NOW `yesterday` is not an RFC 3339 time",
        ));
    env.cmd()
        .env("ROLECALL_NOW", "yesterday")
        .args(["--now", "2026-03-02T09:00:00Z", "stats"])
        .assert()
        .success();
}
