//! One card per platform: its name, preset, baseline choice, inputs and sources.

use leptos::prelude::*;

use super::cost::OwnCost;
use super::field::InputField;
use super::market::{Logged, LogsInForce};
use super::measured::{MeasuredPower, MeasuredThroughput, PriceTierPicker};
use super::workload::{CurveEditor, HardwareAndSplit};
use super::{state, EachPlatform, Place, Removed};
use crate::catalogue::PresetId;
use crate::scenario::{
    power_basis_from_key, power_basis_key, CostMode, Field, Platform, Precision, MAX_NAME_CHARS,
    MAX_PLATFORMS,
};

#[component]
pub fn Cards() -> impl IntoView {
    let state = state();
    let count = move || state.ids.with(Vec::len);
    let add = move |_: leptos::ev::MouseEvent| {
        state.scenario.update(|s| {
            s.add_platform().ok();
        });
        state.removed.set(None);
    };
    let undo = move |_: leptos::ev::MouseEvent| {
        if let Some(r) = state.removed.get_untracked() {
            state.scenario.update(|s| {
                s.insert_platform(r.index, r.platform, r.was_baseline).ok();
            });
            state.removed.set(None);
        }
    };
    view! {
        <div class="cards">
            <EachPlatform row=move |place: Place| view! { <Card place=place /> }.into_any()
            />
        </div>
        {move || {
            state
                .removed
                .get()
                .map(|r| {
                    view! {
                        <div class="undo-bar" role="status">
                            <span>{format!("Removed {}. ", r.platform.name)}</span>
                            <button type="button" class="secondary" data-testid="undo" on:click=undo>
                                "Undo"
                            </button>
                        </div>
                    }
                })
        }}
        <button
            type="button"
            class="add-platform"
            data-testid="add-platform"
            disabled=move || { count() >= MAX_PLATFORMS }
            on:click=add
        >
            {move || {
                if count() >= MAX_PLATFORMS {
                    format!("{MAX_PLATFORMS} platforms is the most")
                } else {
                    "+ Add a platform (copies the last)".to_string()
                }
            }}
        </button>
    }
}

#[component]
fn Card(place: Place) -> impl IntoView {
    let state = state();
    let id = place.id;
    // The card's number follows its platform: test ids and labels are read when shown.
    let i = move || place.number();
    // One memo per part of the card: a slider move changes a number, and only what reads that
    // number runs again (re-setting a <select> costs Chromium a style and layout pass).
    let part = move |read: fn(&Platform) -> String| {
        Memo::new(move |_| place.platform(|p, _| Some(read(p))).unwrap_or_default())
    };
    let name = part(|p| p.name.clone());
    let precision_key = part(|p| p.precision.key().to_string());
    let mode_key = part(|p| p.cost_mode.key().to_string());
    let power_key = part(|p| power_basis_key(p.power_basis).to_string());
    let preset_id = Memo::new(move |_| place.platform(|p, _| p.preset));
    let precision = Memo::new(move |_| place.platform(|p, _| Some(p.precision)));
    let is_baseline = Memo::new(move |_| state.baseline.get() == place.index());
    let only_one = Memo::new(move |_| state.ids.with(|ids| ids.len() <= 1));
    let is_own = Memo::new(move |_| mode_key.get() == CostMode::Own.key());

    let name_error = RwSignal::new(false);
    let on_name = move |ev: leptos::ev::Event| {
        let (clean, _) = Platform::clean_name(&event_target_value(&ev));
        // A platform needs a name: while the box is empty the last name stays in force.
        name_error.set(clean.is_empty());
        if !clean.is_empty() {
            state.update_platform(id, |p| p.name = clean);
        }
    };
    let on_preset = move |ev: leptos::ev::Event| {
        let picked = PresetId::from_key(&event_target_value(&ev));
        state.update_platform(id, |p| match picked {
            Some(id) => p.apply_preset(id),
            None => {
                // Custom figures: nothing of the catalogue applies any more.
                p.preset = None;
                p.tps_custom = false;
                p.tier = None;
                p.wprec = None;
            }
        });
    };
    let on_precision = move |ev: leptos::ev::Event| {
        if let Some(precision) = Precision::from_key(&event_target_value(&ev)) {
            state.update_platform(id, |p| {
                p.precision = precision;
                // A catalogue platform quotes its own figure at the new precision.
                if let Some(figure) = p.preset.and_then(|id| id.preset().peak.at(precision)) {
                    p.pflops = figure;
                }
            });
        }
    };
    let remove = move |_: leptos::ev::MouseEvent| {
        let Some(index) = place.now() else {
            return;
        };
        let mut removed = None;
        state.scenario.update(|s| {
            let was_baseline = s.baseline == index;
            if let Ok(platform) = s.remove_platform(index) {
                removed = Some(Removed {
                    index,
                    platform,
                    was_baseline,
                });
            }
        });
        if removed.is_some() {
            state.removed.set(removed);
        }
    };
    let precision_note = move || {
        let id = preset_id.get()?;
        let precision = precision.get()?;
        id.preset().peak.at(precision).is_none().then(|| {
            format!(
                "The catalogue has no {} figure for {}: the number is yours.",
                precision.label(),
                id.preset().name
            )
        })
    };
    let sources = move || {
        let id = preset_id.get()?;
        let preset = id.preset();
        let throughput = match &preset.throughput {
            Some(t) => format!(
                "Throughput: {} tokens/s, {} ({}, as of {}).",
                crate::format::count_for_sentence(t.tokens_per_s),
                t.workload,
                t.source.name,
                t.source.as_of
            ),
            None => format!(
                "Throughput: the seed table has no figure for {}; pick a measured workload, or enter one for yours.",
                preset.name
            ),
        };
        let curve = match crate::catalogue::measured_curve(id) {
            Some(c) => format!(
                "Measured curve: {} points, {} (runs of {}), SemiAnalysis InferenceX: {}.",
                c.points.len(),
                c.workload,
                c.run_dates.join(", "),
                c.sources.join("; ")
            ),
            None => "Measured curve: none in the InferenceX data for this platform.".to_string(),
        };
        let setup = format!("Decode ceiling set-up: {}.", preset.setup.basis);
        Some(view! {
            <details class="sources">
                <summary>"Sources of the catalogue figures"</summary>
                <ul>
                    <li>
                        {format!(
                            "Price (hyperscaler ownership tier; neocloud ${}, 3-year rental ${}) and all-in power (newer figure {} kW): {}, {}, as of {}.",
                            crate::format::fixed(preset.price.neocloud_own, 2),
                            crate::format::fixed(preset.price.rental_3y, 2),
                            crate::format::plain(preset.kw_all_in_newer),
                            preset.price_source.name,
                            preset.price_source.url,
                            preset.price_source.as_of
                        )}
                    </li>
                    <li>
                        {format!(
                            "Peak compute per GPU: FP8 {} PF dense, {} PF sparse; FP4 dense {}. {}, {}, as of {}.",
                            crate::format::plain(preset.peak.fp8_dense),
                            crate::format::plain(preset.peak.fp8_sparse),
                            preset.peak.fp4_dense.map_or("not quoted".to_string(), |v| format!("{} PF", crate::format::plain(v))),
                            preset.spec_source.name,
                            preset.spec_source.url,
                            preset.spec_source.as_of
                        )}
                    </li>
                    <li>{throughput}</li>
                    <li>{curve}</li>
                    <li>{setup}</li>
                </ul>
            </details>
        })
    };

    // No throughput in force (no card figure, and not read off a curve at the target).
    let no_throughput = Memo::new(move |_| {
        place
            .own_results(|r, i| r.details.get(i).map(|d| !d.throughput.has_throughput()))
            .unwrap_or(false)
    });
    let more_open = super::media::matches("(min-width: 700px)");
    view! {
        <article class="card" class:baseline=is_baseline aria-label=move || format!("Platform {}: {}", i(), name.get())>
            <div class="card-head">
                <span class="swatch" style=place.swatch()></span>
                <label class="visually-hidden" for=place.numbered("name-input")>
                    {move || format!("Name of platform {}", i())}
                </label>
                <input
                    type="text"
                    class="name"
                    id=place.numbered("name-input")
                    data-testid=place.numbered("name")
                    maxlength=MAX_NAME_CHARS.to_string()
                    prop:value=name
                    on:input=on_name
                    on:blur=move |ev| {
                        // Leaving an empty box puts the name in force back.
                        if name_error.try_get_untracked() == Some(true) {
                            name_error.try_set(false);
                            if let Some(input) = ev
                                .target()
                                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                            {
                                input.set_value(&name.try_get_untracked().unwrap_or_default());
                            }
                        }
                    }
                />
                <button
                    type="button"
                    class="icon"
                    data-testid=place.numbered("remove")
                    aria-label=move || format!("Remove {}", state.platform_name(place.index()))
                    title="Remove this platform"
                    disabled=only_one
                    on:click=remove
                >
                    "×"
                </button>
            </div>
            {move || {
                    name_error
                        .get()
                        .then(|| {
                            view! {
                                <p class="field-error" role="alert" data-testid=place.numbered("err-name")>
                                    "A platform needs a name; the last one stays until you type one."
                                </p>
                            }
                        })
                }}
            <div class="card-row">
                <label class="inline">
                    <input
                        type="radio"
                        name="baseline"
                        data-testid=place.numbered("base")
                        aria-label=move || {
                            let what = if is_baseline.get() { "Baseline" } else { "Make baseline" };
                            format!("{what}, {}", state.platform_name(place.index()))
                        }
                        prop:checked=is_baseline
                        on:change=move |_| {
                            if let Some(index) = place.now() {
                                state.scenario.update(|s| {
                                    s.set_baseline(index).ok();
                                })
                            }
                        }
                    />
                    {move || if is_baseline.get() { "Baseline" } else { "Make baseline" }}
                </label>
                <label class="inline">
                    "Preset "
                    <select data-testid=place.numbered("preset") aria-label=place.control_name("Preset") on:change=on_preset prop:value=move || preset_id.get().map_or("custom", PresetId::key)>
                        <option value="custom">"Custom figures"</option>
                        {PresetId::ALL
                            .into_iter()
                            .map(|id| view! { <option value=id.key()>{id.preset().name}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            // The core inputs come first and are never folded: moving them is what the page is for.
            <div class="core-inputs">
                {move || {
                    if is_own.get() {
                        view! { <OwnCost place=place /> }.into_any()
                    } else {
                        view! {
                            <InputField place=place field=Field::UsdHr />
                            <PriceTierPicker place=place />
                        }
                            .into_any()
                    }
                }}
                <LogsInForce place=place logged=Logged::Price />
                <InputField place=place field=Field::Tps />
                <MeasuredThroughput place=place />
                <LogsInForce place=place logged=Logged::Throughput />
                {move || {
                    no_throughput
                        .get()
                        .then(|| {
                            view! {
                                <p class="hint missing" data-testid=place.numbered("no-tps")>
                                    {crate::scenario::NO_THROUGHPUT}
                                </p>
                            }
                        })
                }}
                <InputField place=place field=Field::Kw />
            </div>
            // Folded on a phone, open on a wider screen.
            <details class="more-inputs" open=more_open>
                <summary>"More inputs: cost basis, curve, utilisation, power, FLOPS"</summary>
                <label class="inline">
                    "Cost basis "
                    <select
                        data-testid=place.numbered("mode")
                        aria-label=place.control_name("Cost basis")
                        prop:value=move || mode_key.get()
                        on:change=move |ev| {
                            if let Some(mode) = CostMode::from_key(&event_target_value(&ev)) {
                                state.update_platform(id, |p| p.cost_mode = mode);
                            }
                        }
                    >
                        <option value="rent">"Rent: a price per GPU-hour"</option>
                        <option value="own">"Own: build the price from costs"</option>
                    </select>
                </label>
                <CurveEditor place=place />
                <InputField place=place field=Field::Utilisation />
                <label class="inline">
                    "The power figure is "
                    <select
                        data-testid=place.numbered("power")
                        aria-label=place.control_name("The power figure is")
                        prop:value=move || power_key.get()
                        on:change=move |ev| {
                            if let Some(basis) = power_basis_from_key(&event_target_value(&ev)) {
                                state.update_platform(id, |p| p.power_basis = basis);
                            }
                        }
                    >
                        <option value="all-in">"all-in (PUE already included)"</option>
                        <option value="it">"IT power only (x the page's PUE)"</option>
                    </select>
                </label>
                <MeasuredPower place=place />
                <InputField place=place field=Field::Pflops />
                <label class="inline precision">
                    "Precision of the FLOPS figure "
                    <select
                        data-testid=place.numbered("prec")
                        aria-label=place.control_name("Precision of the FLOPS figure")
                        on:change=on_precision
                        prop:value=move || precision_key.get()
                    >
                        {Precision::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.key()>{p.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                {move || precision_note().map(|n| view! { <p class="hint">{n}</p> })}
                <HardwareAndSplit place=place />
                {sources}
            </details>
        </article>
    }
}
