//! Card generation: the rules that turn a deck into flashcards.
//!
//! Pure and deterministic: the same deck and seed give the same cards, in
//! deck order. Ids come from deck, role, task and note ids plus the card kind
//! and a position, never from wording, so rewording a deck keeps progress and
//! appending a question or an example keeps every other id.
//!
//! Rules, per role and task in deck order:
//! - `duties` for every task (typed; key points = `key_points` or `what_happens`,
//!   plus `why` when the task has one: only then does the prompt ask why);
//! - `questions` when the task has questions (typed; key points = the questions);
//! - `scenario/N` for each example (typed; key points = its `key_points` or insight);
//! - `which-task/N` for each question when the role has two or more tasks (choice);
//! - `which-role` for each task when the deck has two or more roles (choice);
//! - `profile/FIELD` for each profile field: a choice among the other roles'
//!   values when two or more roles have that field, else typed;
//! - `timeline` when three or more of the role's tasks have a time (order);
//! - `note/ID` for each deck note (typed when it has key points or a short back,
//!   else self-graded).

use super::card::{AnswerMode, Card, CardId, CardKind, Prompt};
use super::model::{Deck, Role, Task};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::HashMap;
use std::sync::Arc;

/// How many options a choice card offers at most (the right one included).
pub const MAX_CHOICES: usize = 4;

/// Notes whose back is at most this many words are typed cards even without
/// explicit key points: short enough to score against.
const SHORT_BACK_WORDS: usize = 16;

/// Generates every card of `deck`. `seed` fixes the order of choices and
/// which distractors are drawn; the same seed gives the same cards.
pub fn generate(deck: &Deck, seed: u64) -> Vec<Card> {
    let mut cards = Vec::new();
    each_card(deck, seed, |card| cards.push(card));
    cards
}

/// How many cards `deck` makes.
pub fn card_count(deck: &Deck) -> usize {
    let mut count = 0;
    each_card(deck, 0, |_| count += 1);
    count
}

/// Hands each card of `deck` to `take` in turn, as [`generate`] lists them:
/// for what needs to see every card once but not to keep them all (a
/// count, the ids), without holding a whole deck's cards at once.
pub fn each_card(deck: &Deck, seed: u64, mut take: impl FnMut(Card)) {
    let out = &mut |mut card: Card| {
        fit(&mut card);
        take(card);
    };
    // Option pools are built once per deck and once per role, so that each
    // choice card costs the same however many roles and tasks there are.
    let role_names = Pool::new(deck.roles.iter().map(|r| Some(r.name.as_str().into())));
    let profiles = PROFILE_FIELDS.map(|(_, _, get)| {
        Pool::new(
            deck.roles
                .iter()
                .map(|r| r.profile.as_ref().and_then(get).map(|v| v.as_str().into())),
        )
    });
    let deck_id: Arc<str> = deck.id.as_str().into();
    for (r, role) in deck.roles.iter().enumerate() {
        let owner = Owner {
            deck: deck_id.clone(),
            role: role.id.as_str().into(),
            name: role.name.as_str().into(),
        };
        let task_labels = Pool::new(role.tasks.iter().map(|t| Some(task_label(t).into())));
        for (t, task) in role.tasks.iter().enumerate() {
            let pools = Pools {
                tasks: &task_labels,
                task: t,
                roles: &role_names,
                role: r,
            };
            task_cards(deck, role, task, &owner, &pools, seed, out);
        }
        profile_cards(deck, role, &owner, r, &profiles, seed, out);
        timeline_card(role, &owner, seed, out);
    }
    for note in &deck.notes {
        let answer: Arc<str> = note.back.as_str().into();
        let key_points = if note.key_points.is_empty() {
            Arc::from([answer.clone()])
        } else {
            shared(&note.key_points)
        };
        let typed =
            !note.key_points.is_empty() || note.back.split_whitespace().count() <= SHORT_BACK_WORDS;
        let id = format!("{}/note/{}", deck.id, note.id);
        out(Card {
            siblings: id.as_str().into(),
            id: CardId(id),
            kind: CardKind::Note,
            deck: deck_id.clone(),
            role: note.role.as_deref().map(Arc::from),
            task: None,
            prompt: note.front.as_str().into(),
            answer,
            key_points,
            mode: if typed {
                AnswerMode::Typed
            } else {
                AnswerMode::SelfGraded
            },
            choices: Vec::new(),
            correct: Vec::new(),
        });
    }
}

/// Gives back the spare capacity building a card's lists left: a library
/// keeps every card for the whole run.
fn fit(card: &mut Card) {
    card.choices.shrink_to_fit();
    card.correct.shrink_to_fit();
}

/// Deck texts as the shared strings cards hold.
fn shared(texts: &[String]) -> Arc<[Arc<str>]> {
    texts.iter().map(|t| Arc::from(t.as_str())).collect()
}

/// The deck and role a card belongs to, and the role's name, shared by
/// all of their cards.
struct Owner {
    deck: Arc<str>,
    role: Arc<str>,
    name: Arc<str>,
}

/// How a task is named in prompts and choices: with its time when it has one.
pub fn task_label(task: &Task) -> String {
    match &task.time {
        Some(time) => format!("{time} {}", task.title),
        None => task.title.clone(),
    }
}

/// The option pools a task's choice cards draw from, and where the task
/// and its role sit in them.
struct Pools<'a> {
    tasks: &'a Pool,
    task: usize,
    roles: &'a Pool,
    role: usize,
}

fn task_cards(
    deck: &Deck,
    role: &Role,
    task: &Task,
    owner: &Owner,
    pools: &Pools,
    seed: u64,
    out: &mut dyn FnMut(Card),
) {
    let base: Arc<str> = format!("{}/{}/{}", owner.deck, owner.role, task.id).into();
    let task_id: Arc<str> = task.id.as_str().into();
    let card = |kind: CardKind, suffix: Option<usize>| {
        let id = match suffix {
            Some(n) => format!("{base}/{kind}/{n}"),
            None => format!("{base}/{kind}"),
        };
        Card {
            id: CardId(id),
            kind,
            deck: owner.deck.clone(),
            role: Some(owner.role.clone()),
            task: Some(task_id.clone()),
            prompt: Prompt::Text(Arc::from("")),
            answer: Arc::from(""),
            key_points: Arc::from([]),
            mode: AnswerMode::Typed,
            choices: Vec::new(),
            correct: Vec::new(),
            siblings: base.clone(),
        }
    };
    let heading: Arc<str> = match &task.time {
        Some(time) => format!("{} · {time} — {}", role.name, task.title),
        None => format!("{} — {}", role.name, task.title),
    }
    .into();
    let timed = task.time.is_some();
    let ask = |ask: &'static str| Prompt::Task {
        heading: heading.clone(),
        ask,
    };

    // The prompt asks only what is scored: the why when the deck gives it.
    let mut duties = card(CardKind::Duties, None);
    duties.prompt = ask(match (timed, task.why.is_some()) {
        (true, true) => "What happens in this block of the day, and why does it matter?",
        (true, false) => "What happens in this block of the day?",
        (false, true) => "What happens in this task, and why does it matter?",
        (false, false) => "What happens in this task?",
    });
    let mut answer = bullets(&task.what_happens);
    let points = if task.key_points.is_empty() {
        &task.what_happens
    } else {
        &task.key_points
    };
    let mut key_points: Vec<Arc<str>> = points.iter().map(|p| p.as_str().into()).collect();
    if let Some(why) = &task.why {
        answer.push_str("\nWhy it matters: ");
        answer.push_str(why);
        key_points.push(why.as_str().into());
    }
    duties.answer = answer.into();
    duties.key_points = key_points.into();
    out(duties);

    // The questions are the questions card's points and the which-task
    // cards' quotes.
    let asked = shared(&task.questions);
    if !task.questions.is_empty() {
        let mut questions = card(CardKind::Questions, None);
        questions.prompt = ask(if timed {
            "Which questions should you be asking yourself in this block of the day?"
        } else {
            "Which questions should you be asking yourself in this task?"
        });
        questions.answer = bullets(&task.questions).into();
        questions.key_points = asked.clone();
        out(questions);
    }

    for (n, example) in task.examples.iter().enumerate() {
        let mut scenario = card(CardKind::Scenario, Some(n));
        scenario.prompt = Prompt::Situation {
            heading: heading.clone(),
            situation: example.situation.as_str().into(),
        };
        scenario.answer = example.insight.as_str().into();
        scenario.key_points = if example.key_points.is_empty() {
            Arc::from([scenario.answer.clone()])
        } else {
            shared(&example.key_points)
        };
        out(scenario);
    }

    if role.tasks.len() >= 2 {
        for (n, question) in asked.iter().enumerate() {
            let mut which = card(CardKind::WhichTask, Some(n));
            which.prompt = Prompt::Quote {
                asker: Some(owner.name.clone()),
                ask: if timed {
                    "which time block is this question for?"
                } else {
                    "which task is this question for?"
                },
                quote: question.clone(),
            };
            set_choices(&mut which, pools.tasks, pools.task, seed);
            out(which);
        }
    }

    if deck.roles.len() >= 2 {
        let mut which = card(CardKind::WhichRole, None);
        which.prompt = Prompt::Quote {
            asker: None,
            ask: "Which role does this daily task belong to?",
            quote: task.title.as_str().into(),
        };
        set_choices(&mut which, pools.roles, pools.role, seed);
        out(which);
    }
}

/// The profile fields that become cards: (id suffix, prompt wording, getter).
type ProfileField = (
    &'static str,
    &'static str,
    fn(&super::model::Profile) -> Option<&String>,
);

const PROFILE_FIELDS: [ProfileField; 4] = [
    ("center-of-gravity", "daily center of gravity", |p| {
        p.center_of_gravity.as_ref()
    }),
    ("typical-output", "typical output", |p| {
        p.typical_output.as_ref()
    }),
    (
        "failure-mode",
        "primary failure mode when done poorly",
        |p| p.failure_mode.as_ref(),
    ),
    ("outsiders-miss", "what outsiders often miss", |p| {
        p.outsiders_miss.as_ref()
    }),
];

/// `pools[i]`: every role's value of profile field `i` (see [`PROFILE_FIELDS`]).
fn profile_cards(
    deck: &Deck,
    role: &Role,
    owner: &Owner,
    index: usize,
    pools: &[Pool; 4],
    seed: u64,
    out: &mut dyn FnMut(Card),
) {
    let Some(profile) = &role.profile else {
        return;
    };
    let siblings: Arc<str> = format!("{}/{}/profile", deck.id, role.id).into();
    for ((suffix, wording, get), pool) in PROFILE_FIELDS.into_iter().zip(pools) {
        let Some(value) = get(profile) else {
            continue;
        };
        // Another role has this field too: the card can offer its value.
        let others_have_it = pool.with_value > 1;
        let id = format!("{}/{}/profile/{suffix}", deck.id, role.id);
        let mut card = Card {
            id: CardId(id),
            kind: CardKind::Profile,
            deck: owner.deck.clone(),
            role: Some(owner.role.clone()),
            task: None,
            prompt: Prompt::Text(Arc::from("")),
            answer: value.as_str().into(),
            key_points: Arc::from([]),
            mode: AnswerMode::Typed,
            choices: Vec::new(),
            correct: Vec::new(),
            siblings: siblings.clone(),
        };
        // A blind spot is a sentence to explain, not an option to recognise.
        if !others_have_it || suffix == "outsiders-miss" {
            card.prompt = format!("{}: {wording}?", role.name).into();
            card.key_points = split_list(value).into_iter().map(Arc::from).collect();
        } else {
            card.prompt = format!("Which is the {}'s {wording}?", role.name).into();
            set_choices(&mut card, pool, index, seed);
        }
        out(card);
    }
}

fn timeline_card(role: &Role, owner: &Owner, seed: u64, out: &mut dyn FnMut(Card)) {
    let mut timed: Vec<&Task> = role.tasks.iter().filter(|t| t.time.is_some()).collect();
    if timed.len() < 3 {
        return;
    }
    // `HH:MM` sorts as text; validation guarantees the format.
    timed.sort_by(|a, b| a.time.cmp(&b.time));
    let id = format!("{}/{}/timeline", owner.deck, owner.role);
    let mut order: Vec<usize> = (0..timed.len()).collect();
    let mut rng = rng_for(&id, seed);
    order.shuffle(&mut rng);
    // `order[i]` is the chronological index of the item shown at position i.
    let choices: Vec<Arc<str>> = order
        .iter()
        .map(|&i| timed[i].title.as_str().into())
        .collect();
    let mut correct = vec![0; timed.len()];
    for (shown, &chrono_index) in order.iter().enumerate() {
        correct[chrono_index] = shown;
    }
    let answer: Vec<String> = timed.iter().map(|t| task_label(t)).collect();
    out(Card {
        siblings: id.as_str().into(),
        id: CardId(id),
        kind: CardKind::Timeline,
        deck: owner.deck.clone(),
        role: Some(owner.role.clone()),
        task: None,
        prompt: format!("Put the {}'s day in order, earliest first.", role.name).into(),
        answer: bullets(&answer).into(),
        key_points: answer.into_iter().map(Arc::from).collect(),
        mode: AnswerMode::Order,
        choices,
        correct,
    });
}

/// Fills a choice card: the right option (item `item`'s value in `pool`)
/// plus up to three other values of the pool drawn at random, shuffled with
/// a generator seeded from the card id. The options, the answer and the key
/// point are the pool's own strings, shared with every card offering them.
fn set_choices(card: &mut Card, pool: &Pool, item: usize, seed: u64) {
    let Some(right) = pool.of_item.get(item).copied().flatten() else {
        return;
    };
    let mut rng = rng_for(card.id.as_str(), seed);
    let mut choices = pool.distractors(item, &mut rng);
    choices.push(pool.values[right].clone());
    choices.shuffle(&mut rng);
    let correct = choices
        .iter()
        .position(|c| c == &pool.values[right])
        .unwrap_or_default();
    card.mode = AnswerMode::Choice;
    card.answer = pool.values[right].clone();
    card.key_points = pool.points[right].clone();
    card.choices = choices;
    card.correct = vec![correct];
}

/// Why the right option of a choice card is right, for the feedback on a
/// wrong pick: the task's *what happens* (which task), the role's centre of
/// gravity (which role), or the role's summary (a profile field). `None`
/// for other cards, or when the deck says nothing more.
pub fn explanation(deck: &Deck, card: &Card) -> Option<String> {
    let role = deck
        .roles
        .iter()
        .find(|r| card.role.as_deref() == Some(r.id.as_str()))?;
    let profile = role.profile.as_ref();
    match card.kind {
        CardKind::WhichTask => {
            let task = role
                .tasks
                .iter()
                .find(|t| card.task.as_deref() == Some(t.id.as_str()))?;
            (!task.what_happens.is_empty())
                .then(|| format!("{}: {}", task_label(task), run_on(&task.what_happens)))
        }
        CardKind::WhichRole => profile
            .and_then(|p| p.center_of_gravity.as_ref())
            .or(role.summary.as_ref())
            .map(|text| format!("{}: {text}", role.name)),
        CardKind::Profile if card.mode == AnswerMode::Choice => role
            .summary
            .as_ref()
            .map(|text| format!("{}: {text}", role.name)),
        _ => None,
    }
}

/// List items as one sentence: joined with `;`, or a space after an item
/// that ends a sentence or introduces the next ones (`:`).
fn run_on(items: &[String]) -> String {
    let mut text = String::new();
    for item in items {
        if !text.is_empty() {
            text.push_str(if text.ends_with([':', '.', '!', '?']) {
                " "
            } else {
                "; "
            });
        }
        text.push_str(item.trim());
    }
    text
}

/// The distinct values a choice card may offer (role names, task labels, a
/// profile field of every role), each held once, and which value each item
/// has. Drawing distractors picks indices, so it costs the same for a role
/// of five tasks or fifty thousand; listing every other item per card made
/// card generation quadratic in the tasks of a role.
struct Pool {
    /// Distinct values in order of first appearance.
    values: Vec<Arc<str>>,
    /// Each value as the one key point of the choice cards it answers.
    points: Vec<Arc<[Arc<str>]>>,
    /// The index in `values` of each item's value; `None` when it has none.
    of_item: Vec<Option<usize>>,
    /// How many items have a value.
    with_value: usize,
}

impl Pool {
    fn new(items: impl Iterator<Item = Option<Arc<str>>>) -> Pool {
        let mut index: HashMap<Arc<str>, usize> = HashMap::new();
        let mut values = Vec::new();
        let of_item = items
            .map(|item| {
                item.map(|value| {
                    *index.entry(value).or_insert_with_key(|value| {
                        values.push(value.clone());
                        values.len() - 1
                    })
                })
            })
            .collect::<Vec<_>>();
        let with_value = of_item.iter().flatten().count();
        let points = values.iter().map(|v| Arc::from([v.clone()])).collect();
        Pool {
            values,
            points,
            of_item,
            with_value,
        }
    }

    /// Up to `MAX_CHOICES - 1` distinct values other than item `item`'s, in
    /// random order.
    fn distractors(&self, item: usize, rng: &mut StdRng) -> Vec<Arc<str>> {
        let own = self.of_item.get(item).copied().flatten();
        let others = self.values.len() - usize::from(own.is_some());
        let amount = others.min(MAX_CHOICES - 1);
        rand::seq::index::sample(rng, others, amount)
            .into_iter()
            .map(|i| match own {
                // Skip over the item's own value.
                Some(own) if i >= own => &self.values[i + 1],
                _ => &self.values[i],
            })
            .cloned()
            .collect()
    }
}

fn rng_for(id: &str, seed: u64) -> StdRng {
    StdRng::seed_from_u64(fnv1a(id.as_bytes()) ^ seed)
}

/// FNV-1a: a stable hash (std's hasher may change between releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits a table cell like "findings, design feedback, code guidance" into
/// its items; a cell without commas is one item.
fn split_list(value: &str) -> Vec<String> {
    let parts: Vec<String> = value
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.strip_prefix("and ").unwrap_or(p).to_string())
        .collect();
    if parts.len() >= 2 && parts.iter().all(|p| p.split_whitespace().count() <= 6) {
        parts
    } else {
        vec![value.trim().to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::model::{Example, Note, Profile};

    fn task(id: &str, time: Option<&str>, questions: &[&str]) -> Task {
        Task {
            id: id.into(),
            title: format!("Title of {id}"),
            time: time.map(Into::into),
            what_happens: vec![format!("{id} happens"), "and more".into()],
            why: None,
            examples: vec![Example {
                situation: format!("situation in {id}"),
                insight: format!("insight of {id}"),
                key_points: vec![],
            }],
            questions: questions.iter().map(|q| (*q).to_string()).collect(),
            key_points: vec![],
        }
    }

    fn deck() -> Deck {
        let profile = |c: &str| Profile {
            center_of_gravity: Some(format!("{c} center")),
            typical_output: Some(format!("{c} plans, {c} notes")),
            failure_mode: Some(format!("{c} chaos")),
            outsiders_miss: Some(format!("{c} is more than it seems")),
        };
        Deck {
            id: "d".into(),
            title: "D".into(),
            description: None,
            source: None,
            roles: vec![
                Role {
                    id: "pm".into(),
                    name: "PM".into(),
                    summary: None,
                    profile: Some(profile("pm")),
                    tasks: vec![
                        task("brief", Some("06:45"), &["Is it real?", "Why now?"]),
                        task("framing", Some("08:30"), &["What problem?"]),
                        task("sync", Some("10:00"), &[]),
                    ],
                    rubric: None,
                },
                Role {
                    id: "eng".into(),
                    name: "Engineer".into(),
                    summary: None,
                    profile: Some(profile("eng")),
                    tasks: vec![task("review", None, &["What input is trusted?"])],
                    rubric: None,
                },
            ],
            notes: vec![Note {
                id: "insight".into(),
                front: "Front?".into(),
                back: "Back.".into(),
                key_points: vec![],
                role: None,
            }],
            synonyms: vec![],
        }
    }

    fn ids(cards: &[Card]) -> Vec<&str> {
        cards.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn generates_every_kind_with_stable_ids() {
        let cards = generate(&deck(), 0);
        let ids = ids(&cards);
        let expected = [
            "d/pm/brief/duties",
            "d/pm/brief/questions",
            "d/pm/brief/scenario/0",
            "d/pm/brief/which-task/0",
            "d/pm/brief/which-task/1",
            "d/pm/brief/which-role",
            "d/pm/framing/duties",
            "d/pm/framing/questions",
            "d/pm/framing/scenario/0",
            "d/pm/framing/which-task/0",
            "d/pm/framing/which-role",
            "d/pm/sync/duties",
            "d/pm/sync/scenario/0",
            "d/pm/sync/which-role",
            "d/pm/profile/center-of-gravity",
            "d/pm/profile/typical-output",
            "d/pm/profile/failure-mode",
            "d/pm/profile/outsiders-miss",
            "d/pm/timeline",
            "d/eng/review/duties",
            "d/eng/review/questions",
            "d/eng/review/scenario/0",
            "d/eng/review/which-role",
            "d/eng/profile/center-of-gravity",
            "d/eng/profile/typical-output",
            "d/eng/profile/failure-mode",
            "d/eng/profile/outsiders-miss",
            "d/note/insight",
        ];
        assert_eq!(ids, expected);
    }

    #[test]
    fn rewording_keeps_ids() {
        let before = generate(&deck(), 0);
        let mut reworded = deck();
        reworded.roles[0].tasks[0].title = "A new title".into();
        reworded.roles[0].tasks[0].questions[0] = "Is this signal real or noise?".into();
        reworded.roles[0].tasks[0].examples[0].situation = "Another situation".into();
        reworded.notes[0].front = "Reworded front".into();
        let after = generate(&reworded, 0);
        assert_eq!(ids(&before), ids(&after));
        assert_ne!(before, after, "the wording did change");
    }

    #[test]
    fn appending_keeps_existing_ids() {
        let before = generate(&deck(), 0);
        let mut grown = deck();
        grown.roles[0].tasks[0]
            .questions
            .push("A third question?".into());
        grown.roles[0].tasks[0].examples.push(Example {
            situation: "s2".into(),
            insight: "i2".into(),
            key_points: vec![],
        });
        let after = generate(&grown, 0);
        let after_ids = ids(&after);
        for id in ids(&before) {
            assert!(after_ids.contains(&id), "{id} vanished");
        }
        assert!(after_ids.contains(&"d/pm/brief/which-task/2"));
        assert!(after_ids.contains(&"d/pm/brief/scenario/1"));
    }

    #[test]
    fn key_points_follow_the_rules() {
        let cards = generate(&deck(), 0);
        let get = |id: &str| cards.iter().find(|c| c.id.as_str() == id).unwrap();
        assert_eq!(
            get("d/pm/brief/questions")
                .key_points
                .iter()
                .map(|p| &**p)
                .collect::<Vec<_>>(),
            ["Is it real?", "Why now?"]
        );
        assert_eq!(
            get("d/pm/brief/duties")
                .key_points
                .iter()
                .map(|p| &**p)
                .collect::<Vec<_>>(),
            ["brief happens", "and more"]
        );
        assert_eq!(
            get("d/pm/brief/scenario/0")
                .key_points
                .iter()
                .map(|p| &**p)
                .collect::<Vec<_>>(),
            ["insight of brief"]
        );
        assert_eq!(get("d/eng/profile/typical-output").mode, AnswerMode::Choice);
        assert_eq!(get("d/pm/profile/outsiders-miss").mode, AnswerMode::Typed);
        assert_eq!(get("d/note/insight").mode, AnswerMode::Typed);
        let mut with_points = deck();
        with_points.roles[0].tasks[0].key_points = vec!["explicit".into()];
        let cards = generate(&with_points, 0);
        assert_eq!(*cards[0].key_points, [Arc::from("explicit")]);
    }

    #[test]
    fn duties_ask_why_only_when_the_why_is_scored() {
        let mut d = deck();
        d.roles[0].tasks[0].why = Some("it sets the day's priorities".into());
        let cards = generate(&d, 0);
        let get = |id: &str| cards.iter().find(|c| c.id.as_str() == id).unwrap();
        let with_why = get("d/pm/brief/duties");
        assert!(with_why.prompt.text().ends_with("and why does it matter?"));
        assert_eq!(
            with_why.key_points.iter().map(|p| &**p).collect::<Vec<_>>(),
            ["brief happens", "and more", "it sets the day's priorities"]
        );
        let without = get("d/pm/framing/duties");
        assert!(
            without
                .prompt
                .text()
                .ends_with("What happens in this block of the day?")
        );
        assert!(!without.prompt.text().contains("why"));
        assert_eq!(
            without.key_points.iter().map(|p| &**p).collect::<Vec<_>>(),
            ["framing happens", "and more"]
        );
    }

    #[test]
    fn choice_cards_share_their_option_strings() {
        let cards = generate(&deck(), 0);
        let which: Vec<&Card> = cards
            .iter()
            .filter(|c| c.kind == CardKind::WhichTask && c.role.as_deref() == Some("pm"))
            .collect();
        assert!(which.len() >= 3);
        for card in &which {
            let right = &card.choices[card.correct[0]];
            assert!(Arc::ptr_eq(right, &card.answer), "{}", card.id);
            assert!(Arc::ptr_eq(right, &card.key_points[0]), "{}", card.id);
        }
        // Every option text of the role exists once, whichever card offers it.
        for a in &which {
            for b in &which {
                for x in &a.choices {
                    for y in b.choices.iter().filter(|y| y == &x) {
                        assert!(Arc::ptr_eq(x, y), "{x}");
                    }
                }
            }
        }
        let insight = cards
            .iter()
            .find(|c| c.id.as_str() == "d/pm/brief/scenario/0")
            .unwrap();
        assert!(Arc::ptr_eq(&insight.answer, &insight.key_points[0]));
    }

    #[test]
    fn choice_cards_explain_their_right_option() {
        let mut d = deck();
        d.roles[1].summary = Some("Builds things safely.".into());
        let cards = generate(&d, 0);
        let explain = |id: &str| {
            let card = cards.iter().find(|c| c.id.as_str() == id).unwrap();
            explanation(&d, card)
        };
        assert_eq!(
            explain("d/pm/brief/which-task/0").as_deref(),
            Some("06:45 Title of brief: brief happens; and more")
        );
        assert_eq!(
            explain("d/pm/brief/which-role").as_deref(),
            Some("PM: pm center")
        );
        assert_eq!(
            explain("d/eng/profile/typical-output").as_deref(),
            Some("Engineer: Builds things safely.")
        );
        assert_eq!(explain("d/pm/profile/typical-output"), None, "no summary");
        assert_eq!(explain("d/pm/brief/duties"), None);
        assert_eq!(
            run_on(&[
                "A briefing:".into(),
                "trends".into(),
                "CVEs".into(),
                "Done.".into(),
                "x".into()
            ]),
            "A briefing: trends; CVEs; Done. x"
        );
    }

    #[test]
    fn choices_hold_the_right_answer_and_are_reproducible() {
        let a = generate(&deck(), 7);
        let b = generate(&deck(), 7);
        assert_eq!(a, b);
        for card in a.iter().filter(|c| c.mode == AnswerMode::Choice) {
            assert!(card.choices.len() >= 2 && card.choices.len() <= MAX_CHOICES);
            assert_eq!(card.choices[card.correct[0]], card.answer, "{}", card.id);
            let mut unique = card.choices.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), card.choices.len(), "{}", card.id);
        }
        let which = a
            .iter()
            .find(|c| c.id.as_str() == "d/pm/brief/which-task/0")
            .unwrap();
        assert_eq!(&*which.answer, "06:45 Title of brief");
    }

    #[test]
    fn timeline_correct_order_is_chronological() {
        let mut d = deck();
        d.roles[0].tasks.swap(0, 2);
        let cards = generate(&d, 3);
        let timeline = cards.iter().find(|c| c.kind == CardKind::Timeline).unwrap();
        let ordered: Vec<&str> = timeline
            .correct
            .iter()
            .map(|&i| &*timeline.choices[i])
            .collect();
        assert_eq!(
            ordered,
            ["Title of brief", "Title of framing", "Title of sync"]
        );
    }

    #[test]
    fn siblings_group_cards_of_one_task() {
        let cards = generate(&deck(), 0);
        let brief: Vec<&Card> = cards
            .iter()
            .filter(|c| c.task.as_deref() == Some("brief"))
            .collect();
        assert!(brief.iter().all(|c| &*c.siblings == "d/pm/brief"));
        assert_eq!(brief.len(), 6);
    }

    #[test]
    fn splits_table_cells_into_points() {
        assert_eq!(
            split_list("findings, design feedback, code guidance, review notes"),
            [
                "findings",
                "design feedback",
                "code guidance",
                "review notes"
            ]
        );
        assert_eq!(
            split_list("Team operations and prioritization"),
            ["Team operations and prioritization"]
        );
    }
}
