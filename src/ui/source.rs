//! The published seed table beside what the calculator computes, and why they differ.

use leptos::prelude::*;

use crate::catalogue::{PUBLISHED_DIFFERENCES, PUBLISHED_SEED_TABLE, SEED_THROUGHPUT};
use crate::format;
use crate::model::Metric;
use crate::scenario::Scenario;

#[component]
pub fn SourcePanel() -> impl IntoView {
    // The default scenario is the seed table, so its computed figures are fixed.
    let seed = Scenario::default();
    let results = seed.results();
    let computed = |index: usize, metric: Metric| {
        results
            .metrics
            .get(index)
            .map(|m| format::number(m.get(metric)))
            .unwrap_or_default()
    };
    let rows = PUBLISHED_SEED_TABLE
        .iter()
        .map(|cell| {
            view! {
                <tr>
                    <th scope="row">{cell.metric.label()}</th>
                    <td>{cell.hopper}</td>
                    <td class="num">{computed(0, cell.metric)}</td>
                    <td>{cell.blackwell}</td>
                    <td class="num">{computed(1, cell.metric)}</td>
                    <td>{cell.multiple}</td>
                    <td class="num">{format::multiple(results.multiple(1, cell.metric))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="source-panel" data-testid="source-panel">
            <summary>"The source: published figures beside computed ones"</summary>
            <p>
                {format!(
                    "The default view is the Hopper vs Blackwell table of the {} (as of {}). The calculator recomputes every cell from its inputs:",
                    SEED_THROUGHPUT.name,
                    SEED_THROUGHPUT.as_of
                )}
            </p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Published vs computed">
                <table class="published">
                    <thead>
                        <tr>
                            <th scope="col">"Metric"</th>
                            <th scope="col">"H200 published"</th>
                            <th scope="col">"H200 computed"</th>
                            <th scope="col">"GB300 published"</th>
                            <th scope="col">"GB300 computed"</th>
                            <th scope="col">"Multiple published"</th>
                            <th scope="col">"Multiple computed"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ul class="differences">
                {PUBLISHED_DIFFERENCES.iter().map(|d| view! { <li>{*d}</li> }).collect_view()}
            </ul>
        </details>
    }
}
