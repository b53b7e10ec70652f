//! One input of a platform: a slider and a number box bound to the same value, and the message
//! under the box when what was typed cannot be used.

use leptos::prelude::*;

use super::{state, Place};
use crate::format;
use crate::scenario::{Field, Platform, Settings};

/// What one input's edit can change, as it was when the edit began.
#[derive(Clone)]
enum InForce {
    Platform(Platform),
    Settings(Settings),
}

/// Slider positions: fine enough that every keyboard step moves the value.
const SLIDER_STEPS: f64 = 1000.0;

/// `place`: the platform the input belongs to; none for a page setting.
#[component]
pub fn InputField(#[prop(optional)] place: Option<Place>, field: Field) -> impl IntoView {
    let state = state();
    // The platform's position, tracked, for its test ids and labels (a page setting ignores it).
    let index = move || place.map_or(0, Place::index);
    // The value moves on every slider move: the platform is found by id, not by position.
    let value = Memo::new(move |_| match place {
        // A platform's field reads only that platform and the settings.
        Some(place) => place.own_scenario(|s, i| field.shown(s, i)),
        // A page setting reads only the settings.
        None => state.settings.with(|s| field.get_page(s)),
    });
    let text = RwSignal::new(
        value
            .get_untracked()
            .map(format::input_value)
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    // What was in force before the entry being typed, with the value it showed. Each usable
    // entry is applied as it is typed, so an entry that cannot be used puts this back:
    // otherwise a prefix the user never meant stayed in force ("1" of "1e999", "500" of
    // "5000"), and took the box over on leaving it.
    let before_entry = StoredValue::new(None::<(InForce, Option<f64>)>);
    // The value that putting it back shows: the box keeps what was typed, with its message.
    let put_back = StoredValue::new(None::<Option<f64>>);

    // When the value changes from elsewhere (slider, preset, undo), show it in the box, unless
    // the box already holds a spelling of the same value ("6k" for 6000).
    Effect::new(move |_| {
        let v = value.get();
        if put_back.get_value() == Some(v) {
            put_back.set_value(None);
            return;
        }
        let typed = text.get_untracked();
        if field.parse_optional(&typed).ok() != Some(v) {
            text.set(v.map(format::input_value).unwrap_or_default());
            error.set(None);
        }
    });

    // Written to the platform wherever it is now; nothing once it is gone.
    let write = move |v: Option<f64>| match place {
        Some(place) => state.update_platform(place.id, |p| field.set_platform(p, v)),
        None => state.scenario.update(|s| field.set(s, 0, v)),
    };
    let on_slider = move |ev: leptos::ev::Event| {
        let position =
            crate::format::parse_f64(&event_target_value(&ev)).unwrap_or(0.0) / SLIDER_STEPS;
        let v = field.from_slider(position);
        error.set(None);
        text.set(format::input_value(v));
        write(Some(v));
    };
    let on_text = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        // One entry goes on while it is typed or erased at its end; text replaced or pasted
        // whole, or typed into an empty box, begins another, and a whole usable entry stays
        // when the next cannot be used.
        let previous = text.get_untracked();
        let same_entry = !previous.is_empty()
            && (typed.starts_with(previous.as_str()) || previous.starts_with(typed.as_str()));
        if !same_entry || before_entry.with_value(Option::is_none) {
            let in_force = match place {
                Some(place) => {
                    untrack(|| place.platform(|p, _| Some(p.clone()))).map(InForce::Platform)
                }
                None => Some(InForce::Settings(
                    state.scenario.with_untracked(|s| s.settings),
                )),
            };
            before_entry.set_value(in_force.map(|f| (f, value.get_untracked())));
        }
        text.set(typed.clone());
        match field.parse_optional(&typed) {
            Ok(v) => {
                error.set(None);
                write(v);
            }
            // The last valid value stays in force: the one from before this entry.
            Err(e) => {
                error.set(Some(field.message(&e)));
                if let Some((before, shown_before)) = before_entry.get_value() {
                    let shown_now = value.get_untracked();
                    // Written only if it differs: a write wakes the whole page.
                    let restored = match (place, before) {
                        (Some(place), InForce::Platform(before)) => {
                            let changed = state.scenario.with_untracked(|s| {
                                s.position(place.id)
                                    .and_then(|i| s.platforms.get(i))
                                    .is_some_and(|p| *p != before)
                            });
                            if changed {
                                state.update_platform(place.id, |p| *p = before);
                            }
                            changed
                        }
                        (_, InForce::Settings(before)) => {
                            let changed = state.scenario.with_untracked(|s| s.settings != before);
                            if changed {
                                state.scenario.update(|s| s.settings = before);
                            }
                            changed
                        }
                        _ => false,
                    };
                    // Only a change of the shown value wakes the effect that clears this.
                    if restored && shown_now != shown_before {
                        put_back.set_value(Some(shown_before));
                    }
                }
            }
        }
    };
    // On leaving the box, a bad entry gives way to the value in force.
    // A box removed while it has focus (its card switched to another mode) still gets a blur
    // after its signals are gone: the `try_` forms make that a no-op instead of a panic.
    let on_blur = move |_: leptos::ev::FocusEvent| {
        if error.try_get_untracked().flatten().is_some() {
            text.try_set(
                value
                    .try_get_untracked()
                    .flatten()
                    .map(format::input_value)
                    .unwrap_or_default(),
            );
            error.try_set(None);
        }
        // The entry is over.
        before_entry.try_update_value(|v| *v = None);
        put_back.try_update_value(|v| *v = None);
    };

    let position = move || {
        value
            .get()
            // A whole step from 0 to SLIDER_STEPS: written as an integer (no float formatting).
            .map_or(0, |v| (field.to_slider(v) * SLIDER_STEPS).round() as i64)
            .to_string()
    };
    let value_text = move || {
        value
            .get()
            .map(|v| format!("{} {}", format::number(v), field.unit()))
            .unwrap_or_else(|| "not set".to_string())
    };
    let beyond_slider = move || {
        let (lo, hi, _) = field.slider();
        value.get().is_some_and(|v| v < lo || v > hi)
    };
    // Accessible names carry the platform, so a screen reader knows which card a control is on.
    let owner = move || {
        if field.is_page_setting() {
            "every platform".to_string()
        } else {
            state.platform_name(index())
        }
    };
    let slider_label = move || format!("{} of {} (slider)", field.label(), owner());
    let box_label = move || format!("{} of {}, in {}", field.label(), owner(), field.unit());
    // Test ids follow the platform's number.
    let test_id = move |prefix: &'static str| move || field.test_id(prefix, index());
    let box_id = test_id("num");
    let err_id = test_id("err");

    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label class="field-label" for=box_id>
                {field.label()}
                {(!field.unit().is_empty())
                    .then(|| view! { <span class="unit">{format!(" ({})", field.unit())}</span> })}
            </label>
            <div class="field-controls">
                <input
                    type="range"
                    min="0"
                    max=(SLIDER_STEPS as i64).to_string()
                    step="1"
                    data-testid=test_id("in")
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
                    data-testid=box_id
                    aria-label=box_label
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=move || error.with(|e| e.as_ref().map(|_| err_id()))
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
                            <p class="field-error" id=err_id data-testid=err_id role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
