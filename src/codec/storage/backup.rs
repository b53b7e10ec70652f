//! Backup file: every saved scenario.

use crate::codec::json_serde;
use crate::codec::json_value::{self, Value};
use serde::Serialize;

use super::saves::Saves;
use super::{check_name, clip, same_name, StorageError, SCHEMA};
use crate::codec::json::{self, ImportError};
use crate::codec::Notice;
use crate::scenario::Scenario;

/// Suggested download name of the backup file.
pub const BACKUP_FILE_NAME: &str = "cost-per-token-saved.json";

#[derive(Serialize)]
struct BackupOut<'a> {
    schema: u32,
    app: &'a str,
    saved: Vec<BackupItem<'a>>,
}

#[derive(Serialize)]
struct BackupItem<'a> {
    name: &'a str,
    saved_at: &'a str,
    scenario: &'a Scenario,
}

/// Every saved scenario in one pretty-printed JSON file (ends with a newline). Each scenario
/// has the same form as in a file of one scenario.
pub fn export_saves(saves: &Saves) -> String {
    let out = BackupOut {
        schema: SCHEMA,
        app: json::APP,
        saved: saves
            .entries
            .iter()
            .map(|e| BackupItem {
                name: &e.name,
                saved_at: &e.saved_at,
                scenario: &e.scenario,
            })
            .collect(),
    };
    let mut text = json_serde::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// A saved scenario read from a backup file.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    pub name: String,
    pub saved_at: String,
    pub scenario: Scenario,
}

/// Read a backup file (from [`export_saves`], or the first release's stored document). Refuses
/// a file that is not one, naming the problem; an entry that does not read is left out with a
/// notice naming it, and the rest is read. A name given twice: the later entry wins.
pub fn import_saves(text: &str) -> Result<(Vec<Incoming>, Vec<Notice>), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let root: Value = json_value::parse(text).map_err(|e| ImportError::NotJson {
        line: e.line,
        column: e.column,
        detail: e.to_string(),
    })?;
    let Value::Object(object) = &root else {
        return Err(ImportError::NotAnObject {
            found: match root {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                _ => "no object",
            },
        });
    };
    match object.get("app") {
        None => {}
        Some(Value::String(app)) if app == json::APP => {}
        Some(Value::String(app)) => return Err(ImportError::OtherApp(app.clone())),
        Some(other) => return Err(ImportError::OtherApp(other.to_string())),
    }
    match object.get("schema") {
        None => {}
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v == u64::from(SCHEMA) => {}
            Some(v) if v > u64::from(SCHEMA) => return Err(ImportError::NewerSchema(v)),
            _ => return Err(ImportError::BadSchema(n.to_string())),
        },
        Some(other) => {
            return Err(ImportError::BadSchema(
                other.to_string().chars().take(24).collect(),
            ))
        }
    }
    let list = match object.get("saved") {
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(ImportError::BadValue {
                platform: None,
                key: Some("saved".into()),
                detail: "not a list".into(),
            })
        }
        None if object.contains_key("scenario") => {
            return Err(ImportError::BadValue {
                platform: None,
                key: None,
                detail: "the file holds one scenario, not saved scenarios: open it with Import \
                         JSON"
                    .into(),
            })
        }
        None => {
            return Err(ImportError::BadValue {
                platform: None,
                key: None,
                detail: "the file holds no saved scenarios (\"saved\" is missing)".into(),
            })
        }
    };
    let mut incoming: Vec<Incoming> = Vec::new();
    let mut notices = Vec::new();
    for (index, item) in list.iter().enumerate() {
        let label = item
            .get("name")
            .and_then(Value::as_str)
            .map(|n| format!("\"{}\"", clip(n)))
            .unwrap_or_else(|| format!("number {}", index + 1));
        let read = || -> Result<Incoming, String> {
            let name = match item.get("name") {
                Some(Value::String(name)) => check_name(name).map_err(|e| e.to_string())?,
                _ => return Err("it has no name".into()),
            };
            let raw = item.get("scenario").ok_or("it has no scenario")?;
            let scenario = json::read_scenario(raw, &mut Vec::new()).map_err(|e| e.to_string())?;
            if !scenario.is_valid() {
                return Err(StorageError::InvalidScenario.to_string());
            }
            let saved_at = item
                .get("saved_at")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            Ok(Incoming {
                name,
                saved_at,
                scenario,
            })
        };
        match read() {
            Ok(entry) => {
                incoming.retain(|e| !same_name(&e.name, &entry.name));
                incoming.push(entry);
            }
            Err(why) => notices.push(Notice::new(
                "saved",
                format!("saved scenario {label} was not imported: {why}"),
            )),
        }
    }
    Ok((incoming, notices))
}

/// The names in `incoming` that are already saved: the user is asked about each before it is
/// replaced.
pub fn name_conflicts<'a>(saves: &Saves, incoming: &'a [Incoming]) -> Vec<&'a str> {
    incoming
        .iter()
        .filter(|i| saves.find(&i.name).is_some())
        .map(|i| i.name.as_str())
        .collect()
}
