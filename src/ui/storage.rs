//! localStorage glue. Storage that throws (a sandboxed iframe, privacy settings) is treated as
//! absent; unreadable data is kept aside under a backup key, never deleted; embed mode never
//! writes.

use std::time::Duration;

use leptos::prelude::*;

use super::AppState;
use crate::codec::storage::{self, StoredState, STORAGE_KEY};
use crate::codec::url::Notice;

/// How long the scenario must rest before it is written.
const DEBOUNCE: Duration = Duration::from_millis(400);

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored state and the problems found reading it.
pub fn read() -> (StoredState, Vec<Notice>) {
    let Some(store) = local_storage() else {
        return (StoredState::default(), Vec::new());
    };
    let Ok(Some(text)) = store.get_item(STORAGE_KEY) else {
        return (StoredState::default(), Vec::new());
    };
    match StoredState::from_json(&text) {
        Ok(state) => (state, Vec::new()),
        Err(_) => {
            // Keep the unreadable text aside, then start from what can be salvaged.
            let backup =
                storage::free_backup_key(|key| store.get_item(key).ok().flatten().is_some());
            let kept = backup
                .as_deref()
                .is_some_and(|key| store.set_item(key, &text).is_ok());
            let (state, mut notices) = storage::salvage(&text);
            if kept {
                write(&state);
            } else {
                notices.push(Notice::new(
                    "storage",
                    "there was no room to keep the unreadable data aside; it was left as it was",
                ));
            }
            (state, notices)
        }
    }
}

/// Write the stored state; a failure (full, or forbidden) is ignored: storage is a convenience.
pub fn write(state: &StoredState) -> bool {
    local_storage().is_some_and(|store| store.set_item(STORAGE_KEY, &state.to_json()).is_ok())
}

/// Keep the last scenario in storage (debounced), except in embed mode.
pub fn keep_last_scenario(state: AppState) {
    if state.options.with_untracked(|o| o.embed) {
        return;
    }
    super::after_changes(
        move || state.scenario.track(),
        DEBOUNCE,
        move || {
            let scenario = state.scenario.get_untracked();
            state.stored.update(|stored| stored.set_last(scenario));
            state.stored.with_untracked(write);
        },
    );
}

/// Today's date as an ISO 8601 string, for saved scenarios.
pub fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}
