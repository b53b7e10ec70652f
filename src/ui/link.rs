//! The address bar always holds the current state: read it once at start, then replace it
//! (debounced, one history entry in all) whenever the scenario changes.

use std::time::Duration;

use leptos::prelude::*;

use super::AppState;
use crate::codec::url::{self, DecodedLink};

/// How long the address bar waits for the slider to rest before it is rewritten.
const DEBOUNCE: Duration = Duration::from_millis(250);

pub fn read_address_bar() -> DecodedLink {
    let query = window().location().search().unwrap_or_default();
    url::decode(&query)
}

/// The current state as a query string.
pub fn current_query(state: AppState) -> String {
    state
        .options
        .with(|o| state.scenario.with(|s| url::encode(s, o)))
}

pub fn keep_address_bar_current(state: AppState) {
    super::after_changes(
        move || {
            state.scenario.track();
            state.options.track();
        },
        DEBOUNCE,
        move || {
            let query = current_query(state);
            let location = window().location();
            let path = location.pathname().unwrap_or_default();
            let address = format!("{path}?{query}");
            if let Ok(history) = window().history() {
                history
                    .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address))
                    .ok();
            }
        },
    );
}
