//! The review history: what the log says was answered, with undos applied
//! by one rule, so that every command counts the same reviews.
//!
//! Pure: entries come in as values (the workspace converts the store's
//! records); nothing here reads files or the clock. [`Ledger`] holds the undo
//! rule; [`History`] keeps every review with whether it stands (for
//! `history`, `stats`, `report`, `profiles` and `optimize`), and the
//! progress replay runs the same ledger over bare grades.

use crate::grade::Grade;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// One answered card, as the log recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub card: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// The scorer's covered share (0–1), for scored typed answers.
    pub score: Option<f32>,
    pub duration_ms: u64,
    /// How the card was asked ("typed", "choice", "self", "mock", ...).
    pub mode: String,
    /// The run it belongs to (a mock interview's id).
    pub session: Option<String>,
    /// The order a choice or ordering card's options were shown in.
    pub shown: Option<Box<[u16]>>,
    /// A mock answer's rubric (decisions, evidence, conflict, leverage; 0–3).
    pub rubric: Option<[u8; 4]>,
    /// Key points the learner corrected, signed 1-based numbers (see
    /// [`crate::score::Correction::signed`]).
    pub corrected: Option<Box<[i16]>>,
}

/// An entry of the log: a review, or the undoing of one.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Review(Review),
    /// Undoes the review of `card` made at `review_at`.
    Undo {
        card: String,
        review_at: DateTime<Utc>,
    },
}

/// Each card's reviews in log order, each carrying a `T`, with the undo rule.
///
/// **The undo rule** (the only copy): an undo cancels the latest review of
/// its card, made at exactly `review_at` (the log keeps milliseconds), that
/// still stands; an undo that matches nothing changes nothing. Two reviews
/// of one card at one millisecond need two undos.
#[derive(Debug)]
pub struct Ledger<T> {
    cards: HashMap<String, Vec<(DateTime<Utc>, T)>>,
}

impl<T> Default for Ledger<T> {
    fn default() -> Self {
        Ledger {
            cards: HashMap::new(),
        }
    }
}

impl<T> Ledger<T> {
    /// Records a review of `card`; the id is copied only for a new card.
    pub fn review<K: AsRef<str> + Into<String>>(&mut self, card: K, at: DateTime<Utc>, value: T) {
        if let Some(reviews) = self.cards.get_mut(card.as_ref()) {
            reviews.push((at, value));
        } else {
            self.cards.insert(card.into(), vec![(at, value)]);
        }
    }

    /// Applies an undo (see the rule above) and returns what it cancelled.
    pub fn undo(&mut self, card: &str, review_at: DateTime<Utc>) -> Option<T> {
        let reviews = self.cards.get_mut(card)?;
        let i = reviews.iter().rposition(|(at, _)| *at == review_at)?;
        Some(reviews.remove(i).1)
    }

    /// The standing reviews of each card, in log order.
    pub fn into_cards(self) -> HashMap<String, Vec<(DateTime<Utc>, T)>> {
        self.cards
    }
}

/// Every review of a log in log order, with whether an undo cancelled it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    reviews: Vec<Review>,
    undone: Vec<bool>,
}

/// One mock interview, from the standing reviews it recorded. Its figures
/// are defined here once, for the mock's own report and for `report`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mock {
    /// Its id (the reviews' `session`; `mock` for reviews without one).
    pub id: String,
    /// Its standing answers, by time (never empty).
    pub answers: Vec<Review>,
}

impl Mock {
    /// When it started: its first answer.
    pub fn at(&self) -> DateTime<Utc> {
        self.answers
            .first()
            .map_or(DateTime::<Utc>::MIN_UTC, |r| r.at)
    }

    pub fn questions(&self) -> usize {
        self.answers.len()
    }

    /// Answers recalled: graded Hard or better, the pass `stats` counts.
    pub fn recalled(&self) -> usize {
        self.answers.iter().filter(|r| r.grade.is_pass()).count()
    }

    /// The mean scorer share over its scored (typed) answers.
    pub fn mean_score(&self) -> Option<f32> {
        let scores: Vec<f32> = self.answers.iter().filter_map(|r| r.score).collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f32>() / scores.len() as f32)
    }

    /// Each rubric score's mean over the rated answers, in rubric order.
    pub fn rubric_means(&self) -> Option<[f32; 4]> {
        let rated: Vec<[u8; 4]> = self.answers.iter().filter_map(|r| r.rubric).collect();
        if rated.is_empty() {
            return None;
        }
        let mut sums = [0.0f32; 4];
        for scores in &rated {
            for (sum, &s) in sums.iter_mut().zip(scores) {
                *sum += f32::from(s);
            }
        }
        Some(sums.map(|s| s / rated.len() as f32))
    }
}

impl History {
    /// Reads the entries in log order and applies the undos.
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> History {
        let mut history = History::default();
        let mut ledger: Ledger<usize> = Ledger::default();
        for entry in entries {
            match entry {
                Entry::Review(review) => {
                    ledger.review(review.card.as_str(), review.at, history.reviews.len());
                    history.reviews.push(review);
                    history.undone.push(false);
                }
                Entry::Undo { card, review_at } => {
                    if let Some(i) = ledger.undo(&card, review_at) {
                        history.undone[i] = true;
                    }
                }
            }
        }
        history
    }

    /// Every review in log order, with `true` for the undone ones.
    pub fn all(&self) -> impl Iterator<Item = (&Review, bool)> {
        self.reviews.iter().zip(self.undone.iter().copied())
    }

    /// The reviews that stand, in log order.
    pub fn effective(&self) -> impl Iterator<Item = &Review> {
        self.all().filter(|(_, undone)| !undone).map(|(r, _)| r)
    }

    /// How many reviews stand: the review count every command reports.
    pub fn len(&self) -> usize {
        self.undone.iter().filter(|&&u| !u).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The reviews that stand, by time (log order among equal times).
    pub(crate) fn by_time(&self) -> Vec<&Review> {
        let mut reviews: Vec<&Review> = self.effective().collect();
        reviews.sort_by_key(|r| r.at);
        reviews
    }

    /// The time of the latest standing review.
    pub(crate) fn last_at(&self) -> Option<DateTime<Utc>> {
        self.effective().map(|r| r.at).max()
    }

    /// Each reviewed card's standing reviews (time, grade) by time, cards in
    /// id order: what FSRS trains on.
    pub(crate) fn card_histories(&self) -> Vec<Vec<(DateTime<Utc>, Grade)>> {
        let mut by_card: BTreeMap<&str, Vec<(DateTime<Utc>, Grade)>> = BTreeMap::new();
        for r in self.by_time() {
            by_card
                .entry(r.card.as_str())
                .or_default()
                .push((r.at, r.grade));
        }
        by_card.into_values().collect()
    }

    /// The mock interviews, in the order they happened.
    pub(crate) fn mocks(&self) -> Vec<Mock> {
        let mut mocks: Vec<Mock> = Vec::new();
        for r in self.by_time().into_iter().filter(|r| r.mode == "mock") {
            let id = r.session.as_deref().unwrap_or("mock");
            match mocks.iter_mut().find(|m| m.id == id) {
                Some(mock) => mock.answers.push(r.clone()),
                None => mocks.push(Mock {
                    id: id.to_string(),
                    answers: vec![r.clone()],
                }),
            }
        }
        mocks
    }
}

/// A self-graded review of `card` at `at` (RFC 3339), for tests.
#[cfg(test)]
pub(crate) fn test_review(card: &str, at: &str, grade: Grade) -> Review {
    Review {
        card: card.into(),
        at: at.parse().expect("an RFC 3339 time"),
        grade,
        score: None,
        duration_ms: 10_000,
        mode: "self".into(),
        session: None,
        shown: None,
        rubric: None,
        corrected: None,
    }
}

#[cfg(test)]
mod tests {
    use super::test_review as review;
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn undo(card: &str, at: &str) -> Entry {
        Entry::Undo {
            card: card.into(),
            review_at: t(at),
        }
    }

    fn effective(entries: Vec<Entry>) -> Vec<Review> {
        History::new(entries)
            .by_time()
            .into_iter()
            .cloned()
            .collect()
    }

    #[test]
    fn undo_removes_the_latest_matching_review_only() {
        let a = review("d", "2026-03-01T09:00:00Z", Grade::Good);
        let b = review("d", "2026-03-02T09:00:00Z", Grade::Again);
        let c = review("q", "2026-03-02T09:00:00Z", Grade::Good);
        let entries = vec![
            Entry::Review(b.clone()),
            Entry::Review(a.clone()),
            Entry::Review(c.clone()),
            undo("d", "2026-03-02T09:00:00Z"),
            // An undo of nothing is ignored.
            undo("gone", "2026-03-02T09:00:00Z"),
        ];
        assert_eq!(effective(entries), vec![a, c]);
    }

    // Regression: commands applied undos five ways. Two reviews of a card at
    // one millisecond and one undo left `report` with none (it dropped every
    // review matching the undo) and `history` with one; one review and its
    // undo still counted in `profiles` (it ignored undos).
    #[test]
    fn same_time_reviews_need_one_undo_each() {
        let first = review("d", "2026-03-01T09:00:00Z", Grade::Good);
        let second = review("d", "2026-03-01T09:00:00Z", Grade::Again);
        let history = History::new(vec![
            Entry::Review(first.clone()),
            Entry::Review(second.clone()),
            undo("d", "2026-03-01T09:00:00Z"),
        ]);
        assert_eq!(history.len(), 1);
        let all: Vec<(Grade, bool)> = history.all().map(|(r, u)| (r.grade, u)).collect();
        assert_eq!(all, [(Grade::Good, false), (Grade::Again, true)]);
        // A second undo takes the other one; a third finds nothing.
        let history = History::new(vec![
            Entry::Review(first.clone()),
            Entry::Review(second),
            undo("d", "2026-03-01T09:00:00Z"),
            undo("d", "2026-03-01T09:00:00Z"),
            undo("d", "2026-03-01T09:00:00Z"),
        ]);
        assert!(history.is_empty());
        assert_eq!(history.all().count(), 2);
        // An undo never reaches a review logged after it.
        let history = History::new(vec![
            undo("d", "2026-03-01T09:00:00Z"),
            Entry::Review(first),
        ]);
        assert_eq!(history.len(), 1);
    }

    #[test]
    fn the_ledger_gives_back_what_an_undo_cancels() {
        let mut ledger: Ledger<Grade> = Ledger::default();
        ledger.review("a", t("2026-03-01T09:00:00Z"), Grade::Good);
        ledger.review("a".to_string(), t("2026-03-01T09:00:00Z"), Grade::Hard);
        ledger.review("b", t("2026-03-01T09:00:00Z"), Grade::Easy);
        assert_eq!(
            ledger.undo("a", t("2026-03-01T09:00:00Z")),
            Some(Grade::Hard)
        );
        assert_eq!(ledger.undo("a", t("2026-03-01T09:00:01Z")), None);
        assert_eq!(ledger.undo("c", t("2026-03-01T09:00:00Z")), None);
        let cards = ledger.into_cards();
        assert_eq!(cards["a"], [(t("2026-03-01T09:00:00Z"), Grade::Good)]);
        assert_eq!(cards["b"].len(), 1);
    }

    #[test]
    fn histories_group_reviews_by_card_in_time_order() {
        let history = History::new(vec![
            Entry::Review(review("b", "2026-03-02T09:00:00Z", Grade::Good)),
            Entry::Review(review("a", "2026-03-03T09:00:00Z", Grade::Hard)),
            Entry::Review(review("b", "2026-03-01T09:00:00Z", Grade::Again)),
        ]);
        let h = history.card_histories();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0], vec![(t("2026-03-03T09:00:00Z"), Grade::Hard)]);
        assert_eq!(
            h[1],
            vec![
                (t("2026-03-01T09:00:00Z"), Grade::Again),
                (t("2026-03-02T09:00:00Z"), Grade::Good)
            ]
        );
        assert_eq!(history.last_at(), Some(t("2026-03-03T09:00:00Z")));
    }

    #[test]
    fn mocks_group_standing_mock_answers_by_session() {
        let answer = |at: &str, session: Option<&str>, grade, score| Review {
            mode: "mock".into(),
            session: session.map(str::to_string),
            score,
            rubric: score.map(|s: f32| [(s * 3.0) as u8, 3, 0, 1]),
            ..review("d", at, grade)
        };
        let history = History::new(vec![
            Entry::Review(answer(
                "2026-03-01T09:00:00Z",
                Some("m1"),
                Grade::Good,
                Some(0.5),
            )),
            Entry::Review(review("x", "2026-03-01T09:30:00Z", Grade::Good)),
            Entry::Review(answer(
                "2026-03-01T09:01:00Z",
                Some("m1"),
                Grade::Again,
                None,
            )),
            Entry::Review(answer(
                "2026-03-02T09:00:00Z",
                Some("m2"),
                Grade::Hard,
                Some(1.0),
            )),
            Entry::Review(answer(
                "2026-03-02T09:01:00Z",
                Some("m2"),
                Grade::Easy,
                Some(0.0),
            )),
            undo("d", "2026-03-02T09:01:00Z"),
            Entry::Review(answer("2026-03-03T09:00:00Z", None, Grade::Good, None)),
        ]);
        let mocks = history.mocks();
        let got: Vec<(&str, usize, usize, Option<f32>)> = mocks
            .iter()
            .map(|m| (m.id.as_str(), m.questions(), m.recalled(), m.mean_score()))
            .collect();
        assert_eq!(
            got,
            [
                ("m1", 2, 1, Some(0.5)),
                ("m2", 1, 1, Some(1.0)),
                ("mock", 1, 1, None)
            ]
        );
        assert_eq!(mocks[0].at(), t("2026-03-01T09:00:00Z"));
        // Rubric means are over the rated answers only (m1 has one).
        assert_eq!(mocks[0].rubric_means(), Some([1.0, 3.0, 0.0, 1.0]));
        assert_eq!(mocks[2].rubric_means(), None);
    }
}
