//! `rolecall optimize`: personal FSRS parameters. Fits parameters to the
//! profile's history, shows how the defaults, the parameters in use and
//! the fitted ones predict it, and saves the fitted ones only when they do
//! better. `--reset` goes back to the defaults. Either way it ends with the
//! workload each desired retention would cost.

use crate::cli::OptimizeArgs;
use crate::config::Config;
use crate::schedule::Evaluation;
use crate::ui::bars::Spinner;
use crate::ui::table::{Align, render};
use crate::workspace::optimize::{NotEnough, Training, workload};
use crate::workspace::{Overrides, ProfileWriter, Workspace};
use anyhow::Result;
use std::io::Write;

pub fn run(config: &Config, args: &OptimizeArgs, out: &mut dyn Write) -> Result<()> {
    let workspace = Workspace::new(config)?;
    if !workspace.exists(&config.profile)? {
        if args.reset {
            writeln!(
                out,
                "Profile \"{}\" has no reviews yet; it uses the default parameters.",
                config.profile
            )?;
            return Ok(());
        }
        return Err(NotEnough {
            usable: 0,
            reviews: 0,
            cards: 0,
        }
        .into());
    }
    let mut writer = workspace.write(&config.profile, Overrides::default())?;
    super::warn(&mut std::io::stderr(), writer.warnings())?;
    if args.reset {
        reset(&mut writer, out)?;
    } else {
        fit(&mut writer, out)?;
    }
    let settings = writer.settings().clone();
    // The estimate takes a while: let study sessions start meanwhile.
    drop(writer);
    let spinner = Spinner::start("estimating the workload of each retention");
    let workload = workload(&settings);
    spinner.finish();
    let text = crate::ui::workload::text(&workload?, &settings);
    write!(out, "{text}")?;
    Ok(())
}

fn reset(writer: &mut ProfileWriter, out: &mut dyn Write) -> Result<()> {
    if writer.settings().parameters.is_none() {
        writeln!(out, "Already using the default FSRS parameters.")?;
        return Ok(());
    }
    writer.set_parameters(None)?;
    writeln!(
        out,
        "Back to the default FSRS parameters; card states were recomputed with them."
    )?;
    Ok(())
}

fn fit(writer: &mut ProfileWriter, out: &mut dyn Write) -> Result<()> {
    let training = Training::new(writer)?;
    writeln!(
        out,
        "Fitting FSRS parameters to {} usable reviews ({} review{} of {} cards)…",
        training.usable,
        training.reviews,
        super::plural(training.reviews),
        training.cards
    )?;
    out.flush()?;
    let current = writer.settings().parameters.clone();
    let spinner = Spinner::start("fitting");
    let fit = training.fit(current.as_deref(), |done, total| {
        spinner.update(done, total);
    });
    spinner.finish();
    let fit = fit?;
    let mut rows = vec![row("default parameters", fit.default)];
    rows.extend(fit.current.map(|e| row("your current parameters", e)));
    rows.push(row("fitted parameters", fit.fitted));
    let (left, right) = (Align::Left, Align::Right);
    let table = render(&["", "LOG LOSS", "RMSE"], &[left, right, right], &rows);
    writeln!(
        out,
        "\n{table}(lower is better for both; computed on the same reviews)\n"
    )?;
    if fit.is_better() {
        writer.set_parameters(Some(fit.parameters))?;
        writeln!(
            out,
            "Saved: study uses the fitted parameters from now on \
             (`rolecall optimize --reset` undoes it)."
        )?;
    } else {
        let which = if current.is_some() {
            "current"
        } else {
            "default"
        };
        writeln!(
            out,
            "Not saved: the fitted parameters do not predict your reviews better than the {which} ones."
        )?;
    }
    Ok(())
}

fn row(label: &str, e: Evaluation) -> Vec<String> {
    vec![
        label.to_string(),
        format!("{:.4}", e.log_loss),
        format!("{:.2}%", e.rmse_bins * 100.0),
    ]
}
