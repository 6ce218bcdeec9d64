//! The terminal edge: styling, tables, and (in `prompt`) the interactive
//! and scripted answer loops. The only module that touches `console`,
//! `dialoguer` or `indicatif`.

pub mod bars;
pub mod confirm;
pub mod mock;
pub mod prompt;
pub mod table;

use console::Style;

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
