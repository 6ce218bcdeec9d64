//! Importer tests written as data: a document in, the deck's shape out.

use super::*;

fn imported(text: &str) -> Imported {
    import(text, &Options::default()).expect("imports")
}

/// Role names, then per role its tasks as `time title` or `title`.
fn shape(i: &Imported) -> Vec<String> {
    let mut out = Vec::new();
    for role in &i.deck.roles {
        out.push(format!("role {} ({})", role.name, role.id));
        for task in &role.tasks {
            match &task.time {
                Some(t) => out.push(format!("  {t} {} ({})", task.title, task.id)),
                None => out.push(format!("  {} ({})", task.title, task.id)),
            }
        }
    }
    for note in &i.deck.notes {
        out.push(format!("note {}", note.front));
    }
    out
}

fn check(text: &str, expected: &[&str]) {
    let i = imported(text);
    assert_eq!(shape(&i), expected, "warnings: {:?}", i.warnings);
    // Whatever the shape, the RON must be a deck `check` accepts.
    let ron = i.to_ron();
    assert!(crate::deck::validate::parse_deck(&ron).is_ok(), "{ron}");
}

#[test]
fn time_blocks_under_a_day_in_the_life_heading() {
    check(
        "Title\n\n1. Day in the Life — Night Nurse (ICU)\n\n9:00 PM — Handover\n\nWhat happens\n\nReport.\n\n11:30 PM — Rounds\n\nChecks.\n\n2. Reality check\n\nIt is hard.\n",
        &[
            "role Night Nurse (ICU) (night-nurse)",
            "  21:00 Handover (handover)",
            "  23:30 Rounds (rounds)",
            "note Reality check",
        ],
    );
}

#[test]
fn role_sections_with_numbered_patterns() {
    check(
        "Roles\n\nTester — 2 common daily task patterns\n\n1. Write tests\n\nYou write tests.\n\n  • what breaks;\n\n2. Write tests\n\nAgain.\n\nWhat outsiders often miss about the role\n\nIt is design work.\n\nBuilder — 1 daily task pattern\n\n1. Build\n\nYou build.\n",
        &[
            "role Tester (tester)",
            "  Write tests (write-tests)",
            "  Write tests (write-tests-2)",
            "role Builder (builder)",
            "  Build (build)",
        ],
    );
    let i = imported(
        "Tester — 1 common daily task patterns\n\n1. Triage\n\nYou decide.\n\n  • is it real;\n  • who owns it.\n\nJudgment matters.\n",
    );
    let task = &i.deck.roles[0].tasks[0];
    assert_eq!(task.questions, ["Is it real?", "Who owns it?"]);
    assert_eq!(task.why.as_deref(), Some("Judgment matters."));
}

#[test]
fn examples_split_situation_and_insight() {
    let i = imported(
        "Day in the life of a PM\n\n8:00 AM — Calls\n\nWhat happens\n\nYou call.\n\nExample\n\nCustomer says: slow.\n\nReal problem: onboarding.\n\n9:00 AM — Mail\n\nWhat happens\n\nYou read.\n\nExample\n\n  • a lot of mail\n\nWhat questions to think\n\n  • Which mail matters?\n",
    );
    let tasks = &i.deck.roles[0].tasks;
    assert_eq!(tasks[0].examples[0].situation, "Customer says: slow.");
    assert_eq!(tasks[0].examples[0].insight, "Real problem: onboarding.");
    assert_eq!(tasks[1].examples[0].key_points, ["Which mail matters?"]);
    assert!(
        i.warnings
            .iter()
            .any(|w| w.message.contains("states no insight"))
    );
}

#[test]
fn out_of_order_times_and_duplicate_questions_are_reported() {
    let i = imported(
        "Day in the life of a cook\n\n9:00 AM — Prep\n\nChop.\n\nWhat questions to think\n\n  • Is it fresh?\n  • is it fresh\n\n8:00 AM — Open\n\nUnlock.\n",
    );
    let messages: Vec<String> = i.warnings.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("duplicate question")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("line 12: time block 08:00")),
        "{messages:?}"
    );
}

#[test]
fn ids_and_errors() {
    assert_eq!(import("  \n", &Options::default()), Err(ImportError::Empty));
    let bad = Options {
        id: Some("Bad".into()),
        ..Options::default()
    };
    assert_eq!(
        import("x", &bad),
        Err(ImportError::BadId { id: "Bad".into() })
    );
    assert_eq!(
        imported("Day in the life of a tester\n\n9:00 — Work\n\nWork.\n")
            .deck
            .id,
        "day-life-tester"
    );
    assert_eq!(id_from("My Deck (v2).ron"), Some("my-deck-v2-ron".into()));
    assert_eq!(id_from("日本"), None);
}

#[test]
fn decodes_boms_and_legacy_bytes() {
    assert_eq!(decode(b"\xEF\xBB\xBFhi").0, "hi");
    assert_eq!(decode(b"\xFF\xFEh\0i\0").0, "hi");
    assert_eq!(decode(b"\xFE\xFF\0h\0i").0, "hi");
    let (text, warnings) = decode(b"one\ncaf\xe9 \x93q\x94");
    assert_eq!(text, "one\ncafé “q”");
    assert_eq!(
        warnings[0].to_string(),
        "line 2: the document is not UTF-8 (first bad byte here); read it as Windows-1252"
    );
}

/// Regression: a role heading whose lowercase form has another byte length
/// (`İ`) was sliced at the lowercase string's offset and panicked.
#[test]
fn role_heading_with_length_changing_case() {
    let i =
        imported("İ day in the life of éric the PM\n\n6:45 AM — Brief\nWhat happens\nYou read.\n");
    assert!(!i.deck.roles.is_empty());
}

// Regression (found by fuzzing the importer): a bullet of bare punctuation
// in a section kept as a note became an empty key point, and the import
// failed with "the imported deck does not pass `rolecall check`".
#[test]
fn punctuation_only_bullets_are_not_key_points() {
    let text = "Day in the life of a tester\n\n6:45 AM — Morning brief\n\nWhat happens\n\nRead the news.\n\nMisc thoughts\n\n  • first item\n  • ;\n  • second item\n";
    let i = imported(text);
    let ron = i.to_ron();
    assert!(crate::deck::validate::parse_deck(&ron).is_ok(), "{ron}");
    let note = i.deck.notes.first().expect("the section is kept as a note");
    assert_eq!(note.key_points, ["first item", "second item"]);
}

fn role_names(i: &Imported) -> Vec<&str> {
    i.deck.roles.iter().map(|r| r.name.as_str()).collect()
}

/// A document's title names the deck; a role is created once.
#[test]
fn a_role_is_created_once() {
    // Time blocks before the role section: the title's role joins it.
    let i = imported(
        "# GRC Lead (compliance)\n\n## 08:30 — Evidence\n\nChase evidence.\n\n## GRC Lead\n\nTurns rules into work.\n\n1. Map controls\n\nOne control set.\n",
    );
    assert_eq!(role_names(&i), ["GRC Lead"]);
    assert_eq!(i.deck.title, "GRC Lead (compliance)");
    assert_eq!(i.deck.roles[0].tasks.len(), 2);
    // The role section first, time blocks after it.
    let i = imported(
        "# Notes\n\n## GRC Lead\n\nTurns rules into work.\n\n1. Map controls\n\nOne control set.\n\n## 16:00 — Wrap up\n\nClose the day.\n",
    );
    assert_eq!(role_names(&i), ["GRC Lead"]);
    let times: Vec<Option<&str>> = i.deck.roles[0]
        .tasks
        .iter()
        .map(|t| t.time.as_deref())
        .collect();
    assert_eq!(times, [None, Some("16:00")]);
    // A title unlike the one role: the document is about that role still.
    let i = imported(
        "# Field notes\n\n## 08:30 — Evidence\n\nChase evidence.\n\n## Auditor — 1 common daily task pattern\n\n1. Sample controls\n\nPick samples.\n",
    );
    assert_eq!(role_names(&i), ["Auditor"]);
    assert!(
        i.warnings
            .iter()
            .any(|w| matches!(&w.kind, Kind::SameRole { role, was } if role == "Auditor" && was == "Field notes"))
    );
    // Two roles of their own: time blocks before them keep the title's role.
    let i = imported(
        "# Field notes\n\n## 08:30 — Evidence\n\nChase evidence.\n\n## Auditor — 1 common daily task pattern\n\n1. Sample controls\n\nPick samples.\n\n## Engineer — 1 common daily task pattern\n\n1. Fix findings\n\nFix them.\n",
    );
    assert_eq!(role_names(&i), ["Field notes", "Auditor", "Engineer"]);
    // The same role heading twice continues the role.
    let i = imported(
        "Roles\n\nTester — 1 common daily task pattern\n\n1. Write tests\n\nTests.\n\nBuilder — 1 common daily task pattern\n\n1. Build\n\nBuild.\n\nTESTER — 1 more daily task pattern\n\n1. Review tests\n\nReview.\n",
    );
    assert_eq!(role_names(&i), ["Tester", "Builder"]);
    assert_eq!(i.deck.roles[0].tasks.len(), 2);
}
