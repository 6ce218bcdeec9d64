//! Document bytes → decode → import (as detected, and as Markdown) → RON →
//! the deck validator, the deck warnings and the import report: no input
//! may panic or hang, and a deck the importer writes must read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{ImportFormat, ImportOptions, decode_document, import, lint_deck, parse_deck};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_document(data);
    for format in [ImportFormat::Auto, ImportFormat::Markdown] {
        let options = ImportOptions {
            source: Some("fuzz.txt".into()),
            fallback_title: "fuzz".into(),
            format,
            ..ImportOptions::default()
        };
        let Ok(imported) = import(&text, &options) else {
            continue;
        };
        let ron = imported.to_ron();
        match parse_deck(&ron) {
            Ok(deck) => {
                let _ = lint_deck(&deck);
                let _ = imported.report(0);
            }
            Err(problems) => panic!("the imported deck does not read back: {problems:?}\n{ron}"),
        }
    }
});
