//! Saved scenarios, one key each.

use crate::codec::json_serde;
use crate::codec::json_value::{self, Value};
use serde::Serialize;

use super::store::{KeyValue, StoreError};
use super::{
    check_name, check_schema, same_name, SaveOutcome, StorageError, MAX_SAVED,
    MAX_SAVED_NAME_CHARS, SAVED_KEY_PREFIX, SCHEMA,
};
use crate::codec::json;
use crate::codec::Notice;
use crate::scenario::Scenario;

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
        json_serde::to_string(&out).unwrap_or_default()
    }

    /// Read the text stored under [`saved_key`] of `id`; the error says why it does not read.
    pub fn from_json(id: &str, text: &str) -> Result<SavedEntry, String> {
        let value: Value = json_value::parse(text).map_err(|e| format!("not JSON: {e}"))?;
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
        crate::model::order::sort_by(&mut self.entries, |a, b| {
            a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id))
        });
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

pub(super) fn read_now(store: &dyn KeyValue) -> Result<Saves, StorageError> {
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
