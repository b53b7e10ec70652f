//! The sliders-only part of an embed (`view=sliders`): each platform's price, throughput and
//! power sliders with their number boxes, and nothing else, so a blog widget stays small.

use leptos::prelude::*;

use super::field::InputField;
use super::state;
use crate::scenario::{CostMode, Field};

#[component]
pub fn SliderPanel() -> impl IntoView {
    let state = state();
    let indices = move || 0..state.scenario.with(|s| s.platforms.len());
    view! {
        <div class="slider-panel">
            <For each=indices key=|i| *i children=move |index| view! { <PlatformSliders index=index /> } />
        </div>
    }
}

#[component]
fn PlatformSliders(index: usize) -> impl IntoView {
    let state = state();
    let name = move || state.platform_name(index);
    let is_own = Memo::new(move |_| {
        state.scenario_of(index).with(|s| {
            s.platforms
                .get(index)
                .is_some_and(|p| p.cost_mode == CostMode::Own)
        })
    });
    view! {
        <fieldset class="platform-sliders">
            <legend>
                <span class="swatch" style=format!("--swatch: var(--series-{})", index % 8)></span>
                {name}
            </legend>
            {move || {
                if is_own.get() {
                    // Built from costs: the full view has those inputs.
                    view! { <p class="hint">"Price built from costs (see the full view)."</p> }
                        .into_any()
                } else {
                    view! { <InputField index=index field=Field::UsdHr /> }.into_any()
                }
            }}
            <InputField index=index field=Field::Tps />
            <InputField index=index field=Field::Kw />
        </fieldset>
    }
}
