//! A study session's rules, from planning to the last card: which cards
//! ([`filter`], [`plan`], [`queue`]), in which order they come back
//! ([`Session`]: the undo stack, *Again* repeats, the time limit), how an
//! answer turns into a suggested grade ([`assess`](mod@assess)), and when reviews
//! happen ([`clock`]).
//!
//! Pure: no files, no terminal, no clock of its own (time comes in through
//! [`Stopwatch`] and parameters). `study`, `answer` and `mock` drive it
//! through the workspace, each with its own prompter.

pub mod assess;
pub mod clock;
pub mod filter;
pub mod plan;
pub mod present;
pub mod queue;

pub use assess::{Answer, AnswerError, Assessment, RivalIndex, assess, rivals};
pub use clock::{SessionClock, Stopwatch};
pub use filter::{FilterError, Filters};
pub use plan::{Outlook, Pacing, Plan, Planner, Request, Resumable, Resume, pacing, unseen_groups};

use crate::grade::Grade;
use crate::progress::CardProgress;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::time::Duration;

/// How a session treats its cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How many times a card graded *Again* comes back within the session;
    /// it is due in minutes anyway, so the next session brings it back with
    /// a fresher head.
    pub again_repeats: usize,
    /// How many other cards come between a card graded *Again* and its
    /// return...
    pub again_gap: usize,
    /// ...unless this long has passed since it was failed (and at least one
    /// other card came between): its own answer must be out of sight.
    pub again_wait: Duration,
    /// The session ends at the first card asked after this long.
    pub time_limit: Option<Duration>,
}

impl Rules {
    /// A study session: failed cards come back twice, after three other
    /// cards or two minutes.
    pub const STUDY: Rules = Rules {
        again_repeats: 2,
        again_gap: 3,
        again_wait: Duration::from_mins(2),
        time_limit: None,
    };

    /// A mock interview: each question once, however it went.
    pub const MOCK: Rules = Rules {
        again_repeats: 0,
        again_gap: 0,
        again_wait: Duration::ZERO,
        time_limit: None,
    };
}

/// A review made in this session, kept so that it can be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The card's index in the session's cards.
    pub index: usize,
    /// When it was logged (undo names the review by its time).
    pub at: DateTime<Utc>,
    pub grade: Grade,
    /// The card's progress before this review (`None`: it was new).
    pub before: Option<CardProgress>,
}

/// What comes next in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Ask this card (an index into the session's cards).
    Card(usize),
    /// The time limit has passed; the card that was next stays queued.
    TimeUp,
    /// Only cards failed moments ago are left, and asking one now would
    /// show it right after its own answer: the session ends, and they come
    /// back with the next session.
    Cooling,
    /// The queue is empty.
    Finished,
}

/// A card graded *Again*, waiting to come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cooling {
    index: usize,
    /// Reviews made in the session when it was failed (its own included).
    done: usize,
    /// Session time when it was failed.
    elapsed: Duration,
}

/// The cards still to ask and the reviews made, with the session's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pending: VecDeque<usize>,
    /// Failed cards waiting for real distance before they come back.
    cooling: Vec<Cooling>,
    done: Vec<Done>,
    /// One entry per *Again* grade still standing, to cap the repeats.
    again: Vec<usize>,
    rules: Rules,
    ended_early: bool,
}

impl Session {
    pub fn new(queue: Vec<usize>, rules: Rules) -> Session {
        Session::resumed(queue, &[], rules)
    }

    /// A session resumed with `queue` and the cards it had `failed` (each
    /// with its number of *Again* grades): those come back after a few
    /// others, as long as the cap allows, and the cap keeps counting.
    pub fn resumed(queue: Vec<usize>, failed: &[(usize, usize)], rules: Rules) -> Session {
        let mut pending: VecDeque<usize> = queue.into();
        let mut again = Vec::new();
        for &(index, times) in failed {
            again.extend(std::iter::repeat_n(index, times));
            if times <= rules.again_repeats {
                pending.insert(rules.again_gap.min(pending.len()), index);
            }
        }
        Session {
            pending,
            cooling: Vec::new(),
            done: Vec::new(),
            again,
            rules,
            ended_early: false,
        }
    }

    /// The next card, unless the queue is empty or the time limit (measured
    /// as `elapsed` since the session started) has passed. A failed card
    /// whose wait is over comes before the queue.
    pub fn next(&mut self, elapsed: Duration) -> Step {
        if self.pending.is_empty() && self.cooling.is_empty() {
            return Step::Finished;
        }
        if self.rules.time_limit.is_some_and(|limit| elapsed >= limit) {
            self.ended_early = true;
            return Step::TimeUp;
        }
        let done = self.done.len();
        let rules = self.rules;
        let ready = self.cooling.iter().position(|c| {
            let between = done - c.done;
            between >= 1
                && (between >= rules.again_gap
                    || elapsed.saturating_sub(c.elapsed) >= rules.again_wait)
        });
        if let Some(i) = ready {
            return Step::Card(self.cooling.remove(i).index);
        }
        if let Some(index) = self.pending.pop_front() {
            return Step::Card(index);
        }
        self.ended_early = true;
        Step::Cooling
    }

    /// Records the grade given to `index` (just asked, at `elapsed` into the
    /// session); a card graded *Again* comes back later in the session, up
    /// to the rules' repeats.
    pub fn graded(
        &mut self,
        index: usize,
        at: DateTime<Utc>,
        grade: Grade,
        before: Option<CardProgress>,
        elapsed: Duration,
    ) {
        self.done.push(Done {
            index,
            at,
            grade,
            before,
        });
        if grade == Grade::Again
            && self.again.iter().filter(|&&i| i == index).count() < self.rules.again_repeats
        {
            self.cooling.push(Cooling {
                index,
                done: self.done.len(),
                elapsed,
            });
            self.again.push(index);
        }
    }

    /// Takes back the last review while `current` was being asked: both
    /// go back to the front, the undone card first (its *Again* repeat, if
    /// any, is dropped). Returns the review to undo in the log.
    pub fn undo(&mut self, current: usize) -> Option<Done> {
        self.pending.push_front(current);
        let last = self.done.pop()?;
        self.pending.retain(|&i| i != last.index);
        if last.grade == Grade::Again {
            self.cooling.retain(|c| c.index != last.index);
            if let Some(i) = self.again.iter().rposition(|&c| c == last.index) {
                self.again.remove(i);
            }
        }
        self.pending.push_front(last.index);
        Some(last)
    }

    /// Ends the session after the card just graded: the rest stays queued.
    pub fn end(&mut self) {
        self.ended_early = true;
    }

    /// Ends the session while `current` was being asked: it stays queued.
    pub fn stop(&mut self, current: usize) {
        self.pending.push_front(current);
        self.ended_early = true;
    }

    /// Whether `index` is back after an *Again* in this session.
    pub fn is_again(&self, index: usize) -> bool {
        self.again.contains(&index)
    }

    /// The reviews made so far, oldest first.
    pub fn done(&self) -> &[Done] {
        &self.done
    }

    /// Reviews made that were passed (Hard or better).
    pub fn passed(&self) -> usize {
        self.done.iter().filter(|d| d.grade.is_pass()).count()
    }

    /// Cards still to ask (not counting one being asked): queued, or
    /// failed and waiting to come back.
    pub fn remaining(&self) -> usize {
        self.pending.len() + self.cooling.len()
    }

    /// Failed cards waiting to come back.
    pub fn cooling(&self) -> usize {
        self.cooling.len()
    }

    /// The session was quit, ran out of time, or ended with failed cards
    /// waiting, so it has cards left.
    pub fn ended_early(&self) -> bool {
        self.ended_early
    }
}

/// The `rolecall study` command that drills a task (or a whole role when
/// `task` is `None`) for `profile`. Stats, readiness and mock reports all
/// print this one shape. Ids are `a-z0-9-` (checked by the deck loader) and
/// profile names `[A-Za-z0-9_-]` (checked by the store), so nothing needs
/// shell quoting.
pub fn drill_command(profile: &str, deck: &str, role: &str, task: Option<&str>) -> String {
    let mut command = String::from("rolecall study");
    if profile != "default" {
        command.push_str(" --profile ");
        command.push_str(profile);
    }
    command.push_str(" --deck ");
    command.push_str(deck);
    command.push_str(" --role ");
    command.push_str(role);
    if let Some(task) = task {
        command.push_str(" --task ");
        command.push_str(task);
    }
    command
}

/// A bare card for the session's tests: self-graded, in deck `d`, in
/// sibling group `group`.
#[cfg(test)]
pub(crate) fn test_card(id: &str, group: &str) -> crate::deck::Card {
    use crate::deck::{AnswerMode, Card, CardId, CardKind};
    Card {
        id: CardId(id.into()),
        kind: CardKind::Duties,
        deck: "d".into(),
        role: None,
        task: None,
        prompt: "".into(),
        answer: "".into(),
        key_points: std::sync::Arc::from([]),
        mode: AnswerMode::SelfGraded,
        choices: vec![],
        correct: vec![],
        siblings: group.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: usize) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(i64::try_from(ms).unwrap()).unwrap()
    }

    /// Asks every card, grading each as `grade(card)` says, with no time
    /// passing.
    fn drain(s: &mut Session, grade: impl Fn(usize) -> Grade) -> Vec<usize> {
        let mut asked = Vec::new();
        while let Step::Card(i) = s.next(Duration::ZERO) {
            asked.push(i);
            s.graded(i, t(asked.len()), grade(i), None, Duration::ZERO);
        }
        asked
    }

    #[test]
    fn again_comes_back_after_a_few_other_cards() {
        let mut s = Session::new(vec![1, 2, 3, 4, 5], Rules::STUDY);
        assert_eq!(s.next(Duration::ZERO), Step::Card(1));
        s.graded(1, t(0), Grade::Again, None, Duration::ZERO);
        assert!(s.is_again(1));
        let order = drain(&mut s, |_| Grade::Good);
        assert_eq!(order, [2, 3, 4, 1, 5]);
        assert_eq!(s.next(Duration::ZERO), Step::Finished);
        assert!(!s.ended_early());
    }

    #[test]
    fn again_never_follows_its_own_answer_and_waits_when_nothing_else_is_left() {
        // One other card, no time: too close; the session ends with the
        // failed card left for the next one.
        let mut s = Session::new(vec![7, 8], Rules::STUDY);
        assert_eq!(s.next(Duration::ZERO), Step::Card(7));
        s.graded(7, t(0), Grade::Again, None, Duration::ZERO);
        assert_eq!(drain(&mut s, |_| Grade::Good), [8]);
        assert_eq!(s.next(Duration::ZERO), Step::Cooling);
        assert!(s.ended_early());
        assert_eq!((s.remaining(), s.cooling()), (1, 1));
        // Two minutes on the card between are distance enough.
        let mut s = Session::new(vec![7, 8], Rules::STUDY);
        assert_eq!(s.next(Duration::ZERO), Step::Card(7));
        s.graded(7, t(0), Grade::Again, None, Duration::from_secs(10));
        assert_eq!(s.next(Duration::from_secs(20)), Step::Card(8));
        s.graded(8, t(1), Grade::Good, None, Duration::from_secs(130));
        assert_eq!(s.next(Duration::from_secs(130)), Step::Card(7));
        // Time alone is not: the card itself must not come straight back.
        let mut s = Session::new(vec![7], Rules::STUDY);
        assert_eq!(s.next(Duration::ZERO), Step::Card(7));
        s.graded(7, t(0), Grade::Again, None, Duration::ZERO);
        assert_eq!(s.next(Duration::from_mins(10)), Step::Cooling);
    }

    #[test]
    fn again_repeats_are_capped() {
        let mut s = Session::new(vec![1, 2, 3, 4], Rules::STUDY);
        let asked = drain(&mut s, |_| Grade::Again);
        assert_eq!(asked, [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
        assert_eq!(s.done().len(), 12);
        assert_eq!(s.passed(), 0);
        assert_eq!(s.next(Duration::ZERO), Step::Finished);
        // A resumed session brings its failed cards back after a few others
        // and keeps counting their Agains.
        let mut s = Session::resumed(vec![2, 3, 4, 5], &[(1, 2), (9, 3)], Rules::STUDY);
        let asked = drain(&mut s, |i| if i == 1 { Grade::Again } else { Grade::Good });
        assert_eq!(asked, [2, 3, 4, 1, 5], "9 used up its repeats");
        // A mock asks each question once.
        let mut s = Session::new(vec![1, 2], Rules::MOCK);
        assert_eq!(drain(&mut s, |_| Grade::Again), [1, 2]);
    }

    #[test]
    fn undo_puts_a_card_first_and_drops_its_requeued_copy() {
        let mut s = Session::new(vec![1, 2, 3], Rules::STUDY);
        assert_eq!(s.next(Duration::ZERO), Step::Card(1));
        s.graded(1, t(5), Grade::Again, None, Duration::ZERO);
        assert_eq!(s.next(Duration::ZERO), Step::Card(2));
        let undone = s.undo(2).unwrap();
        assert_eq!(
            (undone.index, undone.at, undone.grade),
            (1, t(5), Grade::Again)
        );
        assert!(!s.is_again(1), "its Again no longer counts");
        assert_eq!(s.remaining(), 3);
        assert!(s.done().is_empty());
        // Nothing left to undo: the current card just goes back.
        assert_eq!(s.next(Duration::ZERO), Step::Card(1));
        assert_eq!(s.undo(1), None);
        assert_eq!(drain(&mut s, |_| Grade::Good), [1, 2, 3]);
    }

    #[test]
    fn the_time_limit_ends_the_session_before_the_next_card() {
        let rules = Rules {
            time_limit: Some(Duration::from_mins(10)),
            ..Rules::STUDY
        };
        let mut s = Session::new(vec![1, 2], rules);
        assert_eq!(s.next(Duration::from_secs(599)), Step::Card(1));
        s.graded(1, t(0), Grade::Good, None, Duration::from_secs(599));
        assert_eq!(s.next(Duration::from_mins(10)), Step::TimeUp);
        assert!(s.ended_early());
        assert_eq!(s.remaining(), 1, "the next card stays queued");
        let mut quit = Session::new(vec![1, 2], Rules::STUDY);
        assert_eq!(quit.next(Duration::ZERO), Step::Card(1));
        quit.stop(1);
        assert!(quit.ended_early());
        assert_eq!(drain(&mut quit, |_| Grade::Good), [1, 2]);
    }

    #[test]
    fn drill_commands_name_profile_deck_role_and_task() {
        assert_eq!(
            drill_command("default", "d", "r", Some("t")),
            "rolecall study --deck d --role r --task t"
        );
        assert_eq!(
            drill_command("alice", "d", "r", None),
            "rolecall study --profile alice --deck d --role r"
        );
    }
}
