#![cfg(not(target_arch = "wasm32"))]
//! Property tests of the crate's public API: the model, the formatting, the number
//! parser and the link codec, over every valid input and over hostile ones.
//!
//! Run: `cargo test --test properties` (CI sets PROPTEST_CASES=256; the config below says 256
//! too). A failure prints the shrunk input; proptest keeps it in
//! `tests/properties.proptest-regressions` and replays it first next time.

use cost_per_token::catalogue::PresetId;
use cost_per_token::codec::json::{export_json, import_json};
use cost_per_token::codec::storage::StoredState;
use cost_per_token::codec::url::{self, PageOptions, Theme, VIEW_PARTS};
use cost_per_token::format;
use cost_per_token::format::round_significant;
use cost_per_token::model::cost::PowerBasis;
use cost_per_token::model::curve::{Curve, POINT_RANGE};
use cost_per_token::model::{compare, compute, Metric, Metrics, Multiple, PlatformInputs};
use cost_per_token::scenario::extras::{self, PageRanges};
use cost_per_token::scenario::{
    CostMode, Field, Platform, PlatformId, Precision, Results, Scenario, Settings, MAX_NAME_CHARS,
    MAX_PLATFORMS,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// The valid ranges of the inputs and of the utilisation (a percent in [1, 100]).
const USD_HR: (f64, f64) = (0.001, 1000.0);
const TPS: (f64, f64) = (0.001, 10_000_000.0);
const KW: (f64, f64) = (0.001, 100.0);
const PFLOPS: (f64, f64) = (0.001, 100_000.0);
const UTIL_PCT: (f64, f64) = (1.0, 100.0);

/// Values over a closed range: both ends, uniform draws, and log-uniform draws so that the
/// small end of a wide range is reached too.
fn span((min, max): (f64, f64)) -> BoxedStrategy<f64> {
    let log_lo = min.max(1e-6).ln();
    let log_hi = max.max(1e-6).ln();
    prop_oneof![
        1 => Just(min),
        1 => Just(max),
        3 => min..=max,
        5 => (0.0..=1.0f64).prop_map(move |t| (log_lo + t * (log_hi - log_lo)).exp().clamp(min, max)),
    ]
    .boxed()
}

/// A value in range with at most 6 significant digits: what a person types or a slider sets,
/// and a number that prints and parses back exactly.
fn span6(range: (f64, f64)) -> BoxedStrategy<f64> {
    span(range)
        .prop_map(move |v| round_significant(v, 6).clamp(range.0, range.1))
        .boxed()
}

fn inputs() -> impl Strategy<Value = PlatformInputs> {
    (
        span(USD_HR),
        span(TPS),
        span(KW),
        span(PFLOPS),
        span(UTIL_PCT),
    )
        .prop_map(|(usd_hr, tps, kw, pflops, util)| PlatformInputs {
            usd_hr,
            tps,
            kw,
            pflops,
            utilisation: util / 100.0,
        })
}

/// Every f64 worth trying on a formatter: any bit pattern, plus the special values.
fn any_f64() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => any::<f64>(),
        1 => prop::sample::select(vec![
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MIN_POSITIVE / 2.0, // subnormal
            -f64::MIN_POSITIVE / 3.0,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            999.5,
            999_499.999,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            9.995e14,
            0.000_999_5,
            1e-300,
        ]),
        // Subnormals and tiny values of either sign.
        2 => (any::<bool>(), 1u64..(1u64 << 52)).prop_map(|(neg, bits)| {
            let v = f64::from_bits(bits);
            if neg { -v } else { v }
        }),
        // Ordinary magnitudes of either sign, where the suffix tiers change.
        3 => (any::<bool>(), -30.0f64..30.0).prop_map(|(neg, e)| {
            let v = 10f64.powf(e);
            if neg { -v } else { v }
        }),
    ]
    .boxed()
}

/// A valid name: printable unicode, 1 to 60 characters (spaces included, at either end too:
/// `Scenario::is_valid` allows any such name, and the UI keeps what `Platform::clean_name` makes,
/// which can end in a space when a long name is cut).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{1,60}",
        1 => "[ -~]{1,60}",
        1 => "[ -~]{61,80}".prop_map(|n| Platform::clean_name(&n).0),
        1 => prop::sample::select(vec![
            "<img src=x onerror=window.__pwned=1>".to_string(),
            "\"><script>window.__pwned=1</script>".to_string(),
            "a&b=c;d%20e+f#g?h".to_string(),
            "名前 🚀 Ünïcödé ﷽".to_string(),
            "x".repeat(60),
        ]),
    ]
    // A valid name is a clean one: trimmed, 1 to 60 characters (what the page stores).
    .prop_map(|n| Platform::clean_name(&n).0)
    .prop_filter("a name of 1 to 60 characters", |n| {
        !n.is_empty() && n.chars().count() <= MAX_NAME_CHARS
    })
}

/// 2 to 6 points of a throughput-interactivity curve, each value in range with 6 digits.
fn curve() -> impl Strategy<Value = Curve> {
    prop::collection::vec((span6(POINT_RANGE), span6(POINT_RANGE)), 2..=6)
        .prop_filter_map("distinct interactivities", |points| Curve::new(points).ok())
}

fn platform() -> impl Strategy<Value = Platform> {
    let fields: Vec<BoxedStrategy<f64>> = Field::per_platform().map(|f| span6(f.range())).collect();
    (
        (
            name(),
            prop::option::of(prop::sample::select(PresetId::ALL.to_vec())),
            prop::sample::select(Precision::ALL.to_vec()),
            prop_oneof![Just(CostMode::Rent), Just(CostMode::Own)],
            prop_oneof![Just(PowerBasis::AllIn), Just(PowerBasis::It)],
        ),
        fields,
        any::<bool>(),
        prop::option::of(curve()),
    )
        .prop_map(
            |((name, preset, precision, mode, basis), values, has_prefill, curve)| {
                let mut p = match preset {
                    Some(id) => Platform::from_preset(id),
                    None => Platform {
                        preset: None,
                        ..Platform::from_preset(PresetId::H200)
                    },
                };
                p.name = name;
                p.precision = precision;
                p.cost_mode = mode;
                p.power_basis = basis;
                p.curve = curve;
                for (field, value) in Field::per_platform().zip(values) {
                    field.set_platform(&mut p, Some(value));
                }
                if !has_prefill {
                    p.prefill_tps = None;
                }
                p
            },
        )
}

fn settings() -> impl Strategy<Value = Settings> {
    let fields: Vec<BoxedStrategy<Option<f64>>> = Field::page_settings()
        .map(|f| {
            if f.is_optional() {
                prop::option::of(span6(f.range())).boxed()
            } else {
                span6(f.range()).prop_map(Some).boxed()
            }
        })
        .collect();
    fields.prop_map(|values| {
        let mut s = Scenario::default();
        for (field, value) in Field::page_settings().zip(values) {
            field.set(&mut s, 0, value);
        }
        s.settings
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(platform(), 1..=MAX_PLATFORMS),
        any::<prop::sample::Index>(),
        settings(),
    )
        .prop_map(|(platforms, base, settings)| Scenario {
            baseline: base.index(platforms.len()),
            platforms,
            settings,
        })
}

fn page_options() -> impl Strategy<Value = PageOptions> {
    (
        any::<bool>(),
        prop::sample::subsequence(VIEW_PARTS.to_vec(), 0..=VIEW_PARTS.len()),
        prop::sample::select(Theme::ALL.to_vec()),
    )
        .prop_map(|(embed, view, theme)| PageOptions {
            embed,
            view: view.into_iter().map(String::from).collect(),
            theme,
        })
}

/// Every key base a link may hold: the per-platform ones (with an index) and the page ones.
fn platform_key_bases() -> Vec<String> {
    let mut keys: Vec<String> = ["name", "preset", "prec", "mode", "power", "curve"]
        .into_iter()
        .map(String::from)
        .collect();
    keys.extend(Field::per_platform().map(|f| f.key().to_string()));
    keys
}

fn page_keys() -> Vec<String> {
    let mut keys: Vec<String> = Field::page_settings()
        .map(|f| f.key().to_string())
        .collect();
    keys.extend(["v", "base", "embed", "view", "utm_source", "fbclid", "ref"].map(String::from));
    keys
}

/// A key of a hostile link: a real one with an index 0..20 (or none), a page key (sometimes with
/// an index), or junk.
fn link_key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (prop::sample::select(platform_key_bases()), 0usize..20)
            .prop_map(|(k, i)| format!("{k}{i}")),
        1 => prop::sample::select(platform_key_bases()),
        3 => prop::sample::select(page_keys()),
        1 => (prop::sample::select(page_keys()), 0usize..20).prop_map(|(k, i)| format!("{k}{i}")),
        1 => "[a-z_]{0,8}[0-9]{0,8}",
        1 => "\\PC{0,12}",
        1 => "(%[0-9A-Fa-fxz]{0,2}){1,4}",
    ]
}

/// A value of a hostile link: numbers in and out of range, specials, unicode, %-escapes, curves.
fn link_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => span(PFLOPS).prop_map(|v| format!("{v}")),
        2 => any_f64().prop_map(|v| format!("{v}")),
        1 => any::<i64>().prop_map(|v| v.to_string()),
        3 => prop::sample::select(vec![
            "", " ", "NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "1e309", "-1e309",
            "1e-400", "0", "-0", "-1", "0.0009", "1000.0001", "1e7", "10000001", "6k", "2.5M",
            "1,5", "6,000", "$1.41", "1.41$", "0x10", "1_000", "١٢٣", "１２３", "%", "%zz", "%FF%FE",
            "%00", "%F0%9F%9A%80", "%E2%80%AE", "1%2C000", "10:5;20:3", "10:5;10:6", ";;;",
            "1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:8;9:9;10:10;11:11;12:12;13:13;14:14;15:15;16:16;17:17;18:18;19:19;20:20;21:21;22:22;23:23;24:24;25:25;26:26;27:27;28:28;29:29;30:30;31:31;32:32;33:33",
            "h200", "gb300", "mi355x", "h300", "fp8-sparse", "fp16", "own", "buy", "it", "all-in",
            "true", "1", "2", "12", "13", "table,chart", "cards,,headline,x",
            "<img src=x onerror=window.__pwned=1>", "\"><script>window.__pwned=1</script>",
        ].into_iter().map(String::from).collect::<Vec<_>>()),
        2 => "\\PC{0,80}",
        1 => ".{0,20}",
        1 => "[0-9.eE+-]{1,30}",
        1 => "[0-9:;.kKmM]{0,40}",
        1 => "(%[0-9A-Fa-f]{2}){1,10}",
        1 => (1usize..5000).prop_map(|n| "9".repeat(n)),
    ]
}

/// A hostile query string: pairs joined with `&`, values raw or percent-encoded, sometimes with a
/// leading `?`, stray `&` and `=`.
fn hostile_query() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((link_key(), link_value(), 0u8..4), 0..40),
        any::<bool>(),
    )
        .prop_map(|(pairs, question)| {
            let mut q = String::from(if question { "?" } else { "" });
            for (n, (key, value, style)) in pairs.into_iter().enumerate() {
                if n > 0 {
                    q.push('&');
                }
                match style {
                    // Encoded properly.
                    0 | 1 => {
                        let pair: String = form_pair(&key, &value);
                        q.push_str(&pair);
                    }
                    // Raw text, whatever it holds.
                    2 => {
                        q.push_str(&key);
                        q.push('=');
                        q.push_str(&value);
                    }
                    // A key without `=`, or an empty pair.
                    _ => q.push_str(&key),
                }
            }
            q
        })
}

fn form_pair(key: &str, value: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!("{}={}", enc(key), enc(value))
}

// ---------------------------------------------------------------------------------------------
// Checks shared by several properties
// ---------------------------------------------------------------------------------------------

fn finite(what: &str, v: f64) -> Result<(), TestCaseError> {
    prop_assert!(v.is_finite(), "{what} = {v} is not finite");
    Ok(())
}

fn finite_opt(what: &str, v: Option<f64>) -> Result<(), TestCaseError> {
    if let Some(v) = v {
        finite(what, v)?;
    }
    Ok(())
}

fn metrics_finite_positive(m: &Metrics) -> Result<(), TestCaseError> {
    for metric in Metric::ALL {
        let v = m.get(metric);
        prop_assert!(
            v.is_finite() && v > 0.0,
            "{} = {v} is not finite and positive ({m:?})",
            metric.key()
        );
    }
    Ok(())
}

/// Every number of a scenario's results is finite (where Some / Ok), and the five metrics are
/// positive.
fn results_finite(r: &Results, platforms: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(r.metrics.len(), platforms);
    prop_assert_eq!(r.details.len(), platforms);
    prop_assert!(r.baseline < platforms);
    for (i, (m, d)) in r.metrics.iter().zip(&r.details).enumerate() {
        if d.throughput.has_throughput() {
            metrics_finite_positive(m)?;
        } else {
            // No throughput: every figure that needs one is missing (a dash), the rest exist.
            for metric in Metric::ALL {
                let value = r.value(i, metric);
                prop_assert_eq!(
                    value.is_some(),
                    metric.is_input(),
                    "{} {:?}",
                    metric.key(),
                    value
                );
            }
        }
    }
    for (i, d) in r.details.iter().enumerate() {
        if !d.throughput.has_throughput() {
            prop_assert!(
                d.token_costs.is_none() && d.break_even.is_none() && d.ceiling_share.is_none()
            );
            continue;
        }
        let at = |what: &str| format!("platform {} {what}", i + 1);
        finite(&at("rated_tps"), d.rated_tps)?;
        finite(&at("delivered_tps"), d.delivered_tps)?;
        finite(&at("joules_per_token"), d.joules_per_token)?;
        finite(&at("energy_cost_per_mtok"), d.energy_cost_per_mtok)?;
        if let Some(o) = &d.own_cost {
            finite(&at("own.capital_per_hour"), o.capital_per_hour)?;
            finite(&at("own.energy_per_hour"), o.energy_per_hour)?;
            finite(&at("own.operations_per_hour"), o.operations_per_hour)?;
            finite(&at("own.total_per_hour"), o.total_per_hour)?;
            let s = o.shares();
            finite(&at("own.shares.capital"), s.capital)?;
            finite(&at("own.shares.energy"), s.energy)?;
            finite(&at("own.shares.operations"), s.operations)?;
        }
        let f = &d.factory;
        finite(&at("factory.gpus"), f.gpus)?;
        finite(&at("factory.tokens_per_day"), f.tokens_per_day)?;
        finite(&at("factory.tokens_per_year"), f.tokens_per_year)?;
        finite(&at("factory.cost_per_year"), f.cost_per_year)?;
        finite_opt(&at("factory.tokens_per_usd"), f.tokens_per_usd)?;
        finite_opt(&at("factory.revenue_per_year"), f.revenue_per_year)?;
        finite_opt(&at("factory.margin_per_year"), f.margin_per_year)?;
        finite_opt(&at("factory.margin_pct"), f.margin_pct)?;
        if let Some(b) = &d.break_even {
            finite(
                &at("break_even.platform_cost_per_mtok"),
                b.platform_cost_per_mtok,
            )?;
            finite(&at("break_even.baseline_usd_hr"), b.baseline_usd_hr)?;
            finite_opt(&at("break_even.baseline_tps"), b.baseline_tps)?;
        }
        // Only the baseline has no break-even, or a baseline without a throughput: then nobody.
        let base_has = r
            .details
            .get(r.baseline)
            .is_some_and(|b| b.throughput.has_throughput());
        prop_assert_eq!(d.break_even.is_none(), i == r.baseline || !base_has);
        if let Some(l) = &d.curve_lookup {
            finite(&at("curve_lookup.value"), l.value)?;
        }
        if let Some(t) = &d.token_costs {
            finite(&at("token_costs.per_m_input"), t.per_m_input)?;
            finite(&at("token_costs.per_m_output"), t.per_m_output)?;
            finite(&at("token_costs.per_request"), t.per_request)?;
            finite(&at("token_costs.blended_per_m"), t.blended_per_m)?;
            finite(
                &at("token_costs.gpu_seconds_per_request"),
                t.gpu_seconds_per_request,
            )?;
            finite(&at("token_costs.output_tps"), t.output_tps)?;
        }
        if let Ok(c) = &d.ceiling {
            finite(&at("ceiling.tokens_per_s_per_gpu"), c.tokens_per_s_per_gpu)?;
            finite(&at("ceiling.tokens_per_s"), c.tokens_per_s)?;
            finite(
                &at("ceiling.tokens_per_s_per_user"),
                c.tokens_per_s_per_user,
            )?;
            finite(&at("ceiling.step_time_s"), c.step_time_s)?;
            finite(&at("ceiling.memory_time_s"), c.memory_time_s)?;
            finite(&at("ceiling.compute_time_s"), c.compute_time_s)?;
            finite(&at("ceiling.bytes_per_step"), c.bytes_per_step)?;
            finite(&at("ceiling.flops_per_step"), c.flops_per_step)?;
            finite(&at("ceiling.memory.weights_gb"), c.memory.weights_gb)?;
            finite(&at("ceiling.memory.kv_cache_gb"), c.memory.kv_cache_gb)?;
            finite(&at("ceiling.memory.capacity_gb"), c.memory.capacity_gb)?;
        }
        finite_opt(&at("ceiling_share"), d.ceiling_share)?;
        // Every multiple prints as something readable.
        for metric in Metric::ALL {
            shows_a_value(&format::multiple(r.multiple(i, metric)))?;
        }
    }
    Ok(())
}

/// Text the page may show: never empty, never NaN, inf or undefined.
fn shows_a_value(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!text.trim().is_empty(), "empty text");
    let lower = text.to_ascii_lowercase();
    prop_assert!(
        !lower.contains("nan") && !lower.contains("inf") && !lower.contains("undefined"),
        "{text:?} shows a non-number"
    );
    Ok(())
}

fn round_trips(s: &Scenario, options: &PageOptions) -> Result<(), TestCaseError> {
    prop_assert!(s.is_valid(), "not a valid scenario: {s:?}");
    let query = url::encode(s, options);
    let link = url::decode(&query);
    prop_assert!(link.notices.is_empty(), "{:?} from {query}", link.notices);
    prop_assert_eq!(&link.options, options);
    prop_assert_eq!(&link.scenario, s, "query: {}", query);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // --- the model ---------------------------------------------------------------------------

    #[test]
    fn every_metric_is_finite_and_positive(i in inputs()) {
        metrics_finite_positive(&compute(&i))?;
    }

    #[test]
    fn cost_per_token_falls_as_throughput_rises(i in inputs(), a in span(TPS), b in span(TPS)) {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        // Distinct inputs: a relative gap above the last bits of the arithmetic.
        prop_assume!(hi > lo * (1.0 + 1e-12));
        let slow = compute(&PlatformInputs { tps: lo, ..i }).cost_per_mtok;
        let fast = compute(&PlatformInputs { tps: hi, ..i }).cost_per_mtok;
        prop_assert!(fast < slow, "tps {lo} -> {slow}, tps {hi} -> {fast}");
    }

    #[test]
    fn cost_per_token_falls_as_utilisation_rises(i in inputs(), a in span(UTIL_PCT), b in span(UTIL_PCT)) {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        prop_assume!(hi > lo * (1.0 + 1e-12));
        let idle = compute(&PlatformInputs { utilisation: lo / 100.0, ..i }).cost_per_mtok;
        let busy = compute(&PlatformInputs { utilisation: hi / 100.0, ..i }).cost_per_mtok;
        prop_assert!(busy < idle, "util {lo}% -> {idle}, util {hi}% -> {busy}");
    }

    #[test]
    fn cost_per_token_rises_with_price(i in inputs(), a in span(USD_HR), b in span(USD_HR)) {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        prop_assume!(hi > lo * (1.0 + 1e-12));
        let cheap = compute(&PlatformInputs { usd_hr: lo, ..i }).cost_per_mtok;
        let dear = compute(&PlatformInputs { usd_hr: hi, ..i }).cost_per_mtok;
        prop_assert!(dear > cheap, "usd_hr {lo} -> {cheap}, usd_hr {hi} -> {dear}");
    }

    #[test]
    fn multiples_match_the_inputs_worked_by_hand(a in inputs(), b in inputs()) {
        // The multiple a page shows, against the same ratio written from the inputs with the
        // seed formulas (not from the computed metrics): cost per token a / b is
        // (usd_a / (tps_a u_a)) / (usd_b / (tps_b u_b)), tokens per MW a / b is
        // (tps_a / kw_a) / (tps_b / kw_b), and so on.
        let by_hand = |metric: Metric| match metric {
            Metric::UsdHr => a.usd_hr / b.usd_hr,
            Metric::FlopsPerUsd => (a.pflops * b.usd_hr) / (b.pflops * a.usd_hr),
            Metric::Tps => a.tps / b.tps,
            Metric::TokPerMw => (a.tps * b.kw) / (b.tps * a.kw),
            Metric::CostPerMtok => {
                (a.usd_hr * b.tps * b.utilisation) / (b.usd_hr * a.tps * a.utilisation)
            }
        };
        let (ma, mb) = (compute(&a), compute(&b));
        for metric in Metric::ALL {
            let r = by_hand(metric);
            let close = |x: f64, y: f64| ((x - y) / y).abs() < 1e-9;
            match compare(metric, ma.get(metric), mb.get(metric)) {
                Multiple::Same => prop_assert!((r - 1.0).abs() <= 0.005 + 1e-9, "{}: {r}", metric.key()),
                Multiple::Times(x) => {
                    prop_assert!(!metric.lower_is_better());
                    prop_assert!((r - 1.0).abs() > 0.005 - 1e-9);
                    prop_assert!(close(x, r), "{}: {x} vs {r}", metric.key());
                }
                Multiple::Lower(x) => {
                    prop_assert!(metric.lower_is_better() && r < 1.0);
                    prop_assert!(close(x, 1.0 / r), "{}: {x} vs {}", metric.key(), 1.0 / r);
                }
                Multiple::Higher(x) => {
                    prop_assert!(metric.lower_is_better() && r > 1.0);
                    prop_assert!(close(x, r), "{}: {x} vs {r}", metric.key());
                }
                other => prop_assert!(false, "{}: {other:?} for valid inputs", metric.key()),
            }
            // Swapped, lower and higher trade places with the same factor.
            match (compare(metric, ma.get(metric), mb.get(metric)), compare(metric, mb.get(metric), ma.get(metric))) {
                (Multiple::Lower(x), Multiple::Higher(y)) | (Multiple::Higher(x), Multiple::Lower(y)) => {
                    prop_assert!(close(x, y));
                }
                (Multiple::Same, other) => prop_assert_eq!(other, Multiple::Same),
                _ => {}
            }
        }
    }

    #[test]
    fn within_half_a_percent_is_same(i in inputs(), d in prop_oneof![Just(-0.005), Just(0.005), -0.005f64..=0.005], which in 0usize..5) {
        let base = compute(&i);
        let metric = Metric::ALL[which];
        let value = base.get(metric) * (1.0 + d);
        prop_assert_eq!(compare(metric, value, base.get(metric)), Multiple::Same);
        // And through the Results API of a scenario: a copy 0.4% dearer per hour reads `same`
        // for cost per hour and cost per token.
        let mut s = Scenario::default();
        let mut p = s.platforms[0].clone();
        p.usd_hr = round_significant(i.usd_hr, 6);
        s.platforms = vec![p.clone(), Platform { usd_hr: p.usd_hr * (1.0 + d), ..p }];
        let r = s.results();
        prop_assert_eq!(r.multiple(0, Metric::UsdHr), Multiple::Baseline);
        prop_assert_eq!(r.multiple(1, Metric::UsdHr), Multiple::Same);
        prop_assert_eq!(r.multiple(1, Metric::CostPerMtok), Multiple::Same);
        prop_assert_eq!(r.multiple(1, Metric::Tps), Multiple::Same);
    }

    #[test]
    fn beyond_half_a_percent_is_never_same(i in inputs(), d in prop_oneof![Just(0.005_01), 0.005_01f64..100.0], up in any::<bool>(), which in 0usize..5) {
        let base = compute(&i);
        let metric = Metric::ALL[which];
        // Below the baseline by d (as "same within 0.5% either way" measures), never to zero.
        let factor = if up { 1.0 + d } else { 1.0 - d.min(0.99) };
        let m = compare(metric, base.get(metric) * factor, base.get(metric));
        prop_assert!(m != Multiple::Same, "{}: x{factor} read as same", metric.key());
    }

    // --- formatting ---------------------------------------------------------------------------

    #[test]
    fn formatters_always_show_a_value(v in any_f64()) {
        for text in [
            format::number(v),
            format::count_for_sentence(v),
            format::usd_for_sentence(v),
            format::multiple(Multiple::Times(v)),
            format::multiple(Multiple::Lower(v)),
            format::multiple(Multiple::Higher(v)),
        ] {
            shows_a_value(&text).map_err(|e| TestCaseError::fail(format!("{v:e}: {e}")))?;
        }
        // A negative value (a margin) keeps its minus sign.
        if v.is_finite() && v < 0.0 {
            let text = format::number(v);
            prop_assert!(text.starts_with('-'), "{v:e} -> {text}");
            let text = format::usd_for_sentence(v);
            prop_assert!(text.starts_with('-'), "{v:e} -> {text}");
        }
    }

    #[test]
    fn number_cells_hold_the_value_to_three_significant_digits(v in span((1e-3, 1e14))) {
        // The cell read back (`6.00K` is 6,000) is within half a unit of the third significant
        // digit of the value, and shows exactly three digits: "1.23K" for 123 fails here.
        let text = format::number(v);
        let back = format::parse_number(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        let unit = 10f64.powi(v.log10().floor() as i32 - 2);
        prop_assert!((back - v).abs() <= 0.5 * unit * (1.0 + 1e-9) + 1e-12 * v, "{v} -> {text} ({back})");
        let digits = text.trim_start_matches("0.").trim_start_matches('0')
            .chars().filter(char::is_ascii_digit).count();
        prop_assert_eq!(digits, 3, "{} -> {}", v, text);
    }

    // --- parsing --------------------------------------------------------------------------------

    #[test]
    fn parse_number_never_panics_and_accepts_only_finite(text in any::<String>()) {
        if let Ok(v) = format::parse_number(&text) {
            prop_assert!(v.is_finite(), "{text:?} -> {v}");
        }
    }

    #[test]
    fn parse_number_on_number_like_text(text in "[ $]{0,2}[-+]?[0-9,._]{0,14}([eE][-+]?[0-9]{0,4})?[kKmMbBtT]{0,2} ?") {
        if let Ok(v) = format::parse_number(&text) {
            prop_assert!(v.is_finite(), "{text:?} -> {v}");
        }
    }

    #[test]
    fn parse_number_reads_back_every_input_value(v in prop_oneof![Just(0.0), span((0.001, 1e8))]) {
        // What a number box shows for a value it can hold (every field's range lies in 0 or
        // [0.001, 1e7]) reads back to that value within 3 significant digits. Negative values:
        // see `app_bug_input_value_drops_the_minus_sign`.
        let text = format::input_value(v);
        let back = format::parse_number(&text);
        prop_assert!(back.is_ok(), "{v:e} shown as {text:?} is refused");
        let back = back.unwrap_or_default();
        let scale = v.abs().max(f64::MIN_POSITIVE);
        prop_assert!(((back - v) / scale).abs() < 0.006, "{v:e} -> {text} -> {back:e}");
    }

    // --- the link codec ----------------------------------------------------------------------

    #[test]
    fn decode_never_panics_and_gives_a_valid_scenario(query in hostile_query()) {
        let link = url::decode(&query);
        let s = &link.scenario;
        prop_assert!(
            (1..=MAX_PLATFORMS).contains(&s.platforms.len()),
            "{} platforms from {query:?}", s.platforms.len()
        );
        prop_assert!(s.is_valid(), "invalid scenario from {query:?}: {s:?}");
        for p in &s.platforms {
            prop_assert!(p.name.chars().count() <= MAX_NAME_CHARS);
        }
        for n in &link.notices {
            prop_assert!(!n.key.is_empty(), "a notice without its key from {query:?}");
        }
        results_finite(&s.results(), s.platforms.len())?;
    }

    #[test]
    fn decode_arbitrary_text_never_panics(query in any::<String>()) {
        let link = url::decode(&query);
        prop_assert!(link.scenario.is_valid());
        prop_assert!((1..=MAX_PLATFORMS).contains(&link.scenario.platforms.len()));
    }

    /// Any valid scenario round-trips through a link.
    #[test]
    fn valid_scenarios_round_trip_through_links(s in scenario(), options in page_options()) {
        round_trips(&s, &options)?;
    }

    /// What the page writes to the address bar for any link reads back as the same scenario
    /// (the reload of a shared link), including the renumbering of platforms without a preset
    /// (`?name2=A` becomes `name1=A&...`).
    #[test]
    fn what_the_page_writes_for_a_link_reads_back_the_same(query in hostile_query()) {
        let link = url::decode(&query);
        round_trips(&link.scenario, &link.options)?;
    }

    #[test]
    fn results_of_valid_scenarios_are_finite(s in scenario()) {
        results_finite(&s.results(), s.platforms.len())?;
        // Every cell of the table prints as a number.
        for m in &s.results().metrics {
            for metric in Metric::ALL {
                shows_a_value(&format::number(m.get(metric)))?;
            }
        }
    }
}

/// The default scenario is what an empty link opens, and it is valid.
#[test]
fn the_default_scenario_is_valid_and_round_trips() {
    let s = Scenario::default();
    assert!(s.is_valid());
    let link = url::decode(&url::encode(&s, &PageOptions::default()));
    assert_eq!(link.scenario, s);
    assert!(link.notices.is_empty());
}

/// Was a bug (link round trip). A platform without a preset is rebuilt from the default
/// scenario's platform at its link index (H200 at 1, GB300 beyond), and `encode` writes neither
/// its HBM figures nor an empty `curve<i>=` when it has no curve. So after renumbering (or for any
/// custom HBM figure) the reload differs: `?name2=A&target=50` shows GB300's throughput (6,000
/// tokens/s, $0.123 per Mtok); the page rewrites the address to `name1=A&...&target=50`; reloading
/// that gives platform A the H200's HBM (4.8 TB/s, 141 GB) and the H200's measured curve, so at
/// the target of 50 tokens/s per user its throughput becomes the H200 curve's (about 90 tokens/s)
/// and its cost per million tokens jumps about 60-fold.
#[test]
fn a_link_keeps_hbm_and_curve_of_a_platform_without_a_preset() {
    let first = url::decode("name2=A&target=50");
    assert!(first.notices.is_empty(), "{:?}", first.notices);
    let written = url::encode(&first.scenario, &first.options);
    let reloaded = url::decode(&written);
    let (a, b) = (
        &first.scenario.platforms[0],
        &reloaded.scenario.platforms[0],
    );
    assert_eq!(
        (a.hbm_tb_s, a.hbm_gb, a.curve.is_some()),
        (b.hbm_tb_s, b.hbm_gb, b.curve.is_some()),
        "HBM and curve after reloading {written}"
    );
    assert_eq!(
        format::number(first.scenario.results().metrics[0].cost_per_mtok),
        format::number(reloaded.scenario.results().metrics[0].cost_per_mtok),
        "cost per Mtok after reloading {written}"
    );
}

/// Was a bug (link round trip). `Platform::clean_name` trimmed and then cut to 60 characters,
/// so a long name cut at a space kept a trailing space; it now trims after cutting.
#[test]
fn a_link_keeps_a_name_cut_at_a_space() {
    let typed = format!("{} tail", "x".repeat(59)); // 64 chars: the cut ends with the space
    let (kept, cut) = Platform::clean_name(&typed);
    assert!(cut);
    assert_eq!(
        Platform::clean_name(&kept).0,
        kept,
        "clean_name is idempotent"
    );
    let mut s = Scenario::default();
    s.platforms[0].name = kept.clone();
    let link = url::decode(&url::encode(&s, &PageOptions::default()));
    assert_eq!(link.scenario.platforms[0].name, kept);
}

/// Was a bug: clearing the name box stored an empty name, and the page's own link then gave a
/// notice about itself after a reload. A platform now needs a name: an empty (or untrimmed) name
/// is not a valid state (the name box keeps the last name while it is empty), so no valid
/// scenario writes `name1=`.
#[test]
fn an_empty_or_untrimmed_name_is_not_a_valid_state() {
    let mut s = Scenario::default();
    s.platforms[0].name = Platform::clean_name("   ").0;
    assert!(!s.is_valid());
    s.platforms[0].name = " padded ".to_string();
    assert!(!s.is_valid());
    s.platforms[0].name = Platform::clean_name(" padded ").0;
    assert!(s.is_valid());
    let link = url::decode(&url::encode(&s, &PageOptions::default()));
    assert!(link.notices.is_empty(), "{:?}", link.notices);
    assert_eq!(link.scenario, s);
}

/// `format::input_value` keeps the minus sign of a negative value whose plain form is longer than
/// 12 characters (no field accepts negatives today; the formatter must not lie when one does).
#[test]
fn input_value_keeps_the_minus_sign() {
    let text = format::input_value(-1_234.567_890_123);
    assert!(text.starts_with('-'), "{text}");
}

/// A hostile link cannot flood the page: every notice line stays short. Values are quoted to 24
/// characters (`quoted` in codec/url.rs: "so a hostile link cannot flood the page"), but an
/// unknown key is cut too: `?kkkk...(5,000 k)=1` gives a short line.
#[test]
fn notices_stay_short() {
    let long_key = "k".repeat(5000);
    let link = url::decode(&format!("{long_key}=1&tps1={}", "9".repeat(5000)));
    for n in &link.notices {
        let line = n.to_string();
        assert!(
            line.chars().count() <= 200,
            "a notice of {} chars",
            line.chars().count()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Ranges over the page and the platforms at once
// ---------------------------------------------------------------------------------------------

/// Per range: given or not, the low as a fraction of the value, the high as a multiple of it,
/// and where an interior point lies between them.
type RangeDraw = (bool, f64, f64, f64);

fn range_draw() -> impl Strategy<Value = RangeDraw> {
    (any::<bool>(), 0.5f64..=1.0, 1.0f64..=2.0, 0.0f64..=1.0)
}

/// A range around `value` from a draw, held in the field's valid range.
fn around(field: Field, value: f64, (_, a, b, _): RangeDraw) -> (f64, f64) {
    let (min, max) = field.range();
    ((value * a).clamp(min, max), (value * b).clamp(min, max))
}

/// The page's five ranges and each platform's power range, from draws.
fn with_ranges(s: &Scenario, page: &[RangeDraw], power: &[RangeDraw]) -> Scenario {
    let mut s = s.clone();
    for (field, draw) in PageRanges::FIELDS.into_iter().zip(page) {
        if let (true, Some(value)) = (draw.0, field.get_page(&s.settings)) {
            let span = around(field, value, *draw);
            s.settings.ranges.set(field, Some(span));
        }
    }
    for (p, draw) in s.platforms.iter_mut().zip(power) {
        if draw.0 {
            p.ranges.kw = Some(around(Field::Kw, p.kw, *draw));
        }
    }
    s
}

/// The same scenario at one point inside its ranges, with no ranges left.
fn inside(s: &Scenario, page: &[RangeDraw], power: &[RangeDraw]) -> Scenario {
    let mut at = s.clone();
    for (field, draw) in PageRanges::FIELDS.into_iter().zip(page) {
        if let Some((lo, hi)) = s.settings.ranges.get(field) {
            field.set_page(&mut at.settings, Some(lo + draw.3 * (hi - lo)));
        }
    }
    at.settings.ranges = PageRanges::default();
    for ((p, original), draw) in at.platforms.iter_mut().zip(&s.platforms).zip(power) {
        if let Some((lo, hi)) = original.ranges.kw {
            p.kw = lo + draw.3 * (hi - lo);
        }
        p.ranges.kw = None;
    }
    at
}

/// `x` lies in `span`, up to rounding.
fn holds(what: &str, (lo, hi): (f64, f64), x: f64) -> Result<(), TestCaseError> {
    if !x.is_finite() {
        return Ok(());
    }
    let slack = |v: f64| {
        if v.is_finite() {
            v.abs() * 1e-9 + 1e-12
        } else {
            0.0
        }
    };
    prop_assert!(
        lo - slack(lo) <= x && x <= hi + slack(hi),
        "{what}: {x} is not in {lo} to {hi}"
    );
    Ok(())
}

/// Every figure of `at` lies in the ranges `ranged` gives for it.
fn within(ranged: &Results, at: &Results) -> Result<(), TestCaseError> {
    for (i, (e, m)) in ranged.extras.iter().zip(&at.metrics).enumerate() {
        let Some(_) = e.metric_spans else {
            continue;
        };
        for metric in Metric::ALL {
            if let Some(span) = e.span(metric) {
                holds(&format!("{}-{i}", metric.key()), span, m.get(metric))?;
            }
        }
        let x = &at.extras[i];
        if let Some(span) = e.cost_request_span {
            holds(&format!("cost_request-{i}"), span, x.cost_request)?;
        }
        if let Some(span) = e.co2_span {
            holds(&format!("co2_per_mtok-{i}"), span, x.co2_per_mtok)?;
        }
        if let (Some(span), Some(margin)) = (e.api_margin_span, x.api_margin) {
            holds(&format!("api_margin-{i}"), span, margin)?;
        }
        let base = ranged.baseline;
        let costs = (m.cost_per_mtok, at.metrics[base].cost_per_mtok);
        let ranged_costs = (
            ranged.metrics[i].cost_per_mtok,
            ranged.metrics[base].cost_per_mtok,
        );
        if let Some(span) = extras::cost_multiple_span(&ranged.extras, ranged_costs, (i, base)) {
            holds(&format!("multiple-{i}"), span, costs.1 / costs.0)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every output range, over the page's ranges and the platforms' at once, holds the value
    /// and every figure at any point inside the ranges (the corners give the exact range, so
    /// nothing inside may fall outside it).
    #[test]
    fn every_output_range_holds_its_value_and_every_point_inside(
        s in scenario(),
        page in prop::collection::vec(range_draw(), 5),
        power in prop::collection::vec(range_draw(), MAX_PLATFORMS),
    ) {
        let ranged = with_ranges(&s, &page, &power);
        let r = ranged.results();
        // The value itself is a point inside.
        within(&r, &r)?;
        within(&r, &inside(&ranged, &page, &power).results())?;
    }

    /// A page range of zero width is the value: every output's low and high are its value.
    #[test]
    fn a_zero_width_page_range_is_the_value(s in scenario()) {
        let mut ranged = s.clone();
        for field in PageRanges::FIELDS {
            let value = field.get_page(&ranged.settings);
            ranged.settings.ranges.set(field, value.map(|v| (v, v)));
        }
        for p in &mut ranged.platforms {
            p.ranges = Default::default();
        }
        let plain = s.results();
        let r = ranged.results();
        for (i, (e, m)) in r.extras.iter().zip(&plain.metrics).enumerate() {
            let same = |span: Option<(f64, f64)>, v: f64| match span {
                Some((lo, hi)) => (lo == v && hi == v) || (!v.is_finite() && !lo.is_finite()),
                None => false,
            };
            for metric in Metric::ALL {
                prop_assert!(same(e.span(metric), m.get(metric)), "{}-{i}", metric.key());
            }
            let p = &plain.extras[i];
            prop_assert!(same(e.co2_span, p.co2_per_mtok), "co2-{i}");
            prop_assert!(same(e.cost_request_span, p.cost_request), "cost_request-{i}");
            if let Some(margin) = p.api_margin {
                prop_assert!(same(e.api_margin_span, margin), "api_margin-{i}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Platform ids: the page keys each platform's parts by its id
// ---------------------------------------------------------------------------------------------

/// What the page does to the list of platforms: the buttons, and the loads that replace the
/// whole scenario (a link, a file, the stored last scenario).
#[derive(Clone, Debug)]
enum ListOp {
    Add,
    Remove(prop::sample::Index),
    Undo,
    Link,
    File,
    Stored,
}

fn list_op() -> impl Strategy<Value = ListOp> {
    prop_oneof![
        3 => Just(ListOp::Add),
        3 => any::<prop::sample::Index>().prop_map(ListOp::Remove),
        2 => Just(ListOp::Undo),
        1 => Just(ListOp::Link),
        1 => Just(ListOp::File),
        1 => Just(ListOp::Stored),
    ]
}

fn ids_of(s: &Scenario) -> Vec<PlatformId> {
    s.platforms.iter().map(Platform::id).collect()
}

/// The scenario with every platform given another id: what it writes must not change.
fn with_other_ids(s: &Scenario) -> Scenario {
    let mut t = s.clone();
    t.platforms.iter_mut().for_each(Platform::renew_id);
    assert!(ids_of(&t).iter().all(|id| !ids_of(s).contains(id)));
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the user adds, removes, undoes and loads, no two platforms share an id (a
    /// keyed `<For>` needs that), a removed platform comes back with its own id, and an id is
    /// written nowhere: a link, a file and the stored form are the same whatever the ids.
    #[test]
    fn platform_ids_stay_unique_and_are_never_written(start in scenario(), ops in prop::collection::vec(list_op(), 0..24)) {
        let mut s = start;
        let mut removed: Option<(usize, Platform, bool)> = None;
        prop_assert!(s.has_unique_ids());
        for op in ops {
            match op {
                ListOp::Add => {
                    let others = ids_of(&s);
                    if let Ok(i) = s.add_platform() {
                        prop_assert!(!others.contains(&s.platforms[i].id()), "a copy with an id taken");
                        removed = None;
                    }
                }
                ListOp::Remove(at) => {
                    let i = at.index(s.platforms.len());
                    let was_baseline = s.baseline == i;
                    if let Ok(p) = s.remove_platform(i) {
                        prop_assert!(!ids_of(&s).contains(&p.id()));
                        removed = Some((i, p, was_baseline));
                    }
                }
                ListOp::Undo => {
                    if let Some((i, p, was_baseline)) = removed.take() {
                        let id = p.id();
                        let others = ids_of(&s);
                        if s.insert_platform(i, p, was_baseline).is_ok() {
                            let at = i.min(others.len());
                            prop_assert_eq!(s.platforms[at].id(), id, "undo keeps the id");
                            prop_assert_eq!(&ids_of(&s)[..at], &others[..at]);
                            prop_assert_eq!(&ids_of(&s)[at + 1..], &others[at..]);
                        }
                    }
                }
                ListOp::Link => {
                    let query = url::encode(&s, &PageOptions::default());
                    prop_assert_eq!(&url::encode(&with_other_ids(&s), &PageOptions::default()), &query);
                    let link = url::decode(&query);
                    prop_assert_eq!(&link.scenario, &s, "the same scenario, ids aside");
                    s = link.scenario;
                    removed = None;
                }
                ListOp::File => {
                    let text = export_json(&s);
                    prop_assert_eq!(&export_json(&with_other_ids(&s)), &text);
                    prop_assert!(!text.contains("identity"), "{}", text);
                    let (read, _) = import_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    s = read;
                    removed = None;
                }
                ListOp::Stored => {
                    let stored = |s: &Scenario| StoredState { last: Some(s.clone()), ..StoredState::default() }.to_json();
                    let text = stored(&s);
                    prop_assert_eq!(&stored(&with_other_ids(&s)), &text);
                    let read = StoredState::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(read.last.as_ref(), Some(&s));
                    if let Some(last) = read.last {
                        s = last;
                    }
                    removed = None;
                }
            }
            prop_assert!(s.has_unique_ids(), "{:?}", ids_of(&s));
        }
    }
}
