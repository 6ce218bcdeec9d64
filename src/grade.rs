//! The four review grades, shared by the scheduler, the scorer and the store.
//!
//! Lives outside `schedule` so that the scorer can suggest a grade without
//! knowing anything about FSRS.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How well a card was recalled, as FSRS rates it (1–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    /// The FSRS rating number.
    pub fn number(self) -> u32 {
        self as u32
    }

    pub fn from_number(n: u32) -> Option<Grade> {
        match n {
            1 => Some(Grade::Again),
            2 => Some(Grade::Hard),
            3 => Some(Grade::Good),
            4 => Some(Grade::Easy),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    /// A pass is anything but *Again*: the card was recalled.
    pub fn is_pass(self) -> bool {
        self != Grade::Again
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error for text that names no grade.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a grade: expected 1-4 or again, hard, good, easy")]
pub struct ParseGradeError(pub String);

impl FromStr for Grade {
    type Err = ParseGradeError;

    /// Accepts `1`–`4` and the grade names in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Ok(n) = t.parse::<u32>() {
            return Grade::from_number(n).ok_or_else(|| ParseGradeError(t.to_string()));
        }
        Grade::ALL
            .into_iter()
            .find(|g| g.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| ParseGradeError(t.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_names() {
        assert_eq!("1".parse(), Ok(Grade::Again));
        assert_eq!(" Good ".parse(), Ok(Grade::Good));
        assert_eq!("EASY".parse(), Ok(Grade::Easy));
        assert!("5".parse::<Grade>().is_err());
        assert!("".parse::<Grade>().is_err());
        assert!("ok".parse::<Grade>().is_err());
    }
}
