//! What the app keeps in the browser's localStorage: the last scenario and the scenarios the user
//! saved by name, in one versioned JSON document under [`STORAGE_KEY`].
//!
//! Pure logic; the localStorage calls live in `ui/`. The caller's steps:
//! - Reading: `getItem(STORAGE_KEY)`; absent, or storage that throws (a sandboxed iframe), means
//!   [`StoredState::default`]. Text that [`StoredState::from_json`] refuses is never deleted:
//!   copy it to [`free_backup_key`] (`cost-per-token:unreadable:<n>`), then start from
//!   [`salvage`] of it (the parts that still read, with a notice for each part dropped). If no
//!   backup key is free, keep the state in memory only and do not overwrite [`STORAGE_KEY`].
//! - Writing: `setItem(STORAGE_KEY, state.to_json())`, never in embed mode.
//! - The operations ([`StoredState::save`], [`StoredState::rename`], ...) change the state in
//!   memory and say why they refuse; the caller writes after each one that succeeds.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::url::Notice;
use crate::scenario::Scenario;

/// The localStorage key of the stored document.
pub const STORAGE_KEY: &str = "cost-per-token:v1";
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

/// The stored document.
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
fn same_name(a: &str, b: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_tps(tps: f64) -> Scenario {
        let mut s = Scenario::default();
        s.platforms[0].tps = tps;
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
        assert_eq!(state.load("PLAN A").unwrap().platforms[0].tps, 300.0);
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
        assert_eq!(removed.scenario.platforms[0].tps, 77.0);
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
