//! `rolecall completions SHELL` and `rolecall man`: fitting the shell, both
//! generated from the clap definitions in `cli`, so they never drift from
//! the real flags.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

/// Writes the completion script for `shell`.
#[allow(clippy::unnecessary_wraps)] // every command returns a Result, for one dispatch
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "rolecall", out);
    Ok(())
}

/// Writes the man page (roff), with every subcommand and its examples.
pub fn man(out: &mut dyn Write) -> Result<()> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    // One section per subcommand: its options and its examples, which the
    // top-level page alone would leave out.
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut section = Vec::new();
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut section)?;
        let options = String::from_utf8_lossy(&section).replacen(
            ".SH OPTIONS",
            &format!(".SH \"{}\"", command_title(sub)),
            1,
        );
        out.write_all(options.as_bytes())?;
        if let Some(help) = sub.get_after_help() {
            writeln!(out, ".PP")?;
            writeln!(out, ".nf")?;
            for line in help.to_string().lines() {
                writeln!(out, "{}", roff_line(line))?;
            }
            writeln!(out, ".fi")?;
        }
    }
    man.render_extra_section(out)?;
    man.render_version_section(out)?;
    Ok(())
}

fn command_title(sub: &clap::Command) -> String {
    let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
    format!("ROLECALL {} \\- {about}", sub.get_name().to_uppercase()).replace('"', "\\(dq")
}

/// A line of literal text for roff: backslashes escaped, `-` as a minus
/// (so options can be searched and copied), and a leading `.` or `'`
/// (which roff would read as a request) guarded.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
