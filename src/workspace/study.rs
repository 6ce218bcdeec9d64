//! The study loop: plans the session (or resumes today's), then asks card
//! after card through a [`Prompter`] (terminal or script), records each
//! grade before acknowledging it, and keeps the resumable queue current.
//! `study` runs it; `next` and `answer` use the same planning and recording
//! one step at a time.

use super::grader::Grader;
use super::writer::{NewReview, ProfileWriter};
use crate::deck::Card;
use crate::schedule::format_interval;
use crate::session::{Plan, Request, Resume, Rules, Session, Step, next_due};
use crate::ui::prompt::{Ack, CardView, Feedback, GradeReply, Previews, Prompter, Reply, Summary};
use anyhow::Result;
use chrono::{DateTime, Utc};

/// The plan for a session of `cards` starting now (planned with the
/// writer's progress and saved queue).
pub fn plan(writer: &ProfileWriter, cards: &[&Card], request: &Request) -> Plan {
    let resume = writer.resume();
    writer
        .settings()
        .planner(
            cards,
            writer.scheduler(),
            writer.progress(),
            writer.clock().start(),
            resume.as_ref(),
        )
        .plan(request)
}

/// One study session over `cards` (the filters' cards, in deck order).
pub struct StudyRun<'a> {
    pub writer: &'a mut ProfileWriter,
    pub cards: &'a [&'a Card],
    pub grader: &'a Grader<'a>,
    pub request: Request,
    pub rules: Rules,
}

impl StudyRun<'_> {
    /// Runs the session to its end (the queue is done, the learner quit, or
    /// the time limit passed) and shows the summary.
    pub fn run(mut self, prompter: &mut dyn Prompter) -> Result<()> {
        let started = self.writer.now();
        self.writer.save_snapshot()?;
        let plan = plan(self.writer, self.cards, &self.request);
        self.notices(&plan, prompter)?;
        let nothing_due = plan.queue.is_empty();
        let mut session = Session::new(plan.queue, self.rules);
        self.save_remaining(&session, started)?;
        loop {
            let index = match session.next(self.writer.clock().elapsed()) {
                Step::Card(index) => index,
                Step::TimeUp => {
                    prompter.notice("Time is up for this session.")?;
                    break;
                }
                Step::Finished => break,
            };
            if !self.ask(index, &mut session, started, prompter)? {
                break;
            }
        }
        if !session.ended_early() {
            self.writer.clear_resume()?;
        }
        self.writer.save_snapshot()?;
        prompter.finish(&Summary {
            reviewed: session.done().len(),
            passed: session.passed(),
            elapsed: self.writer.clock().elapsed(),
            next_due: next_due(self.cards, self.writer.progress()),
            nothing_due,
            now: self.writer.now(),
            left: if session.ended_early() {
                session.remaining()
            } else {
                0
            },
        })?;
        Ok(())
    }

    fn notices(&self, plan: &Plan, prompter: &mut dyn Prompter) -> Result<()> {
        if plan.resumed {
            let n = plan.queue.len();
            prompter.notice(&format!(
                "Resuming today's interrupted session: {n} card{} left (--fresh starts a new one).",
                if n == 1 { "" } else { "s" }
            ))?;
        }
        if let Some(date) = self.writer.settings().interview_on {
            let today = self.writer.scheduler().clock().day_of(self.writer.now());
            if date > today {
                prompter.notice(&format!(
                    "Interview on {date} ({} days): also reviewing cards at risk of being forgotten by then.",
                    (date - today).num_days()
                ))?;
            }
        }
        Ok(())
    }

    /// Asks card `index` and records what the learner did with it; `false`
    /// when the session ends here.
    fn ask(
        &mut self,
        index: usize,
        session: &mut Session,
        started: DateTime<Utc>,
        prompter: &mut dyn Prompter,
    ) -> Result<bool> {
        let card = self.cards[index];
        let state = self
            .writer
            .progress()
            .get(card.id.as_str())
            .map(|p| p.state);
        let view = CardView {
            card,
            done: session.done().len(),
            remaining: session.remaining(),
            is_new: state.is_none(),
            again: session.is_again(index),
            can_undo: !session.done().is_empty(),
        };
        let (answer, took) = match prompter.ask(&view)? {
            Reply::Answer { answer, took } => (answer, took),
            Reply::Quit => {
                session.stop(index);
                return Ok(false);
            }
            Reply::Undo => {
                self.undo(index, session, started, prompter)?;
                return Ok(true);
            }
        };
        let timed = prompter.timed();
        let (assessment, score) = self.grader.assess(
            card,
            &answer,
            timed.then(|| chrono::Duration::from_std(took).unwrap_or_default()),
        );
        let now = self.writer.now();
        let outcomes = self.writer.scheduler().preview(state.as_ref(), now);
        let previews: Previews = outcomes.map(|o| (o.grade, format_interval(o.interval)));
        let feedback = Feedback {
            card,
            answer: &answer,
            assessment: &assessment,
            score: score.as_ref(),
            previews: &previews,
        };
        let GradeReply::Grade(grade) = prompter.confirm(&feedback)? else {
            session.stop(index);
            return Ok(false);
        };
        let recorded = self.writer.record(NewReview {
            card: card.id.as_str(),
            grade,
            score: score.as_ref().map(|s| s.score),
            took,
            mode: card.mode.name(),
            session: None,
        })?;
        session.graded(index, recorded.at, grade, recorded.before);
        // The resumable queue is saved before the acknowledgement, so a kill
        // right after `saved:` does not ask the card again; failing to save
        // it only costs resuming, so it must not stop the acknowledgement of
        // a review that is already on disk.
        if let Err(e) = self.save_remaining(session, started) {
            prompter.notice(&format!("warning: {e:#}"))?;
        }
        prompter.acknowledge(&Ack {
            card: card.id.as_str(),
            grade,
            interval: &format_interval(recorded.state.interval()),
            due: recorded.state.due,
        })?;
        Ok(true)
    }

    /// Takes back the last grade while card `index` is asked: logged as an
    /// undo, the card's state restored, both cards back at the front.
    fn undo(
        &mut self,
        index: usize,
        session: &mut Session,
        started: DateTime<Utc>,
        prompter: &mut dyn Prompter,
    ) -> Result<()> {
        if let Some(last) = session.undo(index) {
            let undone = self.cards[last.index];
            self.writer.undo(undone.id.as_str(), last.at, last.before)?;
            prompter.notice(&format!("Undone: {} ({})", undone.id, last.grade))?;
        }
        self.save_remaining(session, started)
    }

    /// Saves the cards still to ask, or forgets the saved queue when none.
    fn save_remaining(&self, session: &Session, started: DateTime<Utc>) -> Result<()> {
        if session.remaining() == 0 {
            return self.writer.clear_resume();
        }
        self.writer.save_resume(&Resume {
            started,
            day: self
                .writer
                .scheduler()
                .clock()
                .day_of(self.writer.clock().start()),
            remaining: session
                .pending()
                .map(|i| self.cards[i].id.0.clone())
                .collect(),
            filters: self.request.filters.clone(),
        })
    }
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
        watch: Arc<ManualStopwatch>,
        each: Duration,
        acks: usize,
        notices: Vec<String>,
        summary: Option<(usize, usize)>,
    }

    impl Prompter for Fake {
        fn timed(&self) -> bool {
            false
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

    #[test]
    fn the_time_limit_ends_the_session_and_keeps_the_rest_for_resuming() {
        let tmp = tempfile::tempdir().unwrap();
        let watch = Arc::new(ManualStopwatch::default());
        let mut config = Config::for_data_dir(
            tmp.path().to_path_buf(),
            "2026-03-02T09:00:00Z".parse().unwrap(),
        );
        config.stopwatch = watch.clone();
        let library = mini();
        let cards: Vec<&Card> = library.cards.iter().collect();
        let mut writer = Workspace::new(&config)
            .unwrap()
            .write("default", Overrides::default())
            .unwrap();
        let grader = Grader::new(&library);
        let mut prompter = Fake {
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
        // What is left is saved, and the same request resumes it.
        let resume = writer.resume().unwrap();
        assert_eq!(resume.remaining.len(), left);
        let plan = plan(&writer, &cards, &request);
        assert!(plan.resumed);
        assert_eq!(plan.queue.len(), left);
    }
}
