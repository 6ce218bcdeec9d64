//! Deck warnings: a deck that loads but would make bad cards.
//!
//! Not errors: `rolecall check` lists them and still exits 0, and `import`
//! adds them to its own warnings. Each names the field it is about, so
//! `check` can point at the line. The rules, all about what a learner sees:
//! - role names, or task titles within a role, that are near-duplicates
//!   (the same once case and punctuation are set aside, one holding the
//!   other whole, or a few letters apart): which-role and which-task
//!   options become a coin flip. The work per name is bounded, at the
//!   cost of stated limits: the same names are always found; a name held by
//!   another when it has at most [`MAX_HELD_WORDS`] words; names a few
//!   letters apart when at most [`NEAR_WINDOW`] distinct names lie between
//!   them, through a run of letters the edits leave whole, unless every
//!   such run is shared by [`PIECE_HOLDERS`] earlier names of their length
//!   (thousands of names built from a few common words);
//! - choice options that read the same (profile values of two roles);
//! - a task whose only content is a link, code or a reference, and any
//!   single point that is one: nothing to recall;
//! - Markdown left in text (`**`, `*…*`, `` ` ``, links), shown as typed;
//! - an example whose insight is only questions (the importer's stand-in
//!   when the source states none) or repeats its situation: the scenario
//!   card's answer teaches nothing.

use std::collections::HashMap;

use super::load::{FileProblem, LoadedDeck};
use super::model::{Deck, Example, Role, Task};
use super::ron_tree::{self, Node, Pos, Value};
use crate::markup::{is_reference, markup_in};
use crate::text::fold_for_compare as fold;

/// A step of the path from the deck to a field: a field or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Field(&'static str),
    Index(usize),
}

/// One warning about a deck, and the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    pub path: Vec<Step>,
    pub rule: Rule,
    pub message: String,
}

/// Which rule a warning comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Near-duplicate role names or task titles.
    NearDuplicate,
    /// Choice options that read the same.
    SameOptions,
    /// A task or point that only points elsewhere.
    Pointer,
    /// Markdown left in text.
    Markup,
    /// An example that teaches nothing.
    NoInsight,
}

/// How alike two names are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    /// The same once case and punctuation are set aside.
    Same,
    /// The first holds the second whole, at word boundaries.
    Holds,
    /// The second holds the first.
    HeldBy,
    /// This many letters apart (Damerau–Levenshtein), and close for their length.
    Close(usize),
}

/// A name folded for comparing, with its letter counts.
struct Name {
    folded: String,
    /// `folded` between spaces, to find one name inside another by words.
    padded: String,
    chars: usize,
    /// How many of each letter a–z it has, of digits in five slots (0 and
    /// 5, 1 and 6, …), and of anything else (slot 31), at most 255: sums of
    /// counts, capped, so their differences stay a lower bound of the
    /// letters' own, in a length compared in a few wide instructions.
    counts: Counts,
}

/// Letter counts, as [`Name::counts`] has them.
type Counts = [u8; 32];

impl Name {
    fn new(text: &str) -> Name {
        let folded = fold(text);
        let mut counts: Counts = [0; 32];
        for c in folded.chars() {
            let slot = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + (c as usize - '0' as usize) % 5,
                _ => 31,
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Name {
            padded: format!(" {folded} "),
            chars: folded.chars().count(),
            folded,
            counts,
        }
    }
}

/// Letters two names may be apart and still be near-duplicates (and then
/// only when the shorter is six letters per letter apart).
const MAX_APART: usize = 3;

/// How alike two names are, when alike enough to be mistaken for each other.
fn likeness_of(a: &Name, b: &Name) -> Option<Likeness> {
    if a.folded.is_empty() || b.folded.is_empty() {
        return None;
    }
    if a.folded == b.folded {
        return Some(Likeness::Same);
    }
    if a.padded.contains(&b.padded) {
        return Some(Likeness::Holds);
    }
    if b.padded.contains(&a.padded) {
        return Some(Likeness::HeldBy);
    }
    letters_apart(a, b).map(Likeness::Close)
}

/// How many letters apart two different names are, when close for their
/// length.
fn letters_apart(a: &Name, b: &Name) -> Option<usize> {
    if !may_be_close(a, b) {
        return None;
    }
    let distance = strsim::damerau_levenshtein(&a.folded, &b.folded);
    close_for_length(distance, a, b).then_some(distance)
}

/// Whether two names can be close for their length, judged by their letter
/// counts alone: each edit changes the counts by two at most, so half their
/// difference is the least number of letters the names are apart. Most
/// pairs stop here, for a few instructions.
fn may_be_close(a: &Name, b: &Name) -> bool {
    counts_may_be_close(&a.counts, a.chars, &b.counts, b.chars)
}

/// [`may_be_close`] for names of `a_chars` and `b_chars` letters with these
/// letter counts.
fn counts_may_be_close(a: &Counts, a_chars: usize, b: &Counts, b_chars: usize) -> bool {
    let apart: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x.abs_diff(*y)))
        .sum();
    apart_for_length(apart.div_ceil(2) as usize, a_chars, b_chars)
}

/// Whether names this many letters apart are near-duplicates: a few
/// letters, and six letters of the shorter per letter apart.
fn close_for_length(apart: usize, a: &Name, b: &Name) -> bool {
    apart_for_length(apart, a.chars, b.chars)
}

/// [`close_for_length`] for names of `a_chars` and `b_chars` letters.
fn apart_for_length(apart: usize, a_chars: usize, b_chars: usize) -> bool {
    apart <= MAX_APART && apart * 6 <= a_chars.min(b_chars)
}

/// A name like one before it: `index` is like `earlier`. Names that are
/// the same make one entry per group (at its second member), listing all.
struct Alike {
    index: usize,
    earlier: usize,
    likeness: Likeness,
    same: Vec<usize>,
}

/// The names that are like an earlier one, each named once, in order:
/// each is compared with the distinct names before it only, and of those
/// only with the few the [`Index`] finds could be like it.
fn alike(names: &[&str]) -> Vec<Alike> {
    alike_and_work(names).0
}

/// How much looking up [`alike`] did, for the tests of its bounds.
#[derive(Debug, Default, Clone, Copy)]
struct Work {
    /// Pieces looked up: a bounded number per name.
    looked_up: usize,
    /// Earlier names met through them: at most [`PIECE_HOLDERS`] each.
    looked_at: usize,
}

/// [`alike`], and the work it took: linear in the names.
fn alike_and_work(names: &[&str]) -> (Vec<Alike>, Work) {
    let prepared: Vec<Name> = names.iter().map(|n| Name::new(n)).collect();
    let mut first_of: FastMap<&str, usize> = FastMap::default();
    // Groups of the same name, by the index of their first member.
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut distinct = Vec::new();
    for (j, name) in prepared.iter().enumerate() {
        if name.folded.is_empty() {
            continue;
        }
        if let Some(&i) = first_of.get(name.folded.as_str()) {
            if let Some(&g) = group_of.get(&i) {
                groups[g].1.push(j);
            } else {
                group_of.insert(i, groups.len());
                groups.push((i, vec![i, j]));
            }
            continue;
        }
        first_of.insert(&name.folded, j);
        distinct.push(j);
    }
    let mut first_holder: FastMap<&str, usize> = FastMap::default();
    for &j in &distinct {
        for run in word_runs(&prepared[j].folded) {
            first_holder.entry(run).or_insert(j);
        }
    }
    let mut work = Work::default();
    let mut out = Vec::new();
    // Each stretch of names is looked up in an index of itself and the
    // stretch before: however many names there are, the index a name meets
    // is as small, and stays in the processor's cache.
    for (b, stretch) in distinct.chunks(NEAR_WINDOW).enumerate() {
        let from = b.saturating_sub(1) * NEAR_WINDOW;
        let mut index = Index::new(&prepared, &distinct[from..b * NEAR_WINDOW + stretch.len()]);
        for &j in stretch {
            if let Some((earlier, likeness)) = index.first_like(j, &first_of, &first_holder) {
                out.push(Alike {
                    index: j,
                    earlier,
                    likeness,
                    same: Vec::new(),
                });
            }
        }
        work.looked_up += index.work.looked_up;
        work.looked_at += index.work.looked_at;
    }
    for (first, members) in groups {
        out.push(Alike {
            index: members[1],
            earlier: first,
            likeness: Likeness::Same,
            same: members,
        });
    }
    out.sort_by_key(|a| a.index);
    (out, work)
}

/// How many distinct names before it a name is compared with letter by
/// letter: at least this many, fewer than twice as many. The same names and
/// names held whole are found across all the names; near-duplicates a few
/// letters apart only within this stretch, which keeps the work per name
/// and the memory it touches the same in a role of any size.
const NEAR_WINDOW: usize = 2_048;

/// How many earlier names holding one piece (see [`pieces`]) a new name is
/// compared with: the first this many. Names a few letters apart share a
/// piece the edits left whole, so they are found unless that piece is
/// common to this many earlier names of their length (hundreds of names
/// built from the same few words); then the work stays linear in the names
/// and some such pairs go unreported.
const PIECE_HOLDERS: usize = 64;

/// The most words a name can have and still be found held whole by another
/// (and the longest run of words looked up): bounds the work per name.
const MAX_HELD_WORDS: usize = 32;

/// A map hashed for speed (a name costs dozens of lookups), seeded anew
/// each run so that no deck can choose keys that collide.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A name in a piece's list: where it is in the names, and its letter
/// counts, which rule out nearly every name met without reading it.
#[derive(Clone, Copy)]
struct Entry {
    index: usize,
    counts: Counts,
}

/// Distinct names, indexed so that a name meets only the earlier names
/// that could be like it rather than all of them (which made `check` and
/// `import` quadratic in the tasks of a role). Built whole before any name
/// is looked up, and compact: a name met is nearly always ruled out by the
/// letter counts its list entry carries, without reading the name.
struct Index<'a> {
    prepared: &'a [Name],
    /// By length: each piece of each name of that length (see [`pieces`]),
    /// by [`piece_key`], with where in `entries` its list is.
    by_piece: Vec<FastMap<u64, std::ops::Range<usize>>>,
    /// The lists of the pieces, one after another: the first
    /// [`PIECE_HOLDERS`] names holding each, in order.
    entries: Vec<Entry>,
    work: Work,
}

impl<'a> Index<'a> {
    /// The index of `distinct`, the places of distinct names in `prepared`,
    /// in order.
    fn new(prepared: &'a [Name], distinct: &[usize]) -> Index<'a> {
        let mut keyed: Vec<(usize, u64, usize)> = Vec::new();
        for &j in distinct {
            let name = &prepared[j];
            let letters: Vec<char> = name.folded.chars().collect();
            for (k, range) in pieces(letters.len()).enumerate() {
                keyed.push((
                    letters.len(),
                    piece_key(letters.len(), k, &letters[range]),
                    j,
                ));
            }
        }
        // By length, then key, then place in the names: each piece's
        // holders come together, in order.
        keyed.sort_unstable();
        keyed.dedup();
        let longest = keyed.last().map_or(0, |&(len, _, _)| len);
        let mut by_piece: Vec<FastMap<u64, std::ops::Range<usize>>> = Vec::new();
        by_piece.resize_with(longest + 1, FastMap::default);
        let mut index = Index {
            prepared,
            by_piece,
            entries: Vec::with_capacity(keyed.len()),
            work: Work::default(),
        };
        for list in keyed.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (len, key, _) = list[0];
            let start = index.entries.len();
            index
                .entries
                .extend(list.iter().take(PIECE_HOLDERS).map(|&(_, _, j)| Entry {
                    index: j,
                    counts: prepared[j].counts,
                }));
            index.by_piece[len].insert(key, start..index.entries.len());
        }
        index
    }

    /// The list of names holding a piece key, when some do.
    fn holders(&self, len: usize, key: u64) -> Option<&[Entry]> {
        let range = self.by_piece.get(len)?.get(&key)?;
        Some(&self.entries[range.clone()])
    }

    /// The first name before name `j` like it, and how, as comparing it
    /// with each in turn would find it (within the bounds of
    /// [`PIECE_HOLDERS`] and [`MAX_HELD_WORDS`]). Candidates:
    /// - the first name it holds whole: one of its runs of words;
    /// - the first name holding it whole: it is one of that name's runs;
    /// - before those, names a few letters apart: when `d` edits turn one
    ///   name into the other, they leave one of the earlier name's `d + 1`
    ///   pieces whole (see [`pieces`]), moved as [`shifts`] says. A name
    ///   met through a piece is ruled out by its letter counts first.
    fn first_like(
        &mut self,
        j: usize,
        first_of: &FastMap<&str, usize>,
        first_holder: &FastMap<&str, usize>,
    ) -> Option<(usize, Likeness)> {
        let prepared = self.prepared;
        let name = &prepared[j];
        let folded = name.folded.as_str();
        let earlier = |i: &usize| *i < j;
        // Names are distinct, so a run that is one is shorter than `name`
        // (or `name` itself), and a name holding `name` as a run is longer
        // (or `name` itself).
        let held_by_name = word_runs(folded)
            .into_iter()
            .filter_map(|run| first_of.get(run).copied())
            .filter(earlier)
            .min();
        let holding_name = first_holder.get(folded).copied().filter(earlier);
        let held = [held_by_name, holding_name].into_iter().flatten().min();
        // Names before `held` neither hold nor are held by `name`: only
        // letters apart can make them alike.
        let before = held.unwrap_or(j);
        let mut close = Vec::new();
        let mut work = Work::default();
        let letters: Vec<char> = folded.chars().collect();
        let len = letters.len();
        for other in len.saturating_sub(MAX_APART)..=len + MAX_APART {
            let Some(shifts) = shifts(other, len) else {
                continue;
            };
            for (k, range) in pieces(other).enumerate() {
                let width = range.len();
                for shift in shifts.clone() {
                    let Some(at) = range.start.checked_add_signed(shift) else {
                        continue;
                    };
                    let Some(part) = letters.get(at..at + width) else {
                        break;
                    };
                    work.looked_up += 1;
                    let Some(list) = self.holders(other, piece_key(other, k, part)) else {
                        continue;
                    };
                    for entry in list.iter().take_while(|e| e.index < before) {
                        work.looked_at += 1;
                        if counts_may_be_close(&entry.counts, other, &name.counts, len) {
                            close.push(entry.index);
                        }
                    }
                }
            }
        }
        self.work.looked_up += work.looked_up;
        self.work.looked_at += work.looked_at;
        close.sort_unstable();
        close.dedup();
        close
            .into_iter()
            .find_map(|i| letters_apart(&prepared[i], name).map(|d| (i, Likeness::Close(d))))
            .or_else(|| held.and_then(|i| likeness_of(&prepared[i], name).map(|l| (i, l))))
    }
}

/// The runs of whole words of a folded name, up to [`MAX_HELD_WORDS`]
/// words each (the name itself among them when it is that short).
fn word_runs(folded: &str) -> Vec<&str> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(folded.match_indices(' ').map(|(at, _)| at + 1))
        .collect();
    let ends: Vec<usize> = folded
        .match_indices(' ')
        .map(|(at, _)| at)
        .chain(std::iter::once(folded.len()))
        .collect();
    let mut runs = Vec::new();
    for (first, &start) in starts.iter().enumerate() {
        let last = ends.len().min(first + MAX_HELD_WORDS);
        runs.extend(ends[first..last].iter().map(|&end| &folded[start..end]));
    }
    runs
}

/// Letters a name of `len` letters may be apart from another and still be
/// its near-duplicate (see [`likeness_of`]): none below six letters.
fn max_apart(len: usize) -> usize {
    (len / 6).min(MAX_APART)
}

/// How far a piece of a name of `other` letters that no edit touched can
/// have moved in a near-duplicate of `len` letters; `None` when the
/// lengths are too far apart. It moves by the letters inserted less those
/// removed before it (`s`), and the rest of the change in length comes
/// after it (`len - other - s`): the edits on both sides number at most
/// [`max_apart`], so `|s| + |len - other - s|` does too. Every whole piece
/// is looked for where it can be, so a crowded one hides no other.
fn shifts(other: usize, len: usize) -> Option<std::ops::RangeInclusive<isize>> {
    let grown = len.cast_signed() - other.cast_signed();
    let spare = max_apart(other).checked_sub(grown.unsigned_abs())?;
    let slack = (spare / 2).cast_signed();
    Some(grown.min(0) - slack..=grown.max(0) + slack)
}

/// A name of `len` letters cut into `max_apart(len) + 1` near-equal pieces
/// with one letter left out between each two; none when it can have no
/// near-duplicate a few letters apart. An edit touches one piece at most:
/// a swap of neighbours cannot reach across the letter between two pieces
/// without removing it, a second edit. So `d` edits leave a piece whole.
fn pieces(len: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    let apart = max_apart(len);
    let count = if apart == 0 { 0 } else { apart + 1 };
    // Letters in pieces: all but the one between each two.
    let kept = len - apart;
    (0..count).map(move |k| k * kept / count + k..(k + 1) * kept / count + k)
}

/// Piece `k`'s letters `part` of a name of `len` letters, hashed.
fn piece_key(len: usize, k: usize, part: &[char]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((len, k, part))
}

/// `a`, `b` and `c` (ids in backticks, at most five, then how many more).
fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.map(|id| format!("`{id}`")).collect();
    let shown = ids.len().min(5);
    let (head, rest) = ids.split_at(shown);
    match (head.split_last(), rest.len()) {
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (_, more) => format!("{} and {more} more", head.join(", ")),
    }
}

/// Every warning about a deck, in deck order.
pub fn lint(deck: &Deck) -> Vec<Lint> {
    let mut out = Vec::new();
    let root = |steps: &[Step]| steps.to_vec();
    markup(
        &deck.title,
        || "the deck's title".to_owned(),
        || root(&[Step::Field("title")]),
        &mut out,
    );
    if let Some(d) = &deck.description {
        markup(
            d,
            || "the deck's description".to_owned(),
            || root(&[Step::Field("description")]),
            &mut out,
        );
    }
    let names: Vec<&str> = deck.roles.iter().map(|r| r.name.as_str()).collect();
    let role_alikes = alike(&names);
    for (r, role) in deck.roles.iter().enumerate() {
        let at = |steps: &[Step]| {
            let mut path = vec![Step::Field("roles"), Step::Index(r)];
            path.extend_from_slice(steps);
            path
        };
        for like in role_alikes.iter().filter(|a| a.index == r) {
            out.push(Lint {
                path: at(&[Step::Field("name")]),
                rule: Rule::NearDuplicate,
                message: alike_roles(&deck.roles, like),
            });
        }
        role_lints(role, &at, &mut out);
    }
    profile_options(deck, &mut out);
    for (n, note) in deck.notes.iter().enumerate() {
        let at =
            |field: &'static str| vec![Step::Field("notes"), Step::Index(n), Step::Field(field)];
        let what = format!("note `{}`", note.id);
        markup(
            &note.front,
            || format!("the front of {what}"),
            || at("front"),
            &mut out,
        );
        markup(
            &note.back,
            || format!("the back of {what}"),
            || at("back"),
            &mut out,
        );
        for (i, point) in note.key_points.iter().enumerate() {
            let mut path = at("key_points");
            path.push(Step::Index(i));
            markup(
                point,
                || format!("a key point of {what}"),
                || path,
                &mut out,
            );
        }
    }
    out
}

fn alike_roles(roles: &[Role], like: &Alike) -> String {
    let (first, second) = (&roles[like.earlier], &roles[like.index]);
    let (one, other) = (&first.name, &second.name);
    match like.likeness {
        Likeness::Same if like.same.len() > 2 => format!(
            "roles {} are all named “{other}” (case and punctuation aside): which-role cards cannot tell them apart",
            id_list(like.same.iter().map(|&i| roles[i].id.as_str()))
        ),
        Likeness::Same => format!(
            "roles `{}` and `{}` are both named “{other}” (case and punctuation aside): which-role cards cannot tell them apart",
            first.id, second.id
        ),
        Likeness::Holds | Likeness::HeldBy => format!(
            "role names “{one}” and “{other}” are near-duplicates (one holds the other): which-role cards offer both; rename one or merge the roles"
        ),
        Likeness::Close(letters) => format!(
            "role names “{one}” and “{other}” are near-duplicates ({letters} letter{} apart): which-role cards offer both; rename one or merge the roles",
            plural(letters)
        ),
    }
}

fn role_lints(role: &Role, at: &dyn Fn(&[Step]) -> Vec<Step>, out: &mut Vec<Lint>) {
    markup(
        &role.name,
        || format!("the name of role `{}`", role.id),
        || at(&[Step::Field("name")]),
        out,
    );
    if let Some(summary) = &role.summary {
        markup(
            summary,
            || format!("the summary of role `{}`", role.id),
            || at(&[Step::Field("summary")]),
            out,
        );
    }
    if let Some(profile) = &role.profile {
        for (field, value) in profile_fields(profile) {
            markup(
                value,
                || format!("the {} of role `{}`", field.replace('_', " "), role.id),
                || at(&[Step::Field("profile"), Step::Field(field)]),
                out,
            );
        }
    }
    let titles: Vec<&str> = role.tasks.iter().map(|t| t.title.as_str()).collect();
    let mut alikes = alike(&titles).into_iter().peekable();
    for (t, task) in role.tasks.iter().enumerate() {
        let task_at = |steps: &[Step]| {
            let mut path = vec![Step::Field("tasks"), Step::Index(t)];
            path.extend_from_slice(steps);
            at(&path)
        };
        while let Some(like) = alikes.next_if(|a| a.index == t) {
            out.push(Lint {
                path: task_at(&[Step::Field("title")]),
                rule: Rule::NearDuplicate,
                message: alike_tasks(role, &like),
            });
        }
        task_lints(role, task, &task_at, out);
    }
}

fn alike_tasks(role: &Role, like: &Alike) -> String {
    let (first, second) = (&role.tasks[like.earlier], &role.tasks[like.index]);
    let (one, other) = (&first.title, &second.title);
    match like.likeness {
        Likeness::Same => {
            let members: Vec<&Task> = like.same.iter().map(|&i| &role.tasks[i]).collect();
            let all_timed = members.iter().all(|t| t.time.is_some());
            let mut times: Vec<&Option<String>> = members.iter().map(|t| &t.time).collect();
            times.sort();
            times.dedup();
            let kind = if all_timed { "time block" } else { "task" };
            let ids = id_list(members.iter().map(|t| t.id.as_str()));
            let titled = if members.len() > 2 {
                format!(
                    "{kind}s {ids} of role “{}” are all titled “{other}”",
                    role.name
                )
            } else {
                format!(
                    "{kind}s {ids} of role “{}” are both titled “{other}”",
                    role.name
                )
            };
            if all_timed && times.len() == members.len() {
                format!("{titled}: which-task cards tell them apart only by their times")
            } else {
                format!("{titled}: which-task cards cannot tell them apart")
            }
        }
        Likeness::Holds | Likeness::HeldBy => format!(
            "task titles “{one}” and “{other}” of role “{}” are near-duplicates (one holds the other): which-task cards offer both",
            role.name
        ),
        Likeness::Close(letters) => format!(
            "task titles “{one}” and “{other}” of role “{}” are near-duplicates ({letters} letter{} apart): which-task cards offer both",
            role.name,
            plural(letters)
        ),
    }
}

fn task_lints(role: &Role, task: &Task, at: &dyn Fn(&[Step]) -> Vec<Step>, out: &mut Vec<Lint>) {
    // Named only in a warning: most tasks have none.
    let name = || format!("task “{}” of role “{}”", task.title, role.name);
    markup(
        &task.title,
        || format!("the title of {}", name()),
        || at(&[Step::Field("title")]),
        out,
    );
    // Each point is read once: reading Markdown is the costly part.
    let what_refs: Vec<bool> = task.what_happens.iter().map(|p| is_reference(p)).collect();
    let key_refs: Vec<bool> = task.key_points.iter().map(|p| is_reference(p)).collect();
    let recall = if task.key_points.is_empty() {
        &what_refs
    } else {
        &key_refs
    };
    if !recall.is_empty() && recall.iter().all(|&r| r) {
        out.push(Lint {
            path: at(&[Step::Field("what_happens")]),
            rule: Rule::Pointer,
            message: format!(
                "{} says only where to look (each point is a link, code or a reference): its duties card has nothing to recall",
                name()
            ),
        });
    } else {
        let lists: [(&'static str, &[String], &[bool], &str); 2] = [
            (
                "what_happens",
                &task.what_happens,
                &what_refs,
                "what happens",
            ),
            ("key_points", &task.key_points, &key_refs, "key point"),
        ];
        for (field, points, refs, what) in lists {
            pointers(
                points,
                refs,
                || format!("a {what} point of {}", name()),
                || at(&[Step::Field(field)]),
                out,
            );
        }
    }
    let question_refs: Vec<bool> = task.questions.iter().map(|q| is_reference(q)).collect();
    pointers(
        &task.questions,
        &question_refs,
        || format!("a question of {}", name()),
        || at(&[Step::Field("questions")]),
        out,
    );
    for (field, points) in [
        ("what_happens", &task.what_happens),
        ("questions", &task.questions),
        ("key_points", &task.key_points),
    ] {
        for (i, point) in points.iter().enumerate() {
            markup(
                point,
                || format!("{} of {}", field.replace('_', " "), name()),
                || at(&[Step::Field(field), Step::Index(i)]),
                out,
            );
        }
    }
    if let Some(why) = &task.why {
        markup(
            why,
            || format!("why it matters, in {}", name()),
            || at(&[Step::Field("why")]),
            out,
        );
    }
    for (e, example) in task.examples.iter().enumerate() {
        let example_at = |field: &'static str| {
            at(&[Step::Field("examples"), Step::Index(e), Step::Field(field)])
        };
        let which = || format!("example {} of {}", e + 1, name());
        markup(
            &example.situation,
            || format!("the situation of {}", which()),
            || example_at("situation"),
            out,
        );
        markup(
            &example.insight,
            || format!("the insight of {}", which()),
            || example_at("insight"),
            out,
        );
        if let Some(why) = no_insight(example, task) {
            out.push(Lint {
                path: example_at("insight"),
                rule: Rule::NoInsight,
                message: format!("{} (“{}”) {why}", which(), short(&example.situation)),
            });
        }
    }
}

/// Why an example teaches nothing, if it does not.
fn no_insight(example: &Example, task: &Task) -> Option<&'static str> {
    let points: Vec<&String> = if example.key_points.is_empty() {
        vec![&example.insight]
    } else {
        example.key_points.iter().collect()
    };
    let questions: Vec<String> = task.questions.iter().map(|q| fold(q)).collect();
    let only_questions = points
        .iter()
        .all(|p| p.trim_end().ends_with('?') || questions.contains(&fold(p)));
    if only_questions {
        return Some(
            "states no insight: its scenario card's answer is only questions; write what the situation teaches",
        );
    }
    (fold(&example.insight) == fold(&example.situation)).then_some(
        "has an insight that repeats its situation: its scenario card's answer teaches nothing",
    )
}

/// Profile values of two roles that read the same but differ in writing:
/// a profile choice card would show both.
fn profile_options(deck: &Deck, out: &mut Vec<Lint>) {
    let mut seen: HashMap<(&'static str, String), &Role> = HashMap::new();
    for (r, role) in deck.roles.iter().enumerate() {
        let Some(profile) = &role.profile else {
            continue;
        };
        for (field, value) in profile_fields(profile) {
            match seen.get(&(field, fold(value))) {
                Some(other) if other_value(other, field) != Some(value) => out.push(Lint {
                    rule: Rule::SameOptions,
                    path: vec![
                        Step::Field("roles"),
                        Step::Index(r),
                        Step::Field("profile"),
                        Step::Field(field),
                    ],
                    message: format!(
                        "the {} of roles `{}` and `{}` read the same (“{}”): profile choice cards cannot tell them apart",
                        field.replace('_', " "),
                        other.id,
                        role.id,
                        short(value)
                    ),
                }),
                Some(_) => {}
                None => {
                    seen.insert((field, fold(value)), role);
                }
            }
        }
    }
}

fn other_value<'r>(role: &'r Role, field: &str) -> Option<&'r String> {
    role.profile
        .as_ref()
        .and_then(|p| profile_fields(p).into_iter().find(|(f, _)| *f == field))
        .map(|(_, v)| v)
}

fn profile_fields(p: &super::model::Profile) -> Vec<(&'static str, &String)> {
    [
        ("center_of_gravity", &p.center_of_gravity),
        ("typical_output", &p.typical_output),
        ("failure_mode", &p.failure_mode),
        ("outsiders_miss", &p.outsiders_miss),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.as_ref().map(|v| (f, v)))
    .collect()
}

/// Points that are a link, code or a reference (`refs`, point by point),
/// one warning each.
fn pointers(
    points: &[String],
    refs: &[bool],
    what: impl Fn() -> String,
    path: impl Fn() -> Vec<Step>,
    out: &mut Vec<Lint>,
) {
    for (i, (point, _)) in points
        .iter()
        .zip(refs)
        .enumerate()
        .filter(|(_, (_, r))| **r)
    {
        let mut path = path();
        path.push(Step::Index(i));
        out.push(Lint {
            path,
            rule: Rule::Pointer,
            message: format!(
                "{} (“{}”) is a link, code or a reference, not something to recall",
                what(),
                short(point)
            ),
        });
    }
}

/// A warning when `text` has Markdown left in it. What it is and where are
/// spelled out only then: most text has none.
fn markup(
    text: &str,
    what: impl FnOnce() -> String,
    path: impl FnOnce() -> Vec<Step>,
    out: &mut Vec<Lint>,
) {
    if let Some(kind) = markup_in(text) {
        out.push(Lint {
            path: path(),
            rule: Rule::Markup,
            message: format!(
                "Markdown left in {}: {kind} shows as typed on cards",
                what()
            ),
        });
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn short(text: &str) -> String {
    const MAX: usize = 50;
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

/// Where each warning's field starts in the deck's source.
pub fn positions(src: &str, lints: &[Lint]) -> Vec<Option<Pos>> {
    let Ok(tree) = ron_tree::parse(src) else {
        return vec![None; lints.len()];
    };
    lints.iter().map(|l| locate(&tree, &l.path)).collect()
}

fn unwrap(mut node: &Node) -> &Node {
    while let Value::Some(inner) = &node.value {
        node = inner;
    }
    node
}

fn locate(tree: &Node, path: &[Step]) -> Option<Pos> {
    let mut node = unwrap(tree);
    for step in path {
        node = match (step, &node.value) {
            (Step::Field(name), Value::Struct { fields, .. }) => {
                &fields.iter().find(|f| f.name == *name)?.value
            }
            (Step::Index(i), Value::List(items)) => items.get(*i)?,
            _ => return None,
        };
        node = unwrap(node);
    }
    Some(node.pos)
}

/// The warnings of loaded decks, positioned in their files when the file's
/// source is at hand (`sources`: origin as shown → text).
pub fn file_warnings<S: std::hash::BuildHasher>(
    decks: &[LoadedDeck],
    sources: &HashMap<String, &str, S>,
) -> Vec<FileProblem> {
    let mut out = Vec::new();
    for loaded in decks {
        let lints = lint(&loaded.deck);
        if lints.is_empty() {
            continue;
        }
        let file = loaded.origin.to_string();
        let positions = sources
            .get(&file)
            .map_or_else(|| vec![None; lints.len()], |src| positions(src, &lints));
        let mut found: Vec<(Lint, Option<Pos>)> = lints.into_iter().zip(positions).collect();
        found.sort_by_key(|(_, pos)| *pos);
        for (lint, pos) in found {
            out.push(FileProblem {
                file: file.clone(),
                line: pos.map_or(0, |p| p.line),
                column: pos.map_or(0, |p| p.column),
                message: format!("warning: {}", lint.message),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::deck::load::BUILT_IN;
    use crate::deck::validate::parse_deck;

    const DECK: &str = r#"Deck(
    id: "grc",
    title: "GRC",
    roles: [
        Role(
            id: "grc-lead",
            name: "GRC Lead",
            profile: Profile(center_of_gravity: "Evidence and audits"),
            tasks: [
                Task(id: "evidence", title: "Evidence review", time: "08:30", what_happens: ["Chase **missing** evidence"], questions: ["Who owns the gap?"],
                    examples: [Example(situation: "The export has no reviewer names.", insight: "Work it through: Who owns the gap?", key_points: ["Who owns the gap?"])]),
                Task(id: "evidence-2", title: "Evidence review", time: "16:00", what_happens: ["Close the day's gaps"]),
                Task(id: "sheet", title: "Coverage sheet", what_happens: ["[coverage sheet](https://example.com/sheet)", "See the risk method for the scale."]),
                Task(id: "calendar", title: "Run the audit calendar", what_happens: ["Plan audits"], questions: ["`audit.yaml`"]),
                Task(id: "calendars", title: "Run the audit calendars", what_happens: ["Plan more audits"]),
            ],
        ),
        Role(
            id: "grc-lead-2",
            name: "GRC Lead (security compliance)",
            profile: Profile(center_of_gravity: "evidence and audits."),
            tasks: [Task(id: "map", title: "Map controls", what_happens: ["Keep one control set"])],
        ),
        Role(id: "grc-lead-3", name: "grc lead", tasks: [Task(id: "x", title: "X", what_happens: ["Y"])]),
        Role(id: "auditor", name: "Auditor", tasks: [Task(id: "y", title: "Y", what_happens: ["Z"])]),
        Role(id: "auditors", name: "Auditors", tasks: [Task(id: "z", title: "Z", what_happens: ["W"])]),
    ],
)"#;

    #[test]
    fn warns_about_decks_that_make_bad_cards() {
        let deck = parse_deck(DECK).expect("a valid deck");
        let lints = lint(&deck);
        let messages: Vec<&str> = lints.iter().map(|l| l.message.as_str()).collect();
        let has = |needle: &str| {
            assert!(
                messages.iter().any(|m| m.contains(needle)),
                "no warning with “{needle}” in {messages:#?}"
            );
        };
        has(
            "role names “GRC Lead” and “GRC Lead (security compliance)” are near-duplicates (one holds the other)",
        );
        has("roles `grc-lead` and `grc-lead-3` are both named “grc lead”");
        has("role names “Auditor” and “Auditors” are near-duplicates (1 letter apart)");
        has(
            "time blocks `evidence` and `evidence-2` of role “GRC Lead” are both titled “Evidence review”: which-task cards tell them apart only by their times",
        );
        has(
            "task titles “Run the audit calendar” and “Run the audit calendars” of role “GRC Lead” are near-duplicates",
        );
        has("task “Coverage sheet” of role “GRC Lead” says only where to look");
        has(
            "a question of task “Run the audit calendar” of role “GRC Lead” (“`audit.yaml`”) is a link, code or a reference",
        );
        has(
            "Markdown left in what happens of task “Evidence review” of role “GRC Lead”: strong emphasis",
        );
        has(
            "example 1 of task “Evidence review” of role “GRC Lead” (“The export has no reviewer names.”) states no insight",
        );
        has("the center of gravity of roles `grc-lead` and `grc-lead-2` read the same");
        // Each name that is like an earlier one is named once: grc-lead-2
        // (holds grc-lead), grc-lead-3 (is grc-lead), auditors.
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.starts_with("role") || m.starts_with("roles"))
                .count(),
            3,
            "{messages:#?}"
        );

        // Each warning points at its field.
        let positions = positions(DECK, &lints);
        assert!(positions.iter().all(Option::is_some));
        let first = lints
            .iter()
            .position(|l| l.message.contains("both named “grc lead”"))
            .unwrap();
        let pos = positions[first].unwrap();
        assert_eq!(
            DECK.lines().nth(pos.line - 1).unwrap().trim(),
            r#"Role(id: "grc-lead-3", name: "grc lead", tasks: [Task(id: "x", title: "X", what_happens: ["Y"])]),"#
        );
    }

    #[test]
    fn the_built_in_decks_make_no_bad_cards() {
        for (name, text) in BUILT_IN {
            let deck = parse_deck(text).expect("built-in decks are valid");
            assert_eq!(lint(&deck), [], "{name}");
        }
    }

    #[test]
    fn many_copies_make_one_warning() {
        let role = |id: &str, name: &str| {
            format!(
                r#"Role(id: "{id}", name: "{name}", tasks: [Task(id: "t", title: "T", what_happens: ["W"])])"#
            )
        };
        let mut roles: Vec<String> = (0..40).map(|i| role(&format!("r{i}"), "Analyst")).collect();
        roles.push(role("x", "Analysts"));
        let tasks: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    r#"Task(id: "t{i}", title: "Review", time: "{:02}:00", what_happens: ["W"])"#,
                    i % 24
                )
            })
            .collect();
        let src = format!(
            r#"Deck(id: "d", title: "D", roles: [{}, Role(id: "y", name: "Y", tasks: [{}])])"#,
            roles.join(", "),
            tasks.join(", ")
        );
        let deck = parse_deck(&src).expect("valid");
        let messages: Vec<String> = lint(&deck).into_iter().map(|l| l.message).collect();
        assert_eq!(
            messages,
            [
                "roles `r0`, `r1`, `r2`, `r3`, `r4` and 35 more are all named “Analyst” (case and punctuation aside): which-role cards cannot tell them apart",
                "role names “Analyst” and “Analysts” are near-duplicates (1 letter apart): which-role cards offer both; rename one or merge the roles",
                "time blocks `t0`, `t1`, `t2`, `t3`, `t4` and 25 more of role “Y” are all titled “Review”: which-task cards cannot tell them apart",
            ]
        );
    }

    fn likeness(a: &str, b: &str) -> Option<Likeness> {
        likeness_of(&Name::new(a), &Name::new(b))
    }

    /// What [`alike`] finds, found by comparing each new name with every
    /// distinct one before it.
    fn alike_by_every_pair(names: &[&str]) -> Vec<(usize, usize, Likeness)> {
        let prepared: Vec<Name> = names.iter().map(|n| Name::new(n)).collect();
        let mut distinct: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for (j, name) in prepared.iter().enumerate() {
            if name.folded.is_empty() {
                continue;
            }
            if let Some(&i) = distinct
                .iter()
                .find(|&&i| prepared[i].folded == name.folded)
            {
                out.push((j, i, Likeness::Same));
                continue;
            }
            let like = distinct
                .iter()
                .find_map(|&i| likeness_of(&prepared[i], name).map(|l| (i, l)));
            out.extend(like.map(|(i, l)| (j, i, l)));
            distinct.push(j);
        }
        out
    }

    /// Below [`PIECE_HOLDERS`] names the bound never applies: the index
    /// finds exactly what comparing every pair finds.
    #[test]
    fn the_index_finds_what_every_pair_finds() {
        use rand::rngs::StdRng;
        use rand::{RngExt, SeedableRng};
        let words = [
            "scan", "triage", "fix", "review", "threat", "model", "a", "sbom", "ci",
        ];
        let letters: Vec<char> = "abcdefghiz ".chars().collect();
        let mut rng = StdRng::seed_from_u64(7);
        let mut found = [0usize; 4];
        for _ in 0..800 {
            let mut names: Vec<String> = Vec::new();
            for _ in 0..rng.random_range(1..PIECE_HOLDERS) {
                let mut name = match names.len() {
                    0 => String::new(),
                    n if rng.random_bool(0.6) => names[rng.random_range(0..n)].clone(),
                    _ => String::new(),
                };
                // Edits near an earlier name: a word more, letters changed,
                // inserted, removed or swapped.
                for _ in 0..rng.random_range(0..4) {
                    let mut chars: Vec<char> = name.chars().collect();
                    let at = rng.random_range(0..=chars.len());
                    match rng.random_range(0..5) {
                        0 => {
                            let word = words[rng.random_range(0..words.len())];
                            chars.splice(at..at, format!(" {word} ").chars());
                        }
                        1 if at < chars.len() => {
                            chars[at] = letters[rng.random_range(0..letters.len())];
                        }
                        2 => chars.insert(at, letters[rng.random_range(0..letters.len())]),
                        3 if at < chars.len() => {
                            chars.remove(at);
                        }
                        _ if at + 1 < chars.len() => chars.swap(at, at + 1),
                        _ => {}
                    }
                    name = chars.into_iter().collect();
                }
                names.push(name);
            }
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut fast: Vec<(usize, usize, Likeness)> = Vec::new();
            for a in alike(&names) {
                match a.likeness {
                    Likeness::Same => {
                        fast.extend(a.same[1..].iter().map(|&j| (j, a.earlier, Likeness::Same)));
                    }
                    l => fast.push((a.index, a.earlier, l)),
                }
            }
            fast.sort_by_key(|&(j, _, _)| j);
            let slow = alike_by_every_pair(&names);
            for &(_, _, l) in &slow {
                found[match l {
                    Likeness::Same => 0,
                    Likeness::Holds => 1,
                    Likeness::HeldBy => 2,
                    Likeness::Close(_) => 3,
                }] += 1;
            }
            assert_eq!(fast, slow, "{names:?}");
        }
        // Every kind of likeness was met, many times.
        assert!(found.iter().all(|&n| n > 20), "{found:?}");
    }

    /// Names from a few common words and a number, as generated or
    /// imported roles of thousands of tasks have, and a few pairs that are
    /// alike through a rare word.
    fn crowded_names(count: usize) -> Vec<String> {
        use rand::rngs::StdRng;
        use rand::{RngExt, SeedableRng};
        let words = ["review", "triage", "risk", "model", "scan", "fix"];
        let mut rng = StdRng::seed_from_u64(11);
        let rare = [
            "zebrafish",
            "wombat",
            "okapi",
            "quokka",
            "axolotl",
            "pangolin",
        ];
        (0..count)
            .map(|n| match (n % 500, rare.get(n / 500)) {
                (7, Some(animal)) => format!("review the {animal} rollout"),
                (8, Some(animal)) => format!("review the {animal} rollouts"),
                (9, Some(animal)) => format!("run the {animal} drill"),
                (10, Some(animal)) => format!("run the {animal} dril"),
                _ => {
                    let k = rng.random_range(1..=3);
                    let mut name: Vec<&str> = (0..k)
                        .map(|_| words[rng.random_range(0..words.len())])
                        .collect();
                    let number = rng.random_range(0..count).to_string();
                    name.push(&number);
                    name.join(" ")
                }
            })
            .collect()
    }

    #[test]
    fn crowded_names_cost_bounded_work_and_stay_true() {
        let names = crowded_names(2_000);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (found, work) = alike_and_work(&names);
        let prepared: Vec<Name> = names.iter().map(|n| Name::new(n)).collect();
        let mut reported: HashMap<usize, (usize, Likeness)> = HashMap::new();
        for a in &found {
            match a.likeness {
                Likeness::Same => reported.extend(
                    a.same[1..]
                        .iter()
                        .map(|&j| (j, (a.earlier, Likeness::Same))),
                ),
                l => {
                    reported.insert(a.index, (a.earlier, l));
                }
            }
        }
        let mut first_of: HashMap<&str, usize> = HashMap::new();
        let mut distinct: Vec<usize> = Vec::new();
        let mut close = 0;
        for (j, name) in prepared.iter().enumerate() {
            if let Some(&i) = first_of.get(name.folded.as_str()) {
                assert_eq!(reported.get(&j), Some(&(i, Likeness::Same)), "{j}");
                continue;
            }
            let first_held = distinct.iter().copied().find(|&i| {
                matches!(
                    likeness_of(&prepared[i], name),
                    Some(Likeness::Holds | Likeness::HeldBy)
                )
            });
            first_of.insert(&name.folded, j);
            distinct.push(j);
            match (reported.get(&j), first_held) {
                // What is reported is true, and no name that is the same,
                // holds or is held comes before it.
                (Some(&(i, likeness)), _) => {
                    assert_eq!(likeness_of(&prepared[i], name), Some(likeness), "{j}");
                    assert!(
                        first_held.is_none_or(|h| i <= h),
                        "{j}: {i} after {first_held:?}"
                    );
                    if matches!(likeness, Likeness::Close(_)) {
                        close += 1;
                    }
                }
                // The same, holding and held are found whatever the crowd.
                (None, Some(h)) => panic!("{j} “{}” is like {h}, unreported", names[j]),
                (None, None) => {}
            }
        }
        // The planted pairs a letter apart, and more, are found.
        for j in (8..2_000).step_by(500).chain((10..2_000).step_by(500)) {
            assert!(
                matches!(reported.get(&j), Some((_, Likeness::Close(1)))),
                "{j} “{}”: {:?}",
                names[j],
                reported.get(&j)
            );
        }
        assert!(close > 50, "{close}");

        // The work per name is bounded, whatever the number of names: at
        // most `2d + 1` lengths, `d + 1` pieces and `d + 1` places each
        // looked up, and at most `PIECE_HOLDERS` earlier names per lookup.
        let more = crowded_names(20_000);
        let more: Vec<&str> = more.iter().map(String::as_str).collect();
        let (_, more_work) = alike_and_work(&more);
        let lookups = (2 * MAX_APART + 1) * (MAX_APART + 1).pow(2);
        for (count, work) in [(names.len(), work), (more.len(), more_work)] {
            assert!(work.looked_up <= count * lookups, "{work:?}");
            assert!(work.looked_at <= work.looked_up * PIECE_HOLDERS, "{work:?}");
        }
    }

    /// Names a few letters apart are looked for among the
    /// [`NEAR_WINDOW`] names before each, however many there are: a pair
    /// that close is found deep into a long list, one farther apart is
    /// not; the same names and names held whole are found at any distance.
    #[test]
    fn letters_apart_are_looked_for_within_a_window_and_the_rest_everywhere() {
        use rand::rngs::StdRng;
        use rand::{RngExt, SeedableRng};
        let mut rng = StdRng::seed_from_u64(5);
        // Twelve random letters: no two are alike.
        let mut names: Vec<String> = (0..5 * NEAR_WINDOW)
            .map(|_| (0..12).map(|_| rng.random_range('a'..='z')).collect())
            .collect();
        let far = 2 * NEAR_WINDOW + 5;
        let mut plant = |at: usize, name: &str| names[at] = name.to_owned();
        // Within the window, late in the list.
        plant(3 * NEAR_WINDOW, "quarterly access review");
        plant(4 * NEAR_WINDOW - 1, "quarterly acess review");
        // Farther apart than the window can reach.
        plant(100, "vendor risk triage");
        plant(100 + far, "vendor risk triages");
        plant(200, "incident drill");
        plant(200 + far, "Incident drill!");
        plant(300, "threat model");
        plant(300 + far, "threat model review");
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let found: Vec<(usize, usize, Likeness)> = alike(&names)
            .iter()
            .map(|a| (a.index, a.earlier, a.likeness))
            .collect();
        assert_eq!(
            found,
            [
                (200 + far, 200, Likeness::Same),
                (300 + far, 300, Likeness::HeldBy),
                (4 * NEAR_WINDOW - 1, 3 * NEAR_WINDOW, Likeness::Close(1)),
            ]
        );
        // Compared letter by letter with every name before it, the far
        // pair is alike too: only the window leaves it out.
        assert_eq!(
            likeness("vendor risk triage", "vendor risk triages"),
            Some(Likeness::Close(1))
        );
    }

    #[test]
    fn pieces_leave_a_letter_between_and_shifts_follow_the_length() {
        // Too short to be letters apart: nothing to index.
        assert_eq!(pieces(5).count(), 0);
        // Six letters, one apart: two pieces and the letter between.
        assert_eq!(pieces(6).collect::<Vec<_>>(), [0..2, 3..6]);
        // Twenty letters, three apart: four pieces, three letters between.
        assert_eq!(pieces(20).collect::<Vec<_>>(), [0..4, 5..9, 10..14, 15..20]);
        // Same length: a whole piece moved one way took an edit, and the
        // way back another.
        assert_eq!(shifts(20, 20), Some(-1..=1));
        // Three letters longer: every edit is an insertion, before or after.
        assert_eq!(shifts(18, 21), Some(0..=3));
        assert_eq!(shifts(18, 22), None);
        assert_eq!(shifts(12, 11), Some(-1..=0));
    }

    #[test]
    fn held_names_are_found_up_to_the_word_bound() {
        let long = |words: usize| {
            (0..words)
                .map(|w| format!("w{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        for (words, found) in [(MAX_HELD_WORDS, true), (MAX_HELD_WORDS + 1, false)] {
            let held = long(words);
            let holding = format!("{held} and more");
            let found_as = alike(&[held.as_str(), holding.as_str()])
                .first()
                .map(|a| a.likeness);
            assert_eq!(found_as, found.then_some(Likeness::HeldBy), "{words} words");
            let found_as = alike(&[holding.as_str(), held.as_str()])
                .first()
                .map(|a| a.likeness);
            assert_eq!(found_as, found.then_some(Likeness::Holds), "{words} words");
        }
    }

    #[test]
    fn names_alike_and_not() {
        assert_eq!(
            likeness("SOC Analyst", "soc analyst!"),
            Some(Likeness::Same)
        );
        assert_eq!(
            likeness("GRC Lead (compliance)", "GRC Lead"),
            Some(Likeness::Holds)
        );
        assert_eq!(
            likeness("Engineer", "AppSec Engineer"),
            Some(Likeness::HeldBy)
        );
        assert_eq!(
            likeness("Tier 1 analyst", "Tier 2 analyst"),
            Some(Likeness::Close(1))
        );
        for (a, b) in [
            ("AppSec Engineer", "DevSecOps Engineer"),
            ("Product Security Manager", "Product Security Director"),
            ("Engineering", "Engineer"),
            ("PM", "SM"),
        ] {
            assert_eq!(likeness(a, b), None, "{a} / {b}");
        }
    }
}
