//! The page's look that depends on the screen or the link: a media query as a signal, and the
//! colour scheme (`theme=`) put on the root element for the stylesheet.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::codec::url::Theme;

/// A phone's width: the style sheet's narrow layout starts here too.
pub const NARROW_SCREEN: &str = "(max-width: 640px)";

/// Whether `query` matches now (false where it cannot be asked).
pub fn matches(query: &str) -> bool {
    window()
        .match_media(query)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// A signal that follows `query` as the window is resized or turned.
pub fn media_signal(query: &str) -> ReadSignal<bool> {
    let (now, set_now) = signal(matches(query));
    if let Ok(Some(list)) = window().match_media(query) {
        let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let matched = list_matches(&event);
            // The component that asked may be gone; then there is nothing to update.
            set_now.try_set(matched);
        });
        list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
            .ok();
        on_change.forget();
    }
    now
}

fn list_matches(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::MediaQueryList>().ok())
        .is_some_and(|m| m.matches())
}

/// Put the link's colour scheme on `<html data-theme=...>`; `auto` leaves the system's.
pub fn apply_theme(theme: Theme) {
    let Some(root) = window().document().and_then(|d| d.document_element()) else {
        return;
    };
    match theme {
        Theme::Auto => root.remove_attribute("data-theme").ok(),
        fixed => root.set_attribute("data-theme", fixed.key()).ok(),
    };
}
