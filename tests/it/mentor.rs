//! Mentor mode across commands: a mock's report and `report` agree on every
//! figure they share, and with `stats` and `history`; a typo cannot create
//! a candidate; read-only commands refuse a profile that does not exist; the
//! draw avoids the last mock's questions and says why it chose each; HTML
//! reports carry no markup, link or script from deck text or answers.

use crate::mock::{SCRIPT, mini};
use crate::{Env, fixture, stdout_of};
use serde_json::Value;

/// The cells of every row of the Markdown table whose header starts with
/// `| first `, header and rule excluded.
fn table_rows(text: &str, first: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| {
        !l.starts_with('|')
            || l.trim_start_matches('|').trim_start().split(' ').next() != Some(first)
    });
    assert!(
        lines.next().is_some(),
        "no table starting with {first:?} in\n{text}"
    );
    lines
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The text after `prefix` on the first line that starts with it.
fn after<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in\n{text}"))
}

fn json(cmd: &mut assert_cmd::Command) -> Value {
    serde_json::from_str(&stdout_of(cmd)).unwrap()
}

/// An environment where candidate `alice` has had one mock.
fn with_alice() -> Env {
    let env = Env::new();
    stdout_of(
        mini(&env)
            .args(["mock", "--candidate", "alice", "--new-candidate"])
            .args(["--questions", "1", "--report", "a.md"])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    env
}

/// The stderr of a run refused as bad input (exit 2) that printed nothing.
fn refused(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().code(2).get_output().clone();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_three_question_mock_and_report_agree_on_every_figure() {
    let env = Env::new();
    stdout_of(
        mini(&env)
            .args(["mock", "--candidate", "alice", "--new-candidate"])
            .args(["--questions", "3", "--seed", "7", "--report", "mock.md"])
            .write_stdin(SCRIPT),
    );
    let mock = std::fs::read_to_string(env.home.path().join("mock.md")).unwrap();
    let later = "2026-03-02T10:00:00Z";
    let report =
        stdout_of(
            mini(&env)
                .env("ROLECALL_NOW", later)
                .args(["report", "--candidate", "alice"]),
        );

    // The mock's own figures...
    let questions = after(&mock, "- Questions answered: ");
    let recalled = after(&mock, "- **Recalled: ").split("**").next().unwrap();
    let score = after(&mock, "- **Key-point score: ")
        .split("**")
        .next()
        .unwrap();
    let lenses: Vec<String> = table_rows(&mock, "Lens")
        .into_iter()
        .map(|row| row[1].clone())
        .collect();
    assert_eq!(lenses.len(), 4, "{mock}");
    // ...are the mock's row in `report`, cell for cell.
    let rows = table_rows(&report, "Mock");
    assert_eq!(rows.len(), 1, "{report}");
    let row = &rows[0];
    assert_eq!(row[1], "2026-03-02 09:00", "{report}");
    assert_eq!(row[2], questions, "{report}");
    assert_eq!(row[3], recalled, "{report}");
    assert_eq!(row[4], score, "{report}");
    assert_eq!(row[5..9], lenses[..], "{report}");

    // And they are the log's: the rubric lines' means, the grades and the
    // scores `history` shows.
    assert_eq!(lenses, ["1.0", "1.7", "0.3", "1.0"]);
    let history = json(mini(&env).args(["--profile", "alice", "history", "--json"]));
    let reviews = history.as_array().unwrap();
    assert_eq!(questions, reviews.len().to_string());
    let passed = reviews.iter().filter(|r| r["grade"] != "again").count();
    assert_eq!(recalled, format!("{passed} of {}", reviews.len()));
    let mean = reviews
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .sum::<f64>()
        / reviews.len() as f64;
    assert_eq!(score, format!("{:.0}%", mean * 100.0));
    // "Recalled" means what it means in stats: true retention's pass.
    assert!(mock.contains("graded Hard or better, the pass that stats counts"));
    assert!(report.contains("graded Hard or better, the pass that stats counts"));

    // The weakest tasks are stats' own, none at full recall, and the tasks
    // failed in the mock lead them at 0%.
    let stats =
        json(
            mini(&env)
                .env("ROLECALL_NOW", later)
                .args(["--profile", "alice", "stats", "--json"]),
        );
    let weak: Vec<(String, String)> = stats["weakest_tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["title"].as_str().unwrap().to_string(),
                format!("{:.0}%", t["recall"].as_f64().unwrap() * 100.0),
            )
        })
        .collect();
    let shown: Vec<(String, String)> = table_rows(&report, "Task")
        .into_iter()
        .map(|row| (row[0].clone(), row[2].clone()))
        .collect();
    assert_eq!(shown, weak, "{report}");
    assert!(shown.iter().all(|(_, recall)| recall != "100%"), "{report}");
    for failed in ["Morning brief", "Problem framing"] {
        assert!(
            shown.contains(&(failed.to_string(), "0%".to_string())),
            "{failed} missing from {shown:?}"
        );
    }
    // Both reports send the candidate to the same task-level drills.
    for command in [
        "rolecall study --profile alice --deck mini --role pm --task brief",
        "rolecall study --profile alice --deck mini --role pm --task framing",
    ] {
        assert!(mock.contains(command), "{mock}");
        assert!(report.contains(command), "{report}");
    }
}

#[test]
fn a_second_mock_shows_progress_and_tasks_that_moved() {
    let env = Env::new();
    // Both mocks ask the same questions (`--repeat-last`, same seed), the
    // first badly, the second well.
    let bad = "x\n0 0 0 0 again\n\n".repeat(2);
    let good = "x\n3 2 3 2 good\n\n".repeat(2);
    for (now, script, extra) in [
        ("2026-03-02T09:00:00Z", bad, "--new-candidate"),
        ("2026-03-05T09:00:00Z", good, "--repeat-last"),
    ] {
        stdout_of(
            mini(&env)
                .env("ROLECALL_NOW", now)
                .args(["mock", "--candidate", "kim", extra, "--role", "appsec"])
                .args(["--questions", "2", "--seed", "3", "--report"])
                .arg(format!("mock-{}.md", &now[..10]))
                .write_stdin(script),
        );
    }
    let report = stdout_of(
        mini(&env)
            .env("ROLECALL_NOW", "2026-03-05T10:00:00Z")
            .args(["report", "--candidate", "kim"]),
    );
    let rows = table_rows(&report, "Mock");
    assert_eq!(rows.len(), 2, "{report}");
    assert_eq!(rows[0][5..9], ["0.0", "0.0", "0.0", "0.0"], "{report}");
    assert_eq!(rows[1][5..9], ["3.0", "2.0", "3.0", "2.0"], "{report}");
    for needle in [
        "Lens averages per mock, 0–3, oldest first",
        "Decisions  ▁█  0.0 → 3.0",
        "### Since the previous mock",
        "Mock 2 (2026-03-05 09:00) compared with mock 1 (2026-03-02 09:00):",
        "- First review 2026-03-02 · last review 2026-03-05 09:00",
        "- **Recalled:** 0 of 2 → 2 of 2",
        "- **Decisions:** 0.0 → 3.0 (+3.0)",
        "- **Evidence:** 0.0 → 2.0 (+2.0)",
        "- Improved: **Triage findings** (AppSec Engineer): again → good",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in\n{report}");
    }
    // The second mock's report says why it asked what it asked.
    let second = std::fs::read_to_string(env.home.path().join("mock-2026-03-05.md")).unwrap();
    assert!(
        second.contains("**Why this question:** weak: failed at its last review"),
        "{second}"
    );
}

#[test]
fn the_draw_leaves_out_the_last_mocks_questions_unless_asked() {
    let env = Env::new();
    let cards = json(mini(&env).args(["cards", "--json"]));
    let pool = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["role"] == "pm" && c["mode"] == "typed")
        .count();
    // Two cards never seen are left for the third mock.
    assert!(pool >= 6, "{pool}");
    let asked = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with('['))
            .map(|l| l.split(' ').nth(1).unwrap().to_string())
            .collect()
    };
    let mock = |extra: &[&str], report: &str| {
        stdout_of(
            mini(&env)
                .args(["mock", "--candidate", "lee", "--role", "pm", "--seed", "5"])
                .args(["--questions", "2", "--report", report])
                .args(extra)
                .write_stdin("x\n0 0 0 0 again\n\n".repeat(2)),
        )
    };
    let first = asked(&mock(&["--new-candidate"], "1.md"));
    assert_eq!(first.len(), 2);
    let second = asked(&mock(&[], "2.md"));
    assert_eq!(second.len(), 2);
    assert!(
        second.iter().all(|c| !first.contains(c)),
        "{first:?} then {second:?}"
    );
    let report = std::fs::read_to_string(env.home.path().join("2.md")).unwrap();
    assert!(
        report.contains("the 2 questions of the last mock left out"),
        "{report}"
    );
    // With --repeat-last the last mock's failed cards compete again, and
    // a card failed at its last review comes before one never seen: the
    // third mock asks again what the first two failed.
    let third = asked(&mock(&["--repeat-last"], "3.md"));
    assert_eq!(third.len(), 2);
    assert!(
        third
            .iter()
            .all(|c| first.contains(c) || second.contains(c)),
        "{first:?}, {second:?}, then {third:?}"
    );
    let report = std::fs::read_to_string(env.home.path().join("3.md")).unwrap();
    assert!(!report.contains("of the last mock left out"), "{report}");
    assert_eq!(
        report
            .matches("**Why this question:** weak: failed at its last review")
            .count(),
        2,
        "{report}"
    );
}

#[test]
fn a_typo_never_creates_a_candidate() {
    let env = with_alice();
    let err = refused(
        mini(&env)
            .args(["mock", "--candidate", "alcie", "--questions", "1"])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    assert_eq!(
        err,
        "error: no candidate \"alcie\"; did you mean \"alice\"? pass --new-candidate to create \"alcie\"\n"
    );
    assert!(!env.data_dir().join("profiles/alcie").exists());
    // A name far from every profile is refused the same way, without a guess.
    let err = refused(
        mini(&env)
            .args(["mock", "--candidate", "zed", "--questions", "1"])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    assert_eq!(
        err,
        "error: no candidate \"zed\"; pass --new-candidate to create \"zed\"\n"
    );
    // --new-candidate on an existing profile is a mistake too.
    let err = refused(
        mini(&env)
            .args(["mock", "--candidate", "alice", "--new-candidate"])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    assert!(err.contains("candidate \"alice\" already exists"), "{err}");
    // --candidate and --profile naming two profiles: refused, not ignored.
    for args in [
        ["--profile", "bob", "report", "--candidate", "alice"],
        ["--profile", "bob", "mock", "--candidate", "alice"],
    ] {
        let err = refused(mini(&env).args(args));
        assert!(
            err.contains("--candidate alice and --profile bob"),
            "{args:?}: {err}"
        );
    }
    let err =
        refused(
            mini(&env)
                .env("ROLECALL_PROFILE", "bob")
                .args(["report", "--candidate", "alice"]),
        );
    assert!(err.contains("ROLECALL_PROFILE"), "{err}");
    // One profile named twice, or only by --profile, is fine.
    for args in [
        vec!["--profile", "alice", "report", "--candidate", "alice"],
        vec!["--profile", "alice", "report"],
    ] {
        let out = stdout_of(mini(&env).args(&args));
        assert!(out.starts_with("# Progress report: alice"), "{out}");
    }
    let profiles = json(mini(&env).args(["profiles", "--json"]));
    assert_eq!(profiles.as_array().unwrap().len(), 1, "{profiles}");
}

#[test]
fn read_only_commands_refuse_a_profile_that_does_not_exist() {
    let env = Env::new();
    // A fresh install: the default profile works everywhere, unnamed or named.
    for args in [
        vec!["stats"],
        vec!["stats", "--json"],
        vec!["history"],
        vec!["decks"],
        vec!["cards", "--json"],
        vec!["next"],
        vec!["readiness"],
        vec!["--profile", "default", "stats"],
        vec!["--profile", "default", "history", "--json"],
    ] {
        mini(&env).args(&args).assert().success();
    }
    assert!(!env.data_dir().join("profiles/default").exists());
    stdout_of(
        mini(&env)
            .args(["mock", "--candidate", "alice", "--new-candidate"])
            .args(["--questions", "1", "--report", "a.md"])
            .write_stdin("an answer\n2 2 2 2\n\n"),
    );
    for args in [
        vec!["--profile", "alcie", "stats"],
        vec!["--profile", "alcie", "history"],
        vec!["--profile", "alcie", "decks"],
        vec!["--profile", "alcie", "cards", "--json"],
        vec!["--profile", "alcie", "next", "--json"],
        vec!["--profile", "alcie", "readiness"],
        vec!["report", "--candidate", "alcie"],
    ] {
        let err = refused(mini(&env).args(&args));
        assert_eq!(
            err,
            "error: no profile named \"alcie\"; did you mean \"alice\"? (`rolecall profiles` lists them)\n",
            "{args:?}"
        );
    }
    let err = refused(mini(&env).env("ROLECALL_PROFILE", "nobody").arg("stats"));
    assert_eq!(
        err,
        "error: no profile named \"nobody\"; `rolecall profiles` lists them\n"
    );
    assert!(!env.data_dir().join("profiles/alcie").exists());
    assert!(!env.data_dir().join("profiles/nobody").exists());
}

/// Every tag of an HTML report is one the renderer writes, and none links,
/// loads or runs anything. Attribute values are always double-quoted and
/// escaped text holds no `"`, so splitting on quotes is exact.
pub fn assert_safe_html(page: &str) {
    const ALLOWED: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "li",
        "strong",
        "code",
        "span",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "svg",
        "line",
        "text",
        "rect",
        "polyline",
        "circle",
        "wbr",
    ];
    for tag in page.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("every tag closes")];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap();
        assert!(ALLOWED.contains(&name.to_lowercase().as_str()), "<{tag}>");
        let mut rest = &tag[tag.find(' ').unwrap_or(tag.len())..];
        while let Some(eq) = rest.find("=\"") {
            let attribute = rest[..eq].trim().to_lowercase();
            assert!(
                !attribute.starts_with("on")
                    && !attribute.ends_with("href")
                    && !["src", "action", "srcset"].contains(&attribute.as_str()),
                "<{tag}>"
            );
            let value = &rest[eq + 2..];
            rest = &value[value.find('"').expect("a closing quote") + 1..];
        }
    }
}

/// A markup deck's mock and report as HTML: everything shows, as text.
pub fn markup_reports(env: &Env) -> (String, String) {
    let mut cmd = env.cmd();
    cmd.arg("--decks").arg(fixture("hostile/markup"));
    stdout_of(
        cmd.args(["mock", "--candidate", "mal", "--new-candidate"])
            .args(["--questions", "3", "--seed", "1", "--report", "mock.html"])
            .write_stdin(
                "<script>alert(1)</script> see https://evil.example/answer\n\
                 1 2 1 0\n\
                 note <a href=https://evil.example/note>here</a> <b>bold</b>\n"
                    .repeat(3),
            ),
    );
    let mut cmd = env.cmd();
    cmd.arg("--decks").arg(fixture("hostile/markup"));
    stdout_of(cmd.env("ROLECALL_NOW", "2026-03-02T10:00:00Z").args([
        "report",
        "--candidate",
        "mal",
        "--out",
        "report.html",
    ]));
    let read = |name: &str| std::fs::read_to_string(env.home.path().join(name)).unwrap();
    (read("mock.html"), read("report.html"))
}

#[test]
fn html_reports_show_deck_text_and_answers_as_text_only() {
    let env = Env::new();
    let (mock, report) = markup_reports(&env);
    for page in [&mock, &report] {
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(page.contains("default-src 'none'"), "{page}");
        assert_safe_html(page);
        assert!(page.contains("<svg"), "a chart is drawn: {page}");
    }
    for needle in [
        "Injector &lt;script&gt;alert(&#39;role&#39;)&lt;/script&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt; see https:<wbr>//evil.example/answer",
        "note &lt;a href=https:<wbr>//evil.example/note&gt;here&lt;/a&gt;",
        "&lt;iframe src=&quot;https:<wbr>//evil.example/frame&quot;&gt;&lt;/iframe&gt;",
        "[fix here](javascript:alert(&#39;x&#39;))",
        "check &lt;u&gt;reachability&lt;/u&gt; first",
    ] {
        assert!(mock.contains(needle), "missing {needle:?} in\n{mock}");
    }
    // The Markdown of the same mock escapes the same text.
    let mut cmd = env.cmd();
    cmd.arg("--decks").arg(fixture("hostile/markup"));
    let md = stdout_of(cmd.env("ROLECALL_NOW", "2026-03-02T10:00:00Z").args([
        "report",
        "--candidate",
        "mal",
        "--format",
        "md",
    ]));
    assert!(md.starts_with("# Progress report: mal"), "{md}");
    assert!(
        md.contains("Injector \\<script\\>alert('role')\\</script\\>"),
        "{md}"
    );
    // Every `<` is escaped: no HTML reaches a Markdown renderer.
    for (i, _) in md.match_indices('<') {
        assert_eq!(&md[i - 1..i], "\\", "{md}");
    }
}

/// On a terminal, a new candidate's name is asked about, with the close
/// existing names; answering no creates nothing.
#[test]
fn a_new_candidate_on_a_terminal_is_asked_about() {
    use expectrl::{Eof, Expect, Session};
    use std::time::Duration;

    let env = with_alice();
    let mut cmd = env.process("2026-03-02T09:00:00Z");
    cmd.env("TERM", "xterm-256color")
        .arg("--decks")
        .arg(fixture("decks/mini"))
        .args(["mock", "--candidate", "alcie", "--questions", "1"]);
    let mut p = Session::spawn(cmd).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    p.expect("\"alcie\" is not a candidate yet; did you mean \"alice\"?")
        .unwrap();
    p.expect("Create the profile \"alcie\"?").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send("n").unwrap();
    p.expect("Nothing created.").unwrap();
    p.expect(Eof).unwrap();
    assert!(!env.data_dir().join("profiles/alcie").exists());
}
