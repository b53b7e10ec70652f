//! Sentences of the measured side: where a measured throughput comes from, where a seed figure
//! falls on its platform's frontier, and what a price tier says.

use crate::catalogue::measured::{self, Frontier};
use crate::catalogue::CURVE_WORKLOAD;
use crate::format;
use crate::model::curve::Curve;
use crate::scenario::measured::{
    frontier_curve, interactivity_of, Basis, PriceTier, DEFAULT_INTERACTIVITY,
};
use crate::scenario::{Platform, Results, Scenario};

/// The frontier's total (input + output) tokens/s per GPU against interactivity.
fn total_curve(frontier: &Frontier) -> Option<Curve> {
    let points = frontier
        .interactivity
        .iter()
        .copied()
        .zip(frontier.total_tps.iter().copied())
        .collect();
    Curve::new(points).ok()
}

/// "DeepSeek-R1, 1k in / 1k out, FP4".
fn frontier_name(frontier: &Frontier) -> String {
    let workload = measured::workload(frontier.workload).map_or(frontier.workload, |w| w.name);
    format!("{workload}, {}", frontier.precision.label())
}

/// Where platform `index`'s measured throughput comes from: the workload, both token bases,
/// the interactivity it is read at, and the measured point nearest it (framework,
/// configuration, run date, source). `None` where the throughput is not measured.
pub fn measured_note(scenario: &Scenario, index: usize) -> Option<String> {
    let platform = scenario.platforms.get(index)?;
    let settings = &scenario.settings;
    let Basis::Measured {
        frontier,
        nearest,
        at_point,
    } = platform.basis(settings)
    else {
        return None;
    };
    let (output, total, at) = if at_point {
        (nearest.output_tps, nearest.total_tps, nearest.interactivity)
    } else {
        let target = settings.target_tps_user?;
        let output = frontier_curve(frontier)?.at(target).value;
        let total = total_curve(frontier)?.at(target).value;
        (output, total, target)
    };
    let place = if at_point {
        format!(
            "at its measured point nearest {} tokens/s per user ({} tokens/s per user; no target set)",
            format::plain(DEFAULT_INTERACTIVITY),
            format::count_for_sentence(at)
        )
    } else {
        format!(
            "at the target {} tokens/s per user",
            format::count_for_sentence(at)
        )
    };
    let layout = if nearest.is_disaggregated() {
        "disaggregated prefill and decode"
    } else {
        "aggregated"
    };
    Some(format!(
        "Measured, {}: {} output tokens/s per GPU ({} total, input + output) {place}. Nearest \
         measured point: {} {} ({layout}, {}), run of {}; SemiAnalysis InferenceX, {}.",
        frontier_name(frontier),
        format::count_for_sentence(output),
        format::count_for_sentence(total),
        format::count_for_sentence(nearest.output_tps),
        nearest.framework,
        nearest.config,
        nearest.run_date,
        nearest.source
    ))
}

/// One line for a measured throughput: "Measured: 1,620 output tokens/s per GPU (DeepSeek-R1,
/// 8k in / 1k out, FP4)"; [`measured_note`] gives the rest.
pub fn measured_summary(scenario: &Scenario, index: usize) -> Option<String> {
    let platform = scenario.platforms.get(index)?;
    let Basis::Measured { frontier, .. } = platform.basis(&scenario.settings) else {
        return None;
    };
    let tps = platform.effective_tps(&scenario.settings)?;
    Some(format!(
        "Measured: {} output tokens/s per GPU ({})",
        format::count_for_sentence(tps),
        frontier_name(frontier)
    ))
}

/// Where a seed platform's published throughput falls on its measured frontier of the seed
/// workload: the seed table does not say at what interactivity its figures were measured.
pub fn seed_on_frontier(platform: &Platform) -> Option<String> {
    let preset = platform.preset?;
    let seed = platform.seed_tps()?;
    let precision = measured::default_precision(preset.key(), CURVE_WORKLOAD)?;
    let frontier = measured::frontier(preset.key(), CURVE_WORKLOAD, precision)?;
    let place = match interactivity_of(frontier, seed) {
        Some(x) => format!(
            "falls at about {} tokens/s per user",
            format::count_for_sentence(x)
        ),
        None => "lies outside the measured range".to_string(),
    };
    Some(format!(
        "{}: the seed table's {} tokens/s {place} on its measured frontier ({}).",
        preset.preset().name,
        // The seed's figures are whole numbers: "90", "6,000".
        if seed < 1000.0 {
            format::plain(seed)
        } else {
            format::count_for_sentence(seed)
        },
        frontier_name(frontier)
    ))
}

/// What platform `index`'s price tier says: the tier, the survey, the price, and how the same
/// tier moved between the surveys; a placeholder price says so.
pub fn tier_note(platform: &Platform) -> Option<String> {
    let tier = platform.tier?;
    let preset = platform.preset?;
    let price = tier.price(preset)?;
    let mut note = format!(
        "{}: ${} per GPU-hour",
        tier.label(),
        format::number(price.usd_per_gpu_hour)
    );
    let other = PriceTier::all()
        .find(|t| t.tier == tier.tier && t.survey != tier.survey)
        .and_then(|t| Some((t, t.price(preset)?)));
    if let Some((other_tier, other_price)) = other {
        let change = (price.usd_per_gpu_hour / other_price.usd_per_gpu_hour - 1.0) * 100.0;
        note.push_str(&format!(
            "; {}% {} than in the {} survey (${})",
            format::number(change.abs()),
            if change >= 0.0 { "higher" } else { "lower" },
            other_tier.survey.label(),
            format::number(other_price.usd_per_gpu_hour),
        ));
    }
    note.push('.');
    if price.is_placeholder() {
        let said = price.note.unwrap_or_default();
        let said = said
            .strip_prefix("placeholder per source comment: ")
            .unwrap_or(said);
        note.push_str(&format!(" A placeholder in the source: \"{said}\"."));
    }
    Some(note)
}

/// What the cost cap allows platform `index`: the highest interactivity under it on its curve,
/// "at least" where the cap holds over the whole measured range, or why there is none.
pub fn cap_note(scenario: &Scenario, results: &Results, index: usize) -> Option<String> {
    let cap = scenario.settings.cap?;
    let platform = scenario.platforms.get(index)?;
    let details = results.details.get(index)?;
    let cap_text = format::usd_for_sentence(cap);
    Some(match details.max_interactivity {
        Some((x, whole_range)) => format!(
            "{}: under {cap_text} per million output tokens up to {}{} tokens/s per user.",
            platform.name,
            if whole_range { "at least " } else { "" },
            format::count_for_sentence(x)
        ),
        None if platform.curve_in_force(&scenario.settings).is_some() => format!(
            "{}: above {cap_text} per million output tokens at every measured interactivity.",
            platform.name
        ),
        None => format!(
            "{}: no measured curve, so no interactivity to find under {cap_text}.",
            platform.name
        ),
    })
}
