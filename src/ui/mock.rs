//! The mock interview's two faces: an interactive prompter (a live
//! countdown drawn with indicatif while the candidate types, single keys
//! for grades and the four-lens rubric) and a scripted one (plain lines on
//! stdin, plain text out, no countdown). Both implement [`MockPrompter`],
//! so the workspace runs the same interview either way.
//!
//! It does not score, schedule or save anything: it shows and reads.

use crate::deck::Card;
use crate::grade::Grade;
use crate::mock::anchors::Anchors;
use crate::mock::{LENS_MAX, Lens, Rubric, parse_rubric};
use crate::score::ScoreResult;
use crate::session::Stopwatch;
use crate::text::inert;
use crate::ui::Theme;
use crate::ui::prompt::{
    Ack, Script, capitalised, coverage_line, point_lines, saved_note, text_width, wrap_words,
    write_wrapped,
};
use console::{Key, Term};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

/// What the interview is about to be.
#[derive(Debug)]
pub struct Intro<'a> {
    pub candidate: &'a str,
    pub questions: usize,
    pub seconds: u64,
    pub spoken: bool,
    pub rubric: bool,
    pub report: &'a str,
}

/// One question as the prompter shows it.
#[derive(Debug)]
pub struct QuestionView<'a> {
    pub card: &'a Card,
    /// 1-based.
    pub number: usize,
    pub total: usize,
    pub role_name: &'a str,
    pub task: Option<&'a str>,
    pub seconds: u64,
    pub spoken: bool,
}

/// What came back from a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// `text` is `None` for a spoken answer.
    Answer {
        text: Option<String>,
        took: Duration,
    },
    Quit,
}

/// What the mentor sees after an answer.
#[derive(Debug)]
pub struct ReviewView<'a> {
    pub card: &'a Card,
    pub score: Option<&'a ScoreResult>,
    /// The scorer's grade; `None` when the answer was spoken.
    pub suggested: Option<Grade>,
    pub rubric: bool,
    /// What each rubric score means for the card's role.
    pub anchors: &'a Anchors,
}

/// The mentor's verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Done {
        grade: Grade,
        rubric: Option<Rubric>,
        note: String,
    },
    Quit,
}

/// The end of the interview.
#[derive(Debug)]
pub struct Outro<'a> {
    pub answered: usize,
    pub planned: usize,
    /// Summary lines (key points, lenses) already worded.
    pub lines: &'a [String],
    /// Where the report went, or why there is none.
    pub report: &'a str,
}

/// The terminal side of a mock interview.
pub trait MockPrompter {
    fn intro(&mut self, intro: &Intro) -> io::Result<bool>;
    fn ask(&mut self, view: &QuestionView) -> io::Result<Asked>;
    fn review(&mut self, view: &ReviewView) -> io::Result<Verdict>;
    /// Confirms that an answer is saved in the profile.
    fn saved(&mut self, saved: &Ack) -> io::Result<()>;
    fn notice(&mut self, text: &str) -> io::Result<()>;
    fn finish(&mut self, outro: &Outro) -> io::Result<()>;
}

/// `m:ss`.
fn mmss(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

fn question_header(view: &QuestionView) -> String {
    let mut parts = vec![
        format!("Question {} of {}", view.number, view.total),
        view.role_name.to_string(),
        view.card.kind.to_string(),
    ];
    if let Some(task) = view.task {
        parts.push(task.to_string());
    }
    inert(&parts.join(" · ")).into_owned()
}

/// Key points and the reference answer, shared by both prompters.
fn review_lines(view: &ReviewView, theme: &Theme) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(score) = view.score {
        lines.push(coverage_line(score));
        // Covered, partly made and missed, with the evidence and the
        // scorer's notes: what the study loop shows, and the report.
        lines.extend(point_lines(score, theme));
    } else {
        lines.push("Key points to listen for:".into());
        for p in view.card.key_points.iter() {
            lines.push(format!("  • {}", inert(p)));
        }
    }
    lines.push("Reference answer:".into());
    for line in view.card.answer.lines() {
        lines.push(format!("  {}", inert(line)));
    }
    lines
}

/// A lens's heading and what each score means, the anchors wrapped to
/// `width`; shared by both prompters.
fn anchor_lines(lens: Lens, anchors: &Anchors, width: usize) -> Vec<String> {
    let worded = if anchors.worded_by_deck(lens) {
        " · worded by the deck"
    } else {
        ""
    };
    let mut lines = vec![format!("  {} ({}){worded}", lens.name(), lens.title())];
    for score in 0..=LENS_MAX {
        let text = inert(anchors.line(lens, score));
        for (i, part) in wrap_words(&text, width.saturating_sub(7).max(12))
            .into_iter()
            .enumerate()
        {
            lines.push(if i == 0 {
                format!("    {score}  {part}")
            } else {
                format!("       {part}")
            });
        }
    }
    lines
}

// ---------------------------------------------------------------- scripted

/// Plain lines in, plain text out, no countdown: for scripts and tests.
///
/// Protocol per question: a typed answer reads one answer line (`q` alone
/// quits); a spoken one reads a grade line (`1`–`4` or a grade name). Then,
/// unless the rubric is off, one rubric line of four digits 0–3 in lens
/// order (`2 3 1 2`), optionally followed by a grade that overrides the
/// scorer's, and one note line (may be empty). An invalid line is reported
/// and the next one read; end of input ends the interview.
pub struct ScriptedMock<R, W> {
    io: Script<R, W>,
    theme: Theme,
}

impl<R: BufRead, W: Write> ScriptedMock<R, W> {
    pub fn new(input: R, out: W, stopwatch: Arc<dyn Stopwatch>) -> Self {
        ScriptedMock {
            io: Script::new(input, out, stopwatch),
            theme: Theme::new(false),
        }
    }
}

impl<R: BufRead, W: Write> MockPrompter for ScriptedMock<R, W> {
    fn intro(&mut self, intro: &Intro) -> io::Result<bool> {
        writeln!(
            self.io.out,
            "Mock interview for {}: {} question{} · {} each · {} · rubric {}",
            inert(intro.candidate),
            intro.questions,
            if intro.questions == 1 { "" } else { "s" },
            mmss(Duration::from_secs(intro.seconds)),
            if intro.spoken { "spoken" } else { "typed" },
            if intro.rubric { "on" } else { "off" },
        )?;
        writeln!(self.io.out, "Report: {}", inert(intro.report))?;
        Ok(true)
    }

    fn ask(&mut self, view: &QuestionView) -> io::Result<Asked> {
        writeln!(
            self.io.out,
            "\n[{}/{}] {} · {}",
            view.number,
            view.total,
            inert(view.card.id.as_str()),
            view.card.kind
        )?;
        writeln!(self.io.out, "{}", question_header(view))?;
        for line in view.card.prompt.text().lines() {
            writeln!(self.io.out, "{}", inert(line))?;
        }
        if view.spoken {
            writeln!(self.io.out, "(spoken answer: nothing to read here)")?;
            self.io.out.flush()?;
            return Ok(Asked::Answer {
                text: None,
                took: Duration::ZERO,
            });
        }
        writeln!(self.io.out, "(answer: one line of text)")?;
        self.io.out.flush()?;
        let started = self.io.start();
        match self.io.line()? {
            None => Ok(Asked::Quit),
            Some(line) if line.trim() == "q" => Ok(Asked::Quit),
            Some(line) => Ok(Asked::Answer {
                text: Some(line),
                took: self.io.since(started),
            }),
        }
    }

    fn review(&mut self, view: &ReviewView) -> io::Result<Verdict> {
        for line in review_lines(view, &self.theme) {
            writeln!(self.io.out, "{line}")?;
        }
        let mut grade = if let Some(g) = view.suggested {
            writeln!(self.io.out, "Suggested grade: {g}")?;
            g
        } else {
            writeln!(self.io.out, "Grade [1-4 or again|hard|good|easy]:")?;
            self.io.out.flush()?;
            loop {
                let Some(line) = self.io.line()? else {
                    return Ok(Verdict::Quit);
                };
                match line.trim().parse::<Grade>() {
                    Ok(g) => break g,
                    Err(e) => self.io.invalid(&e)?,
                }
            }
        };
        if !view.rubric {
            return Ok(Verdict::Done {
                grade,
                rubric: None,
                note: String::new(),
            });
        }
        for lens in Lens::ALL {
            for line in anchor_lines(lens, view.anchors, 100) {
                writeln!(self.io.out, "{line}")?;
            }
        }
        writeln!(
            self.io.out,
            "Rubric [decisions evidence conflict leverage, 0-{LENS_MAX} each; a grade after them overrides {grade}]:"
        )?;
        self.io.out.flush()?;
        let rubric = loop {
            let Some(line) = self.io.line()? else {
                return Ok(Verdict::Quit);
            };
            match parse_rubric(&line) {
                Ok((rubric, "")) => break rubric,
                Ok((rubric, rest)) => match rest.parse::<Grade>() {
                    Ok(g) => {
                        grade = g;
                        break rubric;
                    }
                    Err(e) => self.io.invalid(&e)?,
                },
                Err(e) => self.io.invalid(&e)?,
            }
        };
        writeln!(self.io.out, "Note [one line, may be empty]:")?;
        self.io.out.flush()?;
        // The end of input here still keeps the answer: the note is optional.
        let note = self.io.line()?.unwrap_or_default();
        Ok(Verdict::Done {
            grade,
            rubric: Some(rubric),
            note,
        })
    }

    fn saved(&mut self, saved: &Ack) -> io::Result<()> {
        self.io.saved(saved)
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.io.notice(text)
    }

    fn finish(&mut self, outro: &Outro) -> io::Result<()> {
        writeln!(
            self.io.out,
            "\nMock done: {} of {} questions answered.",
            outro.answered, outro.planned
        )?;
        for line in outro.lines {
            writeln!(self.io.out, "{}", inert(line))?;
        }
        writeln!(self.io.out, "{}", inert(outro.report))?;
        self.io.out.flush()
    }
}

// ------------------------------------------------------------- interactive

/// Colours, single keys and a live countdown on a real terminal.
pub struct InteractiveMock {
    term: Term,
    theme: Theme,
    color: bool,
    last_saved: Option<String>,
    stopwatch: Arc<dyn Stopwatch>,
}

impl InteractiveMock {
    pub fn new(color: bool, stopwatch: Arc<dyn Stopwatch>) -> InteractiveMock {
        InteractiveMock {
            term: Term::stdout(),
            theme: Theme::new(color),
            color,
            last_saved: None,
            stopwatch,
        }
    }

    fn width(&self) -> usize {
        text_width(&self.term)
    }

    fn print_wrapped(&self, text: &str, indent: &str) -> io::Result<()> {
        write_wrapped(&self.term, text, indent)
    }

    fn dim(&self, text: &str) -> io::Result<()> {
        self.term
            .write_line(&self.theme.dim.apply_to(text).to_string())
    }

    /// The countdown line and the answer typed so far, redrawn together by
    /// indicatif (from its tick thread, so the clock moves while the
    /// candidate thinks). Time is the stopwatch's since `started`.
    fn countdown(&self, seconds: u64, started: Duration) -> ProgressBar {
        let total = Duration::from_secs(seconds);
        let theme = Theme::new(self.color);
        let stopwatch = Arc::clone(&self.stopwatch);
        let clock = move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
            let elapsed = stopwatch.elapsed().saturating_sub(started);
            let text = if elapsed < total {
                let left = total.saturating_sub(elapsed);
                let share = left.as_secs_f64() / total.as_secs_f64().max(1.0);
                let filled = (share * 30.0).round() as usize;
                let bar = format!("{}{}", "━".repeat(filled), "─".repeat(30 - filled.min(30)));
                let style = if left.as_secs() < 30 {
                    &theme.bad
                } else {
                    &theme.accent
                };
                format!(
                    "⏱ {} {} left",
                    style.apply_to(bar),
                    mmss(left + Duration::from_millis(999))
                )
            } else {
                theme
                    .bad
                    .apply_to(format!(
                        "⏱ Time is up (+{}): finish your sentence, then Enter on an empty line",
                        mmss(elapsed.saturating_sub(total))
                    ))
                    .to_string()
            };
            let _ = w.write_str(&text);
        };
        let style = ProgressStyle::with_template("{clock}\n{msg}").map_or_else(
            |_| ProgressStyle::default_spinner(),
            |s| s.with_key("clock", clock),
        );
        let bar =
            ProgressBar::with_draw_target(None, ProgressDrawTarget::term(self.term.clone(), 15));
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(250));
        bar
    }

    /// The answer as the live area shows it: wrapped to the terminal, the
    /// last lines only when it grows taller than half the screen.
    fn answer_area(&self, lines: &[String], current: &str) -> String {
        let width = self.width().saturating_sub(3).max(10);
        let mut shown: Vec<String> = Vec::new();
        for (i, line) in lines
            .iter()
            .map(String::as_str)
            .chain([current])
            .enumerate()
        {
            for (j, part) in wrap_words(&inert(line), width).into_iter().enumerate() {
                let lead = if i == 0 && j == 0 { "> " } else { "  " };
                shown.push(format!("{lead}{part}"));
            }
        }
        let keep = (usize::from(self.term.size().0) / 2).max(3);
        let skip = shown.len().saturating_sub(keep);
        shown.split_off(skip).join("\n")
    }

    /// Reads a typed answer under the countdown: Enter starts a new line,
    /// Enter on an empty line submits, Esc or Ctrl-C quits.
    fn read_answer(&self, bar: &ProgressBar) -> io::Result<Option<String>> {
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        bar.set_message(self.answer_area(&lines, &current));
        loop {
            match self.term.read_key_raw()? {
                Key::CtrlC | Key::Escape => return Ok(None),
                Key::Enter => {
                    if current.trim().is_empty() {
                        return Ok(Some(lines.join("\n")));
                    }
                    lines.push(std::mem::take(&mut current));
                }
                Key::Backspace => {
                    if current.pop().is_none()
                        && let Some(previous) = lines.pop()
                    {
                        current = previous;
                    }
                }
                Key::Char(c) if !c.is_control() => current.push(c),
                Key::Tab => current.push(' '),
                _ => continue,
            }
            bar.set_message(self.answer_area(&lines, &current));
        }
    }

    /// A one-line note: Enter ends it (empty skips), Esc clears it.
    fn read_line(&self) -> io::Result<String> {
        let mut text = String::new();
        loop {
            match self.term.read_key_raw()? {
                Key::Enter => {
                    self.term.write_line("")?;
                    return Ok(text);
                }
                Key::CtrlC | Key::Escape => {
                    self.term.clear_chars(console::measure_text_width(&text))?;
                    self.term.write_line("(no note)")?;
                    return Ok(String::new());
                }
                Key::Backspace => {
                    if let Some(c) = text.pop() {
                        self.term
                            .clear_chars(console::measure_text_width(&c.to_string()).max(1))?;
                    }
                }
                Key::Char(c) if !c.is_control() => {
                    text.push(c);
                    self.term.write_str(&inert(&c.to_string()))?;
                }
                _ => {}
            }
        }
    }

    /// Scores the four lenses with one key each (0–3), showing what each
    /// score means for the lens being rated; a rated lens folds into one
    /// line with its score's anchor. Backspace goes back one lens, `q`
    /// quits. `None` on quit.
    fn read_rubric(&self, anchors: &Anchors) -> io::Result<Option<Rubric>> {
        self.dim("Rubric: score each lens 0–3 with one key · Backspace goes back · q quit")?;
        let width = self.width();
        let mut scores = [0u8; 4];
        let mut i = 0;
        while i < Lens::ALL.len() {
            let lens = Lens::ALL[i];
            let block = anchor_lines(lens, anchors, width);
            for (n, line) in block.iter().enumerate() {
                if n == 0 {
                    self.term.write_line(line)?;
                } else {
                    self.dim(line)?;
                }
            }
            self.term.write_str(&format!("  {} 0–3: ", lens.name()))?;
            loop {
                match self.term.read_key_raw()? {
                    Key::Char(c @ '0'..='3') => {
                        scores[i] = c as u8 - b'0';
                        self.term.clear_line()?;
                        self.term.clear_last_lines(block.len())?;
                        let line = format!(
                            "  {:<9} {c}  {}",
                            lens.name(),
                            inert(anchors.line(lens, scores[i]))
                        );
                        self.term
                            .write_line(&console::truncate_str(&line, width, "…"))?;
                        i += 1;
                        break;
                    }
                    Key::Backspace if i > 0 => {
                        self.term.clear_line()?;
                        self.term.clear_last_lines(block.len() + 1)?;
                        i -= 1;
                        break;
                    }
                    Key::Char('q') | Key::CtrlC | Key::Escape => {
                        self.term.write_line("")?;
                        return Ok(None);
                    }
                    _ => {}
                }
            }
        }
        Ok(Some(Rubric(scores)))
    }
}

impl MockPrompter for InteractiveMock {
    fn intro(&mut self, intro: &Intro) -> io::Result<bool> {
        self.term.clear_screen()?;
        self.term.write_line(
            &self
                .theme
                .heading
                .apply_to(format!("Mock interview · {}", inert(intro.candidate)))
                .to_string(),
        )?;
        self.print_wrapped(
            &format!(
                "{} question{}, {} each; {}.",
                intro.questions,
                if intro.questions == 1 { "" } else { "s" },
                mmss(Duration::from_secs(intro.seconds)),
                if intro.spoken {
                    "the candidate answers aloud and you grade each answer"
                } else {
                    "the candidate types each answer"
                }
            ),
            "",
        )?;
        if intro.rubric {
            self.print_wrapped(
                "After each answer you score the four lenses 0–3: decisions it owns, evidence it works from, conflict it manages, leverage it creates.",
                "",
            )?;
        }
        self.print_wrapped(&format!("The report goes to {}.", inert(intro.report)), "")?;
        self.term.write_line("")?;
        self.term.write_line(
            &self
                .theme
                .accent
                .apply_to("Press Enter to start · q quit")
                .to_string(),
        )?;
        loop {
            match self.term.read_key_raw()? {
                Key::Enter | Key::Char(' ') => return Ok(true),
                Key::Char('q') | Key::CtrlC | Key::Escape => return Ok(false),
                _ => {}
            }
        }
    }

    fn ask(&mut self, view: &QuestionView) -> io::Result<Asked> {
        self.term.clear_screen()?;
        if let Some(saved) = self.last_saved.take() {
            self.dim(&saved)?;
        }
        self.dim(&question_header(view))?;
        self.term.write_line("")?;
        let text = view.card.prompt.text();
        let mut lines = text.lines();
        if let Some(first) = lines.next() {
            // Wrapped like the rest: a heading is never cut inside a word.
            for part in wrap_words(&inert(first), self.width()) {
                self.term
                    .write_line(&self.theme.heading.apply_to(part).to_string())?;
            }
        }
        self.print_wrapped(&inert(&lines.collect::<Vec<_>>().join("\n")), "")?;
        self.term.write_line("")?;
        self.dim(if view.spoken {
            "The candidate answers aloud · Enter when they are done · q quit"
        } else {
            "Type the answer · Enter on an empty line submits · Esc quit"
        })?;
        let started = self.stopwatch.elapsed();
        let bar = self.countdown(view.seconds, started);
        let text = if view.spoken {
            bar.set_message("  (listening)");
            loop {
                match self.term.read_key_raw()? {
                    Key::Enter | Key::Char(' ') => break Some(None),
                    Key::Char('q') | Key::CtrlC | Key::Escape => break None,
                    _ => {}
                }
            }
        } else {
            self.read_answer(&bar)?.map(Some)
        };
        let took = self.stopwatch.elapsed().saturating_sub(started);
        bar.finish_and_clear();
        let Some(text) = text else {
            return Ok(Asked::Quit);
        };
        if let Some(answer) = &text {
            for (i, line) in answer.lines().enumerate() {
                self.print_wrapped(&inert(line), if i == 0 { "> " } else { "  " })?;
            }
        }
        let limit = Duration::from_secs(view.seconds);
        // Whole seconds, as the report counts them.
        self.dim(&if took.as_secs() > view.seconds {
            format!(
                "⏱ {} (over the {} limit by {})",
                mmss(took),
                mmss(limit),
                mmss(took.saturating_sub(limit))
            )
        } else {
            format!("⏱ {} of {}", mmss(took), mmss(limit))
        })?;
        Ok(Asked::Answer { text, took })
    }

    fn review(&mut self, view: &ReviewView) -> io::Result<Verdict> {
        self.term.write_line("")?;
        for line in review_lines(view, &self.theme) {
            self.print_wrapped(&line, "")?;
        }
        self.term.write_line("")?;
        let grade = if let Some(suggested) = view.suggested {
            self.term.write_line(&format!(
                "{} {}",
                self.theme
                    .accent
                    .apply_to(format!("Enter = {} (scorer)", capitalised(suggested))),
                self.theme
                    .dim
                    .apply_to("· 1 Again · 2 Hard · 3 Good · 4 Easy to override · q quit")
            ))?;
            loop {
                match self.term.read_key_raw()? {
                    Key::Enter => break suggested,
                    Key::Char('q') | Key::CtrlC | Key::Escape => return Ok(Verdict::Quit),
                    Key::Char(c) => {
                        if let Some(g) = c.to_digit(10).and_then(Grade::from_number) {
                            break g;
                        }
                    }
                    _ => {}
                }
            }
        } else {
            self.term.write_line(
                &self
                    .theme
                    .accent
                    .apply_to(
                        "Grade the spoken answer: 1 Again · 2 Hard · 3 Good · 4 Easy · q quit",
                    )
                    .to_string(),
            )?;
            loop {
                match self.term.read_key_raw()? {
                    Key::Char('q') | Key::CtrlC | Key::Escape => return Ok(Verdict::Quit),
                    Key::Char(c) => {
                        if let Some(g) = c.to_digit(10).and_then(Grade::from_number) {
                            break g;
                        }
                    }
                    _ => {}
                }
            }
        };
        self.dim(&format!("Grade: {}", capitalised(grade)))?;
        if !view.rubric {
            return Ok(Verdict::Done {
                grade,
                rubric: None,
                note: String::new(),
            });
        }
        let Some(rubric) = self.read_rubric(view.anchors)? else {
            return Ok(Verdict::Quit);
        };
        self.term.write_str("Note (Enter to skip): ")?;
        let note = self.read_line()?;
        Ok(Verdict::Done {
            grade,
            rubric: Some(rubric),
            note,
        })
    }

    fn saved(&mut self, saved: &Ack) -> io::Result<()> {
        self.last_saved = Some(saved_note(saved));
        Ok(())
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.dim(&inert(text))
    }

    fn finish(&mut self, outro: &Outro) -> io::Result<()> {
        self.term.write_line("")?;
        if let Some(saved) = self.last_saved.take() {
            self.dim(&saved)?;
        }
        let mut text = format!(
            "Mock done: {} of {} questions answered.",
            outro.answered, outro.planned
        );
        for line in outro.lines {
            let _ = write!(text, "\n{}", inert(line));
        }
        self.term
            .write_line(&self.theme.heading.apply_to(text).to_string())?;
        self.term.write_line(&inert(outro.report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{AnswerMode, CardId, CardKind};

    fn card() -> Card {
        Card {
            id: CardId("d/r/t/scenario/0".into()),
            kind: CardKind::Scenario,
            deck: "d".into(),
            role: Some("r".into()),
            task: Some("t".into()),
            prompt: "What would you do?".into(),
            answer: "Check the signal.".into(),
            key_points: std::sync::Arc::from(["check the signal".into()]),
            mode: AnswerMode::Typed,
            choices: vec![],
            correct: vec![],
            siblings: "d/r/t".into(),
        }
    }

    fn scripted(input: &str, suggested: Option<Grade>, rubric: bool) -> (Verdict, String) {
        let mut out = Vec::new();
        let card = card();
        let stopwatch = Arc::new(crate::session::clock::ManualStopwatch::default());
        let verdict = ScriptedMock::new(input.as_bytes(), &mut out, stopwatch)
            .review(&ReviewView {
                card: &card,
                score: None,
                suggested,
                rubric,
                anchors: &Anchors::default(),
            })
            .unwrap();
        (verdict, String::from_utf8(out).unwrap())
    }

    #[test]
    fn scripted_review_reads_rubric_override_and_note() {
        let (v, _) = scripted("2 3 1 2\nneeds owners\n", Some(Grade::Hard), true);
        assert_eq!(
            v,
            Verdict::Done {
                grade: Grade::Hard,
                rubric: Some(Rubric([2, 3, 1, 2])),
                note: "needs owners".into()
            }
        );
        let (v, out) = scripted("9\n2 3 1 2 good\n", Some(Grade::Hard), true);
        assert!(out.contains("invalid:"), "{out}");
        assert_eq!(
            v,
            Verdict::Done {
                grade: Grade::Good,
                rubric: Some(Rubric([2, 3, 1, 2])),
                note: String::new()
            }
        );
    }

    #[test]
    fn scripted_spoken_review_reads_a_grade_first() {
        let (v, _) = scripted("easy\n", None, false);
        assert_eq!(
            v,
            Verdict::Done {
                grade: Grade::Easy,
                rubric: None,
                note: String::new()
            }
        );
        let (v, _) = scripted("", None, true);
        assert_eq!(v, Verdict::Quit);
    }
}
