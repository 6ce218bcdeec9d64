//! Values for the shell's completion (`clap_complete`'s dynamic completion:
//! the shell runs `COMPLETE=SHELL rolecall -- WORDS…` and prints what comes
//! back): the ids of the decks, roles, tasks and cards that would load, the
//! profiles in the data dir, the card kinds, and `config`'s settings with
//! their values.
//!
//! The words typed so far are read the way a run would read them (the same
//! `--decks`, `--data-dir` and environment), so `rolecall --decks mine
//! study --role <TAB>` offers the roles of `mine`, and `--role` and `--task`
//! offer only those of the `--deck`s and `--role`s already typed. It only
//! loads decks and lists folders: it never opens a profile, takes no lock
//! and writes nothing, and a failure means no candidates (never an error
//! message in the middle of the user's command line).

use crate::cli::{self, GlobalArgs};
use crate::config::Config;
use crate::deck::CardKind;
use crate::deck::load::Library;
use crate::schedule::zone_names;
use crate::store::Store;
use crate::text::inert;
use crate::workspace::config::{Key, SWITCH_VALUES};
use clap::{ArgMatches, FromArgMatches};
use clap_complete::CompletionCandidate;
use std::ffi::{OsStr, OsString};

/// Deck ids, with their titles.
pub fn decks() -> Vec<CompletionCandidate> {
    line().map_or_else(Vec::new, |line| line.decks())
}

/// Role ids (of the `--deck`s typed, if any), with their names.
pub fn roles() -> Vec<CompletionCandidate> {
    line().map_or_else(Vec::new, |line| line.roles())
}

/// Task ids (of the `--deck`s and `--role`s typed, if any), with titles.
pub fn tasks() -> Vec<CompletionCandidate> {
    line().map_or_else(Vec::new, |line| line.tasks())
}

/// Card ids (of the `--deck`s typed, if any), with their kinds.
pub fn cards() -> Vec<CompletionCandidate> {
    line().map_or_else(Vec::new, |line| line.cards())
}

/// The profiles in the data dir.
pub fn profiles() -> Vec<CompletionCandidate> {
    line().map_or_else(Vec::new, |line| line.profiles())
}

/// The card kinds.
pub fn kinds() -> Vec<CompletionCandidate> {
    CardKind::ALL
        .iter()
        .map(|kind| CompletionCandidate::new(kind.name()))
        .collect()
}

/// The settings `config` knows.
pub fn setting_keys() -> Vec<CompletionCandidate> {
    Key::ALL
        .iter()
        .map(|key| CompletionCandidate::new(key.name()))
        .collect()
}

/// Values for `config set KEY <TAB>`: ids for the list settings (one item
/// after the commas already typed), zone names, the hours of a day.
pub fn setting_values(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    line().map_or_else(Vec::new, |line| line.setting_values(&current))
}

/// The command line being completed, read as a run would read it.
struct Line {
    config: Config,
    /// The innermost subcommand's own arguments (or the top level's).
    matches: ArgMatches,
}

/// The words the shell passed after the protocol's `--`.
fn line() -> Option<Line> {
    let words: Vec<OsString> = std::env::args_os()
        .skip_while(|word| word != "--")
        .skip(1)
        .collect();
    Line::parse(words)
}

impl Line {
    /// Reads `words` (the program name first) leniently: what is missing
    /// or unfinished is ignored.
    fn parse(words: Vec<OsString>) -> Option<Line> {
        let matches = cli::command()
            .ignore_errors(true)
            .try_get_matches_from(words)
            .ok()?;
        let global = GlobalArgs::from_arg_matches(&matches).ok()?;
        let config = Config::resolve(&global).ok()?;
        let mut matches = matches;
        while let Some(sub) = matches.subcommand().map(|(_, sub)| sub.clone()) {
            matches = sub;
        }
        Some(Line { config, matches })
    }

    /// The values typed for argument `id` of the subcommand.
    fn typed(&self, id: &str) -> Vec<String> {
        self.matches
            .try_get_many::<String>(id)
            .ok()
            .flatten()
            .map(|values| values.filter(|v| !v.is_empty()).cloned().collect())
            .unwrap_or_default()
    }

    fn library(&self) -> Option<Library> {
        crate::workspace::library(&self.config).ok()
    }

    fn decks(&self) -> Vec<CompletionCandidate> {
        let Some(library) = self.library() else {
            return Vec::new();
        };
        library
            .decks
            .iter()
            .map(|d| candidate(&d.deck.id, &d.deck.title))
            .collect()
    }

    fn roles(&self) -> Vec<CompletionCandidate> {
        let Some(library) = self.library() else {
            return Vec::new();
        };
        let decks = self.typed("decks");
        let mut out: Vec<CompletionCandidate> = Vec::new();
        for loaded in &library.decks {
            if !decks.is_empty() && !decks.contains(&loaded.deck.id) {
                continue;
            }
            for role in &loaded.deck.roles {
                if !out.iter().any(|c| c.get_value() == role.id.as_str()) {
                    out.push(candidate(&role.id, &role.name));
                }
            }
        }
        out
    }

    fn tasks(&self) -> Vec<CompletionCandidate> {
        let Some(library) = self.library() else {
            return Vec::new();
        };
        let (decks, roles) = (self.typed("decks"), self.typed("roles"));
        let mut out: Vec<CompletionCandidate> = Vec::new();
        for loaded in &library.decks {
            if !decks.is_empty() && !decks.contains(&loaded.deck.id) {
                continue;
            }
            for role in &loaded.deck.roles {
                if !roles.is_empty() && !roles.contains(&role.id) {
                    continue;
                }
                for task in &role.tasks {
                    if !out.iter().any(|c| c.get_value() == task.id.as_str()) {
                        out.push(candidate(&task.id, &task.title));
                    }
                }
            }
        }
        out
    }

    fn cards(&self) -> Vec<CompletionCandidate> {
        let Some(library) = self.library() else {
            return Vec::new();
        };
        let decks = self.typed("decks");
        library
            .cards
            .iter()
            .filter(|c| decks.is_empty() || decks.iter().any(|d| **d == *c.deck))
            .map(|c| candidate(c.id.as_str(), c.kind.name()))
            .collect()
    }

    fn setting_values(&self, current: &str) -> Vec<CompletionCandidate> {
        let Some(key) = self.typed("key").first().and_then(|k| Key::parse(k).ok()) else {
            return Vec::new();
        };
        let starting = |values: Vec<String>| -> Vec<CompletionCandidate> {
            values
                .into_iter()
                .filter(|v| v.starts_with(current))
                .map(CompletionCandidate::new)
                .collect()
        };
        match key {
            Key::Decks => list_item(current, self.decks()),
            Key::Roles => list_item(current, self.roles()),
            Key::Kinds => list_item(current, kinds()),
            Key::TimeZone => starting(zone_names().map(str::to_string).collect()),
            Key::RolloverHour => starting((0..24).map(|h| h.to_string()).collect()),
            Key::Semantic => starting(SWITCH_VALUES.map(str::to_string).to_vec()),
            Key::NewPerDay | Key::DesiredRetention => Vec::new(),
        }
    }

    fn profiles(&self) -> Vec<CompletionCandidate> {
        let Some(root) = self.config.data_dir.clone() else {
            return Vec::new();
        };
        Store::new(root)
            .profiles()
            .unwrap_or_default()
            .iter()
            .map(CompletionCandidate::new)
            .collect()
    }
}

/// Candidates for the last item of a comma-separated list: the items
/// already typed stay in front and are not offered again.
fn list_item(current: &str, candidates: Vec<CompletionCandidate>) -> Vec<CompletionCandidate> {
    let (done, partial) = current.rsplit_once(',').unwrap_or(("", current));
    let typed: Vec<&str> = done.split(',').collect();
    candidates
        .into_iter()
        .filter_map(|c| {
            let value = c.get_value().to_string_lossy().into_owned();
            if !value.starts_with(partial) || typed.contains(&value.as_str()) {
                return None;
            }
            let full = if done.is_empty() {
                value
            } else {
                format!("{done},{value}")
            };
            Some(CompletionCandidate::new(full).help(c.get_help().cloned()))
        })
        .collect()
}

/// A value with its description; deck text is untrusted, so made inert.
fn candidate(value: &str, help: &str) -> CompletionCandidate {
    CompletionCandidate::new(inert(value).into_owned()).help(Some(inert(help).into_owned().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(candidates: &[CompletionCandidate]) -> Vec<String> {
        candidates
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect()
    }

    fn line(words: &[&str]) -> Line {
        Line::parse(words.iter().map(OsString::from).collect()).expect("a line")
    }

    #[test]
    fn unfinished_lines_still_give_their_context() {
        let l = line(&["rolecall", "study", "--deck", "cyber-pm-day", "--role", ""]);
        assert_eq!(l.typed("decks"), ["cyber-pm-day"]);
        assert_eq!(values(&l.roles()), ["cyber-pm"]);
        // `answer` misses its required response: still read.
        let l = line(&["rolecall", "answer", "--card", "cyber"]);
        assert!(
            values(&l.cards())
                .iter()
                .any(|c| c.starts_with("cyber-pm-day/"))
        );
    }

    #[test]
    fn tasks_follow_the_roles_typed() {
        let l = line(&[
            "rolecall",
            "study",
            "--role",
            "appsec-engineer",
            "--task",
            "",
        ]);
        let tasks = values(&l.tasks());
        assert!(tasks.contains(&"triage-findings".to_string()), "{tasks:?}");
        let all = values(&line(&["rolecall", "study", "--task", ""]).tasks());
        assert!(all.len() > tasks.len());
    }

    #[test]
    fn config_values_follow_the_key_and_the_commas_typed() {
        let set = |key: &str, current: &str| {
            values(&line(&["rolecall", "config", "set", key, current]).setting_values(current))
        };
        let roles = set("roles", "appsec-engineer,");
        assert!(!roles.is_empty());
        for role in &roles {
            assert!(role.starts_with("appsec-engineer,"), "{role}");
            assert_ne!(role, "appsec-engineer,appsec-engineer");
        }
        assert_eq!(set("decks", "cyber"), ["cyber-pm-day"]);
        assert_eq!(set("kind", "which-r"), ["which-role"]);
        assert!(set("time-zone", "Europe/Be").contains(&"Europe/Berlin".to_string()));
        assert_eq!(set("rollover-hour", "2").len(), 5); // 2, 20 to 23
        assert!(set("new-per-day", "").is_empty());
        assert_eq!(values(&setting_keys()).len(), Key::ALL.len());
    }

    #[test]
    fn kinds_are_the_card_kinds() {
        assert_eq!(values(&kinds()).len(), CardKind::ALL.len());
        assert!(values(&kinds()).contains(&"which-role".to_string()));
    }
}
