//! Deck text → parse + validate → card generation: no input may panic,
//! hang or allocate without bound, whatever the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{generate_cards, parse_deck};

fuzz_target!(|data: &[u8]| {
    // Deck files are read as UTF-8; anything else is refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(deck) = parse_deck(text) {
        let cards = generate_cards(&deck, 0);
        // Generation is deterministic: the same deck gives the same ids.
        let again = generate_cards(&deck, 0);
        assert_eq!(
            cards.iter().map(|c| &c.id).collect::<Vec<_>>(),
            again.iter().map(|c| &c.id).collect::<Vec<_>>()
        );
    }
});
