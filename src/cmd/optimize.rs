//! `rolecall optimize`: personal FSRS parameters. Turns the profile's
//! history into training items, fits parameters with the crate's optimizer,
//! evaluates the defaults, the parameters in use and the fitted ones on the
//! same items, and saves the fitted ones only when their log loss is lower
//! than that of the parameters in use. `--reset` goes back to the defaults.
//! Either way it ends with the workload each desired retention would cost.
//!
//! Saving parameters rebuilds every card's state (the workspace writer
//! saves the settings first, so a crash in between means a replay, never
//! states computed with the old parameters).

use super::plural;
use crate::cli::OptimizeArgs;
use crate::config::Config;
use crate::schedule::{self, Evaluation, MIN_REVIEWS_TO_FIT};
use crate::ui::bars::Spinner;
use crate::ui::table::{Align, render};
use crate::workspace::{Overrides, Workspace, day_clock};
use anyhow::{Context, Result, bail};
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
        bail!(not_enough(0, 0, 0));
    }
    let mut writer = workspace.write(&config.profile, Overrides::default())?;
    let current = writer.settings().parameters.clone();
    if args.reset {
        if current.is_none() {
            writeln!(out, "Already using the default FSRS parameters.")?;
        } else {
            writer.set_parameters(None)?;
            writeln!(
                out,
                "Back to the default FSRS parameters; card states were recomputed with them."
            )?;
        }
    } else {
        let history = writer.history()?;
        let histories = history.card_histories();
        let items = schedule::training_items(&histories, &day_clock(config.now));
        if items.len() < MIN_REVIEWS_TO_FIT {
            bail!(not_enough(items.len(), history.len(), histories.len()));
        }
        writeln!(
            out,
            "Fitting FSRS parameters to {} usable reviews ({} review{} of {} cards)…",
            items.len(),
            history.len(),
            plural(history.len()),
            histories.len()
        )?;
        out.flush()?;
        let spinner = Spinner::start("fitting");
        let fitted = schedule::fit(items.clone(), |done, total| spinner.update(done, total));
        spinner.finish();
        let fitted = fitted.context("could not fit parameters")?;
        let default = schedule::evaluate(&[], items.clone())?;
        let mut rows = vec![eval_row("default parameters", default)];
        let baseline = match &current {
            Some(p) => {
                let evaluation = schedule::evaluate(p, items.clone())?;
                rows.push(eval_row("your current parameters", evaluation));
                evaluation
            }
            None => default,
        };
        let new = schedule::evaluate(&fitted, items)?;
        rows.push(eval_row("fitted parameters", new));
        let table = render(
            &["", "LOG LOSS", "RMSE"],
            &[Align::Left, Align::Right, Align::Right],
            &rows,
        );
        writeln!(
            out,
            "\n{table}(lower is better for both; computed on the same reviews)\n"
        )?;
        if new.log_loss < baseline.log_loss {
            writer.set_parameters(Some(fitted))?;
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
    }
    let (settings, dir) = (writer.settings().clone(), writer.dir().to_path_buf());
    // The estimate takes a while: let study sessions start meanwhile.
    drop(writer);
    let mut retentions = RETENTIONS.to_vec();
    if !retentions
        .iter()
        .any(|r| (r - settings.retention).abs() < 0.005)
    {
        retentions.push(settings.retention);
        retentions.sort_by(f32::total_cmp);
    }
    let spinner = Spinner::start("estimating the workload of each retention");
    let parameters = settings.parameters.as_deref().unwrap_or_default();
    let workload = schedule::workload_by_retention(parameters, &retentions);
    spinner.finish();
    let settings_file = dir.join("settings.json");
    let text = crate::ui::workload::text(&workload?, &settings, &settings_file);
    write!(out, "{text}")?;
    Ok(())
}

/// Desired retentions shown in the workload table (the learner's own is
/// added when it is not one of them). Each estimate takes a noticeable
/// moment, so the step is 0.02 rather than 0.01.
const RETENTIONS: [f32; 9] = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.95];

fn not_enough(items: usize, reviews: usize, cards: usize) -> String {
    format!(
        "not enough reviews to fit parameters: {items} usable, at least {MIN_REVIEWS_TO_FIT} \
         needed ({} more). The log holds {reviews} review{} of {cards} card{}; a usable \
         review is a card's review on a later day than its previous one. Keep studying for \
         a few days and try again.",
        MIN_REVIEWS_TO_FIT - items,
        plural(reviews),
        plural(cards)
    )
}

fn eval_row(label: &str, e: Evaluation) -> Vec<String> {
    vec![
        label.to_string(),
        format!("{:.4}", e.log_loss),
        format!("{:.2}%", e.rmse_bins * 100.0),
    ]
}
