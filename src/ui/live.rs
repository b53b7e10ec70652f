//! A compact summary that stays on screen (sticky) while the sliders move: each platform's cost
//! per million tokens with its multiple, and its tokens per MW. Whichever slider is in view, the
//! result it moves is in view too, on a phone as on a desktop.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::media::{media_signal, NARROW_SCREEN};
use super::{label_name, state, EachPlatform, Place};
use crate::format;
use crate::model::Metric;

/// The longest name a row shows on a phone: vendor words go first ("GB300 NVL72"), so a row
/// takes one line and the bar leaves the screen to the sliders.
const NARROW_NAME_CHARS: usize = 14;
/// Elsewhere a name is shown whole (a name holds at most 60 characters).
const WIDE_NAME_CHARS: usize = 60;

#[component]
pub fn LiveSummary() -> impl IntoView {
    let narrow = media_signal(NARROW_SCREEN);
    let list = NodeRef::<leptos::html::Div>::new();
    let bar = NodeRef::<leptos::html::Aside>::new();
    follow_focused_platform(list);
    publish_height(bar);
    view! {
        <aside class="live" aria-label="Live results" data-testid="live" node_ref=bar>
            <div class="live-scroll" node_ref=list>
                <table class="live-table">
                    <thead>
                        <tr>
                            <th scope="col">"Platform"</th>
                            <th scope="col" class="num">"$ per M tokens"</th>
                            <th scope="col" class="num">"vs baseline"</th>
                            <th scope="col" class="num">"Tokens/s per MW"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <EachPlatform row=move |place: Place| view! { <LiveRow place=place narrow=narrow /> }.into_any()
                        />
                    </tbody>
                </table>
            </div>
        </aside>
    }
}

#[component]
fn LiveRow(place: Place, narrow: ReadSignal<bool>) -> impl IntoView {
    let state = state();
    // Memos, as in the results table: a move rewrites only the figures whose text changed.
    let figure = move |metric: Metric| {
        Memo::new(move |_| {
            place
                .own_results(|r, i| r.value(i, metric))
                .map(format::number)
                .unwrap_or_else(|| format::MISSING.to_string())
        })
    };
    let cost = figure(Metric::CostPerMtok);
    let per_mw = figure(Metric::TokPerMw);
    let multiple = Memo::new(move |_| {
        place
            .results(|r, i| Some(format::multiple(r.multiple(i, Metric::CostPerMtok))))
            .unwrap_or_default()
    });
    // As in the charts, a name that several platforms share gets its number ("... #3").
    let shown_name = move || {
        let max_chars = if narrow.get() {
            NARROW_NAME_CHARS
        } else {
            WIDE_NAME_CHARS
        };
        state
            .names
            .with(|names| label_name(names, place.index(), max_chars))
    };
    let full_name = move || state.platform_name(place.index());
    view! {
        <tr data-testid=place.numbered("live-item")>
            <th scope="row">
                <span class="swatch" style=place.swatch()></span>
                <span class="live-name" title=full_name>{shown_name}</span>
            </th>
            <td class="num" data-testid=place.numbered("live-cost_per_mtok")>{move || cost.get()}</td>
            <td class="num live-multiple">{move || multiple.get()}</td>
            <td class="num" data-testid=place.numbered("live-tok_per_mw")>{move || per_mw.get()}</td>
        </tr>
    }
}

/// With many platforms the list scrolls inside the bar: when a platform's control takes the
/// focus, its line scrolls into the bar, so the figures it moves are the ones shown.
fn follow_focused_platform(list: NodeRef<leptos::html::Div>) {
    let handle = window_event_listener(leptos::ev::focusin, move |ev| {
        let Some(list) = list.get_untracked() else {
            return;
        };
        if list.scroll_height() <= list.client_height() {
            return;
        }
        let Some(i) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("data-testid"))
            .and_then(|id| platform_of_control(&id))
        else {
            return;
        };
        let item = list
            .query_selector(&format!("[data-testid='live-item-{i}']"))
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        // The header row stays on top (sticky): the line goes just under it.
        let header = list
            .query_selector("thead")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .map_or(0, |h| h.offset_height());
        if let Some(item) = item {
            list.set_scroll_top(item.offset_top() - header);
        }
    });
    on_cleanup(move || handle.remove());
}

/// The 1-based platform index of a control's test id (`in-tps-3`, `num-kw-12`).
fn platform_of_control(test_id: &str) -> Option<usize> {
    let rest = test_id
        .strip_prefix("in-")
        .or_else(|| test_id.strip_prefix("num-"))?;
    let (_, digits) = rest.rsplit_once('-')?;
    digits.parse().ok().filter(|i| *i >= 1)
}

/// Keep `--live-height` on the root element equal to the bar's height, so the page's
/// scroll padding keeps a slider that is scrolled to (or focused) clear of the bar.
fn publish_height(bar: NodeRef<leptos::html::Aside>) {
    bar.on_load(move |bar| {
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let height = entries
                .get(0)
                .dyn_into::<web_sys::ResizeObserverEntry>()
                .ok()
                .map(|e| e.target().get_bounding_client_rect().height());
            let root = window()
                .document()
                .and_then(|d| d.document_element())
                .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
            if let (Some(height), Some(root)) = (height, root) {
                root.style()
                    .set_property("--live-height", &format!("{}px", height.ceil() as i64))
                    .ok();
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&bar);
        }
        on_resize.forget();
    });
}
