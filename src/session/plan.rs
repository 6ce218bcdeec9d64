//! Planning a session: resume today's interrupted queue for the same
//! filters, or build a new one (due cards, exam-date mode, today's new-card
//! allowance counted across every filter).
//!
//! Pure: progress, settings, the saved queue and `now` come in as values.
//! `study` plans with the profile locked, `next` without.

use super::queue::{self, CardStatus, QueueOptions};
use crate::deck::Card;
use crate::progress::Progress;
use crate::schedule::Scheduler;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// What is left of an interrupted session, as it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub started: DateTime<Utc>,
    /// The study day it belongs to; another day starts afresh.
    pub day: NaiveDate,
    /// Card ids still to ask, in order.
    pub remaining: Vec<String>,
    /// [`Filters::key`](super::Filters::key) of the command that started it.
    pub filters: String,
}

/// What the learner asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// [`Filters::key`](super::Filters::key): a saved queue resumes only
    /// for the same filters.
    pub filters: String,
    /// At most this many cards.
    pub limit: Option<usize>,
    /// Start a new queue even when one could be resumed.
    pub fresh: bool,
    /// Keep to one card per sibling group a day (off when drilling tasks).
    pub bury_siblings: bool,
}

/// A planned session: card indexes into the planner's `cards`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub queue: Vec<usize>,
    /// It resumes an interrupted session of today.
    pub resumed: bool,
}

/// Everything a plan depends on.
pub struct Planner<'a> {
    /// The cards the filters leave, in deck order.
    pub cards: &'a [&'a Card],
    pub scheduler: &'a Scheduler,
    pub progress: &'a Progress,
    pub now: DateTime<Utc>,
    pub new_per_day: u32,
    pub interview_on: Option<NaiveDate>,
    /// The profile's interrupted session, if any.
    pub resume: Option<&'a Resume>,
}

impl Planner<'_> {
    /// The queue for a session starting now: today's interrupted one when
    /// it matches the request, else a new one.
    pub fn plan(&self, request: &Request) -> Plan {
        let today = self.scheduler.clock().day_of(self.now);
        if !request.fresh
            && let Some(saved) = self.resume
            && saved.day == today
            && saved.filters == request.filters
        {
            let index: HashMap<&str, usize> = self
                .cards
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect();
            let mut queue: Vec<usize> = saved
                .remaining
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect();
            if let Some(limit) = request.limit {
                queue.truncate(limit);
            }
            if !queue.is_empty() {
                return Plan {
                    queue,
                    resumed: true,
                };
            }
        }
        Plan {
            queue: self.build_queue(request.limit, request.bury_siblings),
            resumed: false,
        }
    }

    /// The interview's moment: the start of its study day.
    fn interview_instant(&self) -> Option<DateTime<Utc>> {
        Some(self.scheduler.clock().day_start(self.interview_on?))
    }

    fn build_queue(&self, limit: Option<usize>, bury_siblings: bool) -> Vec<usize> {
        let clock = self.scheduler.clock();
        let now = self.now;
        let today = clock.day_of(now);
        // Exam-date mode runs until the interview's study day.
        let interview = self
            .interview_on
            .filter(|d| *d > today)
            .and(self.interview_instant());
        let status: HashMap<&str, CardStatus> = self
            .cards
            .iter()
            .filter_map(|c| {
                let p = self.progress.get(c.id.as_str())?;
                Some((
                    c.id.as_str(),
                    CardStatus {
                        due: p.state.due,
                        retrievability: self.scheduler.retrievability(&p.state, now),
                        last_review_day: clock.day_of(p.state.last_review),
                        first_review_day: clock.day_of(p.first_review),
                        retrievability_at_interview: interview
                            .map(|at| self.scheduler.retrievability(&p.state, at)),
                        reps: p.state.reps,
                    },
                ))
            })
            .collect();
        // Cards outside the filters still count toward today's new cards.
        let new_elsewhere = self
            .progress
            .cards
            .iter()
            .filter(|(id, p)| {
                clock.day_of(p.first_review) == today && !status.contains_key(id.as_str())
            })
            .count() as u32;
        let mut new_per_day = self.new_per_day;
        if let Some(date) = self.interview_on.filter(|d| *d > today) {
            // Introduce every new card two days before the interview at the
            // latest, so each is seen at least twice before it.
            let unseen = self.cards.len().saturating_sub(status.len()) as u32;
            let days = u32::try_from((date - today).num_days() - 2)
                .unwrap_or(0)
                .max(1);
            new_per_day = new_per_day.max(unseen.div_ceil(days));
        }
        queue::build(
            self.cards,
            &status,
            today,
            now,
            QueueOptions {
                new_per_day: new_per_day.saturating_sub(new_elsewhere),
                limit,
                interview_target: interview.map(|_| self.scheduler.desired_retention()),
                bury_siblings,
            },
        )
    }
}

/// The earliest due time among the given cards that have been reviewed.
pub fn next_due(cards: &[&Card], progress: &Progress) -> Option<DateTime<Utc>> {
    cards
        .iter()
        .filter_map(|c| progress.get(c.id.as_str()).map(|p| p.state.due))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Grade;
    use crate::schedule::DayClock;
    use crate::session::test_card;
    use chrono::Offset;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn plan(
        progress: &Progress,
        new_per_day: u32,
        resume: Option<&Resume>,
        request: &Request,
    ) -> Vec<&'static str> {
        const IDS: [&str; 4] = ["a", "b", "c", "d"];
        let cards: Vec<Card> = IDS.iter().map(|id| test_card(id, id)).collect();
        let refs: Vec<&Card> = cards.iter().collect();
        let scheduler = Scheduler::new(None, 0.9, DayClock::with_offset(Utc.fix())).unwrap();
        let planned = Planner {
            cards: &refs,
            scheduler: &scheduler,
            progress,
            now: t("2026-03-02T09:00:00Z"),
            new_per_day,
            interview_on: None,
            resume,
        }
        .plan(request);
        planned.queue.iter().map(|&i| IDS[i]).collect()
    }

    #[test]
    fn resumes_todays_queue_for_the_same_filters_only() {
        let resume = Resume {
            started: t("2026-03-02T08:00:00Z"),
            day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            remaining: vec!["c".into(), "gone".into(), "a".into()],
            filters: "deck=;role=;task=;kind=".into(),
        };
        let request = Request {
            filters: resume.filters.clone(),
            bury_siblings: true,
            ..Request::default()
        };
        let none = Progress::default();
        assert_eq!(plan(&none, 10, Some(&resume), &request), ["c", "a"]);
        let limited = Request {
            limit: Some(1),
            ..request.clone()
        };
        assert_eq!(plan(&none, 10, Some(&resume), &limited), ["c"]);
        for other in [
            Request {
                fresh: true,
                ..request.clone()
            },
            Request {
                filters: "deck=d;role=;task=;kind=".into(),
                ..request.clone()
            },
        ] {
            assert_eq!(plan(&none, 10, Some(&resume), &other), ["a", "b", "c", "d"]);
        }
        let yesterday = Resume {
            day: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            ..resume
        };
        assert_eq!(plan(&none, 2, Some(&yesterday), &request), ["a", "b"]);
    }

    #[test]
    fn new_cards_reviewed_today_elsewhere_count_toward_the_allowance() {
        let scheduler = Scheduler::new(None, 0.9, DayClock::with_offset(Utc.fix())).unwrap();
        let mut progress = Progress::default();
        // A card outside these four, first reviewed today.
        progress.apply("other", t("2026-03-02T08:30:00Z"), Grade::Good, &scheduler);
        let request = Request {
            bury_siblings: true,
            ..Request::default()
        };
        assert_eq!(plan(&progress, 3, None, &request), ["a", "b"]);
    }
}
