//! `rolecall readiness` as text: overall, deck and role rows with a bar
//! each, then the weakest tasks with the command that drills each.

use crate::readiness::{Group, Readiness};
use crate::text::{display_width, inert};
use crate::ui::Theme;
use crate::ui::bars::{bar, terminal_width};
use crate::ui::prompt::wrap;
use std::fmt::Write as _;

/// The report under `heading`; `weakest` holds (task id, recall, command).
pub fn text(
    heading: &str,
    advice: Option<&str>,
    result: &Readiness,
    no_reviews: bool,
    weakest: &[(&str, f32, &str)],
    theme: &Theme,
) -> String {
    let mut out = format!("{}\n", theme.heading.apply_to(heading));
    if let Some(advice) = advice {
        for line in wrap(advice, terminal_width().clamp(60, 120)) {
            let _ = writeln!(out, "{line}");
        }
    }
    if no_reviews {
        out.push_str(
            "No reviews yet: every card counts as not known. Start with `rolecall study`.\n",
        );
    }
    out.push_str(&groups(result, theme));
    let _ = writeln!(out, "\n{}", theme.heading.apply_to("Weakest tasks"));
    for (task, recall, command) in weakest {
        let _ = writeln!(out, "  {:>3.0}%  {}", recall * 100.0, inert(task));
        let _ = writeln!(out, "        {}", theme.dim.apply_to(inert(command)));
    }
    out
}

/// The overall, deck and role rows: label, bar, percentage and "N/M
/// ready, K unseen" on one line, every column aligned however long the
/// ids (labels are never cut; the bar gives way first).
fn groups(result: &Readiness, theme: &Theme) -> String {
    let width = terminal_width().clamp(60, 120);
    let all = std::iter::once((&result.overall, "all cards"))
        .chain(result.decks.iter().map(|g| (g, g.id.as_str())))
        .chain(result.roles.iter().map(|g| (g, g.id.as_str())));
    let label_width = all
        .clone()
        .map(|(_, label)| display_width(&inert(label)))
        .max()
        .unwrap_or(0);
    let count_width = all
        .map(|(g, _)| format!("{}/{}", g.ready, g.cards).len())
        .max()
        .unwrap_or(0);
    let bar_width = width
        .saturating_sub(label_width + count_width + 30)
        .clamp(5, 40);
    let row = |g: &Group, label: &str| {
        let unseen = if g.unseen > 0 {
            format!(", {} unseen", g.unseen)
        } else {
            String::new()
        };
        let label = inert(label);
        let pad = label_width - display_width(&label);
        format!(
            "  {label}{:pad$}  {}  {:>3.0}%  {:>count_width$} ready{unseen}\n",
            "",
            bar(f64::from(g.recall), bar_width),
            g.recall * 100.0,
            format!("{}/{}", g.ready, g.cards),
        )
    };
    let mut out = row(&result.overall, "all cards");
    let _ = write!(out, "\n{}\n", theme.heading.apply_to("Decks"));
    for g in &result.decks {
        out.push_str(&row(g, &g.id));
    }
    let _ = write!(out, "\n{}\n", theme.heading.apply_to("Roles"));
    for g in &result.roles {
        out.push_str(&row(g, &g.id));
    }
    out
}
