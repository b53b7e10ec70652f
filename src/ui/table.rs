//! The results table, shaped like the seed table, and "show the working".

use leptos::prelude::*;

use super::{state, EachPlatform, Place};
use crate::format;
use crate::model::{Metric, Multiple};
use crate::scenario::{Results, Scenario};
use crate::sentences;

/// Up to this many platforms, on a wide screen, the table keeps the seed table's shape (a
/// column per platform); beyond it, or on a narrow screen, each platform is a row.
const MAX_PLATFORM_COLUMNS: usize = 2;

/// The metrics in a platform's row: the one the page is about first.
const ROW_ORDER: [Metric; 5] = [
    Metric::CostPerMtok,
    Metric::TokPerMw,
    Metric::Tps,
    Metric::UsdHr,
    Metric::FlopsPerUsd,
];

#[component]
pub fn ResultsTable() -> impl IntoView {
    let state = state();
    // A memo: the hint is rebuilt when its text changes, not on every slider move.
    let mixed = Memo::new(move |_| state.scenario.with(sentences::mixed_precision_warning));
    // A phone: a column per platform no longer fits beside the metric names.
    let narrow = super::media::media_signal(super::media::NARROW_SCREEN);
    let by_platform =
        Memo::new(move |_| narrow.get() || state.ids.with(Vec::len) > MAX_PLATFORM_COLUMNS);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Results table">
            {move || {
                if by_platform.get() {
                    view! { <PlatformRows /> }.into_any()
                } else {
                    view! { <MetricRows /> }.into_any()
                }
            }}
        </div>
        {move || mixed.get().map(|m| view! { <p class="hint" data-testid="mixed-precision">{m}</p> })}
    }
}

/// The seed table's shape: a row per metric, a value and a multiple column per platform.
#[component]
fn MetricRows() -> impl IntoView {
    let state = state();
    view! {
        <table class="results" data-testid="results-table">
            <thead>
                <tr>
                    <th scope="col">"Metric"</th>
                    <EachPlatform row=move |place: Place| ({
                            let name = move || state.platform_name(place.index());
                            view! {
                                <th scope="col" class="platform-col">{name}</th>
                                // The name is there for screen readers; on screen it sits one column left.
                                <th scope="col" class="multiple-col">
                                    <span class="visually-hidden">{move || format!("{} ", name())}</span>
                                    "vs baseline"
                                </th>
                            }
                        }).into_any()
                    />
                </tr>
            </thead>
            <tbody>
                {Metric::ALL
                    .into_iter()
                    .map(|metric| {
                        view! {
                            <tr class:input-metric=metric.is_input()>
                                <th scope="row">{metric.label()}</th>
                                <EachPlatform row=move |place: Place| view! { <ResultCells place=place metric=metric /> }.into_any()
                                />
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Many platforms or a narrow screen: a row per platform, one cell per metric holding the
/// value over its multiple, so twelve platforms stay as readable as two.
#[component]
fn PlatformRows() -> impl IntoView {
    let state = state();
    view! {
        <table class="results by-platform" data-testid="results-table">
            <thead>
                <tr>
                    <th scope="col">"Platform"</th>
                    {ROW_ORDER
                        .into_iter()
                        .map(|metric| {
                            view! {
                                <th scope="col" class:input-metric=metric.is_input()>
                                    {metric.label()}
                                    <span class="visually-hidden">", and the multiple vs the baseline"</span>
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                <EachPlatform row=move |place: Place| ({
                        let name = move || state.platform_name(place.index());
                        view! {
                            <tr>
                                <th scope="row">
                                    <span class="swatch" style=place.swatch()></span>
                                    {name}
                                </th>
                                {ROW_ORDER
                                    .into_iter()
                                    .map(|metric| view! { <ResultCells place=place metric=metric stacked=true /> })
                                    .collect_view()}
                            </tr>
                        }
                    }).into_any()
                />
            </tbody>
        </table>
    }
}

/// A platform's value and multiple for one metric: two cells, or (`stacked`) one cell with the
/// multiple under the value.
#[component]
fn ResultCells(place: Place, metric: Metric, #[prop(optional)] stacked: bool) -> impl IntoView {
    // Memos: the DOM is written only when a cell's text changes, so moving one platform's
    // slider touches that platform's cells (and the multiples), not all twelve columns.
    let value = Memo::new(move |_| {
        place
            .own_results(|r, i| r.value(i, metric))
            .map(format::number)
            .unwrap_or_else(|| format::MISSING.to_string())
    });
    // Why a cell is a dash, or why its throughput is not at the target: beside the number,
    // never inside its text.
    let flag = Memo::new(move |_| place.own_results(|r, i| r.flag(i, metric)));
    let marker = move || {
        flag.get().map(|text| {
            view! {
                <span class="marker" data-testid=place.numbered(&format!("flag-{}", metric.key()))>{text}</span>
            }
        })
    };
    let multiple = Memo::new(move |_| {
        place
            .results(|r, i| Some(format::multiple(r.multiple(i, metric))))
            .unwrap_or_default()
    });
    let tone = Memo::new(move |_| {
        let multiple = place
            .results(|r, i| Some(r.multiple(i, metric)))
            .unwrap_or(Multiple::Missing);
        match multiple.advantage() {
            _ if matches!(
                multiple,
                Multiple::Baseline | Multiple::Same | Multiple::Missing
            ) =>
            {
                "neutral"
            }
            // A dearer hour reads "1.88x" but is worse for the buyer.
            a if (a > 1.0) != (metric == Metric::UsdHr) => "better",
            _ => "worse",
        }
    });
    if stacked {
        return view! {
            <td class="num stacked">
                <span class="value" data-testid=place.numbered(&format!("out-{}", metric.key()))>{move || value.get()}</span>
                {marker}
                <span class=move || format!("multiple {}", tone.get()) data-testid=place.numbered(&format!("x-{}", metric.key()))>
                    {move || multiple.get()}
                </span>
            </td>
        }
        .into_any();
    }
    view! {
        <td class="num">
            <span class="value" data-testid=place.numbered(&format!("out-{}", metric.key()))>{move || value.get()}</span>
            {marker}
        </td>
        <td class=move || format!("multiple {}", tone.get()) data-testid=place.numbered(&format!("x-{}", metric.key()))>
            {move || multiple.get()}
        </td>
    }
    .into_any()
}

#[component]
pub fn Working() -> impl IntoView {
    let state = state();
    // Built only while open: closed, it costs nothing per slider move.
    let open = RwSignal::new(false);
    let lines = move || {
        if !open.get() {
            return None;
        }
        let results = state.results;
        Some(state.scenario.with(|s| {
            s.platforms
                .iter()
                .enumerate()
                .map(|(index, p)| {
                    let formulas = Metric::ALL
                        .into_iter()
                        .map(|metric| {
                            let text = results.with(|r| sentences::working(s, r, index, metric));
                            view! { <li>{text}</li> }
                        })
                        .collect_view();
                    let extra = results.with(|r| sentences::extra_working(s, r, index));
                    view! {
                        <h4>{p.name.clone()}</h4>
                        <ul>{formulas}{extra.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    }
                })
                .collect_view()
        }))
    };
    view! {
        <details
            class="working"
            data-testid="working"
            on:toggle=move |ev| {
                let is_open = ev
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(t).ok())
                    .is_some_and(|d| d.open());
                open.set(is_open);
            }
        >
            <summary>"Show the working"</summary>
            {lines}
        </details>
    }
}

/// One sentence per platform that has one, as a list. Each item is created once and only its
/// text follows the numbers, so a slider move does not rebuild the list.
#[component]
pub fn SentenceList(
    test_id: &'static str,
    sentence: fn(&Scenario, &Results, usize) -> Option<String>,
) -> impl IntoView {
    view! {
        <ul class="break-even">
            <EachPlatform row=move |place: Place| ({
                    let text = Memo::new(move |_| {
                        place.scenario(|s, _| place.results(|r, i| sentence(s, r, i)))
                    });
                    view! {
                        <Show when=move || text.with(Option::is_some)>
                            <li data-testid=place.numbered(test_id)>
                                {move || text.get().unwrap_or_default()}
                            </li>
                        </Show>
                    }
                }).into_any()
            />
        </ul>
    }
}
