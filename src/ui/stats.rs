//! `rolecall stats` as text: a table of reviews, time and true retention,
//! the streak and card states, the due forecast and mastery as bar charts,
//! and the weakest tasks with the command that drills each. The figures
//! themselves are `crate::stats`'s; this only lays them out.

use crate::stats::{self, Stats};
use crate::text::{display_width, inert};
use crate::ui::Theme;
use crate::ui::bars::{self, Row};
use crate::ui::prompt::wrap;
use crate::ui::table::{Align, render};
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// Narrowest a mastery label is cut to when the terminal has no room.
const MIN_LABEL_WIDTH: usize = 16;
/// Narrowest bar of a chart (as `bars::rows` draws them).
const MIN_BAR: usize = 10;
/// Days of the forecast shown one row each; the rest go by week.
const DAILY_ROWS: usize = 7;

/// The human report, laid out for `width` columns.
pub fn text(s: &Stats, theme: &Theme, width: usize) -> String {
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
    for row in summary_table(s).lines() {
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
    section(&mut out, theme, "Due in the next 30 days", "");
    out.push_str(&forecast_chart(&s.forecast, width));
    let legend = "bar: share of cards mature · recall now, failed cards 0";
    section(&mut out, theme, "Mastery by deck", legend);
    out.push_str(&mastery_chart(&s.decks, width));
    section(&mut out, theme, "Mastery by role", "");
    out.push_str(&mastery_chart(&s.roles, width));
    if !s.weakest_tasks.is_empty() {
        section(&mut out, theme, "Weakest tasks", "");
        weakest(&mut out, s, theme, width);
    }
    out
}

/// A blank line and a heading, with a dim legend after it when not empty.
fn section(out: &mut String, theme: &Theme, heading: &str, legend: &str) {
    push(out, String::new());
    let heading = theme.heading.apply_to(heading);
    if legend.is_empty() {
        push(out, heading);
    } else {
        push(out, format!("{heading}  {}", theme.dim.apply_to(legend)));
    }
}

/// Reviews, time studied and true retention by window.
fn summary_table(s: &Stats) -> String {
    let retention = |r: &stats::Retention| {
        r.rate.map_or_else(
            || "–".to_string(),
            |rate| format!("{} of {}", percent(rate), r.reviews),
        )
    };
    let counts = &s.reviews;
    let time = &s.time_studied_seconds;
    render(
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
    )
}

/// Each weakest task: title, figures, and the command that drills it.
fn weakest(out: &mut String, s: &Stats, theme: &Theme, width: usize) {
    for (i, task) in s.weakest_tasks.iter().enumerate() {
        for line in wrap(&format!("  {}. {}", i + 1, inert(&task.title)), width) {
            push(out, line);
        }
        let mut details = format!(
            "     {} · recall {} · {} lapse{}",
            inert(&task.role_name),
            percent(task.recall),
            task.lapses,
            plural(task.lapses),
        );
        if task.failed > 0 {
            let _ = write!(details, " · {} failed last time", task.failed);
        }
        if task.reviewed < task.cards {
            let _ = write!(details, " · {}/{} cards studied", task.reviewed, task.cards);
        }
        if !task.kinds.is_empty() {
            let _ = write!(details, " · weak: {}", task.kinds.join(", "));
        }
        for line in wrap(&details, width) {
            push(out, line);
        }
        push(
            out,
            format!("     {}", theme.accent.apply_to(&task.command)),
        );
    }
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

/// Mastery rows: names whole when the terminal has room for them next to
/// the narrowest bar and the figures, cut (with `…`) only when it has not.
fn mastery_chart(rows: &[stats::Mastery], width: usize) -> String {
    let values: Vec<String> = rows
        .iter()
        .map(|m| {
            let recall = m.recall.map_or_else(|| "–".to_string(), percent);
            format!(
                "{:>4}  recall {recall:>4}  {:>7} studied",
                percent(m.mature_share),
                format!("{}/{}", m.reviewed, m.cards),
            )
        })
        .collect();
    let value_width = values.iter().map(|v| display_width(v)).max().unwrap_or(0);
    let room = width
        .saturating_sub(2 + value_width + MIN_BAR + 4)
        .max(MIN_LABEL_WIDTH);
    let rows: Vec<Row> = rows
        .iter()
        .zip(values)
        .map(|(m, value)| Row::new(bars::truncate(&inert(&m.name), room), m.mature_share, value))
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
