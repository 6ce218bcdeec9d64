//! Horizontal bar charts for plain terminals, and the progress spinner of
//! long computations.
//!
//! Bars are text: full blocks plus one eighth-block for the remainder, so a
//! bar has eight steps per column and needs no colour. `bar` draws one bar;
//! `rows` lays out labelled bars scaled to a width (used by `stats`, and
//! meant for any command that compares shares or counts). Choosing what to
//! chart and the terminal's width are the caller's business: see
//! [`terminal_width`].

use console::measure_text_width;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fmt::Write as _;
use std::time::Duration;

/// Eighths of a column, from one eighth to seven.
const PARTIAL: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL: char = '█';

/// Width used when standard output is not a terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// A bar `fraction` (clamped to 0–1) of `width` columns long, padded with
/// spaces to exactly `width` columns. Any fraction above zero shows at least
/// an eighth, so a small non-zero value never looks like nothing.
pub fn bar(fraction: f64, width: usize) -> String {
    let fraction = if fraction.is_finite() {
        fraction.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut eighths = (fraction * width as f64 * 8.0).round() as usize;
    if fraction > 0.0 && width > 0 {
        eighths = eighths.max(1);
    }
    let full = eighths / 8;
    let mut out = String::with_capacity(width * 3);
    for _ in 0..full {
        out.push(FULL);
    }
    let mut used = full;
    let rest = eighths % 8;
    if rest > 0 {
        out.push(PARTIAL[rest - 1]);
        used += 1;
    }
    for _ in used..width {
        out.push(' ');
    }
    out
}

/// One labelled bar: `fraction` is its length relative to the chart's
/// longest possible bar, `value` the text printed after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub fraction: f64,
    pub value: String,
}

impl Row {
    pub fn new(label: impl Into<String>, fraction: f64, value: impl Into<String>) -> Row {
        Row {
            label: label.into(),
            fraction,
            value: value.into(),
        }
    }
}

/// Narrowest bar `rows` draws, however little room the labels leave.
const MIN_BAR: usize = 10;
/// Widest bar: beyond this a wide terminal only stretches the chart.
const MAX_BAR: usize = 60;

/// Renders rows as `indent label  bar  value`, one line each, with labels
/// and values aligned (display width) and the bar filling what is left of
/// `width` (between 10 and 60 columns). Lines end without trailing spaces.
pub fn rows(rows: &[Row], indent: usize, width: usize) -> String {
    let label_width = rows
        .iter()
        .map(|r| measure_text_width(&r.label))
        .max()
        .unwrap_or(0);
    let value_width = rows
        .iter()
        .map(|r| measure_text_width(&r.value))
        .max()
        .unwrap_or(0);
    let bar_width = width
        .saturating_sub(indent + label_width + value_width + 4)
        .clamp(MIN_BAR, MAX_BAR);
    let mut out = String::new();
    for row in rows {
        let label_pad = label_width - measure_text_width(&row.label);
        let value_pad = value_width - measure_text_width(&row.value);
        let line = format!(
            "{:indent$}{}{:label_pad$}  {}  {:value_pad$}{}",
            "",
            row.label,
            "",
            bar(row.fraction, bar_width),
            "",
            row.value,
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The fraction `value` is of `max`, 0 when `max` is 0 (an all-zero chart
/// draws empty bars rather than dividing by zero).
pub fn share(value: f64, max: f64) -> f64 {
    if max > 0.0 { value / max } else { 0.0 }
}

/// `text` cut to at most `width` display columns, ending in `…` when cut
/// (long deck titles as chart labels).
pub fn truncate(text: &str, width: usize) -> String {
    console::truncate_str(text, width, "…").into_owned()
}

/// Columns of the terminal on standard output; when it is not a terminal
/// (a pipe, a file, a test), `$COLUMNS` as shells set it, else
/// [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    console::Term::stdout().size_checked().map_or_else(
        || {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok())
                .filter(|&c: &usize| c >= 20)
                .unwrap_or(DEFAULT_WIDTH)
        },
        |(_, cols)| usize::from(cols),
    )
}

/// A spinner with a count on standard error, drawn only when standard error
/// is a terminal; silent otherwise, so scripts and tests see nothing.
pub struct Spinner {
    bar: ProgressBar,
    message: String,
}

impl Spinner {
    /// Starts spinning with `message` (e.g. "fitting parameters").
    pub fn start(message: &str) -> Spinner {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        // The template is a constant known to parse; fall back to the
        // default style rather than fail a computation over its spinner.
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner {
            bar,
            message: message.to_string(),
        }
    }

    /// Reports `done` of `total` steps next to the message.
    pub fn update(&self, done: usize, total: usize) {
        self.bar
            .set_message(format!("{} {done}/{total}", self.message));
    }

    /// Removes the spinner from the screen.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_bar(cases: &[(f64, usize, &str)]) {
        for &(fraction, width, expected) in cases {
            assert_eq!(bar(fraction, width), expected, "bar({fraction}, {width})");
        }
    }

    #[test]
    fn bars_have_eighth_steps_and_a_fixed_width() {
        check_bar(&[
            (0.0, 4, "    "),
            (1.0, 4, "████"),
            (0.5, 4, "██  "),
            (0.5 + 1.0 / 32.0, 4, "██▏ "),
            (0.25 + 7.0 / 32.0, 4, "█▉  "),
            // A tiny non-zero value still shows.
            (0.0001, 4, "▏   "),
            // Out-of-range and non-finite fractions are clamped.
            (2.0, 3, "███"),
            (-1.0, 3, "   "),
            (f64::NAN, 3, "   "),
            (0.7, 0, ""),
        ]);
    }

    #[test]
    fn rows_align_labels_and_values_and_fit_the_width() {
        let chart = rows(
            &[
                Row::new("Today", 1.0, "12"),
                Row::new("Wed 4", share(3.0, 12.0), "3"),
                Row::new("Mar 9–15", 0.0, "0"),
            ],
            2,
            40,
        );
        // 40 columns: indent 2, label 8, value 2, two gaps of 2 → bar 24.
        let expected = "  Today     ████████████████████████  12\n  \
                        Wed 4     ██████                     3\n  \
                        Mar 9–15                             0\n";
        assert_eq!(chart, expected);
        for line in chart.lines() {
            assert!(measure_text_width(line) <= 40, "{line:?}");
        }
    }

    #[test]
    fn rows_keep_a_minimum_bar_on_narrow_terminals() {
        let chart = rows(&[Row::new("a long label here", 0.5, "50%")], 0, 20);
        assert!(
            chart.contains(&format!("  {}  ", bar(0.5, MIN_BAR))),
            "{chart}"
        );
    }

    #[test]
    fn truncate_cuts_by_display_width() {
        assert_eq!(truncate("Security PM", 20), "Security PM");
        assert_eq!(truncate("Security PM", 6), "Secur…");
        assert_eq!(truncate("épée épée", 5), "épée…");
    }

    #[test]
    fn share_of_zero_is_zero() {
        assert!((share(3.0, 4.0) - 0.75).abs() < 1e-12);
        assert!(share(3.0, 0.0).abs() < f64::EPSILON);
    }
}
