//! The one page-level notice about the link or stored data.

use leptos::prelude::*;

use super::state;

#[component]
pub fn NoticePanel() -> impl IntoView {
    let state = state();
    let lines = move || {
        state
            .notices
            .get()
            .into_iter()
            .map(|n| view! { <li>{n.to_string()}</li> })
            .collect_view()
    };
    view! {
        <Show when=move || state.notices.with(|n| !n.is_empty())>
            <div class="notice" role="status">
                <p class="notice-title">"Some of the link or stored data could not be used; the rest applies:"</p>
                <ul data-testid="notice">{lines}</ul>
                <button
                    type="button"
                    class="secondary"
                    data-testid="notice-dismiss"
                    on:click=move |_| state.notices.set(Vec::new())
                >
                    "Dismiss"
                </button>
            </div>
        </Show>
    }
}
