//! The terminal edge: the prompters of study sessions (`prompt`) and mock
//! interviews (`mock`), the text of `stats`, `readiness` and `optimize`'s
//! workload, tables, bars, confirmations, styles and colour detection. The
//! only module that touches `console`, `dialoguer` or `indicatif` (the tidy
//! test holds it to that).

pub mod bars;
pub mod confirm;
pub mod mock;
pub mod prompt;
pub mod read;
pub mod readiness;
pub mod stats;
pub mod table;
pub mod workload;

use crate::cli::ColorChoice;
use console::Style;
use std::io::{self, IsTerminal};

/// The prompter for this process: `interactive` when stdin and stdout are a
/// terminal (a person), else `scripted` over them (a script or a pipe:
/// lines in, plain text out).
pub fn prompter<P: ?Sized>(
    interactive: impl FnOnce() -> Box<P>,
    scripted: impl FnOnce(io::StdinLock<'static>, Stdout<io::StdoutLock<'static>>) -> Box<P>,
) -> Box<P> {
    if is_interactive() {
        interactive()
    } else {
        scripted(io::stdin().lock(), Stdout(io::stdout().lock()))
    }
}

/// Whether a person is at the keyboard: stdin and stdout are a terminal.
pub fn is_interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Standard output whose write errors say so: a full disk behind `>` reads
/// "cannot write to standard output: No space left on device", and the
/// error keeps its kind, so a closed pipe is still told apart (it ends the
/// run quietly with success).
#[derive(Debug)]
pub struct Stdout<W = io::Stdout>(pub W);

impl<W: io::Write> io::Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(stdout_error)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(stdout_error)
    }
}

/// The error of a failed write to standard output.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output")]
struct StdoutError(#[source] io::Error);

fn stdout_error(e: io::Error) -> io::Error {
    // Already labelled (a flush of a labelled write): keep it as it is.
    if e.get_ref()
        .is_some_and(<dyn std::error::Error + Send + Sync>::is::<StdoutError>)
    {
        return e;
    }
    io::Error::new(e.kind(), StdoutError(e))
}

/// Whether stdout gets colours: `always`, `never`, or (`auto`) when stdout
/// is a terminal that is not `dumb` and `NO_COLOR` is unset or empty. The
/// decision is handed to `console` as well, so prompts and progress bars
/// drawn by `dialoguer` and `indicatif` follow it: `console` alone would
/// turn colours off for any `NO_COLOR`, even an empty one, which
/// no-color.org says must not count.
pub fn color_enabled(choice: ColorChoice) -> bool {
    let stdout = io::stdout().is_terminal();
    let stderr = io::stderr().is_terminal();
    let no_color = std::env::var_os("NO_COLOR");
    let term = std::env::var_os("TERM");
    let decide =
        |is_terminal| decide_color(choice, no_color.as_deref(), is_terminal, term.as_deref());
    console::set_colors_enabled(decide(stdout));
    console::set_colors_enabled_stderr(decide(stderr));
    decide(stdout)
}

/// The colour rule, apart from the process: `NO_COLOR` with a non-empty
/// value turns colours off in `auto` mode; an empty one is as if unset.
fn decide_color(
    choice: ColorChoice,
    no_color: Option<&std::ffi::OsStr>,
    is_terminal: bool,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            no_color.is_none_or(std::ffi::OsStr::is_empty)
                && is_terminal
                && term.is_none_or(|t| t != "dumb")
        }
    }
}

/// Styles for the few things we colour; plain when colours are off.
#[derive(Debug, Clone)]
pub struct Theme {
    pub heading: Style,
    pub dim: Style,
    pub good: Style,
    pub bad: Style,
    pub accent: Style,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let s = |style: Style| style.force_styling(color);
        Theme {
            heading: s(Style::new().bold()),
            dim: s(Style::new().dim()),
            good: s(Style::new().green()),
            bad: s(Style::new().red()),
            accent: s(Style::new().cyan()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn an_empty_no_color_does_not_turn_colours_off() {
        let auto = |no_color: Option<&str>, tty: bool, term: Option<&str>| {
            decide_color(
                ColorChoice::Auto,
                no_color.map(OsStr::new),
                tty,
                term.map(OsStr::new),
            )
        };
        assert!(auto(None, true, Some("xterm")));
        assert!(auto(Some(""), true, Some("xterm")), "empty NO_COLOR");
        assert!(!auto(Some("1"), true, Some("xterm")));
        assert!(!auto(Some("0"), true, None), "any non-empty value counts");
        assert!(!auto(None, false, Some("xterm")), "not a terminal");
        assert!(!auto(None, true, Some("dumb")));
        let forced = decide_color(ColorChoice::Always, Some(OsStr::new("1")), false, None);
        assert!(forced, "--color always wins over NO_COLOR");
        assert!(!decide_color(ColorChoice::Never, None, true, None));
    }
}
