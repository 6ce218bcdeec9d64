//! Finding and loading decks: built-in decks, deck folders, and the rules
//! for which deck wins when two share an id.
//!
//! Owns file reading for decks and turning every problem into a
//! [`FileProblem`] with a position. It does not print; callers decide how to
//! show problems.

use super::card::{Card, CardId};
use super::generate::{each_card, generate};
use super::model::Deck;
use super::validate;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Decks compiled into the binary, so a fresh install works with no files.
pub const BUILT_IN: [(&str, &str); 2] = [
    (
        "cyber-pm-day.ron",
        include_str!("../../decks/cyber-pm-day.ron"),
    ),
    (
        "product-security-roles.ron",
        include_str!("../../decks/product-security-roles.ron"),
    ),
];

/// Deck files larger than this are refused before parsing.
pub const MAX_DECK_BYTES: u64 = 16 * 1024 * 1024;

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn(&'static str),
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn(name) => write!(f, "<built-in>/{name}"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One problem in one deck file, positioned for `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileProblem {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file (e.g. unreadable).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// Decks could not be loaded; every problem found is listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub problems: Vec<FileProblem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{n} problem{} in deck files (run `rolecall check` for the full list):",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {}", crate::text::inert(&p.to_string()))?;
        }
        Ok(())
    }
}

/// Which decks to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// Load the decks compiled into the binary first.
    pub built_in: bool,
    /// Folders whose `*.ron` files are loaded, in order.
    pub dirs: Vec<PathBuf>,
}

impl Sources {
    /// The default: built-ins, then `./decks` and the config dir's `decks`
    /// folder when they exist. `explicit` folders (from `--decks`) replace all
    /// of that.
    pub fn resolve(explicit: &[PathBuf], cwd: &Path, config_dir: Option<&Path>) -> Sources {
        if !explicit.is_empty() {
            return Sources {
                built_in: false,
                dirs: explicit.to_vec(),
            };
        }
        let mut dirs = Vec::new();
        let local = cwd.join("decks");
        if local.is_dir() {
            dirs.push(local);
        }
        if let Some(config) = config_dir {
            let user = config.join("decks");
            if user.is_dir() && !dirs.contains(&user) {
                dirs.push(user);
            }
        }
        Sources {
            built_in: true,
            dirs,
        }
    }
}

/// One loaded deck with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub origin: Origin,
}

/// The decks in play and their generated cards, in deck order.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub decks: Vec<LoadedDeck>,
    pub cards: Vec<Card>,
    /// Problems of the deck files left out (see [`load`]): one broken file
    /// must not lock the learner out of every other deck.
    pub skipped: Vec<FileProblem>,
}

impl Library {
    /// Builds the library from decks already parsed: generates cards and
    /// checks card ids are unique across decks.
    pub fn from_decks(decks: Vec<LoadedDeck>, seed: u64) -> Result<Library, LoadError> {
        let library = Library::assemble(decks, seed);
        if library.skipped.is_empty() {
            Ok(library)
        } else {
            Err(LoadError {
                problems: library.skipped,
            })
        }
    }

    /// Generates the decks' cards; a deck that generates a card id an
    /// earlier deck already has is left out, its clashes in `skipped`.
    fn assemble(decks: Vec<LoadedDeck>, seed: u64) -> Library {
        let mut cards = Vec::new();
        // Which deck each card came from, for the rare duplicate message.
        let mut deck_of = Vec::new();
        for (d, loaded) in decks.iter().enumerate() {
            let generated = generate(&loaded.deck, seed);
            deck_of.resize(deck_of.len() + generated.len(), d);
            cards.extend(generated);
        }
        let (skipped, dropped) = clashes(&decks, cards.iter().map(|c| c.id.as_str()), &deck_of);
        if skipped.is_empty() {
            return Library {
                decks,
                cards,
                skipped,
            };
        }
        let cards = cards
            .into_iter()
            .zip(&deck_of)
            .filter(|(_, d)| !dropped.contains(d))
            .map(|(c, _)| c)
            .collect();
        let decks = decks
            .into_iter()
            .enumerate()
            .filter(|(d, _)| !dropped.contains(d))
            .map(|(_, deck)| deck)
            .collect();
        Library {
            decks,
            cards,
            skipped,
        }
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id.as_str() == id)
    }

    pub fn deck(&self, id: &str) -> Option<&LoadedDeck> {
        self.decks.iter().find(|d| d.deck.id == id)
    }

    /// All deck synonym groups, for the scorer.
    pub fn synonyms(&self) -> Vec<Vec<String>> {
        self.decks
            .iter()
            .flat_map(|d| d.deck.synonyms.iter().cloned())
            .collect()
    }
}

/// A deck file read from disk or the binary, not yet parsed.
#[derive(Debug, Clone)]
pub struct DeckSource {
    pub origin: Origin,
    pub text: String,
}

/// Reads every deck file the sources name. Problems reading a file (missing
/// folder, too large, not UTF-8) are collected, not fatal.
pub fn read_sources(sources: &Sources) -> (Vec<DeckSource>, Vec<FileProblem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for_each_source(sources, |read| match read {
        Ok(source) => files.push(source),
        Err(p) => problems.push(p),
    });
    (files, problems)
}

/// Reads the deck files the sources name one at a time, in order, handing
/// each (or the problem reading it) to `each`: a caller that parses as it
/// goes never holds every file's text at once.
fn for_each_source(sources: &Sources, mut each: impl FnMut(Result<DeckSource, FileProblem>)) {
    if sources.built_in {
        for (name, text) in BUILT_IN {
            each(Ok(DeckSource {
                origin: Origin::BuiltIn(name),
                text: text.to_string(),
            }));
        }
    }
    for dir in &sources.dirs {
        match deck_files_in(dir) {
            Ok(paths) => {
                for path in paths {
                    each(read_deck_file(&path));
                }
            }
            Err(p) => each(Err(p)),
        }
    }
}

/// The `*.ron` files directly inside `dir`, sorted by name.
pub fn deck_files_in(dir: &Path) -> Result<Vec<PathBuf>, FileProblem> {
    let whole_file = |message: String| FileProblem {
        file: dir.display().to_string(),
        line: 0,
        column: 0,
        message,
    };
    let entries =
        std::fs::read_dir(dir).map_err(|e| whole_file(format!("cannot read deck folder: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| whole_file(format!("cannot read deck folder: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads one deck file, refusing folders, special files, oversized and
/// non-UTF-8 files with a clear problem. A UTF-8 byte order mark (which
/// some editors write) is dropped.
pub fn read_deck_file(path: &Path) -> Result<DeckSource, FileProblem> {
    let whole_file = |message: String| FileProblem {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| whole_file(format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(whole_file(
            "is a folder; name a .ron file or use --decks DIR".into(),
        ));
    }
    if !meta.is_file() {
        // A device such as /dev/zero never ends, a FIFO may never start.
        return Err(whole_file(
            "is not a regular file (a device, FIFO or socket); name a .ron file".into(),
        ));
    }
    let too_large = |size: u64| {
        whole_file(format!(
            "deck file is {size} bytes; the limit is {MAX_DECK_BYTES} (16 MiB)"
        ))
    };
    if meta.len() > MAX_DECK_BYTES {
        return Err(too_large(meta.len()));
    }
    // Capped: the file may grow between the size check and the read.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_DECK_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| whole_file(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_DECK_BYTES {
        return Err(whole_file(format!(
            "deck file is over {MAX_DECK_BYTES} bytes (16 MiB), the limit"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        whole_file(format!(
            "not UTF-8 text (invalid byte at offset {}); save the deck as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(DeckSource {
        origin: Origin::File(path.to_path_buf()),
        text,
    })
}

/// How many cards the decks generate, or the card ids two decks share (as
/// [`Library::from_decks`] reports them): what `check` needs, without
/// keeping the cards, which hold most of a library's memory.
pub fn count_cards(decks: &[LoadedDeck], seed: u64) -> Result<usize, LoadError> {
    let mut ids = Vec::new();
    let mut deck_of = Vec::new();
    for (d, loaded) in decks.iter().enumerate() {
        each_card(&loaded.deck, seed, |card| {
            ids.push(card.id);
            deck_of.push(d);
        });
    }
    let (problems, _) = clashes(decks, ids.iter().map(CardId::as_str), &deck_of);
    if problems.is_empty() {
        Ok(ids.len())
    } else {
        Err(LoadError { problems })
    }
}

/// Each card id an earlier card already has, as a problem of the deck that
/// repeats it, and the decks that repeat one. `deck_of[i]`: the deck of the
/// `i`-th id.
fn clashes<'a>(
    decks: &[LoadedDeck],
    ids: impl Iterator<Item = &'a str>,
    deck_of: &[usize],
) -> (Vec<FileProblem>, HashSet<usize>) {
    // Hashed for speed (a library has a key per card), seeded per run.
    let mut first: HashMap<&str, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(deck_of.len(), foldhash::fast::RandomState::default());
    let mut problems = Vec::new();
    let mut dropped = HashSet::new();
    for (i, id) in ids.enumerate() {
        match first.entry(id) {
            Entry::Occupied(f) => {
                problems.push(FileProblem {
                    file: decks[deck_of[i]].origin.to_string(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "card id `{id}` is generated twice (also from {}); rename a role, task or note id",
                        decks[deck_of[*f.get()]].origin
                    ),
                });
                dropped.insert(deck_of[i]);
            }
            Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    (problems, dropped)
}

/// Parses and validates the given sources, applies the replacement rule
/// (a file deck replaces a built-in deck of the same id) and reports every
/// problem, including the same deck id in two files.
pub fn parse_sources(files: Vec<DeckSource>) -> (Vec<LoadedDeck>, Vec<FileProblem>) {
    let mut problems = Vec::new();
    let mut decks: Vec<LoadedDeck> = Vec::new();
    for source in files {
        // Each text is freed once parsed.
        parse_one(source.origin, &source.text, &mut decks, &mut problems);
    }
    (decks, problems)
}

/// [`parse_sources`] for a caller that keeps the texts (`check` points at
/// lines in them), so they are never copied.
pub fn parse_borrowed(files: &[DeckSource]) -> (Vec<LoadedDeck>, Vec<FileProblem>) {
    let mut problems = Vec::new();
    let mut decks: Vec<LoadedDeck> = Vec::new();
    for source in files {
        parse_one(
            source.origin.clone(),
            &source.text,
            &mut decks,
            &mut problems,
        );
    }
    (decks, problems)
}

/// Parses one source into `decks` (applying the replacement rule) or its
/// problems into `problems`.
fn parse_one(
    origin: Origin,
    text: &str,
    decks: &mut Vec<LoadedDeck>,
    problems: &mut Vec<FileProblem>,
) {
    let file = origin.to_string();
    let mut deck = match validate::parse_deck(text) {
        Ok(deck) => deck,
        Err(found) => {
            problems.extend(found.into_iter().map(|p| FileProblem {
                file: file.clone(),
                line: p.line,
                column: p.column,
                message: p.message,
            }));
            return;
        }
    };
    deck.shrink_to_fit();
    match decks.iter().position(|d| d.deck.id == deck.id) {
        Some(i) if matches!(decks[i].origin, Origin::BuiltIn(_)) => {
            decks[i] = LoadedDeck { deck, origin };
        }
        Some(i) => {
            let (line, column) = validate::deck_id_position(text).unwrap_or((0, 0));
            problems.push(FileProblem {
                file,
                line,
                column,
                message: format!(
                    "deck id `{}` is already used by {}; deck ids must be unique",
                    deck.id, decks[i].origin
                ),
            });
        }
        None => decks.push(LoadedDeck { deck, origin }),
    }
}

/// Loads the decks the sources describe. A file with a problem (unreadable,
/// invalid, a deck id or card id already taken) is left out and its
/// problems kept in [`Library::skipped`], so the other decks, built-ins
/// included, still load; when no deck loads at all, every problem found is
/// the error. (`check` reports every problem and fails on any.)
///
/// Each file is parsed as soon as it is read, so peak memory holds one
/// file's text, not all of them.
pub fn load(sources: &Sources, seed: u64) -> Result<Library, LoadError> {
    let mut read_problems = Vec::new();
    let mut problems = Vec::new();
    let mut decks = Vec::new();
    for_each_source(sources, |read| match read {
        Ok(source) => parse_one(source.origin, &source.text, &mut decks, &mut problems),
        Err(p) => read_problems.push(p),
    });
    // Reading problems first, as when all files were read before parsing.
    read_problems.append(&mut problems);
    let mut problems = read_problems;
    let mut library = Library::assemble(decks, seed);
    problems.append(&mut library.skipped);
    if library.decks.is_empty() && !problems.is_empty() {
        return Err(LoadError { problems });
    }
    library.skipped = problems;
    Ok(library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_decks_load_and_generate_unique_ids() {
        let library = load(
            &Sources {
                built_in: true,
                dirs: vec![],
            },
            0,
        )
        .expect("built-in decks are valid");
        assert_eq!(library.decks.len(), 2);
        let mut ids: Vec<&str> = library.cards.iter().map(|c| c.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert_eq!(count_cards(&library.decks, 0), Ok(n), "check's count");
    }

    #[test]
    fn loaded_decks_hold_no_spare_list_capacity() {
        let library = load(
            &Sources {
                built_in: true,
                dirs: vec![],
            },
            0,
        )
        .unwrap();
        for role in library.decks.iter().flat_map(|d| &d.deck.roles) {
            assert_eq!(role.tasks.capacity(), role.tasks.len());
            for task in &role.tasks {
                assert_eq!(task.what_happens.capacity(), task.what_happens.len());
                assert_eq!(task.questions.capacity(), task.questions.len());
            }
        }
    }

    #[test]
    fn a_broken_deck_file_is_skipped_and_the_others_load() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("broken.ron"),
            "Deck(id: \"x\",\n  title: 3)",
        )
        .unwrap();
        let library = load(
            &Sources {
                built_in: true,
                dirs: vec![tmp.path().to_path_buf()],
            },
            0,
        )
        .expect("the built-in decks still load");
        assert_eq!(library.decks.len(), 2);
        assert!(!library.skipped.is_empty());
        assert!(library.skipped[0].file.ends_with("broken.ron"));
        assert!(library.skipped[0].line > 0, "{}", library.skipped[0]);
        // Nothing but broken files: an error.
        let only = load(
            &Sources {
                built_in: false,
                dirs: vec![tmp.path().to_path_buf()],
            },
            0,
        );
        assert!(only.is_err());
    }

    #[test]
    fn explicit_dirs_replace_defaults() {
        let tmp = std::env::temp_dir();
        let s = Sources::resolve(&[PathBuf::from("x")], &tmp, None);
        assert!(!s.built_in);
        assert_eq!(s.dirs, [PathBuf::from("x")]);
        let s = Sources::resolve(&[], Path::new("/nonexistent-rolecall"), None);
        assert!(s.built_in);
        assert!(s.dirs.is_empty());
    }

    #[test]
    fn a_file_deck_replaces_a_built_in_and_two_files_clash() {
        let built_in = BUILT_IN[0].1.to_string();
        let edited = built_in.replacen("title: \"", "title: \"Edited ", 1);
        let files = vec![
            DeckSource {
                origin: Origin::BuiltIn(BUILT_IN[0].0),
                text: built_in.clone(),
            },
            DeckSource {
                origin: Origin::File("a/x.ron".into()),
                text: edited.clone(),
            },
        ];
        let (decks, problems) = parse_sources(files);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(decks.len(), 1);
        assert!(decks[0].deck.title.starts_with("Edited "));
        assert_eq!(decks[0].origin, Origin::File("a/x.ron".into()));

        let files = vec![
            DeckSource {
                origin: Origin::File("a/x.ron".into()),
                text: edited.clone(),
            },
            DeckSource {
                origin: Origin::File("b/y.ron".into()),
                text: edited,
            },
        ];
        let (_, problems) = parse_sources(files);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].file, "b/y.ron");
        assert!(problems[0].message.contains("a/x.ron"), "{}", problems[0]);
        assert!(problems[0].line > 0);
    }
}
