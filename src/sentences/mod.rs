//! Sentences that state the findings in words: the headline and "show the working". They round
//! for reading; the table cells keep 3 significant digits.

pub mod measured;

use crate::format;
use crate::model::ranges::SwingInput;
use crate::model::{Metric, Multiple, SECONDS_PER_HOUR};
use crate::scenario::{
    corners, extras, Field, Platform, Results, Scenario, Settings, ThroughputStatus,
};

/// The index of the platform with the lowest cost per token other than `skip`, among those
/// with a throughput.
fn cheapest_other(results: &Results, skip: usize) -> Option<usize> {
    results
        .metrics
        .iter()
        .enumerate()
        .filter(|(i, m)| *i != skip && m.cost_per_mtok.is_finite())
        .min_by(|(_, a), (_, b)| a.cost_per_mtok.total_cmp(&b.cost_per_mtok))
        .map(|(i, _)| i)
}

/// "though it costs 1.88x more per hour" and its variants.
fn hourly_clause(platform_hr: f64, baseline_hr: f64, cheaper_per_token: bool) -> String {
    let ratio = platform_hr / baseline_hr;
    let joiner = |dearer_hour: bool| {
        // "though" where the hourly price points the other way from the cost per token.
        if dearer_hour == cheaper_per_token {
            "though"
        } else {
            "and"
        }
    };
    match crate::model::compare(Metric::UsdHr, platform_hr, baseline_hr) {
        Multiple::Same | Multiple::Baseline => "at the same price per GPU-hour".to_string(),
        _ if ratio > 1.0 => format!(
            "{} it costs {}x more per hour",
            joiner(true),
            format::number(ratio)
        ),
        _ => format!(
            "{} it costs {}x less per hour",
            joiner(false),
            format::number(1.0 / ratio)
        ),
    }
}

/// A platform's name, with its utilisation when it is below 100% (the headline says so).
fn named(platform: &Platform) -> String {
    if platform.utilisation_pct < 100.0 {
        format!(
            "{} (at {}% utilisation)",
            platform.name,
            format::percent(platform.utilisation_pct)
        )
    } else {
        platform.name.clone()
    }
}

/// Names joined for a sentence: "A", "A and B", "A, B and C".
fn joined(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The headline: the finding of the whole comparison in one sentence, then what it leaves out
/// (platforms without a throughput) and which figures are not at the target.
pub fn headline(scenario: &Scenario, results: &Results) -> String {
    let names_with = |wanted: fn(ThroughputStatus) -> bool| -> Vec<&str> {
        scenario
            .platforms
            .iter()
            .zip(&results.details)
            .filter(|(_, d)| wanted(d.throughput))
            .map(|(p, _)| p.name.as_str())
            .collect()
    };
    let missing = names_with(|t| t == ThroughputStatus::Missing);
    let not_at_target = names_with(|t| t == ThroughputStatus::NotAtTarget);
    let held = names_with(|t| matches!(t, ThroughputStatus::Held(_)));
    let base_missing = results
        .details
        .get(results.baseline)
        .is_some_and(|d| d.throughput == ThroughputStatus::Missing);
    let mut text = if base_missing {
        let name = scenario
            .platforms
            .get(results.baseline)
            .map_or("The baseline", |p| p.name.as_str());
        format!("{name} (the baseline) has no throughput, so no cost per token is compared.")
    } else {
        finding(scenario, results)
    };
    if !missing.is_empty() {
        let verb = if missing.len() == 1 { "has" } else { "have" };
        text.push_str(&format!(
            " Left out: {} {verb} no measurement of this workload (enter a throughput).",
            joined(&missing)
        ));
    }
    if !not_at_target.is_empty() {
        text.push_str(&format!(
            " Not at the target (no measured curve): {}.",
            joined(&not_at_target)
        ));
    }
    if !held.is_empty() {
        text.push_str(&format!(
            " Held at the measured end (the target is outside its curve): {}.",
            joined(&held)
        ));
    }
    text
}

/// The finding among the platforms that have a throughput, the baseline being one of them.
fn finding(scenario: &Scenario, results: &Results) -> String {
    let base = results.baseline;
    let (Some(base_platform), Some(base_metrics)) =
        (scenario.platforms.get(base), results.metrics.get(base))
    else {
        return "Add a platform to see what its tokens cost.".to_string();
    };
    let Some(best) = cheapest_other(results, base) else {
        return format!(
            "{} produces a million tokens for {} at {} per GPU-hour.",
            named(base_platform),
            format::usd_for_sentence(base_metrics.cost_per_mtok),
            format::usd_for_sentence(base_metrics.usd_hr)
        );
    };
    let (Some(best_platform), Some(best_metrics)) =
        (scenario.platforms.get(best), results.metrics.get(best))
    else {
        return String::new();
    };
    if let Multiple::Lower(x) = results.multiple(best, Metric::CostPerMtok) {
        return format!(
            "{} produces tokens at {}x lower cost than {}{}, {}.",
            named(best_platform),
            format::number(x),
            named(base_platform),
            across_the_ranges(results, best),
            hourly_clause(best_metrics.usd_hr, base_metrics.usd_hr, true)
        );
    }
    // The baseline is the cheapest, alone or tied: compare it with the cheapest dearer platform.
    let mut others: Vec<usize> = (0..results.metrics.len())
        .filter(|i| *i != base && results.value(*i, Metric::CostPerMtok).is_some())
        .collect();
    crate::model::order::sort_by(&mut others, |a, b| {
        let cost = |i: &usize| results.metrics.get(*i).map_or(0.0, |m| m.cost_per_mtok);
        cost(a).total_cmp(&cost(b))
    });
    let ties: Vec<&str> = others
        .iter()
        .filter(|i| results.multiple(**i, Metric::CostPerMtok) == Multiple::Same)
        .filter_map(|i| scenario.platforms.get(*i).map(|p| p.name.as_str()))
        .collect();
    let dearer = others
        .iter()
        .find_map(|i| match results.multiple(*i, Metric::CostPerMtok) {
            Multiple::Higher(x) => Some((*i, x)),
            _ => None,
        });
    let tie_clause = match ties.as_slice() {
        [] => String::new(),
        [one] => format!(", as does {one}"),
        many => format!(", as do {} others", many.len()),
    };
    match dearer.and_then(|(i, x)| Some((scenario.platforms.get(i)?, results.metrics.get(i)?, x))) {
        Some((platform, metrics, x)) => format!(
            "{} (the baseline) produces tokens at the lowest cost{}: {} costs {}x more per token, {}.",
            named(base_platform),
            tie_clause,
            named(platform),
            format::number(x),
            hourly_clause(metrics.usd_hr, base_metrics.usd_hr, false)
        ),
        None if others.len() == 1 => format!(
            "{} and {} produce tokens at the same cost, {} a million.",
            named(best_platform),
            named(base_platform),
            format::usd_for_sentence(best_metrics.cost_per_mtok)
        ),
        None => format!(
            "All {} platforms produce tokens at the same cost, {} a million.",
            others.len() + 1,
            format::usd_for_sentence(base_metrics.cost_per_mtok)
        ),
    }
}

/// How one output cell was computed, with the numbers in the formula. It reads the same results
/// the table shows, so the formula always gives the number in the cell.
pub fn working(scenario: &Scenario, results: &Results, index: usize, metric: Metric) -> String {
    let (Some(p), Some(m), Some(d)) = (
        scenario.platforms.get(index),
        results.metrics.get(index),
        results.details.get(index),
    ) else {
        return String::new();
    };
    let n = format::number;
    let tps = d.rated_tps;
    if !metric.is_input() && !d.throughput.has_throughput() {
        return format!(
            "{}: {} ({})",
            metric.short_label().to_ascii_lowercase(),
            format::MISSING,
            crate::scenario::NO_THROUGHPUT
        );
    }
    let tps_source = match (d.curve_lookup, scenario.settings.target_tps_user) {
        (Some(_), Some(target)) => format!(
            "read off the measured curve at {} tokens/s per user",
            n(target)
        ),
        _ => "the input".to_string(),
    };
    match metric {
        Metric::UsdHr => match &d.own_cost {
            None => format!("cost per GPU-hour = ${} (the rental rate)", n(m.usd_hr)),
            Some(own) => format!(
                "cost per GPU-hour = ${} capital + ${} energy + ${} operations = ${}",
                n(own.capital_per_hour),
                n(own.energy_per_hour),
                n(own.operations_per_hour),
                n(m.usd_hr)
            ),
        },
        Metric::FlopsPerUsd => format!(
            "FLOP per dollar = {} PFLOPS ({}) / ${} per hour = {} PFLOPS per $/h",
            n(p.pflops),
            p.precision.label(),
            n(m.usd_hr),
            n(m.flops_per_usd)
        ),
        Metric::Tps => format!("tokens per second per GPU = {} ({tps_source})", n(tps)),
        Metric::TokPerMw => format!(
            "tokens per MW = {} tokens/s x 1,000 / {} kW = {} tokens/s per MW",
            n(tps),
            n(d.all_in_kw),
            n(m.tok_per_mw)
        ),
        Metric::CostPerMtok if p.utilisation_pct < 100.0 => format!(
            "cost per million tokens = ${} / ({} tokens/s x {}% utilisation x {} s) x 1,000,000 = ${}",
            n(m.usd_hr),
            n(tps),
            n(p.utilisation_pct),
            format::count_for_sentence(SECONDS_PER_HOUR),
            n(m.cost_per_mtok)
        ),
        Metric::CostPerMtok => format!(
            "cost per million tokens = ${} / ({} tokens/s x {} s) x 1,000,000 = ${}",
            n(m.usd_hr),
            n(tps),
            format::count_for_sentence(SECONDS_PER_HOUR),
            n(m.cost_per_mtok)
        ),
    }
}

/// What the baseline would need to match platform `index`, in one sentence; `None` for the
/// baseline itself.
pub fn break_even(scenario: &Scenario, results: &Results, index: usize) -> Option<String> {
    let be = results.details.get(index)?.break_even?;
    let platform = &scenario.platforms.get(index)?.name;
    let base = &scenario.platforms.get(results.baseline)?.name;
    let price = format::usd_for_sentence(be.baseline_usd_hr);
    let tps = be.baseline_tps.map(format::count_for_sentence);
    let or_tps = |verb: &str| {
        tps.as_ref()
            .map(|t| format!(", or {verb} {t} tokens/s"))
            .unwrap_or_default()
    };
    Some(match results.multiple(index, Metric::CostPerMtok) {
        Multiple::Lower(_) => format!(
            "To match {platform}, {base} would have to cost {price} per hour{}.",
            or_tps("deliver")
        ),
        Multiple::Higher(_) => format!(
            "{base} already makes tokens more cheaply than {platform}: it would still match it at {price} per hour{}.",
            or_tps("at")
        ),
        _ => format!("{base} and {platform} produce tokens at the same cost."),
    })
}

/// Why a measured throughput above its ceiling means a set-up input is wrong, naming it. The
/// ceiling rises with the batch and the tokens per step and is an upper bound, so one of them
/// (or the GPU layout) understates how the platform was measured.
fn above_the_ceiling(scenario: &Scenario, index: usize) -> String {
    let i = index + 1;
    let suspect = match scenario.platforms.get(index) {
        Some(p) if p.setup.tokens_per_step <= 1.0 => format!(
            "mtp{i} (tokens per decode step: was it measured with multi-token prediction?) or batch{i}"
        ),
        _ => format!("batch{i} (the batch it was measured at) or gpus{i}"),
    };
    format!(" That is above the ceiling, an upper bound: a set-up input is wrong, most likely {suspect}.")
}

/// The decode ceiling of platform `index` and the user's throughput as a share of it.
pub fn ceiling(scenario: &Scenario, results: &Results, index: usize) -> Option<String> {
    let name = &scenario.platforms.get(index)?.name;
    let details = results.details.get(index)?;
    let tps = results.metrics.get(index)?.tps;
    Some(match &details.ceiling {
        Ok(c) => {
            let bound = match c.bound {
                crate::model::ceiling::Bound::MemoryBandwidth => "memory bandwidth",
                crate::model::ceiling::Bound::Compute => "compute",
            };
            let fits = if c.memory.fits {
                String::new()
            } else {
                format!(
                    " The weights and KV cache ({} GB) do not fit in {} GB of HBM: at most {} sequences fit.",
                    format::count_for_sentence(c.memory.weights_gb + c.memory.kv_cache_gb),
                    format::count_for_sentence(c.memory.capacity_gb),
                    format::count_for_sentence(c.memory.largest_batch as f64)
                )
            };
            let measured = if tps.is_finite() {
                let share = c.share(tps);
                let above = if share > 1.0 {
                    above_the_ceiling(scenario, index)
                } else {
                    String::new()
                };
                format!(
                    " {} tokens/s is {}% of it.{above}",
                    format::count_for_sentence(tps),
                    format::number(share * 100.0)
                )
            } else {
                " No throughput to compare with it.".to_string()
            };
            format!(
                "{name}: at most {} tokens/s per GPU ({} tokens/s per user), limited by {bound};{measured}{fits}",
                format::count_for_sentence(c.tokens_per_s_per_gpu),
                format::count_for_sentence(c.tokens_per_s_per_user),
            )
        }
        Err(e) => format!("{name}: no ceiling: {e}."),
    })
}

/// "FP8 sparse vs FP4 dense" when the platforms quote FLOPS at different precisions.
pub fn mixed_precision_warning(scenario: &Scenario) -> Option<String> {
    let precisions = scenario.precisions();
    (precisions.len() > 1).then(|| {
        format!(
            "FLOPS compare unlike precisions: {}.",
            precisions
                .iter()
                .map(|p| p.label())
                .collect::<Vec<_>>()
                .join(" vs ")
        )
    })
}

/// ", 27.2-48.1x across the ranges" when the platform or the baseline carries a range that
/// moves the multiple; nothing when the ranges in force leave it where it is (a grid intensity
/// range moves carbon, not cost): "35.5-35.5x" would say nothing.
fn across_the_ranges(results: &Results, platform: usize) -> String {
    let base = results.baseline;
    let cost = |i: usize| results.metrics.get(i).map_or(f64::NAN, |m| m.cost_per_mtok);
    extras::cost_multiple_span(
        &results.extras,
        (cost(platform), cost(base)),
        (platform, base),
    )
    .map(|(lo, hi)| (format::number(lo), format::number(hi)))
    .filter(|(lo, hi)| lo != hi)
    .map(|(lo, hi)| format!(", {lo}-{hi}x across the ranges"))
    .unwrap_or_default()
}

/// "Show the working" beyond the five metrics: carbon, the market price, a deployment's logs
/// and the outputs over the ranges, one formula with its numbers per line.
pub fn extra_working(scenario: &Scenario, results: &Results, index: usize) -> Vec<String> {
    let (Some(p), Some(m), Some(d), Some(e)) = (
        scenario.platforms.get(index),
        results.metrics.get(index),
        results.details.get(index),
        results.extras.get(index),
    ) else {
        return Vec::new();
    };
    let n = format::number;
    let c = format::count_for_sentence;
    let settings = &scenario.settings;
    let mut lines = vec![format!(
        "carbon per million output tokens = {} kW x 1,000,000 / ({} tokens/s x 3,600 s) x {} g CO2e per kWh = {} g CO2e (operational only: no embodied or idle share)",
        n(d.all_in_kw),
        n(m.tps),
        c(settings.grid_g_kwh),
        n(e.co2_per_mtok)
    )];
    if let (Some(revenue), Some(api_in), Some(api_out)) =
        (e.revenue_request, settings.api_in, settings.api_out)
    {
        lines.push(format!(
            "revenue per request = ${} x {} / 1,000,000 + ${} x {} / 1,000,000 = ${}",
            n(api_in),
            c(settings.in_tokens),
            n(api_out),
            c(settings.out_tokens),
            n(revenue)
        ));
        let utilisation = d.delivered_tps / d.rated_tps.max(f64::MIN_POSITIVE);
        lines.push(format!(
            "cost per request = ${} / 3,600 x {} tokens / {} tokens/s = ${}; margin = (${} - ${}) / ${} = {}%",
            n(m.usd_hr),
            c(settings.out_tokens),
            n(m.tps * utilisation),
            n(e.cost_request),
            n(revenue),
            n(e.cost_request),
            n(revenue),
            e.api_margin.map_or_else(|| format::NOT_A_NUMBER.to_string(), n)
        ));
    }
    if let Some(tps) = e.from_logs.tps {
        lines.push(format!(
            "throughput from your logs = {} tokens / ({} GPU-hours x 3,600) = {} tokens/s per GPU",
            c(p.logs.tokens.unwrap_or(f64::NAN)),
            c(p.logs.gpu_hours.unwrap_or(f64::NAN)),
            n(tps)
        ));
    }
    if let Some(usd_hr) = e.from_logs.usd_hr {
        lines.push(format!(
            "price from your logs = ${} / {} GPU-hours = ${} per GPU-hour",
            c(p.logs.bill_usd.unwrap_or(f64::NAN)),
            c(p.logs.gpu_hours.unwrap_or(f64::NAN)),
            n(usd_hr)
        ));
    }
    if e.metric_spans.is_some() {
        let mut spans: Vec<String> = Metric::ALL
            .into_iter()
            .filter_map(|metric| {
                let (lo, hi) = e.span(metric)?;
                Some(format!(
                    "{} {} to {}",
                    metric.short_label().to_ascii_lowercase(),
                    n(lo),
                    n(hi)
                ))
            })
            .collect();
        if let Some((lo, hi)) = e.co2_span {
            spans.push(format!("carbon {} to {} g CO2e", n(lo), n(hi)));
        }
        if let Some((lo, hi)) = e.api_margin_span {
            let lo = if lo.is_finite() {
                format!("{}%", n(lo))
            } else {
                "no lower bound (the API is free at its low ends)".to_string()
            };
            spans.push(format!("margin {lo} to {}%", n(hi)));
        }
        lines.push(format!(
            "across the ranges{} (each output moves one way with each input, so its lowest and highest values are at the ends, all ranges at once): {}",
            page_ranges_in_force(settings),
            spans.join("; ")
        ));
    }
    lines
}

/// ", the page's among them: electricity price $0.05 to $0.15 per kWh, PUE 1.2 to 1.5" when the
/// page's settings carry ranges (they apply to every platform).
fn page_ranges_in_force(settings: &Settings) -> String {
    let parts: Vec<String> = corners::page_ranges(settings)
        .iter()
        .filter_map(|range| {
            let SwingInput::Page(input) = range.input else {
                return None;
            };
            let field = corners::page_field(input);
            let (lo, hi) = (format::percent(range.ends.0), format::percent(range.ends.1));
            Some(match field {
                Field::UsdKwh => format!("electricity price ${lo} to ${hi} per kWh"),
                Field::Pue => format!("PUE {lo} to {hi}"),
                Field::ApiIn | Field::ApiOut => {
                    let side = if field == Field::ApiIn {
                        "input"
                    } else {
                        "output"
                    };
                    let (lo, hi) = (format::number(range.ends.0), format::number(range.ends.1));
                    format!("the API's {side} price ${lo} to ${hi} per million tokens")
                }
                _ => format!("grid carbon intensity {lo} to {hi} {}", field.unit()),
            })
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(", the page's among them: {}", parts.join(", "))
    }
}

/// How a deployment's logs compare with the catalogue's measurement of the same platform.
pub fn logs_comparison(scenario: &Scenario, results: &Results, index: usize) -> Option<String> {
    let p = scenario.platforms.get(index)?;
    let logs = results.extras.get(index)?.from_logs;
    let tps = logs.tps?;
    let measured = match (logs.measured_tps, logs.share_pct) {
        (Some(measured), Some(share)) => format!(
            ": {}% of the {} tokens/s measured for {}{}",
            format::percent(share),
            format::count_for_sentence(measured),
            p.name,
            if scenario.settings.target_tps_user.is_some() && p.curve.is_some() {
                " at this interactivity"
            } else {
                ""
            }
        ),
        _ => String::new(),
    };
    Some(format!(
        "Your {} deployment delivers {} tokens/s per GPU{measured}.",
        p.name,
        format::count_for_sentence(tps)
    ))
}

/// Where self-hosting costs what the API charges.
pub fn api_break_even(scenario: &Scenario, results: &Results, index: usize) -> Option<String> {
    let p = scenario.platforms.get(index)?;
    let u = results.extras.get(index)?.break_even_util?;
    Some(if u > 100.0 {
        format!(
            "{}: costs more than the API charges even at 100% utilisation (it would need {}%).",
            p.name,
            format::percent(u)
        )
    } else {
        format!(
            "{}: costs what the API charges at {}% utilisation; above it, self-hosting is cheaper.",
            p.name,
            format::percent(u)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_headline_matches_the_issue() {
        let s = Scenario::default();
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 produces tokens at 35.5x lower cost than NVIDIA HGX H200, \
             though it costs 1.88x more per hour."
        );
    }

    #[test]
    fn headline_when_the_baseline_is_cheapest() {
        let s = Scenario {
            baseline: 1,
            ..Scenario::default()
        };
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 (the baseline) produces tokens at the lowest cost: NVIDIA HGX H200 \
             costs 35.5x more per token, though it costs 1.88x less per hour."
        );
    }

    #[test]
    fn headline_with_a_tie_names_it() {
        let mut s = Scenario::default();
        s.add_platform().unwrap();
        s.baseline = 1;
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 (the baseline) produces tokens at the lowest cost, as does NVIDIA \
             GB300 NVL72: NVIDIA HGX H200 costs 35.5x more per token, though it costs 1.88x less \
             per hour."
        );
        s.remove_platform(0).unwrap();
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 and NVIDIA GB300 NVL72 produce tokens at the same cost, $0.12 a \
             million."
        );
        s.add_platform().unwrap();
        assert!(headline(&s, &s.results()).starts_with("All 3 platforms produce tokens"));
    }

    #[test]
    fn headline_names_utilisation_below_full() {
        let mut s = Scenario::default();
        s.platforms[1].utilisation_pct = 50.0;
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 (at 50% utilisation) produces tokens at 17.7x lower cost than \
             NVIDIA HGX H200, though it costs 1.88x more per hour."
        );
    }

    #[test]
    fn headline_with_one_platform() {
        let mut s = Scenario::default();
        s.remove_platform(1).unwrap();
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA HGX H200 produces a million tokens for $4.35 at $1.41 per GPU-hour."
        );
    }

    #[test]
    fn working_shows_the_numbers() {
        let s = Scenario::default();
        assert_eq!(
            working(&s, &s.results(), 0, Metric::CostPerMtok),
            "cost per million tokens = $1.41 / (90.0 tokens/s x 3,600 s) x 1,000,000 = $4.35"
        );
        assert!(working(&s, &s.results(), 1, Metric::FlopsPerUsd).contains("FP4 dense"));
        assert_eq!(working(&s, &s.results(), 7, Metric::Tps), "");
    }

    #[test]
    fn working_with_a_target_gives_the_number_shown() {
        // H200 carries a measured curve: at a target of 55 tokens/s per user the table reads
        // the curve, not the typed 90 tokens/s, and so must the working.
        let mut s = Scenario::default();
        s.settings.target_tps_user = Some(55.0);
        let r = s.results();
        let shown_tps = format::number(r.metrics[0].tps);
        assert_ne!(shown_tps, "90.0");
        let shown_cost = format::number(r.metrics[0].cost_per_mtok);
        let text = working(&s, &r, 0, Metric::CostPerMtok);
        assert_eq!(
            text,
            format!(
                "cost per million tokens = $1.41 / ({shown_tps} tokens/s x 3,600 s) x \
                 1,000,000 = ${shown_cost}"
            )
        );
        // The formula's own arithmetic gives the number in the cell.
        let cost = 1.41 / (r.metrics[0].tps * 3600.0) * 1e6;
        assert_eq!(format::number(cost), shown_cost);
        assert!(working(&s, &r, 0, Metric::Tps).starts_with(&format!(
            "tokens per second per GPU = {shown_tps} (read off"
        )));
    }

    #[test]
    fn break_even_sentence_matches_the_issue() {
        let s = Scenario::default();
        let r = s.results();
        assert_eq!(
            break_even(&s, &r, 1).as_deref(),
            Some(
                "To match NVIDIA GB300 NVL72, NVIDIA HGX H200 would have to cost $0.040 per hour, \
                 or deliver 3,190 tokens/s."
            )
        );
        assert_eq!(break_even(&s, &r, 0), None);
    }

    #[test]
    fn mixed_precisions_are_named() {
        let s = Scenario::default();
        assert_eq!(
            mixed_precision_warning(&s).as_deref(),
            Some("FLOPS compare unlike precisions: FP8 sparse vs FP4 dense.")
        );
    }

    #[test]
    fn headline_gives_the_multiples_range() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.usd_hr = Some((1.20, 1.70));
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 produces tokens at 35.5x lower cost than NVIDIA HGX H200, \
             27.2-48.1x across the ranges, though it costs 1.88x more per hour."
        );
    }

    #[test]
    fn headline_leaves_out_a_range_that_does_not_move_the_multiple() {
        let mut s = Scenario::default();
        // Grid intensity moves carbon, not cost: the multiple stays 35.5x.
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        assert_eq!(
            headline(&s, &s.results()),
            "NVIDIA GB300 NVL72 produces tokens at 35.5x lower cost than NVIDIA HGX H200, \
             though it costs 1.88x more per hour."
        );
    }

    #[test]
    fn the_working_carries_carbon_margin_logs_and_ranges() {
        let mut s = Scenario::default();
        s.settings.grid_g_kwh = 400.0;
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        s.platforms[1].logs.gpu_hours = Some(5760.0);
        s.platforms[1].logs.tokens = Some(1.5e9);
        let r = s.results();
        let lines = extra_working(&s, &r, 0).join("\n");
        assert!(
            lines.contains("x 400 g CO2e per kWh = 2.14K g CO2e"),
            "{lines}"
        );
        assert!(lines.contains("= $0.00274"), "{lines}");
        assert!(lines.contains("= -58.8%"), "{lines}");
        assert!(lines.contains("cost per token 3.92 to 4.90"), "{lines}");
        let lines = extra_working(&s, &r, 1).join("\n");
        assert!(lines.contains("= 72.3 tokens/s per GPU"), "{lines}");
        assert_eq!(
            logs_comparison(&s, &r, 1).unwrap(),
            "Your NVIDIA GB300 NVL72 deployment delivers 72.3 tokens/s per GPU: 1.21% of the \
             6,000 tokens/s measured for NVIDIA GB300 NVL72."
        );
        assert!(api_break_even(&s, &r, 0)
            .unwrap()
            .contains("(it would need 159%)"));
    }

    #[test]
    fn the_working_names_the_page_ranges() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        s.settings.ranges.usd_kwh = Some((0.05, 0.15));
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.settings.ranges.api_out = Some((2.0, 2.5));
        let r = s.results();
        let lines = extra_working(&s, &r, 0).join("\n");
        assert!(
            lines.contains(
                "across the ranges, the page's among them: electricity price $0.05 to $0.15 \
                 per kWh, grid carbon intensity 300 to 500 g CO2e per kWh, the API's output price \
                 $2.00 to $2.50 per million tokens ("
            ),
            "{lines}"
        );
        assert!(lines.contains("carbon 1.60K to 2.67K g CO2e"), "{lines}");
        // Revenue $0.00055 + $0.0020 to $0.0025 = $0.00255 to $0.00305 a request against a
        // cost of $0.004352: (0.00255 - 0.004352) / 0.00255 = -70.7% to -42.7%.
        assert!(lines.contains("margin -70.7% to -42.7%"), "{lines}");
        // Without ranges there is no such line.
        let plain = Scenario::default();
        let lines = extra_working(&plain, &plain.results(), 0).join("\n");
        assert!(!lines.contains("across the ranges"), "{lines}");
    }
}
