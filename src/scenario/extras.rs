//! Beyond the seed table: each platform's outputs over its input ranges and what moves its cost
//! most, carbon per token, the margin against an API's list price, and the throughput and price
//! a deployment's own logs record. [`compute`] is called once from `Scenario::results`.

pub use super::spans::{Logs, Ranges};

use super::fields::Field;
use super::platform::{CostMode, Platform};
use super::settings::Settings;
use super::Scenario;
use crate::format;
use crate::model::carbon::co2_g_per_mtok;
use crate::model::input;
use crate::model::market::{self, ApiPrice};
use crate::model::ranges::{self, InputRanges, RangedInput, Span, Swing};
use crate::model::{self, cost, logs, Metric, PlatformInputs};

impl Ranges {
    /// The inputs that may carry a range, in link order.
    pub const FIELDS: [Field; 4] = [Field::UsdHr, Field::Tps, Field::Kw, Field::Utilisation];

    pub fn get(&self, field: Field) -> Option<Span> {
        match field {
            Field::UsdHr => self.usd_hr,
            Field::Tps => self.tps,
            Field::Kw => self.kw,
            Field::Utilisation => self.util,
            _ => None,
        }
    }

    pub fn set(&mut self, field: Field, span: Option<Span>) {
        match field {
            Field::UsdHr => self.usd_hr = span,
            Field::Tps => self.tps = span,
            Field::Kw => self.kw = span,
            Field::Utilisation => self.util = span,
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        Ranges::FIELDS.iter().all(|f| self.get(*f).is_none())
    }
}

/// Why a range was refused, as a sentence that follows its key (`tps_lo1: ...`).
pub fn check_range(field: Field, value: Option<f64>, (lo, hi): Span) -> Result<Span, String> {
    let (min, max) = field.range();
    for end in [lo, hi] {
        if !input::in_range(end, (min, max)) {
            return Err(format!(
                "{} is out of range ({} to {} {})",
                format::input_value(end),
                format::input_value(min),
                format::count_for_sentence(max),
                field.unit()
            ));
        }
    }
    match value {
        Some(v) if lo <= v && v <= hi => Ok((lo, hi)),
        Some(v) => Err(format!(
            "the low ({}) and high ({}) must hold the value ({}); the range is dropped",
            format::input_value(lo),
            format::input_value(hi),
            format::input_value(v)
        )),
        None => Err("has no value to hold; the range is dropped".to_string()),
    }
}

/// The platform's throughput in force, tokens/s per GPU at full use, before its logs.
pub fn throughput(platform: &Platform, settings: &Settings) -> Option<f64> {
    platform.effective_tps(settings)
}

/// The model's inputs of a platform: its own, with a deployment's logs in force where given.
/// Logged throughput is an average over the period, idle time included, so utilisation is
/// already in it and is taken as 100%.
pub fn inputs(platform: &Platform, settings: &Settings) -> PlatformInputs {
    let mut inputs = platform.inputs(settings);
    if let Some(tps) = platform.logs.tps() {
        inputs.tps = tps;
        inputs.utilisation = 1.0;
    }
    if let Some(usd_hr) = platform.logs.usd_hr() {
        inputs.usd_hr = usd_hr;
    }
    inputs
}

/// The ranges in force, in the model's units. A range applies where its input is the one in
/// force: a price range in "rent" mode without a logged bill, a throughput range where neither
/// a measured curve nor logs set the throughput, utilisation without logged throughput.
pub fn model_ranges(platform: &Platform, settings: &Settings) -> InputRanges {
    let r = &platform.ranges;
    let logged_tps = platform.logs.tps().is_some();
    let curve_in_force = platform.curve_lookup(settings).is_some();
    let map = |span: Option<Span>, f: &dyn Fn(f64) -> f64| span.map(|(lo, hi)| (f(lo), f(hi)));
    InputRanges {
        usd_hr: r
            .usd_hr
            .filter(|_| platform.cost_mode == CostMode::Rent && platform.logs.usd_hr().is_none()),
        tps: r.tps.filter(|_| !logged_tps && !curve_in_force),
        kw: map(r.kw, &|kw| {
            cost::all_in_kw(kw, platform.power_basis, settings.pue)
        }),
        utilisation: map(r.util.filter(|_| !logged_tps), &cost::utilisation_fraction),
    }
}

/// What a deployment's logs give, beside what the catalogue measured for the same platform.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FromLogs {
    pub tps: Option<f64>,
    pub usd_hr: Option<f64>,
    /// The catalogue's measured throughput of the platform (at the target, on its curve, where
    /// one applies).
    pub measured_tps: Option<f64>,
    /// The logged throughput as a percent of the measured one.
    pub share_pct: Option<f64>,
}

/// One platform's figures beyond the five metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlatformExtras {
    /// Each metric's low and high over the ranges, in [`Metric::ALL`] order; `None` without
    /// ranges.
    pub metric_spans: Option<[Span; 5]>,
    /// Cost of one request (the page's output tokens), US$.
    pub cost_request: f64,
    pub cost_request_span: Option<Span>,
    /// Grams CO2e per million output tokens.
    pub co2_per_mtok: f64,
    pub co2_span: Option<Span>,
    /// What the API charges for the page's request, US$, when both list prices are given.
    pub revenue_request: Option<f64>,
    /// Gross margin against the API, percent.
    pub api_margin: Option<f64>,
    pub api_margin_span: Option<Span>,
    /// The utilisation, percent, at which self-hosting costs what the API charges.
    pub break_even_util: Option<f64>,
    /// How far cost per million tokens moves with each ranged input, widest first.
    pub tornado: Vec<Swing>,
    pub from_logs: FromLogs,
}

impl PlatformExtras {
    /// A metric's low and high, when ranges are in force.
    pub fn span(&self, metric: Metric) -> Option<Span> {
        let at = Metric::ALL.iter().position(|m| *m == metric)?;
        self.metric_spans.and_then(|s| s.get(at).copied())
    }
}

/// The output key of an extra figure (`out-co2_per_mtok-1`), with its span's lookup.
pub const EXTRA_KEYS: [&str; 3] = ["cost_request", "co2_per_mtok", "api_margin"];

impl PlatformExtras {
    /// An extra figure by its key: its value and span.
    pub fn extra(&self, key: &str) -> Option<(f64, Option<Span>)> {
        match key {
            "cost_request" => Some((self.cost_request, self.cost_request_span)),
            "co2_per_mtok" => Some((self.co2_per_mtok, self.co2_span)),
            "api_margin" => self.api_margin.map(|m| (m, self.api_margin_span)),
            _ => None,
        }
    }
}

/// Every platform's extras, from the inputs `Scenario::results` computed.
pub fn compute(scenario: &Scenario, all_inputs: &[PlatformInputs]) -> Vec<PlatformExtras> {
    scenario
        .platforms
        .iter()
        .zip(all_inputs)
        .map(|(platform, inputs)| platform_extras(platform, &scenario.settings, inputs))
        .collect()
}

fn platform_extras(
    platform: &Platform,
    settings: &Settings,
    inputs: &PlatformInputs,
) -> PlatformExtras {
    let ranges = model_ranges(platform, settings);
    let ranged = !ranges.is_empty();
    let span =
        |f: &dyn Fn(&PlatformInputs) -> f64| ranged.then(|| ranges::extremes(inputs, &ranges, f));
    let out_tokens = settings.out_tokens;
    let cost_request =
        |p: &PlatformInputs| market::cost_per_request(p.usd_hr, p.delivered_tps(), out_tokens);
    let co2 =
        |p: &PlatformInputs| p.needs_throughput(co2_g_per_mtok(p.kw, p.tps, settings.grid_g_kwh));
    let revenue = settings.api_in.zip(settings.api_out).map(|(i, o)| {
        let price = ApiPrice {
            usd_per_m_in: i,
            usd_per_m_out: o,
        };
        market::revenue_per_request(&price, settings.in_tokens, out_tokens)
    });
    let margin = |p: &PlatformInputs| {
        revenue
            .and_then(|r| market::margin_pct(r, cost_request(p)))
            .unwrap_or(f64::NAN)
    };
    let api_margin = revenue.and_then(|r| market::margin_pct(r, cost_request(inputs)));
    let metric_spans = ranged.then(|| {
        Metric::ALL
            .map(|metric| ranges::extremes(inputs, &ranges, |p| model::compute(p).get(metric)))
    });
    let measured_tps = platform
        .curve_lookup(settings)
        .map(|l| l.value)
        .filter(|v| v.is_finite() && *v > 0.0)
        .or_else(|| {
            platform
                .preset
                .and_then(|id| id.preset().throughput.as_ref().map(|t| t.tokens_per_s))
        });
    let logged_tps = platform.logs.tps();
    PlatformExtras {
        metric_spans,
        cost_request: cost_request(inputs),
        cost_request_span: span(&cost_request),
        co2_per_mtok: co2(inputs),
        co2_span: span(&co2),
        revenue_request: revenue,
        api_margin,
        api_margin_span: api_margin.and(span(&margin)),
        break_even_util: revenue.and_then(|r| {
            market::break_even_utilisation_pct(inputs.usd_hr, inputs.tps, out_tokens, r)
        }),
        tornado: ranges::sensitivity(inputs, &ranges, |p| model::compute(p).cost_per_mtok),
        from_logs: FromLogs {
            tps: logged_tps,
            usd_hr: platform.logs.usd_hr(),
            measured_tps: logged_tps.and(measured_tps),
            share_pct: logged_tps
                .zip(measured_tps)
                .and_then(|(l, m)| logs::share_of_measured_pct(l, m)),
        },
    }
}

/// The field a ranged model input comes from.
pub fn field_of(input: RangedInput) -> Field {
    match input {
        RangedInput::UsdHr => Field::UsdHr,
        RangedInput::Tps => Field::Tps,
        RangedInput::Kw => Field::Kw,
        RangedInput::Utilisation => Field::Utilisation,
    }
}

/// The platform whose sensitivity the page shows: the first with a range in force, else the
/// baseline.
pub fn focus(extras: &[PlatformExtras], baseline: usize) -> usize {
    extras
        .iter()
        .position(|e| !e.tornado.is_empty())
        .unwrap_or(baseline)
}

/// The range of "platform is N x cheaper than the baseline" across both platforms' ranges:
/// baseline low / platform high to baseline high / platform low. `None` when neither has a
/// range.
pub fn cost_multiple_span(
    extras: &[PlatformExtras],
    costs: (f64, f64),
    (platform, baseline): (usize, usize),
) -> Option<Span> {
    let p = extras.get(platform)?.span(Metric::CostPerMtok);
    let b = extras.get(baseline)?.span(Metric::CostPerMtok);
    if p.is_none() && b.is_none() {
        return None;
    }
    let (p_lo, p_hi) = p.unwrap_or((costs.0, costs.0));
    let (b_lo, b_hi) = b.unwrap_or((costs.1, costs.1));
    let span = (b_lo / p_hi, b_hi / p_lo);
    (span.0.is_finite() && span.1.is_finite()).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use approx::assert_relative_eq;

    #[test]
    fn seed_pair_carbon_margin_and_cost_range() {
        let mut s = Scenario::default();
        s.settings.grid_g_kwh = 400.0;
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.platforms[0].ranges.usd_hr = Some((1.20, 1.70));
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        let r = s.results();
        let h200 = &r.extras[0];
        let gb300 = &r.extras[1];
        // 1.73 kW / (90 x 3600) x 1e6 = 5.340 kWh per million tokens, x 400 g = 2,136 g.
        assert_eq!(format::number(h200.co2_per_mtok), "2.14K");
        // 2.1 kW / (6000 x 3600) x 1e6 = 0.09722 kWh, x 400 = 38.9 g.
        assert_relative_eq!(gb300.co2_per_mtok, 38.888_889, epsilon = 1e-6);
        // Revenue $0.00274 a request; cost $0.004352 (H200) and $0.0001227 (GB300).
        assert_eq!(format::number(h200.api_margin.unwrap()), "-58.8");
        assert_eq!(format::number(gb300.api_margin.unwrap()), "95.5");
        // $1.20-1.70 and 80-100 tokens/s: $3.33 to $5.90 per million tokens.
        let (lo, hi) = h200.span(Metric::CostPerMtok).unwrap();
        assert_relative_eq!(lo, 3.333_333, epsilon = 1e-6);
        assert_relative_eq!(hi, 5.902_778, epsilon = 1e-6);
        // Carbon does not depend on price; with throughput 80-100 it spans 1.73e6/(100 x 3600)
        // x 400 = 1,922 g to 2,403 g.
        let (lo, hi) = h200.co2_span.unwrap();
        assert_relative_eq!(lo, 1_922.222_222, epsilon = 1e-6);
        assert_relative_eq!(hi, 2_402.777_778, epsilon = 1e-6);
        // The GB300 has no ranges: no spans.
        assert_eq!(gb300.metric_spans, None);
        assert_eq!(focus(&r.extras, r.baseline), 0);
        assert_eq!(h200.tornado.len(), 2);
        // 35.5x lower, and 3.333 / 0.1227 = 27.2x to 5.903 / 0.1227 = 48.1x across the ranges.
        let costs = (r.metrics[1].cost_per_mtok, r.metrics[0].cost_per_mtok);
        let (lo, hi) = cost_multiple_span(&r.extras, costs, (1, 0)).unwrap();
        assert_eq!(
            (format::number(lo), format::number(hi)),
            ("27.2".into(), "48.1".into())
        );
    }

    #[test]
    fn logs_set_throughput_and_price() {
        let mut s = Scenario::default();
        s.platforms[0].logs = Logs {
            gpu_hours: Some(5760.0),
            tokens: Some(1.5e9),
            bill_usd: Some(9000.0),
        };
        s.platforms[0].utilisation_pct = 50.0;
        let r = s.results();
        // 1.5e9 / (5,760 x 3,600) = 72.34 tokens/s, $9,000 / 5,760 = $1.5625 per GPU-hour;
        // utilisation is inside the logged figure, so it is not applied again.
        assert_relative_eq!(r.metrics[0].tps, 72.337_963, epsilon = 1e-6);
        assert_relative_eq!(r.metrics[0].usd_hr, 1.5625);
        assert_relative_eq!(
            r.metrics[0].cost_per_mtok,
            1.5625 / (72.337_963 * 3600.0) * 1e6,
            epsilon = 1e-6
        );
        // Against the seed H200's 90 tokens/s: 80.4%.
        let logs = r.extras[0].from_logs;
        assert_eq!(logs.measured_tps, Some(90.0));
        assert_eq!(format::number(logs.share_pct.unwrap()), "80.4");
        // Half the logs: throughput only.
        s.platforms[0].logs.bill_usd = None;
        assert_relative_eq!(s.results().metrics[0].usd_hr, 1.41);
    }

    #[test]
    fn a_range_applies_only_where_its_input_is_in_force() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.usd_hr = Some((1.0, 2.0));
        s.platforms[0].cost_mode = CostMode::Own;
        assert!(s.results().extras[0].metric_spans.is_none());
        assert_eq!(
            check_range(Field::Tps, Some(90.0), (95.0, 100.0)).map_err(|_| ()),
            Err(())
        );
        assert_eq!(
            check_range(Field::Tps, Some(90.0), (90.0, 90.0)),
            Ok((90.0, 90.0))
        );
    }
}
