//! A profile opened for writing: the lock, the settings, progress restored
//! at open, and every change a session makes. A review is appended and
//! fsynced before it is applied or acknowledged; its time follows the
//! [`SessionClock`] rule.

use super::convert;
use super::restore::{replay_card, restore};
use super::resume::Saved;
use super::settings::{Overrides, Resolved, settle_day_boundary};
use crate::grade::Grade;
use crate::history::{Entry, History, Review};
use crate::progress::{CardProgress, Progress};
use crate::schedule::{CardState, Scheduler};
use crate::score::Correction;
use crate::session::{Resume, SessionClock};
use crate::store::{LogEntry, Profile, Settings, Store, StoreError, UndoRecord};
use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use std::time::Duration;

/// The one writer of a profile (it holds the lock until dropped).
#[derive(Debug)]
pub struct ProfileWriter {
    profile: Profile,
    store: Store,
    overrides: Overrides,
    /// The profile's `settings.json` as read (changes are saved to it).
    settings: Settings,
    resolved: Resolved,
    scheduler: Scheduler,
    progress: Progress,
    warnings: Vec<String>,
    /// Length and entries of the log that `progress` covers.
    log_offset: u64,
    log_entries: u64,
    /// Entries when the profile was opened: the clock counts the ones after.
    entries_at_open: u64,
    /// The log offset the snapshot on disk covers; `None` when it is stale.
    snapshot_offset: Option<u64>,
    clock: SessionClock,
}

/// A review to record.
#[derive(Debug, Clone, Copy)]
pub struct NewReview<'a> {
    pub card: &'a str,
    pub grade: Grade,
    /// The scorer's covered share, for scored typed answers.
    pub score: Option<f32>,
    pub took: Duration,
    /// How the card was asked: its answer mode, or `mock`.
    pub mode: &'a str,
    /// The run it belongs to (a mock interview's id).
    pub session: Option<&'a str>,
    /// The order a choice or ordering card's options were shown in.
    pub shown: Option<&'a [usize]>,
    /// A mock answer's rubric, in lens order.
    pub rubric: Option<[u8; 4]>,
    /// The learner's corrections of the scored key points.
    pub corrected: &'a [Correction],
}

/// The longest answer time recorded: longer ones are stored as this (a
/// session left open for days), so the log never holds a value its readers
/// would take for damage.
pub const MAX_ANSWER_TIME: Duration = crate::store::MAX_DURATION;

/// A review found by its idempotency key, as it was recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub card: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub score: Option<f32>,
    /// The order a choice or ordering card's options were shown in.
    pub shown: Option<Vec<usize>>,
    /// The card's state right after this review.
    pub state: CardState,
    /// It was dated before the card's last review then, at this time.
    pub back_dated: Option<DateTime<Utc>>,
}

/// A review on disk and applied (by time: see [`Recorded::back_dated`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The time it was logged at (undo names it by this time).
    pub at: DateTime<Utc>,
    /// The card's progress before it (`None`: the card was new).
    pub before: Option<CardProgress>,
    /// The card's state after it: when it is due, what it was scheduled for.
    pub state: CardState,
}

impl Recorded {
    /// The card's last review before this one, when it is later than this
    /// one's time: the review took its place in the card's history by time,
    /// and the card's state is that history's.
    pub fn back_dated(&self) -> Option<DateTime<Utc>> {
        self.before
            .as_ref()
            .filter(|p| p.is_after(self.at))
            .map(|p| p.state.last_review)
    }
}

impl ProfileWriter {
    /// Opens `name` for writing (creating it), takes its lock, resolves its
    /// settings and restores its progress.
    pub(super) fn open(
        store: &Store,
        name: &str,
        overrides: Overrides,
        clock: SessionClock,
    ) -> Result<ProfileWriter> {
        let mut profile = store.open(name)?;
        let settings = profile.load_settings()?;
        let resolved = Resolved::new(store, &settings, &profile.settings_path(), overrides)?;
        let scheduler = resolved.scheduler()?;
        // `open` already read and checked the snapshot; reuse it.
        let snapshot = profile.take_snapshot();
        let restored = restore(profile.reader(), snapshot, &scheduler)?;
        let mut warnings = profile.warnings().to_vec();
        warnings.extend(restored.warnings);
        Ok(ProfileWriter {
            profile,
            store: store.clone(),
            overrides,
            settings,
            resolved,
            scheduler,
            progress: restored.progress,
            warnings,
            log_offset: restored.log_offset,
            log_entries: restored.log_entries,
            entries_at_open: restored.log_entries,
            snapshot_offset: (!restored.snapshot_stale).then_some(restored.log_offset),
            clock,
        })
    }

    /// What opening repaired or set aside, worded for the user.
    pub(crate) fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub(crate) fn settings(&self) -> &Resolved {
        &self.resolved
    }

    pub(crate) fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub(crate) fn clock(&self) -> &SessionClock {
        &self.clock
    }

    /// The time the next log entry gets (the [`SessionClock`] rule).
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock
            .at(self.log_entries.saturating_sub(self.entries_at_open))
    }

    /// Appends a review (fsynced) and applies it to the card's state.
    pub fn record(&mut self, review: NewReview) -> Result<Recorded> {
        self.record_keyed(review, None)
    }

    /// [`record`](Self::record), storing the client's idempotency key `id`
    /// with the review (see [`keyed`](Self::keyed)).
    pub(crate) fn record_keyed(&mut self, review: NewReview, id: Option<&str>) -> Result<Recorded> {
        let at = self.now();
        let took = review.took.min(MAX_ANSWER_TIME);
        let record = convert::record(
            Review {
                card: review.card.to_string(),
                at,
                grade: review.grade,
                score: review.score,
                duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
                mode: review.mode.to_string(),
                session: review.session.map(str::to_string),
                shown: review.shown.map(|order| {
                    order
                        .iter()
                        .map(|&i| u16::try_from(i).unwrap_or(u16::MAX))
                        .collect()
                }),
                rubric: review.rubric,
                corrected: (!review.corrected.is_empty())
                    .then(|| review.corrected.iter().map(|c| c.signed()).collect()),
            },
            id.map(str::to_string),
        );
        self.append(&LogEntry::Review(record))
            .context("could not save the review")?;
        let before = self.progress.get(review.card).cloned();
        let state = match self
            .progress
            .apply(review.card, at, review.grade, &self.scheduler)
        {
            Some(applied) => applied.state,
            None => self.replay_card(review.card)?,
        };
        Ok(Recorded { at, before, state })
    }

    /// Replays `card` from the log, for a review just logged with a time
    /// before its last one (a clock set back, `--now` in the past).
    fn replay_card(&mut self, card: &str) -> Result<CardState> {
        let replayed = replay_card(self.profile.reader(), card, &self.scheduler)?;
        self.progress.absorb(replayed);
        self.progress
            .get(card)
            .map(|p| p.state)
            .context("the review just logged is not in the log")
    }

    /// Logs an undo of `card`'s review at `review_at` and puts the card back
    /// as it was `before` it.
    pub(crate) fn undo(
        &mut self,
        card: &str,
        review_at: DateTime<Utc>,
        before: Option<CardProgress>,
    ) -> Result<()> {
        let at = self.now();
        self.append(&LogEntry::Undo(UndoRecord {
            at,
            card: card.to_string(),
            review_at,
        }))
        .context("could not save the undo")?;
        self.progress.restore(card, before);
        Ok(())
    }

    fn append(&mut self, entry: &LogEntry) -> Result<()> {
        // The first entry fixes the days it is counted in.
        if settle_day_boundary(&mut self.settings, &self.resolved.clock) {
            self.profile
                .save_settings(&self.settings)
                .context("could not record the profile's day boundary")?;
        }
        self.profile.append(entry)?;
        self.log_entries += 1;
        self.log_offset = self.profile.log_len();
        Ok(())
    }

    /// Saves the snapshot after reviews are on disk, and says what failed
    /// instead of failing: the reviews are saved, and a stale snapshot only
    /// makes the next start read more of the log. A command that reported a
    /// saved review as a failure would make a script retry, and double it.
    pub(crate) fn save_snapshot_or_warn(&mut self) -> Option<String> {
        self.save_snapshot()
            .err()
            .map(|e| format!("{e:#}; every review is saved"))
    }

    /// Whether the snapshot on disk covers the whole log (else the next
    /// [`save_snapshot`](Self::save_snapshot) writes one).
    pub fn snapshot_current(&self) -> bool {
        self.snapshot_offset == Some(self.log_offset)
    }

    /// The review recorded with idempotency key `id`, if any, with the
    /// card's state right after it (what `answer` printed then): the card's
    /// entries logged up to it, replayed, whatever came after.
    pub(crate) fn keyed(&self, id: &str) -> Result<Option<Keyed>> {
        let reader = self.profile.reader();
        let Some(record) = reader.find_review(id)? else {
            return Ok(None);
        };
        let entries = reader.card_entries(&record.card)?;
        let upto = entries
            .iter()
            .position(|e| matches!(e, LogEntry::Review(r) if r.id.as_deref() == Some(id)))
            .context("the keyed review is not among its card's entries")?;
        let entries: Vec<Entry> = entries
            .into_iter()
            .take(upto + 1)
            .map(Entry::from)
            .collect();
        let state_of = |entries: &[Entry]| {
            Progress::replay(entries, &self.scheduler)
                .get(&record.card)
                .cloned()
        };
        let state = state_of(&entries)
            .context("the keyed review gives its card no state")?
            .state;
        let back_dated = state_of(&entries[..upto])
            .filter(|p| p.is_after(record.at))
            .map(|p| p.state.last_review);
        Ok(Some(Keyed {
            card: record.card,
            at: record.at,
            grade: record.grade,
            score: record.score,
            shown: record
                .shown
                .map(|order| order.into_iter().map(usize::from).collect()),
            state,
            back_dated,
        }))
    }

    /// Saves the snapshot, unless the one on disk already covers the log.
    pub fn save_snapshot(&mut self) -> Result<()> {
        if self.snapshot_current() {
            return Ok(());
        }
        self.write_snapshot()
            .context("could not save the snapshot (the review log is intact)")
    }

    fn write_snapshot(&mut self) -> Result<(), StoreError> {
        // Invariant: this writer's progress covers the whole log it holds.
        debug_assert_eq!(self.log_offset, self.profile.log_len());
        let snapshot = convert::snapshot(
            &self.progress,
            &self.scheduler,
            self.log_offset,
            self.log_entries,
            self.profile.log_crc32(),
        );
        self.profile.save_snapshot(&snapshot)?;
        self.snapshot_offset = Some(self.log_offset);
        Ok(())
    }

    /// Every review of the log, with the undos applied.
    pub(crate) fn history(&self) -> Result<History> {
        let log = self.profile.read_log()?;
        Ok(History::new(log.entries.into_iter().map(Entry::from)))
    }

    /// Changes the profile's saved settings with `change`, saves them, and
    /// resolves them again.
    pub(crate) fn change_settings(
        &mut self,
        change: impl FnOnce(&mut Settings) -> Result<()>,
    ) -> Result<()> {
        let mut settings = self.settings.clone();
        change(&mut settings)?;
        let resolved = Resolved::new(
            &self.store,
            &settings,
            &self.profile.settings_path(),
            self.overrides,
        )?;
        settle_day_boundary(&mut settings, &resolved.clock);
        self.profile
            .save_settings(&settings)
            .context("could not save the settings")?;
        self.settings = settings;
        self.resolved = resolved;
        Ok(())
    }

    /// Saves the interview date (`None` clears it).
    pub(crate) fn set_interview_on(&mut self, date: Option<NaiveDate>) -> Result<()> {
        self.settings.interview_on = date;
        self.save_settings()?;
        self.resolved.interview_on = date;
        Ok(())
    }

    /// Saves fitted FSRS parameters (`None`: the defaults) and recomputes
    /// every card's state with them. The old snapshot carries the old
    /// parameters' fingerprint, so from the moment the settings are saved no
    /// reader reuses it; it is rebuilt here to save the next start.
    pub(crate) fn set_parameters(&mut self, parameters: Option<Vec<f32>>) -> Result<()> {
        // Parameters are fitted on the profile's days: those are kept with them.
        self.settings.parameters = parameters;
        self.save_settings()
            .context("could not save the parameters")?;
        self.resolved = Resolved::new(
            &self.store,
            &self.settings,
            &self.profile.settings_path(),
            self.overrides,
        )?;
        self.scheduler = self.resolved.scheduler()?;
        let restored = restore(self.profile.reader(), None, &self.scheduler)?;
        self.progress = restored.progress;
        self.log_offset = restored.log_offset;
        self.log_entries = restored.log_entries;
        self.write_snapshot()
            .context("could not rebuild the snapshot (the next session rebuilds it)")
    }

    /// Saves `settings.json`, with the profile's day boundary recorded in it
    /// (the first write to a profile records it, see [`settle_day_boundary`]).
    fn save_settings(&mut self) -> Result<(), StoreError> {
        settle_day_boundary(&mut self.settings, &self.resolved.clock);
        self.profile.save_settings(&self.settings)
    }

    /// The saved sessions, with what is left of the one of `day` for
    /// `filters`.
    pub(crate) fn saved_sessions(&self, day: NaiveDate, filters: &str) -> Saved {
        Saved::load(self.profile.reader(), day, filters)
    }

    /// Replaces the resumable sessions (none: the file is removed). Written
    /// when a session is planned or finishes, never per answer.
    pub(crate) fn save_sessions(&self, sessions: &[Resume]) -> Result<()> {
        let saved = if sessions.is_empty() {
            self.profile.clear_session()
        } else {
            self.profile.save_session(&convert::session_file(sessions))
        };
        saved.context("could not save the session for resuming")
    }

    /// Length of the log so far: where the next session's reviews start.
    pub(crate) fn log_offset(&self) -> u64 {
        self.log_offset
    }
}
