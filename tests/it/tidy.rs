//! Tidy checks on the source tree: every module says what it owns, and no
//! debugging leftovers or trailing whitespace slip in.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn sources_are_tidy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    assert!(files.len() > 20);
    let mut problems = Vec::new();
    // Built from parts so this file does not trip its own check.
    let forbidden = [
        concat!("dbg", "!("),
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
    ];
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(root).unwrap().display().to_string();
        let is_src = name.starts_with("src");
        let is_test_module = name.ends_with("tests.rs") || name.contains("/tests/");
        if is_src && !is_test_module && !text.starts_with("//!") {
            problems.push(format!("{name}: does not start with a `//!` module doc"));
        }
        for (n, line) in text.lines().enumerate() {
            if line.ends_with(' ') || line.ends_with('\t') {
                problems.push(format!("{name}:{}: trailing whitespace", n + 1));
            }
            for f in forbidden {
                if line.contains(f) {
                    problems.push(format!("{name}:{}: `{f}` left in", n + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
