//! Short human forms of intervals, as shown next to the grade buttons
//! (`Again 10m · Hard 2d · Good 4d · Easy 9d`).
//!
//! Only the text; colours and layout belong to `ui`.

use chrono::Duration;

const MINUTE: f64 = 60.0;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;
/// Months are 30 days and years 365, as Anki shows them: an estimate, not a
/// calendar.
const MONTH_DAYS: f64 = 30.0;
const YEAR_DAYS: f64 = 365.0;

/// `<1m`, `10m`, `5h`, `2d`, `3.5mo`, `1.2y`. Each unit is used while the
/// rounded number stays below the next unit, so 59.9 minutes read `1h`, not
/// `60m`. Negative durations read as `<1m`.
pub fn format_interval(d: Duration) -> String {
    let secs = d.num_milliseconds().max(0) as f64 / 1000.0;
    let minutes = (secs / MINUTE).round();
    if minutes < 1.0 {
        return "<1m".to_string();
    }
    if minutes < 60.0 {
        return format!("{minutes}m");
    }
    let hours = (secs / HOUR).round();
    if hours < 24.0 {
        return format!("{hours}h");
    }
    let days = secs / DAY;
    if days.round() < MONTH_DAYS {
        return format!("{}d", days.round());
    }
    if days < YEAR_DAYS {
        return format!("{}mo", one_decimal(days / MONTH_DAYS));
    }
    format!("{}y", one_decimal(days / YEAR_DAYS))
}

/// One decimal, without a trailing `.0` (`2mo`, not `2.0mo`).
fn one_decimal(x: f64) -> String {
    let tenths = (x * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(Duration, &str)]) {
        for (d, expected) in cases {
            assert_eq!(format_interval(*d), *expected, "format_interval({d:?})");
        }
    }

    #[test]
    fn picks_the_unit_that_reads_best() {
        check(&[
            (Duration::seconds(-5), "<1m"),
            (Duration::seconds(20), "<1m"),
            (Duration::seconds(40), "1m"),
            (Duration::minutes(10), "10m"),
            (Duration::seconds(59 * 60 + 50), "1h"),
            (Duration::hours(5), "5h"),
            (Duration::minutes(23 * 60 + 50), "1d"),
            (Duration::days(1), "1d"),
            (Duration::days(2), "2d"),
            (Duration::days(29), "29d"),
            (Duration::days(30), "1mo"),
            (Duration::days(60), "2mo"),
            (Duration::days(105), "3.5mo"),
            (Duration::days(364), "12.1mo"),
            (Duration::days(365), "1y"),
            (Duration::days(438), "1.2y"),
            (Duration::days(36500), "100y"),
        ]);
    }
}
