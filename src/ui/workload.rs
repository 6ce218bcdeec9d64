//! `rolecall optimize`'s workload chart: for each desired retention, the
//! reviews it would cost relative to 0.90, with the learner's own marked.

use crate::ui::bars::{self, Row};
use crate::workspace::Resolved;
use std::fmt::Write as _;

/// The chart and how to act on it, laid out for the terminal's width.
/// `workload` pairs each retention with its cost (1.00 = the cost at 0.90).
pub fn text(workload: &[(f32, f32)], settings: &Resolved) -> String {
    let max = workload.iter().map(|&(_, w)| w).fold(0.0, f32::max);
    let mut out = String::new();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Workload by desired retention ({} parameters; 1.00× = the workload at 0.90)",
        if settings.parameters.is_some() {
            "your fitted"
        } else {
            "default"
        }
    );
    let rows: Vec<Row> = workload
        .iter()
        .map(|&(retention, w)| {
            let yours = (retention - settings.retention).abs() < 0.005;
            Row::new(
                format!("{retention:.2}"),
                bars::share(f64::from(w), f64::from(max)),
                format!("{w:.2}×{}", if yours { "  ◀ yours" } else { "         " }),
            )
        })
        .collect();
    out.push_str(&bars::rows(&rows, 2, bars::terminal_width()));
    let _ = writeln!(
        out,
        "Higher retention: fewer lapses, more reviews. Try one with `rolecall study --retention R`,\n\
         or keep it with `rolecall config set desired-retention R`."
    );
    out
}
