//! Which cards a command works on: `--deck`, `--role`, `--task` and
//! `--kind`, checked against the loaded decks so that a typo is named
//! with the ids that exist, never an empty session.
//!
//! Pure: the library comes in loaded.

use crate::deck::load::Library;
use crate::deck::{Card, CardKind, Deck, Role, Task};

/// The filters of one command; an empty list means "all".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub decks: Vec<String>,
    pub roles: Vec<String>,
    pub tasks: Vec<String>,
    /// Kind names as typed (`duties`, `which-role`, ...).
    pub kinds: Vec<String>,
}

/// An id or kind that names nothing loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("no deck `{id}`; loaded decks: {}", known.join(", "))]
    Deck { id: String, known: Vec<String> },
    #[error("unknown card kind `{name}`; expected one of: {}", known.join(", "))]
    Kind { name: String, known: Vec<String> },
    #[error("no role `{id}`; roles: {}", known.join(", "))]
    Role { id: String, known: Vec<String> },
    #[error(
        "no task `{id}`{}; list tasks with `rolecall decks --tree`",
        if roles.is_empty() { String::new() } else { format!(" in role {}", roles.join(", ")) }
    )]
    Task { id: String, roles: Vec<String> },
}

/// A deck with the roles (and their tasks) the filters leave.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckOutline<'a> {
    pub deck: &'a Deck,
    pub roles: Vec<RoleOutline<'a>>,
}

/// A role with the tasks the filters leave.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleOutline<'a> {
    pub role: &'a Role,
    pub tasks: Vec<&'a Task>,
}

/// Whether `id` is one of the ids a filter names.
fn names(ids: &[String], id: &str) -> bool {
    ids.iter().any(|named| named == id)
}

impl Filters {
    /// The library's cards the filters leave, in deck order.
    pub fn select<'a>(&self, library: &'a Library) -> Result<Vec<&'a Card>, FilterError> {
        self.check(library)?;
        let kinds = self.kinds()?;
        Ok(library
            .cards
            .iter()
            .filter(|c| self.decks.is_empty() || names(&self.decks, &c.deck))
            .filter(|c| {
                self.tasks.is_empty() || c.task.as_ref().is_some_and(|t| names(&self.tasks, t))
            })
            .filter(|c| {
                self.roles.is_empty() || c.role.as_ref().is_some_and(|r| names(&self.roles, r))
            })
            .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
            .collect())
    }

    /// The decks, roles and tasks the filters leave (kinds aside), in deck
    /// order: what `read` and `decks --tree` show.
    pub fn outline<'a>(&self, library: &'a Library) -> Result<Vec<DeckOutline<'a>>, FilterError> {
        self.check(library)?;
        Ok(library
            .decks
            .iter()
            .filter(|d| self.decks.is_empty() || self.decks.contains(&d.deck.id))
            .map(|d| DeckOutline {
                deck: &d.deck,
                roles: d
                    .deck
                    .roles
                    .iter()
                    .filter(|r| self.roles.is_empty() || self.roles.contains(&r.id))
                    .map(|role| RoleOutline {
                        role,
                        tasks: role
                            .tasks
                            .iter()
                            .filter(|t| self.tasks.is_empty() || self.tasks.contains(&t.id))
                            .collect(),
                    })
                    .filter(|r| self.tasks.is_empty() || !r.tasks.is_empty())
                    .collect(),
            })
            .filter(|d| !d.roles.is_empty())
            .collect())
    }

    /// The filters as one string, so that a resumed session matches the
    /// command that started it.
    pub fn key(&self) -> String {
        format!(
            "deck={};role={};task={};kind={}",
            self.decks.join(","),
            self.roles.join(","),
            self.tasks.join(","),
            self.kinds.join(","),
        )
    }

    /// Drilling tasks asks for all their cards: siblings are not buried.
    pub fn drills_tasks(&self) -> bool {
        !self.tasks.is_empty()
    }

    /// Checks every id against the library, decks first, then kinds,
    /// roles and tasks.
    fn check(&self, library: &Library) -> Result<(), FilterError> {
        for id in &self.decks {
            if library.deck(id).is_none() {
                return Err(FilterError::Deck {
                    id: id.clone(),
                    known: library.decks.iter().map(|d| d.deck.id.clone()).collect(),
                });
            }
        }
        self.kinds()?;
        let roles = || library.decks.iter().flat_map(|d| d.deck.roles.iter());
        for id in &self.roles {
            if !roles().any(|r| &r.id == id) {
                return Err(FilterError::Role {
                    id: id.clone(),
                    known: roles().map(|r| r.id.clone()).collect(),
                });
            }
        }
        for id in &self.tasks {
            let known = roles()
                .filter(|r| self.roles.is_empty() || self.roles.contains(&r.id))
                .any(|r| r.tasks.iter().any(|t| &t.id == id));
            if !known {
                return Err(FilterError::Task {
                    id: id.clone(),
                    roles: self.roles.clone(),
                });
            }
        }
        Ok(())
    }

    fn kinds(&self) -> Result<Vec<CardKind>, FilterError> {
        self.kinds
            .iter()
            .map(|name| {
                CardKind::from_name(name).ok_or_else(|| FilterError::Kind {
                    name: name.clone(),
                    known: CardKind::ALL.iter().map(|k| k.name().to_string()).collect(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::load::{LoadedDeck, Origin};

    fn library() -> Library {
        let text = include_str!("../../tests/fixtures/decks/mini/mini.ron");
        let deck = crate::deck::validate::parse_deck(text).unwrap();
        Library::from_decks(
            vec![LoadedDeck {
                deck,
                origin: Origin::BuiltIn("mini.ron"),
            }],
            0,
        )
        .unwrap()
    }

    fn ids(filters: &Filters) -> Result<Vec<String>, String> {
        let library = library();
        filters
            .select(&library)
            .map(|cards| cards.iter().map(|c| c.id.0.clone()).collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn filters_narrow_by_deck_role_task_and_kind() {
        let all = ids(&Filters::default()).unwrap();
        assert!(all.len() > 5);
        let role = ids(&Filters {
            roles: vec!["appsec".into()],
            ..Filters::default()
        })
        .unwrap();
        assert!(!role.is_empty() && role.iter().all(|id| id.starts_with("mini/appsec/")));
        let task = ids(&Filters {
            roles: vec!["pm".into()],
            tasks: vec!["brief".into()],
            kinds: vec!["duties".into()],
            ..Filters::default()
        })
        .unwrap();
        assert_eq!(task, ["mini/pm/brief/duties"]);
    }

    #[test]
    fn unknown_ids_name_what_exists() {
        let check = |filters: Filters, expected: &str| {
            assert_eq!(ids(&filters).unwrap_err(), expected);
        };
        check(
            Filters {
                decks: vec!["nope".into()],
                ..Filters::default()
            },
            "no deck `nope`; loaded decks: mini",
        );
        check(
            Filters {
                roles: vec!["wizard".into()],
                ..Filters::default()
            },
            "no role `wizard`; roles: pm, appsec",
        );
        check(
            Filters {
                roles: vec!["pm".into()],
                tasks: vec!["triage".into()],
                ..Filters::default()
            },
            "no task `triage` in role pm; list tasks with `rolecall decks --tree`",
        );
        check(
            Filters {
                kinds: vec!["riddle".into()],
                ..Filters::default()
            },
            "unknown card kind `riddle`; expected one of: duties, questions, scenario, \
             which-role, which-task, profile, timeline, note",
        );
    }

    #[test]
    fn the_outline_keeps_the_decks_roles_and_tasks_asked_for() {
        let library = library();
        let all = Filters::default().outline(&library).unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].roles.len(), 2);
        let one = Filters {
            roles: vec!["pm".into()],
            tasks: vec!["brief".into()],
            ..Filters::default()
        }
        .outline(&library)
        .unwrap();
        assert_eq!(one[0].roles.len(), 1);
        assert_eq!(one[0].roles[0].role.id, "pm");
        let tasks: Vec<&str> = one[0].roles[0]
            .tasks
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(tasks, ["brief"]);
        let typo = Filters {
            roles: vec!["wizard".into()],
            ..Filters::default()
        };
        assert!(typo.outline(&library).is_err());
    }

    #[test]
    fn the_key_names_every_filter() {
        let filters = Filters {
            decks: vec!["a".into()],
            roles: vec!["r1".into(), "r2".into()],
            tasks: vec![],
            kinds: vec!["note".into()],
        };
        assert_eq!(filters.key(), "deck=a;role=r1,r2;task=;kind=note");
        assert!(!filters.drills_tasks());
    }
}
