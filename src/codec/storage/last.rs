//! The last scenario.

use super::saves::{read_now, saved_key, SavedEntry};
use super::store::KeyValue;
use super::{free_backup_key, salvage, StorageError, StoredState, LAST_KEY, STORAGE_KEY};
use crate::codec::json;
use crate::codec::Notice;
use crate::scenario::Scenario;

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
