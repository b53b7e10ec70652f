//! What the app keeps in the browser's storage, as pure logic over a [`KeyValue`] store (the
//! browser's `localStorage` in the app, a map in tests).
//!
//! - Each saved scenario has its own key, [`SAVED_KEY_PREFIX`] plus a stable id, holding one
//!   [`SavedEntry`]. Every operation ([`save`], [`rename`], [`delete`]) re-reads what storage holds
//!   and writes or removes that one key, so tabs never write their stale copy of the list over
//!   each other's work: saves, renames and deletes from any number of tabs all survive.
//! - The last scenario on screen is kept under [`LAST_KEY`] (the caller keeps it per tab as well),
//!   apart from the saves: writing it never touches them.
//! - The single document of the first release ([`StoredState`] under [`STORAGE_KEY`]) is read
//!   once by [`migrate_legacy`], merged into the keyed form by name, and removed only when every
//!   part was moved. Unreadable text is never deleted: it is copied to a backup key
//!   ([`free_backup_key`], `cost-per-token:unreadable:<n>`) and what still reads is [`salvage`]d.
//! - Backups: [`export_saves`] writes every saved scenario in one JSON file; [`import_saves`]
//!   reads it back and [`name_conflicts`] lists the names the caller must ask about before
//!   [`save`] replaces them.
//! - A store that is full or refuses writes gives a [`StoreError`]; nothing stored before is
//!   changed by a refused write.

mod backup;
mod last;
mod saves;
mod store;

pub use backup::*;
pub use last::*;
pub use saves::*;
pub use store::*;

use super::json_serde;
use super::json_value::{self, Map, Value};
use serde::{Deserialize, Serialize};

use super::{json, Notice};
use crate::scenario::Scenario;

/// The localStorage key of the first release's single document (read only, to migrate it).
pub const STORAGE_KEY: &str = "cost-per-token:v1";
/// Each saved scenario is stored under this prefix plus its id.
pub const SAVED_KEY_PREFIX: &str = "cost-per-token:saved:";
/// The last scenario on screen.
pub const LAST_KEY: &str = "cost-per-token:last";

/// The document version this code writes and reads.
pub const SCHEMA: u32 = 1;
/// Unreadable text is kept under this prefix plus a number from 1 to [`MAX_BACKUPS`].
pub const BACKUP_KEY_PREFIX: &str = "cost-per-token:unreadable:";
pub const MAX_BACKUPS: u32 = 3;
/// At most this many saved scenarios.
pub const MAX_SAVED: usize = 50;
/// A saved scenario's name holds at most this many characters.
pub const MAX_SAVED_NAME_CHARS: usize = 60;

/// The key for backup number `n` (1-based).
pub fn backup_key(n: u32) -> String {
    format!("{BACKUP_KEY_PREFIX}{n}")
}

/// The first backup key not in use, or `None` when all [`MAX_BACKUPS`] are taken.
pub fn free_backup_key(is_taken: impl Fn(&str) -> bool) -> Option<String> {
    (1..=MAX_BACKUPS).map(backup_key).find(|k| !is_taken(k))
}

/// A scenario the user saved by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    pub name: String,
    pub scenario: Scenario,
    /// When it was saved, as the caller gives it (an ISO 8601 date or date-time).
    pub saved_at: String,
}

/// The first release's stored document: the last scenario and the saved ones, under
/// [`STORAGE_KEY`]. Read only to migrate it (and its operations serve the salvage).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredState {
    pub schema: u32,
    /// The scenario on screen when the page was last used.
    #[serde(default)]
    pub last: Option<Scenario>,
    /// Saved scenarios, in the order they were first saved.
    #[serde(default)]
    pub saved: Vec<SavedScenario>,
}

impl Default for StoredState {
    fn default() -> Self {
        StoredState {
            schema: SCHEMA,
            last: None,
            saved: Vec::new(),
        }
    }
}

/// Why stored text could not be read, or an operation was refused. `Display` is a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// Not JSON, or not the document's shape.
    Corrupt(String),
    NewerSchema(u64),
    UnknownSchema(String),
    /// Readable, but a part fails the scenario's checks.
    Invalid(String),
    EmptyName,
    NameTooLong {
        chars: usize,
    },
    DuplicateName(String),
    NotFound(String),
    TooMany,
    InvalidScenario,
    /// The saved scenario was deleted (in another tab) before this operation.
    Gone,
    /// The browser's storage refused the write; nothing stored was changed.
    Store(StoreError),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Corrupt(detail) => write!(f, "the stored data is damaged ({detail})"),
            StorageError::NewerSchema(n) => write!(
                f,
                "the stored data is version {n}, newer than this app reads (version {SCHEMA})"
            ),
            StorageError::UnknownSchema(found) => {
                write!(f, "the stored data has an unknown version ({found})")
            }
            StorageError::Invalid(detail) => write!(f, "the stored data is not valid: {detail}"),
            StorageError::EmptyName => write!(f, "a saved scenario needs a name"),
            StorageError::NameTooLong { chars } => write!(
                f,
                "the name has {chars} characters; at most {MAX_SAVED_NAME_CHARS} are allowed"
            ),
            StorageError::DuplicateName(name) => {
                write!(f, "a saved scenario is already called \"{name}\"")
            }
            StorageError::NotFound(name) => write!(f, "no saved scenario is called \"{name}\""),
            StorageError::TooMany => write!(
                f,
                "{MAX_SAVED} scenarios are saved, the most this app keeps: delete one first"
            ),
            StorageError::InvalidScenario => {
                write!(f, "the scenario has a value out of range and was not saved")
            }
            StorageError::Gone => write!(
                f,
                "this saved scenario no longer exists: it was deleted in another tab"
            ),
            StorageError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StorageError {}

/// What a save did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Added,
    Replaced,
}

/// Names are compared without surrounding spaces and without regard to (ASCII) case.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// A name trimmed and checked.
pub fn check_name(name: &str) -> Result<String, StorageError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 {
        Err(StorageError::EmptyName)
    } else if chars > MAX_SAVED_NAME_CHARS {
        Err(StorageError::NameTooLong { chars })
    } else {
        Ok(name.to_string())
    }
}

/// The document's version as written, checked.
fn check_schema(object: &Map) -> Result<(), StorageError> {
    match object.get("schema") {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v == u64::from(SCHEMA) => Ok(()),
            Some(v) if v > u64::from(SCHEMA) => Err(StorageError::NewerSchema(v)),
            _ => Err(StorageError::UnknownSchema(n.to_string())),
        },
        Some(other) => Err(StorageError::UnknownSchema(
            other.to_string().chars().take(24).collect(),
        )),
        None => Err(StorageError::UnknownSchema("none".into())),
    }
}

impl StoredState {
    /// Compact JSON for localStorage.
    pub fn to_json(&self) -> String {
        // Plain structs with string keys: serialising cannot fail.
        json_serde::to_string(self).unwrap_or_default()
    }

    /// Read stored text. Anything other than a complete, valid document of this version is an
    /// error (see the module's notes for what the caller does then); nothing panics.
    pub fn from_json(text: &str) -> Result<StoredState, StorageError> {
        let mut value: Value =
            json_value::parse(text).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        migrate_scenarios(&mut value);
        let Value::Object(object) = &value else {
            return Err(StorageError::Corrupt("not an object".into()));
        };
        check_schema(object)?;
        let state: StoredState =
            json_serde::from_value(value).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        state.check()?;
        Ok(state)
    }

    /// Every part within the app's limits.
    fn check(&self) -> Result<(), StorageError> {
        if let Some(last) = &self.last {
            if !last.is_valid() {
                return Err(StorageError::Invalid("the last scenario".into()));
            }
        }
        if self.saved.len() > MAX_SAVED {
            return Err(StorageError::Invalid(format!(
                "{} saved scenarios, more than {MAX_SAVED}",
                self.saved.len()
            )));
        }
        for (index, entry) in self.saved.iter().enumerate() {
            let what = || format!("saved scenario {} (\"{}\")", index + 1, clip(&entry.name));
            if check_name(&entry.name).is_err() {
                return Err(StorageError::Invalid(format!("{}: its name", what())));
            }
            if self.saved[..index]
                .iter()
                .any(|e| same_name(&e.name, &entry.name))
            {
                return Err(StorageError::Invalid(format!(
                    "{}: the name is used twice",
                    what()
                )));
            }
            if !entry.scenario.is_valid() {
                return Err(StorageError::Invalid(what()));
            }
        }
        Ok(())
    }

    pub fn set_last(&mut self, scenario: Scenario) {
        self.last = Some(scenario);
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.saved.iter().map(|s| s.name.as_str())
    }

    /// The saved scenario with this name.
    pub fn find(&self, name: &str) -> Option<&SavedScenario> {
        self.saved.iter().find(|s| same_name(&s.name, name))
    }

    /// The scenario saved under this name.
    pub fn load(&self, name: &str) -> Result<&Scenario, StorageError> {
        self.find(name)
            .map(|s| &s.scenario)
            .ok_or_else(|| StorageError::NotFound(clip(name)))
    }

    /// Save under a name: a new entry at the end, or in place of the one with the same name.
    pub fn save(
        &mut self,
        name: &str,
        scenario: Scenario,
        saved_at: &str,
    ) -> Result<SaveOutcome, StorageError> {
        let name = check_name(name)?;
        if !scenario.is_valid() {
            return Err(StorageError::InvalidScenario);
        }
        let entry = SavedScenario {
            name,
            scenario,
            saved_at: saved_at.to_string(),
        };
        if let Some(existing) = self
            .saved
            .iter_mut()
            .find(|s| same_name(&s.name, &entry.name))
        {
            *existing = entry;
            return Ok(SaveOutcome::Replaced);
        }
        if self.saved.len() >= MAX_SAVED {
            return Err(StorageError::TooMany);
        }
        self.saved.push(entry);
        Ok(SaveOutcome::Added)
    }

    /// Rename a saved scenario; refused when another one already has the new name.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), StorageError> {
        let to = check_name(to)?;
        let index = self
            .saved
            .iter()
            .position(|s| same_name(&s.name, from))
            .ok_or_else(|| StorageError::NotFound(clip(from)))?;
        if self
            .saved
            .iter()
            .enumerate()
            .any(|(i, s)| i != index && same_name(&s.name, &to))
        {
            return Err(StorageError::DuplicateName(to));
        }
        if let Some(entry) = self.saved.get_mut(index) {
            entry.name = to;
        }
        Ok(())
    }

    /// Delete a saved scenario; the removed entry is returned (for undo).
    pub fn delete(&mut self, name: &str) -> Result<SavedScenario, StorageError> {
        let index = self
            .saved
            .iter()
            .position(|s| same_name(&s.name, name))
            .ok_or_else(|| StorageError::NotFound(clip(name)))?;
        Ok(self.saved.remove(index))
    }
}

fn clip(name: &str) -> String {
    name.trim().chars().take(MAX_SAVED_NAME_CHARS).collect()
}

/// Stored scenarios of an earlier release (the last one and each saved one) in today's form:
/// see [`super::json::page_setup_to_platforms`].
fn migrate_scenarios(state: &mut Value) {
    if let Some(last) = state.get_mut("last") {
        json::page_setup_to_platforms(last);
    }
    if let Some(saved) = state.get_mut("saved").and_then(Value::as_array_mut) {
        for entry in saved {
            if let Some(scenario) = entry.get_mut("scenario") {
                json::page_setup_to_platforms(scenario);
            }
        }
    }
}

/// The parts of unreadable stored text that still read, for a fresh start that loses as little
/// as possible (after the text is copied to a backup key). Each part dropped gives a notice.
/// A document of a newer version is not salvaged: its parts may mean something else.
pub fn salvage(text: &str) -> (StoredState, Vec<Notice>) {
    let mut state = StoredState::default();
    let mut notices = Vec::new();
    let Ok(mut value) = json_value::parse(text) else {
        notices.push(Notice::new(
            "storage",
            "the stored data could not be read; it was kept aside",
        ));
        return (state, notices);
    };
    migrate_scenarios(&mut value);
    let Value::Object(object) = value else {
        notices.push(Notice::new(
            "storage",
            "the stored data could not be read; it was kept aside",
        ));
        return (state, notices);
    };
    if let Err(e @ StorageError::NewerSchema(_)) = check_schema(&object) {
        notices.push(Notice::new("storage", format!("{e}; it was kept aside")));
        return (state, notices);
    }
    match object.get("last") {
        None | Some(Value::Null) => {}
        Some(value) => match json_serde::from_value::<Scenario>(value.clone()) {
            Ok(s) if s.is_valid() => state.last = Some(s),
            _ => notices.push(Notice::new(
                "last",
                "the last scenario could not be read; the default is shown",
            )),
        },
    }
    if let Some(Value::Array(list)) = object.get("saved") {
        for (index, item) in list.iter().enumerate() {
            let entry = json_serde::from_value::<SavedScenario>(item.clone());
            let label = item
                .get("name")
                .and_then(Value::as_str)
                .map(|n| format!("\"{}\"", clip(n)))
                .unwrap_or_else(|| format!("number {}", index + 1));
            let kept = match entry {
                Ok(e) if e.scenario.is_valid() => {
                    state.save(&e.name, e.scenario, &e.saved_at).is_ok()
                }
                _ => false,
            };
            if !kept {
                notices.push(Notice::new(
                    "saved",
                    format!("saved scenario {label} could not be read; it was kept aside"),
                ));
            }
        }
    } else if object.get("saved").is_some_and(|v| !v.is_null()) {
        notices.push(Notice::new(
            "saved",
            "the saved scenarios could not be read; they were kept aside",
        ));
    }
    (state, notices)
}

#[cfg(test)]
mod tests;
