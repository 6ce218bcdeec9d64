//! `rolecall optimize`: personal FSRS parameters. Turns the profile's review
//! log into training items, fits parameters with the crate's optimizer,
//! evaluates the defaults, the parameters in use and the fitted ones on the
//! same items, and saves the fitted ones only when their log loss is lower
//! than that of the parameters in use. `--reset` goes back to the defaults.
//! Either way it ends with the workload each desired retention would cost.
//!
//! Changing parameters changes every card's memory state, so after saving
//! the snapshot is first invalidated, then rebuilt from the log with the new
//! parameters: if the process dies in between, the next command replays the
//! log rather than trusting states computed with the old parameters.

use super::{profile, stats::entries};
use crate::cli::OptimizeArgs;
use crate::config::Config;
use crate::progress::Progress;
use crate::schedule::{self, Evaluation, MIN_REVIEWS_TO_FIT};
use crate::stats;
use crate::store::{Profile, SNAPSHOT_VERSION, Settings, SnapshotFile};
use crate::text::inert;
use crate::ui::bars::{self, Row, Spinner};
use crate::ui::table::{Align, render};
use anyhow::{Context, Result, bail};
use std::io::Write;

/// Desired retentions shown in the workload table (the learner's own is
/// added when it is not one of them). Each estimate takes a noticeable
/// moment, so the step is 0.02 rather than 0.01.
const RETENTIONS: [f32; 9] = [0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.95];

pub fn run(config: &Config, args: &OptimizeArgs, out: &mut dyn Write) -> Result<()> {
    let store = profile::store(config)?;
    let exists = store.profiles()?.contains(&config.profile);
    if !exists && args.reset {
        writeln!(
            out,
            "Profile \"{}\" has no reviews yet; it uses the default parameters.",
            config.profile
        )?;
        return Ok(());
    }
    if !exists {
        bail!(not_enough(0));
    }
    let profile = store.open(&config.profile)?;
    let mut settings = profile.load_settings()?;
    if args.reset {
        if settings.parameters.is_none() {
            writeln!(out, "Already using the default FSRS parameters.")?;
        } else {
            settings.parameters = None;
            save(config, &store, &profile, &settings)?;
            writeln!(
                out,
                "Back to the default FSRS parameters; card states were recomputed with them."
            )?;
        }
        let dir = profile.dir().to_path_buf();
        // The estimate takes a while: let study sessions start meanwhile.
        drop(profile);
        return print_workload(out, &settings, &store, &dir);
    }

    let log = profile.read_log()?;
    let reviews = stats::effective_reviews(entries(&log.entries));
    let histories = stats::histories(&reviews);
    let items = schedule::training_items(&histories, &profile::clock(config.now));
    if items.len() < MIN_REVIEWS_TO_FIT {
        bail!(not_enough(items.len()));
    }
    writeln!(
        out,
        "Fitting FSRS parameters to {} reviews of {} cards…",
        items.len(),
        histories.len()
    )?;
    out.flush()?;
    let spinner = Spinner::start("fitting");
    let fitted = schedule::fit(items.clone(), |done, total| spinner.update(done, total));
    spinner.finish();
    let fitted = fitted.context("could not fit parameters")?;

    let default = schedule::evaluate(&[], items.clone())?;
    let current = match &settings.parameters {
        Some(p) => Some(schedule::evaluate(p, items.clone())?),
        None => None,
    };
    let new = schedule::evaluate(&fitted, items)?;
    let mut rows = vec![eval_row("default parameters", default)];
    if let Some(current) = current {
        rows.push(eval_row("your current parameters", current));
    }
    rows.push(eval_row("fitted parameters", new));
    writeln!(out)?;
    write!(
        out,
        "{}",
        render(
            &["", "LOG LOSS", "RMSE"],
            &[Align::Left, Align::Right, Align::Right],
            &rows
        )
    )?;
    writeln!(
        out,
        "(lower is better for both; computed on the same reviews)"
    )?;
    writeln!(out)?;

    let baseline = current.unwrap_or(default);
    if new.log_loss < baseline.log_loss {
        settings.parameters = Some(fitted);
        save(config, &store, &profile, &settings)?;
        writeln!(
            out,
            "Saved: study uses the fitted parameters from now on \
             (`rolecall optimize --reset` undoes it)."
        )?;
    } else {
        writeln!(
            out,
            "Not saved: the fitted parameters do not predict your reviews better than the {} ones.",
            if current.is_some() {
                "current"
            } else {
                "default"
            }
        )?;
    }
    let dir = profile.dir().to_path_buf();
    drop(profile);
    print_workload(out, &settings, &store, &dir)
}

fn not_enough(items: usize) -> String {
    format!(
        "not enough reviews to fit parameters: {items} usable, at least {MIN_REVIEWS_TO_FIT} \
         needed ({} more). A usable review is a card's review on a later day than its \
         previous one; keep studying for a few days and try again.",
        MIN_REVIEWS_TO_FIT - items
    )
}

fn eval_row(label: &str, e: Evaluation) -> Vec<String> {
    vec![
        label.to_string(),
        format!("{:.4}", e.log_loss),
        format!("{:.2}%", e.rmse_bins * 100.0),
    ]
}

/// Saves `settings` and brings the snapshot in line with them.
fn save(
    config: &Config,
    store: &crate::store::Store,
    profile: &Profile,
    settings: &Settings,
) -> Result<()> {
    // An empty snapshot at offset 0 matches no non-empty log, so from here
    // on every reader replays the log with whatever settings it finds.
    profile
        .save_snapshot(&SnapshotFile {
            version: SNAPSHOT_VERSION,
            log_offset: 0,
            log_entries: 0,
            cards: Vec::new(),
        })
        .context("could not invalidate the snapshot; nothing was changed")?;
    profile
        .save_settings(settings)
        .context("could not save the parameters")?;
    let resolved = profile::resolve_settings(store, settings, None, None)?;
    let scheduler = profile::scheduler(&resolved, config.now)?;
    let log = profile.read_log()?;
    let progress = Progress::replay(&profile::events(&log.entries), &scheduler);
    let snapshot = profile::to_snapshot(&progress, log.end_offset, log.entries.len() as u64);
    profile
        .save_snapshot(&snapshot)
        .context("could not rebuild the snapshot (the next session rebuilds it)")?;
    Ok(())
}

fn print_workload(
    out: &mut dyn Write,
    settings: &Settings,
    store: &crate::store::Store,
    profile_dir: &std::path::Path,
) -> Result<()> {
    let resolved = profile::resolve_settings(store, settings, None, None)?;
    let parameters = settings.parameters.as_deref().unwrap_or_default();
    let mut retentions = RETENTIONS.to_vec();
    if !retentions
        .iter()
        .any(|r| (r - resolved.retention).abs() < 0.005)
    {
        retentions.push(resolved.retention);
        retentions.sort_by(f32::total_cmp);
    }
    let spinner = Spinner::start("estimating the workload of each retention");
    let workload = schedule::workload_by_retention(parameters, &retentions);
    spinner.finish();
    let workload = workload?;
    let max = workload.iter().map(|&(_, w)| w).fold(0.0, f32::max);
    writeln!(out)?;
    writeln!(
        out,
        "Workload by desired retention ({} parameters; 1.00× = the workload at 0.90)",
        if settings.parameters.is_some() {
            "your fitted"
        } else {
            "default"
        }
    )?;
    let rows: Vec<Row> = workload
        .iter()
        .map(|&(retention, w)| {
            let yours = (retention - resolved.retention).abs() < 0.005;
            Row::new(
                format!("{retention:.2}"),
                bars::share(f64::from(w), f64::from(max)),
                format!("{w:.2}×{}", if yours { "  ◀ yours" } else { "         " }),
            )
        })
        .collect();
    write!(out, "{}", bars::rows(&rows, 2, bars::terminal_width()))?;
    writeln!(
        out,
        "Higher retention: fewer lapses, more reviews. Try one with `rolecall study --retention R`,\n\
         or keep it with \"desired_retention\" in {}.",
        inert(&profile_dir.join("settings.json").display().to_string())
    )?;
    Ok(())
}
