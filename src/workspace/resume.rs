//! The sessions of the day a profile can resume, one per filter set:
//! `session.json` says what each planned and where the log stood then; the
//! reviews logged after that say what is left. Nothing is written per
//! answer: the log's fsync is the only one an answer costs.

use super::convert;
use crate::history::{Entry, History, Review};
use crate::session::{Resumable, Resume};
use crate::store::ProfileReader;
use chrono::NaiveDate;

/// The saved sessions, and the reviews since the one that matches.
#[derive(Debug, Default)]
pub struct Saved {
    pub sessions: Vec<Resume>,
    /// The session of the day for the filters asked about.
    matching: Option<usize>,
    /// The standing reviews logged after it was planned.
    since: Vec<Review>,
}

impl Saved {
    /// Reads the saved sessions of `reader`'s profile and, for the one of
    /// `day` and `filters`, the reviews logged since. A missing or
    /// unreadable file, or a log that no longer matches the session's
    /// offset, means nothing to resume: resuming is a convenience, never a
    /// reason to stop.
    pub fn load(reader: &ProfileReader, day: NaiveDate, filters: &str) -> Saved {
        let sessions: Vec<Resume> = reader
            .load_session()
            .map(|file| file.sessions.into_iter().map(convert::resume).collect())
            .unwrap_or_default();
        let Some(matching) = sessions
            .iter()
            .position(|s| s.day == day && s.filters == filters)
        else {
            return Saved {
                sessions,
                ..Saved::default()
            };
        };
        match reader.read_log_after(sessions[matching].log_offset) {
            Ok(Some(log)) => {
                let history = History::new(log.entries.into_iter().map(Entry::from));
                Saved {
                    since: history.effective().cloned().collect(),
                    matching: Some(matching),
                    sessions,
                }
            }
            _ => Saved {
                sessions,
                ..Saved::default()
            },
        }
    }

    /// The matching session with its reviews since, for the planner.
    pub fn resumable(&self) -> Option<Resumable<'_>> {
        self.matching.map(|i| Resumable {
            saved: &self.sessions[i],
            since: &self.since,
        })
    }
}
