//! Names in a document: its title, headings that name a role, and when two
//! names are the same role.
//!
//! Knows how people title roles (`AppSec Engineer — 5 common daily task
//! patterns`, `Day in the Life — X`, `A day in the life of a X`, `My day as
//! a X`); where a heading stands is `build`'s business.

use super::prose::{capitalize, fold_words};

/// A role named by a heading that says so: `X — 5 common daily task
/// patterns`, `X: typical day`.
pub fn explicit_role_name(text: &str) -> Option<String> {
    let (left, right) = split_dash(text)?;
    let right_folded = fold_words(right);
    if [
        "task pattern",
        "daily task",
        "common task",
        "responsibilit",
        "typical day",
        "daily work",
    ]
    .iter()
    .any(|p| right_folded.contains(p))
    {
        return Some(clean_name(left));
    }
    None
}

/// The role a heading names, if any: explicitly, or as `Day in the Life —
/// X`, `A day in the life of a X` or `My day as a X`.
pub fn role_name(text: &str) -> Option<String> {
    if let Some(name) = explicit_role_name(text) {
        return Some(name);
    }
    if let Some((left, right)) = split_dash(text) {
        let is_day = |side: &str| {
            fold_words(side)
                .trim_start_matches("a ")
                .starts_with("day in the life")
        };
        // `Day in the Life — X`, and `X: a day in the life`.
        if is_day(left) && !right.trim().is_empty() {
            return Some(clean_name(right));
        }
        if is_day(right) && !left.trim().is_empty() {
            return Some(clean_name(left));
        }
    }
    // ASCII lowercasing keeps byte offsets, so `at` indexes `text` too
    // (full Unicode lowercasing can change lengths: `İ`, `ẞ`).
    // A leading space marks a word boundary: `today as` is not `day as`.
    let lower = format!(" {}", text.to_ascii_lowercase());
    let rest = [
        " day in the life of ",
        " day as ",
        " life as ",
        " working as ",
    ]
    .iter()
    .find_map(|lead| lower.find(lead).map(|at| &text[at + lead.len() - 1..]))?;
    let rest = ["a ", "an ", "the ", "A ", "An ", "The "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))
        .unwrap_or(rest);
    let name = role_phrase(rest);
    let words = name.split_whitespace().count();
    (1..=6).contains(&words).then(|| clean_name(&name))
}

/// The role in the rest of a title: up to the first word that carries on
/// the sentence (`cloud security engineer actually looks like` → `cloud
/// security engineer`).
fn role_phrase(rest: &str) -> String {
    const ENDS: &[&str] = &[
        "actually", "really", "looks", "look", "looked", "is", "was", "are", "were", "at", "who",
        "that", "which", "when", "during", "like", "feels", "in", "on", "and",
    ];
    let mut words = Vec::new();
    for word in rest.split_whitespace() {
        let bare = word
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !words.is_empty() && ENDS.contains(&bare.as_str()) {
            break;
        }
        words.push(word);
        if word.ends_with([',', ';', '.', '?', '!']) {
            break;
        }
    }
    words.join(" ")
}

/// Whether a heading introduces the task patterns of a role named
/// elsewhere (`Daily responsibilities`, `What I do`), rather than naming one.
pub fn is_patterns_heading(title: &str) -> bool {
    let t = fold_words(title);
    t.split(' ').count() <= 6
        && [
            "responsibilit",
            "daily task",
            "task pattern",
            "typical day",
            "typical week",
            "day to day",
            "daily work",
            "what i do",
            "what we do",
            "duties",
            "common tasks",
            "key tasks",
            "core tasks",
            "main tasks",
            "activities",
            "routine",
        ]
        .iter()
        .any(|p| t.contains(p))
}

/// Splits at the first ` — `, ` – `, ` - ` or `: `.
pub fn split_dash(text: &str) -> Option<(&str, &str)> {
    [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, sep.len())))
        .min_by_key(|(i, _)| *i)
        .map(|(i, len)| (&text[..i], &text[i + len..]))
}

pub fn clean_name(text: &str) -> String {
    capitalize(
        text.trim()
            .trim_end_matches([':', '.', ',', ';', '?', '!'])
            .trim(),
    )
}

/// A role name without what qualifies it: parentheticals dropped, case and
/// punctuation ignored (`GRC Lead (security compliance)` → `grc lead`).
/// Two headings with one key name one role.
pub fn role_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let folded = fold_words(&out);
    if folded.is_empty() {
        fold_words(name)
    } else {
        folded
    }
}

/// Whether a role named after the document's title is the role `name`: the
/// same, or one name holds the other whole (`GRC Lead` in `GRC Lead
/// (security compliance)`, `detection engineer` in `Senior detection
/// engineer`).
pub fn title_names(title_role: &str, name: &str) -> bool {
    let (a, b) = (role_key(title_role), role_key(name));
    let holds = |long: &str, short: &str| {
        !short.is_empty() && format!(" {long} ").contains(&format!(" {short} "))
    };
    holds(&a, &b) || holds(&b, &a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roles_in_titles() {
        let check = |text: &str, name: Option<&str>| {
            assert_eq!(role_name(text).as_deref(), name, "{text}");
        };
        check(
            "AppSec Engineer — 5 common daily task patterns",
            Some("AppSec Engineer"),
        );
        check(
            "Day in the Life — Night Nurse (ICU)",
            Some("Night Nurse (ICU)"),
        );
        check(
            "A day in the life of a detection engineer",
            Some("Detection engineer"),
        );
        check(
            "What my day as a cloud security engineer actually looks like",
            Some("Cloud security engineer"),
        );
        check("Life as an SRE on call: the real story", Some("SRE"));
        check("SOC ANALYST: A DAY IN THE LIFE", Some("SOC ANALYST"));
        check("GRC Lead (security compliance)", None);
        check("What I did today as we shipped", None);
        check("Morning: triage the overnight findings", None);
    }

    #[test]
    fn tells_when_names_are_one_role() {
        let same_role = |a: &str, b: &str| role_key(a) == role_key(b);
        assert!(same_role("GRC Lead", "grc lead"));
        assert!(same_role("GRC Lead (security compliance)", "GRC Lead"));
        assert!(!same_role("Security Engineer", "Senior Security Engineer"));
        assert!(title_names("GRC Lead (security compliance)", "GRC Lead"));
        assert!(title_names(
            "Detection engineer",
            "Senior detection engineer"
        ));
        assert!(!title_names("Detection engineer", "Detection lead"));
        assert!(!title_names("Engineering day", "Engineer"));
    }
}
