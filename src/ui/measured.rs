//! The measured side on the page: the workload picker, and on each card the measurement
//! precision, where a measured throughput comes from, and the price tier.

use leptos::prelude::*;

use super::{state, Place};
use crate::catalogue::measured;
use crate::format;
use crate::scenario::measured::{PriceTier, WorkloadId, DEFAULT_INTERACTIVITY};
use crate::scenario::Platform;
use crate::sentences::measured::{measured_note, measured_summary, seed_on_frontier, tier_note};

/// The select's value for "as published".
const AS_PUBLISHED: &str = "seed";

/// The page's workload: as published (the seed table's figures), or a measured one.
#[component]
pub fn WorkloadPicker() -> impl IntoView {
    let state = state();
    let current = Memo::new(move |_| {
        state.settings.with(|s| {
            s.workload
                .map_or(AS_PUBLISHED.to_string(), |w| w.id().to_string())
        })
    });
    let on_change = move |ev: leptos::ev::Event| {
        let picked = WorkloadId::from_id(&event_target_value(&ev));
        state.scenario.update(|s| s.settings.workload = picked);
    };
    let seed_notes = move || {
        state.scenario.with(|s| {
            s.platforms
                .iter()
                .filter_map(seed_on_frontier)
                .collect::<Vec<_>>()
        })
    };
    let compare = move |_: leptos::ev::MouseEvent| {
        // The seed's GB300 point was measured at 70.4 tokens/s per user (DESIGN section 7).
        state.scenario.update(|s| {
            s.settings.workload = WorkloadId::from_id(crate::catalogue::CURVE_WORKLOAD);
            s.settings.target_tps_user = Some(70.4);
        });
    };
    view! {
        <label class="field workload-picker">
            <span class="label">"Measured workload"</span>
            <select data-testid="wl" prop:value=move || current.get() on:change=on_change>
                <option value=AS_PUBLISHED>"As published (the seed table's figures)"</option>
                {WorkloadId::all()
                    .map(|w| view! { <option value=w.id()>{w.workload().name}</option> })
                    .collect_view()}
            </select>
        </label>
        <p class="hint" data-testid="wl-note">
            {move || match state.settings.with(|s| s.workload) {
                None => "As published: each card keeps its own throughput (the seed table's two \
                         figures, or yours). Pick a measured workload to read every catalogue \
                         platform off its SemiAnalysis InferenceX frontier."
                    .to_string(),
                Some(w) => format!(
                    "{}: each catalogue platform reads its measured frontier (output tokens/s per \
                     GPU) at the target, or without one at its measured point nearest {} tokens/s \
                     per user. A platform without a measurement of this workload shows \u{2014}; \
                     a figure you type wins over the measurement.",
                    w.workload().name,
                    format::plain(DEFAULT_INTERACTIVITY)
                ),
            }}
        </p>
        <ul class="hint seed-points" data-testid="seed-points">
            {move || seed_notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
        </ul>
        <button type="button" class="secondary" data-testid="iso-compare" on:click=compare>
            "Compare at one interactivity from the measurements (1k/1k at 70.4 tokens/s per user, \
             GB300's seed point)"
        </button>
    }
}

/// On a card: the measurement precision, the provenance of a measured throughput, and the way
/// back to the measurement after typing a figure.
#[component]
pub fn MeasuredThroughput(place: Place) -> impl IntoView {
    let state = state();
    let id = place.id;
    // The precisions measured for this platform on the workload in view.
    let precisions = Memo::new(move |_| {
        place
            .platform(|p, s| {
                let (preset, workload) = (p.preset?, s.settings.workload?);
                Some(measured::precisions(preset.key(), workload.id()).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
    let wprec = Memo::new(move |_| {
        place.platform(|p, s| p.frontier(&s.settings).map(|f| f.precision.id()))
    });
    let note = Memo::new(move |_| place.own_scenario(measured_note));
    let summary = Memo::new(move |_| place.own_scenario(measured_summary));
    let can_go_back = Memo::new(move |_| {
        place
            .platform(|p, s| {
                Some(s.settings.workload.is_some() && p.frontier_set_aside(&s.settings))
            })
            .unwrap_or(false)
    });
    let on_wprec = move |ev: leptos::ev::Event| {
        let picked = measured::Precision::from_id(&event_target_value(&ev));
        state.update_platform(id, |p| p.wprec = picked);
    };
    view! {
        {move || {
            (precisions.get().len() > 1)
                .then(|| {
                    view! {
                        <label class="inline">
                            "Measured at "
                            <select data-testid=place.numbered("wprec") aria-label=place.control_name("Measured at") prop:value=move || wprec.get().unwrap_or_default() on:change=on_wprec>
                                {precisions
                                    .get()
                                    .into_iter()
                                    .map(|p| view! { <option value=p.id()>{format!("{} weights", p.label())}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })
        }}
        // Folded: one line says what the figure is, the provenance opens on demand.
        {move || {
            let summary = summary.get()?;
            Some(view! {
                <details class="hint measured">
                    <summary data-testid=place.numbered("measured-summary")>{summary}</summary>
                    <p data-testid=place.numbered("measured")>{move || note.get()}</p>
                </details>
            })
        }}
        {move || {
            can_go_back
                .get()
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="secondary inline-action"
                            data-testid=place.numbered("use-measured")
                            on:click=move |_| state.update_platform(id, Platform::drop_typed_throughput)
                        >
                            "Use the measured throughput instead of the figure typed"
                        </button>
                    }
                })
        }}
    }
}

/// On a card of a catalogue platform: where the price comes from (a tier of a survey, the seed
/// table's, or the user's), and the measured all-in power as a separate choice.
#[component]
pub fn PriceTierPicker(place: Place) -> impl IntoView {
    let state = state();
    let preset = Memo::new(move |_| place.platform(|p, _| p.preset));
    let current = Memo::new(move |_| {
        place
            .platform(|p, _| {
                Some(match p.tier {
                    Some(t) => t.id(),
                    None if p.seed_price() == Some(p.usd_hr) => "seed".to_string(),
                    None => "custom".to_string(),
                })
            })
            .unwrap_or_else(|| "custom".to_string())
    });
    let note = Memo::new(move |_| place.platform(|p, _| tier_note(p)));
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        state.update_platform(place.id, |p| match value.as_str() {
            "seed" => {
                if let Some(price) = p.seed_price() {
                    p.set_tier(None);
                    p.usd_hr = price;
                }
            }
            "custom" => p.set_tier(None),
            other => p.set_tier(PriceTier::from_id(other)),
        });
    };
    view! {
        {move || {
            let id = preset.get()?;
            let has_seed = id.preset().throughput.is_some();
            Some(view! {
                <label class="inline price-from">
                    "Price from "
                    <select data-testid=place.numbered("tier") aria-label=place.control_name("Price from") prop:value=move || current.get() on:change=on_change>
                        {has_seed.then(|| view! { <option value="seed">"the seed table"</option> })}
                        {PriceTier::all()
                            .filter_map(|t| {
                                let price = t.price(id)?;
                                let label = format!(
                                    "{}: ${}{}",
                                    t.label(),
                                    format::number(price.usd_per_gpu_hour),
                                    if price.is_placeholder() { " (placeholder)" } else { "" }
                                );
                                Some(view! { <option value=t.id()>{label}</option> })
                            })
                            .collect_view()}
                        <option value="custom">"my own price"</option>
                    </select>
                </label>
            })
        }}
        {move || note.get().map(|n| view! { <p class="hint tier" data-testid=place.numbered("tier-note")>{n}</p> })}
    }
}

/// In a catalogue platform's further inputs: the all-in power InferenceX measured beside its
/// prices, a separate choice from the price tier.
#[component]
pub fn MeasuredPower(place: Place) -> impl IntoView {
    let state = state();
    let preset = Memo::new(move |_| place.platform(|p, _| p.preset));
    // The all-in power measured beside the newest survey's prices.
    let measured_kw = move || {
        let id = preset.get()?;
        let tier = PriceTier::all().next()?;
        tier.price(id).map(|p| p.all_in_kw)
    };
    let kw_in_force = Memo::new(move |_| place.platform(|p, _| Some(p.kw)));
    view! {
        {move || {
            let kw = measured_kw()?;
            (kw_in_force.get() != Some(kw))
                .then(|| {
                    let text = format!(
                        "Use the measured all-in power: {} kW (InferenceX, {} survey)",
                        format::number(kw),
                        PriceTier::all().next().map_or("", |t| t.survey.label())
                    );
                    let name = place.control_name(text.clone());
                    view! {
                        <button
                            type="button"
                            class="secondary inline-action"
                            data-testid=place.numbered("kw-measured")
                            aria-label=name
                            on:click=move |_| state.update_platform(place.id, |p| p.kw = kw)
                        >
                            {text}
                        </button>
                    }
                })
        }}
    }
}
