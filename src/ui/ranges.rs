//! Ranges and sensitivity: a low and a high for each platform's price, throughput, power and
//! utilisation and for the page's electricity price, PUE, grid intensity and API prices, and
//! every output's lowest and highest value over them all (`lo-` and `hi-` cells).
//! The sensitivity chart is with the other charts.

use leptos::prelude::*;

use super::{state, EachPlatform, Place};
use crate::format;
use crate::model::Metric;
use crate::scenario::extras::{check_range, PageRanges, PlatformExtras, Ranges};
use crate::scenario::{CostMode, Field, Results};

/// The table's rows: the five metrics, then the request's cost, carbon and the API margin.
const ROWS: [(&str, &str); 8] = [
    ("cost_per_mtok", "Cost per million tokens ($)"),
    ("tok_per_mw", "Token output per MW (tokens/s)"),
    ("tps", "Token output per GPU (tokens/s)"),
    ("usd_hr", "Cost per GPU per hour ($)"),
    ("flops_per_usd", "FLOP per dollar (PFLOPS per $/h)"),
    ("cost_request", "Cost per request ($)"),
    ("co2_per_mtok", "Carbon per million output tokens (g CO2e)"),
    ("api_margin", "Margin at the API's list price (%)"),
];

/// A row's low and high for platform `index`: the span over the ranges, or the value alone
/// (an exact input is its own range); `None` where the platform has no such figure.
fn span(results: &Results, index: usize, key: &str) -> Option<(f64, f64)> {
    let e: &PlatformExtras = results.extras.get(index)?;
    if let Some(metric) = Metric::ALL.into_iter().find(|m| m.key() == key) {
        let value = results.metrics.get(index)?.get(metric);
        return Some(e.span(metric).unwrap_or((value, value)));
    }
    let (value, span) = e.extra(key)?;
    Some(span.unwrap_or((value, value)))
}

#[component]
pub fn RangesPanel() -> impl IntoView {
    let state = state();
    view! {
        <section class="ranges" aria-labelledby="ranges-title" data-testid="ranges">
            <h3 id="ranges-title">"Ranges: every output from its lowest to its highest"</h3>
            <p class="hint">
                "Give any price, throughput, power or utilisation a low and a high (the value must lie "
                "between them), and the page-wide electricity price, PUE, grid intensity or API prices "
                "too. Each output moves one way with each input, so its lowest and highest values are "
                "found exactly at the ends of the ranges, all ranges at once."
            </p>
            <EachPlatform row=move |place: Place| view! { <RangeInputs place=place /> }.into_any()
            />
            <PageRangeInputs />
            <div class="table-wrap" tabindex="0" role="region" aria-label="Outputs over the ranges">
                <table class="results detail" data-testid="ranges-table">
                    <caption>"Each output's low and high over every range at once"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Output"</th>
                            <EachPlatform row=move |place: Place| ({
                                    let name = move || state.platform_name(place.index());
                                    view! {
                                        <th scope="col">{move || format!("{}: low", name())}</th>
                                        <th scope="col">{move || format!("{}: high", name())}</th>
                                    }
                                }).into_any()
                            />
                        </tr>
                    </thead>
                    <tbody>
                        {ROWS
                            .into_iter()
                            .map(|(key, label)| {
                                view! {
                                    <tr>
                                        <th scope="row">{label}</th>
                                        <EachPlatform row=move |place: Place| view! { <SpanCells place=place key=key /> }.into_any()
                                        />
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn SpanCells(place: Place, key: &'static str) -> impl IntoView {
    let cells = Memo::new(move |_| place.own_results(|r, i| span(r, i, key)));
    let text = move |pick: fn((f64, f64)) -> f64| {
        cells
            .get()
            .map(pick)
            .filter(|v| v.is_finite())
            .map_or_else(|| format::MISSING.to_string(), format::number)
    };
    let banded = move || {
        cells
            .get()
            .is_some_and(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo != hi)
    };
    view! {
        <td class="num" class:band=banded data-testid=place.numbered(&format!("lo-{key}"))>{move || text(|s| s.0)}</td>
        <td class="num" class:band=banded data-testid=place.numbered(&format!("hi-{key}"))>{move || text(|s| s.1)}</td>
    }
}

/// One platform's range boxes.
#[component]
fn RangeInputs(place: Place) -> impl IntoView {
    let state = state();
    let id = place.id;
    let tiers = move || place.platform(|p, _| p.price_spread());
    let offer_tiers = move |_: leptos::ev::MouseEvent| {
        if let Some(span) = tiers() {
            state.update_platform(id, |p| p.ranges.usd_hr = Some(span));
        }
    };
    let measured = move || place.platform(|p, s| p.measured_spread(&s.settings));
    let offer_measured = move |_: leptos::ev::MouseEvent| {
        if let Some(span) = measured() {
            state.update_platform(id, |p| p.ranges.tps = Some(span));
        }
    };
    let clear = move |_: leptos::ev::MouseEvent| {
        state.update_platform(id, |p| p.ranges = Ranges::default());
    };
    let own_mode = move || place.platform(|p, _| Some(p.cost_mode)) == Some(CostMode::Own);
    view! {
        <fieldset class="range-inputs">
            <legend>{move || format!("Ranges of {}", state.platform_name(place.index()))}</legend>
            <div class="range-grid">
                {Ranges::FIELDS
                    .into_iter()
                    .map(|field| view! { <RangeField place=place field=field /> })
                    .collect_view()}
            </div>
            <Show when=own_mode>
                <p class="hint">"In \"own\" mode the price is built from the cost of owning: its range does not apply."</p>
            </Show>
            <div class="range-actions">
                <Show when=move || tiers().is_some()>
                    <button
                        type="button"
                        class="secondary"
                        data-testid=place.numbered("range-tiers")
                        on:click=offer_tiers
                    >
                        {move || {
                            tiers()
                                .map(|(lo, hi)| {
                                    format!(
                                        "Price range from the catalogue's tiers and surveys: ${} to ${}",
                                        format::number(lo),
                                        format::number(hi)
                                    )
                                })
                        }}
                    </button>
                </Show>
                <Show when=move || measured().is_some()>
                    <button
                        type="button"
                        class="secondary"
                        data-testid=place.numbered("range-measured")
                        on:click=offer_measured
                    >
                        {move || {
                            measured()
                                .map(|(lo, hi)| {
                                    format!(
                                        "Throughput range from the measured points either side of the target: {} to {} tokens/s",
                                        format::number(lo),
                                        format::number(hi)
                                    )
                                })
                        }}
                    </button>
                </Show>
                <button
                    type="button"
                    class="secondary"
                    data-testid=place.numbered("range-clear")
                    on:click=clear
                >
                    "Clear the ranges"
                </button>
            </div>
        </fieldset>
    }
}

/// The page's range boxes: electricity price, PUE, grid intensity and the API's prices.
#[component]
fn PageRangeInputs() -> impl IntoView {
    let state = state();
    let clear = move |_: leptos::ev::MouseEvent| {
        state
            .scenario
            .update(|s| s.settings.ranges = PageRanges::default());
    };
    view! {
        <fieldset class="range-inputs" data-testid="page-ranges">
            <legend>"Page-wide"</legend>
            <p class="hint">
                "These apply to every platform: electricity price and PUE move an owned GPU's price "
                "(PUE also the power of IT-power platforms), grid intensity moves carbon, the API's "
                "prices move the margin."
            </p>
            <div class="range-grid">
                {PageRanges::FIELDS
                    .into_iter()
                    .map(|field| {
                        let in_force = Signal::derive(move || {
                            state.settings.with(|s| s.ranges.get(field))
                        });
                        let value = Signal::derive(move || {
                            state.settings.with(|s| field.get_page(s))
                        });
                        let store = Callback::new(move |span: Option<(f64, f64)>| {
                            state.scenario.update(|s| s.settings.ranges.set(field, span));
                        });
                        view! {
                            <RangeBoxes
                                field=field
                                suffix=Signal::stored(String::new())
                                in_force=in_force
                                value=value
                                store=store
                                name=Signal::derive(move || field.label().to_string())
                            />
                        }
                    })
                    .collect_view()}
            </div>
            <div class="range-actions">
                <button type="button" class="secondary" data-testid="range-clear-page" on:click=clear>
                    "Clear the page-wide ranges"
                </button>
            </div>
        </fieldset>
    }
}

/// A low and a high box for one platform input.
#[component]
fn RangeField(place: Place, field: Field) -> impl IntoView {
    let state = state();
    let in_force = Signal::derive(move || place.platform(|p, _| p.ranges.get(field)));
    let value = Signal::derive(move || place.platform(|p, _| field.get_platform(p)));
    // Written to the platform wherever it is now; nothing once it is gone.
    let store = Callback::new(move |span: Option<(f64, f64)>| {
        state.update_platform(place.id, |p| p.ranges.set(field, span));
    });
    let name = Signal::derive(move || {
        format!(
            "{} of {}",
            field.label(),
            state.platform_name(place.index())
        )
    });
    view! {
        <RangeBoxes
            field=field
            suffix=Signal::derive(move || format!("-{}", place.number()))
            in_force=in_force
            value=value
            store=store
            name=name
        />
    }
}

/// A low and a high box for one input, a platform's or the page's (`suffix` is `-<i>` or
/// empty: `num-tps_lo-1`, `num-grid_g_kwh_lo`); a bad pair gets a message and the range in
/// force stays.
#[component]
fn RangeBoxes(
    field: Field,
    /// Follows the platform's number as earlier platforms come and go.
    suffix: Signal<String>,
    /// The range in force.
    in_force: Signal<Option<(f64, f64)>>,
    /// The value the range must hold.
    value: Signal<Option<f64>>,
    /// Store a checked range, or none.
    store: Callback<Option<(f64, f64)>>,
    /// What the boxes are of, for their accessible names.
    name: Signal<String>,
) -> impl IntoView {
    let in_force = Memo::new(move |_| in_force.get());
    let shown = |span: Option<(f64, f64)>| {
        span.map_or((String::new(), String::new()), |(lo, hi)| {
            (format::input_value(lo), format::input_value(hi))
        })
    };
    let (lo0, hi0) = shown(in_force.get_untracked());
    let lo_text = RwSignal::new(lo0);
    let hi_text = RwSignal::new(hi0);
    let error = RwSignal::new(None::<String>);
    // A range set elsewhere (a link, the tiers button, clearing) shows in the boxes.
    Effect::new(move |_| {
        let span = in_force.get();
        let typed = (lo_text.get_untracked(), hi_text.get_untracked());
        let parsed = format::parse_number(&typed.0)
            .ok()
            .zip(format::parse_number(&typed.1).ok());
        if parsed != span {
            let (lo, hi) = shown(span);
            lo_text.set(lo);
            hi_text.set(hi);
            error.set(None);
        }
    });
    let apply = move || {
        let (lo, hi) = (lo_text.get_untracked(), hi_text.get_untracked());
        if lo.trim().is_empty() && hi.trim().is_empty() {
            error.set(None);
            store.run(None);
            return;
        }
        let (Ok(lo), Ok(hi)) = (format::parse_number(&lo), format::parse_number(&hi)) else {
            error.set(Some(
                "Enter a number in both the low and the high box.".to_string(),
            ));
            return;
        };
        match check_range(field, value.get_untracked(), (lo, hi)) {
            Ok(span) => {
                error.set(None);
                store.run(Some(span));
            }
            // The range in force stays.
            Err(message) => error.set(Some(format!("{}.", format::capitalise(&message)))),
        }
    };
    // Element and test ids follow the platform's number.
    let box_id = move |prefix: &'static str, end: &'static str| {
        move || format!("{prefix}-{}_{end}{}", field.key(), suffix.get())
    };
    let lo_id = box_id("num", "lo");
    let hi_id = box_id("num", "hi");
    let err_id = box_id("err", "lo");
    let described = move || error.with(|e| e.as_ref().map(|_| err_id()));
    view! {
        <div class="field range-field" class:invalid=move || error.with(Option::is_some)>
            <span class="field-label">
                {field.label()}
                <span class="unit">{format!(" ({})", field.unit())}</span>
            </span>
            <div class="range-boxes">
                <label for=lo_id>"low"</label>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    id=lo_id
                    data-testid=lo_id
                    aria-label=move || format!("Low of {}", name.get())
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=described
                    prop:value=move || lo_text.get()
                    on:input=move |ev| {
                        lo_text.set(event_target_value(&ev));
                        apply();
                    }
                />
                <label for=hi_id>"high"</label>
                <input
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    id=hi_id
                    data-testid=hi_id
                    aria-label=move || format!("High of {}", name.get())
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=described
                    prop:value=move || hi_text.get()
                    on:input=move |ev| {
                        hi_text.set(event_target_value(&ev));
                        apply();
                    }
                />
            </div>
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
