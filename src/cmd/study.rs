//! `rolecall study`: the main job. Builds the session queue from the
//! profile's progress, runs it through a prompter (terminal or script), and
//! saves every review to the log before the next card is shown.

use super::profile::{self, Loaded};
use super::{check_deck_ids, library, parse_kinds};
use crate::cli::StudyArgs;
use crate::config::Config;
use crate::deck::{AnswerMode, Card};
use crate::error::BadInput;
use crate::grade::Grade;
use crate::progress::{Progress, Review};
use crate::schedule::{Scheduler, format_interval};
use crate::score::{ScoreInput, Scorer};
use crate::session::queue::{self, CardStatus, QueueOptions};
use crate::session::rivals;
use crate::session::{Answer, Session, assess};
use crate::store::{LogEntry, Profile, ReviewRecord};
use crate::ui::prompt::{
    Ack, CardView, Feedback, GradeReply, Interactive, Previews, Prompter, Reply, Scripted, Summary,
};
use anyhow::{Context, Result};
use chrono::{DateTime, DurationRound, Utc};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::Instant;

pub fn run(config: &Config, args: &StudyArgs) -> Result<()> {
    let library = library(config)?;
    let cards = select_cards(&library, args)?;
    let store = profile::store(config)?;
    let mut profile = store.open(&config.profile)?;
    let settings = profile.load_settings()?;
    let resolved = profile::resolve_settings(&store, &settings, args.retention, args.new_cards)?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let snapshot = profile.take_snapshot();
    let loaded = profile::load_progress_from(profile.reader(), snapshot, &scheduler)?;

    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let stdout = std::io::stdout();
    let mut prompter: Box<dyn Prompter> = if interactive {
        Box::new(Interactive::new(config.color))
    } else {
        Box::new(Scripted::new(std::io::stdin().lock(), stdout.lock()))
    };
    for warning in profile.warnings().iter().chain(&loaded.warnings) {
        prompter.notice(&format!("warning: {warning}"))?;
    }
    let corpus: Vec<&[String]> = library
        .cards
        .iter()
        .map(|c| c.key_points.as_slice())
        .collect();
    let scorer = Scorer::new(&corpus, &library.synonyms());
    let mut study = Study {
        config,
        cards: &cards,
        all_cards: &library.cards,
        scheduler: &scheduler,
        scorer: &scorer,
        profile: &mut profile,
        loaded,
        new_per_day: resolved.new_per_day,
        limit: args.limit,
        minutes: args.minutes,
    };
    study.run(prompter.as_mut())
}

/// The cards the filters leave, in deck order.
fn select_cards<'a>(
    library: &'a crate::deck::load::Library,
    args: &StudyArgs,
) -> Result<Vec<&'a Card>> {
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
    Ok(library
        .cards
        .iter()
        .filter(|c| args.decks.is_empty() || args.decks.contains(&c.deck))
        .filter(|c| {
            args.roles.is_empty() || c.role.as_ref().is_some_and(|r| args.roles.contains(r))
        })
        .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
        .collect())
}

struct Study<'a> {
    config: &'a Config,
    cards: &'a [&'a Card],
    all_cards: &'a [Card],
    scheduler: &'a Scheduler,
    scorer: &'a Scorer,
    profile: &'a mut Profile,
    loaded: Loaded,
    new_per_day: u32,
    limit: Option<usize>,
    minutes: Option<u64>,
}

impl Study<'_> {
    fn run(&mut self, prompter: &mut dyn Prompter) -> Result<()> {
        let started = Instant::now();
        if self.loaded.snapshot_stale {
            self.save_snapshot()?;
        }
        // The snapshot now matches the log: rewrite it at the end only if
        // something was appended (it holds every card's state).
        let snapshot_at = self.profile.log_len();
        let order = self.build_queue(self.cards);
        let nothing_due = order.is_empty();
        let mut session = Session::new(order);
        let mut reviewed = 0;
        let mut passed = 0;
        let mut again_once: Vec<usize> = Vec::new();
        while let Some(index) = session.next_card() {
            if self
                .minutes
                .is_some_and(|m| started.elapsed().as_secs() >= m * 60)
            {
                prompter.notice("Time is up for this session.")?;
                break;
            }
            let card = self.cards[index];
            let now = self.now(started);
            let state = self.loaded.progress.get(card.id.as_str()).map(|p| &p.state);
            let view = CardView {
                card,
                done: reviewed,
                remaining: session.remaining(),
                is_new: state.is_none(),
                again: again_once.contains(&index),
            };
            let Reply::Answer { answer, took } = prompter.ask(&view)? else {
                break;
            };
            let score = match (&answer, card.mode) {
                (Answer::Text(text), AnswerMode::Typed) => {
                    let rivals = rivals(self.all_cards, card);
                    Some(self.scorer.evaluate(&ScoreInput {
                        key_points: &card.key_points,
                        rivals: &rivals,
                        prompt: &card.prompt,
                        answer: text,
                    }))
                }
                _ => None,
            };
            let assessment = assess(
                card,
                &answer,
                prompter
                    .timed()
                    .then(|| chrono::Duration::from_std(took).unwrap_or_default()),
                score.as_ref().map(|s| s.grade),
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
                break;
            };
            let at = now
                .duration_trunc(chrono::Duration::milliseconds(1))
                .unwrap_or(now);
            self.record(card, grade, at, score.as_ref().map(|s| s.score), took)?;
            let outcome = &outcomes[grade.number() as usize - 1];
            let due = self
                .loaded
                .progress
                .get(card.id.as_str())
                .map_or(outcome.state.due, |p| p.state.due);
            prompter.acknowledge(&Ack {
                card: card.id.as_str(),
                grade,
                interval: &format_interval(due - at),
                due,
            })?;
            reviewed += 1;
            if grade.is_pass() {
                passed += 1;
            }
            if grade == Grade::Again {
                session.requeue_again(index);
                again_once.push(index);
            }
        }
        if self.profile.log_len() != snapshot_at {
            self.save_snapshot()?;
        }
        prompter.finish(&Summary {
            reviewed,
            passed,
            elapsed: started.elapsed(),
            next_due: self.next_due(),
            nothing_due,
            now: self.now(started),
        })?;
        Ok(())
    }

    /// The current time: frozen under `--now` so simulations are exact.
    fn now(&self, started: Instant) -> DateTime<Utc> {
        if self.config.now_is_fixed {
            self.config.now
        } else {
            self.config.now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default()
        }
    }

    fn build_queue(&self, cards: &[&Card]) -> Vec<usize> {
        let clock = self.scheduler.clock();
        let now = self.config.now;
        let status: HashMap<&str, CardStatus> = cards
            .iter()
            .filter_map(|c| {
                let p = self.loaded.progress.get(c.id.as_str())?;
                Some((
                    c.id.as_str(),
                    CardStatus {
                        due: p.state.due,
                        retrievability: self.scheduler.retrievability(&p.state, now),
                        last_review_day: clock.day_of(p.state.last_review),
                        first_review_day: clock.day_of(p.first_review),
                    },
                ))
            })
            .collect();
        // Cards outside the filters still count toward today's new cards.
        let new_today = self
            .loaded
            .progress
            .cards
            .iter()
            .filter(|(id, p)| {
                clock.day_of(p.first_review) == clock.day_of(now)
                    && !status.contains_key(id.as_str())
            })
            .count() as u32;
        queue::build(
            cards,
            &status,
            clock.day_of(now),
            now,
            QueueOptions {
                new_per_day: self.new_per_day.saturating_sub(new_today),
                limit: self.limit,
            },
        )
    }

    fn record(
        &mut self,
        card: &Card,
        grade: Grade,
        at: DateTime<Utc>,
        score: Option<f32>,
        took: std::time::Duration,
    ) -> Result<()> {
        let record = ReviewRecord {
            card: card.id.0.clone(),
            at,
            grade,
            score,
            duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
            mode: card.mode.name().to_string(),
            session: None,
        };
        self.profile
            .append(&LogEntry::Review(record))
            .context("could not save the review")?;
        self.loaded.log_entries += 1;
        self.loaded.log_offset = self.profile.log_len();
        self.loaded.progress.apply(
            &Review {
                card: card.id.0.clone(),
                at,
                grade,
            },
            self.scheduler,
        );
        Ok(())
    }

    fn save_snapshot(&self) -> Result<()> {
        let snapshot = profile::to_snapshot(
            &self.loaded.progress,
            self.loaded.log_offset,
            self.loaded.log_entries,
        );
        self.profile
            .save_snapshot(&snapshot)
            .context("could not save the snapshot (the review log is intact)")
    }

    fn next_due(&self) -> Option<DateTime<Utc>> {
        next_due(self.cards, &self.loaded.progress)
    }
}

/// The earliest due time among the given cards that have been reviewed.
pub fn next_due(cards: &[&Card], progress: &Progress) -> Option<DateTime<Utc>> {
    cards
        .iter()
        .filter_map(|c| progress.get(c.id.as_str()).map(|p| p.state.due))
        .min()
}
