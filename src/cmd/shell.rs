//! `rolecall completions SHELL` and `rolecall man`: fitting the shell, both
//! made from the clap definitions in `cli`, so they never drift from the
//! real flags.

use crate::cli::{ManArgs, command};
use crate::man;
use crate::store::{self, Overwrite};
use anyhow::{Context, Result};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
use std::io::Write;
use std::path::PathBuf;

/// Writes the shell code that registers rolecall's completion: it runs
/// `COMPLETE=SHELL rolecall -- WORDS…` as you press Tab, so the candidates
/// (ids included) come from this binary, as `COMPLETE=SHELL rolecall`
/// prints it.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        clap_complete::Shell::Zsh => &Zsh,
        other => anyhow::bail!("no completion for {other}"),
    };
    let mut script = Vec::new();
    completer.write_registration("COMPLETE", "rolecall", "rolecall", &program()?, &mut script)?;
    out.write_all(&script)?;
    Ok(())
}

/// The program the shell should run for candidates: as this one was
/// started (a bare name is found on the `PATH`; a path is made absolute).
fn program() -> Result<String> {
    let mut path = PathBuf::from(
        std::env::args_os()
            .next()
            .unwrap_or_else(|| "rolecall".into()),
    );
    if path.components().count() > 1 {
        path = std::path::absolute(&path).context("cannot read the current folder")?;
    }
    Ok(path.to_string_lossy().into_owned())
}

/// Prints the one page, or writes it and a page per command to `--dir`
/// (each replaced only with `--force`, all checked before any is written).
pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<()> {
    let cmd = command();
    let Some(dir) = &args.dir else {
        out.write_all(man::main_page(&cmd, false)?.as_bytes())?;
        return Ok(());
    };
    let mut pages = vec![("rolecall.1".to_string(), man::main_page(&cmd, true)?)];
    pages.extend(man::command_pages(&cmd)?);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let overwrite = Overwrite::forced(args.force);
    for (name, _) in &pages {
        store::check_target(&dir.join(name), overwrite)?;
    }
    for (name, page) in &pages {
        store::write_file(&dir.join(name), page.as_bytes(), overwrite)?;
    }
    writeln!(out, "wrote {} pages to {}", pages.len(), dir.display())?;
    Ok(())
}
