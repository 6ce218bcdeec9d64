use std::fs;
use std::path::{Path, PathBuf};

use super::*;

/// Every problem of a deck source, sorted by position; empty for a good deck.
fn check_source(src: &str) -> Vec<Problem> {
    parse_deck(src).err().unwrap_or_default()
}

/// Compares every problem of `src`, as `LINE:COL: message`, with `expected`.
#[track_caller]
fn check(src: &str, expected: &[&str]) {
    let got: Vec<String> = check_source(src).iter().map(ToString::to_string).collect();
    assert_eq!(got, expected, "source:\n{src}");
}

/// A valid deck with one role and one task, laid out one field per line so
/// that tests can name positions; `{task}` and `{deck}` splice extra fields.
fn deck(deck_extra: &str, task_extra: &str) -> String {
    format!(
        "Deck(\n\
         \x20 id: \"d\",\n\
         \x20 title: \"T\",\n\
         \x20 roles: [Role(id: \"r\", name: \"N\", tasks: [\n\
         \x20   Task(id: \"t\", title: \"T\", what_happens: [\"x\"],{task_extra}),\n\
         \x20 ])],{deck_extra}\n\
         )\n"
    )
}

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

fn small() -> String {
    fs::read_to_string(fixtures("good").join("small.ron")).expect("the good fixture is readable")
}

#[test]
fn a_valid_deck_has_no_problem() {
    check(&deck("", ""), &[]);
    check(
        "Deck(id: \"d\", title: \"T\", roles: [Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])])])",
        &[],
    );
    // Unnamed structs, trailing commas, comments anywhere.
    check(
        "/* head */ (id: \"d\", // why\n title: \"T\", roles: [(id: \"r\", name: \"N\", tasks: [(id: \"t\", title: \"T\", what_happens: [\"x\",],),],),],)",
        &[],
    );
}

#[test]
fn the_good_fixture_parses_into_the_deck() {
    let src = small();
    check(&src, &[]);
    let deck = parse_deck(&src).expect("the good fixture is a valid deck");
    assert_eq!(deck.id, "small");
    assert_eq!(deck.roles.len(), 2);
    assert!(deck.roles.iter().all(|r| r.tasks.len() == 2));
    assert_eq!(deck.roles[0].tasks[0].time.as_deref(), Some("06:45"));
    assert_eq!(deck.roles[1].tasks[0].time.as_deref(), Some("09:00"));
    assert_eq!(
        deck.roles[0].tasks[1].what_happens,
        ["Walk the \"happy path\" and the abuse path."]
    );
    assert_eq!(
        deck.roles[1].tasks[0].what_happens,
        ["Review the pager log of the night \u{2013} what woke whom."]
    );
    assert_eq!(deck.notes[0].role.as_deref(), Some("sre"));
    assert_eq!(deck.synonyms.len(), 2);
    assert_eq!(deck_id_position(&src), Some((5, 9)));
}

#[test]
fn unknown_fields_are_reported_at_their_name() {
    check(
        &deck("\n  colour: \"red\",", " colour: 1"),
        &[
            "5:52: unknown field `colour` in Task; expected one of `id`, `title`, `time`, `what_happens`, `why`, `examples`, `questions`, `key_points`",
            "7:3: unknown field `colour` in Deck; expected one of `id`, `title`, `description`, `source`, `roles`, `notes`, `synonyms`",
        ],
    );
}

#[test]
fn missing_fields_are_reported_at_the_struct() {
    check(
        "Deck(id: \"d\", roles: [Role(id: \"r\", tasks: [Task(id: \"t\")])])",
        &[
            "1:1: missing field `title` in Deck",
            "1:23: missing field `name` in Role",
            "1:45: missing field `title` in Task",
            "1:45: missing field `what_happens` in Task",
        ],
    );
    check(
        "()",
        &[
            "1:1: missing field `id` in Deck",
            "1:1: missing field `roles` in Deck",
            "1:1: missing field `title` in Deck",
        ],
    );
}

#[test]
fn wrong_struct_names_and_value_types() {
    check(
        "Dek(id: \"d\", title: [\"T\"], roles: [Rol(id: \"r\", name: 3, tasks: [\"t\"], profile: \"p\")])",
        &[
            "1:1: expected `Deck(`, found `Dek(`",
            "1:21: expected a string for `title`, found a list",
            "1:36: expected `Role(`, found `Rol(`",
            "1:55: expected a string for `name`, found a number",
            "1:66: expected `Task(…)` in `tasks`, found a string",
            "1:81: expected `Profile(…)` for `profile`, found a string",
        ],
    );
    check("[1, 2]", &["1:1: expected `Deck(…)`, found a list"]);
    check(
        &deck("", " questions: \"q\", examples: [(situation: \"s\")]"),
        &[
            "5:63: expected a list for `questions`, found a string",
            "5:79: missing field `insight` in Example",
        ],
    );
}

#[test]
fn optional_fields_take_plain_some_or_none() {
    check(
        &deck(
            "\n  description: Some(\"d\"),\n  source: None,",
            " why: \"w\", time: Some(\"06:45\")",
        ),
        &[],
    );
    check(
        &deck("\n  description: Some(5),\n  notes: None,", " time: None"),
        &[
            "7:21: expected a string for `description`, found a number",
            "8:10: expected a list for `notes`, found `None`",
        ],
    );
    check(
        "Deck(id: \"d\", title: None, roles: [Role(id: \"r\", name: Some(\"n\"), profile: Some(Profile(failure_mode: Some(\"\"))), tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])])])",
        &[
            "1:22: expected a string for `title`, found `None`",
            "1:56: expected a string for `name`, found `Some(…)`",
            "1:108: empty text in `failure_mode`",
        ],
    );
}

/// A deck whose one role carries `rubric`, laid out so positions are known:
/// the rubric starts on line 3.
fn with_rubric(rubric: &str) -> String {
    format!(
        "Deck(id: \"d\", title: \"T\", roles: [Role(id: \"r\", name: \"N\",\n\
         tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])],\n\
         rubric: {rubric},\n\
         )])\n"
    )
}

#[test]
fn a_role_may_word_its_own_rubric_anchors_four_per_lens() {
    let four = r#"["none", "vague", "concrete", "complete"]"#;
    check(&with_rubric(&format!("Rubric(conflict: {four})")), &[]);
    check(
        &with_rubric(&format!("(decisions: Some({four}), leverage: {four})")),
        &[],
    );
    check(&with_rubric("None"), &[]);
    let deck = parse_deck(&with_rubric(&format!("Rubric(evidence: {four})"))).unwrap();
    let rubric = deck.roles[0].rubric.as_ref().unwrap();
    assert_eq!(rubric.evidence.as_ref().unwrap()[3], "complete");
    assert!(rubric.decisions.is_none());
    // Old decks, without the field, stay valid.
    assert!(
        parse_deck(&deck_src_without_rubric()).unwrap().roles[0]
            .rubric
            .is_none()
    );
    check(
        &with_rubric(
            r#"Rubric(decisions: ["a", "b", "c"], evidence: ["a", "", "c", "d"], tone: ["x"], conflict: "x")"#,
        ),
        &[
            "3:27: `decisions` in the rubric of role `r` needs 4 anchors, one per score 0-3; found 3",
            "3:60: empty text in `evidence`",
            "3:75: unknown field `tone` in Rubric; expected one of `decisions`, `evidence`, `conflict`, `leverage`",
            "3:98: expected a list for `conflict`, found a string",
        ],
    );
    check(
        &with_rubric("Anchors(decisions: [])"),
        &[
            "3:9: expected `Rubric(`, found `Anchors(`",
            "3:28: `decisions` in the rubric of role `r` needs 4 anchors, one per score 0-3; found 0",
        ],
    );
}

fn deck_src_without_rubric() -> String {
    deck("", "")
}

#[test]
fn duplicate_fields_point_at_the_first() {
    check(
        "Deck(id: \"d\", title: \"T\", title: \"U\", roles: [Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])])])",
        &["1:27: duplicate field `title` in Deck (first at 1:15)"],
    );
}

#[test]
fn blank_text_is_reported_wherever_content_is_required() {
    check(
        &deck(
            "\n  synonyms: [[\"a\", \" \"]],\n  notes: [Note(id: \"n\", front: \"\", back: \"\\n\")],",
            " why: \"\", questions: [\"q\", \"\\t\"], examples: [Example(situation: \"\", insight: \" \")]",
        ),
        &[
            "5:57: empty text in `why`",
            "5:78: empty text in `questions`",
            "5:115: empty text in `situation`",
            "5:128: empty text in `insight`",
            "7:20: empty text in `synonyms`",
            "8:32: empty text in `front`",
            "8:42: empty text in `back`",
        ],
    );
    check(
        "Deck(id: \"\", title: \"  \", roles: [Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\", \"\"], key_points: [\"\"])])])",
        &[
            "1:10: empty text in `id`",
            "1:21: empty text in `title`",
            "1:114: empty text in `what_happens`",
            "1:132: empty text in `key_points`",
        ],
    );
}

#[test]
fn empty_lists_where_content_is_required() {
    check(
        "Deck(id: \"d\", title: \"T\", roles: [])",
        &["1:34: deck has no roles"],
    );
    check(
        "Deck(id: \"d\", title: \"T\", roles: [Role(id: \"r\", name: \"N\", tasks: [])])",
        &["1:67: role `r` has no tasks"],
    );
    check(
        "Deck(id: \"d\", title: \"T\", roles: [Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [])])])",
        &["1:108: task `t` has no `what_happens` entries"],
    );
    // Without a usable id the message still names the kind.
    check(
        "Deck(id: \"d\", title: \"T\", roles: [Role(name: \"N\", tasks: [])])",
        &[
            "1:35: missing field `id` in Role",
            "1:58: role has no tasks",
        ],
    );
}

#[test]
fn ids_use_a_small_alphabet() {
    check(
        "Deck(id: \"App Sec\", title: \"T\", roles: [Role(id: \"-r\", name: \"N\", tasks: [Task(id: \"t-\", title: \"T\", what_happens: [\"x\"]), Task(id: \"ok-2\", title: \"T\", what_happens: [\"x\"])])], notes: [Note(id: \"n_1\", front: \"f\", back: \"b\")])",
        &[
            "1:10: id `App Sec` may use only a-z, 0-9 and -",
            "1:50: id `-r` may not start or end with -",
            "1:84: id `t-` may not start or end with -",
            "1:195: id `n_1` may use only a-z, 0-9 and -",
        ],
    );
}

#[test]
fn duplicate_ids_point_at_the_first() {
    let src = "Deck(id: \"d\", title: \"T\", roles: [\n\
               Role(id: \"r\", name: \"N\", tasks: [\n\
               Task(id: \"t\", title: \"T\", what_happens: [\"x\"]),\n\
               Task(id: \"t\", title: \"T\", what_happens: [\"x\"]),\n\
               ]),\n\
               Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])]),\n\
               ], notes: [Note(id: \"n\", front: \"f\", back: \"b\"), Note(id: \"n\", front: \"f\", back: \"b\")])";
    check(
        src,
        &[
            "4:10: duplicate task id `t` in role `r` (first at 3:10)",
            "6:10: duplicate role id `r` (first at 2:10)",
            "7:59: duplicate note id `n` (first at 7:21)",
        ],
    );
}

#[test]
fn a_note_must_name_a_role_of_the_deck() {
    check(
        &deck(
            "\n  notes: [Note(id: \"n\", front: \"f\", back: \"b\", role: \"ghost\"), Note(id: \"m\", front: \"f\", back: \"b\", role: Some(\"r\"))],",
            "",
        ),
        &["7:54: unknown role `ghost` in note `n`; the deck's roles are `r`"],
    );
    // When the roles cannot be read, references are not second-guessed.
    check(
        "Deck(id: \"d\", title: \"T\", roles: \"r\", notes: [Note(id: \"n\", front: \"f\", back: \"b\", role: \"ghost\")])",
        &["1:34: expected a list for `roles`, found a string"],
    );
}

#[test]
fn times_are_24_hour_hh_mm() {
    for good in ["00:00", "06:45", "23:59"] {
        check(&deck("", &format!(" time: \"{good}\"")), &[]);
    }
    for bad in [
        "6:45",
        "24:00",
        "12:60",
        "ab:cd",
        "12-30",
        "12:300",
        "٠٦:٤٥",
    ] {
        check(
            &deck("", &format!(" time: \"{bad}\"")),
            &[&format!(
                "5:58: time `{bad}` is not a valid 24-hour HH:MM time"
            )],
        );
    }
}

#[test]
fn synonym_groups_need_two_entries() {
    check(
        &deck("\n  synonyms: [[\"a\"], [], [\"b\", \"c\"], \"d\"],", ""),
        &[
            "7:14: synonym group needs at least 2 entries, found 1",
            "7:21: synonym group needs at least 2 entries, found 0",
            "7:37: expected a list in `synonyms`, found a string",
        ],
    );
}

#[test]
fn a_question_asked_twice_in_one_task() {
    check(
        &deck(
            "",
            " questions: [\"Who owns it?\", \"Why now?\", \"who  owns it? \"]",
        ),
        &["5:92: duplicate question in task `t` (first at 5:64)"],
    );
}

#[test]
fn every_problem_of_a_file_is_reported_in_order() {
    let src = "Deck(\n  id: \"My Deck\",\n  title: \"\",\n  roles: [\n    Role(id: \"a\", name: \"A\", tasks: [Tusk(id: \"t\", title: \"T\", what_happens: [], colour: \"red\")]),\n    Role(id: \"a\", name: \"\", tasks: []),\n  ],\n  notes: [Note(id: \"n\", front: \"f\", back: \"b\", role: \"b\")],\n)";
    check(
        src,
        &[
            "2:7: id `My Deck` may use only a-z, 0-9 and -",
            "3:10: empty text in `title`",
            "5:38: expected `Task(`, found `Tusk(`",
            "5:78: task `t` has no `what_happens` entries",
            "5:82: unknown field `colour` in Task; expected one of `id`, `title`, `time`, `what_happens`, `why`, `examples`, `questions`, `key_points`",
            "6:14: duplicate role id `a` (first at 5:14)",
            "6:25: empty text in `name`",
            "6:36: role `a` has no tasks",
            "8:54: unknown role `b` in note `n`; the deck's roles are `a`, `a`",
        ],
    );
}

#[test]
fn strings_escapes_and_comments_are_read_like_ron() {
    // Escapes decode before the blank check: `\u{20}` is a space.
    check(
        &deck("", " why: \"\\u{20}\\t\""),
        &["5:57: empty text in `why`"],
    );
    check(
        &deck(
            "",
            " why: \"a \\\"quoted\\\" \\u{1F600} \\x41 \\\\ \\n \\0\", questions: [r\"raw \\n\", r##\"a \"# b\"##]",
        ),
        &[],
    );
    check(
        &format!("/* outer /* inner */ still outer */\n{}", deck("", "")),
        &[],
    );
    // A `\` at a line end continues the string without the line break.
    check(&deck("", " why: \"one \\\n     two\""), &[]);
}

#[test]
fn columns_count_characters_not_bytes() {
    check(
        "Deck(id: \"d\", title: \"Ünïcödé ✓ 😀\", colour: 1, roles: [])",
        &[
            "1:37: unknown field `colour` in Deck; expected one of `id`, `title`, `description`, `source`, `roles`, `notes`, `synonyms`",
            "1:55: deck has no roles",
        ],
    );
}

#[test]
fn crlf_line_endings_do_not_shift_positions() {
    let src = deck("\n  colour: 1,", "").replace('\n', "\r\n");
    check(
        &src,
        &[
            "7:3: unknown field `colour` in Deck; expected one of `id`, `title`, `description`, `source`, `roles`, `notes`, `synonyms`",
        ],
    );
    check(&small().replace('\n', "\r\n"), &[]);
}

#[test]
fn syntax_errors_use_ron_words_and_position() {
    check(
        "Deck(id: \"d\" title: \"T\", roles: [])",
        &["1:14: Expected comma"],
    );
    check(
        "Deck(\n  id: \"d\",\n  title: \"unclosed,\n  roles: [],\n)",
        &["3:10: Expected end of string"],
    );
    check("", &["1:1: Unexpected end of RON"]);
}

#[test]
fn nesting_is_capped_with_our_own_message() {
    let src = format!("Deck(id: \"d\", title: \"T\", roles: {})", "[".repeat(70));
    check(&src, &["1:97: nesting deeper than 64 levels"]);
}

#[test]
fn ron_has_the_last_word_on_what_the_checker_misses() {
    // The tree skips attributes, so only ron knows this one demands names.
    check(
        &format!("#![enable(explicit_struct_names)]\n{}", deck("", "")).replace("Role(", "("),
        &["5:11: Expected the explicit struct name `Role`, but none was found"],
    );
}

#[test]
fn valid_ron_outside_the_subset_loads_when_clean_and_gets_our_message_when_not() {
    // ron accepts raw identifiers; the tree does not read them. A clean deck
    // never needs the tree (ron has the last word on the format)...
    let clean = "Deck(r#id: \"d\", title: \"T\", roles: [Role(id: \"r\", name: \"N\", tasks: [Task(id: \"t\", title: \"T\", what_happens: [\"x\"])])])";
    assert_eq!(parse_deck(clean).map(|d| d.id), Ok("d".to_owned()));
    // ...but one with a problem to locate gets our word on what we could not read.
    check(
        &clean.replace("title: \"T\"", "title: \" \""),
        &["1:8: expected `\"` opening the raw string, found `i`"],
    );
}

#[test]
fn deck_id_position_names_the_id_value() {
    assert_eq!(deck_id_position(&deck("", "")), Some((2, 7)));
    assert_eq!(deck_id_position("(title: \"T\")"), None);
    assert_eq!(deck_id_position("[\"id\"]"), None);
    assert_eq!(deck_id_position("Deck(id: "), None);
}

#[test]
fn parse_deck_refuses_a_deck_with_problems() {
    let problems = parse_deck("Deck(id: \"d\", title: \"T\", roles: [])")
        .expect_err("a deck without roles is refused");
    assert_eq!(problems.len(), 1);
}

/// Every `tests/fixtures/bad/NN-name.ron` produces exactly the lines of its
/// `.expected` file.
#[test]
fn bad_fixtures_report_exactly_the_expected_problems() {
    let dir = fixtures("bad");
    let mut decks: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the bad fixtures directory exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    decks.sort();
    assert!(decks.len() >= 14, "only {} bad fixtures", decks.len());
    let mut failures = Vec::new();
    for path in &decks {
        let src = fs::read_to_string(path).expect("a readable fixture");
        let expected_path = path.with_extension("expected");
        let expected =
            fs::read_to_string(&expected_path).expect("every bad fixture has an .expected file");
        let got: Vec<String> = check_source(&src).iter().map(ToString::to_string).collect();
        let want: Vec<&str> = expected.lines().collect();
        assert!(
            !want.is_empty(),
            "{} expects nothing",
            expected_path.display()
        );
        if got != want {
            failures.push(format!(
                "{}:\n  expected: {want:#?}\n  got: {got:#?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cutting the good deck anywhere before its closing `)` must be reported;
/// nothing may panic.
#[test]
fn every_prefix_of_a_valid_deck_is_handled() {
    let src = small();
    let content_end = src.trim_end().len();
    for (at, _) in src.char_indices().chain([(src.len(), ' ')]) {
        let problems = check_source(&src[..at]);
        if at < content_end {
            assert!(!problems.is_empty(), "prefix of {at} bytes accepted");
        }
    }
}

/// Single-character damage near the top of the good deck: never a panic,
/// and whatever the checker accepts, ron accepts too.
#[test]
fn mutations_of_a_valid_deck_never_panic() {
    let src = small();
    let chars: Vec<char> = src.chars().collect();
    for at in 0..300.min(chars.len()) {
        for replacement in ['(', '"', ']', ',', '\0'] {
            let mut mutated = chars.clone();
            mutated[at] = replacement;
            let mutated: String = mutated.into_iter().collect();
            let problems = check_source(&mutated);
            if problems.is_empty() {
                assert!(
                    ron_options().from_str::<Deck>(&mutated).is_ok(),
                    "accepted what ron rejects: char {at} -> {replacement:?}"
                );
            }
            if ron_tree::parse(&mutated).is_ok() {
                assert!(
                    ron_options().from_str::<ron::Value>(&mutated).is_ok(),
                    "the tree read what ron finds malformed: char {at} -> {replacement:?}"
                );
            }
        }
    }
}

#[test]
fn deep_nesting_fails_without_overflow() {
    // Speed is measured in the benchmarks; this proves the limit holds.
    let src = "[".repeat(100_000);
    check(&src, &["1:65: nesting deeper than 64 levels"]);
}

#[test]
fn a_one_megabyte_line_gets_one_problem() {
    let long = "a".repeat(1 << 20);
    let unclosed = format!("Deck(id: \"d\", title: \"{long}");
    assert_eq!(
        check_source(&unclosed),
        [Problem {
            line: 1,
            column: 22,
            message: "Expected end of string".to_owned()
        }]
    );
    let garbage = format!("Deck(id: \"d\", title: \"T\", roles: [], {long}");
    assert_eq!(check_source(&garbage).len(), 1);
    let escapes = format!("Deck(id: \"d\", title: \"{}", "\\n".repeat(1 << 19));
    assert_eq!(check_source(&escapes).len(), 1);
}
