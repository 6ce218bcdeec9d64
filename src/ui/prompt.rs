//! The answer loop's two faces: an interactive terminal prompter (single
//! keys, rustyline's line editor for typed answers, a progress bar) and a
//! scripted one (one line per answer on stdin, plain text out). Both
//! implement [`Prompter`], so the workspace's study loop runs the same
//! session either way, and both say the same things (feedback, summary,
//! debrief) through the shared line builders here. Both scripted prompters
//! (this one and the mock's) read lines through [`read_line`].

use crate::deck::{AnswerMode, Card, CardKind};
use crate::grade::Grade;
use crate::score::{Correction, Coverage, ScoreResult};
use crate::session::assess::parse_order;
use crate::session::{Answer, Assessment, Outlook, Pacing, Stopwatch};
use crate::text::inert;
use crate::ui::Theme;
use chrono::{DateTime, Local, Utc};
use console::{Key, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Why the right option of a choice card is right (shown on a wrong
    /// pick).
    pub explanation: Option<&'a str>,
}

/// The grade the learner settled on, or their correction of the scored
/// key points (the feedback is then shown again with the grade the rubric
/// gives the corrected points).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GradeReply {
    Grade(Grade),
    /// Save this grade (the suggested one), then end the session: quitting
    /// at the grade prompt keeps the answer, never drops it.
    Last(Grade),
    /// "I said point n" (`+n`) or "I did not" (`-n`).
    Correct(Vec<Correction>),
}

/// A correction typed at the grade prompt that names no point number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a point number (+N: I said point N · -N: I did not)")]
pub struct BadCorrection(String);

/// Reads corrections typed at the grade prompt: `+2`, `-1`, `+2 +3 -1`,
/// `+2,3` (a sign carries over to the numbers after it). `None` when the
/// text is not a correction at all; an error names what is wrong.
pub fn parse_corrections(text: &str) -> Option<Result<Vec<Correction>, BadCorrection>> {
    let text = text.trim();
    if !text.starts_with(['+', '-']) {
        return None;
    }
    let mut corrections = Vec::new();
    let mut covered = true;
    for part in text.split([' ', ',']).filter(|p| !p.is_empty()) {
        let digits = if let Some(rest) = part.strip_prefix('+') {
            covered = true;
            rest
        } else if let Some(rest) = part.strip_prefix('-') {
            covered = false;
            rest
        } else {
            part
        };
        match digits.parse::<usize>() {
            Ok(n) if n >= 1 => corrections.push(Correction {
                point: n - 1,
                covered,
            }),
            _ => return Some(Err(BadCorrection(part.to_string()))),
        }
    }
    Some(Ok(corrections))
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
    /// Cards due now that a new session of these filters would ask.
    pub still_due: usize,
    /// The first time after now that a card falls due.
    pub next_due: Option<DateTime<Utc>>,
    /// When there was nothing to study: what the day holds, to say why.
    pub nothing_due: Option<Outlook>,
    pub now: DateTime<Utc>,
    /// Cards left when the session was ended early (they resume today).
    pub left: usize,
    /// Of those, cards failed moments ago that wait for a short break.
    pub cooling: usize,
}

/// What a weak answer missed, for the debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Missed {
    /// The card's last grade in the session (Again or Hard).
    pub grade: Grade,
    /// The key points not covered, the right option or the right order.
    pub points: Vec<Gap>,
}

/// One thing a weak answer did not say, as the card's feedback marked it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub text: String,
    /// Partly said (◐ in the feedback), not missed outright (✗).
    pub partly: bool,
}

impl Gap {
    /// Something not said at all.
    pub fn missed(text: String) -> Gap {
        Gap {
            text,
            partly: false,
        }
    }
}

/// The end-of-session debrief: the cards left weak and what each missed.
#[derive(Debug)]
pub struct Debrief<'a> {
    pub cards: &'a [(&'a Card, &'a Missed)],
    /// Offer to drill them now (a session that ran its course).
    pub offer: bool,
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
    /// Shows the debrief; with an offer, asks whether to drill the cards
    /// now (one key, or one line in a script) and says whether to.
    fn debrief(&mut self, debrief: &Debrief) -> io::Result<bool>;
    /// Whether the learner ended the session with Ctrl-C.
    fn interrupted(&self) -> bool {
        false
    }
}

/// The line above a card: deck, role and kind, never what the card asks
/// to recognise (a which-role card does not name its role).
fn header(card: &Card, is_new: bool, again: bool) -> String {
    let mut parts = vec![card.deck.to_string()];
    if let Some(role) = card
        .role
        .as_ref()
        .filter(|_| card.kind != CardKind::WhichRole)
    {
        parts.push(role.to_string());
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

/// How a script sees a card: its id, except for recognition cards, whose
/// id names the answer (the role or task); those show only what the
/// interactive header shows. The `saved:` line names the card after.
fn script_label(card: &Card) -> String {
    let label = match card.kind {
        CardKind::WhichRole => card.deck.to_string(),
        CardKind::WhichTask => match &card.role {
            Some(role) => format!("{}/{role}", card.deck),
            None => card.deck.to_string(),
        },
        _ => card.id.0.clone(),
    };
    inert(&label).into_owned()
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
                            inert(card.choices.get(*i).map_or("", |c| &**c))
                        ))
                        .to_string(),
                );
            }
            lines.push(format!(
                "Answer: {}. {}",
                right + 1,
                inert(card.choices.get(right).map_or("", |c| &**c))
            ));
            if *i != right
                && let Some(why) = feedback.explanation
            {
                lines.push(format!("Why: {}", inert(why)));
            }
        }
        (AnswerMode::Order, Answer::Order(order)) => {
            let pairs = order.len() * order.len().saturating_sub(1) / 2;
            let agreeing = feedback
                .assessment
                .order_agreement
                .map_or(0, |a| (a * pairs as f64).round() as usize);
            if *order == card.correct {
                lines.push(theme.good.apply_to("✓ Right order.").to_string());
            } else if feedback.assessment.suggested.is_pass() {
                lines.push(
                    theme
                        .accent
                        .apply_to(format!(
                            "◐ Nearly: {agreeing} of {pairs} pairs in the right order."
                        ))
                        .to_string(),
                );
            } else {
                lines.push(
                    theme
                        .bad
                        .apply_to(format!(
                            "✗ Not the right order ({agreeing} of {pairs} pairs right)."
                        ))
                        .to_string(),
                );
            }
            lines.push("Answer, earliest first (✓ where you had it):".into());
            // The key points name each item with its time, in order.
            let timed = card.key_points.len() == card.correct.len();
            for (n, &i) in card.correct.iter().enumerate() {
                let mark = if order.get(n) == Some(&i) {
                    "✓"
                } else {
                    "✗"
                };
                let label = if timed {
                    &*card.key_points[n]
                } else {
                    card.choices.get(i).map_or("", |c| &**c)
                };
                lines.push(format!("  {mark} {}. {}", i + 1, inert(label)));
            }
        }
        _ => {
            if let Some(score) = feedback.score {
                lines.push(coverage_line(score));
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

/// "Key points covered: 2 of 4, 1 partly (score 62%)".
pub fn coverage_line(score: &ScoreResult) -> String {
    let count = |c: Coverage| score.points.iter().filter(|p| p.status == c).count();
    let partly = count(Coverage::Partial);
    let partly = if partly > 0 {
        format!(", {partly} partly")
    } else {
        String::new()
    };
    format!(
        "Key points covered: {} of {}{partly} (score {:.0}%)",
        count(Coverage::Covered),
        score.points.len(),
        score.score * 100.0
    )
}

/// The longest answer excerpt quoted as a point's evidence, in characters.
const EVIDENCE_CHARS: usize = 70;

/// Each key point, numbered (the learner corrects points by number), as
/// covered (✓), partly made (◐) or missed (✗), with its evidence: the
/// stretch of the answer that says it and the words that matched. Then the
/// scorer's notes. Shared by the loop, `grade`, `answer` and mock, so a
/// candidate reads the same feedback everywhere.
pub fn point_lines(score: &ScoreResult, theme: &Theme) -> Vec<String> {
    let mut lines = Vec::new();
    for (n, point) in score.points.iter().enumerate() {
        let mark = match point.status {
            Coverage::Covered => theme.good.apply_to("✓"),
            Coverage::Partial => theme.accent.apply_to("◐"),
            Coverage::Missed => theme.bad.apply_to("✗"),
        };
        let mut evidence = Vec::new();
        if point.status != Coverage::Missed {
            if point.status == Coverage::Partial {
                evidence.push("partly".to_string());
            }
            if let Some(span) = &point.span {
                evidence.push(format!("\u{201c}{}\u{201d}", excerpt(span)));
            }
            if !point.matched.is_empty() {
                evidence.push(format!("[{}]", point.matched.join(", ")));
            }
        } else if point.negated {
            evidence.push("negated".to_string());
        }
        if point.corrected {
            evidence.push("(your correction)".to_string());
        }
        let evidence = if evidence.is_empty() {
            String::new()
        } else {
            format!("  {}", inert(&evidence.join(" ")))
        };
        lines.push(format!(
            "  {mark} {}. {}{}",
            n + 1,
            inert(&point.text),
            theme.dim.apply_to(evidence)
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

/// `text` on one line, cut to [`EVIDENCE_CHARS`] with an ellipsis.
fn excerpt(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= EVIDENCE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(EVIDENCE_CHARS - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn summary_lines(summary: &Summary) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(outlook) = &summary.nothing_due {
        lines.extend(nothing_to_study(outlook));
    } else if summary.reviewed == 0 {
        lines.push("No cards answered.".to_string());
    } else {
        let share = summary.passed as f64 * 100.0 / summary.reviewed as f64;
        lines.push(format!(
            "Session done: {} card{} · {:.0}% recalled · {}",
            summary.reviewed,
            plural(summary.reviewed),
            share,
            format_elapsed(summary.elapsed)
        ));
    }
    let queued = summary.left.saturating_sub(summary.cooling);
    if queued > 0 {
        lines.push(format!(
            "{queued} card{} left: run the same study command again today to resume.",
            plural(queued)
        ));
    }
    if summary.cooling > 0 {
        lines.push(format!(
            "{} card{} you missed come{} back after a short break: run the same study command again in a few minutes.",
            summary.cooling,
            plural(summary.cooling),
            if summary.cooling == 1 { "s" } else { "" }
        ));
    }
    if summary.left == 0 && summary.still_due > 0 {
        lines.push(format!(
            "{} card{} {} still due now: run the same study command again to review {}.",
            summary.still_due,
            plural(summary.still_due),
            if summary.still_due == 1 { "is" } else { "are" },
            if summary.still_due == 1 { "it" } else { "them" }
        ));
    }
    if let Some(due) = summary.next_due {
        // With cards still waiting today, a bare "next card due" in days
        // reads as if nothing were left.
        let waiting = queued > 0 || summary.cooling > 0 || summary.still_due > 0;
        let lead = if waiting {
            "Once those are done, the next card is due"
        } else {
            "Next card due"
        };
        lines.push(format!("{lead}: {}", format_due(due, summary.now)));
    }
    lines
}

/// Why a session has nothing to ask, and how to get more: the day's new
/// cards are spent (`--new N`, or the saved allowance), the unseen ones
/// wait for tomorrow behind a sibling, or everything has been seen.
pub fn nothing_to_study(outlook: &Outlook) -> Vec<String> {
    let mut lines = vec!["Nothing to study right now: no card is due.".to_string()];
    let unseen = outlook.unseen;
    if unseen == 0 {
        lines.push("Every card of these decks and filters has been seen.".into());
        return lines;
    }
    let cards = format!("{unseen} card{} not seen yet", plural(unseen));
    if outlook.allowance_left() == 0 {
        let spent = if outlook.allowance == 0 {
            "new cards are off today (allowance 0)".to_string()
        } else {
            format!(
                "today's {} new card{} {} been introduced",
                outlook.allowance,
                plural(outlook.allowance as usize),
                if outlook.allowance == 1 {
                    "has"
                } else {
                    "have"
                }
            )
        };
        let more = outlook.introduced_today as usize + unseen.min(10);
        lines.push(format!("{cards}, but {spent}."));
        lines.push(format!(
            "For more today, add `--new {more}` to the study command; to change the daily allowance, `rolecall config set new-per-day N`."
        ));
    } else {
        lines.push(format!(
            "{cards}; each belongs to a task already studied today (one card per task a day keeps related cards apart), so they come tomorrow."
        ));
        lines.push(
            "To drill a task's cards now: `rolecall study --role ROLE --task TASK` (`rolecall decks --tree` lists them)."
                .into(),
        );
    }
    lines
}

/// What an interview date asks of the days before it, for `study` and
/// `readiness`: the days left, the unseen cards and the pace that sees each
/// twice before the date, and whether today's allowance was raised for it.
pub fn pacing_line(pacing: &Pacing) -> String {
    let days = pacing.days_left;
    let mut text = format!(
        "Interview on {} ({days} day{}): also reviewing cards at risk of being forgotten by then.",
        pacing.date,
        plural(usize::try_from(days).unwrap_or(0))
    );
    if pacing.unseen > 0 {
        let _ = write!(
            text,
            " {} card{} not seen yet: ~{} new a day sees each twice before it",
            pacing.unseen,
            plural(pacing.unseen),
            pacing.per_day
        );
        match pacing.raised_from {
            Some(from) => {
                let _ = write!(
                    text,
                    "; today's allowance is raised from {from} to {}.",
                    pacing.per_day
                );
            }
            None => text.push('.'),
        }
        cap_note(&mut text, pacing);
    }
    text
}

/// When one card per task a day cannot keep the pace: say so, and how.
fn cap_note(text: &mut String, pacing: &Pacing) {
    if let Some(cap) = pacing.capped_at {
        let _ = write!(
            text,
            " One card per task a day brings at most {cap} today; drill tasks with `--task` to go faster."
        );
    }
}

/// What a date needs, for `readiness`: the unseen cards and the pace that
/// sees each twice before it; whether study already paces for it (the
/// saved interview date) or how to make it.
pub fn pacing_advice(pacing: &Pacing, saved: bool) -> String {
    if pacing.unseen == 0 {
        return format!(
            "Every card has been seen; until {} study reviews what would be forgotten by then.",
            pacing.date
        );
    }
    let days = pacing.days_left;
    let mut text = format!(
        "To be ready on {} ({days} day{}): {} card{} not seen yet, ~{} new a day to see each twice before it",
        pacing.date,
        plural(usize::try_from(days).unwrap_or(0)),
        pacing.unseen,
        plural(pacing.unseen),
        pacing.per_day,
    );
    match (pacing.raised_from, saved) {
        (Some(from), true) => {
            let _ = write!(
                text,
                "; study raises the daily allowance from {from} for it."
            );
        }
        (Some(from), false) => {
            let _ = write!(
                text,
                " (allowance now {from}): `rolecall study --interview-on {}` paces study for it.",
                pacing.date
            );
        }
        (None, _) => text.push_str(": the daily allowance is enough."),
    }
    cap_note(&mut text, pacing);
    text
}

/// The debrief as lines: each weak card with its grade, what it asked and
/// what was missed.
fn debrief_lines(debrief: &Debrief, theme: &Theme) -> Vec<String> {
    let n = debrief.cards.len();
    let mut lines = vec![
        String::new(),
        theme
            .heading
            .apply_to(format!("To go over ({n} card{}):", plural(n)))
            .to_string(),
    ];
    for (card, missed) in debrief.cards {
        let text = card.prompt.text();
        let mut prompt = text.lines();
        let mut asked = prompt.next().unwrap_or_default().to_string();
        if asked.ends_with(['?', ':'])
            && let Some(next) = prompt.next()
        {
            asked = format!("{asked} {next}");
        }
        lines.push(format!(
            "• {} · {}",
            capitalised(missed.grade),
            inert(&asked)
        ));
        for point in &missed.points {
            let mark = if point.partly { "◐" } else { "✗" };
            lines.push(format!("    {mark} {}", inert(&point.text)));
        }
    }
    lines
}

/// The debrief's one question.
fn drill_question(debrief: &Debrief) -> String {
    let n = debrief.cards.len();
    format!(
        "Drill {} again now? [y/N]",
        if n == 1 {
            "this card".to_string()
        } else {
            format!("these {n} cards")
        }
    )
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

    /// Reports an invalid line; the problem may quote the line, so it is
    /// made inert.
    pub(crate) fn invalid(&mut self, problem: &dyn std::fmt::Display) -> io::Result<()> {
        writeln!(self.out, "invalid: {}", inert(&problem.to_string()))
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
        // Scripts see the card id, so they can look the card up, unless the
        // id gives the answer away.
        writeln!(
            self.io.out,
            "\n[{}/{}] {} · {}{}{}",
            view.done + 1,
            view.done + 1 + view.remaining,
            script_label(card),
            card.kind,
            if view.is_new { " · new" } else { "" },
            if view.again { " · again" } else { "" },
        )?;
        for line in card.prompt.text().lines() {
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
                Err(message) => self.io.invalid(&message)?,
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
            // Quitting here keeps the answer, with the suggested grade.
            let Some(line) = self.io.line()? else {
                return Ok(GradeReply::Last(suggested));
            };
            let t = line.trim();
            if t == "q" {
                writeln!(
                    self.io.out,
                    "Quitting: the answer is kept with the suggested grade ({suggested})."
                )?;
                return Ok(GradeReply::Last(suggested));
            }
            if t.is_empty() {
                return Ok(GradeReply::Grade(suggested));
            }
            if feedback.score.is_some() {
                match parse_corrections(t) {
                    Some(Ok(corrections)) => return Ok(GradeReply::Correct(corrections)),
                    Some(Err(e)) => {
                        writeln!(self.io.out, "invalid: {e}")?;
                        continue;
                    }
                    None => {}
                }
            }
            match t.parse::<Grade>() {
                Ok(g) => return Ok(GradeReply::Grade(g)),
                Err(e) => self.io.invalid(&e)?,
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

    fn debrief(&mut self, debrief: &Debrief) -> io::Result<bool> {
        for line in debrief_lines(debrief, &self.theme) {
            writeln!(self.io.out, "{line}")?;
        }
        if !debrief.offer {
            self.io.out.flush()?;
            return Ok(false);
        }
        writeln!(self.io.out, "{}", drill_question(debrief))?;
        self.io.out.flush()?;
        let line = self.io.line()?.unwrap_or_default();
        Ok(matches!(line.trim(), "y" | "Y" | "yes"))
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
    /// Typed answers; made on first use.
    editor: Option<LineEditor>,
}

/// What the line editor read.
enum Typed {
    Line(String),
    /// Esc or Ctrl-D: end the session, like `q`.
    Escape,
    /// Ctrl-C.
    Interrupt,
}

/// rustyline's line editor for typed answers: arrows, Home/End, Ctrl-W,
/// Ctrl-U and the rest of its Emacs keys, and no history (a previous
/// card's answer is no help). Esc ends the session as it does elsewhere.
struct LineEditor {
    editor: rustyline::Editor<(), rustyline::history::MemHistory>,
    escaped: Arc<AtomicBool>,
}

/// Turns Esc into an interrupt the editor returns, flagged as Esc.
struct EscapeKey(Arc<AtomicBool>);

impl rustyline::ConditionalEventHandler for EscapeKey {
    fn handle(
        &self,
        _: &rustyline::Event,
        _: rustyline::RepeatCount,
        _: bool,
        _: &rustyline::EventContext,
    ) -> Option<rustyline::Cmd> {
        self.0.store(true, Ordering::SeqCst);
        Some(rustyline::Cmd::Interrupt)
    }
}

impl LineEditor {
    fn new() -> io::Result<LineEditor> {
        let config = rustyline::Config::builder()
            .auto_add_history(false)
            .check_cursor_position(false)
            // A lone Esc is told from an arrow key's escape sequence by
            // waiting this long for the rest of the sequence.
            .keyseq_timeout(Some(50))
            .build();
        let mut editor =
            rustyline::Editor::with_history(config, rustyline::history::MemHistory::new())
                .map_err(io::Error::other)?;
        let escaped = Arc::new(AtomicBool::new(false));
        editor.bind_sequence(
            rustyline::KeyEvent(rustyline::KeyCode::Esc, rustyline::Modifiers::NONE),
            rustyline::EventHandler::Conditional(Box::new(EscapeKey(escaped.clone()))),
        );
        Ok(LineEditor { editor, escaped })
    }

    fn read(&mut self, prompt: &str) -> io::Result<Typed> {
        self.escaped.store(false, Ordering::SeqCst);
        match self.editor.readline(prompt) {
            Ok(line) => Ok(Typed::Line(line)),
            Err(rustyline::error::ReadlineError::Interrupted) => {
                if self.escaped.load(Ordering::SeqCst) {
                    Ok(Typed::Escape)
                } else {
                    Ok(Typed::Interrupt)
                }
            }
            Err(rustyline::error::ReadlineError::Eof) => Ok(Typed::Escape),
            Err(rustyline::error::ReadlineError::Io(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }
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
            editor: None,
        }
    }

    /// Time since `started` (a stopwatch reading): how long an answer took.
    fn since(&self, started: Duration) -> Duration {
        self.stopwatch.elapsed().saturating_sub(started)
    }

    fn print_wrapped(&self, text: &str, indent: &str) -> io::Result<()> {
        write_wrapped(&self.term, text, indent)
    }

    /// A dim hint line, wrapped like the rest.
    fn hint(&self, text: &str) -> io::Result<()> {
        for part in wrap(text, text_width(&self.term)) {
            self.term
                .write_line(&self.theme.dim.apply_to(part).to_string())?;
        }
        Ok(())
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

    /// Reads a typed answer with the line editor: Enter starts a new line,
    /// Enter on an empty line submits (`single`: the first Enter does);
    /// Esc, Ctrl-D or Ctrl-C quit (`None`).
    /// The rest of a correction begun with `sign` at the grade prompt;
    /// `None` when it was abandoned (Esc) or unreadable (said, then the
    /// grade prompt waits again).
    fn read_correction(&mut self, sign: char) -> io::Result<Option<GradeReply>> {
        let editor = match &mut self.editor {
            Some(editor) => editor,
            empty => empty.insert(LineEditor::new()?),
        };
        let line = match editor.read(&format!("point {sign}"))? {
            Typed::Line(line) => line,
            Typed::Interrupt | Typed::Escape => return Ok(None),
        };
        match parse_corrections(&format!("{sign}{line}")) {
            Some(Ok(corrections)) if !corrections.is_empty() => {
                Ok(Some(GradeReply::Correct(corrections)))
            }
            Some(Err(e)) => {
                self.hint(&e.to_string())?;
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    fn read_text(&mut self, single: bool) -> io::Result<Option<String>> {
        let editor = match &mut self.editor {
            Some(editor) => editor,
            empty => empty.insert(LineEditor::new()?),
        };
        let mut lines: Vec<String> = Vec::new();
        loop {
            let prompt = if lines.is_empty() { "> " } else { "  " };
            match editor.read(prompt)? {
                Typed::Interrupt => {
                    self.interrupted.set(true);
                    return Ok(None);
                }
                Typed::Escape => return Ok(None),
                Typed::Line(line) => {
                    // `u` and `q` alone are commands: one Enter is enough.
                    let command = lines.is_empty() && matches!(line.trim(), "u" | "q");
                    if single || command || line.is_empty() {
                        if !line.is_empty() {
                            lines.push(line);
                        }
                        return Ok(Some(lines.join("\n")));
                    }
                    lines.push(line);
                }
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
            for part in wrap(&notice, text_width(&self.term)) {
                self.term
                    .write_line(&self.theme.accent.apply_to(part).to_string())?;
            }
        }
        self.term.write_line("")?;
        self.hint(&header(card, view.is_new, view.again))?;
        let text = card.prompt.text();
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            // Wrapped like the rest, so a narrow terminal does not split words.
            for part in wrap(&inert(first), text_width(&self.term)) {
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
                self.hint(&format!(
                    "Press 1-{} · q quit{}",
                    card.choices.len(),
                    undo_hint(view)
                ))?;
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
                self.hint("Type the item numbers in order (e.g. 3 1 2), then Enter · Esc quit")?;
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
                        Err(message) => self.term.write_line(
                            &self
                                .theme
                                .bad
                                .apply_to(inert(&message.to_string()))
                                .to_string(),
                        )?,
                    }
                }
            }
            AnswerMode::Typed => {
                self.hint(&format!(
                    "Type your answer · Enter on an empty line submits · Esc quit{}",
                    undo_hint(view)
                ))?;
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
                self.hint(&format!(
                    "Think of your answer, then press Enter to reveal · q quit{}",
                    undo_hint(view)
                ))?;
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
        let line = format!(
            "{} {}",
            self.theme
                .accent
                .apply_to(format!("Enter = {}", capitalised(suggested))),
            self.theme.dim.apply_to(format!(
                "· {} ·{} q save as {} and quit",
                grade_line(feedback.previews),
                if feedback.score.is_some() {
                    " +N/-N correct point N ·"
                } else {
                    ""
                },
                capitalised(suggested)
            ))
        );
        for part in wrap(&line, text_width(&self.term)) {
            self.term.write_line(&part)?;
        }
        loop {
            match self.term.read_key_raw()? {
                Key::Enter => return Ok(GradeReply::Grade(suggested)),
                // Quitting keeps the answer with the grade on offer.
                Key::CtrlC => {
                    self.interrupted.set(true);
                    return Ok(GradeReply::Last(suggested));
                }
                Key::Char('q') | Key::Escape => return Ok(GradeReply::Last(suggested)),
                Key::Char(sign @ ('+' | '-')) if feedback.score.is_some() => {
                    if let Some(reply) = self.read_correction(sign)? {
                        return Ok(reply);
                    }
                }
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
            self.print_wrapped(&notice, "")?;
        }
        for line in summary_lines(summary) {
            self.print_wrapped(&line, "")?;
        }
        Ok(())
    }

    fn debrief(&mut self, debrief: &Debrief) -> io::Result<bool> {
        for line in debrief_lines(debrief, &self.theme) {
            if line.is_empty() {
                self.term.write_line("")?;
            } else {
                self.print_wrapped(&line, "")?;
            }
        }
        if !debrief.offer {
            return Ok(false);
        }
        self.term.write_line("")?;
        self.term.write_line(
            &self
                .theme
                .accent
                .apply_to(format!("{} (one key)", drill_question(debrief)))
                .to_string(),
        )?;
        let key = self.term.read_key_raw()?;
        if key == Key::CtrlC {
            self.interrupted.set(true);
        }
        Ok(matches!(key, Key::Char('y' | 'Y')))
    }
}

/// Greedy word wrap by display width, never inside a word: the line's
/// indentation is kept on every wrapped line, and a line that starts with a
/// mark (`✓`, `✗`, `◐`, `•`, `-`, `3.`, `3)`) hangs its wrapped lines under
/// the text after the mark. Words longer than the width are kept whole.
pub(crate) fn wrap(line: &str, width: usize) -> Vec<String> {
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    let hang = " ".repeat(mark_width(body));
    let first = width.saturating_sub(indent.len()).max(10);
    let rest = first.saturating_sub(hang.len()).max(10);
    wrap_hanging(body, first, rest)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{indent}{l}")
            } else {
                format!("{indent}{hang}{l}")
            }
        })
        .collect()
}

/// Columns taken by a leading mark and its space, 0 when there is none.
fn mark_width(body: &str) -> usize {
    let plain = console::strip_ansi_codes(body);
    let Some((mark, _)) = plain.split_once(' ') else {
        return 0;
    };
    let numbered = mark.len() >= 2
        && mark.ends_with(['.', ')'])
        && mark[..mark.len() - 1].chars().all(|c| c.is_ascii_digit());
    if numbered || matches!(mark, "✓" | "✗" | "◐" | "•" | "-" | "→") {
        console::measure_text_width(mark) + 1
    } else {
        0
    }
}

pub(crate) fn wrap_words(line: &str, width: usize) -> Vec<String> {
    wrap_hanging(line, width, width)
}

/// Words into lines of at most `first` columns, then `rest`.
fn wrap_hanging(line: &str, first: usize, rest: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let width = if out.is_empty() { first } else { rest };
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
    fn corrections_typed_at_the_grade_prompt() {
        let said = |point| Correction {
            point,
            covered: true,
        };
        let not_said = |point| Correction {
            point,
            covered: false,
        };
        assert_eq!(parse_corrections("+2"), Some(Ok(vec![said(1)])));
        assert_eq!(
            parse_corrections(" +2 -1 +4"),
            Some(Ok(vec![said(1), not_said(0), said(3)]))
        );
        // A sign carries over to the numbers after it.
        assert_eq!(
            parse_corrections("-1,3 +2"),
            Some(Ok(vec![not_said(0), not_said(2), said(1)]))
        );
        assert_eq!(parse_corrections("good"), None);
        assert_eq!(parse_corrections("3"), None);
        for bad in ["+", "+0", "+x", "-2,y"] {
            assert!(matches!(parse_corrections(bad), Some(Err(_))), "{bad}");
        }
    }

    #[test]
    fn the_debrief_marks_a_partly_said_point_as_the_feedback_did() {
        let library = crate::deck::load::load(
            &crate::deck::load::Sources {
                built_in: true,
                dirs: Vec::new(),
            },
            0,
        )
        .unwrap();
        let card = &library.cards[0];
        let missed = Missed {
            grade: Grade::Hard,
            points: vec![
                Gap {
                    text: "half said".into(),
                    partly: true,
                },
                Gap::missed("not said".into()),
            ],
        };
        let cards = [(card, &missed)];
        let debrief = Debrief {
            cards: &cards,
            offer: false,
        };
        let lines = debrief_lines(&debrief, &Theme::new(false));
        assert!(lines.contains(&"    ◐ half said".to_string()), "{lines:?}");
        assert!(lines.contains(&"    ✗ not said".to_string()), "{lines:?}");
    }

    #[test]
    fn wraps_by_width() {
        assert_eq!(wrap("aa bb cc", 10), ["aa bb cc"]);
        assert_eq!(wrap("aa bb cc dd ee ff", 10), ["aa bb cc", "dd ee ff"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghijkl ij", 10), ["abcdefghijkl", "ij"]);
    }

    #[test]
    fn marked_lines_hang_under_their_text() {
        assert_eq!(
            wrap("  ✓ aaaa bbbb cccc dddd", 16),
            ["  ✓ aaaa bbbb", "    cccc dddd"]
        );
        assert_eq!(
            wrap("12. aaaa bbbb cccc dddd", 14),
            ["12. aaaa bbbb", "    cccc dddd"]
        );
        // A styled mark hangs by its visible width.
        let styled = format!(
            "{} aaaa bbbb cccc",
            console::style("✗").red().force_styling(true)
        );
        let lines = wrap(&styled, 12);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[1], "  cccc");
        // Not a mark: no hang.
        assert_eq!(wrap("Why: aaaa bbbb cccc", 12), ["Why: aaaa", "bbbb cccc"]);
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
