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
    scripted: impl FnOnce(io::StdinLock<'static>, io::StdoutLock<'static>) -> Box<P>,
) -> Box<P> {
    if is_interactive() {
        interactive()
    } else {
        scripted(io::stdin().lock(), io::stdout().lock())
    }
}

/// Whether a person is at the keyboard: stdin and stdout are a terminal.
pub fn is_interactive() -> bool {
    io::stdin().is_terminal() && io::stdout().is_terminal()
}

/// Whether stdout gets colours: `always`, `never`, or (`auto`) when
/// `NO_COLOR` is unset or empty and stdout is a terminal that has them.
pub fn color_enabled(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && console::Term::stdout().features().colors_supported()
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
