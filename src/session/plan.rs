//! Planning a session: resume today's interrupted queue for the same
//! filters, or build a new one (due cards, exam-date mode, today's new-card
//! allowance counted across every filter), and say what the day holds
//! (unseen cards, the allowance, the pace an interview date needs).
//!
//! Pure: progress, settings, the saved sessions, the reviews logged since
//! and `now` come in as values. `study` plans with the profile locked,
//! `next` without.

use super::queue::{self, CardStatus, QueueOptions};
use crate::deck::Card;
use crate::grade::Grade;
use crate::history::Review;
use crate::progress::Progress;
use crate::schedule::Scheduler;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// A planned session as it was saved, so that it can be resumed the same
/// day: what is left of it is derived from the reviews logged after it was
/// planned, never saved per answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    pub started: DateTime<Utc>,
    /// The study day it belongs to; another day starts afresh.
    pub day: NaiveDate,
    /// [`Filters::key`](super::Filters::key) of the command that started it.
    pub filters: String,
    /// The log's length when it was planned: its reviews come after.
    pub log_offset: u64,
    /// Card ids in the order planned.
    pub planned: Vec<String>,
}

impl Resume {
    /// `saved` with `session` in the place of the one of its filters, and
    /// without the sessions of other days.
    pub fn replace(saved: &[Resume], session: Resume) -> Vec<Resume> {
        let mut kept: Vec<Resume> = saved
            .iter()
            .filter(|r| r.day == session.day && r.filters != session.filters)
            .cloned()
            .collect();
        kept.push(session);
        kept
    }

    /// `saved` without the session of `day` for `filters` (it finished),
    /// and without the sessions of other days.
    pub fn remove(saved: &[Resume], day: NaiveDate, filters: &str) -> Vec<Resume> {
        saved
            .iter()
            .filter(|r| r.day == day && r.filters != filters)
            .cloned()
            .collect()
    }
}

/// A saved session with the standing reviews logged since it was planned
/// (by it, or by anything else: a card answered elsewhere is done).
#[derive(Debug, Clone, Copy)]
pub struct Resumable<'a> {
    pub saved: &'a Resume,
    pub since: &'a [Review],
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
    /// Cards the resumed session failed (with how many times), to bring
    /// back after a few others.
    pub failed: Vec<(usize, usize)>,
    /// It resumes an interrupted session of today.
    pub resumed: bool,
    /// Cards of the resumed session that `--limit` keeps for later.
    pub held_back: usize,
    pub outlook: Outlook,
}

impl Plan {
    /// Nothing to ask.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty() && self.failed.is_empty()
    }
}

/// What the day holds for the filters, to explain an empty or short queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlook {
    /// Cards the filters leave that were never reviewed.
    pub unseen: usize,
    /// New cards allowed today (raised for an interview date).
    pub allowance: u32,
    /// New cards introduced today, under any filters.
    pub introduced_today: u32,
    /// The pace an interview date asks for, when one is set and ahead.
    pub pacing: Option<Pacing>,
}

impl Outlook {
    /// New cards that may still be introduced today.
    pub fn allowance_left(&self) -> u32 {
        self.allowance.saturating_sub(self.introduced_today)
    }
}

/// What an interview date needs: every unseen card introduced two days
/// before it at the latest, so that each is seen at least twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    pub date: NaiveDate,
    /// Days from today to the interview.
    pub days_left: i64,
    pub unseen: usize,
    /// New cards a day from today on.
    pub per_day: u32,
    /// The daily allowance it raises (when it does).
    pub raised_from: Option<u32>,
    /// New cards a day can bring at most, one per task (sibling group),
    /// when that is fewer than the pace asks.
    pub capped_at: Option<u32>,
}

/// The pace for `unseen` cards (in `groups` sibling groups, of which a day
/// brings one card each) to be ready on `date` from `today`, with a usual
/// allowance of `new_per_day`; `None` when the date is not ahead.
pub fn pacing(
    unseen: usize,
    groups: usize,
    today: NaiveDate,
    date: NaiveDate,
    new_per_day: u32,
) -> Option<Pacing> {
    if date <= today {
        return None;
    }
    let days_left = (date - today).num_days();
    let days = u32::try_from(days_left - 2).unwrap_or(0).max(1);
    let needed = u32::try_from(unseen).unwrap_or(u32::MAX).div_ceil(days);
    let per_day = needed.max(new_per_day);
    let groups = u32::try_from(groups).unwrap_or(u32::MAX);
    Some(Pacing {
        date,
        days_left,
        unseen,
        per_day,
        raised_from: (needed > new_per_day).then_some(new_per_day),
        capped_at: (groups < needed).then_some(groups),
    })
}

/// Sibling groups with an unseen card: the most new cards a day can bring.
pub fn unseen_groups(cards: &[&Card], progress: &Progress) -> usize {
    cards
        .iter()
        .filter(|c| progress.get(c.id.as_str()).is_none())
        .map(|c| &*c.siblings)
        .collect::<std::collections::HashSet<_>>()
        .len()
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
    /// Today's saved session for these filters, if any.
    pub resume: Option<Resumable<'a>>,
}

impl Planner<'_> {
    /// The queue for a session starting now: today's interrupted one when
    /// it matches the request and has cards left, else a new one.
    pub fn plan(&self, request: &Request) -> Plan {
        let today = self.scheduler.clock().day_of(self.now);
        let outlook = self.outlook(today);
        if !request.fresh
            && let Some(resume) = self.resume
            && resume.saved.day == today
            && resume.saved.filters == request.filters
            && let Some(plan) = self.resumed(resume, request.limit, &outlook)
        {
            return plan;
        }
        Plan {
            queue: self.build_queue(request.limit, request.bury_siblings, &outlook),
            failed: Vec::new(),
            resumed: false,
            held_back: 0,
            outlook,
        }
    }

    /// What is left of a saved session: the planned cards not reviewed
    /// since, in order, and the ones it failed last (they come back).
    fn resumed(&self, resume: Resumable, limit: Option<usize>, outlook: &Outlook) -> Option<Plan> {
        let mut last: HashMap<&str, (Grade, usize)> = HashMap::new();
        for review in resume.since {
            let entry = last
                .entry(review.card.as_str())
                .or_insert((review.grade, 0));
            entry.0 = review.grade;
            entry.1 += usize::from(review.grade == Grade::Again);
        }
        let index: HashMap<&str, usize> = self
            .cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut queue = Vec::new();
        let mut failed = Vec::new();
        for id in &resume.saved.planned {
            let Some(&i) = index.get(id.as_str()) else {
                continue;
            };
            match last.get(id.as_str()) {
                None => queue.push(i),
                Some(&(Grade::Again, times)) => failed.push((i, times)),
                Some(_) => {}
            }
        }
        let untruncated = queue.len();
        if let Some(limit) = limit {
            queue.truncate(limit);
        }
        let plan = Plan {
            held_back: untruncated - queue.len(),
            queue,
            failed,
            resumed: true,
            outlook: outlook.clone(),
        };
        (!plan.is_empty()).then_some(plan)
    }

    /// The unseen cards, today's allowance and the interview's pace.
    fn outlook(&self, today: NaiveDate) -> Outlook {
        let clock = self.scheduler.clock();
        let unseen = self
            .cards
            .iter()
            .filter(|c| self.progress.get(c.id.as_str()).is_none())
            .count();
        let introduced_today = self
            .progress
            .cards
            .values()
            .filter(|p| clock.day_of(p.first_review) == today)
            .count() as u32;
        let groups = unseen_groups(self.cards, self.progress);
        let pacing = self
            .interview_on
            .and_then(|date| pacing(unseen, groups, today, date, self.new_per_day));
        Outlook {
            unseen,
            allowance: pacing.map_or(self.new_per_day, |p| p.per_day),
            introduced_today,
            pacing,
        }
    }

    /// The interview's moment: the start of its study day.
    fn interview_instant(&self) -> Option<DateTime<Utc>> {
        Some(self.scheduler.clock().day_start(self.interview_on?))
    }

    fn build_queue(
        &self,
        limit: Option<usize>,
        bury_siblings: bool,
        outlook: &Outlook,
    ) -> Vec<usize> {
        let clock = self.scheduler.clock();
        let now = self.now;
        let today = clock.day_of(now);
        let interview = self
            .interview_on
            .filter(|d| *d > today)
            .and(self.interview_instant());
        let status: Vec<Option<CardStatus>> = self
            .cards
            .iter()
            .map(|c| {
                let p = self.progress.get(c.id.as_str())?;
                Some(CardStatus {
                    due: p.state.due,
                    retrievability: self.scheduler.retrievability(&p.state, now),
                    last_review_day: clock.day_of(p.state.last_review),
                    first_review_day: clock.day_of(p.first_review),
                    retrievability_at_interview: interview
                        .map(|at| self.scheduler.retrievability(&p.state, at)),
                    reps: p.state.reps,
                })
            })
            .collect();
        // Cards outside the filters still count toward today's new cards:
        // every card first reviewed today, less those among the filtered.
        let new_today = |first: NaiveDate| first == today;
        let new_everywhere = self
            .progress
            .cards
            .values()
            .filter(|p| new_today(clock.day_of(p.first_review)))
            .count();
        let new_here = status
            .iter()
            .flatten()
            .filter(|s| new_today(s.first_review_day))
            .count();
        let new_elsewhere = new_everywhere.saturating_sub(new_here) as u32;
        queue::build(
            self.cards,
            &status,
            today,
            now,
            QueueOptions {
                new_per_day: outlook.allowance.saturating_sub(new_elsewhere),
                limit,
                interview_target: interview.map(|_| self.scheduler.desired_retention()),
                bury_siblings,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::test_review;
    use crate::schedule::DayClock;
    use crate::session::test_card;
    use chrono::Offset;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const IDS: [&str; 4] = ["a", "b", "c", "d"];

    fn planned(
        progress: &Progress,
        new_per_day: u32,
        resume: Option<Resumable>,
        request: &Request,
    ) -> Plan {
        let cards: Vec<Card> = IDS.iter().map(|id| test_card(id, id)).collect();
        let refs: Vec<&Card> = cards.iter().collect();
        let scheduler = Scheduler::new(None, 0.9, DayClock::with_offset(Utc.fix())).unwrap();
        Planner {
            cards: &refs,
            scheduler: &scheduler,
            progress,
            now: t("2026-03-02T09:00:00Z"),
            new_per_day,
            interview_on: None,
            resume,
        }
        .plan(request)
    }

    fn plan(
        progress: &Progress,
        new_per_day: u32,
        resume: Option<Resumable>,
        request: &Request,
    ) -> Vec<&'static str> {
        planned(progress, new_per_day, resume, request)
            .queue
            .iter()
            .map(|&i| IDS[i])
            .collect()
    }

    #[test]
    fn resumes_todays_queue_for_the_same_filters_only() {
        let resume = Resume {
            started: t("2026-03-02T08:00:00Z"),
            day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            filters: "deck=;role=;task=;kind=".into(),
            log_offset: 0,
            planned: vec!["c".into(), "gone".into(), "a".into(), "b".into()],
        };
        // `b` was answered since (here or elsewhere): it is done.
        let since = [test_review("b", "2026-03-02T08:10:00Z", Grade::Good)];
        let saved = Resumable {
            saved: &resume,
            since: &since,
        };
        let request = Request {
            filters: resume.filters.clone(),
            bury_siblings: true,
            ..Request::default()
        };
        let none = Progress::default();
        let plan = planned(&none, 10, Some(saved), &request);
        assert!(plan.resumed);
        assert_eq!(plan.held_back, 0);
        assert_eq!(self::plan(&none, 10, Some(saved), &request), ["c", "a"]);
        let limited = Request {
            limit: Some(1),
            ..request.clone()
        };
        assert_eq!(plan_held_back(&none, saved, &limited), 1);
        assert_eq!(self::plan(&none, 10, Some(saved), &limited), ["c"]);
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
            assert_eq!(
                self::plan(&none, 10, Some(saved), &other),
                ["a", "b", "c", "d"]
            );
        }
        let yesterday = Resume {
            day: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            ..resume.clone()
        };
        let old = Resumable {
            saved: &yesterday,
            since: &[],
        };
        assert_eq!(self::plan(&none, 2, Some(old), &request), ["a", "b"]);
        // Everything answered: a new queue.
        let all = [
            test_review("a", "2026-03-02T08:10:00Z", Grade::Good),
            test_review("c", "2026-03-02T08:11:00Z", Grade::Hard),
            test_review("b", "2026-03-02T08:12:00Z", Grade::Easy),
        ];
        let finished = Resumable {
            saved: &resume,
            since: &all,
        };
        assert!(!planned(&none, 10, Some(finished), &request).resumed);
    }

    fn plan_held_back(progress: &Progress, saved: Resumable, request: &Request) -> usize {
        planned(progress, 10, Some(saved), request).held_back
    }

    #[test]
    fn a_resumed_session_brings_back_the_cards_it_failed_last() {
        let resume = Resume {
            started: t("2026-03-02T08:00:00Z"),
            day: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            filters: String::new(),
            log_offset: 0,
            planned: vec!["a".into(), "b".into(), "c".into()],
        };
        let since = [
            test_review("a", "2026-03-02T08:01:00Z", Grade::Again),
            test_review("b", "2026-03-02T08:02:00Z", Grade::Again),
            test_review("a", "2026-03-02T08:03:00Z", Grade::Again),
            test_review("b", "2026-03-02T08:04:00Z", Grade::Good),
        ];
        let plan = planned(
            &Progress::default(),
            10,
            Some(Resumable {
                saved: &resume,
                since: &since,
            }),
            &Request::default(),
        );
        assert!(plan.resumed);
        assert_eq!(plan.queue, [2]);
        assert_eq!(
            plan.failed,
            [(0, 2)],
            "a, failed twice; b passed in the end"
        );
    }

    #[test]
    fn one_saved_session_per_filter_set_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let session = |filters: &str, day: NaiveDate| Resume {
            started: t("2026-03-02T08:00:00Z"),
            day,
            filters: filters.into(),
            log_offset: 0,
            planned: vec!["a".into()],
        };
        let old = session("x", day.pred_opt().unwrap());
        let saved = vec![old, session("x", day), session("y", day)];
        let replaced = Resume::replace(&saved, session("y", day));
        assert_eq!(replaced, [session("x", day), session("y", day)]);
        assert_eq!(Resume::remove(&replaced, day, "x"), [session("y", day)]);
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
        let outlook = planned(&progress, 3, None, &request).outlook;
        assert_eq!((outlook.unseen, outlook.allowance_left()), (4, 2));
        // One of these four first reviewed today counts once, not also as
        // one elsewhere: one new card is left.
        progress.apply("a", t("2026-03-02T08:59:00Z"), Grade::Easy, &scheduler);
        assert_eq!(plan(&progress, 3, None, &request), ["b"]);
    }

    #[test]
    fn an_interview_date_paces_new_cards_to_be_seen_twice() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        // 171 unseen, 5 days left: all introduced within 3 days.
        let p = pacing(171, 100, day(2), day(7), 10).unwrap();
        assert_eq!((p.days_left, p.per_day, p.raised_from), (5, 57, Some(10)));
        assert_eq!(p.capped_at, None);
        // One card per task a day: too few tasks for the pace is said.
        assert_eq!(
            pacing(171, 40, day(2), day(7), 10).unwrap().capped_at,
            Some(40)
        );
        // Plenty of time: the usual allowance holds.
        let p = pacing(20, 20, day(2), day(30), 10).unwrap();
        assert_eq!((p.per_day, p.raised_from), (10, None));
        // Tomorrow: everything today.
        assert_eq!(pacing(171, 171, day(2), day(3), 10).unwrap().per_day, 171);
        assert_eq!(pacing(171, 171, day(2), day(2), 10), None);
    }
}
