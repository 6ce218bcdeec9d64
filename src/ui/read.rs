//! `rolecall read` as text: each role's profile, then each task with what
//! happens, why, its examples and their insight, the questions to ask and
//! the key points, wrapped to the terminal without breaking words; and the
//! pager it goes through on a terminal. Deck text is untrusted: everything
//! passes through `inert`.

use crate::deck::Task;
use crate::deck::generate::task_label;
use crate::session::filter::{DeckOutline, RoleOutline};
use crate::text::{display_width, inert};
use crate::ui::Theme;
use crate::ui::prompt::wrap;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// The reading, laid out for `width` columns.
pub fn text(decks: &[DeckOutline], theme: &Theme, width: usize) -> String {
    let mut out = Page {
        text: String::new(),
        width,
    };
    for (i, outline) in decks.iter().enumerate() {
        if i > 0 {
            out.blank();
        }
        let deck = outline.deck;
        out.styled(
            &theme
                .heading
                .apply_to(format!("{} ({})", inert(&deck.title), inert(&deck.id)))
                .to_string(),
        );
        if let Some(description) = &deck.description {
            out.line("", description);
        }
        for role in &outline.roles {
            out.blank();
            read_role(&mut out, role, theme);
        }
    }
    out.text
}

/// Lines wrapped to a width, each piece of deck text made inert.
struct Page {
    text: String,
    width: usize,
}

impl Page {
    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// A line already styled (its text inert).
    fn styled(&mut self, line: &str) {
        for part in wrap(line, self.width) {
            self.text.push_str(&part);
            self.text.push('\n');
        }
    }

    /// `text` after `indent`, wrapped with the indent kept (and a hanging
    /// indent under a leading mark such as `•`).
    fn line(&mut self, indent: &str, text: &str) {
        self.styled(&format!("{indent}{}", inert(text)));
    }

    fn list(&mut self, indent: &str, items: &[String]) {
        for item in items {
            self.line(indent, &format!("• {item}"));
        }
    }
}

fn read_role(out: &mut Page, outline: &RoleOutline, theme: &Theme) {
    let role = outline.role;
    out.styled(
        &theme
            .heading
            .apply_to(format!("{} · {}", inert(&role.name), inert(&role.id)))
            .to_string(),
    );
    if let Some(summary) = &role.summary {
        out.line("  ", summary);
    }
    if let Some(profile) = &role.profile {
        for (label, value) in [
            ("Centre of gravity", &profile.center_of_gravity),
            ("Typical output", &profile.typical_output),
            ("Failure mode", &profile.failure_mode),
            ("What outsiders miss", &profile.outsiders_miss),
        ] {
            if let Some(value) = value {
                out.line("  ", &format!("• {label}: {value}"));
            }
        }
    }
    for task in &outline.tasks {
        out.blank();
        read_task(out, task, theme);
    }
}

fn read_task(out: &mut Page, task: &Task, theme: &Theme) {
    out.styled(&format!(
        "  {} {}",
        theme
            .accent
            .apply_to(format!("── {}", inert(&task_label(task)))),
        theme.dim.apply_to(format!("({})", inert(&task.id)))
    ));
    section(out, theme, "What happens");
    out.list("    ", &task.what_happens);
    if let Some(why) = &task.why {
        section(out, theme, "Why it matters");
        out.line("    ", why);
    }
    for (n, example) in task.examples.iter().enumerate() {
        let heading = if task.examples.len() == 1 {
            "Example".to_string()
        } else {
            format!("Example {}", n + 1)
        };
        section(out, theme, &heading);
        out.line("    ", &format!("Situation: {}", example.situation));
        out.line("    ", &format!("Insight: {}", example.insight));
        if !example.key_points.is_empty() {
            out.list("      ", &example.key_points);
        }
    }
    if !task.questions.is_empty() {
        section(out, theme, "Questions to ask");
        out.list("    ", &task.questions);
    }
    if !task.key_points.is_empty() {
        section(out, theme, "Key points");
        out.list("    ", &task.key_points);
    }
}

fn section(out: &mut Page, theme: &Theme, heading: &str) {
    out.styled(&format!("   {}", theme.dim.apply_to(heading)));
}

/// Shows `text` through `$PAGER` (else `less -FRX`, which quits when it
/// fits one screen) when standard output is a terminal and `use_pager`; prints
/// it otherwise, or when no pager starts.
pub fn show(text: &str, use_pager: bool) -> io::Result<()> {
    if use_pager && io::stdout().is_terminal() {
        let pager = std::env::var("PAGER")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "less -FRX".into());
        let mut words = pager.split_whitespace();
        if let Some(program) = words.next() {
            let child = Command::new(program)
                .args(words)
                .env(
                    "LESS",
                    std::env::var("LESS").unwrap_or_else(|_| "FRX".into()),
                )
                .stdin(Stdio::piped())
                .spawn();
            if let Ok(mut child) = child {
                if let Some(mut stdin) = child.stdin.take() {
                    // The reader may quit early (`q`): a broken pipe is fine.
                    match stdin.write_all(text.as_bytes()) {
                        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e),
                        _ => {}
                    }
                }
                child.wait()?;
                return Ok(());
            }
        }
    }
    io::stdout().lock().write_all(text.as_bytes())
}

/// `decks --tree`: each deck, its roles and their tasks with ids and
/// names, ids aligned, so they can be passed to `--role` and `--task`.
pub fn tree(decks: &[DeckOutline], theme: &Theme) -> String {
    let mut out = String::new();
    for outline in decks {
        let deck = outline.deck;
        let _ = writeln!(
            out,
            "{}  {}",
            theme.heading.apply_to(inert(&deck.id)),
            inert(&deck.title)
        );
        let role_width = outline
            .roles
            .iter()
            .map(|r| display_width(&inert(&r.role.id)))
            .max()
            .unwrap_or(0);
        for role in &outline.roles {
            let id = inert(&role.role.id);
            let _ = writeln!(
                out,
                "  {}{}  {}",
                theme.accent.apply_to(&id),
                " ".repeat(role_width - display_width(&id)),
                inert(&role.role.name)
            );
            let task_width = role
                .tasks
                .iter()
                .map(|t| display_width(&inert(&t.id)))
                .max()
                .unwrap_or(0);
            for task in &role.tasks {
                let id = inert(&task.id);
                let _ = writeln!(
                    out,
                    "    {id}{}  {}",
                    " ".repeat(task_width - display_width(&id)),
                    inert(&task_label(task))
                );
            }
        }
    }
    out
}
