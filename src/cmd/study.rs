//! `rolecall study`: the main job. Builds the session queue from the
//! profile's progress (or resumes an interrupted one), runs it through a
//! prompter (terminal or script), and saves every review to the log before
//! the next card is shown. `next` and `answer` reuse the planning and
//! recording here, so scripts see exactly what the loop would do.

use super::profile::{self, Loaded, Resolved};
use super::{check_deck_ids, library, parse_kinds};
use crate::cli::StudyArgs;
use crate::config::Config;
use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::error::BadInput;
use crate::grade::Grade;
use crate::progress::{CardProgress, Progress, Review};
use crate::schedule::{Scheduler, format_interval};
use crate::score::{ScoreInput, ScoreResult, Scorer};
use crate::session::queue::{self, CardStatus, QueueOptions};
use crate::session::{Answer, Assessment, Session, assess, rivals};
use crate::store::{
    LogEntry, Profile, ReviewRecord, SESSION_VERSION, SessionFile, Settings, UndoRecord,
};
use crate::ui::prompt::{
    Ack, CardView, Feedback, GradeReply, Interactive, Previews, Prompter, Reply, Scripted, Summary,
};
use anyhow::{Context as _, Result};
use chrono::{DateTime, DurationRound, NaiveDate, NaiveTime, TimeZone, Utc};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::Instant;

/// How many times a card graded Again comes back within one session.
pub const MAX_AGAIN_REPEATS: usize = 2;

pub fn run(config: &Config, args: &StudyArgs) -> Result<()> {
    let library = library(config)?;
    let mut ctx = Context::open(config, &library, args)?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let mut prompter: Box<dyn Prompter> = if interactive {
        Box::new(Interactive::new(config.color))
    } else {
        Box::new(Scripted::new(std::io::stdin().lock(), stdout.lock()))
    };
    for warning in ctx.warnings() {
        prompter.notice(&format!("warning: {warning}"))?;
    }
    ctx.run(prompter.as_mut(), args)?;
    if prompter.interrupted() {
        // Everything answered is saved and the summary shown; the exit code
        // still tells a calling shell that the user aborted.
        return Err(crate::error::Reported(130).into());
    }
    Ok(())
}

/// The cards the filters leave, in deck order.
pub fn select_cards<'a>(library: &'a Library, args: &StudyArgs) -> Result<Vec<&'a Card>> {
    check_deck_ids(library, &args.decks)?;
    let kinds = parse_kinds(&args.kinds)?;
    for role in &args.roles {
        let known = library
            .decks
            .iter()
            .any(|d| d.deck.roles.iter().any(|r| &r.id == role));
        if !known {
            let roles: Vec<String> = library
                .decks
                .iter()
                .flat_map(|d| d.deck.roles.iter().map(|r| r.id.clone()))
                .collect();
            return Err(BadInput(format!("no role `{role}`; roles: {}", roles.join(", "))).into());
        }
    }
    for task in &args.tasks {
        let known = library.decks.iter().any(|d| {
            d.deck
                .roles
                .iter()
                .filter(|r| args.roles.is_empty() || args.roles.contains(&r.id))
                .any(|r| r.tasks.iter().any(|t| &t.id == task))
        });
        if !known {
            return Err(BadInput(format!(
                "no task `{task}`{}; list tasks with `rolecall cards`",
                if args.roles.is_empty() {
                    String::new()
                } else {
                    format!(" in role {}", args.roles.join(", "))
                }
            ))
            .into());
        }
    }
    Ok(library
        .cards
        .iter()
        .filter(|c| args.decks.is_empty() || args.decks.contains(&c.deck))
        .filter(|c| {
            args.tasks.is_empty() || c.task.as_ref().is_some_and(|t| args.tasks.contains(t))
        })
        .filter(|c| {
            args.roles.is_empty() || c.role.as_ref().is_some_and(|r| args.roles.contains(r))
        })
        .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
        .collect())
}

/// The filters as one string, so a resumed session matches its start.
/// `--limit` is left out: it sized the queue that was saved.
fn filters_key(args: &StudyArgs) -> String {
    format!(
        "deck={};role={};task={};kind={}",
        args.decks.join(","),
        args.roles.join(","),
        args.tasks.join(","),
        args.kinds.join(","),
    )
}

/// Parses `--interview-on`: a date, or `none` to clear the saved one.
pub fn interview_flag(text: &str) -> Result<Option<NaiveDate>> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            BadInput(format!(
                "--interview-on `{text}` is not a date: use YYYY-MM-DD, or `none` to clear it"
            ))
            .into()
        })
}

/// A profile opened for studying: the lock, settings, scheduler, progress.
pub struct Context<'a> {
    pub config: &'a Config,
    pub library: &'a Library,
    pub cards: Vec<&'a Card>,
    pub scheduler: Scheduler,
    pub scorer: Scorer,
    pub profile: Profile,
    pub loaded: Loaded,
    pub resolved: Resolved,
    pub interview_on: Option<NaiveDate>,
    /// Log entries when the profile was opened.
    entries_at_start: u64,
}

impl<'a> Context<'a> {
    /// Opens the profile (taking its lock) and restores progress.
    /// `--interview-on` is saved to the profile's settings when given.
    pub fn open(config: &'a Config, library: &'a Library, args: &StudyArgs) -> Result<Self> {
        let cards = select_cards(library, args)?;
        let interview_flag = args
            .interview_on
            .as_deref()
            .map(interview_flag)
            .transpose()?;
        let store = profile::store(config)?;
        let mut profile = store.open(&config.profile)?;
        let mut settings: Settings = profile.load_settings()?;
        if let Some(date) = interview_flag {
            settings.interview_on = date;
            profile.save_settings(&settings)?;
        }
        let resolved =
            profile::resolve_settings(&store, &settings, args.retention, args.new_cards)?;
        let scheduler = profile::scheduler(&resolved, config.now)?;
        // `open` already read and checked the snapshot; reuse it.
        let snapshot = profile.take_snapshot();
        let loaded = profile::load_progress_from(profile.reader(), snapshot, &scheduler)?;
        let corpus: Vec<&[String]> = library
            .cards
            .iter()
            .map(|c| c.key_points.as_slice())
            .collect();
        let scorer = Scorer::new(&corpus, &library.synonyms());
        let entries_at_start = loaded.log_entries;
        Ok(Context {
            config,
            library,
            cards,
            scheduler,
            scorer,
            profile,
            loaded,
            resolved,
            interview_on: settings.interview_on,
            entries_at_start,
        })
    }

    pub fn warnings(&self) -> Vec<String> {
        self.profile
            .warnings()
            .iter()
            .chain(&self.loaded.warnings)
            .cloned()
            .collect()
    }

    /// The queue for a session starting now (indexes into `self.cards`),
    /// and whether it resumes an interrupted session of today.
    pub fn plan(&self, args: &StudyArgs) -> (Vec<usize>, bool) {
        Planner {
            config: self.config,
            cards: &self.cards,
            scheduler: &self.scheduler,
            progress: &self.loaded.progress,
            new_per_day: self.resolved.new_per_day,
            interview_on: self.interview_on,
            saved: self.profile.load_session(),
        }
        .plan(args)
    }

    /// Scores a typed answer and suggests a grade.
    pub fn assess(
        &self,
        card: &Card,
        answer: &Answer,
        took: Option<chrono::Duration>,
    ) -> (Assessment, Option<ScoreResult>) {
        let score = match (answer, card.mode) {
            (Answer::Text(text), AnswerMode::Typed) => {
                let rivals = rivals(&self.library.cards, card);
                Some(self.scorer.evaluate(&ScoreInput {
                    key_points: &card.key_points,
                    rivals: &rivals,
                    prompt: &card.prompt,
                    answer: text,
                }))
            }
            _ => None,
        };
        let assessment = assess(card, answer, took, score.as_ref().map(|s| s.grade));
        (assessment, score)
    }

    /// Appends a review (fsynced) and applies it to the in-memory states.
    /// Returns the card's progress before the review, for undo.
    pub fn record(
        &mut self,
        card: &Card,
        grade: Grade,
        at: DateTime<Utc>,
        score: Option<f32>,
        took: std::time::Duration,
        mode: &str,
    ) -> Result<Option<CardProgress>> {
        let record = ReviewRecord {
            card: card.id.0.clone(),
            at,
            grade,
            score,
            duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
            mode: mode.to_string(),
            session: None,
        };
        self.profile
            .append(&LogEntry::Review(record))
            .context("could not save the review")?;
        self.loaded.log_entries += 1;
        self.loaded.log_offset = self.profile.log_len();
        let before = self.loaded.progress.get(card.id.as_str()).cloned();
        self.loaded.progress.apply(
            &Review {
                card: card.id.0.clone(),
                at,
                grade,
            },
            &self.scheduler,
        );
        Ok(before)
    }

    /// Logs an undo of `card`'s review at `review_at` and restores the
    /// card's previous state (its history minus that review).
    fn undo(
        &mut self,
        card: &Card,
        review_at: DateTime<Utc>,
        before: Option<CardProgress>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.profile
            .append(&LogEntry::Undo(UndoRecord {
                at: now,
                card: card.id.0.clone(),
                review_at,
            }))
            .context("could not save the undo")?;
        self.loaded.log_entries += 1;
        self.loaded.log_offset = self.profile.log_len();
        match before {
            Some(p) => {
                self.loaded.progress.cards.insert(card.id.0.clone(), p);
            }
            None => {
                self.loaded.progress.cards.remove(card.id.as_str());
            }
        }
        Ok(())
    }

    pub fn save_snapshot(&self) -> Result<()> {
        let snapshot = profile::to_snapshot(
            &self.loaded.progress,
            &self.scheduler,
            self.loaded.log_offset,
            self.loaded.log_entries,
        );
        self.profile
            .save_snapshot(&snapshot)
            .context("could not save the snapshot (the review log is intact)")
    }

    fn save_remaining(
        &self,
        args: &StudyArgs,
        started: DateTime<Utc>,
        session: &Session,
    ) -> Result<()> {
        if session.remaining() == 0 {
            return Ok(self.profile.clear_session()?);
        }
        let remaining = session
            .pending()
            .map(|i| self.cards[i].id.0.clone())
            .collect();
        self.profile
            .save_session(&SessionFile {
                version: SESSION_VERSION,
                started,
                day: self.scheduler.clock().day_of(self.config.now),
                remaining,
                filters: filters_key(args),
            })
            .context("could not save the session for resuming")
    }

    /// The current time. Under `--now` it is frozen, so simulations are
    /// exact, except that each log entry of the session moves it on by a
    /// millisecond: every review keeps a distinct time, which undo relies on.
    fn now(&self, started: Instant) -> DateTime<Utc> {
        let now = if self.config.now_is_fixed {
            let written = self
                .loaded
                .log_entries
                .saturating_sub(self.entries_at_start);
            self.config.now + chrono::Duration::milliseconds(i64::try_from(written).unwrap_or(0))
        } else {
            self.config.now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default()
        };
        // The log keeps milliseconds; so do states, so undo finds the review.
        now.duration_trunc(chrono::Duration::milliseconds(1))
            .unwrap_or(now)
    }

    fn run(&mut self, prompter: &mut dyn Prompter, args: &StudyArgs) -> Result<()> {
        let started = Instant::now();
        let started_at = self.now(started);
        if self.loaded.snapshot_stale {
            self.save_snapshot()?;
        }
        // Rewrite the snapshot at the end only if the log grew.
        let snapshot_at = self.profile.log_len();
        let (order, resumed) = self.plan(args);
        if resumed {
            prompter.notice(&format!(
                "Resuming today's interrupted session: {} card{} left (--fresh starts a new one).",
                order.len(),
                if order.len() == 1 { "" } else { "s" }
            ))?;
        }
        if let Some(date) = self.interview_on {
            let today = self.scheduler.clock().day_of(self.config.now);
            if date > today {
                prompter.notice(&format!(
                    "Interview on {date} ({} days): also reviewing cards at risk of being forgotten by then.",
                    (date - today).num_days()
                ))?;
            }
        }
        let nothing_due = order.is_empty();
        let mut session = Session::new(order);
        self.save_remaining(args, started_at, &session)?;
        let mut done: Vec<Done> = Vec::new();
        let mut again_seen: Vec<usize> = Vec::new();
        let mut ended_early = false;
        while let Some(index) = session.next_card() {
            if args
                .minutes
                .is_some_and(|m| started.elapsed().as_secs() >= m.saturating_mul(60))
            {
                prompter.notice("Time is up for this session.")?;
                session.push_front(index);
                ended_early = true;
                break;
            }
            let card = self.cards[index];
            let now = self.now(started);
            let state = self.loaded.progress.get(card.id.as_str()).map(|p| &p.state);
            let view = CardView {
                card,
                done: done.len(),
                remaining: session.remaining(),
                is_new: state.is_none(),
                again: again_seen.contains(&index),
                can_undo: !done.is_empty(),
            };
            let (answer, took) = match prompter.ask(&view)? {
                Reply::Answer { answer, took } => (answer, took),
                Reply::Quit => {
                    session.push_front(index);
                    ended_early = true;
                    break;
                }
                Reply::Undo => {
                    session.push_front(index);
                    if let Some(last) = done.pop() {
                        let undone = self.cards[last.index];
                        self.undo(undone, last.at, last.before, now)?;
                        // An Again grade requeued the card; it is asked again now.
                        session.remove(last.index);
                        if last.grade == Grade::Again
                            && let Some(i) = again_seen.iter().rposition(|&c| c == last.index)
                        {
                            again_seen.remove(i);
                        }
                        session.push_front(last.index);
                        prompter.notice(&format!("Undone: {} ({})", undone.id, last.grade))?;
                    }
                    self.save_remaining(args, started_at, &session)?;
                    continue;
                }
            };
            let timed = prompter.timed();
            let (assessment, score) = self.assess(
                card,
                &answer,
                timed.then(|| chrono::Duration::from_std(took).unwrap_or_default()),
            );
            let outcomes = self.scheduler.preview(state, now);
            let previews: Previews = outcomes.map(|o| (o.grade, format_interval(o.interval)));
            let feedback = Feedback {
                card,
                answer: &answer,
                assessment: &assessment,
                score: score.as_ref(),
                previews: &previews,
            };
            let GradeReply::Grade(grade) = prompter.confirm(&feedback)? else {
                session.push_front(index);
                ended_early = true;
                break;
            };
            let before = self.record(
                card,
                grade,
                now,
                score.as_ref().map(|s| s.score),
                took,
                card.mode.name(),
            )?;
            // A card failed again and again in one session stops coming back
            // after MAX_AGAIN_REPEATS: it is due in minutes, so the next
            // session brings it back with a fresher head.
            if grade == Grade::Again
                && again_seen.iter().filter(|&&i| i == index).count() < MAX_AGAIN_REPEATS
            {
                session.requeue_again(index);
                again_seen.push(index);
            }
            // The resumable queue is saved before the acknowledgement, so a
            // kill right after `saved:` does not ask the card again; failing
            // to save it only costs resuming, so it must not stop the
            // acknowledgement of a review that is already on disk.
            if let Err(e) = self.save_remaining(args, started_at, &session) {
                prompter.notice(&format!("warning: {e:#}"))?;
            }
            let due = self
                .loaded
                .progress
                .get(card.id.as_str())
                .map_or(now, |p| p.state.due);
            prompter.acknowledge(&Ack {
                card: card.id.as_str(),
                grade,
                interval: &format_interval(due - now),
                due,
            })?;
            done.push(Done {
                index,
                at: now,
                grade,
                before,
            });
        }
        if !ended_early {
            self.profile.clear_session()?;
        }
        if self.profile.log_len() != snapshot_at {
            self.save_snapshot()?;
        }
        let passed = done.iter().filter(|d| d.grade.is_pass()).count();
        prompter.finish(&Summary {
            reviewed: done.len(),
            passed,
            elapsed: started.elapsed(),
            next_due: next_due(&self.cards, &self.loaded.progress),
            nothing_due,
            now: self.now(started),
            left: if ended_early { session.remaining() } else { 0 },
        })?;
        Ok(())
    }
}

/// Plans a session's queue from progress and settings; shared by the
/// study loop (which holds the profile lock) and `next` (which only reads).
pub struct Planner<'a> {
    pub config: &'a Config,
    pub cards: &'a [&'a Card],
    pub scheduler: &'a Scheduler,
    pub progress: &'a Progress,
    pub new_per_day: u32,
    pub interview_on: Option<NaiveDate>,
    /// The interrupted session of the profile, if any.
    pub saved: Option<SessionFile>,
}

impl Planner<'_> {
    /// The queue for a session starting now (indexes into `cards`), and
    /// whether it resumes an interrupted session of today.
    pub fn plan(&self, args: &StudyArgs) -> (Vec<usize>, bool) {
        let now = self.config.now;
        let today = self.scheduler.clock().day_of(now);
        if !args.fresh
            && let Some(saved) = &self.saved
            && saved.day == today
            && saved.filters == filters_key(args)
        {
            let index: HashMap<&str, usize> = self
                .cards
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect();
            let mut remaining: Vec<usize> = saved
                .remaining
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect();
            if let Some(limit) = args.limit {
                remaining.truncate(limit);
            }
            if !remaining.is_empty() {
                return (remaining, true);
            }
        }
        (self.build_queue(args.limit, args.tasks.is_empty()), false)
    }

    /// The interview's moment: the start of its study day, local time.
    fn interview_instant(&self) -> Option<DateTime<Utc>> {
        let date = self.interview_on?;
        let clock = self.scheduler.clock();
        let start = date.and_time(NaiveTime::from_hms_opt(clock.rollover_hour(), 0, 0)?);
        clock
            .offset()
            .from_local_datetime(&start)
            .single()
            .map(|t| t.with_timezone(&Utc))
    }

    fn build_queue(&self, limit: Option<usize>, bury_siblings: bool) -> Vec<usize> {
        let clock = self.scheduler.clock();
        let now = self.config.now;
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

/// A review made in this session, kept so it can be undone.
struct Done {
    index: usize,
    at: DateTime<Utc>,
    grade: Grade,
    before: Option<CardProgress>,
}

/// The earliest due time among the given cards that have been reviewed.
pub fn next_due(cards: &[&Card], progress: &Progress) -> Option<DateTime<Utc>> {
    cards
        .iter()
        .filter_map(|c| progress.get(c.id.as_str()).map(|p| p.state.due))
        .min()
}
