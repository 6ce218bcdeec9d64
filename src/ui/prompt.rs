//! The answer loop's two faces: an interactive terminal prompter (single
//! keys, a small line editor, a progress bar) and a scripted one (one line
//! per answer on stdin, plain text out). Both implement [`Prompter`], so the
//! workspace's study loop runs the same session either way. Both scripted
//! prompters (this one and the mock's) read lines through [`read_line`].

use crate::deck::{AnswerMode, Card};
use crate::grade::Grade;
use crate::score::ScoreResult;
use crate::session::assess::parse_order;
use crate::session::{Answer, Assessment, Stopwatch};
use crate::text::inert;
use crate::ui::Theme;
use chrono::{DateTime, Local, Utc};
use console::{Key, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

/// One card as the prompter shows it.
#[derive(Debug)]
pub struct CardView<'a> {
    pub card: &'a Card,
    /// Cards answered so far in this session.
    pub done: usize,
    /// Cards still waiting after this one.
    pub remaining: usize,
    pub is_new: bool,
    /// The card is back after being graded *Again* in this session.
    pub again: bool,
    /// A grade of this session can be undone.
    pub can_undo: bool,
}

/// What the learner did with a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Answer {
        answer: Answer,
        took: Duration,
    },
    /// Undo the last grade of the session.
    Undo,
    Quit,
}

/// The four grades with the interval each would give.
pub type Previews = [(Grade, String); 4];

/// Everything shown after an answer.
#[derive(Debug)]
pub struct Feedback<'a> {
    pub card: &'a Card,
    pub answer: &'a Answer,
    pub assessment: &'a Assessment,
    pub score: Option<&'a ScoreResult>,
    pub previews: &'a Previews,
}

/// The grade the learner settled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeReply {
    Grade(Grade),
    Quit,
}

/// A review saved to disk, to acknowledge.
#[derive(Debug)]
pub struct Ack<'a> {
    pub card: &'a str,
    pub grade: Grade,
    pub interval: &'a str,
    pub due: DateTime<Utc>,
}

/// The closing summary of a session.
#[derive(Debug)]
pub struct Summary {
    pub reviewed: usize,
    pub passed: usize,
    pub elapsed: Duration,
    pub next_due: Option<DateTime<Utc>>,
    pub nothing_due: bool,
    pub now: DateTime<Utc>,
    /// Cards left when the session was ended early (they resume today).
    pub left: usize,
}

/// The terminal side of a study session.
pub trait Prompter {
    /// Whether answer times are real (a person at a terminal) rather than
    /// the arrival of piped lines; only real times can earn *Easy*.
    fn timed(&self) -> bool;
    /// Shows a card and reads the answer its mode asks for.
    fn ask(&mut self, view: &CardView) -> io::Result<Reply>;
    /// Shows feedback and reads the grade to record.
    fn confirm(&mut self, feedback: &Feedback) -> io::Result<GradeReply>;
    /// Confirms that a review is saved.
    fn acknowledge(&mut self, ack: &Ack) -> io::Result<()>;
    /// A notice (resumed session, warnings about the store).
    fn notice(&mut self, text: &str) -> io::Result<()>;
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
    /// Whether the learner ended the session with Ctrl-C.
    fn interrupted(&self) -> bool {
        false
    }
}

fn header(card: &Card, is_new: bool, again: bool) -> String {
    let mut parts = vec![card.deck.clone()];
    if let Some(role) = &card.role {
        parts.push(role.clone());
    }
    parts.push(card.kind.to_string());
    let mut text = parts.join(" · ");
    if is_new {
        text.push_str(" · new");
    }
    if again {
        text.push_str(" · again");
    }
    inert(&text).into_owned()
}

fn undo_hint(view: &CardView) -> &'static str {
    if view.can_undo { " · u undo" } else { "" }
}

fn grade_line(previews: &Previews) -> String {
    previews
        .iter()
        .map(|(g, interval)| format!("{} {} {interval}", g.number(), capitalised(*g)))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(crate) fn capitalised(g: Grade) -> &'static str {
    match g {
        Grade::Again => "Again",
        Grade::Hard => "Hard",
        Grade::Good => "Good",
        Grade::Easy => "Easy",
    }
}

/// A saved review as a script reads it: card, grade, due time, interval.
pub(crate) fn saved_line(ack: &Ack) -> String {
    format!(
        "saved: {} {} next {} ({})",
        inert(ack.card),
        ack.grade,
        ack.due.format("%Y-%m-%dT%H:%M:%SZ"),
        ack.interval
    )
}

/// A saved review as the next screen recalls it.
pub(crate) fn saved_note(ack: &Ack) -> String {
    format!(
        "saved: {} · next in {}",
        capitalised(ack.grade),
        ack.interval
    )
}

/// Columns to wrap text at on `term`: its width, kept readable.
pub(crate) fn text_width(term: &Term) -> usize {
    usize::from(term.size().1).clamp(20, 100)
}

/// Writes `text` on `term` wrapped to its width after `indent`, each line
/// keeping its own indentation.
pub(crate) fn write_wrapped(term: &Term, text: &str, indent: &str) -> io::Result<()> {
    let width = text_width(term).saturating_sub(indent.len()).max(20);
    for line in text.lines() {
        for wrapped in wrap(line, width) {
            term.write_line(&format!("{indent}{wrapped}"))?;
        }
    }
    Ok(())
}

fn format_elapsed(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        format!("{secs}s")
    } else {
        format!("{}m {:02}s", secs / 60, secs % 60)
    }
}

/// When the next card is due: a time today, or a day. Cards scheduled in
/// days are due from the start of their day, so the wait to a day is
/// counted in days begun (20:00 Friday to 04:00 Sunday is 2 days, as the
/// card's interval said, not the 32 hours' "1d").
fn format_due(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let until = due - now;
    let local = due.with_timezone(&Local);
    if until.num_hours() < 20 {
        format!(
            "{} (in {})",
            local.format("%H:%M"),
            crate::schedule::format_interval(until)
        )
    } else {
        let days = (until.num_seconds() + 86_399) / 86_400;
        format!(
            "{} (in {})",
            local.format("%a %d %b"),
            crate::schedule::format_interval(chrono::Duration::days(days))
        )
    }
}

/// Lines describing the outcome of an answer, shared by both prompters so
/// that scripted and interactive sessions say the same things.
fn feedback_lines(feedback: &Feedback, theme: &Theme) -> Vec<String> {
    let card = feedback.card;
    let mut lines = Vec::new();
    match (card.mode, feedback.answer) {
        (AnswerMode::Choice, Answer::Choice(i)) => {
            let right = card.correct.first().copied().unwrap_or_default();
            if *i == right {
                lines.push(theme.good.apply_to("✓ Right.").to_string());
            } else {
                lines.push(
                    theme
                        .bad
                        .apply_to(format!(
                            "✗ Not quite: you chose {}. {}",
                            i + 1,
                            inert(card.choices.get(*i).map_or("", String::as_str))
                        ))
                        .to_string(),
                );
            }
            lines.push(format!(
                "Answer: {}. {}",
                right + 1,
                inert(card.choices.get(right).map_or("", String::as_str))
            ));
        }
        (AnswerMode::Order, Answer::Order(order)) => {
            if *order == card.correct {
                lines.push(theme.good.apply_to("✓ Right order.").to_string());
            } else {
                lines.push(theme.bad.apply_to("✗ Not the right order.").to_string());
            }
            lines.push("Answer:".into());
            for (n, &i) in card.correct.iter().enumerate() {
                let mark = if order.get(n) == Some(&i) {
                    "✓"
                } else {
                    "✗"
                };
                lines.push(format!(
                    "  {mark} {}. {}",
                    i + 1,
                    inert(card.choices.get(i).map_or("", String::as_str))
                ));
            }
        }
        _ => {
            if let Some(score) = feedback.score {
                lines.push(format!(
                    "Key points covered: {} of {} (score {:.0}%)",
                    score.points.iter().filter(|p| p.covered).count(),
                    score.points.len(),
                    score.score * 100.0
                ));
                lines.extend(point_lines(score, theme));
                lines.push("Reference answer:".into());
            } else {
                lines.push("Answer:".into());
            }
            for line in card.answer.lines() {
                lines.push(format!("  {}", inert(line)));
            }
        }
    }
    lines
}

/// Each key point as covered (✓, with the words that matched), partly made
/// (◐, with the words that matched: why a miss can still grade Hard), or
/// missed (✗), then the scorer's notes. Shared by the loop, `grade` and
/// `answer`, so a candidate reads the same feedback everywhere.
pub fn point_lines(score: &ScoreResult, theme: &Theme) -> Vec<String> {
    let mut lines = Vec::new();
    for point in &score.points {
        let matched = if point.matched.is_empty() {
            String::new()
        } else {
            format!(" [{}]", inert(&point.matched.join(", ")))
        };
        let (mark, matched) = if point.covered {
            (theme.good.apply_to("✓").to_string(), matched)
        } else if point.coverage > 0.0 && !point.matched.is_empty() {
            (
                theme.accent.apply_to("◐").to_string(),
                format!(" partly{matched}"),
            )
        } else {
            (theme.bad.apply_to("✗").to_string(), String::new())
        };
        lines.push(format!(
            "  {mark} {}{}",
            inert(&point.text),
            theme.dim.apply_to(matched)
        ));
    }
    for note in &score.notes {
        lines.push(format!(
            "  {}",
            theme.dim.apply_to(format!("note: {}", inert(note)))
        ));
    }
    lines
}

fn summary_lines(summary: &Summary) -> Vec<String> {
    let mut lines = Vec::new();
    if summary.reviewed == 0 {
        lines.push(if summary.nothing_due {
            "Nothing to study right now.".to_string()
        } else {
            "No cards answered.".to_string()
        });
    } else {
        let share = summary.passed as f64 * 100.0 / summary.reviewed as f64;
        lines.push(format!(
            "Session done: {} card{} · {:.0}% recalled · {}",
            summary.reviewed,
            if summary.reviewed == 1 { "" } else { "s" },
            share,
            format_elapsed(summary.elapsed)
        ));
    }
    if summary.left > 0 {
        lines.push(format!(
            "{} card{} left: run the same study command again today to resume.",
            summary.left,
            if summary.left == 1 { "" } else { "s" }
        ));
    }
    if let Some(due) = summary.next_due {
        lines.push(format!("Next card due: {}", format_due(due, summary.now)));
    }
    lines
}

// ---------------------------------------------------------------- scripted

/// Plain lines in, plain text out: for pipes, scripts and tests.
///
/// Protocol: a self-graded or typed card reads one answer line (may be
/// empty), then one grade line (`1`–`4`, a grade name, or empty to accept
/// the suggestion); a choice card reads one option number; an ordering card
/// reads the item numbers in order; `q` quits; end of input ends the
/// session. An invalid line is reported and the next line is read.
pub struct Scripted<R, W> {
    io: Script<R, W>,
    theme: Theme,
}

impl<R: BufRead, W: Write> Scripted<R, W> {
    pub fn new(input: R, out: W, stopwatch: Arc<dyn Stopwatch>) -> Self {
        Scripted {
            io: Script::new(input, out, stopwatch),
            theme: Theme::new(false),
        }
    }
}

/// The plain-text side both scripted prompters share: lines in (through
/// [`read_line`]), text out, the acknowledgement and notice lines, and the
/// stopwatch that times answers.
pub(crate) struct Script<R, W> {
    input: R,
    pub(crate) out: W,
    stopwatch: Arc<dyn Stopwatch>,
}

impl<R: BufRead, W: Write> Script<R, W> {
    pub(crate) fn new(input: R, out: W, stopwatch: Arc<dyn Stopwatch>) -> Self {
        Script {
            input,
            out,
            stopwatch,
        }
    }

    pub(crate) fn line(&mut self) -> io::Result<Option<String>> {
        read_line(&mut self.input, &mut self.out)
    }

    /// The stopwatch now, to time an answer from.
    pub(crate) fn start(&self) -> Duration {
        self.stopwatch.elapsed()
    }

    /// Time since `started`.
    pub(crate) fn since(&self, started: Duration) -> Duration {
        self.stopwatch.elapsed().saturating_sub(started)
    }

    pub(crate) fn saved(&mut self, ack: &Ack) -> io::Result<()> {
        writeln!(self.out, "{}", saved_line(ack))?;
        self.out.flush()
    }

    pub(crate) fn notice(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{}", inert(text))
    }
}

/// Reads one line of a script without its line ending; `None` at end of
/// input. A line that is not UTF-8 is reported on `out` like any invalid
/// line and the next one is read: one stray byte must not end a session or
/// an interview. Both scripted prompters read through this.
pub(crate) fn read_line(
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Option<String>> {
    loop {
        let mut buf = Vec::new();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        while buf.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
            buf.pop();
        }
        match String::from_utf8(buf) {
            Ok(line) => return Ok(Some(line)),
            Err(_) => writeln!(out, "invalid: the line is not UTF-8 text")?,
        }
    }
}

impl<R: BufRead, W: Write> Prompter for Scripted<R, W> {
    fn timed(&self) -> bool {
        false
    }

    fn ask(&mut self, view: &CardView) -> io::Result<Reply> {
        let card = view.card;
        // Scripts see the card id, so they can look the card up.
        writeln!(
            self.io.out,
            "\n[{}/{}] {} · {}{}{}",
            view.done + 1,
            view.done + 1 + view.remaining,
            inert(card.id.as_str()),
            card.kind,
            if view.is_new { " · new" } else { "" },
            if view.again { " · again" } else { "" },
        )?;
        for line in card.prompt.lines() {
            writeln!(self.io.out, "{}", inert(line))?;
        }
        for (i, choice) in card.choices.iter().enumerate() {
            writeln!(self.io.out, "  {}. {}", i + 1, inert(choice))?;
        }
        let hint = match card.mode {
            AnswerMode::Choice => format!("answer: option number 1-{}", card.choices.len()),
            AnswerMode::Order => "answer: item numbers in order".to_string(),
            AnswerMode::Typed => "answer: one line of text".to_string(),
            AnswerMode::SelfGraded => "answer: one line (may be empty), then reveal".to_string(),
        };
        let undo = if view.can_undo {
            "; u undoes the last grade"
        } else {
            ""
        };
        writeln!(self.io.out, "({hint}; q quits{undo})")?;
        self.io.out.flush()?;
        let started = self.io.start();
        loop {
            let Some(line) = self.io.line()? else {
                return Ok(Reply::Quit);
            };
            if line.trim() == "q" {
                return Ok(Reply::Quit);
            }
            if line.trim() == "u" && view.can_undo {
                return Ok(Reply::Undo);
            }
            match Answer::parse(card, &line) {
                Ok(answer) => {
                    return Ok(Reply::Answer {
                        answer,
                        took: self.io.since(started),
                    });
                }
                Err(message) => writeln!(self.io.out, "invalid: {message}")?,
            }
        }
    }

    fn confirm(&mut self, feedback: &Feedback) -> io::Result<GradeReply> {
        for line in feedback_lines(feedback, &self.theme) {
            writeln!(self.io.out, "{line}")?;
        }
        let suggested = feedback.assessment.suggested;
        writeln!(self.io.out, "Grades: {}", grade_line(feedback.previews))?;
        let asks_grade = matches!(
            feedback.card.mode,
            AnswerMode::Typed | AnswerMode::SelfGraded
        );
        if !asks_grade {
            writeln!(self.io.out, "Grade: {suggested}")?;
            return Ok(GradeReply::Grade(suggested));
        }
        writeln!(self.io.out, "Grade [{suggested}]:")?;
        self.io.out.flush()?;
        loop {
            let Some(line) = self.io.line()? else {
                return Ok(GradeReply::Quit);
            };
            let t = line.trim();
            if t == "q" {
                return Ok(GradeReply::Quit);
            }
            if t.is_empty() {
                return Ok(GradeReply::Grade(suggested));
            }
            match t.parse::<Grade>() {
                Ok(g) => return Ok(GradeReply::Grade(g)),
                Err(e) => writeln!(self.io.out, "invalid: {e}")?,
            }
        }
    }

    fn acknowledge(&mut self, ack: &Ack) -> io::Result<()> {
        self.io.saved(ack)
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.io.notice(text)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        writeln!(self.io.out)?;
        for line in summary_lines(summary) {
            writeln!(self.io.out, "{line}")?;
        }
        self.io.out.flush()
    }
}

// ------------------------------------------------------------- interactive

/// Keys, colours and a progress bar on a real terminal.
pub struct Interactive {
    term: Term,
    theme: Theme,
    /// Acknowledgement of the last saved review, shown atop the next card.
    last_ack: Option<String>,
    /// Notices to show atop the next screen (each card clears the screen).
    notices: Vec<String>,
    /// Ctrl-C ended the session (the command then exits 130).
    interrupted: std::cell::Cell<bool>,
    stopwatch: Arc<dyn Stopwatch>,
}

impl Interactive {
    pub fn new(color: bool, stopwatch: Arc<dyn Stopwatch>) -> Interactive {
        Interactive {
            term: Term::stdout(),
            theme: Theme::new(color),
            last_ack: None,
            notices: Vec::new(),
            interrupted: std::cell::Cell::new(false),
            stopwatch,
        }
    }

    /// Time since `started` (a stopwatch reading): how long an answer took.
    fn since(&self, started: Duration) -> Duration {
        self.stopwatch.elapsed().saturating_sub(started)
    }

    fn width(&self) -> usize {
        text_width(&self.term)
    }

    fn print_wrapped(&self, text: &str, indent: &str) -> io::Result<()> {
        write_wrapped(&self.term, text, indent)
    }

    fn progress(&self, done: usize, total: usize) {
        let bar = ProgressBar::with_draw_target(
            Some(total as u64),
            ProgressDrawTarget::term(self.term.clone(), 20),
        );
        if let Ok(style) = ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} cards") {
            bar.set_style(style.progress_chars("━━─"));
        }
        bar.set_position(done as u64);
        bar.abandon();
    }

    /// A small line editor in raw mode: typing, backspace, Enter for a new
    /// line, Enter on an empty line to submit; Ctrl-C or Esc quits.
    /// `single` submits on the first Enter.
    fn read_text(&self, single: bool) -> io::Result<Option<String>> {
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        self.term.write_str("> ")?;
        loop {
            match self.term.read_key_raw()? {
                Key::CtrlC => {
                    self.interrupted.set(true);
                    self.term.write_line("")?;
                    return Ok(None);
                }
                Key::Escape => {
                    self.term.write_line("")?;
                    return Ok(None);
                }
                Key::Enter => {
                    self.term.write_line("")?;
                    // `u` and `q` alone are commands: one Enter is enough.
                    let command = lines.is_empty() && matches!(current.trim(), "u" | "q");
                    if single || command || current.is_empty() {
                        if !current.is_empty() {
                            lines.push(current);
                        }
                        return Ok(Some(lines.join("\n")));
                    }
                    lines.push(std::mem::take(&mut current));
                    self.term.write_str("  ")?;
                }
                Key::Backspace => {
                    if let Some(c) = current.pop() {
                        let w = console::measure_text_width(&c.to_string()).max(1);
                        self.term.clear_chars(w)?;
                    }
                }
                Key::Char(c) if !c.is_control() => {
                    current.push(c);
                    self.term.write_str(&c.to_string())?;
                }
                Key::Tab => {
                    current.push(' ');
                    self.term.write_str(" ")?;
                }
                _ => {}
            }
        }
    }
}

impl Prompter for Interactive {
    fn timed(&self) -> bool {
        true
    }

    fn interrupted(&self) -> bool {
        self.interrupted.get()
    }

    fn ask(&mut self, view: &CardView) -> io::Result<Reply> {
        let card = view.card;
        self.term.clear_screen()?;
        self.progress(view.done, view.done + 1 + view.remaining);
        if let Some(ack) = self.last_ack.take() {
            self.term
                .write_line(&self.theme.dim.apply_to(ack).to_string())?;
        }
        for notice in std::mem::take(&mut self.notices) {
            self.term
                .write_line(&self.theme.accent.apply_to(notice).to_string())?;
        }
        self.term.write_line("")?;
        self.term.write_line(
            &self
                .theme
                .dim
                .apply_to(header(card, view.is_new, view.again))
                .to_string(),
        )?;
        let mut lines = card.prompt.lines();
        if let Some(first) = lines.next() {
            // Wrapped like the rest, so a narrow terminal does not split words.
            for part in wrap(&inert(first), self.width()) {
                self.term
                    .write_line(&self.theme.heading.apply_to(part).to_string())?;
            }
        }
        let rest: Vec<&str> = lines.collect();
        self.print_wrapped(&inert(&rest.join("\n")), "")?;
        self.term.write_line("")?;
        let started = self.stopwatch.elapsed();
        match card.mode {
            AnswerMode::Choice => {
                for (i, choice) in card.choices.iter().enumerate() {
                    self.print_wrapped(&format!("{}) {}", i + 1, inert(choice)), "  ")?;
                }
                self.term.write_line(
                    &self
                        .theme
                        .dim
                        .apply_to(format!(
                            "Press 1-{} · q quit{}",
                            card.choices.len(),
                            undo_hint(view)
                        ))
                        .to_string(),
                )?;
                loop {
                    match self.term.read_key_raw()? {
                        Key::CtrlC => {
                            self.interrupted.set(true);
                            return Ok(Reply::Quit);
                        }
                        Key::Char('q') | Key::Escape => return Ok(Reply::Quit),
                        Key::Char('u') if view.can_undo => return Ok(Reply::Undo),
                        Key::Char(c) => {
                            if let Some(d) = c.to_digit(10) {
                                let d = d as usize;
                                if (1..=card.choices.len()).contains(&d) {
                                    return Ok(Reply::Answer {
                                        answer: Answer::Choice(d - 1),
                                        took: self.since(started),
                                    });
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            AnswerMode::Order => {
                for (i, item) in card.choices.iter().enumerate() {
                    self.print_wrapped(&format!("{}) {}", i + 1, inert(item)), "  ")?;
                }
                self.term.write_line(
                    &self
                        .theme
                        .dim
                        .apply_to(
                            "Type the item numbers in order (e.g. 3 1 2), then Enter · Esc quit",
                        )
                        .to_string(),
                )?;
                loop {
                    let Some(text) = self.read_text(true)? else {
                        return Ok(Reply::Quit);
                    };
                    if text.trim() == "q" {
                        return Ok(Reply::Quit);
                    }
                    if text.trim() == "u" && view.can_undo {
                        return Ok(Reply::Undo);
                    }
                    match parse_order(&text, card.choices.len()) {
                        Ok(order) => {
                            return Ok(Reply::Answer {
                                answer: Answer::Order(order),
                                took: self.since(started),
                            });
                        }
                        Err(message) => self
                            .term
                            .write_line(&self.theme.bad.apply_to(message).to_string())?,
                    }
                }
            }
            AnswerMode::Typed => {
                self.term.write_line(
                    &self
                        .theme
                        .dim
                        .apply_to(format!(
                            "Type your answer · Enter on an empty line submits · Esc quit{}",
                            undo_hint(view)
                        ))
                        .to_string(),
                )?;
                match self.read_text(false)? {
                    Some(text) if text.trim() == "q" => Ok(Reply::Quit),
                    Some(text) if text.trim() == "u" && view.can_undo => Ok(Reply::Undo),
                    Some(text) => Ok(Reply::Answer {
                        answer: Answer::Text(text),
                        took: self.since(started),
                    }),
                    None => Ok(Reply::Quit),
                }
            }
            AnswerMode::SelfGraded => {
                self.term.write_line(
                    &self
                        .theme
                        .dim
                        .apply_to(format!(
                            "Think of your answer, then press Enter to reveal · q quit{}",
                            undo_hint(view)
                        ))
                        .to_string(),
                )?;
                loop {
                    match self.term.read_key_raw()? {
                        Key::Enter | Key::Char(' ') => {
                            return Ok(Reply::Answer {
                                answer: Answer::Text(String::new()),
                                took: self.since(started),
                            });
                        }
                        Key::CtrlC => {
                            self.interrupted.set(true);
                            return Ok(Reply::Quit);
                        }
                        Key::Char('q') | Key::Escape => return Ok(Reply::Quit),
                        Key::Char('u') if view.can_undo => return Ok(Reply::Undo),
                        _ => {}
                    }
                }
            }
        }
    }

    fn confirm(&mut self, feedback: &Feedback) -> io::Result<GradeReply> {
        self.term.write_line("")?;
        for line in feedback_lines(feedback, &self.theme) {
            self.print_wrapped(&line, "")?;
        }
        self.term.write_line("")?;
        let suggested = feedback.assessment.suggested;
        self.term.write_line(&format!(
            "{} {}",
            self.theme
                .accent
                .apply_to(format!("Enter = {}", capitalised(suggested))),
            self.theme
                .dim
                .apply_to(format!("· {} · q quit", grade_line(feedback.previews)))
        ))?;
        loop {
            match self.term.read_key_raw()? {
                Key::Enter => return Ok(GradeReply::Grade(suggested)),
                Key::CtrlC => {
                    self.interrupted.set(true);
                    return Ok(GradeReply::Quit);
                }
                Key::Char('q') | Key::Escape => return Ok(GradeReply::Quit),
                Key::Char(c) => {
                    if let Some(g) = c.to_digit(10).and_then(Grade::from_number) {
                        return Ok(GradeReply::Grade(g));
                    }
                }
                _ => {}
            }
        }
    }

    fn acknowledge(&mut self, ack: &Ack) -> io::Result<()> {
        self.last_ack = Some(saved_note(ack));
        Ok(())
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.notices.push(inert(text).into_owned());
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.term.write_line("")?;
        if let Some(ack) = self.last_ack.take() {
            self.term
                .write_line(&self.theme.dim.apply_to(ack).to_string())?;
        }
        for notice in std::mem::take(&mut self.notices) {
            self.term.write_line(&notice)?;
        }
        for line in summary_lines(summary) {
            self.term.write_line(&line)?;
        }
        Ok(())
    }
}

/// Greedy word wrap by display width, keeping the line's indentation on
/// every wrapped line; words longer than the width are kept whole.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    if indent.is_empty() {
        return wrap_words(body, width);
    }
    wrap_words(body, width.saturating_sub(indent.len()).max(10))
        .into_iter()
        .map(|l| format!("{indent}{l}"))
        .collect()
}

pub(crate) fn wrap_words(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if console::measure_text_width(&candidate) > width && !current.is_empty() {
            out.push(std::mem::take(&mut current));
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_width() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert_eq!(wrap("  ✓ aaaa bbbb cccc", 14), ["  ✓ aaaa bbbb", "  cccc"]);
    }

    #[test]
    fn the_wait_for_a_due_day_counts_the_days_begun() {
        let now: DateTime<Utc> = "2026-05-01T20:00:00Z".parse().unwrap();
        let wait = |hours: i64| {
            let due = format_due(now + chrono::Duration::hours(hours), now);
            due.split_once("(in ")
                .unwrap()
                .1
                .trim_end_matches(')')
                .to_string()
        };
        // Due at 04:00 two learner days after an answer at 20:00.
        assert_eq!(wait(32), "2d");
        assert_eq!(wait(48), "2d");
        assert_eq!(wait(49), "3d");
        assert_eq!(wait(21), "1d");
        // Within the day: the time and the hours.
        assert_eq!(wait(8), "8h");
    }
}
