//! `rolecall config`: list, get, set and unset the profile's saved
//! settings (see `workspace::config` for the keys and their checks).

use super::library;
use crate::cli::{ConfigAction, ConfigArgs};
use crate::config::Config;
use crate::ui::table::{Align, render};
use crate::workspace::config::{Key, apply, list};
use crate::workspace::{Overrides, Workspace};
use anyhow::Result;
use std::io::Write;

pub fn run(config: &Config, args: &ConfigArgs, out: &mut dyn Write) -> Result<()> {
    let workspace = Workspace::new(config)?;
    match &args.action {
        ConfigAction::List => {
            let settings = list(&workspace, &config.profile)?;
            let rows: Vec<Vec<String>> = settings
                .iter()
                .map(|s| {
                    vec![
                        s.key.to_string(),
                        s.value.clone(),
                        s.source.name().to_string(),
                    ]
                })
                .collect();
            write!(
                out,
                "{}",
                render(&["SETTING", "VALUE", "FROM"], &[Align::Left; 3], &rows)
            )?;
        }
        ConfigAction::Get { key } => {
            let key = Key::parse(key)?;
            let settings = list(&workspace, &config.profile)?;
            if let Some(setting) = settings.iter().find(|s| s.key == key.name()) {
                writeln!(out, "{}", setting.value)?;
            }
        }
        ConfigAction::Set { key, value } => set(config, &workspace, key, Some(value), out)?,
        ConfigAction::Unset { key } => set(config, &workspace, key, None, out)?,
    }
    Ok(())
}

/// Checks and saves one setting under the profile's lock, then says what
/// it is now.
fn set(
    config: &Config,
    workspace: &Workspace,
    key: &str,
    value: Option<&String>,
    out: &mut dyn Write,
) -> Result<()> {
    let key = Key::parse(key)?;
    let library = library(config)?;
    let mut writer = workspace.write(&config.profile, Overrides::default())?;
    super::warn(&mut std::io::stderr(), writer.warnings())?;
    writer.change_settings(|settings| apply(settings, key, value.map(String::as_str), &library))?;
    drop(writer);
    let now = list(workspace, &config.profile)?;
    if let Some(setting) = now.iter().find(|s| s.key == key.name()) {
        writeln!(
            out,
            "{} = {} ({})",
            setting.key,
            setting.value,
            setting.source.name()
        )?;
    }
    Ok(())
}
