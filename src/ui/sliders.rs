//! The sliders-only part of an embed (`view=sliders`): each platform's price, throughput and
//! power sliders with their number boxes, and nothing else, so a blog widget stays small.

use leptos::prelude::*;

use super::field::InputField;
use super::{state, EachPlatform, Place};
use crate::scenario::{CostMode, Field};

#[component]
pub fn SliderPanel() -> impl IntoView {
    view! {
        <div class="slider-panel">
            <EachPlatform row=move |place: Place| view! { <PlatformSliders place=place /> }.into_any()
            />
        </div>
    }
}

#[component]
fn PlatformSliders(place: Place) -> impl IntoView {
    let state = state();
    let name = move || state.platform_name(place.index());
    let is_own =
        Memo::new(move |_| place.platform(|p, _| Some(p.cost_mode)) == Some(CostMode::Own));
    view! {
        <fieldset class="platform-sliders">
            <legend>
                <span class="swatch" style=place.swatch()></span>
                {name}
            </legend>
            {move || {
                if is_own.get() {
                    // Built from costs: the full view has those inputs.
                    view! { <p class="hint">"Price built from costs (see the full view)."</p> }
                        .into_any()
                } else {
                    view! { <InputField place=place field=Field::UsdHr /> }.into_any()
                }
            }}
            <InputField place=place field=Field::Tps />
            <InputField place=place field=Field::Kw />
        </fieldset>
    }
}
