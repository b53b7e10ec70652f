//! The results table, shaped like the seed table, and "show the working".

use leptos::prelude::*;

use super::state;
use crate::format;
use crate::model::{Metric, Multiple};
use crate::scenario::{Results, Scenario};
use crate::sentences;

#[component]
pub fn ResultsTable() -> impl IntoView {
    let state = state();
    let indices = move || 0..state.scenario.with(|s| s.platforms.len());
    let mixed = move || state.scenario.with(sentences::mixed_precision_warning);
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Results table">
            <table class="results" data-testid="results-table">
                <thead>
                    <tr>
                        <th scope="col">"Metric"</th>
                        <For
                            each=indices
                            key=|i| *i
                            children=move |index| {
                                let name = move || state.platform_name(index);
                                view! {
                                    <th scope="col" class="platform-col">{name}</th>
                                    <th scope="col" class="multiple-col">
                                        {move || format!("{} vs baseline", name())}
                                    </th>
                                }
                            }
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
                                    <For
                                        each=indices
                                        key=|i| *i
                                        children=move |index| view! { <ResultCells index=index metric=metric /> }
                                    />
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {move || mixed().map(|m| view! { <p class="hint" data-testid="mixed-precision">{m}</p> })}
    }
}

#[component]
fn ResultCells(index: usize, metric: Metric) -> impl IntoView {
    let state = state();
    let i = index + 1;
    // Memos: the DOM is written only when a cell's text changes, so moving one platform's
    // slider touches that platform's cells (and the multiples), not all twelve columns.
    let value = Memo::new(move |_| {
        state.results.with(|r| {
            r.metrics
                .get(index)
                .map(|m| format::number(m.get(metric)))
                .unwrap_or_else(|| format::NOT_A_NUMBER.to_string())
        })
    });
    let multiple = Memo::new(move |_| {
        state
            .results
            .with(|r| format::multiple(r.multiple(index, metric)))
    });
    let tone = Memo::new(move |_| {
        state.results.with(|r| {
            let multiple = r.multiple(index, metric);
            match multiple.advantage() {
                _ if matches!(multiple, Multiple::Baseline | Multiple::Same) => "neutral",
                // A dearer hour reads "1.88x" but is worse for the buyer.
                a if (a > 1.0) != (metric == Metric::UsdHr) => "better",
                _ => "worse",
            }
        })
    });
    view! {
        <td class="num" data-testid=format!("out-{}-{i}", metric.key())>{move || value.get()}</td>
        <td class=move || format!("multiple {}", tone.get()) data-testid=format!("x-{}-{i}", metric.key())>
            {move || multiple.get()}
        </td>
    }
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
                    view! {
                        <h4>{p.name.clone()}</h4>
                        <ul>{formulas}</ul>
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
    let state = state();
    let indices = move || 0..state.scenario.with(|s| s.platforms.len());
    view! {
        <ul class="break-even">
            <For
                each=indices
                key=|i| *i
                children=move |index| {
                    let text = Memo::new(move |_| {
                        state.scenario.with(|s| state.results.with(|r| sentence(s, r, index)))
                    });
                    view! {
                        <Show when=move || text.with(Option::is_some)>
                            <li data-testid=format!("{test_id}-{}", index + 1)>
                                {move || text.get().unwrap_or_default()}
                            </li>
                        </Show>
                    }
                }
            />
        </ul>
    }
}
