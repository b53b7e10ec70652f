//! The throughput side: the speed target and workload, each platform's measured curve and token
//! split, and the decode ceiling.

use leptos::prelude::*;

use super::cost::{DetailTable, Row};
use super::field::InputField;
use super::table::SentenceList;
use super::{state, Place};
use crate::codec::points::{curve_from_csv, points_to_csv};
use crate::format;
use crate::model::ceiling::CEILING_CITATION;
use crate::model::curve::Clamp;
use crate::scenario::{Field, Group, Platform};
use crate::sentences;

/// The visible label of a curve's points box, which its accessible name starts with.
const CURVE_POINTS: &str = "Points, one per line: tokens/s per user, tokens/s per GPU";

/// Target interactivity, workload mix and the model: one value for the whole page.
#[component]
pub fn WorkloadSettings() -> impl IntoView {
    view! {
        <section class="settings" aria-labelledby="workload-title">
            <h2 id="workload-title">"Speed target and workload"</h2>
            <super::measured::WorkloadPicker />
            <div class="settings-grid">
                {Field::in_group(Group::Workload).map(|f| view! { <InputField field=f /> }).collect_view()}
            </div>
            <p class="hint">
                "Serving each user faster means fewer tokens per GPU. With a target set, every "
                "platform with a measured curve reads its throughput off that curve (monotone "
                "interpolation, never beyond the measured points); leave it empty to use each "
                "card's own figure."
            </p>
            <details class="model-settings">
                <summary>"The model for the decode ceiling"</summary>
                <div class="settings-grid">
                    {Field::in_group(Group::Model).map(|f| view! { <InputField field=f /> }).collect_view()}
                </div>
                <p class="hint">
                    "Defaults: DeepSeek-R1 (671B parameters, 37B active, 256 experts with 8 active, "
                    "MLA). Experts 1 means a dense model. Method: "
                    {CEILING_CITATION}
                    ". The ceiling is an upper bound: measured mixture-of-experts serving on many "
                    "GPUs typically reaches 15-45% of it (dense single-GPU decode 50-70%). Each "
                    "platform's serving set-up is on its card."
                </p>
            </details>
        </section>
    }
}

/// A platform's measured curve: paste or edit CSV points, or remove them.
#[component]
pub fn CurveEditor(place: Place) -> impl IntoView {
    let state = state();
    let curve = Memo::new(move |_| {
        // The curve in force: the user's points, else the catalogue's measured frontier.
        place.platform(|p, s| {
            p.curve_in_force(&s.settings)
                .map(std::borrow::Cow::into_owned)
        })
    });
    // A typed throughput wins over the catalogue's measured curve: the card says so, and how
    // to have the curve back (one slider move had made it vanish without a word).
    let set_aside = Memo::new(move |_| {
        place
            .platform(|p, s| Some(p.frontier_set_aside(&s.settings)))
            .unwrap_or(false)
    });
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Show the platform's points whenever they change from elsewhere (preset, link, import).
    Effect::new(move |_| {
        text.set(
            curve
                .get()
                .map(|c| points_to_csv(c.points()))
                .unwrap_or_default(),
        );
        error.set(None);
    });
    let apply = move |_: leptos::ev::MouseEvent| {
        let typed = text.get_untracked();
        if typed.trim().is_empty() {
            state.update_platform(place.id, |p| p.curve = None);
            error.set(None);
            return;
        }
        match curve_from_csv(&typed) {
            Ok(parsed) => {
                error.set(None);
                state.update_platform(place.id, |p| p.curve = Some(parsed));
            }
            // The curve in force stays.
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let lookup = move || {
        place.own_results(|r, i| {
            let l = r.details.get(i)?.curve_lookup?;
            Some((l, r.metrics.get(i).map(|m| m.tps).unwrap_or(l.value)))
        })
    };
    let note = move || {
        let target = place.own_scenario(|s, _| s.settings.target_tps_user)?;
        let (l, tps) = lookup()?;
        let clamp = match l.clamped {
            Some(Clamp::Below) => " (below the measured range: held at its first point)",
            Some(Clamp::Above) => " (above the measured range: held at its last point)",
            None => "",
        };
        Some(format!(
            "At the target {} tokens/s per user this platform delivers {} tokens/s per GPU{clamp} \
             (the throughput box shows it).",
            format::number(target),
            format::count_for_sentence(tps)
        ))
    };
    let textarea_id = place.numbered("curve");
    view! {
        {move || note().map(|n| view! { <p class="hint curve-note" data-testid=place.numbered("curve-note")>{n}</p> })}
        <details class="curve-editor">
            <summary>
                {move || match curve.get() {
                    Some(c) => format!("Measured curve: {} points", c.points().len()),
                    None if set_aside.get() => {
                        "Measured curve: set aside, the throughput you typed is in force".to_string()
                    }
                    None => "Measured curve: none (add points)".to_string(),
                }}
            </summary>
            <label class="stacked" for=textarea_id.clone()>
                {CURVE_POINTS}
                " (paste CSV from a spreadsheet)"
            </label>
            <textarea
                id=textarea_id
                rows="5"
                data-testid=place.numbered("curve-text")
                aria-label=place.control_name(CURVE_POINTS)
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <button type="button" class="secondary" data-testid=place.numbered("curve-apply") aria-label=place.control_name("Use these points") on:click=apply>
                "Use these points"
            </button>
            <Show when=move || set_aside.get()>
                <button
                    type="button"
                    class="secondary"
                    data-testid=place.numbered("curve-measured")
                    aria-label=place.control_name("Use the measured curve again")
                    on:click=move |_| state.update_platform(place.id, Platform::drop_typed_throughput)
                >
                    "Use the measured curve again"
                </button>
            </Show>
            {move || {
                error
                    .get()
                    .map(|e| view! { <p class="field-error" role="alert" data-testid=place.numbered("curve-err")>{e}</p> })
            }}
        </details>
    }
}

/// A platform's memory (for the ceiling) and its input/output split.
#[component]
pub fn HardwareAndSplit(place: Place) -> impl IntoView {
    let split_error = move || {
        place.own_results(|r, i| {
            r.details
                .get(i)?
                .token_split_error
                .as_ref()
                .map(|e| format!("{e}."))
        })
    };
    view! {
        <details class="hardware">
            <summary>"Memory and input/output split"</summary>
            {Field::in_group(Group::Throughput)
                .map(|f| view! { <InputField place=place field=f /> })
                .collect_view()}
            {move || {
                split_error()
                    .map(|e| view! { <p class="field-error" role="alert" data-testid=place.numbered("split-err")>{e}</p> })
            }}
            <p class="hint">
                "With a prefill figure, the request still takes what the throughput says (it "
                "holds the input tokens' cost): input is costed at the prefill throughput and "
                "output gets the rest of the time. Without one, the output/input price ratio "
                "splits that cost. Nothing is added on top."
            </p>
            <p class="hint">
                "The decode ceiling's set-up (GPUs, batch, context, tokens per step, bytes per "
                "weight) defaults to how this platform's figure was measured. It assumes DP "
                "attention: the shared weights are replicated on every GPU, the experts split "
                "across them, and each GPU keeps the MLA KV cache of its own sequences (not split "
                "by tensor parallelism); the compute roof is at the weights' precision."
            </p>
        </details>
    }
}

const TOKEN_ROWS: [Row; 8] = [
    Row {
        key: "cost_in_mtok",
        label: "Cost per million input tokens ($)",
        value: |d| d.token_costs.map(|c| c.per_m_input),
        is_money: true,
    },
    Row {
        key: "cost_out_mtok",
        label: "Cost per million output tokens ($)",
        value: |d| d.token_costs.map(|c| c.per_m_output),
        is_money: true,
    },
    Row {
        key: "cost_request",
        label: "Cost per request ($)",
        value: |d| d.token_costs.map(|c| c.per_request),
        is_money: true,
    },
    Row {
        key: "cost_blend_mtok",
        label: "Blended cost per million tokens of the mix ($)",
        value: |d| d.token_costs.map(|c| c.blended_per_m),
        is_money: true,
    },
    Row {
        key: "ceiling",
        label: "Decode ceiling (tokens/s per GPU)",
        value: |d| d.ceiling.as_ref().ok().map(|c| c.tokens_per_s_per_gpu),
        is_money: false,
    },
    Row {
        key: "ceiling_share",
        label: "Throughput as a share of the ceiling (%)",
        value: |d| d.ceiling_share,
        is_money: false,
    },
    Row {
        key: "max_interactivity",
        label: "Highest interactivity under the cost cap (tokens/s per user)",
        value: |d| d.max_interactivity.map(|(x, _)| x),
        is_money: false,
    },
    Row {
        key: "users_per_mw",
        label: "Concurrent users per MW at the target",
        value: |d| d.users_per_mw,
        is_money: false,
    },
];

/// Costs by token kind and the decode ceiling, per platform.
#[component]
pub fn ThroughputTables() -> impl IntoView {
    let state = state();
    let caption = move || {
        state.settings.with(|s| {
            format!(
                "Workload of {} input and {} output tokens per request",
                format::count_for_sentence(s.in_tokens),
                format::count_for_sentence(s.out_tokens)
            )
        })
    };
    view! {
        <section class="cost-tables" aria-labelledby="throughput-title">
            <h3 id="throughput-title">"Input and output tokens, and the physical ceiling"</h3>
            <DetailTable caption=Signal::derive(caption) rows=&TOKEN_ROWS test_id="throughput-table" />
            <SentenceList test_id="ceiling" sentence=sentences::ceiling />
            <SentenceList test_id="cap" sentence=sentences::measured::cap_note />
            <p class="hint">"Ceiling method: " {CEILING_CITATION} "."</p>
        </section>
    }
}
