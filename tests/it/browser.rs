//! The HTML reports in a real browser: headless Chromium renders a mock's
//! report and the candidate's progress report. The screenshots are not
//! blank and show the charts' colours; the text the browser shows holds the
//! figures `report --format md` and the history hold; the rendered DOM has
//! no link, script, image or frame, although the deck and the answers are
//! full of them.
//!
//! Chromium comes from `.ci/run` (Debian's `chromium` package), which sets
//! `ROLECALL_REQUIRE_BROWSER=1` once it is installed: then a missing or
//! failing browser fails the test. Elsewhere, without a browser, the test
//! says SKIPPED in the test output rather than pass unseen.
//! `ROLECALL_CHROMIUM` names another binary.

use crate::mentor::{assert_safe_html, markup_reports};
use crate::{Env, fixture, stdout_of};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser to use, if there is one.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ROLECALL_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `args` and returns its stdout;
/// killed after two minutes. Its output goes to files, not pipes: a DOM
/// bigger than a pipe's buffer would block it until the timeout.
fn headless(browser: &Path, profile: &Path, page: &Path, args: &[&str]) -> String {
    std::fs::create_dir_all(profile).unwrap();
    let (stdout, stderr) = (profile.join("stdout"), profile.join("stderr"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_mins(2) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not finish within two minutes", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let read = |path: &Path| String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    assert!(
        status.success(),
        "{} failed: {}",
        browser.display(),
        read(&stderr)
    );
    read(&stdout)
}

/// The text a reader sees in a serialized DOM: tags dropped (`<wbr>` joins
/// without a space), entities decoded, whitespace collapsed.
fn visible_text(dom: &str) -> String {
    let mut text = String::new();
    let mut rest = dom;
    // Style sheets are not text.
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag_end = start + rest[start..].find('>').expect("tags close") + 1;
        let tag = &rest[start..tag_end];
        if tag.starts_with("<style") {
            rest = &rest[tag_end + rest[tag_end..].find("</style>").unwrap()..];
            continue;
        }
        if !tag.starts_with("<wbr") {
            text.push(' ');
        }
        rest = &rest[tag_end..];
    }
    text.push_str(rest);
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pixels of a screenshot: how many are not near-white, and how many are
/// close to `colour`.
fn pixels(png_path: &Path, colour: [u8; 3]) -> (usize, usize, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).expect("a screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected colour type {other:?}"),
    };
    let (mut inked, mut matching, mut total) = (0, 0, 0);
    for px in buf[..info.buffer_size()].chunks_exact(channels) {
        total += 1;
        if px[..3].iter().any(|&c| c < 235) {
            inked += 1;
        }
        if px[..3]
            .iter()
            .zip(colour)
            .all(|(&c, want)| c.abs_diff(want) <= 24)
        {
            matching += 1;
        }
    }
    (inked, matching, total)
}

#[test]
fn html_reports_render_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("ROLECALL_REQUIRE_BROWSER").is_none(),
            "no Chromium found, and ROLECALL_REQUIRE_BROWSER is set"
        );
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"\nSKIPPED: no Chromium on this machine (.ci/run installs it); \
              the browser test did not run\n",
        );
        return;
    };
    let env = Env::new();
    let (mock, report) = markup_reports(&env);
    assert_safe_html(&mock);
    assert_safe_html(&report);
    let home = env.home.path();

    // The charts' first colour (#3366cc, Decisions), used nowhere else: a
    // bar of 1.0 of 3 in the mock's report, the one mock's dot and its
    // legend in the progress report.
    for (name, least) in [("mock.html", 1000), ("report.html", 40)] {
        let page = home.join(name);
        let shot = home.join(format!("{name}.png"));
        let profile = home.join(format!("chromium-{name}"));
        headless(
            &browser,
            &profile,
            &page,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1200,3000",
            ],
        );
        let (inked, blue, total) = pixels(&shot, [0x33, 0x66, 0xcc]);
        assert_eq!(total, 1200 * 3000, "{name}: the screenshot's size");
        // Text, tables and charts: a real page, not a blank or an error.
        assert!(
            inked * 100 > total * 3,
            "{name}: only {inked} of {total} pixels inked"
        );
        assert!(
            blue > least,
            "{name}: only {blue} pixels of the chart colour"
        );

        let dom = headless(&browser, &profile, &page, &["--dump-dom"]);
        for element in [
            "<a ", "<a>", "<script", "<img", "<iframe", "<object", "<embed",
        ] {
            assert!(
                !dom.contains(element),
                "{name}: {element} in the DOM:\n{dom}"
            );
        }
        assert!(dom.contains("<svg"), "{name}: no chart in the DOM");
    }

    // What the browser shows of the mock report: the hostile text as text,
    // and the figures the history holds.
    let page = home.join("mock.html");
    let dom = headless(
        &browser,
        &home.join("chromium-text"),
        &page,
        &["--dump-dom"],
    );
    let shown = visible_text(&dom);
    for needle in [
        "Mock interview: mal",
        "<script>alert(1)</script> see https://evil.example/answer",
        "Injector <script>alert('role')</script>",
        "note <a href=https://evil.example/note>here</a> <b>bold</b>",
    ] {
        assert!(shown.contains(needle), "missing {needle:?} in\n{shown}");
    }
    let history: serde_json::Value = serde_json::from_str(&stdout_of(
        env.cmd()
            .arg("--decks")
            .arg(fixture("hostile/markup"))
            .args(["--profile", "mal", "history", "--json"]),
    ))
    .unwrap();
    let reviews = history.as_array().unwrap();
    let passed = reviews.iter().filter(|r| r["grade"] != "again").count();
    let mean = reviews
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .sum::<f64>()
        / reviews.len() as f64;
    let recalled = format!("Recalled: {passed} of {}", reviews.len());
    let score = format!("Key-point score: {:.0}%", mean * 100.0);
    for needle in [
        &recalled,
        &score,
        &format!("Questions answered: {}", reviews.len()),
    ] {
        assert!(
            shown.contains(needle.as_str()),
            "missing {needle:?} in\n{shown}"
        );
    }
    // Every answer was rated 1 2 1 0: the bar chart's labels and values.
    for needle in [
        "Decisions (decisions it owns) 1.0",
        "Evidence (evidence it works from) 2.0",
        "Conflict (conflict it manages) 1.0",
        "Leverage (leverage it creates) 0.0",
    ] {
        assert!(shown.contains(needle), "missing {needle:?} in\n{shown}");
    }

    // The progress report shows the same mock row as its Markdown twin.
    let dom = headless(
        &browser,
        &home.join("chromium-report"),
        &home.join("report.html"),
        &["--dump-dom"],
    );
    let shown = visible_text(&dom);
    let md = stdout_of(
        env.cmd()
            .arg("--decks")
            .arg(fixture("hostile/markup"))
            .env("ROLECALL_NOW", "2026-03-02T10:00:00Z")
            .args(["report", "--candidate", "mal", "--format", "md"]),
    );
    let row = md
        .lines()
        .find(|l| l.starts_with("|    1 | 2026-03-02 09:00 |"))
        .unwrap_or_else(|| panic!("no mock row in\n{md}"));
    let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
    let expected = cells.join(" ");
    assert!(
        shown.contains(&expected),
        "missing {expected:?} in\n{shown}"
    );
    assert!(
        cells.contains(&recalled.trim_start_matches("Recalled: ")),
        "{row}"
    );
    assert!(shown.contains("Progress report: mal"), "{shown}");
}
