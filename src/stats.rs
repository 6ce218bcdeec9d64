//! The figures of `rolecall stats`, computed from the review log, the cards'
//! states and the scheduler at a given moment.
//!
//! Pure: log entries, progress and cards come in as values and `now` is a
//! parameter; reading files and printing belong to the commands. Every
//! figure is defined here, once, so `stats` (text and JSON) and the
//! mentor's `report` agree.
//!
//! # Definitions
//!
//! - **Day**: the learner's study day from the scheduler's [`DayClock`](crate::schedule::DayClock)
//!   (the profile's time zone, a new day at 04:00). *Today* is the day of `now`; *the last
//!   7 days* are today and the 6 days before it (30 likewise).
//! - Only reviews at or before `now` count, so `--now` in the past shows the
//!   figures as they were then. Undone reviews never count (the undo rule
//!   is the history's, [`Ledger`](crate::history::Ledger)).
//! - **Reviews**: answered cards, every answer counted (a card failed and
//!   asked again in the same session counts twice).
//! - **Time studied**: the sum of answer durations, each capped at
//!   [`MAX_ANSWER_TIME`] so a prompt left open over lunch does not count as
//!   study.
//! - **True retention**: among *recall reviews* in the window, the share not
//!   graded Again. A recall review is a card's first review of a day when it
//!   was already reviewed on an earlier day: first-day learning and same-day
//!   repeats after a failure are left out, as FSRS leaves them out of its
//!   training items. Windows: the last 7 and 30 days, and all time. `rate`
//!   is `null` when the window holds no recall review.
//! - **Streaks**: runs of consecutive days with at least one review. The
//!   current streak ends today, or yesterday when nothing was reviewed yet
//!   today (the streak is still alive until today ends); it is 0 otherwise.
//! - **Card states**, for the selected cards: *new* never reviewed;
//!   *learning* reviewed and last graded Again (it comes back after a short
//!   relearning step, not in days); *mature* not learning with stability
//!   ≥ 21 days; *young* every other reviewed card. *Due now*: reviewed cards
//!   whose due time is at or before `now`.
//! - **Due forecast**: for each of the 30 days from today, the selected cards
//!   whose due time falls on that day; today also holds every overdue card.
//! - **Mastery** per deck and per role: the share of its cards that are
//!   mature, the average recall (see below) of its reviewed cards, and their
//!   average retrievability alone (both `null` when none is reviewed: new
//!   cards have no memory to measure), and how many of its cards are due
//!   now.
//! - **Recall** of a reviewed card: its retrievability now, except that a
//!   card failed at its last review (*learning*) counts 0 until it is
//!   answered right again. FSRS puts any card just reviewed near 100%, even
//!   one failed a minute ago; a person asking "what is weak" means the
//!   failure. A card is *weak* when its recall is below the desired
//!   retention or it has lapsed (Again after its first review).
//! - **Weakest tasks**: tasks with at least one weak card, ranked by the
//!   lowest average recall of their reviewed cards (`recall`), then by the
//!   most lapses; the five first are shown. A task at full recall (an
//!   average that shows as 100%) is never listed, whatever its lapses.
//!   `average_retrievability` is the FSRS average alone, `failed` the cards
//!   failed at their last review, and `kinds` the kinds of the weak cards
//!   when only some of the task's kinds are weak. Each comes with the
//!   `rolecall study --deck D --role R --task T` command that drills all
//!   its cards.
//!
//! An empty profile gives the same shape: zero counts, every card new, a
//! forecast of zeros, `null` rates and averages, no weak tasks.

use crate::deck::model::Deck;
use crate::deck::{Card, CardKind};
use crate::grade::Grade;
use crate::history::Review;
use crate::progress::Progress;
use crate::schedule::{CardState, Scheduler};
use crate::session::drill_command;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Days in the due forecast, today included.
pub const FORECAST_DAYS: usize = 30;
/// Stability (days) from which a card counts as mature.
pub const MATURE_DAYS: f32 = 21.0;
/// Longest time one answer adds to the time studied.
pub const MAX_ANSWER_TIME: std::time::Duration = std::time::Duration::from_mins(5);
/// How many weakest tasks are listed.
pub const WEAKEST: usize = 5;
/// Average recall that shows as 100%: a task there is not weak.
const FULL_RECALL: f64 = 0.995;

/// What [`compute`] works from.
pub struct Inputs<'a> {
    /// The reviews that stand, by time ([`History::by_time`](crate::history::History::by_time)), of the
    /// selected decks only.
    pub reviews: &'a [&'a Review],
    /// Card states from the same log, computed by `scheduler`.
    pub progress: &'a Progress,
    /// The selected cards (mastery, forecast and card states cover these).
    pub cards: &'a [&'a Card],
    /// The selected decks, for names and order.
    pub decks: &'a [&'a Deck],
    pub scheduler: &'a Scheduler,
    pub now: DateTime<Utc>,
    /// The profile name, for the drill commands.
    pub profile: &'a str,
}

/// Every figure of `rolecall stats`; `--json` prints this (stable names).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub profile: String,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub desired_retention: f32,
    pub reviews: Windows,
    pub time_studied_seconds: Windows,
    pub true_retention: RetentionWindows,
    pub streak: Streak,
    pub cards: CardCounts,
    pub forecast: Vec<ForecastDay>,
    pub decks: Vec<Mastery>,
    pub roles: Vec<Mastery>,
    pub weakest_tasks: Vec<WeakTask>,
}

impl Stats {
    /// No review counts: the profile has nothing to show yet.
    pub fn is_empty(&self) -> bool {
        self.reviews.all_time == 0
    }
}

/// A count over today, the last 7 and 30 days, and all time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Windows {
    pub today: u64,
    pub last_7_days: u64,
    pub last_30_days: u64,
    pub all_time: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RetentionWindows {
    pub last_7_days: Retention,
    pub last_30_days: Retention,
    pub all_time: Retention,
}

/// Recall reviews in a window and how many passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Retention {
    pub reviews: u64,
    pub passed: u64,
    /// `passed / reviews`; `null` without recall reviews.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    pub current_days: u32,
    pub longest_days: u32,
    pub studied_today: bool,
    pub last_study_day: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CardCounts {
    pub total: u64,
    pub new: u64,
    pub learning: u64,
    pub young: u64,
    pub mature: u64,
    pub due_now: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ForecastDay {
    pub date: NaiveDate,
    pub due: u64,
}

/// Mastery of one deck (`role` absent) or one role of a deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mastery {
    pub deck: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub name: String,
    pub cards: u64,
    pub reviewed: u64,
    pub mature: u64,
    pub mature_share: f64,
    pub average_retrievability: Option<f64>,
    /// Average recall of the reviewed cards (a card failed at its last
    /// review counts 0), what `stats` and `report` show as "recall".
    pub recall: Option<f64>,
    /// Reviewed cards due at or before `now`.
    pub due_now: u64,
}

/// A task to drill, with its figures and the command that drills it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakTask {
    pub deck: String,
    pub role: String,
    pub task: String,
    pub title: String,
    pub role_name: String,
    pub cards: u64,
    pub reviewed: u64,
    pub average_retrievability: f64,
    /// Average recall of the reviewed cards (a card failed at its last
    /// review counts 0): what the list is ranked by.
    pub recall: f64,
    /// Reviewed cards failed at their last review.
    pub failed: u64,
    pub lapses: u64,
    /// The kinds whose cards are weak; empty when the whole task is.
    pub kinds: Vec<String>,
    pub command: String,
}

/// A card's state class (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    New,
    Learning,
    Young,
    Mature,
}

/// What the figures need of one card at `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CardFigures {
    class: Class,
    /// Retrievability now; `None` when new.
    retrievability: Option<f64>,
    due_now: bool,
}

impl CardFigures {
    const NEW: CardFigures = CardFigures {
        class: Class::New,
        retrievability: None,
        due_now: false,
    };

    /// Recall now (see the module doc); `None` when new.
    fn recall(self) -> Option<f64> {
        let r = self.retrievability?;
        Some(if self.class == Class::Learning {
            0.0
        } else {
            r
        })
    }
}

/// A reviewed card's recall at `now` (see the module doc): retrievability,
/// or 0 when it was failed at its last review. The mock's draw ranks
/// cards by it, as the weakest tasks are ranked.
pub fn recall(state: &CardState, scheduler: &Scheduler, now: DateTime<Utc>) -> f32 {
    if state.is_learning() {
        0.0
    } else {
        scheduler.retrievability(state, now)
    }
}

/// Looks a selected card's figures up by id.
type FiguresOf<'a> = dyn Fn(&str) -> CardFigures + 'a;

/// Computes every figure.
pub fn compute(inputs: &Inputs) -> Stats {
    let clock = inputs.scheduler.clock();
    let today = clock.day_of(inputs.now);
    let reviews: Vec<&Review> = inputs
        .reviews
        .iter()
        .copied()
        .filter(|r| r.at <= inputs.now)
        .collect();
    let age = |at: DateTime<Utc>| (today - clock.day_of(at)).num_days();

    let mut counts = Windows::default();
    let mut seconds_ms = [0u64; 4];
    let cap = u64::try_from(MAX_ANSWER_TIME.as_millis()).unwrap_or(u64::MAX);
    let mut recall = [Retention::default(); 3];
    let mut last_day: HashMap<&str, NaiveDate> = HashMap::new();
    let mut study_days: BTreeSet<NaiveDate> = BTreeSet::new();
    for r in &reviews {
        let day = clock.day_of(r.at);
        let days_ago = age(r.at);
        let windows = [days_ago == 0, days_ago < 7, days_ago < 30, true];
        let ms = r.duration_ms.min(cap);
        for (i, &inside) in windows.iter().enumerate() {
            if inside {
                seconds_ms[i] += ms;
            }
        }
        add_if(&mut counts, windows);
        let is_recall = last_day.get(r.card.as_str()).is_some_and(|&d| d < day);
        if is_recall {
            for (i, &inside) in [windows[1], windows[2], windows[3]].iter().enumerate() {
                if inside {
                    recall[i].reviews += 1;
                    recall[i].passed += u64::from(r.grade != Grade::Again);
                }
            }
        }
        last_day.insert(r.card.as_str(), day);
        study_days.insert(day);
    }
    for window in &mut recall {
        window.rate = (window.reviews > 0).then(|| window.passed as f64 / window.reviews as f64);
    }
    let [today_ms, week_ms, month_ms, all_ms] = seconds_ms;

    let classes: HashMap<&str, CardFigures> = inputs
        .cards
        .iter()
        .map(|c| {
            let id = c.id.as_str();
            (id, classify(inputs, id))
        })
        .collect();
    let class_of = |id: &str| classes.get(id).copied().unwrap_or(CardFigures::NEW);

    Stats {
        profile: inputs.profile.to_string(),
        now: inputs.now,
        today,
        desired_retention: inputs.scheduler.desired_retention(),
        reviews: counts,
        time_studied_seconds: Windows {
            today: today_ms / 1000,
            last_7_days: week_ms / 1000,
            last_30_days: month_ms / 1000,
            all_time: all_ms / 1000,
        },
        true_retention: RetentionWindows {
            last_7_days: recall[0],
            last_30_days: recall[1],
            all_time: recall[2],
        },
        streak: streak(&study_days, today),
        cards: card_counts(inputs, &class_of),
        forecast: forecast(inputs, today),
        decks: deck_mastery(inputs, &class_of),
        roles: role_mastery(inputs, &class_of),
        weakest_tasks: weakest_tasks(inputs, &class_of),
    }
}

fn add_if(counts: &mut Windows, windows: [bool; 4]) {
    let [today, week, month, all] = windows.map(u64::from);
    counts.today += today;
    counts.last_7_days += week;
    counts.last_30_days += month;
    counts.all_time += all;
}

/// The card's class, retrievability and whether it is due, now.
fn classify(inputs: &Inputs, id: &str) -> CardFigures {
    let Some(p) = inputs.progress.get(id) else {
        return CardFigures::NEW;
    };
    let s = &p.state;
    let r = f64::from(inputs.scheduler.retrievability(s, inputs.now));
    let class = if s.is_learning() {
        Class::Learning
    } else if s.stability >= MATURE_DAYS {
        Class::Mature
    } else {
        Class::Young
    };
    CardFigures {
        class,
        retrievability: Some(r),
        due_now: s.due <= inputs.now,
    }
}

fn streak(days: &BTreeSet<NaiveDate>, today: NaiveDate) -> Streak {
    let mut longest = 0;
    let mut run = 0;
    let mut previous: Option<NaiveDate> = None;
    for &day in days.iter().filter(|&&d| d <= today) {
        run = match previous {
            Some(p) if (day - p).num_days() == 1 => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let studied_today = days.contains(&today);
    let mut current = 0;
    let mut day = if studied_today {
        Some(today)
    } else {
        today.pred_opt()
    };
    while let Some(d) = day.filter(|d| days.contains(d)) {
        current += 1;
        day = d.pred_opt();
    }
    Streak {
        current_days: current,
        longest_days: longest,
        studied_today,
        last_study_day: previous,
    }
}

fn card_counts(inputs: &Inputs, class_of: &FiguresOf) -> CardCounts {
    let mut counts = CardCounts {
        total: inputs.cards.len() as u64,
        ..CardCounts::default()
    };
    for card in inputs.cards {
        let figures = class_of(card.id.as_str());
        match figures.class {
            Class::New => counts.new += 1,
            Class::Learning => counts.learning += 1,
            Class::Young => counts.young += 1,
            Class::Mature => counts.mature += 1,
        }
        counts.due_now += u64::from(figures.due_now);
    }
    counts
}

fn forecast(inputs: &Inputs, today: NaiveDate) -> Vec<ForecastDay> {
    let clock = inputs.scheduler.clock();
    let mut due = [0u64; FORECAST_DAYS];
    for card in inputs.cards {
        if let Some(p) = inputs.progress.get(card.id.as_str()) {
            let offset = (clock.day_of(p.state.due) - today).num_days().max(0);
            if let Some(slot) = usize::try_from(offset).ok().and_then(|i| due.get_mut(i)) {
                *slot += 1;
            }
        }
    }
    due.iter()
        .zip(today.iter_days())
        .map(|(&due, date)| ForecastDay { date, due })
        .collect()
}

fn mastery<'c>(
    deck: &str,
    role: Option<&str>,
    name: &str,
    cards: impl Iterator<Item = &'c &'c Card>,
    class_of: &FiguresOf,
) -> Mastery {
    let (mut total, mut reviewed, mut mature, mut due_now) = (0u64, 0u64, 0u64, 0u64);
    let (mut r_sum, mut recall_sum) = (0.0, 0.0);
    for card in cards {
        total += 1;
        let figures = class_of(card.id.as_str());
        mature += u64::from(figures.class == Class::Mature);
        due_now += u64::from(figures.due_now);
        if let (Some(r), Some(recall)) = (figures.retrievability, figures.recall()) {
            reviewed += 1;
            r_sum += r;
            recall_sum += recall;
        }
    }
    Mastery {
        deck: deck.to_string(),
        role: role.map(str::to_string),
        name: name.to_string(),
        cards: total,
        reviewed,
        mature,
        mature_share: if total > 0 {
            mature as f64 / total as f64
        } else {
            0.0
        },
        average_retrievability: (reviewed > 0).then(|| r_sum / reviewed as f64),
        recall: (reviewed > 0).then(|| recall_sum / reviewed as f64),
        due_now,
    }
}

fn deck_mastery(inputs: &Inputs, class_of: &FiguresOf) -> Vec<Mastery> {
    inputs
        .decks
        .iter()
        .map(|deck| {
            let cards = inputs.cards.iter().filter(|c| *c.deck == *deck.id);
            mastery(&deck.id, None, &deck.title, cards, class_of)
        })
        .collect()
}

fn role_mastery(inputs: &Inputs, class_of: &FiguresOf) -> Vec<Mastery> {
    let mut out = Vec::new();
    for deck in inputs.decks {
        for role in &deck.roles {
            let cards = inputs
                .cards
                .iter()
                .filter(|c| *c.deck == *deck.id && c.role.as_deref() == Some(role.id.as_str()));
            out.push(mastery(
                &deck.id,
                Some(&role.id),
                &role.name,
                cards,
                class_of,
            ));
        }
    }
    out
}

fn weakest_tasks(inputs: &Inputs, class_of: &FiguresOf) -> Vec<WeakTask> {
    let desired = f64::from(inputs.scheduler.desired_retention());
    let mut groups: BTreeMap<(&str, &str, &str), Vec<&Card>> = BTreeMap::new();
    for card in inputs.cards {
        if let (Some(role), Some(task)) = (&card.role, &card.task) {
            groups
                .entry((&*card.deck, &**role, &**task))
                .or_default()
                .push(card);
        }
    }
    let mut tasks = Vec::new();
    for ((deck_id, role_id, task_id), cards) in groups {
        let (mut r_sum, mut recall_sum) = (0.0, 0.0);
        let (mut reviewed, mut failed, mut lapses) = (0u64, 0u64, 0u64);
        let mut all_kinds: BTreeSet<CardKind> = BTreeSet::new();
        let mut weak_kinds: BTreeSet<CardKind> = BTreeSet::new();
        for card in &cards {
            all_kinds.insert(card.kind);
            let figures = class_of(card.id.as_str());
            let (Some(r), Some(recall)) = (figures.retrievability, figures.recall()) else {
                continue;
            };
            reviewed += 1;
            r_sum += r;
            recall_sum += recall;
            failed += u64::from(figures.class == Class::Learning);
            let card_lapses = inputs
                .progress
                .get(card.id.as_str())
                .map_or(0, |p| p.state.lapses);
            lapses += u64::from(card_lapses);
            if recall < desired || card_lapses > 0 {
                weak_kinds.insert(card.kind);
            }
        }
        if weak_kinds.is_empty() || recall_sum / reviewed as f64 >= FULL_RECALL {
            continue;
        }
        let deck = inputs.decks.iter().find(|d| d.id == deck_id);
        let role = deck.and_then(|d| d.roles.iter().find(|r| r.id == role_id));
        let task = role.and_then(|r| r.tasks.iter().find(|t| t.id == task_id));
        let kinds: Vec<String> = if weak_kinds.len() < all_kinds.len() {
            weak_kinds.iter().map(|k| k.name().to_string()).collect()
        } else {
            Vec::new()
        };
        tasks.push(WeakTask {
            deck: deck_id.to_string(),
            role: role_id.to_string(),
            task: task_id.to_string(),
            title: task.map_or_else(|| task_id.to_string(), |t| t.title.clone()),
            role_name: role.map_or_else(|| role_id.to_string(), |r| r.name.clone()),
            cards: cards.len() as u64,
            reviewed,
            average_retrievability: r_sum / reviewed as f64,
            recall: recall_sum / reviewed as f64,
            failed,
            lapses,
            command: drill_command(inputs.profile, deck_id, role_id, Some(task_id)),
            kinds,
        });
    }
    tasks.sort_by(|a, b| a.recall.total_cmp(&b.recall).then(b.lapses.cmp(&a.lapses)));
    tasks.truncate(WEAKEST);
    tasks
}

#[cfg(test)]
mod tests;
