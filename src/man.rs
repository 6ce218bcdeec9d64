//! The manual pages, in roff, made from the clap definitions in `cli` so
//! they never drift from the real flags: one page with everything
//! (`rolecall man`), or that page and one per command (`rolecall man --dir`,
//! `rolecall-study(1)` and so on, which the main page then names).
//!
//! `clap_mangen` renders the parts clap knows (name, synopsis, options); the
//! sections it does not (commands with their examples, environment, files,
//! exit status) are written here. Help text is UTF-8 and roff is not: every
//! other character becomes a groff escape, so `groff -man -ww` is silent on
//! any output device.

use clap::Command;
use clap_mangen::Man;
use std::fmt::Write as _;

/// The page of `rolecall`: with `pages`, it names the per-command pages.
pub fn main_page(cmd: &Command, pages: bool) -> std::io::Result<String> {
    let man = titled(Man::new(cmd.clone()), "ROLECALL");
    let mut page = head(&man)?;
    page.push_str(".SH COMMANDS\n");
    for sub in commands(cmd) {
        command_section(&mut page, sub, pages)?;
    }
    page.push_str(ENVIRONMENT);
    page.push_str(FILES);
    page.push_str(EXIT_STATUS);
    if pages {
        let names: Vec<String> = commands(cmd)
            .map(|sub| format!("\\fBrolecall\\-{}\\fR(1)", roff_text(sub.get_name())))
            .collect();
        let _ = write!(page, ".SH \"SEE ALSO\"\n{}\n", names.join(",\n"));
    }
    let mut version = Vec::new();
    man.render_version_section(&mut version)?;
    page.push_str(&String::from_utf8_lossy(&version));
    Ok(escape_non_ascii(&page))
}

/// The page of each command, as (file name, roff): `rolecall-study.1`, …
pub fn command_pages(cmd: &Command) -> std::io::Result<Vec<(String, String)>> {
    // Built, so each command carries the global options too.
    let mut built = cmd.clone();
    built.build();
    let mut pages = Vec::new();
    for sub in commands(&built) {
        let name = format!("rolecall-{}", sub.get_name());
        let named = sub
            .clone()
            .display_name(&name)
            .bin_name(format!("rolecall {}", sub.get_name()));
        let man = titled(Man::new(named.clone()), &name.to_uppercase());
        let mut page = head(&man)?;
        let actions: Vec<&Command> = commands(&named).collect();
        if !actions.is_empty() {
            page.push_str(".SH COMMANDS\n");
            for action in actions {
                command_section(&mut page, action, false)?;
            }
        }
        examples(&mut page, sub, ".SH EXAMPLES\n");
        page.push_str(
            ".SH \"SEE ALSO\"\n\\fBrolecall\\fR(1), for the environment, files and exit status\n",
        );
        pages.push((format!("{name}.1"), escape_non_ascii(&page)));
    }
    Ok(pages)
}

fn titled(man: Man, title: &str) -> Man {
    man.title(title)
        .source(format!("rolecall {}", env!("CARGO_PKG_VERSION")))
        .manual("User Commands")
}

/// What clap knows of a page: the title line, then (no hyphenation and a
/// ragged right margin: ids, flags and variable names must not break) the
/// name, synopsis, description and options.
fn head(man: &Man) -> std::io::Result<String> {
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    out.extend_from_slice(b".nh\n.ad l\n");
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The commands of `cmd`, without clap's `help`.
fn commands(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands()
        .filter(|sub| sub.get_name() != "help" && !sub.is_hide_set())
}

/// One command in a COMMANDS section: its name and what it does, its own
/// options, and its examples (or, with `pages`, where its page is).
fn command_section(page: &mut String, sub: &Command, pages: bool) -> std::io::Result<()> {
    let path = sub.get_bin_name().map_or_else(
        || format!("rolecall {}", sub.get_name()),
        ToString::to_string,
    );
    let _ = writeln!(page, ".SS \"{}\"", roff_text(&path).replace('"', "\\(dq"));
    if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
        for line in about.to_string().lines() {
            let _ = writeln!(page, "{}", roff_line(line));
        }
    }
    if pages {
        let _ = writeln!(
            page,
            ".PP\nSee \\fBrolecall\\-{}\\fR(1).",
            roff_text(sub.get_name())
        );
        return Ok(());
    }
    let mut options = Vec::new();
    Man::new(sub.clone()).render_options_section(&mut options)?;
    let options = String::from_utf8_lossy(&options).replace(".SH OPTIONS\n", ".PP\nOptions:\n");
    // Its own options, under its heading; the global ones have theirs.
    let own = options
        .find("\n.SH ")
        .map_or(&options[..], |end| &options[..=end]);
    page.push_str(own);
    actions(page, sub);
    examples(page, sub, ".PP\n");
    Ok(())
}

/// The actions of a command that has some (`config list`, `profiles
/// remove NAME`, …), each with its arguments and what it does.
fn actions(page: &mut String, sub: &Command) {
    let actions: Vec<&Command> = commands(sub).collect();
    if actions.is_empty() {
        return;
    }
    page.push_str(".PP\nCommands:\n");
    for action in actions {
        let mut usage = format!("{} {}", sub.get_name(), action.get_name());
        for arg in action.get_positionals() {
            let names = arg.get_value_names().unwrap_or_default();
            for name in names {
                usage.push(' ');
                usage.push_str(name);
            }
        }
        let _ = writeln!(page, ".TP\n\\fBrolecall {}\\fR", roff_text(&usage));
        if let Some(about) = action.get_about() {
            let _ = writeln!(page, "{}", roff_line(&about.to_string()));
        }
    }
}

/// A command's examples (its `after_help`), as preformatted text; under
/// a heading of their own, without their `Examples:` line.
fn examples(page: &mut String, sub: &Command, heading: &str) {
    if let Some(help) = sub.get_after_help() {
        let help = help.to_string();
        let text = match heading {
            ".PP\n" => help.as_str(),
            _ => help.strip_prefix("Examples:\n").unwrap_or(&help),
        };
        page.push_str(heading);
        page.push_str(".nf\n");
        for line in text.lines() {
            let _ = writeln!(page, "{}", roff_line(line));
        }
        page.push_str(".fi\n");
    }
}

const ENVIRONMENT: &str = r".SH ENVIRONMENT
A flag wins over its variable; an empty variable counts as unset.
.TP
.B ROLECALL_HOME
Where profiles are kept (\fB\-\-data\-dir\fR).
.TP
.B ROLECALL_PROFILE
Whose progress to use (\fB\-\-profile\fR); \fBdefault\fR when unset.
.TP
.B ROLECALL_NOW
Pretend it is this time, RFC 3339 (\fB\-\-now\fR), for simulations and tests.
.TP
.B NO_COLOR
When set and not empty, no colours unless \fB\-\-color always\fR (no\-color.org).
.TP
.B XDG_DATA_HOME
The data dir is \fI$XDG_DATA_HOME/rolecall\fR (\fI~/.local/share/rolecall\fR) unless
\fBROLECALL_HOME\fR or \fB\-\-data\-dir\fR names another.
.TP
.B XDG_CONFIG_HOME
Decks in \fI$XDG_CONFIG_HOME/rolecall/decks\fR (\fI~/.config/rolecall/decks\fR) load with
the built\-in ones.
.TP
.B TZ
The zone a profile records the first time it is written to (else the system's); its days
start at 04:00 there.  \fBrolecall config set time\-zone\fR and \fBrollover\-hour\fR
change both.
.TP
.B PAGER
What \fBrolecall read\fR shows its text through on a terminal (\fBless \-FRX\fR when unset).
.TP
.B COMPLETE
Set by the shell code of \fBrolecall completions\fR to ask for completion candidates.
";

const FILES: &str = r".SH FILES
.TP
.I DATA/profiles/NAME/log.jsonl
The review log, one JSON object per line, appended and fsynced: the source of truth.
.TP
.I DATA/profiles/NAME/snapshot.bin
Card states (binary), a cache rebuilt from the log when missing, damaged or stale.
.TP
.I DATA/config.json
Defaults for every profile of the data dir (\fBrolecall config list\fR shows which apply).
.TP
.I DATA/profiles/NAME/settings.json
Desired retention, fitted FSRS parameters, the interview date, the day boundary, and what
\fBrolecall config set\fR saves.
.TP
.I DATA/profiles/NAME/session.json
The sessions of the day that can be resumed, one per filter set.
.TP
.I ./decks
Decks (\fI.ron\fR) that load with the built\-in ones; \fB\-\-decks DIR\fR loads only DIR.
";

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
.B 0
Success, also when the reader of the output went away (a broken pipe).
.TP
.B 1
A runtime failure: input or output, a damaged store, a profile in use.
.TP
.B 2
Bad usage or bad input: an unknown flag or id, an invalid deck, a file that exists.
.TP
.B 130
Interrupted (Ctrl\-C), after everything answered was saved.
"#;

/// Text for roff: backslashes escaped and `-` as a minus (so options can be
/// searched and copied).
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// A line of literal text for roff: [`roff_text`], and a leading `.` or `'`
/// (which roff would read as a request) guarded.
fn roff_line(line: &str) -> String {
    let escaped = roff_text(line);
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// Every character outside ASCII as a groff escape. Those groff has a
/// glyph for on every device (Latin-1, punctuation, currency, letterlike
/// symbols, arrows, mathematics, ✓) become `\[uXXXX]`; any other is written
/// as its code point, `U+XXXX`, which no device can get wrong.
fn escape_non_ascii(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        let code = u32::from(c);
        if c.is_ascii() {
            out.push(c);
        } else if matches!(
            code,
            0xA0..=0xFF | 0x2010..=0x205E | 0x20A0..=0x20C0 | 0x2100..=0x214F
                | 0x2190..=0x21FF | 0x2200..=0x22FF | 0x2713
        ) {
            let _ = write!(out, "\\[u{code:04X}]");
        } else {
            let _ = write!(out, "U+{code:04X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_becomes_escapes_and_roff_requests_are_guarded() {
        assert_eq!(
            escape_non_ascii("0.70–0.99 • “x” โ"),
            "0.70\\[u2013]0.99 \\[u2022] \\[u201C]x\\[u201D] U+0E42"
        );
        assert_eq!(roff_line(".hidden -x"), "\\&.hidden \\-x");
        assert_eq!(roff_line("a\\b"), "a\\eb");
    }

    #[test]
    fn the_main_page_has_every_command_and_short_name() {
        let page = main_page(&crate::cli::command(), false).unwrap();
        assert!(page.is_ascii());
        let name = page
            .split(".SH NAME\n")
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .unwrap();
        assert!(name.len() < 80, "{name}");
        for needed in [
            ".SS \"rolecall study\"",
            ".SS \"rolecall export\"",
            ".SH ENVIRONMENT",
            ".SH \"EXIT STATUS\"",
            ".SH \"GLOBAL OPTIONS\"",
        ] {
            assert!(page.contains(needed), "{needed}");
        }
        assert!(!page.contains("rolecall\\-study(1)"), "no page to name");
        let with_pages = main_page(&crate::cli::command(), true).unwrap();
        assert!(with_pages.contains("\\fBrolecall\\-study\\fR(1)"));
    }
}
