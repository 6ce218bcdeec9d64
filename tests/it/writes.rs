//! Files written for the user (`export -o`, `import -o`, `mock --report`,
//! `report --out`) all go through the store's one writer: a new file only,
//! unless `--force`; never through a symbolic link, never over a FIFO or a
//! device; no temp file left behind.

use crate::{Env, fixture};
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

/// The four commands that write a file, each given `target` and `--force`.
fn writers(env: &Env, target: &Path) -> Vec<(&'static str, assert_cmd::Command)> {
    let mut export = env.cmd();
    export
        .args(["export", "--format", "csv", "--force", "-o"])
        .arg(target);
    let mut import = env.cmd();
    import
        .arg("import")
        .arg(fixture("import/markdown-day.md"))
        .args(["--force", "-o"])
        .arg(target);
    let mut mock = env.cmd();
    mock.args(["mock", "--candidate", "ann", "--questions", "1", "--force"])
        .arg("--report")
        .arg(target)
        .write_stdin("an answer\n2 2 2 2\n\n");
    let mut report = env.cmd();
    report
        .args(["report", "--candidate", "ann", "--force", "--out"])
        .arg(target);
    vec![
        ("export", export),
        ("import", import),
        ("mock", mock),
        ("report", report),
    ]
}

/// A profile `ann` with one review, so that `report` has a candidate.
fn candidate(env: &Env) {
    env.cmd()
        .args(["--profile", "ann", "answer", "--card"])
        .arg("cyber-pm-day/note/old-vs-new-data")
        .args(["--grade", "good"])
        .assert()
        .success();
}

#[test]
fn force_never_writes_through_a_link() {
    let env = Env::new();
    candidate(&env);
    let home = env.home.path();
    let victim = home.join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let link = home.join("out.md");
    symlink(&victim, &link).unwrap();
    for (name, mut cmd) in writers(&env, &link) {
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("out.md: it is a symbolic link, not a regular file"),
            "{name}: {stderr}"
        );
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious", "{name}");
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink(), "{name}");
    }
    // Nothing was asked or recorded by the refused mock.
    let history = crate::stdout_of(env.cmd().args(["--profile", "ann", "history"]));
    assert!(history.contains("1 review\n"), "{history}");
}

// Regression: with --force, `mock --report` and `report --out` wrote to a
// fixed temp name (`.NAME.tmp`) with a plain create, so a link planted there
// sent the report into any file the user could write, and a failed write
// left the temp file behind.
#[test]
fn a_link_planted_at_a_temp_name_is_never_written_through() {
    let env = Env::new();
    candidate(&env);
    let home = env.home.path();
    let victim = home.join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    let target = home.join("ann.md");
    let planted = [".ann.md.tmp", ".ann.md.1.tmp"];
    for temp in planted {
        symlink(&victim, home.join(temp)).unwrap();
    }
    for (name, mut cmd) in writers(&env, &target) {
        fs::write(&target, "old report").unwrap();
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_ne!(fs::read_to_string(&target).unwrap(), "old report", "{name}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious", "{name}");
    }
    let left: Vec<String> = fs::read_dir(home)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ann.md.") && !planted.contains(&n.as_str()))
        .collect();
    assert!(left.is_empty(), "temp files left: {left:?}");
}

#[test]
fn force_refuses_fifos_and_devices_with_a_clear_message() {
    let env = Env::new();
    candidate(&env);
    let fifo = env.home.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for (target, kind) in [(fifo.as_path(), "FIFO"), (Path::new("/dev/null"), "device")] {
        for (name, mut cmd) in writers(&env, target) {
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
            assert_eq!(
                stderr,
                format!(
                    "error: refusing to replace {}: it is a {kind}, not a regular file; name another file\n",
                    target.display()
                ),
                "{name}"
            );
        }
    }
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
}
