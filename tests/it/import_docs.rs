//! Imported documents in several authors' styles (seed-style plain text
//! and Markdown, blog prose, role pages, tables with pipes and with single
//! spaces): the deck they make, every warning checked against that deck,
//! and the import report.

use crate::{Env, fixture};
use rolecall::{
    Deck, ImportFormat as Format, ImportOptions as Options, ImportWarning as Warning, Imported,
    LintRule as Rule, Task, WarningKind as Kind, decode_document, import, lint_deck,
};
use std::path::{Path, PathBuf};

fn fold(s: &str) -> String {
    rolecall::fold_for_compare(s)
}

/// Every document the importer is tried on here: the seeds and the
/// import fixtures.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![
        fixture("seeds/000_d30e8669cd57dc09.txt"),
        fixture("seeds/003_02d1441560a729b1.txt"),
    ];
    let mut more: Vec<PathBuf> = std::fs::read_dir(fixture("import"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "headings-only.txt"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

fn import_file(path: &Path, format: Format) -> (String, Imported) {
    let bytes = std::fs::read(path).unwrap();
    let (text, mut warnings) = decode_document(&bytes);
    let options = Options {
        source: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        fallback_title: "Imported".into(),
        format,
        ..Options::default()
    };
    let mut imported =
        import(&text, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    warnings.append(&mut imported.warnings);
    imported.warnings = warnings;
    (text, imported)
}

/// All of a deck's text, one field per line, folded.
fn deck_text(deck: &Deck) -> String {
    let mut out = vec![deck.title.clone()];
    out.extend(deck.description.clone());
    for role in &deck.roles {
        out.push(role.name.clone());
        out.extend(role.summary.clone());
        if let Some(p) = &role.profile {
            for f in [
                &p.center_of_gravity,
                &p.typical_output,
                &p.failure_mode,
                &p.outsiders_miss,
            ] {
                out.extend(f.clone());
            }
        }
        for task in &role.tasks {
            out.push(task.title.clone());
            out.extend(task.what_happens.clone());
            out.extend(task.why.clone());
            out.extend(task.questions.clone());
            for e in &task.examples {
                out.push(e.situation.clone());
                out.push(e.insight.clone());
            }
        }
    }
    for note in &deck.notes {
        out.push(note.front.clone());
        out.push(note.back.clone());
        out.extend(note.key_points.clone());
    }
    out.iter().map(|t| fold(t)).collect::<Vec<_>>().join("\n")
}

fn task<'d>(deck: &'d Deck, role: &str, title: &str) -> &'d Task {
    deck.roles
        .iter()
        .filter(|r| r.name == role)
        .flat_map(|r| &r.tasks)
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("no task “{title}” in role “{role}”"))
}

/// Checks that what a warning claims is true of the deck it came with.
fn verify(doc: &str, source: &str, deck: &Deck, warning: &Warning) {
    let all = deck_text(deck);
    let lines: Vec<&str> = source.lines().collect();
    let context = format!("{doc}: {warning}");
    if let Some((first, last)) = warning.lines {
        assert!(
            first >= 1 && first <= last && last <= lines.len(),
            "{context}: lines out of the document"
        );
    }
    match &warning.kind {
        Kind::Reading => {
            if warning.message.starts_with("repaired") {
                assert!(!all.contains("โ€") && !all.contains("â€"), "{context}");
            }
        }
        Kind::NotImported { text } => {
            let folded = fold(text);
            if folded.is_empty() {
                return;
            }
            assert!(!all.contains(&folded), "{context}: the text is in the deck");
            // The lines named hold the text's first word.
            let (first, last) = warning.lines.expect("a line to point at");
            let word = folded.split(' ').next().unwrap();
            assert!(
                lines[first - 1..last]
                    .iter()
                    .any(|l| fold(l).split(' ').any(|w| w == word)),
                "{context}: “{word}” is not on those lines"
            );
        }
        Kind::Outline { entries } => {
            let names: Vec<String> = deck
                .roles
                .iter()
                .flat_map(|r| {
                    std::iter::once(fold(&r.name)).chain(r.tasks.iter().map(|t| fold(&t.title)))
                })
                .chain(deck.notes.iter().map(|n| fold(&n.front)))
                .collect();
            for entry in entries {
                // `6:45 AM: Title` names the time block `Title`.
                let timed = entry.starts_with(|c: char| c.is_ascii_digit());
                let entry = match entry.split_once(": ") {
                    Some((_, title)) if timed => fold(title),
                    _ => fold(entry),
                };
                assert!(
                    names
                        .iter()
                        .any(|n| n.starts_with(&entry) || entry.starts_with(n.as_str())),
                    "{context}: outline entry “{entry}” is no section of the deck"
                );
            }
        }
        Kind::KeptAsNote { front } => {
            assert!(deck.notes.iter().any(|n| &n.front == front), "{context}");
        }
        Kind::Table {
            notes, profiles, ..
        } => {
            for front in notes {
                assert!(deck.notes.iter().any(|n| &n.front == front), "{context}");
            }
            for (role, field) in profiles {
                let role = deck.roles.iter().find(|r| &r.name == role).expect(&context);
                let p = role.profile.as_ref().expect(&context);
                let value = match *field {
                    "center_of_gravity" => &p.center_of_gravity,
                    "typical_output" => &p.typical_output,
                    "failure_mode" => &p.failure_mode,
                    _ => &p.outsiders_miss,
                };
                assert!(value.is_some(), "{context}: {field}");
            }
        }
        Kind::OneRole { role } => {
            assert!(deck.roles.iter().any(|r| &r.name == role), "{context}");
        }
        Kind::SameRole { role, was } => {
            assert!(deck.roles.iter().any(|r| &r.name == role), "{context}");
            assert!(!deck.roles.iter().any(|r| &r.name == was), "{context}");
        }
        Kind::TitleStandsIn { role, task: title } => {
            assert_eq!(
                task(deck, role, title).what_happens,
                std::slice::from_ref(title),
                "{context}"
            );
        }
        Kind::NoInsight { role, task: title } => {
            let task = task(deck, role, title);
            assert!(!task.examples.is_empty(), "{context}");
            let found = lint_deck(deck).into_iter().any(|l| {
                l.rule == Rule::NoInsight && l.message.contains(&format!("task “{title}”"))
            });
            assert!(found, "{context}: `check` sees an insight");
        }
        Kind::InsightAsWhy { role, task: title } => {
            assert!(task(deck, role, title).why.is_some(), "{context}");
        }
        Kind::DuplicateQuestion {
            role,
            task: title,
            question,
        } => {
            let count = task(deck, role, title)
                .questions
                .iter()
                .filter(|q| fold(q) == fold(question))
                .count();
            assert_eq!(count, 1, "{context}");
        }
        Kind::NotAQuestion {
            role,
            task: title,
            text,
        } => {
            assert!(
                task(deck, role, title).what_happens.contains(text),
                "{context}"
            );
        }
        Kind::OutOfOrder { role, time } => {
            let role = deck.roles.iter().find(|r| &r.name == role).expect(&context);
            let at = role
                .tasks
                .iter()
                .position(|t| t.time.as_ref() == Some(time))
                .expect(&context);
            assert!(
                role.tasks[..at]
                    .iter()
                    .any(|t| t.time.as_ref().is_some_and(|t| t > time)),
                "{context}"
            );
        }
        Kind::Check => {
            let said = warning
                .message
                .strip_prefix("`rolecall check` will warn: ")
                .expect(&context);
            assert!(
                lint_deck(deck).iter().any(|l| l.message == said),
                "{context}: `check` does not say so"
            );
        }
    }
}

/// Every warning of every document is true of the deck it came with (no
/// "nothing under it" for a heading whose text was imported), and nothing
/// `check` flags is left unsaid.
#[test]
fn every_warning_is_true_of_the_deck() {
    let mut checked = 0;
    for path in documents() {
        for format in [Format::Auto, Format::Markdown] {
            let (source, imported) = import_file(&path, format);
            let doc = format!("{} ({format:?})", path.display());
            for warning in &imported.warnings {
                verify(&doc, &source, &imported.deck, warning);
                checked += 1;
            }
            // Every `check` warning about the deck is among the import's
            // (an example without insight once, as the importer's own).
            let told: Vec<&str> = imported
                .warnings
                .iter()
                .map(|w| w.message.as_str())
                .collect();
            for l in lint_deck(&imported.deck) {
                assert!(
                    l.rule == Rule::NoInsight || told.iter().any(|m| m.ends_with(&l.message)),
                    "{doc}: `check` would warn unannounced: {}",
                    l.message
                );
            }
        }
    }
    assert!(checked >= 60, "only {checked} warnings checked");
}

/// No document leaves Markdown or bare pointers in its deck.
#[test]
fn imported_decks_hold_no_markup_or_pointers() {
    for path in documents() {
        let (_, imported) = import_file(&path, Format::Auto);
        let bad: Vec<String> = lint_deck(&imported.deck)
            .into_iter()
            .filter(|l| matches!(l.rule, Rule::Markup | Rule::Pointer))
            .map(|l| l.message)
            .collect();
        assert_eq!(bad, Vec::<String>::new(), "{}", path.display());
        let ron = imported.to_ron();
        let body: String = ron.lines().filter(|l| !l.starts_with("//")).collect();
        for leftover in ["**", "](http", "`", "<!--"] {
            assert!(!body.contains(leftover), "{}: {leftover}", path.display());
        }
    }
}

/// Both seeds read as Markdown give the same deck as read as plain text:
/// paragraphs still go through the plain-text rules.
#[test]
fn the_seeds_read_the_same_as_markdown() {
    for seed in [
        "seeds/000_d30e8669cd57dc09.txt",
        "seeds/003_02d1441560a729b1.txt",
    ] {
        let (_, plain) = import_file(&fixture(seed), Format::Plain);
        let (_, markdown) = import_file(&fixture(seed), Format::Markdown);
        assert_eq!(plain.deck, markdown.deck, "{seed}");
    }
}

/// Imports a fixture with the binary into the env's decks folder; the
/// deck (checked by `rolecall check`), stderr, and `check`'s output.
fn import_fixture(env: &Env, name: &str) -> (Deck, String, String) {
    let dir = env.home.path().join("decks");
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join(format!("{}.ron", name.replace('.', "-")));
    let out = env
        .cmd()
        .arg("import")
        .arg(fixture(&format!("import/{name}")))
        .arg("-o")
        .arg(&target)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let check = env.cmd().arg("check").arg(&target).assert().success();
    let check_out = String::from_utf8(check.get_output().stdout.clone()).unwrap();
    let text = std::fs::read_to_string(&target).unwrap();
    let deck = rolecall::parse_deck(&text).unwrap();
    (deck, stderr, check_out)
}

fn names(deck: &Deck) -> Vec<&str> {
    deck.roles.iter().map(|r| r.name.as_str()).collect()
}

/// Point 1: the title names the deck; the role section names the role, and
/// the time blocks before it and its task patterns are one role.
#[test]
fn a_title_and_a_role_section_make_one_role() {
    let env = Env::new();
    let (deck, stderr, check) = import_fixture(&env, "grc-lead.md");
    assert_eq!(deck.title, "GRC Lead (security compliance)");
    assert_eq!(names(&deck), ["GRC Lead"]);
    let tasks: Vec<(Option<&str>, &str)> = deck.roles[0]
        .tasks
        .iter()
        .map(|t| (t.time.as_deref(), t.title.as_str()))
        .collect();
    assert_eq!(
        tasks,
        [
            (Some("08:30"), "Evidence review"),
            (Some("11:00"), "Risk register update"),
            (Some("14:00"), "Policy exception triage"),
            (None, "Map controls to frameworks"),
            (None, "Run the audit calendar"),
            (None, "Brief leadership on compliance risk"),
        ]
    );
    assert!(
        stderr.contains("line 63: “GRC Lead (security compliance)” (from the document's title) and “GRC Lead” are one role"),
        "{stderr}"
    );
    assert!(!check.contains("warning"), "{check}");
    // Several role sections: one role each, none from the title.
    let (deck, _, _) = import_fixture(&env, "soc-roles.md");
    assert_eq!(names(&deck), ["SOC Analyst", "Incident Responder"]);
    let (deck, _, _) = import_fixture(&env, "platform-roles.txt");
    assert_eq!(
        names(&deck),
        [
            "Platform Security Engineer",
            "Cloud Incident Responder",
            "Security Champion Lead"
        ]
    );
    // A blog post's title names its role when nothing else does.
    let (deck, _, _) = import_fixture(&env, "cloud-blog.md");
    assert_eq!(names(&deck), ["Cloud security engineer"]);
}

/// Point 2: a table's heading titles its notes, never a task; a line that
/// is only a link or code, or a "See … for more", is never a key point.
#[test]
fn table_headings_are_notes_and_links_are_never_points() {
    let env = Env::new();
    let (deck, stderr, _) = import_fixture(&env, "grc-lead.md");
    let titles: Vec<&str> = deck.roles[0]
        .tasks
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert!(!titles.iter().any(|t| t.contains("coverage")), "{titles:?}");
    let fronts: Vec<&str> = deck.notes.iter().map(|n| n.front.as_str()).collect();
    assert_eq!(
        fronts,
        [
            "Control coverage table — SOC 2: Controls mapped vs Evidence owner",
            "Control coverage table — ISO 27001: Controls mapped vs Evidence owner",
            "Control coverage table — EU AI Act: Controls mapped vs Evidence owner",
        ]
    );
    let all = deck_text(&deck);
    for pointer in ["xlsx", "example com", "risk method", "see the"] {
        assert!(!all.contains(pointer), "{pointer} in the deck");
    }
    assert!(
        stderr.contains(
            "line 94: only a link or code (“coverage sheet controls.xlsx”); not imported"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 32: “See the risk method for the scale.” only points elsewhere"),
        "{stderr}"
    );
    // A "Further reading" line under a table does not make its heading a task.
    let (deck, _, _) = import_fixture(&env, "soc-roles.md");
    assert!(
        deck.roles
            .iter()
            .flat_map(|r| &r.tasks)
            .all(|t| t.title != "Roles compared")
    );
}

/// Point 3: emphasis, strong emphasis, code spans and links keep only
/// their words, in every field.
#[test]
fn inline_markdown_keeps_only_its_words() {
    let env = Env::new();
    let (deck, _, _) = import_fixture(&env, "grc-lead.md");
    let evidence = &deck.roles[0].tasks[0];
    assert_eq!(
        evidence.what_happens,
        [
            "Review the evidence control owners uploaded overnight",
            "Chase missing screenshots, exports and sign-offs",
            "Flag evidence that shows a control exists but not that it operated",
        ]
    );
    assert_eq!(
        deck.description.as_deref(),
        Some(
            "A day in the life of a governance, risk and compliance lead at a mid-size SaaS company. Compliance is a product, not a checklist."
        )
    );
    let (deck, _, _) = import_fixture(&env, "cloud-blog.md");
    let morning = &deck.roles[0].tasks[0];
    assert_eq!(
        morning.examples[0].situation,
        "a bucket named backup-prod had been public for six hours."
    );
}

/// Point 4: `**Example:**`, `Example:`, `*Insight:*`, `Insight:`,
/// `Real problem:`, `Problem:`, `Lesson:` and `**Takeaway:**` attach an
/// example and its insight to the task, in Markdown and in plain text.
#[test]
fn example_and_insight_markers_attach_to_the_task() {
    let env = Env::new();
    let insights = |deck: &Deck| -> Vec<(String, String)> {
        deck.roles
            .iter()
            .flat_map(|r| &r.tasks)
            .flat_map(|t| {
                t.examples
                    .iter()
                    .map(move |e| (t.title.clone(), e.insight.clone()))
            })
            .collect()
    };
    let (deck, _, _) = import_fixture(&env, "grc-lead.md");
    let found = insights(&deck);
    assert_eq!(found.len(), 3);
    assert!(
        found[0]
            .1
            .starts_with("Insight: evidence must show who decided")
    );
    assert!(
        found[1]
            .1
            .starts_with("Real problem: procurement onboarded")
    );
    assert!(
        found[2]
            .1
            .starts_with("Problem: the exception hides a cost problem")
    );

    let (deck, stderr, _) = import_fixture(&env, "cloud-blog.md");
    let found = insights(&deck);
    assert_eq!(
        found,
        [
            (
                "Morning: triage the overnight findings".to_owned(),
                "Insight: the bucket's name told us nothing; its data classification tag did.".to_owned()
            ),
            (
                "Midday: a design review for the new data pipeline".to_owned(),
                "Lesson: \"for now\" permissions are forever unless someone writes the expiry into the ticket.".to_owned()
            ),
        ]
    );
    let titles: Vec<&str> = deck.roles[0]
        .tasks
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert!(!titles.iter().any(|t| t.contains("Example")), "{titles:?}");
    assert!(!stderr.contains("nothing to study"), "{stderr}");
    assert_eq!(
        deck.roles[0].tasks[0].questions,
        [
            "Is this exposed to the internet right now?",
            "Who owns this account, and are they awake?",
            "What would an attacker reach from here?"
        ]
    );

    let (deck, _, _) = import_fixture(&env, "appsec-day.txt");
    let found = insights(&deck);
    assert_eq!(found.len(), 2);
    assert_eq!(
        deck.roles[0].tasks[0].examples[0].situation,
        "the scanner flags SQL injection in a reporting service that only an internal batch job calls."
    );
    assert!(
        found[1]
            .1
            .starts_with("Real problem: listing lets one customer")
    );

    let (deck, _, _) = import_fixture(&env, "soc-roles.md");
    assert!(
        insights(&deck)[0]
            .1
            .starts_with("Takeaway: a handover states")
    );
}

/// Point 6: a table whose cells only single spaces separate fills role
/// profiles when its header names profile fields and each row starts with
/// a role (the roles seed's table is checked in `import`).
#[test]
fn single_space_tables_fill_profiles() {
    let env = Env::new();
    let (deck, stderr, _) = import_fixture(&env, "platform-roles.txt");
    assert!(
        stderr.contains("split them at a guess into 9 profile fields"),
        "{stderr}"
    );
    assert!(deck.notes.is_empty());
    let engineer = deck.roles[0].profile.as_ref().unwrap();
    assert_eq!(
        engineer.center_of_gravity.as_deref(),
        Some("Safe infrastructure defaults")
    );
    assert_eq!(
        engineer.typical_output.as_deref(),
        Some("reviewed changes, hardened images, paved roads")
    );
    assert_eq!(
        engineer.failure_mode.as_deref(),
        Some("drifting images, silent exceptions")
    );
    // Pipes: the columns are known.
    let (deck, stderr, _) = import_fixture(&env, "soc-roles.md");
    assert!(
        stderr.contains("table filled 6 role profile fields"),
        "{stderr}"
    );
    let responder = deck.roles[1].profile.as_ref().unwrap();
    assert_eq!(responder.failure_mode.as_deref(), Some("Slow containment"));
    // One row says nothing about where its columns end: a note.
    let (deck, stderr, _) = import_fixture(&env, "appsec-day.txt");
    assert!(stderr.contains("its row became a note"), "{stderr}");
    assert_eq!(deck.notes.len(), 1);
}

/// Point 8: a one-screen report of what became what, with the lines that
/// were not imported.
#[test]
fn the_import_report_says_what_became_what() {
    let env = Env::new();
    let (_, stderr, _) = import_fixture(&env, "grc-lead.md");
    let report: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("Import report:"))
        .take_while(|l| !l.starts_with("wrote"))
        .collect();
    assert_eq!(
        report,
        [
            "Import report: deck `grc-lead-md`, 29 cards, “GRC Lead (security compliance)”",
            "  roles        1: GRC Lead (3 time blocks, 3 task patterns)",
            "               also named “GRC Lead (security compliance)” by the title",
            "  tasks        6: 9 what-happens points and 11 questions",
            "  examples     3: 3 with an insight, 0 without",
            "  profiles     1 field across 1 role",
            "  notes        3: 3 from table rows, 0 not placed in a task",
            "  tables       lines 96–100 → 3 notes",
            "  not imported 2 lines: 32, 94 (see the warnings)",
            "  to review    4 warnings above",
        ]
    );
    // The report stays on one screen for a big document with many warnings.
    let out = env
        .cmd()
        .arg("import")
        .arg(fixture("seeds/000_d30e8669cd57dc09.txt"))
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let report: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("Import report:"))
        .collect();
    assert!(report.len() <= 20, "{report:#?}");
    assert!(
        report.iter().all(|l| l.chars().count() <= 80),
        "{report:#?}"
    );
    assert!(
        report.contains(&"  not imported 16 lines: 3, 5, 6–19 (see the warnings)"),
        "{report:#?}"
    );
    assert!(
        report
            .iter()
            .any(|l| l.starts_with("  examples     9: 3 with an insight, 6 without")),
        "{report:#?}"
    );
    // The report is on stderr; the deck on stdout holds none of it.
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains("Import report"));
}

/// Other shapes authors use: `1. **Title**: text` lists under a
/// "Daily responsibilities" heading, `HH:MM Title` lines with `Example -`
/// and `Lesson -` markers under a `ROLE: A DAY IN THE LIFE` title, and
/// headings that start with a pictograph.
#[test]
fn other_authors_shapes() {
    let env = Env::new();
    let (deck, _, _) = import_fixture(&env, "product-security-engineer.md");
    assert_eq!(names(&deck), ["Product Security Engineer"]);
    let tasks: Vec<(&str, &str)> = deck.roles[0]
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.what_happens[0].as_str()))
        .collect();
    assert_eq!(
        tasks,
        [
            (
                "Threat modeling",
                "sit with teams designing new features and map the trust boundaries before code exists."
            ),
            (
                "Code review",
                "Read risky pull requests, focusing on authorization and input handling."
            ),
            (
                "Security tooling",
                "keep SAST and SCA tuned so developers trust the results."
            ),
        ]
    );
    assert_eq!(deck.notes[0].front, "What a good day looks like");

    let (deck, _, _) = import_fixture(&env, "soc-shift.txt");
    assert_eq!(names(&deck), ["SOC ANALYST"]);
    let triage = &deck.roles[0].tasks[1];
    assert_eq!(triage.time.as_deref(), Some("09:30"));
    assert_eq!(
        triage.examples[0].situation,
        "300 alerts from one misconfigured scanner."
    );
    assert_eq!(
        triage.examples[0].insight,
        "Lesson: tuning is part of triage, not a separate project."
    );

    let (deck, stderr, _) = import_fixture(&env, "devsecops-day.md");
    let health = &deck.roles[0].tasks[0];
    assert_eq!(
        (health.time.as_deref(), health.title.as_str()),
        (Some("08:30"), "Pipeline health")
    );
    assert_eq!(
        health.what_happens,
        ["Check failed security gates", "Re-run flaky scans"]
    );
    assert!(stderr.contains("line 22: only a link or code"), "{stderr}");
}

/// The code block after `<!-- import-example:NAME -->` in the README.
fn readme_block(readme: &str, name: &str) -> String {
    let marker = format!("<!-- import-example:{name} -->");
    let after = &readme[readme.find(&marker).expect(&marker) + marker.len()..];
    let body = after.trim_start().split_once('\n').unwrap().1;
    body[..body.find("\n```").unwrap()].to_owned()
}

/// The README's Markdown example imports into the deck and the messages
/// the README shows.
#[test]
fn the_readme_import_example_is_true() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let env = Env::new();
    std::fs::write(
        env.home.path().join("grc.md"),
        readme_block(&readme, "markdown"),
    )
    .unwrap();
    std::fs::create_dir_all(env.home.path().join("decks")).unwrap();
    let out = env
        .cmd()
        .args(["import", "grc.md", "-o", "decks/grc.ron"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim_end(), readme_block(&readme, "report"));
    let written = std::fs::read_to_string(env.home.path().join("decks/grc.ron")).unwrap();
    let deck: Vec<&str> = written.lines().filter(|l| !l.starts_with("//")).collect();
    assert_eq!(deck.join("\n"), readme_block(&readme, "deck"));
    env.cmd()
        .args(["check", "decks/grc.ron"])
        .assert()
        .success();
}
