//! The cost side: owning a GPU, the page's energy and site settings, and the tables of energy,
//! scale and break-even.

use leptos::prelude::*;

use super::field::InputField;
use super::table::SentenceList;
use super::{state, EachPlatform, Place};
use crate::format;
use crate::scenario::{Field, Group, PlatformDetails};
use crate::sentences;

/// The inputs of owning one GPU and the $/GPU-hour they come to, in parts.
#[component]
pub fn OwnCost(place: Place) -> impl IntoView {
    let breakdown = move || place.own_results(|r, i| r.details.get(i)?.own_cost);
    let effective = move || place.own_results(|r, i| r.metrics.get(i).map(|m| m.usd_hr));
    view! {
        <fieldset class="own">
            <legend>"Cost of owning one GPU"</legend>
            {Field::in_group(Group::Own).map(|f| view! { <InputField place=place field=f /> }).collect_view()}
            <p class="hint">
                "Example figures until you enter yours. Energy uses the page's electricity price"
                " at full power every hour; capital and operations are spread over all 8,760 hours."
            </p>
            {move || {
                breakdown()
                    .map(|b| {
                        let i = place.number();
                        let shares = b.shares();
                        let pct = |share: f64| format!("width: {}%", format::fixed(share * 100.0, 1));
                        view! {
                            <p class="own-total">
                                "Owning costs $"
                                <strong data-testid=format!("out-own_usd_hr-{i}")>
                                    {format::number(effective().unwrap_or(b.total_per_hour))}
                                </strong>
                                " per GPU-hour: "
                                <span data-testid=format!("own-breakdown-{i}")>
                                    {format!(
                                        "${} capital, ${} energy, ${} operations.",
                                        format::number(b.capital_per_hour),
                                        format::number(b.energy_per_hour),
                                        format::number(b.operations_per_hour)
                                    )}
                                </span>
                            </p>
                            <div class="stacked-bar" aria-hidden="true">
                                <span class="part capital" style=pct(shares.capital)></span>
                                <span class="part energy" style=pct(shares.energy)></span>
                                <span class="part operations" style=pct(shares.operations)></span>
                            </div>
                            <p class="legend">
                                <span class="key capital"></span>
                                {format!("capital {}% ", format::fixed(shares.capital * 100.0, 0))}
                                <span class="key energy"></span>
                                {format!("energy {}% ", format::fixed(shares.energy * 100.0, 0))}
                                <span class="key operations"></span>
                                {format!("operations {}%", format::fixed(shares.operations * 100.0, 0))}
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}

/// Electricity, PUE, the site's power and the price charged: one value for the whole page.
#[component]
pub fn PageSettings() -> impl IntoView {
    view! {
        <section class="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">"Energy, site and price"</h2>
            <div class="settings-grid">
                {Field::in_group(Group::Cost).map(|f| view! { <InputField field=f /> }).collect_view()}
            </div>
            <p class="hint">
                "PUE multiplies only power entered as IT power; the catalogue's all-in kW already "
                "includes cooling, so for those platforms it is 1. Leave the price empty to see "
                "costs only."
            </p>
        </section>
    }
}

/// One row of the energy and scale table: a key for test hooks, a label, and how to read it.
pub(super) struct Row {
    pub key: &'static str,
    pub label: &'static str,
    pub value: fn(&PlatformDetails) -> Option<f64>,
    pub is_money: bool,
}

const ENERGY_ROWS: [Row; 4] = [
    Row {
        key: "delivered_tps",
        label: "Delivered tokens/s per GPU (x utilisation)",
        value: |d| Some(d.delivered_tps),
        is_money: false,
    },
    Row {
        key: "j_per_tok",
        label: "Energy per token (joules)",
        value: |d| Some(d.joules_per_token),
        is_money: false,
    },
    Row {
        key: "energy_per_mtok",
        label: "Energy cost per million tokens ($)",
        value: |d| Some(d.energy_cost_per_mtok),
        is_money: true,
    },
    Row {
        key: "tok_per_usd",
        label: "Tokens per dollar",
        value: |d| d.factory.tokens_per_usd,
        is_money: false,
    },
];

const FACTORY_ROWS: [Row; 6] = [
    Row {
        key: "gpus",
        label: "GPUs in the site's power",
        value: |d| Some(d.factory.gpus),
        is_money: false,
    },
    Row {
        key: "tok_per_day",
        label: "Tokens per day",
        value: |d| Some(d.factory.tokens_per_day),
        is_money: false,
    },
    Row {
        key: "cost_per_year",
        label: "Cost per year ($)",
        value: |d| Some(d.factory.cost_per_year),
        is_money: true,
    },
    Row {
        key: "revenue_per_year",
        label: "Revenue per year ($)",
        value: |d| d.factory.revenue_per_year,
        is_money: true,
    },
    Row {
        key: "margin_per_year",
        label: "Margin per year ($)",
        value: |d| d.factory.margin_per_year,
        is_money: true,
    },
    Row {
        key: "margin_pct",
        label: "Margin (% of revenue)",
        value: |d| d.factory.margin_pct,
        is_money: false,
    },
];

#[component]
pub(super) fn DetailTable(
    #[prop(into)] caption: Signal<String>,
    rows: &'static [Row],
    test_id: &'static str,
) -> impl IntoView {
    let state = state();
    let has_price = move || state.settings.with(|s| s.price_mtok.is_some());
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || caption.get()>
            <table class="results detail" data-testid=test_id>
                <caption>{move || caption.get()}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Metric"</th>
                        <EachPlatform row=move |place: Place| ({
                                view! { <th scope="col">{move || state.platform_name(place.index())}</th> }
                            }).into_any()
                        />
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|row| {
                            let visible = move || {
                                // Revenue rows mean nothing without a price.
                                has_price() || !matches!(row.key, "revenue_per_year" | "margin_per_year" | "margin_pct")
                            };
                            view! {
                                <tr class:hidden=move || !visible()>
                                    <th scope="row">{row.label}</th>
                                    <EachPlatform row=move |place: Place| ({
                                            // Memos: only a changed cell writes to the DOM.
                                            let text = Memo::new(move |_| {
                                                place
                                                    .own_results(|r, i| r.details.get(i).map(row.value))
                                                    .map(|value| match value {
                                                        // A figure that needs a missing throughput.
                                                        Some(v) if v.is_finite() => format::number(v),
                                                        Some(_) => format::MISSING.to_string(),
                                                        None => "none".to_string(),
                                                    })
                                                    .unwrap_or_else(|| "none".to_string())
                                            });
                                            let negative = Memo::new(move |_| {
                                                row.is_money
                                                    && place
                                                        .own_results(|r, i| r.details.get(i).and_then(row.value))
                                                        .is_some_and(|v| v < 0.0)
                                            });
                                            view! {
                                                <td
                                                    class="num"
                                                    class:loss=negative
                                                    data-testid=place.numbered(&format!("out-{}", row.key))
                                                >
                                                    {move || text.get()}
                                                </td>
                                            }
                                        }).into_any()
                                    />
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Energy per token, tokens per dollar, the break-even sentences and the token factory.
#[component]
pub fn CostTables() -> impl IntoView {
    let state = state();
    let factory_caption = move || {
        state.settings.with(|s| {
            format!(
                "The token factory: each platform filling a {} MW site",
                format::number(s.site_mw)
            )
        })
    };
    view! {
        <section class="cost-tables" aria-labelledby="scale-title">
            <h3 id="scale-title">"Energy, break-even and scale"</h3>
            <DetailTable caption="Energy and tokens per dollar".to_string() rows=&ENERGY_ROWS test_id="energy-table" />
            <SentenceList test_id="break-even" sentence=sentences::break_even />
            <DetailTable caption=Signal::derive(factory_caption) rows=&FACTORY_ROWS test_id="factory-table" />
        </section>
    }
}
