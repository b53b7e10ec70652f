//! Carbon, the market price and your own logs: the grid's intensity and an API's list price
//! for the page, each platform's carbon per token and margin at that price, and a deployment's
//! logged GPU-hours, tokens and bill with what they give.

use leptos::prelude::*;

use super::field::InputField;
use super::table::SentenceList;
use super::{state, EachPlatform, Place};
use crate::format;
use crate::scenario::{Field, Group};
use crate::sentences;

/// DeepSeek's list price for DeepSeek-R1 (`deepseek-reasoner`), US$ per million input tokens
/// (cache miss) and output tokens, from its API pricing page as it stood in February 2025.
const DEEPSEEK_R1_PRICE: (f64, f64) = (0.55, 2.19);
/// What a cell without a figure shows.
const NO_FIGURE: &str = format::MISSING;
const DEEPSEEK_R1_SOURCE: &str = "https://api-docs.deepseek.com/quick_start/pricing-details-usd";

#[component]
pub fn MarketPanel() -> impl IntoView {
    let state = state();
    let use_deepseek = move |_: leptos::ev::MouseEvent| {
        state.scenario.update(|s| {
            s.settings.api_in = Some(DEEPSEEK_R1_PRICE.0);
            s.settings.api_out = Some(DEEPSEEK_R1_PRICE.1);
        });
    };
    let has_api_price = move || {
        state.results.with(|r| {
            r.extras
                .first()
                .is_some_and(|e| e.revenue_request.is_some())
        })
    };
    let revenue = move || {
        state.results.with(|r| {
            r.extras
                .first()
                .and_then(|e| e.revenue_request)
                .map(|v| {
                    format!(
                        "The API charges ${} for the page's request.",
                        format::number(v)
                    )
                })
                .unwrap_or_else(|| {
                    "No API price entered: enter both list prices for the margin, or use a \
                     dated one below."
                        .to_string()
                })
        })
    };
    view! {
        <section class="market" aria-labelledby="market-title" data-testid="market">
            <h3 id="market-title">"Carbon and the market price"</h3>
            <div class="settings-grid">
                {Field::in_group(Group::Market).map(|f| view! { <InputField field=f /> }).collect_view()}
            </div>
            <p class="hint" data-testid="grid-source">
                "Default grid intensity: 436 g CO2e per kWh, the world average for 2022 (Ember, Global "
                "Electricity Review 2023, April 2023). Approximate, and operational only: the energy "
                "the tokens use while serving, with no embodied carbon (making the GPUs) and no idle "
                "share. Enter your grid's figure for yours."
            </p>
            <p class="hint">
                <button type="button" class="secondary" data-testid="api-deepseek" on:click=use_deepseek>
                    "Use DeepSeek's list price for DeepSeek-R1: $0.55 in, $2.19 out"
                </button>
                " (deepseek-reasoner, input at the cache-miss price, as listed in February 2025: "
                <a href=DEEPSEEK_R1_SOURCE target="_blank" rel="noopener">"DeepSeek API pricing"</a>
                "). For other models no dated list price is built in: enter one."
            </p>
            <p data-testid="api-revenue">{revenue}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Carbon and margin">
                <table class="results detail" data-testid="market-table">
                    <caption>"Carbon per token and the margin at the API's price"</caption>
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
                        <tr>
                            <th scope="row">"Carbon per million output tokens (g CO2e)"</th>
                            <EachPlatform row=move |place: Place| view! { <ExtraCell place=place key="co2_per_mtok" /> }.into_any()
                            />
                        </tr>
                        // A margin means nothing without a price (like the factory's revenue rows).
                        <tr class:hidden=move || !has_api_price()>
                            <th scope="row">"Gross margin at the API's price (%)"</th>
                            <EachPlatform row=move |place: Place| view! { <ExtraCell place=place key="api_margin" /> }.into_any()
                            />
                        </tr>
                    </tbody>
                </table>
            </div>
            <SentenceList test_id="api-break-even" sentence=sentences::api_break_even />
        </section>
    }
}

#[component]
fn ExtraCell(place: Place, key: &'static str) -> impl IntoView {
    // The cell's text: the figure; an em dash when the platform has no throughput to give
    // one; "none" when the page lacks what the figure needs (a margin without an API price).
    let text = Memo::new(move |_| {
        place.own_results(|r, i| {
            let extras = r.extras.get(i)?;
            let value = extras.extra(key).map(|(v, _)| v);
            Some(match value {
                Some(v) if v.is_finite() => format::number(v),
                None if key == "api_margin" && extras.revenue_request.is_none() => {
                    "none".to_string()
                }
                _ => NO_FIGURE.to_string(),
            })
        })
    });
    let negative = Memo::new(move |_| {
        place
            .own_results(|r, i| r.extras.get(i)?.extra(key))
            .is_some_and(|(v, _)| v < 0.0)
    });
    view! {
        <td class="num" class:loss=negative data-testid=place.numbered(&format!("out-{key}"))>
            {move || text.get().unwrap_or_else(|| NO_FIGURE.to_string())}
        </td>
    }
}

/// Each platform's logs: GPU-hours, tokens and the bill, with the throughput and price they
/// give beside them.
#[component]
pub fn LogsPanel() -> impl IntoView {
    view! {
        <section class="logs" aria-labelledby="logs-title" data-testid="logs">
            <h3 id="logs-title">"From your own logs"</h3>
            <p class="hint">
                "Track total GPU-hours and total output tokens over a representative period: they "
                "give the throughput your deployment really achieved (idle time included, so "
                "utilisation is taken as 100%), and the bill gives its price per GPU-hour. Leave "
                "them empty to use the card's figures."
            </p>
            <EachPlatform row=move |place: Place| view! { <PlatformLogs place=place /> }.into_any()
            />
            <SentenceList test_id="logs-comparison" sentence=sentences::logs_comparison />
        </section>
    }
}

#[component]
fn PlatformLogs(place: Place) -> impl IntoView {
    let state = state();
    let figures = Memo::new(move |_| {
        place
            .own_results(|r, i| r.extras.get(i).map(|e| e.from_logs))
            .unwrap_or_default()
    });
    // Nothing logged: the line is hidden and its cells say "none", like other rows that lack
    // an input; a half-entered log shows an em dash for the figure it cannot give yet.
    let nothing_logged = move || {
        let f = figures.get();
        f.tps.is_none() && f.usd_hr.is_none()
    };
    let show = move |v: Option<f64>| match v {
        Some(v) => format::number(v),
        None if nothing_logged() => "none".to_string(),
        None => NO_FIGURE.to_string(),
    };
    view! {
        <fieldset class="logs-inputs">
            <legend>{move || format!("Logs of {}", state.platform_name(place.index()))}</legend>
            <div class="settings-grid">
                {Field::in_group(Group::Logs).map(|f| view! { <InputField place=place field=f /> }).collect_view()}
            </div>
            <p class="logs-derived" hidden=nothing_logged>
                "From your logs: "
                <strong data-testid=place.numbered("out-log_tps")>{move || show(figures.get().tps)}</strong>
                " tokens/s per GPU, $"
                <strong data-testid=place.numbered("out-log_usd_hr")>{move || show(figures.get().usd_hr)}</strong>
                " per GPU-hour."
                {move || {
                    let f = figures.get();
                    let held = [(f.tps_out_of_range, f.tps), (f.usd_hr_out_of_range, f.usd_hr)]
                        .into_iter()
                        .filter_map(|(given, used)| Some(held_note(given?, used?)))
                        .collect::<String>();
                    (!held.is_empty()).then(|| view! { <span data-testid=place.numbered("log-held")>{held}</span> })
                }}
            </p>
        </fieldset>
    }
}

/// A figure a deployment's logs can set in place of the card's.
#[derive(Clone, Copy)]
pub enum Logged {
    Throughput,
    Price,
}

/// Under a card's throughput or price: the logs set this figure, so the card's own box and
/// slider wait until the logs are cleared. Without it, a slider that moves nothing looks broken.
#[component]
pub fn LogsInForce(place: Place, logged: Logged) -> impl IntoView {
    let figure = Memo::new(move |_| {
        place.own_results(|r, i| {
            let logs = r.extras.get(i)?.from_logs;
            match logged {
                Logged::Throughput => logs.tps.map(|v| (v, logs.tps_out_of_range)),
                Logged::Price => logs.usd_hr.map(|v| (v, logs.usd_hr_out_of_range)),
            }
        })
    });
    let (test_id, what) = match logged {
        Logged::Throughput => ("logs-tps-note", "throughput"),
        Logged::Price => ("logs-price-note", "price"),
    };
    move || {
        figure.get().map(|(value, out_of_range)| {
            let figure = match logged {
                Logged::Throughput => format!(
                    "{} tokens/s per GPU (an average over the logged period with its idle time, so \
                     utilisation is taken as 100%)",
                    format::count_for_sentence(value)
                ),
                Logged::Price => format!(
                    "{} per GPU-hour (the bill over the GPU-hours)",
                    format::usd_for_sentence(value)
                ),
            };
            let held = out_of_range
                .map(|given| held_note(given, value))
                .unwrap_or_default();
            view! {
                <p class="hint logs-note" data-testid=place.numbered(test_id)>
                    {format!(
                        "Your logs set this platform's {what}: {figure}.{held} The {what} above \
                         applies again once the logs are cleared (under \"From your own logs\")."
                    )}
                </p>
            }
        })
    }
}

/// " Your logs give 1.39e-9, held at the lowest valid figure." where a logged figure lies
/// outside the valid range: the page uses the edge, and must not pass it off as the logs'.
fn held_note(given: f64, held: f64) -> String {
    let edge = if given < held { "lowest" } else { "highest" };
    format!(
        " Your logs give {}, held at the {edge} valid figure.",
        format::number_for_message(given)
    )
}
