//! `rolecall stats`: where the learner stands. Reads the profile without
//! taking its lock (safe next to a running session), computes the figures
//! with `crate::stats` (whose module doc defines each one) and prints them
//! as text with bar charts, or as JSON.

use super::{check_deck_ids, library, profile};
use crate::cli::StatsArgs;
use crate::config::Config;
use crate::deck::{Card, Deck};
use crate::progress::Progress;
use crate::stats::{self, Entry, LoggedReview, Stats};
use crate::store::{LogEntry, Settings};
use crate::text::inert;
use crate::ui::Theme;
use crate::ui::bars::{self, Row};
use crate::ui::table::{Align, render};
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;
use std::io::Write;

/// Widest label in the mastery charts; longer deck titles are cut.
const LABEL_WIDTH: usize = 28;
/// Days of the forecast shown one row each; the rest go by week.
const DAILY_ROWS: usize = 7;

pub fn run(
    config: &Config,
    args: &StatsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let library = library(config)?;
    check_deck_ids(&library, &args.decks)?;
    let selected = |deck: &str| args.decks.is_empty() || args.decks.iter().any(|d| d == deck);
    let cards: Vec<&Card> = library.cards.iter().filter(|c| selected(&c.deck)).collect();
    let decks: Vec<&Deck> = library
        .decks
        .iter()
        .map(|d| &d.deck)
        .filter(|d| selected(&d.id))
        .collect();

    let store = profile::store(config)?;
    let (log, progress, scheduler) = if store.profiles()?.contains(&config.profile) {
        let reader = store.open_read(&config.profile)?;
        let settings = reader.load_settings()?;
        let resolved = profile::resolve_settings(&store, &settings, None, None)?;
        let scheduler = profile::scheduler(&resolved, config.now)?;
        let loaded = profile::load_progress(&reader, &scheduler)?;
        for warning in &loaded.warnings {
            writeln!(err, "warning: {}", inert(warning))?;
        }
        (reader.read_log()?.entries, loaded.progress, scheduler)
    } else {
        let resolved = profile::resolve_settings(&store, &Settings::default(), None, None)?;
        let scheduler = profile::scheduler(&resolved, config.now)?;
        (Vec::new(), Progress::default(), scheduler)
    };
    // Reviews of cards no longer in any deck still count, unless `--deck`
    // narrows the view (a card id starts with its deck id).
    let reviews: Vec<LoggedReview> = stats::effective_reviews(entries(&log))
        .into_iter()
        .filter(|r| selected(r.card.split('/').next().unwrap_or_default()))
        .collect();
    let figures = stats::compute(&stats::Inputs {
        reviews: &reviews,
        progress: &progress,
        cards: &cards,
        decks: &decks,
        scheduler: &scheduler,
        now: config.now,
        profile: &config.profile,
    });
    if args.json {
        crate::text::write_json(&mut *out, &figures)?;
        writeln!(out)?;
        return Ok(());
    }
    let theme = Theme::new(config.color);
    if figures.is_empty() {
        writeln!(
            out,
            "No reviews yet for profile \"{}\": nothing to measure so far.",
            figures.profile
        )?;
        writeln!(
            out,
            "{} cards in {} deck{} are waiting. Start with `rolecall study`; \
             stats fill in after your first session.",
            figures.cards.total,
            decks.len(),
            plural(decks.len() as u64)
        )?;
        return Ok(());
    }
    write!(out, "{}", text(&figures, &theme, bars::terminal_width()))?;
    Ok(())
}

/// Log entries as the statistics take them.
pub fn entries(log: &[LogEntry]) -> Vec<Entry> {
    log.iter()
        .map(|e| match e {
            LogEntry::Review(r) => Entry::Review(LoggedReview {
                card: r.card.clone(),
                at: r.at,
                grade: r.grade,
                duration_ms: r.duration_ms,
            }),
            LogEntry::Undo(u) => Entry::Undo {
                card: u.card.clone(),
                review_at: u.review_at,
            },
        })
        .collect()
}

/// The human report, laid out for `width` columns.
fn text(s: &Stats, theme: &Theme, width: usize) -> String {
    let mut out = String::new();
    push(
        &mut out,
        format!(
            "{} · {} · desired retention {}",
            theme
                .heading
                .apply_to(format!("Stats for profile \"{}\"", s.profile)),
            s.today.format("%a %-d %b %Y"),
            percent(f64::from(s.desired_retention))
        ),
    );
    push(&mut out, String::new());
    let retention = |r: &stats::Retention| {
        r.rate.map_or_else(
            || "–".to_string(),
            |rate| format!("{} of {}", percent(rate), r.reviews),
        )
    };
    let counts = &s.reviews;
    let time = &s.time_studied_seconds;
    let table = render(
        &["", "TODAY", "7 DAYS", "30 DAYS", "ALL TIME"],
        &[
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &[
            vec![
                "Reviews".into(),
                counts.today.to_string(),
                counts.last_7_days.to_string(),
                counts.last_30_days.to_string(),
                counts.all_time.to_string(),
            ],
            vec![
                "Time studied".into(),
                duration(time.today),
                duration(time.last_7_days),
                duration(time.last_30_days),
                duration(time.all_time),
            ],
            vec![
                "True retention".into(),
                String::new(),
                retention(&s.true_retention.last_7_days),
                retention(&s.true_retention.last_30_days),
                String::new(),
            ],
        ],
    );
    for row in table.lines() {
        push(&mut out, format!("  {row}"));
    }
    let streak = &s.streak;
    let today_note = if streak.studied_today || streak.current_days == 0 {
        String::new()
    } else {
        " · study today to keep it".to_string()
    };
    push(
        &mut out,
        format!(
            "  Streak: {} day{} (longest {}){today_note}",
            streak.current_days,
            plural(u64::from(streak.current_days)),
            streak.longest_days
        ),
    );
    let c = &s.cards;
    push(
        &mut out,
        format!(
            "  Cards: {} · {} new · {} learning · {} young · {} mature · {} due now",
            c.total, c.new, c.learning, c.young, c.mature, c.due_now
        ),
    );

    push(&mut out, String::new());
    push(
        &mut out,
        theme
            .heading
            .apply_to("Due in the next 30 days")
            .to_string(),
    );
    out.push_str(&forecast_chart(&s.forecast, width));

    push(&mut out, String::new());
    push(
        &mut out,
        format!(
            "{}  {}",
            theme.heading.apply_to("Mastery by deck"),
            theme
                .dim
                .apply_to("bar: share of cards mature · recall: average now")
        ),
    );
    out.push_str(&mastery_chart(&s.decks, width));
    push(&mut out, String::new());
    push(
        &mut out,
        theme.heading.apply_to("Mastery by role").to_string(),
    );
    out.push_str(&mastery_chart(&s.roles, width));

    if !s.weakest_tasks.is_empty() {
        push(&mut out, String::new());
        push(
            &mut out,
            theme.heading.apply_to("Weakest tasks").to_string(),
        );
        for (i, task) in s.weakest_tasks.iter().enumerate() {
            push(&mut out, format!("  {}. {}", i + 1, inert(&task.title)));
            let mut details = format!(
                "     {} · recall {} · {} lapse{}",
                inert(&task.role_name),
                percent(task.average_retrievability),
                task.lapses,
                plural(task.lapses),
            );
            if task.reviewed < task.cards {
                let _ = write!(details, " · {}/{} cards studied", task.reviewed, task.cards);
            }
            if !task.kinds.is_empty() {
                let _ = write!(details, " · weak: {}", task.kinds.join(", "));
            }
            push(&mut out, details);
            push(
                &mut out,
                format!("     {}", theme.accent.apply_to(&task.command)),
            );
        }
    }
    out
}

/// The next 7 days one row each, then the rest of the 30 days by week, on
/// one scale (a week's row is that week's total).
fn forecast_chart(days: &[stats::ForecastDay], width: usize) -> String {
    let mut groups: Vec<(String, u64)> = Vec::new();
    for (i, day) in days.iter().enumerate().take(DAILY_ROWS) {
        let label = match i {
            0 => "Today".to_string(),
            1 => format!("Tomorrow ({})", day.date.format("%a")),
            _ => day.date.format("%a %-d %b").to_string(),
        };
        groups.push((label, day.due));
    }
    for week in days.get(DAILY_ROWS..).unwrap_or_default().chunks(7) {
        let (Some(first), Some(last)) = (week.first(), week.last()) else {
            continue;
        };
        groups.push((
            date_range(first.date, last.date),
            week.iter().map(|d| d.due).sum(),
        ));
    }
    let max = groups.iter().map(|g| g.1).max().unwrap_or(0) as f64;
    let rows: Vec<Row> = groups
        .into_iter()
        .map(|(label, due)| Row::new(label, bars::share(due as f64, max), due.to_string()))
        .collect();
    bars::rows(&rows, 2, width)
}

fn date_range(first: NaiveDate, last: NaiveDate) -> String {
    if first.month() == last.month() {
        format!("{}–{}", first.format("%-d"), last.format("%-d %b"))
    } else {
        format!("{}–{}", first.format("%-d %b"), last.format("%-d %b"))
    }
}

fn mastery_chart(rows: &[stats::Mastery], width: usize) -> String {
    let rows: Vec<Row> = rows
        .iter()
        .map(|m| {
            let recall = m
                .average_retrievability
                .map_or_else(|| "–".to_string(), percent);
            Row::new(
                bars::truncate(&inert(&m.name), LABEL_WIDTH),
                m.mature_share,
                format!(
                    "{:>4}  recall {recall:>4}  {:>7} studied",
                    percent(m.mature_share),
                    format!("{}/{}", m.reviewed, m.cards),
                ),
            )
        })
        .collect();
    bars::rows(&rows, 2, width)
}

fn push(o: &mut String, text: impl std::fmt::Display) {
    let _ = writeln!(o, "{text}");
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// `45s`, `41m`, `2h 05m`.
fn duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m", seconds / 60),
        _ => format!("{}h {:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_at_a_glance() {
        for (seconds, expected) in [
            (0, "0s"),
            (59, "59s"),
            (60, "1m"),
            (3599, "59m"),
            (3600, "1h 00m"),
            (7500, "2h 05m"),
        ] {
            assert_eq!(duration(seconds), expected);
        }
    }

    #[test]
    fn date_ranges_name_the_month_once_when_they_can() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(date_range(d(3, 9), d(3, 15)), "9–15 Mar");
        assert_eq!(date_range(d(3, 30), d(4, 5)), "30 Mar–5 Apr");
    }
}
