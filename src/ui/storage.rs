//! Browser storage glue. Saved scenarios live in localStorage, one key each (the rules are in
//! `codec::storage`); the last scenario is kept per tab in sessionStorage and, for a new tab or
//! a later visit, in localStorage apart from the saves. Storage that throws (a sandboxed iframe,
//! privacy settings) is replaced by memory for the visit; embed mode never writes.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::AppState;
use crate::codec::storage::{self, read_last, KeyValue, MemoryStore, Saves, StoreError, LAST_KEY};
use crate::codec::Notice;
use crate::scenario::Scenario;

/// How long the scenario must rest before it is written.
const DEBOUNCE: Duration = Duration::from_millis(400);

/// A browser `Storage` (localStorage or sessionStorage) as the storage core sees it.
struct BrowserStore(web_sys::Storage);

/// A full storage throws `QuotaExceededError`; anything else thrown means storage is refused.
fn store_error(error: JsValue) -> StoreError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" || e.code() == 22 => StoreError::Full,
        _ => StoreError::Refused,
    }
}

impl KeyValue for BrowserStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.0.get_item(key).map_err(store_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.0.set_item(key, value).map_err(store_error)
    }

    fn remove(&self, key: &str) -> Result<(), StoreError> {
        self.0.remove_item(key).map_err(store_error)
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let length = self.0.length().map_err(store_error)?;
        (0..length)
            .filter_map(|i| self.0.key(i).map_err(store_error).transpose())
            .collect()
    }
}

thread_local! {
    /// Saved scenarios for this visit when the browser offers no localStorage at all.
    static VISIT_ONLY: MemoryStore = MemoryStore::new();
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Run `action` on the store of saved scenarios: localStorage, or memory for this visit when
/// the browser has none (`lasting` is then false).
pub fn with_store<R>(action: impl FnOnce(&dyn KeyValue, bool) -> R) -> R {
    match local_storage() {
        Some(store) => action(&BrowserStore(store), true),
        None => VISIT_ONLY.with(|memory| action(memory, false)),
    }
}

/// A fresh id for a saved scenario.
pub fn fresh_id() -> String {
    storage::new_id(
        now_ms(),
        (js_sys::Math::random() * f64::from(u32::MAX)) as u32,
    )
}

pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// What storage gave when the page opened.
pub struct Startup {
    pub saves: Saves,
    /// This tab's last scenario, else the last of any tab.
    pub last: Option<Scenario>,
    pub notices: Vec<Notice>,
}

/// Read the saved scenarios and the last scenario, moving the first release's document first.
pub fn read() -> Startup {
    with_store(|store, _| {
        let migration = storage::migrate_legacy(store, fresh_id);
        let mut notices = migration.notices;
        let saves = match Saves::read(store) {
            Ok((saves, problems)) => {
                notices.extend(problems);
                saves
            }
            Err(_) => Saves::default(),
        };
        let (this_tab, problems) = session_storage()
            .map(|s| read_last(&BrowserStore(s)))
            .unwrap_or_default();
        notices.extend(problems);
        let (any_tab, problems) = read_last(store);
        notices.extend(problems);
        Startup {
            saves,
            last: this_tab.or(any_tab).or(migration.last),
            notices,
        }
    })
}

/// The saved scenarios as storage holds them now (after another tab changed them).
pub fn read_saves() -> Option<Saves> {
    with_store(|store, _| Saves::read(store).ok().map(|(saves, _)| saves))
}

/// Keep the last scenario (debounced), except in embed mode: for this tab in sessionStorage and
/// for new tabs in localStorage, under its own key, apart from the saves. A failure is ignored:
/// the scenario stays on screen and the saves are not touched.
pub fn keep_last_scenario(state: AppState) {
    if state.options.with_untracked(|o| o.embed) {
        return;
    }
    super::after_changes(
        move || state.scenario.track(),
        DEBOUNCE,
        move || {
            let text = state.scenario.with_untracked(storage::last_to_json);
            if let Some(session) = session_storage() {
                let _ = session.set_item(LAST_KEY, &text);
            }
            with_store(|store, _| {
                let _ = store.set(LAST_KEY, &text);
            });
        },
    );
}

/// Ask the browser to keep this page's data when space runs low; `Some(true)` if it agreed,
/// `None` if it cannot be asked.
pub async fn ask_to_persist() -> Option<bool> {
    let manager = web_sys::window()?.navigator().storage();
    let promise = manager.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_bool()
}

/// Now as an ISO 8601 date-time, for saved scenarios.
pub fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}
