//! Yes/no questions on a terminal (dialoguer), for destructive commands.
//! Callers decide what to do when there is no terminal to ask on.

use std::io;

/// Asks `prompt` on the terminal, defaulting to no; Esc or `q` answers no.
pub fn confirm(prompt: &str) -> io::Result<bool> {
    match dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact_opt()
    {
        Ok(answer) => Ok(answer.unwrap_or(false)),
        Err(dialoguer::Error::IO(e)) => Err(e),
    }
}
