//! Importer tests written as data: a document in, the deck's shape out.

use super::*;

fn imported(text: &str) -> Imported {
    import(text, &Options::default()).expect("imports")
}

#[test]
fn smoke() {
    let i = imported(
        "Day in the life of a SOC analyst\n\n7:00 AM — Handover\n\nWhat happens\n\nThe night shift hands over.\n",
    );
    assert_eq!(i.deck.roles.len(), 1);
}
