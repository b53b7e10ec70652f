//! The compact view for an iframe (`?embed=1`): no page chrome, the parts `view=` names, an
//! attribution link to the full calculator, and the content's height sent to the host page.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{cards, charts, market, ranges, share, sliders, state, table};
use crate::charts::ChartKind;

/// What an embed shows when `view=` is absent.
pub const DEFAULT_VIEW: [&str; 3] = ["headline", "table", "chart"];

/// The message a host page listens for to size the iframe.
pub const HEIGHT_MESSAGE: &str = "cost-per-token:height";

#[component]
pub fn EmbedView() -> impl IntoView {
    let state = state();
    let parts = state.options.with_untracked(|o| {
        if o.view.is_empty() {
            DEFAULT_VIEW.iter().map(|p| p.to_string()).collect()
        } else {
            o.view.clone()
        }
    });
    let shows = |part: &str| parts.iter().any(|p| p == part);
    let chart_kinds: Vec<ChartKind> = [
        ("chart", ChartKind::Iceberg),
        ("tornado", ChartKind::Tornado),
    ]
    .into_iter()
    .filter(|(part, _)| shows(part))
    .map(|(_, kind)| kind)
    .collect();
    let headline = move || {
        state
            .scenario
            .with(|s| state.results.with(|r| crate::sentences::headline(s, r)))
    };
    let full_address = move || {
        state.scenario.track();
        share::current_address(false)
    };
    send_height_to_host();
    view! {
        <main class="embed">
            <h1 class="visually-hidden">"Cost per token calculator"</h1>
            {shows("headline")
                .then(|| view! { <p class="headline" data-testid="headline">{headline}</p> })}
            {shows("cards").then(|| view! { <div class="embed-cards"><cards::Cards /></div> })}
            // The cards hold the same sliders: one set, so every test id stays unique.
            {(shows("sliders") && !shows("cards")).then(|| view! { <sliders::SliderPanel /> })}
            {shows("table").then(|| view! { <table::ResultsTable /> })}
            {shows("ranges").then(|| view! { <ranges::RangesPanel /> })}
            {shows("market").then(|| view! { <market::MarketPanel /> })}
            {(!chart_kinds.is_empty()).then(|| view! { <charts::Charts only=chart_kinds /> })}
            <p class="attribution">
                <a href=full_address target="_blank" rel="noopener" data-testid="attribution">
                    "Cost per token calculator: open the full view ↗"
                </a>
            </p>
        </main>
    }
}

/// Tell the host page the content's height whenever it changes, so the iframe fits it.
fn send_height_to_host() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let last_sent = std::cell::Cell::new(0.0f64);
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let height = f64::from(root.scroll_height());
        if height != last_sent.get() {
            last_sent.set(height);
            let message = js_sys::Object::new();
            js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into()).ok();
            js_sys::Reflect::set(&message, &"height".into(), &height.into()).ok();
            // The height is not a secret: any host may read it.
            parent.post_message(&message, "*").ok();
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    on_resize.forget();
}
