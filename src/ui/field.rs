//! One input of a platform: a slider and a number box bound to the same value, and the message
//! under the box when what was typed cannot be used.

use leptos::prelude::*;

use super::state;
use crate::format;
use crate::scenario::Field;

/// Slider positions: fine enough that every keyboard step moves the value.
const SLIDER_STEPS: f64 = 1000.0;

#[component]
pub fn InputField(index: usize, field: Field) -> impl IntoView {
    let state = state();
    let i = index + 1;
    let key = field.key();
    let value = Memo::new(move |_| {
        state
            .scenario
            .with(|s| s.platforms.get(index).map(|p| field.get(p)))
    });
    let text = RwSignal::new(value.get_untracked().map(format::input_value).unwrap_or_default());
    let error = RwSignal::new(None::<String>);

    // When the value changes from elsewhere (slider, preset, undo), show it in the box, unless
    // the box already holds a spelling of the same value ("6k" for 6000).
    Effect::new(move |_| {
        if let Some(v) = value.get() {
            let typed = text.get_untracked();
            if field.parse(&typed).ok() != Some(v) {
                text.set(format::input_value(v));
                error.set(None);
            }
        }
    });

    let on_slider = move |ev: leptos::ev::Event| {
        let position = event_target_value(&ev).parse::<f64>().unwrap_or(0.0) / SLIDER_STEPS;
        let v = field.from_slider(position);
        error.set(None);
        text.set(format::input_value(v));
        state.update_platform(index, |p| field.set(p, v));
    };
    let on_text = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        match field.parse(&typed) {
            Ok(v) => {
                error.set(None);
                state.update_platform(index, |p| field.set(p, v));
            }
            // The last valid value stays in force.
            Err(e) => error.set(Some(field.message(&e))),
        }
    };
    // On leaving the box, a bad entry gives way to the value in force.
    let on_blur = move |_: leptos::ev::FocusEvent| {
        if error.get_untracked().is_some() {
            if let Some(v) = value.get_untracked() {
                text.set(format::input_value(v));
            }
        }
    };

    let position = move || {
        value
            .get()
            .map(|v| (field.to_slider(v) * SLIDER_STEPS).round())
            .unwrap_or(0.0)
            .to_string()
    };
    let value_text = move || {
        value
            .get()
            .map(|v| format!("{} {}", format::number(v), field.unit()))
            .unwrap_or_default()
    };
    let beyond_slider = move || {
        let (lo, hi, _) = field.slider();
        value.get().is_some_and(|v| v < lo || v > hi)
    };
    let slider_label = move || format!("{} of {} (slider)", field.label(), state.platform_name(index));
    let box_label = move || format!("{} of {}, in {}", field.label(), state.platform_name(index), field.unit());
    let box_id = format!("num-{key}-{i}");
    let err_id = format!("err-{key}-{i}");
    let err_id_for_box = err_id.clone();

    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=box_id.clone()>
                {field.label()}
                <span class="unit">{format!(" ({})", field.unit())}</span>
            </label>
            <div class="field-controls">
                <input
                    type="range"
                    min="0"
                    max=SLIDER_STEPS.to_string()
                    step="1"
                    data-testid=format!("in-{key}-{i}")
                    aria-label=slider_label
                    aria-valuetext=value_text
                    prop:value=position
                    on:input=on_slider
                />
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    id=box_id
                    data-testid=format!("num-{key}-{i}")
                    aria-label=box_label
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=move || error.with(|e| e.as_ref().map(|_| err_id_for_box.clone()))
                    prop:value=move || text.get()
                    on:input=on_text
                    on:blur=on_blur
                />
            </div>
            <Show when=beyond_slider>
                <p class="hint">"Beyond the slider's range: the number box holds the value."</p>
            </Show>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" id=err_id.clone() data-testid=err_id.clone() role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
