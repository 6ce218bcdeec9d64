//! The study loop: plans the session (or resumes today's), then asks card
//! after card through a [`Prompter`] (terminal or script), records each
//! grade before acknowledging it. The plan is saved once, so the same
//! command resumes it today; what is left is derived from the log.
//! `study` runs it; `next` and `answer` use the same planning and recording
//! one step at a time.

use super::grader::Grader;
use super::resume::Saved;
use super::writer::{NewReview, ProfileWriter};
use crate::deck::generate::explanation;
use crate::deck::load::Library;
use crate::deck::{AnswerMode, Card};
use crate::grade::Grade;
use crate::schedule::format_interval;
use crate::score::{Correction, Coverage, ScoreResult};
use crate::session::present;
use crate::session::{Answer, Assessment, Plan, Request, Resume, Rules, Session, Step};
use crate::ui::prompt::{
    Ack, CardView, Debrief, Feedback, Gap, GradeReply, Missed, Previews, Prompter, Reply, Summary,
    pacing_line,
};
use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// The plan for a session of `cards` starting now (planned with the
/// writer's progress and the saved sessions), with the sessions read.
pub fn plan(writer: &ProfileWriter, cards: &[&Card], request: &Request) -> (Plan, Saved) {
    let saved = writer.saved_sessions(today(writer), &request.filters);
    let plan = writer
        .settings()
        .planner(
            cards,
            writer.scheduler(),
            writer.progress(),
            writer.clock().start(),
            saved.resumable(),
        )
        .plan(request);
    (plan, saved)
}

/// The study day the writer's session belongs to.
fn today(writer: &ProfileWriter) -> NaiveDate {
    writer.scheduler().clock().day_of(writer.clock().start())
}

/// One study session over `cards` (the filters' cards, in deck order).
pub struct StudyRun<'a> {
    pub writer: &'a mut ProfileWriter,
    /// Every loaded deck, for what the feedback explains.
    pub library: &'a Library,
    pub cards: &'a [&'a Card],
    pub grader: &'a Grader<'a>,
    pub request: Request,
    pub rules: Rules,
}

/// How the asking of one card ended.
enum Asked {
    /// Graded (or undone): go on.
    Next,
    /// Graded, and the learner ended the session with it.
    Last,
    /// The learner ended the session without grading it.
    Quit,
}

/// The last grade of each card a session found weak, for the debrief.
type Weak = BTreeMap<usize, Missed>;

impl StudyRun<'_> {
    /// Runs the session to its end (the queue is done, the learner quit, or
    /// the time limit passed), shows the summary, then the debrief with its
    /// offer to drill the cards missed.
    pub fn run(mut self, prompter: &mut dyn Prompter) -> Result<()> {
        // A snapshot is only a cache: one that cannot be written slows the
        // next start, it never stops a session.
        let snapshot_warning = self.writer.save_snapshot_or_warn();
        if let Some(warning) = &snapshot_warning {
            prompter.notice(&format!("warning: {warning}"))?;
        }
        let (plan, saved) = plan(self.writer, self.cards, &self.request);
        // The meaning model loads while the learner reads the first card,
        // with the vectors of the cards this session asks, in its order:
        // never the whole selection, which can be every card of every deck.
        // A script's lines are there at once, so there is no reading time
        // to use, and a script that ends before its first answer must not
        // pay for the model (it doubles a large session's memory): the
        // first typed answer loads it.
        if prompter.timed() {
            let asked: Vec<&Card> = plan.queue.iter().map(|&i| self.cards[i]).collect();
            self.grader.warm(&asked);
        }
        notices(&plan, prompter)?;
        let nothing_due = plan.is_empty();
        let mut sessions = saved.sessions.clone();
        if !nothing_due {
            // Once per session, before the first card: a store that cannot
            // be written is found before anything is typed.
            sessions = self.save_planned(&plan, &saved)?;
        }
        let mut session = Session::resumed(plan.queue.clone(), &plan.failed, self.rules);
        let mut weak = Weak::new();
        let finished = self.drive(&mut session, &mut weak, prompter)?;
        // Every answer is saved by now: what fails here only costs resuming
        // or start-up time, so it is a warning, never a failed session.
        if session.remaining() == 0
            && plan.held_back == 0
            && !nothing_due
            && let Err(e) = self.forget_session(&sessions)
        {
            prompter.notice(&format!("warning: {e:#}"))?;
        }
        self.snapshot_or_warn(prompter, snapshot_warning.as_deref())?;
        prompter.finish(&self.summary(&session, plan.held_back, nothing_due.then_some(&plan)))?;
        self.debrief(weak, finished, snapshot_warning.as_deref(), prompter)
    }

    /// Asks the session's cards until it ends; `true` when it ran its
    /// course (rather than being quit or running out of time).
    fn drive(
        &mut self,
        session: &mut Session,
        weak: &mut Weak,
        prompter: &mut dyn Prompter,
    ) -> Result<bool> {
        loop {
            let index = match session.next(self.writer.clock().elapsed()) {
                Step::Card(index) => index,
                Step::TimeUp => {
                    prompter.notice("Time is up for this session.")?;
                    return Ok(false);
                }
                Step::Cooling | Step::Finished => return Ok(true),
            };
            match self.ask(index, session, weak, prompter)? {
                Asked::Next => {}
                Asked::Last => {
                    session.end();
                    return Ok(false);
                }
                Asked::Quit => {
                    session.stop(index);
                    return Ok(false);
                }
            }
        }
    }

    /// The cards the session left weak (last graded Again or Hard), with
    /// what was missed; when it ran its course, an offer to drill them now,
    /// as often as the learner wants while some stay weak.
    /// `snapshot_warning` is what the session's start said about saving the
    /// snapshot, so a drill does not repeat it.
    fn debrief(
        &mut self,
        mut weak: Weak,
        mut offer: bool,
        snapshot_warning: Option<&str>,
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        while !weak.is_empty() {
            let cards: Vec<(&Card, &Missed)> =
                weak.iter().map(|(&i, m)| (self.cards[i], m)).collect();
            let drill = prompter.debrief(&Debrief {
                cards: &cards,
                offer: offer && !prompter.interrupted(),
            })?;
            if !drill {
                return Ok(());
            }
            let mut again = Session::new(weak.keys().copied().collect(), self.rules);
            let mut still = Weak::new();
            offer = self.drive(&mut again, &mut still, prompter)?;
            self.snapshot_or_warn(prompter, snapshot_warning)?;
            prompter.finish(&self.summary(&again, 0, None))?;
            weak = still;
        }
        Ok(())
    }

    /// What the summary says about `session`.
    fn summary(&self, session: &Session, held_back: usize, empty: Option<&Plan>) -> Summary {
        let now = self.writer.now();
        Summary {
            reviewed: session.done().len(),
            passed: session.passed(),
            elapsed: self.writer.clock().elapsed(),
            still_due: self.still_due(now),
            next_due: self
                .cards
                .iter()
                .filter_map(|c| self.writer.progress().get(c.id.as_str()))
                .map(|p| p.state.due)
                .filter(|&due| due > now)
                .min(),
            nothing_due: empty.map(|plan| plan.outlook.clone()),
            now,
            left: if session.ended_early() {
                session.remaining() + held_back
            } else {
                0
            },
            cooling: session.cooling(),
        }
    }

    /// Cards a new session of these filters would review now: due, and not
    /// buried by a sibling studied today.
    fn still_due(&self, now: DateTime<Utc>) -> usize {
        let progress = self.writer.progress();
        let plan = self
            .writer
            .settings()
            .planner(self.cards, self.writer.scheduler(), progress, now, None)
            .plan(&Request {
                fresh: true,
                limit: None,
                ..self.request.clone()
            });
        plan.queue
            .iter()
            .filter_map(|&i| progress.get(self.cards[i].id.as_str()))
            .filter(|p| p.state.due <= now)
            .count()
    }

    /// Asks card `index` (its options in this presentation's order) and
    /// records what the learner did with it.
    fn ask(
        &mut self,
        index: usize,
        session: &mut Session,
        weak: &mut Weak,
        prompter: &mut dyn Prompter,
    ) -> Result<Asked> {
        let original = self.cards[index];
        let state = self
            .writer
            .progress()
            .get(original.id.as_str())
            .map(|p| p.state);
        let (shown, card) = present::now(original, self.writer.progress());
        let view = CardView {
            card: &card,
            done: session.done().len(),
            remaining: session.remaining(),
            is_new: state.is_none(),
            again: session.is_again(index),
            can_undo: !session.done().is_empty(),
        };
        let (answer, took) = match prompter.ask(&view)? {
            Reply::Answer { answer, took } => (answer, took),
            Reply::Quit => return Ok(Asked::Quit),
            Reply::Undo => {
                self.undo(index, session, weak, prompter)?;
                return Ok(Asked::Next);
            }
        };
        let timed = prompter.timed();
        let took_then = timed.then(|| chrono::Duration::from_std(took).unwrap_or_default());
        let (mut assessment, mut score) = self.grader.assess(&card, &answer, took_then);
        let scored = score.clone();
        let now = self.writer.now();
        let outcomes = self.writer.scheduler().preview(state.as_ref(), now);
        let previews: Previews = outcomes.map(|o| (o.grade, format_interval(o.interval)));
        let why = self
            .library
            .deck(&card.deck)
            .and_then(|d| explanation(&d.deck, &card));
        let mut corrections: Vec<Correction> = Vec::new();
        let (grade, last) = loop {
            let feedback = Feedback {
                card: &card,
                answer: &answer,
                assessment: &assessment,
                score: score.as_ref(),
                previews: &previews,
                explanation: why.as_deref(),
            };
            match prompter.confirm(&feedback)? {
                GradeReply::Grade(grade) => break (grade, false),
                GradeReply::Last(grade) => break (grade, true),
                GradeReply::Correct(more) => {
                    let Some(scored) = &scored else { continue };
                    // A later correction of a point replaces an earlier one.
                    let mut all = corrections.clone();
                    all.retain(|c| more.iter().all(|m| m.point != c.point));
                    all.extend(more);
                    match Grader::correct(&card, &answer, took_then, scored, &all) {
                        Ok((a, s)) => {
                            (assessment, score, corrections) = (a, Some(s), all);
                        }
                        Err(e) => prompter.notice(&e.to_string())?,
                    }
                }
            }
        };
        // Acknowledged only once it is on disk; what is left of the session
        // is derived from the log, so nothing else is written per answer.
        let recorded = self.writer.record(NewReview {
            card: card.id.as_str(),
            grade,
            score: score.as_ref().map(|s| s.score),
            took,
            mode: card.mode.name(),
            session: None,
            shown: (!shown.is_empty()).then_some(shown.as_slice()),
            rubric: None,
            corrected: &corrections,
        })?;
        session.graded(
            index,
            recorded.at,
            grade,
            recorded.before,
            self.writer.clock().elapsed(),
        );
        if grade <= Grade::Hard {
            weak.insert(
                index,
                missed(&card, grade, &answer, &assessment, score.as_ref()),
            );
        } else {
            weak.remove(&index);
        }
        prompter.acknowledge(&Ack {
            card: card.id.as_str(),
            grade,
            interval: &format_interval(recorded.state.interval()),
            due: recorded.state.due,
        })?;
        Ok(if last { Asked::Last } else { Asked::Next })
    }

    /// Takes back the last grade while card `index` is asked: logged as an
    /// undo, the card's state restored, both cards back at the front.
    fn undo(
        &mut self,
        index: usize,
        session: &mut Session,
        weak: &mut Weak,
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        if let Some(last) = session.undo(index) {
            let undone = self.cards[last.index];
            self.writer.undo(undone.id.as_str(), last.at, last.before)?;
            weak.remove(&last.index);
            prompter.notice(&format!("Undone: {} ({})", undone.id, last.grade))?;
        }
        Ok(())
    }

    /// Saves a new plan, so that the same command resumes it today (a
    /// resumed one stays as it was saved); the sessions of other filters
    /// stay, those of other days go.
    fn save_planned(&self, plan: &Plan, saved: &Saved) -> Result<Vec<Resume>> {
        if let Some(resumed) = saved.resumable().filter(|_| plan.resumed) {
            let same = Resume::replace(&saved.sessions, resumed.saved.clone());
            self.writer.save_sessions(&same)?;
            return Ok(same);
        }
        let planned = Resume {
            started: self.writer.clock().start(),
            day: today(self.writer),
            filters: self.request.filters.clone(),
            log_offset: self.writer.log_offset(),
            planned: plan
                .queue
                .iter()
                .map(|&i| self.cards[i].id.0.clone())
                .collect(),
        };
        let sessions = Resume::replace(&saved.sessions, planned);
        self.writer.save_sessions(&sessions)?;
        Ok(sessions)
    }

    /// Forgets the session of these filters (of `sessions`, as saved):
    /// nothing is left of it.
    /// Saves the snapshot after answers, which are all saved already: a
    /// failure only costs start-up time, so it is a warning.
    /// Saves the snapshot, warning when it fails unless `already` said the
    /// same at the session's start.
    fn snapshot_or_warn(
        &mut self,
        prompter: &mut dyn Prompter,
        already: Option<&str>,
    ) -> Result<()> {
        match self.writer.save_snapshot_or_warn() {
            Some(warning) if already != Some(warning.as_str()) => {
                Ok(prompter.notice(&format!("warning: {warning}"))?)
            }
            _ => Ok(()),
        }
    }

    fn forget_session(&self, sessions: &[Resume]) -> Result<()> {
        let day = today(self.writer);
        self.writer
            .save_sessions(&Resume::remove(sessions, day, &self.request.filters))
    }
}

/// What a plan says before its first card: that it resumes a session, and
/// what an interview date asks for.
fn notices(plan: &Plan, prompter: &mut dyn Prompter) -> Result<()> {
    if plan.resumed {
        let n = plan.queue.len() + plan.failed.len();
        prompter.notice(&format!(
            "Resuming today's interrupted session: {n} card{} left (--fresh starts a new one).",
            if n == 1 { "" } else { "s" }
        ))?;
    }
    if let Some(pacing) = &plan.outlook.pacing {
        prompter.notice(&pacing_line(pacing))?;
    }
    Ok(())
}

/// What a weak answer to `card` (as shown) missed: the key points not
/// covered, the right option, or the right order.
fn missed(
    card: &Card,
    grade: Grade,
    answer: &Answer,
    assessment: &Assessment,
    score: Option<&ScoreResult>,
) -> Missed {
    let points = match (card.mode, answer, score) {
        (AnswerMode::Typed, _, Some(score)) => score
            .points
            .iter()
            .filter(|p| !p.covered)
            .map(|p| Gap {
                text: p.text.clone(),
                partly: p.status == Coverage::Partial,
            })
            .collect(),
        (AnswerMode::Choice, Answer::Choice(_), _) if assessment.correct == Some(false) => card
            .correct
            .first()
            .and_then(|&i| card.choices.get(i))
            .map(|right| vec![Gap::missed(format!("the answer: {right}"))])
            .unwrap_or_default(),
        (AnswerMode::Order, _, _) if assessment.correct == Some(false) => {
            vec![Gap::missed(format!(
                "the order: {}",
                card.key_points.join(" → ")
            ))]
        }
        _ => card
            .key_points
            .iter()
            .map(|p| Gap::missed(p.to_string()))
            .collect(),
    };
    Missed { grade, points }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::deck::AnswerMode;
    use crate::deck::load::{Library, Sources, load};
    use crate::grade::Grade;
    use crate::session::Answer;
    use crate::session::clock::ManualStopwatch;
    use crate::ui::prompt::Summary;
    use crate::workspace::{Overrides, Workspace};
    use std::io;
    use std::sync::Arc;
    use std::time::Duration;

    /// Answers every card right, taking `each` on the stopwatch per card.
    struct Fake {
        timed: bool,
        watch: Arc<ManualStopwatch>,
        each: Duration,
        acks: usize,
        notices: Vec<String>,
        summary: Option<(usize, usize)>,
    }

    impl Prompter for Fake {
        fn timed(&self) -> bool {
            self.timed
        }

        fn ask(&mut self, view: &CardView) -> io::Result<Reply> {
            self.watch.advance(self.each);
            let card = view.card;
            let answer = match card.mode {
                AnswerMode::Choice => Answer::Choice(card.correct[0]),
                AnswerMode::Order => Answer::Order(card.correct.clone()),
                AnswerMode::Typed | AnswerMode::SelfGraded => Answer::Text(String::new()),
            };
            Ok(Reply::Answer {
                answer,
                took: self.each,
            })
        }

        fn confirm(&mut self, _: &Feedback) -> io::Result<GradeReply> {
            Ok(GradeReply::Grade(Grade::Good))
        }

        fn acknowledge(&mut self, _: &Ack) -> io::Result<()> {
            self.acks += 1;
            Ok(())
        }

        fn notice(&mut self, text: &str) -> io::Result<()> {
            self.notices.push(text.to_string());
            Ok(())
        }

        fn finish(&mut self, summary: &Summary) -> io::Result<()> {
            self.summary = Some((summary.reviewed, summary.left));
            Ok(())
        }

        fn debrief(&mut self, _: &Debrief) -> io::Result<bool> {
            Ok(false)
        }
    }

    fn mini() -> Library {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decks/mini");
        load(
            &Sources {
                built_in: false,
                dirs: vec![dir],
            },
            0,
        )
        .unwrap()
    }

    /// The default profile of a data dir in `dir`, on the stopwatch `watch`.
    fn writer_at(dir: &std::path::Path, watch: &Arc<ManualStopwatch>) -> ProfileWriter {
        let mut config =
            Config::for_data_dir(dir.to_path_buf(), "2026-03-02T09:00:00Z".parse().unwrap());
        config.stopwatch = watch.clone();
        Workspace::new(&config)
            .unwrap()
            .write("default", Overrides::default())
            .unwrap()
    }

    #[test]
    fn the_time_limit_ends_the_session_and_keeps_the_rest_for_resuming() {
        let tmp = tempfile::tempdir().unwrap();
        let watch = Arc::new(ManualStopwatch::default());
        let mut writer = writer_at(tmp.path(), &watch);
        let library = mini();
        let cards: Vec<&Card> = library.cards.iter().collect();
        let grader = Grader::new(&library, crate::workspace::Reading::Lexical);
        let mut prompter = Fake {
            timed: false,
            watch,
            each: Duration::from_mins(4),
            acks: 0,
            notices: Vec::new(),
            summary: None,
        };
        let request = Request {
            filters: "all".into(),
            limit: None,
            fresh: false,
            bury_siblings: true,
        };
        StudyRun {
            writer: &mut writer,
            library: &library,
            cards: &cards,
            grader: &grader,
            request: request.clone(),
            rules: Rules {
                time_limit: Some(Duration::from_mins(10)),
                ..Rules::STUDY
            },
        }
        .run(&mut prompter)
        .unwrap();
        // Cards asked at 0 and 4 minutes; at 8 still in time; at 12 not.
        assert_eq!(prompter.acks, 3);
        assert_eq!(prompter.notices, ["Time is up for this session."]);
        let (reviewed, left) = prompter.summary.unwrap();
        assert_eq!(reviewed, 3);
        assert!(left > 0);
        // What is left is derived from the log, and the same request
        // resumes it.
        let (plan, _) = plan(&writer, &cards, &request);
        assert!(plan.resumed);
        assert_eq!(plan.queue.len(), left);
    }

    /// A person reads the first card while the model loads; a script has
    /// no reading time, and one that ends before its first answer never
    /// loads the model.
    #[test]
    fn only_a_person_at_a_terminal_has_the_model_loaded_ahead() {
        for timed in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let watch = Arc::new(ManualStopwatch::default());
            let mut writer = writer_at(tmp.path(), &watch);
            let library = mini();
            let cards: Vec<&Card> = library.cards.iter().collect();
            assert!(cards.iter().any(|c| c.mode == AnswerMode::Typed));
            let grader = Grader::new(&library, crate::workspace::Reading::Semantic);
            let mut prompter = Fake {
                timed,
                watch,
                each: Duration::from_secs(5),
                acks: 0,
                notices: Vec::new(),
                summary: None,
            };
            StudyRun {
                writer: &mut writer,
                library: &library,
                cards: &cards,
                grader: &grader,
                request: Request {
                    filters: "all".into(),
                    limit: None,
                    fresh: false,
                    bury_siblings: true,
                },
                rules: Rules::STUDY,
            }
            .run(&mut prompter)
            .unwrap();
            assert_eq!(grader.warming(), timed, "timed {timed}");
        }
    }
}
