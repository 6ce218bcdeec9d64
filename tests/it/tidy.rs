//! Tidy checks on the source tree: every module says what it owns, no
//! debugging leftovers or trailing whitespace slip in, and the invariants
//! ARCHITECTURE.md marks as enforced hold: only `ui` touches the terminal
//! crates, only `schedule` imports `fsrs`, the pure core does no file or
//! terminal I/O and reads no clock, and no function returns
//! `Result<_, String>`.

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

/// One source file, as the checks see it.
struct Source {
    /// Relative to the crate root, with `/` separators.
    name: String,
    text: String,
}

impl Source {
    /// Whether the whole file is a test module: `tests.rs`, a file under a
    /// `tests/` folder, or one its parent declares behind `#[cfg(test)]`.
    fn is_test_module(&self, root: &Path) -> bool {
        if self.name.ends_with("tests.rs") || self.name.contains("/tests/") {
            return true;
        }
        let path = root.join(&self.name);
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            return false;
        };
        let dir = path.parent().unwrap();
        let parents = [
            dir.join("mod.rs"),
            dir.with_extension("rs"),
            dir.join("lib.rs"),
        ];
        parents.iter().any(|parent| {
            std::fs::read_to_string(parent)
                .is_ok_and(|text| text.contains(&format!("#[cfg(test)]\nmod {stem};")))
        })
    }

    /// The lines of code that build into the binary: the file up to its
    /// inline `#[cfg(test)] mod …` (tests sit at the end by convention),
    /// with `//` comments removed.
    fn code_lines(&self) -> Vec<(usize, String)> {
        let mut lines = Vec::new();
        let mut previous = "";
        for (n, line) in self.text.lines().enumerate() {
            let trimmed = line.trim_start();
            if previous.trim() == "#[cfg(test)]" && trimmed.starts_with("mod ") {
                break;
            }
            previous = line;
            let code = match line.find("//") {
                Some(at) => &line[..at],
                None => line,
            };
            lines.push((n + 1, code.to_string()));
        }
        lines
    }

    fn module(&self) -> &str {
        self.name
            .strip_prefix("src/")
            .unwrap_or(&self.name)
            .split(['/', '.'])
            .next()
            .unwrap_or_default()
    }
}

fn sources(root: &Path, dirs: &[&str]) -> Vec<Source> {
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|file| Source {
            name: file
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            text: std::fs::read_to_string(&file).unwrap(),
        })
        .collect()
}

#[test]
fn sources_are_tidy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = sources(root, &["src", "tests"]);
    assert!(files.len() > 20);
    let mut problems = Vec::new();
    // Built from parts so this file does not trip its own check.
    let forbidden = [
        concat!("dbg", "!("),
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
    ];
    for file in &files {
        let name = &file.name;
        let is_src = name.starts_with("src");
        let is_test_module = name.ends_with("tests.rs") || name.contains("/tests/");
        if is_src && !is_test_module && !file.text.starts_with("//!") {
            problems.push(format!("{name}: does not start with a `//!` module doc"));
        }
        for (n, line) in file.text.lines().enumerate() {
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

/// The modules that must stay pure: no files, no terminal, no clock (time
/// is a parameter). `deck::load` reads deck files and is left out.
const PURE: [&str; 14] = [
    "deck",
    "export",
    "grade",
    "history",
    "import",
    "markup",
    "mock",
    "progress",
    "readiness",
    "schedule",
    "score",
    "session",
    "stats",
    "text",
];

/// What pure code must not touch, and why.
const IMPURE: [(&str, &str); 12] = [
    ("std::fs", "file I/O"),
    ("fs::", "file I/O"),
    ("File::", "file I/O"),
    ("OpenOptions", "file I/O"),
    ("stdin()", "terminal I/O"),
    ("stdout()", "terminal I/O"),
    ("stderr()", "terminal I/O"),
    ("println!", "terminal I/O"),
    ("print!(", "terminal I/O"),
    ("eprint", "terminal I/O"),
    ("std::env", "the environment"),
    ("::now()", "reading the clock"),
];

/// What `file` breaks of the architecture's invariants, one line each.
fn invariant_problems(file: &Source) -> Vec<String> {
    let terminal_crates = ["console", "dialoguer", "indicatif", "rustyline"];
    let name = &file.name;
    let module = file.module();
    let pure = PURE.contains(&module) && name != "src/deck/load.rs";
    let mut problems = Vec::new();
    for (n, line) in file.code_lines() {
        let at = format!("{name}:{n}");
        if module != "ui" {
            for krate in terminal_crates {
                if line.contains(&format!("{krate}::")) || line.contains(&format!("use {krate}")) {
                    problems.push(format!("{at}: only `ui` may use `{krate}`"));
                }
            }
        }
        if module != "schedule" && (line.contains("fsrs::") || line.contains("use fsrs")) {
            problems.push(format!("{at}: only `schedule` may import `fsrs`"));
        }
        if pure {
            for (pattern, what) in IMPURE {
                if line.contains(pattern) {
                    problems.push(format!("{at}: `{pattern}`: {what} in a pure module"));
                }
            }
        }
        let compact: String = line.split_whitespace().collect();
        if compact.contains("Result<") && compact.contains(",String>") {
            problems.push(format!(
                "{at}: `Result<_, String>`: return a typed error that keeps the facts"
            ));
        }
    }
    problems
}

#[test]
fn the_architecture_invariants_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = sources(root, &["src"]);
    let checked: Vec<&Source> = files.iter().filter(|f| !f.is_test_module(root)).collect();
    let pure = checked
        .iter()
        .filter(|f| PURE.contains(&f.module()))
        .count();
    assert!(pure > 30, "the pure modules were not found ({pure} files)");
    let problems: Vec<String> = checked.iter().flat_map(|f| invariant_problems(f)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checks above must be able to fail: each rule catches its example,
/// and test code and comments are left alone.
#[test]
fn the_invariant_checks_catch_violations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = Source {
        name: "src/session/bad.rs".into(),
        text: [
            "//! A bad module.",
            "use console::Term; // a comment naming fsrs:: is fine",
            "use rustyline::Editor;",
            "fn f() -> Result<(), String> { Ok(()) }",
            "fn g() { let _ = std::fs::read(\"x\"); let _ = chrono::Utc::now(); }",
            "use fsrs::FSRS;",
            "#[cfg(test)]",
            "mod tests {",
            "    fn t() { println!(\"tests may print\"); }",
            "}",
        ]
        .join("\n"),
    };
    assert!(!bad.is_test_module(root));
    assert_eq!(
        invariant_problems(&bad),
        [
            "src/session/bad.rs:2: only `ui` may use `console`",
            "src/session/bad.rs:3: only `ui` may use `rustyline`",
            "src/session/bad.rs:4: `Result<_, String>`: return a typed error that keeps the facts",
            "src/session/bad.rs:5: `std::fs`: file I/O in a pure module",
            "src/session/bad.rs:5: `fs::`: file I/O in a pure module",
            "src/session/bad.rs:5: `::now()`: reading the clock in a pure module",
            "src/session/bad.rs:6: only `schedule` may import `fsrs`",
        ]
    );
    // The same code is allowed at the edge, but for the rules that hold
    // everywhere.
    let edge = Source {
        name: "src/workspace/bad.rs".into(),
        ..bad
    };
    assert_eq!(invariant_problems(&edge).len(), 4);
    let test_module = Source {
        name: "src/score/calibration.rs".into(),
        text: String::new(),
    };
    assert!(
        test_module.is_test_module(root),
        "declared behind #[cfg(test)]"
    );
}
