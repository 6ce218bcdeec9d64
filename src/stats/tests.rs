//! The figures of `stats` on small hand-made histories of the mini deck.

use super::*;
use crate::deck::generate::generate;
use crate::history::{Entry, History};
use crate::schedule::DayClock;

const MINI: &str = include_str!("../../tests/fixtures/decks/mini/mini.ron");

fn deck() -> Deck {
    crate::deck::validate::parse_deck(MINI).unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

use crate::history::test_review as review;

fn scheduler() -> Scheduler {
    Scheduler::new(None, 0.9, DayClock::default()).unwrap()
}

/// Stats of `reviews` on the mini deck at `now`.
fn stats_of(reviews: &[Review], now: &str) -> Stats {
    let deck = deck();
    let cards = generate(&deck, 0);
    let card_refs: Vec<&Card> = cards.iter().collect();
    let scheduler = scheduler();
    let entries: Vec<Entry> = reviews.iter().cloned().map(Entry::Review).collect();
    let progress = Progress::replay(&entries, &scheduler);
    let history = History::new(entries);
    compute(&Inputs {
        reviews: &history.by_time(),
        progress: &progress,
        cards: &card_refs,
        decks: &[&deck],
        scheduler: &scheduler,
        now: t(now),
        profile: "default",
    })
}

const DUTIES: &str = "mini/pm/brief/duties";
const QUESTIONS: &str = "mini/pm/brief/questions";
const TRIAGE: &str = "mini/appsec/triage/duties";

#[test]
fn true_retention_counts_first_reviews_of_later_days_only() {
    let reviews = [
        // Day 1: first review and a same-day repeat: learning, not recall.
        review(DUTIES, "2026-03-01T09:00:00Z", Grade::Again),
        review(DUTIES, "2026-03-01T09:10:00Z", Grade::Good),
        // Day 2: a recall (failed), then its same-day repeat (left out).
        review(DUTIES, "2026-03-02T09:00:00Z", Grade::Again),
        review(DUTIES, "2026-03-02T09:10:00Z", Grade::Good),
        // Before 04:00 on the 3rd is still the 2nd: not a recall.
        review(DUTIES, "2026-03-03T03:00:00Z", Grade::Good),
        // Day 5: a passed recall.
        review(DUTIES, "2026-03-05T09:00:00Z", Grade::Hard),
        // Another card: learned long ago, recalled 10 days before `now`
        // (inside 30 days, outside 7).
        review(TRIAGE, "2026-01-01T09:00:00Z", Grade::Good),
        review(TRIAGE, "2026-02-23T09:00:00Z", Grade::Good),
        // After `now`: ignored everywhere.
        review(TRIAGE, "2026-03-06T09:00:00Z", Grade::Again),
    ];
    let s = stats_of(&reviews, "2026-03-05T12:00:00Z");
    let week = s.true_retention.last_7_days;
    assert_eq!((week.reviews, week.passed, week.rate), (2, 1, Some(0.5)));
    let month = s.true_retention.last_30_days;
    assert_eq!((month.reviews, month.passed), (3, 2));
    assert_eq!(
        s.reviews,
        Windows {
            today: 1,
            last_7_days: 6,
            last_30_days: 7,
            all_time: 8
        }
    );
    assert_eq!(s.time_studied_seconds.all_time, 80);
}

#[test]
fn streaks_count_learner_days_across_a_gap() {
    let days = |list: &[&str]| -> Vec<Review> {
        list.iter()
            .map(|d| review(DUTIES, &format!("{d}T20:00:00Z"), Grade::Good))
            .collect()
    };
    // 4 days, a gap, then 3 days ending yesterday: the streak is alive.
    let history = days(&[
        "2026-02-01",
        "2026-02-02",
        "2026-02-03",
        "2026-02-04",
        "2026-02-06",
        "2026-02-07",
        "2026-02-08",
    ]);
    let s = stats_of(&history, "2026-02-09T10:00:00Z");
    assert_eq!((s.streak.current_days, s.streak.longest_days), (3, 4));
    assert!(!s.streak.studied_today);
    // Studying today extends it; a late-night review counts for the evening.
    let mut more = history.clone();
    more.push(review(DUTIES, "2026-02-10T02:00:00Z", Grade::Good));
    let s = stats_of(&more, "2026-02-10T03:00:00Z");
    assert_eq!((s.streak.current_days, s.streak.longest_days), (4, 4));
    assert!(s.streak.studied_today);
    // A whole day without reviews ends it.
    let s = stats_of(&history, "2026-02-10T10:00:00Z");
    assert_eq!((s.streak.current_days, s.streak.longest_days), (0, 4));
    assert_eq!(s.streak.last_study_day, NaiveDate::from_ymd_opt(2026, 2, 8));
}

#[test]
fn card_states_forecast_and_mastery() {
    let mut reviews = Vec::new();
    // A mature card: reviewed Easy many times over months.
    for at in [
        "2025-09-01T09:00:00Z",
        "2025-09-10T09:00:00Z",
        "2025-10-20T09:00:00Z",
        "2026-02-01T09:00:00Z",
    ] {
        reviews.push(review(DUTIES, at, Grade::Easy));
    }
    // A learning card: failed on its second day.
    reviews.push(review(QUESTIONS, "2026-03-01T09:00:00Z", Grade::Good));
    reviews.push(review(QUESTIONS, "2026-03-02T08:55:00Z", Grade::Again));
    // A young card, due in a few days.
    reviews.push(review(TRIAGE, "2026-03-02T08:00:00Z", Grade::Good));
    let s = stats_of(&reviews, "2026-03-02T09:00:00Z");
    let total = generate(&deck(), 0).len() as u64;
    assert_eq!(
        s.cards,
        CardCounts {
            total,
            new: total - 3,
            learning: 1,
            young: 1,
            mature: 1,
            due_now: 0,
        }
    );
    assert_eq!(s.forecast.len(), FORECAST_DAYS);
    assert_eq!(
        s.forecast[0].date,
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    );
    // The learning card is due in 10 minutes: today.
    assert_eq!(s.forecast[0].due, 1);
    assert_eq!(s.forecast.iter().map(|d| d.due).sum::<u64>(), 2);
    let deck = &s.decks[0];
    assert_eq!((deck.cards, deck.reviewed, deck.mature), (total, 3, 1));
    assert!((deck.mature_share - 1.0 / total as f64).abs() < 1e-12);
    let pm = s
        .roles
        .iter()
        .find(|r| r.role.as_deref() == Some("pm"))
        .unwrap();
    assert_eq!((pm.reviewed, pm.mature), (2, 1));
    let average = pm.average_retrievability.unwrap();
    assert!(average > 0.9 && average < 1.0, "{average}");
    let appsec = &s.roles[1];
    assert_eq!(appsec.name, "AppSec Engineer");
    assert_eq!(appsec.reviewed, 1);
}

#[test]
fn weakest_tasks_rank_by_recall_then_lapses_with_a_drill_command() {
    let reviews = [
        // brief: one card forgotten (due long ago, several lapses).
        review(QUESTIONS, "2025-12-01T09:00:00Z", Grade::Good),
        review(QUESTIONS, "2025-12-03T09:00:00Z", Grade::Again),
        review(QUESTIONS, "2025-12-03T09:20:00Z", Grade::Hard),
        // triage: failed an hour ago; FSRS still puts it near 100% now.
        review(TRIAGE, "2026-03-02T08:00:00Z", Grade::Again),
        // framing: fresh and recalled: not weak, so never listed.
        review(
            "mini/pm/framing/duties",
            "2026-03-02T08:00:00Z",
            Grade::Good,
        ),
    ];
    let s = stats_of(&reviews, "2026-03-02T09:00:00Z");
    let tasks: Vec<(&str, u64, u64)> = s
        .weakest_tasks
        .iter()
        .map(|t| (t.task.as_str(), t.lapses, t.failed))
        .collect();
    assert_eq!(tasks, [("triage", 0, 1), ("brief", 1, 0)]);
    let triage = &s.weakest_tasks[0];
    assert!(triage.average_retrievability > 0.9);
    assert!(triage.recall.abs() < f64::EPSILON, "{}", triage.recall);
    assert_eq!(triage.kinds, ["duties"]);
    assert_eq!(
        triage.command,
        "rolecall study --deck mini --role appsec --task triage"
    );
    let brief = &s.weakest_tasks[1];
    assert_eq!(brief.title, "Morning brief");
    assert_eq!(brief.role_name, "Security PM");
    assert_eq!(brief.kinds, ["questions"]);
    assert!(brief.recall < 0.9 && brief.recall > 0.0, "{}", brief.recall);
    assert!((brief.recall - brief.average_retrievability).abs() < 1e-9);
    assert_eq!(
        brief.command,
        "rolecall study --deck mini --role pm --task brief"
    );
    // Nothing listed is at full recall.
    assert!(s.weakest_tasks.iter().all(|t| t.recall < 0.9));
}

#[test]
fn an_empty_profile_has_the_same_shape() {
    let s = stats_of(&[], "2026-03-02T09:00:00Z");
    assert!(s.is_empty());
    assert_eq!(s.reviews, Windows::default());
    assert_eq!(s.true_retention.last_7_days.rate, None);
    assert_eq!(s.streak, Streak::default());
    assert_eq!(s.cards.new, s.cards.total);
    assert_eq!(s.forecast.len(), FORECAST_DAYS);
    assert!(s.forecast.iter().all(|d| d.due == 0));
    assert!(s.decks.iter().all(|d| d.average_retrievability.is_none()));
    assert!(s.weakest_tasks.is_empty());
}
