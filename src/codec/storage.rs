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

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::{self, ImportError};
use super::url::Notice;
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
fn check_schema(object: &serde_json::Map<String, Value>) -> Result<(), StorageError> {
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
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read stored text. Anything other than a complete, valid document of this version is an
    /// error (see the module's notes for what the caller does then); nothing panics.
    pub fn from_json(text: &str) -> Result<StoredState, StorageError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let Value::Object(object) = &value else {
            return Err(StorageError::Corrupt("not an object".into()));
        };
        check_schema(object)?;
        let state: StoredState =
            serde_json::from_value(value).map_err(|e| StorageError::Corrupt(e.to_string()))?;
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

/// The parts of unreadable stored text that still read, for a fresh start that loses as little
/// as possible (after the text is copied to a backup key). Each part dropped gives a notice.
/// A document of a newer version is not salvaged: its parts may mean something else.
pub fn salvage(text: &str) -> (StoredState, Vec<Notice>) {
    let mut state = StoredState::default();
    let mut notices = Vec::new();
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else {
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
        Some(value) => match serde_json::from_value::<Scenario>(value.clone()) {
            Ok(s) if s.is_valid() => state.last = Some(s),
            _ => notices.push(Notice::new(
                "last",
                "the last scenario could not be read; the default is shown",
            )),
        },
    }
    if let Some(Value::Array(list)) = object.get("saved") {
        for (index, item) in list.iter().enumerate() {
            let entry = serde_json::from_value::<SavedScenario>(item.clone());
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

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/// Why the browser's storage refused an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The storage for this page is full (`QuotaExceededError`).
    Full,
    /// The browser does not let this page store data (a private window, a sandboxed frame,
    /// storage turned off).
    Refused,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Full => write!(
                f,
                "the browser's storage for this page is full (a private window may allow none)"
            ),
            StoreError::Refused => write!(
                f,
                "the browser does not let this page store data (a private window, or storage \
                 turned off)"
            ),
        }
    }
}

impl std::error::Error for StoreError {}

/// A key-value store such as the browser's `localStorage`: any call may fail.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&self, key: &str) -> Result<(), StoreError>;
    /// Every key present, in any order.
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// A store in memory: for tests, and for a visit where the browser offers no storage at all.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RefCell<BTreeMap<String, String>>,
    /// Characters of keys and values together, as a full storage imitates.
    capacity: Option<usize>,
    /// Every write refused, as some private windows do.
    read_only: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses a write that would take it past `chars` characters.
    pub fn with_capacity(chars: usize) -> Self {
        MemoryStore {
            capacity: Some(chars),
            ..Self::default()
        }
    }

    /// From now on every write is refused; reads still work.
    pub fn make_read_only(&mut self) {
        self.read_only = true;
    }

    /// A copy of everything stored.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.map.borrow().clone()
    }
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::Refused);
        }
        if let Some(capacity) = self.capacity {
            let others: usize = self
                .map
                .borrow()
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.chars().count() + v.chars().count())
                .sum();
            if others + key.chars().count() + value.chars().count() > capacity {
                return Err(StoreError::Full);
            }
        }
        self.map.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::Refused);
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map.borrow().keys().cloned().collect())
    }
}

// ---------------------------------------------------------------------------------------------
// Saved scenarios, one key each
// ---------------------------------------------------------------------------------------------

/// A saved scenario as stored under [`saved_key`] of its id.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedEntry {
    /// Stays the same when the scenario is renamed or saved again.
    pub id: String,
    /// Its place in the list, which is in the order scenarios were first saved.
    pub order: u64,
    pub name: String,
    /// When it was saved, as the caller gives it (an ISO 8601 date-time).
    pub saved_at: String,
    pub scenario: Scenario,
}

#[derive(Serialize)]
struct EntryOut<'a> {
    schema: u32,
    name: &'a str,
    saved_at: &'a str,
    order: u64,
    scenario: &'a Scenario,
}

/// The storage key of the saved scenario with this id.
pub fn saved_key(id: &str) -> String {
    format!("{SAVED_KEY_PREFIX}{id}")
}

/// A fresh id from the time in milliseconds and a random number: two tabs that save in the
/// same millisecond still get different ids.
pub fn new_id(now_ms: u64, random: u32) -> String {
    format!("{now_ms:x}-{random:08x}")
}

impl SavedEntry {
    /// Compact JSON for storage: the scenario in its usual serde form, as JSON files hold it.
    pub fn to_json(&self) -> String {
        let out = EntryOut {
            schema: SCHEMA,
            name: &self.name,
            saved_at: &self.saved_at,
            order: self.order,
            scenario: &self.scenario,
        };
        // Plain structs with string keys: serialising cannot fail.
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// Read the text stored under [`saved_key`] of `id`; the error says why it does not read.
    pub fn from_json(id: &str, text: &str) -> Result<SavedEntry, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let Value::Object(object) = &value else {
            return Err("not an object".into());
        };
        check_schema(object).map_err(|e| e.to_string())?;
        let name = match object.get("name") {
            Some(Value::String(name)) => check_name(name).map_err(|e| e.to_string())?,
            _ => return Err("it has no name".into()),
        };
        let saved_at = object
            .get("saved_at")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let order = object.get("order").and_then(Value::as_u64).unwrap_or(0);
        let raw = object.get("scenario").ok_or("it has no scenario")?;
        let scenario = json::read_scenario(raw, &mut Vec::new()).map_err(|e| e.to_string())?;
        if !scenario.is_valid() {
            return Err(StorageError::InvalidScenario.to_string());
        }
        Ok(SavedEntry {
            id: id.to_string(),
            order,
            name,
            saved_at,
            scenario,
        })
    }
}

/// The saved scenarios, in list order, as this tab last read them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saves {
    pub entries: Vec<SavedEntry>,
}

impl Saves {
    /// Everything stored, in list order, and a notice for each entry that does not read (it is
    /// left in storage as it is).
    pub fn read(store: &dyn KeyValue) -> Result<(Saves, Vec<Notice>), StoreError> {
        let mut entries = Vec::new();
        let mut notices = Vec::new();
        for key in store.keys()? {
            let Some(id) = key.strip_prefix(SAVED_KEY_PREFIX) else {
                continue;
            };
            let Some(text) = store.get(&key)? else {
                continue;
            };
            match SavedEntry::from_json(id, &text) {
                Ok(entry) => entries.push(entry),
                Err(why) => notices.push(Notice::new(
                    "saved",
                    format!(
                        "a saved scenario ({key}) could not be read ({why}); it was left as it was"
                    ),
                )),
            }
        }
        let mut saves = Saves { entries };
        saves.sort();
        saves.number_repeated_names();
        Ok((saves, notices))
    }

    fn sort(&mut self) {
        self.entries
            .sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
    }

    /// Two tabs that save the same new name at the very same moment leave two entries: both are
    /// kept, and the later one is listed with a number (in memory only) so each can be told apart.
    fn number_repeated_names(&mut self) {
        for index in 1..self.entries.len() {
            let (before, rest) = self.entries.split_at_mut(index);
            let Some(entry) = rest.first_mut() else {
                continue;
            };
            if !before.iter().any(|e| same_name(&e.name, &entry.name)) {
                continue;
            }
            let base: String = entry.name.chars().take(MAX_SAVED_NAME_CHARS - 5).collect();
            if let Some(name) = (2..)
                .map(|n| format!("{base} ({n})"))
                .find(|candidate| !before.iter().any(|e| same_name(&e.name, candidate)))
            {
                entry.name = name;
            }
        }
    }

    /// Put an entry in (in place of the one with its id) and keep the list order.
    fn put(&mut self, entry: SavedEntry) {
        self.entries.retain(|e| e.id != entry.id);
        self.entries.push(entry);
        self.sort();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// The saved scenario with this name.
    pub fn find(&self, name: &str) -> Option<&SavedEntry> {
        self.entries.iter().find(|e| same_name(&e.name, name))
    }

    /// The saved scenario with this id.
    pub fn get(&self, id: &str) -> Option<&SavedEntry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

fn read_now(store: &dyn KeyValue) -> Result<Saves, StorageError> {
    Saves::read(store)
        .map(|(saves, _)| saves)
        .map_err(StorageError::Store)
}

/// Save under a name, after reading what storage holds now: in place of the saved scenario
/// with that name (in any tab), or as a new entry at the end with the id `fresh_id`. Returns
/// what storage holds afterwards.
pub fn save(
    store: &dyn KeyValue,
    name: &str,
    scenario: Scenario,
    saved_at: &str,
    now_ms: u64,
    fresh_id: &str,
) -> Result<(SaveOutcome, Saves), StorageError> {
    let name = check_name(name)?;
    if !scenario.is_valid() {
        return Err(StorageError::InvalidScenario);
    }
    let mut saves = read_now(store)?;
    let (id, order, outcome) = match saves.find(&name) {
        Some(existing) => (existing.id.clone(), existing.order, SaveOutcome::Replaced),
        None if saves.len() >= MAX_SAVED => return Err(StorageError::TooMany),
        None => {
            // After every entry already listed, whatever the clocks of other tabs said.
            let after_last = saves
                .entries
                .last()
                .map_or(0, |e| e.order.saturating_add(1));
            (
                fresh_id.to_string(),
                now_ms.max(after_last),
                SaveOutcome::Added,
            )
        }
    };
    let entry = SavedEntry {
        id,
        order,
        name,
        saved_at: saved_at.to_string(),
        scenario,
    };
    store
        .set(&saved_key(&entry.id), &entry.to_json())
        .map_err(StorageError::Store)?;
    saves.put(entry);
    Ok((outcome, saves))
}

/// Rename the saved scenario with this id, after reading what storage holds now; refused when
/// another one has the new name, or when it was deleted meanwhile.
pub fn rename(store: &dyn KeyValue, id: &str, to: &str) -> Result<Saves, StorageError> {
    let to = check_name(to)?;
    let mut saves = read_now(store)?;
    let mut entry = saves.get(id).cloned().ok_or(StorageError::Gone)?;
    if saves
        .entries
        .iter()
        .any(|e| e.id != id && same_name(&e.name, &to))
    {
        return Err(StorageError::DuplicateName(to));
    }
    entry.name = to;
    store
        .set(&saved_key(id), &entry.to_json())
        .map_err(StorageError::Store)?;
    saves.put(entry);
    Ok(saves)
}

/// Delete the saved scenario with this id (already gone is no error). Returns what storage
/// holds afterwards.
pub fn delete(store: &dyn KeyValue, id: &str) -> Result<Saves, StorageError> {
    let mut saves = read_now(store)?;
    store.remove(&saved_key(id)).map_err(StorageError::Store)?;
    saves.entries.retain(|e| e.id != id);
    Ok(saves)
}

// ---------------------------------------------------------------------------------------------
// The last scenario
// ---------------------------------------------------------------------------------------------

/// The last scenario as stored: the JSON file form.
pub fn last_to_json(scenario: &Scenario) -> String {
    json::export_json(scenario)
}

/// The last scenario stored under [`LAST_KEY`], if any. Text that does not read is copied to a
/// backup key (never deleted) and gives a notice; the caller then shows the default.
pub fn read_last(store: &dyn KeyValue) -> (Option<Scenario>, Vec<Notice>) {
    let Ok(Some(text)) = store.get(LAST_KEY) else {
        return (None, Vec::new());
    };
    match json::import_json(&text) {
        Ok((scenario, _)) if scenario.is_valid() => (Some(scenario), Vec::new()),
        _ => {
            let kept = keep_aside(store, &text);
            let mut notices = vec![Notice::new(
                "last",
                "the last scenario could not be read; the default is shown",
            )];
            if kept {
                let _ = store.remove(LAST_KEY);
            } else {
                notices.push(no_room_notice());
            }
            (None, notices)
        }
    }
}

/// Copy text that does not read to the first free backup key.
fn keep_aside(store: &dyn KeyValue, text: &str) -> bool {
    let backup = free_backup_key(|key| store.get(key).ok().flatten().is_some());
    backup
        .as_deref()
        .is_some_and(|key| store.set(key, text).is_ok())
}

fn no_room_notice() -> Notice {
    Notice::new(
        "storage",
        "there was no room to keep the unreadable data aside; it was left as it was",
    )
}

// ---------------------------------------------------------------------------------------------
// The first release's document
// ---------------------------------------------------------------------------------------------

/// What moving the first release's document gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Migration {
    /// Its last scenario, for a tab that has none of its own.
    pub last: Option<Scenario>,
    pub notices: Vec<Notice>,
}

/// Move the first release's document ([`STORAGE_KEY`]) into the keyed form: each saved
/// scenario whose name is not saved yet becomes an entry (in its old order, before newer ones),
/// its last scenario goes to [`LAST_KEY`] when that is empty, then the document is removed. Unreadable text is kept aside first and what still reads is
/// moved; when a write is refused the document stays where it is, to be moved on a later visit.
pub fn migrate_legacy(store: &dyn KeyValue, mut fresh_id: impl FnMut() -> String) -> Migration {
    let Ok(Some(text)) = store.get(STORAGE_KEY) else {
        return Migration::default();
    };
    let (state, mut notices, mut keep_document) = match StoredState::from_json(&text) {
        Ok(state) => (state, Vec::new(), false),
        Err(_) => {
            let kept = keep_aside(store, &text);
            let (state, mut notices) = salvage(&text);
            if !kept {
                notices.push(no_room_notice());
            }
            (state, notices, !kept)
        }
    };
    for (index, saved) in state.saved.iter().enumerate() {
        let moved = read_now(store).and_then(|saves| {
            if saves.find(&saved.name).is_some() {
                return Ok(());
            }
            let entry = SavedEntry {
                id: fresh_id(),
                order: index as u64,
                name: saved.name.clone(),
                saved_at: saved.saved_at.clone(),
                scenario: saved.scenario.clone(),
            };
            store
                .set(&saved_key(&entry.id), &entry.to_json())
                .map_err(StorageError::Store)
        });
        if let Err(e) = moved {
            notices.push(Notice::new(
                "saved",
                format!(
                    "the scenarios saved by an earlier version could not be moved ({e}); they \
                     stay stored as they were"
                ),
            ));
            keep_document = true;
            break;
        }
    }
    // Its last scenario goes to the new key unless a newer one is there already.
    if let Some(last) = &state.last {
        if matches!(store.get(LAST_KEY), Ok(None))
            && store.set(LAST_KEY, &last_to_json(last)).is_err()
        {
            keep_document = true;
        }
    }
    if !keep_document {
        let _ = store.remove(STORAGE_KEY);
    }
    Migration {
        last: state.last,
        notices,
    }
}

// ---------------------------------------------------------------------------------------------
// Backup file: every saved scenario
// ---------------------------------------------------------------------------------------------

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
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
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
    let root: Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson {
        line: e.line(),
        column: e.column(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_tps(tps: f64) -> Scenario {
        let mut s = Scenario::default();
        s.platforms[0].tps = Some(tps);
        s
    }

    #[test]
    fn keys() {
        assert_eq!(STORAGE_KEY, "cost-per-token:v1");
        assert_eq!(backup_key(2), "cost-per-token:unreadable:2");
        assert_eq!(
            free_backup_key(|_| false).as_deref(),
            Some("cost-per-token:unreadable:1")
        );
        assert_eq!(
            free_backup_key(|k| k.ends_with(":1")).as_deref(),
            Some("cost-per-token:unreadable:2")
        );
        assert_eq!(free_backup_key(|_| true), None);
    }

    #[test]
    fn round_trip() {
        let mut state = StoredState::default();
        assert_eq!(StoredState::from_json(&state.to_json()), Ok(state.clone()));
        state.set_last(with_tps(120.0));
        state.save("Plan A", with_tps(100.0), "2026-04-01").unwrap();
        state
            .save("Plan B", Scenario::default(), "2026-04-02T10:00:00Z")
            .unwrap();
        let text = state.to_json();
        assert!(text.starts_with("{\"schema\":1,"), "{text}");
        assert_eq!(StoredState::from_json(&text), Ok(state));
    }

    #[test]
    fn save_adds_or_replaces_by_name() {
        let mut state = StoredState::default();
        assert_eq!(
            state.save(" Plan A ", with_tps(100.0), "d1"),
            Ok(SaveOutcome::Added)
        );
        assert_eq!(
            state.save("Plan B", with_tps(200.0), "d1"),
            Ok(SaveOutcome::Added)
        );
        assert_eq!(
            state.save("plan a", with_tps(300.0), "d2"),
            Ok(SaveOutcome::Replaced)
        );
        assert_eq!(state.names().collect::<Vec<_>>(), ["plan a", "Plan B"]);
        assert_eq!(state.load("PLAN A").unwrap().platforms[0].tps, Some(300.0));
        assert_eq!(state.find("Plan A").unwrap().saved_at, "d2");
        assert_eq!(
            state.load("nope"),
            Err(StorageError::NotFound("nope".into()))
        );
        assert_eq!(
            state.save("  ", Scenario::default(), "d"),
            Err(StorageError::EmptyName)
        );
        assert_eq!(
            state.save(&"x".repeat(61), Scenario::default(), "d"),
            Err(StorageError::NameTooLong { chars: 61 })
        );
        assert_eq!(
            state.save("Bad", with_tps(0.0), "d"),
            Err(StorageError::InvalidScenario)
        );
    }

    #[test]
    fn the_number_saved_is_limited() {
        let mut state = StoredState::default();
        for i in 0..MAX_SAVED {
            state
                .save(&format!("S{i}"), Scenario::default(), "d")
                .unwrap();
        }
        assert_eq!(
            state.save("one more", Scenario::default(), "d"),
            Err(StorageError::TooMany)
        );
        assert_eq!(
            StorageError::TooMany.to_string(),
            "50 scenarios are saved, the most this app keeps: delete one first"
        );
        // Replacing one is still allowed when full.
        assert_eq!(
            state.save("S3", with_tps(5.0), "d"),
            Ok(SaveOutcome::Replaced)
        );
        assert_eq!(StoredState::from_json(&state.to_json()), Ok(state));
    }

    #[test]
    fn rename_refuses_duplicates_empty_and_long() {
        let mut state = StoredState::default();
        state.save("A", Scenario::default(), "d").unwrap();
        state.save("B", Scenario::default(), "d").unwrap();
        assert_eq!(
            state.rename("A", "b"),
            Err(StorageError::DuplicateName("b".into()))
        );
        assert_eq!(state.rename("A", ""), Err(StorageError::EmptyName));
        assert_eq!(
            state.rename("A", &"é".repeat(61)),
            Err(StorageError::NameTooLong { chars: 61 })
        );
        assert_eq!(
            state.rename("Z", "C"),
            Err(StorageError::NotFound("Z".into()))
        );
        assert_eq!(state.rename("a", " a2 "), Ok(()));
        assert_eq!(
            state.rename("a2", "A2"),
            Ok(()),
            "a change of case of its own name"
        );
        assert_eq!(state.names().collect::<Vec<_>>(), ["A2", "B"]);
        assert_eq!(
            StorageError::DuplicateName("b".into()).to_string(),
            "a saved scenario is already called \"b\""
        );
    }

    #[test]
    fn delete_returns_the_entry() {
        let mut state = StoredState::default();
        state.save("A", with_tps(77.0), "d").unwrap();
        let removed = state.delete("a").unwrap();
        assert_eq!(removed.scenario.platforms[0].tps, Some(77.0));
        assert!(state.saved.is_empty());
        assert_eq!(state.delete("a"), Err(StorageError::NotFound("a".into())));
    }

    #[test]
    fn unreadable_text_is_an_error_not_a_panic() {
        let cases = [
            ("", "damaged"),
            ("{", "damaged"),
            ("null", "damaged"),
            ("[]", "damaged"),
            ("{\"schema\":2}", "version 2, newer"),
            ("{\"schema\":0}", "unknown version (0)"),
            ("{\"schema\":\"1\"}", "unknown version"),
            ("{}", "unknown version (none)"),
            ("{\"schema\":1,\"saved\":5}", "damaged"),
            ("{\"schema\":1,\"saved\":[{\"name\":\"x\"}]}", "damaged"),
        ];
        for (text, expected) in cases {
            let e = StoredState::from_json(text).unwrap_err().to_string();
            assert!(e.contains(expected), "{text}: {e}");
        }
        // The version alone is enough: the rest defaults.
        assert_eq!(
            StoredState::from_json("{\"schema\":1}"),
            Ok(StoredState::default())
        );
    }

    #[test]
    fn a_part_out_of_range_is_invalid_and_salvage_keeps_the_rest() {
        let mut state = StoredState::default();
        state.set_last(with_tps(0.0));
        state.saved.push(SavedScenario {
            name: "good".into(),
            scenario: with_tps(42.0),
            saved_at: "d".into(),
        });
        state.saved.push(SavedScenario {
            name: "bad".into(),
            scenario: with_tps(-1.0),
            saved_at: "d".into(),
        });
        let text = state.to_json();
        assert_eq!(
            StoredState::from_json(&text),
            Err(StorageError::Invalid("the last scenario".into()))
        );
        let (kept, notices) = salvage(&text);
        assert_eq!(kept.last, None);
        assert_eq!(kept.names().collect::<Vec<_>>(), ["good"]);
        let lines: Vec<String> = notices.iter().map(Notice::to_string).collect();
        assert_eq!(
            lines,
            [
                "last: the last scenario could not be read; the default is shown",
                "saved: saved scenario \"bad\" could not be read; it was kept aside"
            ]
        );
        // The salvaged state is itself valid.
        assert_eq!(StoredState::from_json(&kept.to_json()), Ok(kept));
    }

    #[test]
    fn duplicates_in_stored_text_are_invalid() {
        let mut state = StoredState::default();
        state.save("A", Scenario::default(), "d").unwrap();
        state.saved.push(state.saved[0].clone());
        state.saved[1].name = "a".into();
        let e = StoredState::from_json(&state.to_json()).unwrap_err();
        assert!(e.to_string().contains("the name is used twice"), "{e}");
        let (kept, notices) = salvage(&state.to_json());
        assert_eq!(kept.saved.len(), 1);
        assert_eq!(
            notices.len(),
            0,
            "the second copy replaces the first: nothing lost"
        );
    }

    #[test]
    fn salvage_of_garbage_and_of_a_newer_version() {
        let (state, notices) = salvage("not json");
        assert_eq!(state, StoredState::default());
        assert_eq!(notices[0].key, "storage");
        let (state, notices) = salvage("{\"schema\":9,\"saved\":[]}");
        assert_eq!(state, StoredState::default());
        assert!(notices[0].message.contains("version 9"), "{:?}", notices);
    }

    // -----------------------------------------------------------------------------------------
    // The keyed store
    // -----------------------------------------------------------------------------------------

    const FIXTURE: &str = include_str!("../../tests/fixtures/stored-v1.json");

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("m{n}")
        }
    }

    #[test]
    fn save_rename_delete_one_key_each() {
        let store = MemoryStore::new();
        let (outcome, saves) = save(&store, " Plan A ", with_tps(100.0), "d1", 10, "a").unwrap();
        assert_eq!(outcome, SaveOutcome::Added);
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A"]);
        let (_, saves) = save(&store, "Plan B", with_tps(200.0), "d1", 5, "b").unwrap();
        assert_eq!(
            saves.names().collect::<Vec<_>>(),
            ["Plan A", "Plan B"],
            "after the last, whatever the clock says"
        );
        assert_eq!(
            store.snapshot().keys().cloned().collect::<Vec<_>>(),
            ["cost-per-token:saved:a", "cost-per-token:saved:b"]
        );
        // Same name, any case: replaced in place, id and order kept.
        let (outcome, saves) = save(&store, "plan a", with_tps(300.0), "d2", 99, "c").unwrap();
        assert_eq!(outcome, SaveOutcome::Replaced);
        assert_eq!(saves.names().collect::<Vec<_>>(), ["plan a", "Plan B"]);
        assert_eq!(saves.find("PLAN A").unwrap().id, "a");
        assert_eq!(
            saves.find("Plan A").unwrap().scenario.platforms[0].tps,
            Some(300.0)
        );
        assert_eq!(
            saves,
            Saves::read(&store).unwrap().0,
            "what is stored is what the tab shows"
        );

        assert_eq!(
            rename(&store, "a", "Plan B"),
            Err(StorageError::DuplicateName("Plan B".into()))
        );
        assert_eq!(rename(&store, "a", " "), Err(StorageError::EmptyName));
        let saves = rename(&store, "a", "Plan C").unwrap();
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan C", "Plan B"]);
        assert_eq!(saves.get("a").unwrap().name, "Plan C");
        let saves = delete(&store, "a").unwrap();
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan B"]);
        assert_eq!(rename(&store, "a", "X"), Err(StorageError::Gone));
        assert_eq!(
            delete(&store, "a").unwrap().len(),
            1,
            "already gone is no error"
        );
        assert_eq!(
            save(&store, "Bad", with_tps(0.0), "d", 1, "z"),
            Err(StorageError::InvalidScenario)
        );
        assert_eq!(
            Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
            ["Plan B"]
        );
    }

    #[test]
    fn a_stale_tab_does_not_overwrite_another_tabs_save() {
        // The reported case: two tabs, each with the list it read when it opened.
        let store = MemoryStore::new();
        let (_, tab1) = save(&store, "Plan A", with_tps(100.0), "d", 1, "a").unwrap();
        let (_, tab2) = save(&store, "Plan B", with_tps(200.0), "d", 2, "b").unwrap();
        assert_eq!(
            tab1.names().collect::<Vec<_>>(),
            ["Plan A"],
            "tab 1 has not heard yet"
        );
        assert_eq!(tab2.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
        // Tab 1 saves again under a name tab 2 made: it replaces it, no second entry.
        let (outcome, tab1) = save(&store, "plan b", with_tps(300.0), "d", 3, "c").unwrap();
        assert_eq!(outcome, SaveOutcome::Replaced);
        assert_eq!(tab1.names().collect::<Vec<_>>(), ["Plan A", "plan b"]);
        assert_eq!(Saves::read(&store).unwrap().0, tab1);
    }

    #[test]
    fn the_number_saved_is_limited_across_tabs() {
        let store = MemoryStore::new();
        for i in 0..MAX_SAVED {
            save(
                &store,
                &format!("S{i}"),
                Scenario::default(),
                "d",
                i as u64,
                &format!("{i}"),
            )
            .unwrap();
        }
        assert_eq!(
            save(&store, "one more", Scenario::default(), "d", 99, "x"),
            Err(StorageError::TooMany)
        );
        assert!(
            save(&store, "S3", with_tps(5.0), "d", 99, "x").is_ok(),
            "replacing one is allowed"
        );
    }

    #[test]
    fn a_full_or_refusing_store_changes_nothing_and_says_why() {
        let entry_chars = {
            let probe = MemoryStore::new();
            save(&probe, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
            probe
                .snapshot()
                .iter()
                .map(|(k, v)| k.len() + v.len())
                .sum::<usize>()
        };
        let store = MemoryStore::with_capacity(entry_chars + 10);
        save(&store, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
        let before = store.snapshot();
        let refused = save(&store, "Plan B", with_tps(200.0), "d", 2, "b");
        assert_eq!(refused, Err(StorageError::Store(StoreError::Full)));
        assert_eq!(
            refused.unwrap_err().to_string(),
            "the browser's storage for this page is full (a private window may allow none)"
        );
        assert_eq!(store.snapshot(), before);
        // Replacing the one entry with a larger scenario: refused, the old one intact.
        let mut big = Scenario::default();
        big.platforms[0].name = "x".repeat(60);
        assert_eq!(
            save(&store, "Plan A", big, "d", 3, "c"),
            Err(StorageError::Store(StoreError::Full))
        );
        assert_eq!(store.snapshot(), before);

        let mut store = MemoryStore::new();
        save(&store, "Plan A", Scenario::default(), "d", 1, "a").unwrap();
        store.make_read_only();
        let before = store.snapshot();
        assert_eq!(
            save(&store, "Plan B", Scenario::default(), "d", 2, "b"),
            Err(StorageError::Store(StoreError::Refused))
        );
        assert_eq!(
            rename(&store, "a", "Plan C"),
            Err(StorageError::Store(StoreError::Refused))
        );
        assert_eq!(
            delete(&store, "a"),
            Err(StorageError::Store(StoreError::Refused))
        );
        assert_eq!(store.snapshot(), before);
        assert!(StoreError::Refused.to_string().contains("private window"));
    }

    #[test]
    fn an_unreadable_entry_is_left_alone_with_a_notice() {
        let store = MemoryStore::new();
        save(&store, "Good", Scenario::default(), "d", 1, "a").unwrap();
        store.set("cost-per-token:saved:b", "{broken").unwrap();
        store
            .set(
                "cost-per-token:saved:c",
                "{\"schema\":1,\"name\":\"Bad\",\"scenario\":{\"platforms\":[]}}",
            )
            .unwrap();
        store.set("unrelated", "x").unwrap();
        let (saves, notices) = Saves::read(&store).unwrap();
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Good"]);
        assert_eq!(notices.len(), 2, "{notices:?}");
        assert!(
            notices[0].message.contains("(cost-per-token:saved:b)"),
            "{notices:?}"
        );
        assert!(notices[1].message.contains("no platforms"), "{notices:?}");
        assert_eq!(
            store.get("cost-per-token:saved:b").unwrap().as_deref(),
            Some("{broken")
        );
        // Operations still work beside it.
        assert!(save(&store, "Other", Scenario::default(), "d", 2, "d").is_ok());
        assert!(store.get("cost-per-token:saved:c").unwrap().is_some());
    }

    #[test]
    fn a_name_saved_twice_in_the_same_instant_lists_both() {
        let store = MemoryStore::new();
        for (id, order) in [("a", 5), ("b", 5)] {
            let entry = SavedEntry {
                id: id.into(),
                order,
                name: "Plan A".into(),
                saved_at: "d".into(),
                scenario: Scenario::default(),
            };
            store.set(&saved_key(id), &entry.to_json()).unwrap();
        }
        let (saves, _) = Saves::read(&store).unwrap();
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan A (2)"]);
        let saves = rename(&store, "b", "Plan B").unwrap();
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
    }

    #[test]
    fn todays_stored_document_migrates() {
        let store = MemoryStore::new();
        store.set(STORAGE_KEY, FIXTURE).unwrap();
        let migration = migrate_legacy(&store, ids());
        assert_eq!(migration.notices, []);
        assert_eq!(
            migration.last.as_ref().unwrap().platforms[1].tps,
            Some(4500.0)
        );
        let (saves, notices) = Saves::read(&store).unwrap();
        assert_eq!(notices, []);
        assert_eq!(saves.names().collect::<Vec<_>>(), ["Plan A", "Plan B"]);
        assert_eq!(
            saves.find("Plan A").unwrap().scenario.platforms[1].tps,
            Some(5000.0)
        );
        let b = saves.find("Plan B").unwrap();
        assert_eq!(b.scenario.platforms[0].name, "My H200");
        assert_eq!(b.saved_at, "2026-11-21T17:40:12.345Z");
        assert_eq!(store.get(STORAGE_KEY).unwrap(), None, "moved, then removed");
        assert_eq!(read_last(&store).0.unwrap().platforms[1].tps, Some(4500.0));
        // Moving it again (another tab of the old version wrote it back) adds nothing twice.
        store.set(STORAGE_KEY, FIXTURE).unwrap();
        migrate_legacy(&store, ids());
        assert_eq!(
            Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
            ["Plan A", "Plan B"]
        );
    }

    #[test]
    fn migration_into_a_full_store_keeps_the_document() {
        let store = MemoryStore::with_capacity(FIXTURE.len() + STORAGE_KEY.len() + 100);
        store.set(STORAGE_KEY, FIXTURE).unwrap();
        let migration = migrate_legacy(&store, ids());
        assert_eq!(store.get(STORAGE_KEY).unwrap().as_deref(), Some(FIXTURE));
        assert_eq!(migration.notices.len(), 1);
        assert!(
            migration.notices[0]
                .message
                .contains("could not be moved (the browser's storage for this page is full"),
            "{:?}",
            migration.notices
        );
    }

    #[test]
    fn an_unreadable_document_is_kept_aside_and_salvaged() {
        let store = MemoryStore::new();
        store.set(STORAGE_KEY, "{not json").unwrap();
        let migration = migrate_legacy(&store, ids());
        assert_eq!(migration.last, None);
        assert_eq!(migration.notices[0].key, "storage");
        assert_eq!(
            store.get(&backup_key(1)).unwrap().as_deref(),
            Some("{not json")
        );
        assert_eq!(store.get(STORAGE_KEY).unwrap(), None);
        // A part that reads is moved.
        let store = MemoryStore::new();
        let mut state = StoredState::default();
        state.save("good", with_tps(42.0), "d").unwrap();
        state.saved.push(SavedScenario {
            name: "bad".into(),
            scenario: with_tps(-1.0),
            saved_at: "d".into(),
        });
        store.set(STORAGE_KEY, &state.to_json()).unwrap();
        let migration = migrate_legacy(&store, ids());
        assert_eq!(migration.notices.len(), 1, "{:?}", migration.notices);
        assert_eq!(
            Saves::read(&store).unwrap().0.names().collect::<Vec<_>>(),
            ["good"]
        );
        assert_eq!(store.get(&backup_key(1)).unwrap(), Some(state.to_json()));
    }

    #[test]
    fn the_last_scenario_round_trips_and_bad_text_is_kept_aside() {
        let store = MemoryStore::new();
        assert_eq!(read_last(&store), (None, vec![]));
        store
            .set(LAST_KEY, &last_to_json(&with_tps(123.0)))
            .unwrap();
        assert_eq!(read_last(&store).0.unwrap().platforms[0].tps, Some(123.0));
        store.set(LAST_KEY, "garbage").unwrap();
        let (last, notices) = read_last(&store);
        assert_eq!(last, None);
        assert_eq!(
            notices[0].to_string(),
            "last: the last scenario could not be read; the default is shown"
        );
        assert_eq!(
            store.get(&backup_key(1)).unwrap().as_deref(),
            Some("garbage")
        );
        assert_eq!(store.get(LAST_KEY).unwrap(), None);
    }

    #[test]
    fn export_then_import_every_saved_scenario() {
        let store = MemoryStore::new();
        save(
            &store,
            "Plan A",
            with_tps(100.0),
            "2026-12-01T10:00:00.000Z",
            1,
            "a",
        )
        .unwrap();
        let (_, saves) = save(
            &store,
            "Plan B",
            with_tps(200.0),
            "2026-12-02T10:00:00.000Z",
            2,
            "b",
        )
        .unwrap();
        let text = export_saves(&saves);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["app"], "cost-per-token");
        assert_eq!(value["saved"][1]["name"], "Plan B");
        // Each scenario in the file has the form of a file of one scenario.
        let one = json::export_json(&with_tps(200.0));
        let one: Value = serde_json::from_str(&one).unwrap();
        assert_eq!(value["saved"][1]["scenario"], one["scenario"]);

        let (incoming, notices) = import_saves(&text).unwrap();
        assert_eq!(notices, []);
        assert_eq!(incoming.len(), 2);
        assert_eq!(incoming[1].saved_at, "2026-12-02T10:00:00.000Z");
        assert_eq!(incoming[0].scenario, with_tps(100.0));

        // In another browser with one name in common: that one is asked about.
        let other = MemoryStore::new();
        let (_, there) = save(&other, "plan b", with_tps(9.0), "d", 1, "x").unwrap();
        assert_eq!(name_conflicts(&there, &incoming), ["Plan B"]);
        for item in &incoming {
            if there.find(&item.name).is_none() {
                save(
                    &other,
                    &item.name,
                    item.scenario.clone(),
                    &item.saved_at,
                    5,
                    "y",
                )
                .unwrap();
            }
        }
        let (after, _) = Saves::read(&other).unwrap();
        assert_eq!(after.names().collect::<Vec<_>>(), ["plan b", "Plan A"]);
        assert_eq!(
            after.find("Plan B").unwrap().scenario.platforms[0].tps,
            Some(9.0)
        );
    }

    #[test]
    fn import_reads_todays_document_and_refuses_other_files() {
        let (incoming, _) = import_saves(FIXTURE).unwrap();
        assert_eq!(
            incoming.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            ["Plan A", "Plan B"]
        );
        let refused = |text: &str| import_saves(text).unwrap_err().to_string();
        assert_eq!(refused(""), "the file is empty");
        assert!(refused("{").starts_with("not JSON at line 1"));
        assert!(refused("[1]").contains("holds a list"));
        assert!(refused("{\"app\":\"other\",\"saved\":[]}").contains("made by \"other\""));
        assert!(refused("{\"schema\":7,\"saved\":[]}").contains("schema 7 is newer"));
        assert!(
            refused(&json::export_json(&Scenario::default())).contains("open it with Import JSON")
        );
        assert!(refused("{\"schema\":1}").contains("no saved scenarios"));
        // One bad entry is left out, named; the rest is read.
        let mut value: Value = serde_json::from_str(FIXTURE).unwrap();
        value["saved"][0]["scenario"]["platforms"][0]["tps"] = Value::from(0);
        let (incoming, notices) = import_saves(&value.to_string()).unwrap();
        assert_eq!(incoming.len(), 1);
        assert!(
            notices[0].message.starts_with(
                "saved scenario \"Plan A\" was not imported: platform 1: tps 0 is out of range"
            ),
            "{notices:?}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let _ = StoredState::from_json(&text);
            let (state, _) = salvage(&text);
            prop_assert!(StoredState::from_json(&state.to_json()).is_ok());
        }

        #[test]
        fn damaged_documents_never_panic(at in any::<prop::sample::Index>(), insert in "[\\[\\]{}\",:0-9a-z.eE+-]{0,8}", cut in 0usize..6) {
            let mut state = StoredState::default();
            state.set_last(Scenario::default());
            let _ = state.save("A, \"quoted\"", Scenario::default(), "2026-04-01");
            let text = state.to_json();
            let mut at = at.index(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let end = (at + cut).min(text.len());
            let end = if text.is_char_boundary(end) { end } else { at };
            let damaged = format!("{}{}{}", &text[..at], insert, &text[end..]);
            if let Ok(read) = StoredState::from_json(&damaged) {
                prop_assert!(read.check().is_ok());
            }
            let (salvaged, _) = salvage(&damaged);
            prop_assert!(StoredState::from_json(&salvaged.to_json()).is_ok());
        }
    }
}
