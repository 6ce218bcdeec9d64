//! Document bytes → decode → import → RON → the deck validator: no input
//! may panic or hang, and a deck the importer writes must read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{ImportOptions, decode_document, import, parse_deck};

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode_document(data);
    let options = ImportOptions {
        source: Some("fuzz.txt".into()),
        fallback_title: "fuzz".into(),
        ..ImportOptions::default()
    };
    let Ok(imported) = import(&text, &options) else {
        return;
    };
    let ron = imported.to_ron();
    if let Err(problems) = parse_deck(&ron) {
        panic!("the imported deck does not read back: {problems:?}\n{ron}");
    }
});
