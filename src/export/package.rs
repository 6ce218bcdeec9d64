//! The Anki package (`.apkg`): a zip file holding a collection, Anki's
//! `SQLite` database, in the "Anki 2.1" layout (`collection.anki21`, schema
//! 11, the layout Anki's own "support older versions" export writes) and an
//! empty media list. Every Anki since 2.1 imports it; current Anki upgrades
//! the schema as it reads it.
//!
//! The collection is built in memory (rusqlite, `SQLite` bundled) and
//! serialized, so this stays pure: cards and a profile's schedule in,
//! bytes out. Notes are the same as the plain-text export's ([`Note`]),
//! of a note type of their own, `rolecall` (fields Front and Back, one card).
//! Anki recomputes each note's sort field and checksum on import, so those
//! columns hold the front and 0.

use super::anki_schedule::{self, CardRow, CreationDay, RevlogRow, json_f32};
use super::note::{self, DECK_ROOT, Note};
use crate::deck::Card;
use crate::history::Review;
use crate::progress::Progress;
use crate::schedule::Scheduler;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, MAIN_DB, params};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Write};

/// The note type's id: fixed, so importing a later export finds the note
/// type the first one created instead of adding another.
pub const NOTETYPE_ID: i64 = 1_735_689_600_000;
/// The deck options preset the decks use (with the profile's retention and
/// parameters); fixed for the same reason.
pub const PRESET_ID: i64 = 1_735_689_600_001;

/// What a package with progress carries of a profile.
#[derive(Debug)]
pub struct ProfileSchedule<'a> {
    /// Each reviewed card's state (the profile's replay of its log).
    pub progress: &'a Progress,
    /// The reviews that stand, in log order.
    pub reviews: Vec<&'a Review>,
    pub scheduler: &'a Scheduler,
    /// Fitted FSRS parameters; `None` for the defaults.
    pub parameters: Option<&'a [f32]>,
    pub new_per_day: u32,
}

/// Why a package could not be built (in memory: a bug, not bad input).
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("cannot build the Anki collection")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot zip the Anki package")]
    Zip(#[from] zip::result::ZipError),
    #[error("cannot write the Anki package")]
    Io(#[from] std::io::Error),
}

/// The package of `cards`, with `schedule`'s progress or (`None`) as new
/// cards; `now` stamps the notes and, without progress, the collection.
pub fn package(
    cards: &[&Card],
    schedule: Option<&ProfileSchedule>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, PackageError> {
    let collection = collection(cards, schedule, now)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki21", options)?;
    zip.write_all(&collection)?;
    // The legacy media list: a JSON object of zip entry → file name.
    zip.start_file("media", options)?;
    zip.write_all(b"{}")?;
    Ok(zip.finish()?.into_inner())
}

/// The collection's tables, as Anki 2.1 (schema 11) lays them out.
const SCHEMA: &str = "
CREATE TABLE col (
    id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
    scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
    usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
    models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
    tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
    flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
    flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
    ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
    type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
    ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
    lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
    odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
    ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
    factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (
    usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL
);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// The schema version of the layout above.
const SCHEMA_VERSION: i64 = 11;

/// The collection file: the bytes of the `SQLite` database built in memory.
fn collection(
    cards: &[&Card],
    schedule: Option<&ProfileSchedule>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, PackageError> {
    let day0 = creation_day(schedule, now);
    let now_secs = now.timestamp();
    let now_ms = now.timestamp_millis();
    let decks = deck_ids(cards, now_ms);
    let mut db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, ?3, 0, 0, 0, ?4, ?5, ?6, ?7, '{}')",
        params![
            day0.crt(),
            now_ms,
            SCHEMA_VERSION,
            config_json(&day0).to_string(),
            notetypes_json(now_secs).to_string(),
            decks_json(&decks, schedule.is_some(), now_secs).to_string(),
            presets_json(schedule, now_secs).to_string(),
        ],
    )?;
    let tx = db.transaction()?;
    {
        let mut note_row =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")?;
        let mut card_row = tx.prepare(
            "INSERT INTO cards VALUES
             (?1, ?2, ?3, 0, ?4, -1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, 0, 0, ?13)",
        )?;
        let mut revlog_row =
            tx.prepare("INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let reviews = schedule.map(reviews_by_card).unwrap_or_default();
        let mut revlog_ids = HashSet::new();
        // Ids are milliseconds, as Anki's are: the notes' ids end at `now`.
        let first_id = now_ms - i64::try_from(cards.len()).unwrap_or(0);
        for (index, card) in cards.iter().enumerate() {
            let id = first_id + i64::try_from(index).unwrap_or(0);
            let note = Note::of(card);
            note_row.execute(params![
                id,
                note.guid,
                NOTETYPE_ID,
                now_secs,
                format!(" {} ", note.tags.join(" ")),
                format!("{}\u{1f}{}", note.front, note.back),
                note.front,
            ])?;
            let position = i64::try_from(index + 1).unwrap_or(i64::MAX);
            let (row, log) = card_schedule(card, schedule, &reviews, &day0, position);
            card_row.execute(params![
                id,
                id,
                decks[&note.deck],
                now_secs,
                row.card_type,
                row.queue,
                row.due,
                row.interval,
                row.factor,
                row.reps,
                row.lapses,
                row.left,
                row.data,
            ])?;
            for entry in log {
                let revlog_id = unique_id(entry.at_ms, &mut revlog_ids);
                revlog_row.execute(params![
                    revlog_id,
                    id,
                    entry.ease,
                    entry.interval,
                    entry.last_interval,
                    entry.factor,
                    entry.taken_ms,
                    entry.kind,
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(db.serialize(MAIN_DB)?.to_vec())
}

/// The collection counts days from the learner's first review (so every
/// due day is a day number of 0 or more), or from `now`.
fn creation_day(schedule: Option<&ProfileSchedule>, now: DateTime<Utc>) -> CreationDay {
    match schedule {
        Some(s) => {
            let first = s.reviews.iter().map(|r| r.at).min().unwrap_or(now);
            CreationDay::of(*s.scheduler.clock(), first.min(now))
        }
        None => CreationDay::of(crate::schedule::DayClock::default(), now),
    }
}

/// Each card's standing reviews, in log order.
fn reviews_by_card<'a>(schedule: &ProfileSchedule<'a>) -> HashMap<&'a str, Vec<&'a Review>> {
    let mut by_card: HashMap<&str, Vec<&Review>> = HashMap::new();
    for review in &schedule.reviews {
        by_card
            .entry(review.card.as_str())
            .or_default()
            .push(review);
    }
    by_card
}

/// A card's row and review log: new without a schedule or a state.
fn card_schedule(
    card: &Card,
    schedule: Option<&ProfileSchedule>,
    reviews: &HashMap<&str, Vec<&Review>>,
    day0: &CreationDay,
    position: i64,
) -> (CardRow, Vec<RevlogRow>) {
    let id = card.id.as_str();
    match schedule.and_then(|s| s.progress.get(id).map(|p| (s, p))) {
        Some((s, progress)) => {
            let own = reviews.get(id).map_or(&[][..], Vec::as_slice);
            anki_schedule::reviewed(own, &progress.state, s.scheduler, day0)
        }
        None => (anki_schedule::new_card(position), Vec::new()),
    }
}

/// `at_ms`, or the next free millisecond: the review log's ids are unique.
fn unique_id(at_ms: i64, taken: &mut HashSet<i64>) -> i64 {
    let mut id = at_ms;
    while !taken.insert(id) {
        id += 1;
    }
    id
}

/// Deck ids by Anki deck name: `Default` (which every collection has) is
/// 1, then `rolecall` and each exported deck. On import Anki matches decks
/// by name, so these ids only need to be unique here.
fn deck_ids(cards: &[&Card], now_ms: i64) -> BTreeMap<String, i64> {
    let mut names: Vec<String> = vec![DECK_ROOT.to_string()];
    for card in cards {
        let name = note::deck_name(&card.deck);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut ids = BTreeMap::from([("Default".to_string(), 1)]);
    for (i, name) in names.into_iter().enumerate() {
        ids.insert(name, now_ms + i64::try_from(i).unwrap_or(0));
    }
    ids
}

/// The collection's settings (`col.conf`): the v2 scheduler with the
/// learner's day boundary, which Anki reads to count days.
fn config_json(day0: &CreationDay) -> Value {
    json!({
        "activeDecks": [1],
        "curDeck": 1,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
        "estTimes": true,
        "dueCounts": true,
        "curModel": NOTETYPE_ID,
        "nextPos": 1,
        "sortType": "noteFld",
        "sortBackwards": false,
        "addToCur": true,
        "dayLearnFirst": false,
        "schedVer": 2,
        "sched2021": true,
        "rollover": day0.rollover_hour(),
        "creationOffset": day0.minutes_west(),
        "localOffset": day0.minutes_west(),
    })
}

/// The note type: Front and Back, one card showing Front, then both.
fn notetypes_json(now_secs: i64) -> Value {
    let field = |name: &str, ord: u32| {
        json!({
            "name": name, "ord": ord, "sticky": false, "rtl": false,
            "font": "Arial", "size": 20, "media": [],
        })
    };
    let notetype = json!({
        "id": NOTETYPE_ID,
        "name": "rolecall",
        "type": 0,
        "mod": now_secs,
        "usn": -1,
        "sortf": 0,
        "did": null,
        "tmpls": [{
            "name": "Card 1",
            "ord": 0,
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
            "bqfmt": "",
            "bafmt": "",
            "did": null,
            "bfont": "",
            "bsize": 0,
        }],
        "flds": [field("Front", 0), field("Back", 1)],
        "css": ".card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n",
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "latexsvg": false,
        "req": [[0, "any", [0]]],
        "tags": [],
        "vers": [],
    });
    json!({ NOTETYPE_ID.to_string(): notetype })
}

/// The decks (`col.decks`), by id; names use `::` between levels. With a
/// schedule, rolecall's decks use the `rolecall` preset.
fn decks_json(decks: &BTreeMap<String, i64>, with_preset: bool, now_secs: i64) -> Value {
    let mut all = serde_json::Map::new();
    for (name, &id) in decks {
        let preset = if with_preset && id != 1 { PRESET_ID } else { 1 };
        all.insert(
            id.to_string(),
            json!({
                "id": id,
                "mod": now_secs,
                "name": name,
                "usn": -1,
                "lrnToday": [0, 0],
                "revToday": [0, 0],
                "newToday": [0, 0],
                "timeToday": [0, 0],
                "collapsed": false,
                "browserCollapsed": false,
                "desc": "",
                "dyn": 0,
                "conf": preset,
                "extendNew": 0,
                "extendRev": 0,
            }),
        );
    }
    Value::Object(all)
}

/// The deck options presets (`col.dconf`): Anki's default and, with a
/// schedule, `rolecall`: the profile's desired retention, new cards per day
/// and fitted FSRS parameters (Anki takes them when "Import deck presets"
/// is ticked), and rolecall's one 10-minute step for learning and
/// relearning (Again comes back in 10 minutes; a first Good graduates).
fn presets_json(schedule: Option<&ProfileSchedule>, now_secs: i64) -> Value {
    let mut presets = serde_json::Map::new();
    presets.insert("1".into(), preset(1, "Default", now_secs));
    if let Some(schedule) = schedule {
        let mut own = preset(PRESET_ID, "rolecall", now_secs);
        let parameters = schedule.parameters.unwrap_or(&[]);
        // Anki keeps FSRS 4.5, 5 and 6 parameters apart, by their count.
        let of_length = |n: usize| {
            let values = if parameters.len() == n {
                parameters
            } else {
                &[]
            };
            Value::Array(values.iter().map(|&w| json_f32(w)).collect())
        };
        own["new"]["delays"] = json!([10.0]);
        own["new"]["perDay"] = json!(schedule.new_per_day);
        own["desiredRetention"] = json_f32(schedule.scheduler.desired_retention());
        own["fsrsWeights"] = of_length(17);
        own["fsrsParams5"] = of_length(19);
        own["fsrsParams6"] = of_length(21);
        presets.insert(PRESET_ID.to_string(), own);
    }
    Value::Object(presets)
}

/// A preset with Anki's default options.
fn preset(id: i64, name: &str, now_secs: i64) -> Value {
    json!({
        "id": id,
        "mod": now_secs,
        "name": name,
        "usn": -1,
        "maxTaken": 60,
        "autoplay": true,
        "timer": 0,
        "replayq": true,
        "dyn": false,
        "new": {
            "bury": false,
            "delays": [1.0, 10.0],
            "initialFactor": anki_schedule::STARTING_EASE,
            "ints": [1, 4, 0],
            "order": 1,
            "perDay": 20,
        },
        "rev": {
            "bury": false,
            "ease4": 1.3,
            "ivlFct": 1.0,
            "maxIvl": crate::schedule::MAX_INTERVAL_DAYS,
            "perDay": 200,
            "hardFactor": 1.2,
        },
        "lapse": {
            "delays": [10.0],
            "leechAction": 1,
            "leechFails": 8,
            "minInt": 1,
            "mult": 0.0,
        },
        "desiredRetention": 0.9,
        "fsrsWeights": [],
        "fsrsParams5": [],
        "fsrsParams6": [],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::AnswerMode;
    use crate::export::note::tests::card;
    use crate::grade::Grade;
    use crate::history::test_review;
    use crate::schedule::DayClock;
    use std::io::Read;

    /// The collection inside a package, opened read-only.
    fn open(package: &[u8]) -> Connection {
        let mut zip = zip::ZipArchive::new(Cursor::new(package)).unwrap();
        let mut media = String::new();
        zip.by_name("media")
            .unwrap()
            .read_to_string(&mut media)
            .unwrap();
        assert_eq!(media, "{}");
        let file = zip.by_name("collection.anki21").unwrap();
        let size = usize::try_from(file.size()).unwrap();
        let mut db = Connection::open_in_memory().unwrap();
        db.deserialize_read_exact(MAIN_DB, file, size, true)
            .unwrap();
        db
    }

    fn json(db: &Connection, column: &str) -> Value {
        let text: String = db
            .query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_package_holds_an_anki_collection_of_the_cards() {
        let (a, mut b) = (card(AnswerMode::Choice), card(AnswerMode::Typed));
        b.id = crate::deck::CardId("d/r/t/questions".into());
        b.deck = "other".into();
        let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
        let db = open(&package(&[&a, &b], None, now).unwrap());
        let (version, crt): (i64, i64) = db
            .query_row("SELECT ver, crt FROM col", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(version, 11);
        assert_eq!(
            crt,
            "2026-03-02T04:00:00Z"
                .parse::<DateTime<Utc>>()
                .unwrap()
                .timestamp()
        );
        let conf = json(&db, "conf");
        assert_eq!(
            (conf["schedVer"].as_i64(), conf["rollover"].as_i64()),
            (Some(2), Some(4))
        );
        let models = json(&db, "models");
        let model = &models[NOTETYPE_ID.to_string()];
        assert_eq!(model["name"], "rolecall");
        assert_eq!(model["flds"][1]["name"], "Back");
        let decks = json(&db, "decks");
        let mut names: Vec<&str> = decks
            .as_object()
            .unwrap()
            .values()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            ["Default", "rolecall", "rolecall::d", "rolecall::other"]
        );
        let notes: Vec<(String, String, String)> = db
            .prepare("SELECT guid, flds, tags FROM notes ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(notes[0].0, "rolecall:d/r/t/which-role");
        assert_eq!(
            notes[0].1,
            format!("{}\u{1f}{}", Note::of(&a).front, Note::of(&a).back)
        );
        assert_eq!(
            notes[1].2,
            " rolecall::other::r rolecall::kind::which-role "
        );
        // Without a schedule every card is new, in export order.
        let cards: Vec<(i64, i64, i64)> = db
            .prepare("SELECT type, queue, due FROM cards ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(cards, [(0, 0, 1), (0, 0, 2)]);
        assert_eq!(
            json(&db, "dconf").as_object().unwrap().len(),
            1,
            "no preset"
        );
    }

    #[test]
    fn a_schedule_brings_states_reviews_and_a_preset() {
        let c = card(AnswerMode::Typed);
        let scheduler = Scheduler::new(None, 0.85, DayClock::default()).unwrap();
        let reviews = [
            test_review("d/r/t/which-role", "2026-03-01T09:00:00.000Z", Grade::Good),
            // Two answers in one millisecond: two rows of the review log.
            test_review("d/r/t/which-role", "2026-03-04T09:00:00.000Z", Grade::Again),
            test_review("d/r/t/which-role", "2026-03-04T09:00:00.000Z", Grade::Good),
            test_review(
                "gone/r/t/which-role",
                "2026-03-04T09:00:00.000Z",
                Grade::Good,
            ),
        ];
        let entries: Vec<crate::history::Entry> = reviews
            .iter()
            .cloned()
            .map(crate::history::Entry::Review)
            .collect();
        let progress = Progress::replay(&entries, &scheduler);
        let schedule = ProfileSchedule {
            progress: &progress,
            reviews: reviews.iter().collect(),
            scheduler: &scheduler,
            parameters: None,
            new_per_day: 7,
        };
        let now: DateTime<Utc> = "2026-03-05T09:00:00Z".parse().unwrap();
        let db = open(&package(&[&c], Some(&schedule), now).unwrap());
        let crt: i64 = db
            .query_row("SELECT crt FROM col", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            crt,
            "2026-03-01T04:00:00Z"
                .parse::<DateTime<Utc>>()
                .unwrap()
                .timestamp()
        );
        let (kind, reps, lapses): (i64, i64, i64) = db
            .query_row("SELECT type, reps, lapses FROM cards", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((kind, reps, lapses), (2, 3, 1));
        let ids: Vec<i64> = db
            .prepare("SELECT id FROM revlog ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let at = "2026-03-04T09:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .timestamp_millis();
        assert_eq!(ids.len(), 3, "the card no deck has is left out");
        assert_eq!(ids[1..], [at, at + 1]);
        let presets = json(&db, "dconf");
        let own = &presets[PRESET_ID.to_string()];
        assert_eq!(own["desiredRetention"].to_string(), "0.85");
        assert_eq!(own["new"]["perDay"], 7);
        assert_eq!(json(&db, "decks")["1"]["conf"], 1);
    }
}
