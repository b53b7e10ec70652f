//! Beyond the seed table: each platform's outputs over its input ranges and what moves its cost
//! most, carbon per token, the margin against an API's list price, and the throughput and price
//! a deployment's own logs record. [`compute`] is called once from `Scenario::results`.

pub use super::spans::{Logs, PageRanges, Ranges};

use std::borrow::Cow;

use super::corners::{self, OuterRange, PageCorners};
use super::fields::Field;
use super::platform::{CostMode, Platform};
use super::settings::Settings;
use super::Scenario;
use crate::format;
use crate::model::carbon::co2_g_per_mtok;
use crate::model::input;
use crate::model::market::{self, ApiPrice};
use crate::model::ranges::{self, InputRanges, RangedInput, Span, Swing, SwingInput};
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
    /// What the logs gave where it lay outside the valid range and `tps` / `usd_hr` hold it
    /// at the edge.
    pub tps_out_of_range: Option<f64>,
    pub usd_hr_out_of_range: Option<f64>,
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
    /// Cost per million tokens' low and high at each corner of the page's ranges, in the order
    /// of `corners::page_corners` (one entry without page ranges); empty without ranges.
    pub corner_costs: Vec<Span>,
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
    let settings = &scenario.settings;
    // The page's ranges are the same for every platform: their corners are found once, and
    // only when one is given (a slider move without them costs nothing more).
    let page = corners::page_ranges(settings);
    let page_corners = PageCorners::new(settings, &page);
    scenario
        .platforms
        .iter()
        .zip(all_inputs)
        .map(|(platform, inputs)| {
            platform_extras(platform, settings, inputs, &page, page_corners.as_ref())
        })
        .collect()
}

/// The outputs beyond the five metrics, under one set of settings.
struct Outputs {
    out_tokens: f64,
    grid_g_kwh: f64,
    /// What the API charges for the page's request, when both list prices are given.
    revenue: Option<f64>,
}

impl Outputs {
    fn new(settings: &Settings) -> Outputs {
        let revenue = settings.api_in.zip(settings.api_out).map(|(i, o)| {
            let price = ApiPrice {
                usd_per_m_in: i,
                usd_per_m_out: o,
            };
            market::revenue_per_request(&price, settings.in_tokens, settings.out_tokens)
        });
        Outputs {
            out_tokens: settings.out_tokens,
            grid_g_kwh: settings.grid_g_kwh,
            revenue,
        }
    }

    fn cost_request(&self, p: &PlatformInputs) -> f64 {
        market::cost_per_request(p.usd_hr, p.delivered_tps(), self.out_tokens)
    }

    fn co2(&self, p: &PlatformInputs) -> f64 {
        p.needs_throughput(co2_g_per_mtok(p.kw, p.tps, self.grid_g_kwh))
    }

    fn margin(&self, p: &PlatformInputs) -> Option<f64> {
        self.revenue
            .and_then(|r| market::margin_pct(r, self.cost_request(p)))
    }
}

/// The model's box of one platform under one set of settings.
struct BoxAt {
    inputs: PlatformInputs,
    ranges: InputRanges,
}

impl BoxAt {
    fn new(platform: &Platform, settings: &Settings) -> BoxAt {
        BoxAt {
            inputs: inputs(platform, settings),
            ranges: model_ranges(platform, settings),
        }
    }

    /// An output's low and high over the box (one instance of `extremes` for every output:
    /// a smaller wasm).
    fn span(&self, output: &dyn Fn(&PlatformInputs) -> f64) -> Span {
        ranges::extremes(&self.inputs, &self.ranges, output)
    }
}

/// Every ranged output's low and high.
#[derive(Clone, Debug, Default)]
struct OutputSpans {
    metrics: Option<[Span; 5]>,
    cost_request: Option<Span>,
    co2: Option<Span>,
    margin: Option<Span>,
    /// Cost per million tokens' span at each corner of the page's cost ranges.
    corner_costs: Vec<Span>,
}

/// `b` joined into `a`.
fn join(a: &mut Option<Span>, b: Span) {
    *a = Some(a.map_or(b, |a| ranges::union(a, b)));
}

impl OutputSpans {
    /// Exact over every range at once: the model's box of each power variant at each corner of
    /// the page's ranges that reach an output, joined (see `corners`).
    fn over(
        variants: &[Cow<'_, Platform>],
        settings: &Settings,
        page: Option<&PageCorners>,
    ) -> Self {
        let one = std::slice::from_ref(settings);
        let (cost_at, carbon_at, margin_at) = match page {
            Some(c) => (&c.cost[..], &c.carbon[..], &c.margin[..]),
            None => (one, one, one),
        };
        let mut spans = OutputSpans::default();
        for at in cost_at {
            let out = Outputs::new(at);
            let mut metrics: [Option<Span>; 5] = [None; 5];
            for platform in variants {
                let b = BoxAt::new(platform, at);
                for (span, metric) in metrics.iter_mut().zip(Metric::ALL) {
                    join(span, b.span(&|p| model::compute(p).get(metric)));
                }
                join(&mut spans.cost_request, b.span(&|p| out.cost_request(p)));
            }
            if let [Some(a), Some(b), Some(c), Some(d), Some(e)] = metrics {
                let here = [a, b, c, d, e];
                spans.corner_costs.push(here[COST_AT]);
                spans.metrics = Some(match spans.metrics {
                    Some(mut all) => {
                        for (all, here) in all.iter_mut().zip(here) {
                            *all = ranges::union(*all, here);
                        }
                        all
                    }
                    None => here,
                });
            }
        }
        for at in carbon_at {
            let out = Outputs::new(at);
            for platform in variants {
                join(
                    &mut spans.co2,
                    BoxAt::new(platform, at).span(&|p| out.co2(p)),
                );
            }
        }
        for at in margin_at {
            let out = Outputs::new(at);
            // A corner where the API is free has no margin, and near it the margin falls
            // without bound: the low end is minus infinity (the page shows it as missing).
            match out.revenue {
                Some(revenue) if revenue > 0.0 => {
                    for platform in variants {
                        let b = BoxAt::new(platform, at);
                        join(
                            &mut spans.margin,
                            b.span(&|p| out.margin(p).unwrap_or(f64::NAN)),
                        );
                    }
                }
                Some(_) => join(&mut spans.margin, (f64::NEG_INFINITY, f64::NEG_INFINITY)),
                None => {}
            }
        }
        spans
    }
}

/// The position of cost per million tokens in [`Metric::ALL`].
const COST_AT: usize = 4;

fn platform_extras(
    platform: &Platform,
    settings: &Settings,
    inputs: &PlatformInputs,
    page: &[OuterRange],
    page_corners: Option<&PageCorners>,
) -> PlatformExtras {
    let out = Outputs::new(settings);
    let power = corners::owned_power_range(platform);
    let inner = corners::inner_platform(platform);
    let inner_ranges = model_ranges(&inner, settings);
    let ranged = !inner_ranges.is_empty() || power.is_some() || page_corners.is_some();
    let spans = if ranged {
        OutputSpans::over(&corners::power_variants(platform), settings, page_corners)
    } else {
        OutputSpans::default()
    };
    let api_margin = out.margin(inputs);
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
        metric_spans: spans.metrics,
        corner_costs: spans.corner_costs,
        cost_request: out.cost_request(inputs),
        cost_request_span: spans.cost_request,
        co2_per_mtok: out.co2(inputs),
        co2_span: spans.co2,
        revenue_request: out.revenue,
        api_margin,
        api_margin_span: api_margin.and(spans.margin),
        break_even_util: out.revenue.and_then(|r| {
            market::break_even_utilisation_pct(inputs.usd_hr, inputs.tps, out.out_tokens, r)
        }),
        tornado: tornado(&inner, settings, inputs, &inner_ranges, page, power),
        from_logs: FromLogs {
            tps: logged_tps,
            usd_hr: platform.logs.usd_hr(),
            tps_out_of_range: platform.logs.tps_out_of_range(),
            usd_hr_out_of_range: platform.logs.usd_hr_out_of_range(),
            measured_tps: logged_tps.and(measured_tps),
            share_pct: logged_tps
                .zip(measured_tps)
                .and_then(|(l, m)| logs::share_of_measured_pct(l, m)),
        },
    }
}

/// How far cost per million tokens moves with each ranged input, the others held, widest
/// first: the platform's inputs in the model's box, then the ranges outside it that can move
/// that cost (electricity price and PUE, which move it in "own" mode and show a zero bar in
/// "rent" mode; power where it sets the owned price). Grid intensity and an API's prices do
/// not enter that cost at all, so they get no bar.
fn tornado(
    inner: &Platform,
    settings: &Settings,
    inputs: &PlatformInputs,
    inner_ranges: &InputRanges,
    page: &[OuterRange],
    power: Option<OuterRange>,
) -> Vec<Swing> {
    let cost = |p: &PlatformInputs| model::compute(p).cost_per_mtok;
    let mut swings = ranges::sensitivity(inputs, inner_ranges, cost);
    for range in page.iter().chain(power.iter()).filter(|r| r.moves_cost()) {
        let at = |value: f64| {
            let mut platform = Cow::Borrowed(inner);
            let mut settings = *settings;
            corners::set(range.input, value, &mut platform, &mut settings);
            cost(&self::inputs(&platform, &settings))
        };
        let swing = Swing {
            input: range.input,
            at_low: at(range.ends.0),
            at_high: at(range.ends.1),
        };
        if swing.at_low.is_finite() && swing.at_high.is_finite() {
            swings.push(swing);
        }
    }
    ranges::widest_first(&mut swings);
    swings
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

/// The field a swing's input comes from: a platform's or the page's.
pub fn swing_field(input: SwingInput) -> Field {
    match input {
        SwingInput::Platform(input) => field_of(input),
        SwingInput::Page(input) => corners::page_field(input),
    }
}

/// The platform whose sensitivity the page shows: the first with a range of its own in force,
/// else the baseline (the page's ranges apply to every platform alike).
pub fn focus(extras: &[PlatformExtras], baseline: usize) -> usize {
    extras
        .iter()
        .position(|e| {
            e.tornado
                .iter()
                .any(|s| matches!(s.input, SwingInput::Platform(_)))
        })
        .unwrap_or(baseline)
}

/// The range of "platform is N x cheaper than the baseline" across every range: at each corner
/// of the page's ranges (which the two share), baseline low / platform high to baseline high /
/// platform low (their own ranges are independent), joined over the corners. Exact: the ratio
/// is monotone in each input (a page input moves both costs, each linearly, and a ratio of two
/// positive linear functions of one variable is monotone in it), so its extremes are at
/// corners. `None` when neither has a range.
pub fn cost_multiple_span(
    extras: &[PlatformExtras],
    costs: (f64, f64),
    (platform, baseline): (usize, usize),
) -> Option<Span> {
    let p = extras.get(platform)?;
    let b = extras.get(baseline)?;
    if p.corner_costs.is_empty() && b.corner_costs.is_empty() {
        return None;
    }
    let at = |e: &PlatformExtras, corner: usize, cost: f64| {
        e.corner_costs
            .get(corner)
            .or(e.corner_costs.last())
            .copied()
            .unwrap_or((cost, cost))
    };
    let mut span: Option<Span> = None;
    for corner in 0..p.corner_costs.len().max(b.corner_costs.len()) {
        let (p_lo, p_hi) = at(p, corner, costs.0);
        let (b_lo, b_hi) = at(b, corner, costs.1);
        let here = (b_lo / p_hi, b_hi / p_lo);
        span = Some(span.map_or(here, |s| ranges::union(s, here)));
    }
    span.filter(|s| s.0.is_finite() && s.1.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use crate::model::ranges::PageInput;
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
        assert_eq!(logs.tps_out_of_range, None);
        assert_eq!(logs.measured_tps, Some(90.0));
        assert_eq!(format::number(logs.share_pct.unwrap()), "80.4");
        // Half the logs: throughput only.
        s.platforms[0].logs.bill_usd = None;
        assert_relative_eq!(s.results().metrics[0].usd_hr, 1.41);
    }

    #[test]
    fn logs_outside_the_valid_range_are_held_and_say_what_they_gave() {
        let mut s = Scenario::default();
        // 5 tokens over a million GPU-hours: 1.39e-9 tokens/s, below the lowest valid 0.001.
        // A $1 bill over the same hours: $0.000001 per GPU-hour, below $0.001.
        s.platforms[0].logs = Logs {
            gpu_hours: Some(1e6),
            tokens: Some(5.0),
            bill_usd: Some(1.0),
        };
        let logs = s.results().extras[0].from_logs;
        assert_eq!(logs.tps, Some(0.001));
        assert_relative_eq!(logs.tps_out_of_range.unwrap(), 5.0 / 3.6e9);
        assert_eq!(logs.usd_hr, Some(0.001));
        assert_relative_eq!(logs.usd_hr_out_of_range.unwrap(), 1e-6);
        assert_eq!(s.results().metrics[0].tps, 0.001);
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

    #[test]
    fn cost_is_where_the_corners_say() {
        assert_eq!(Metric::ALL[COST_AT], Metric::CostPerMtok);
    }

    /// Grid intensity 300-500 g/kWh (the default is 436): carbon spans its value x 300/436 to
    /// x 500/436; nothing else moves, and cost has no bar to show.
    #[test]
    fn a_grid_range_spans_carbon_alone() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        let r = s.results();
        let h200 = &r.extras[0];
        // 1.73 kW / (90 x 3600) x 1e6 = 5.3395 kWh per million tokens: x 436 = 2,328 g, x 300 =
        // 1,601.85 g, x 500 = 2,669.75 g.
        assert_relative_eq!(h200.co2_per_mtok, 2_328.024_691, epsilon = 1e-6);
        let (lo, hi) = h200.co2_span.unwrap();
        assert_relative_eq!(lo, 1_601.851_852, epsilon = 1e-6);
        assert_relative_eq!(hi, 2_669.753_086, epsilon = 1e-6);
        assert_relative_eq!(lo, h200.co2_per_mtok * 300.0 / 436.0, epsilon = 1e-9);
        // GB300: 2.1 / (6000 x 3600) x 1e6 = 0.09722 kWh: 29.17 g to 48.61 g.
        let (lo, hi) = r.extras[1].co2_span.unwrap();
        assert_relative_eq!(lo, 29.166_667, epsilon = 1e-6);
        assert_relative_eq!(hi, 48.611_111, epsilon = 1e-6);
        let cost = r.metrics[0].cost_per_mtok;
        assert_eq!(h200.span(Metric::CostPerMtok), Some((cost, cost)));
        assert!(h200.tornado.is_empty());
        assert_eq!(focus(&r.extras, r.baseline), r.baseline);
    }

    /// List prices $0.40-0.70 in and $2.00-2.50 out per million (1,000 tokens each way): revenue
    /// $0.0024 to $0.0032 a request. The H200's request costs $0.004352: margin (0.0024 -
    /// 0.004352) / 0.0024 = -81.3% to (0.0032 - 0.004352) / 0.0032 = -36.0%.
    #[test]
    fn api_price_ranges_span_the_margin() {
        let mut s = Scenario::default();
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.settings.ranges.api_in = Some((0.40, 0.70));
        s.settings.ranges.api_out = Some((2.00, 2.50));
        let r = s.results();
        let (lo, hi) = r.extras[0].api_margin_span.unwrap();
        assert_relative_eq!(lo, -81.327_160, epsilon = 1e-6);
        assert_relative_eq!(hi, -35.995_370, epsilon = 1e-6);
        let (lo, hi) = r.extras[1].api_margin_span.unwrap();
        assert_relative_eq!(lo, 94.888_117, epsilon = 1e-6);
        assert_relative_eq!(hi, 96.166_088, epsilon = 1e-6);
        // Cost and carbon do not move; API prices get no bar in the cost tornado.
        let cost = r.extras[0].cost_request;
        assert_eq!(r.extras[0].cost_request_span, Some((cost, cost)));
        assert!(r.extras[0].tornado.is_empty());
        // Free at both low ends: the margin has no lower bound, its high end stays.
        s.settings.ranges.api_in = Some((0.0, 0.70));
        s.settings.ranges.api_out = Some((0.0, 2.50));
        let (lo, hi) = s.results().extras[0].api_margin_span.unwrap();
        assert_eq!(lo, f64::NEG_INFINITY);
        assert_relative_eq!(hi, -35.995_370, epsilon = 1e-6);
    }

    /// In "own" mode the price is capital ($40,000 at 10% over 4 years: $1.4405/h) +
    /// operations ($3,000 a year: $0.3425/h) + 1.73 kW x $/kWh. Electricity at $0.05-0.15 (value
    /// $0.08): $1.8695 to $2.0425 per hour, / (90 x 3,600 / 1e6) = $5.770 to $6.304 per million
    /// tokens ($5.930 at the value). In "rent" mode it moves nothing: a zero bar.
    #[test]
    fn an_electricity_range_moves_an_owned_cost() {
        let mut s = Scenario::default();
        s.settings.ranges.usd_kwh = Some((0.05, 0.15));
        let r = s.results();
        let cost = r.metrics[0].cost_per_mtok;
        assert_eq!(r.extras[0].span(Metric::CostPerMtok), Some((cost, cost)));
        assert_eq!(r.extras[0].tornado.len(), 1);
        assert_eq!(r.extras[0].tornado[0].width(), 0.0);
        for p in &mut s.platforms {
            p.cost_mode = CostMode::Own;
        }
        let r = s.results();
        assert_relative_eq!(r.metrics[0].cost_per_mtok, 5.930_160, epsilon = 1e-6);
        let (lo, hi) = r.extras[0].span(Metric::CostPerMtok).unwrap();
        assert_relative_eq!(lo, 5.769_974, epsilon = 1e-6);
        assert_relative_eq!(hi, 6.303_925, epsilon = 1e-6);
        // Each end is $1.73 x 0.03 and x 0.07 per hour from the value.
        assert_relative_eq!(
            r.metrics[0].cost_per_mtok - lo,
            1.73 * 0.03 / 0.324,
            epsilon = 1e-9
        );
        let swing = r.extras[0].tornado[0];
        assert_eq!(swing.input, SwingInput::Page(PageInput::ElectricityPrice));
        assert_relative_eq!(swing.at_low, lo, epsilon = 1e-12);
        assert_relative_eq!(swing.at_high, hi, epsilon = 1e-12);
        // Both platforms are owned: the headline's multiple moves with the shared electricity
        // price, 6.3039 / 0.097128 = 64.90x at $0.15 to 5.7700 / 0.087406 = 66.01x at $0.05
        // (taking each platform's ends apart would claim 59.4x to 72.1x).
        let costs = (r.metrics[1].cost_per_mtok, r.metrics[0].cost_per_mtok);
        let (lo, hi) = cost_multiple_span(&r.extras, costs, (1, 0)).unwrap();
        assert_relative_eq!(lo, 64.903_059, epsilon = 1e-6);
        assert_relative_eq!(hi, 66.013_408, epsilon = 1e-6);
    }

    /// PUE 1.2-1.5 on IT power: all-in power 1.73 x PUE, so tokens per MW spans 90,000 /
    /// (1.73 x 1.5) to 90,000 / (1.73 x 1.2); the owned price moves by 1.73 x $0.08 x 0.3.
    #[test]
    fn a_pue_range_moves_power_and_an_owned_cost() {
        let mut s = Scenario::default();
        s.platforms[0].power_basis = cost::PowerBasis::It;
        s.platforms[0].cost_mode = CostMode::Own;
        s.settings.ranges.pue = Some((1.2, 1.5));
        let r = s.results();
        let (lo, hi) = r.extras[0].span(Metric::TokPerMw).unwrap();
        assert_relative_eq!(lo, 90_000.0 / (1.73 * 1.5), epsilon = 1e-6);
        assert_relative_eq!(hi, 90_000.0 / (1.73 * 1.2), epsilon = 1e-6);
        let (lo, hi) = r.extras[0].span(Metric::CostPerMtok).unwrap();
        assert_relative_eq!(hi - lo, 1.73 * 0.08 * 0.3 / 0.324, epsilon = 1e-9);
        assert_eq!(
            r.extras[0].tornado[0].input,
            SwingInput::Page(PageInput::Pue)
        );
        // The GB300's power is all-in: PUE does not touch it.
        let tok_per_mw = r.metrics[1].tok_per_mw;
        assert_eq!(
            r.extras[1].span(Metric::TokPerMw),
            Some((tok_per_mw, tok_per_mw))
        );
    }

    /// In "own" mode a power range moves the price too (its energy line): the cost spans
    /// 1.5-2.0 kW x $0.08 per hour, and the tornado's power bar is not zero.
    #[test]
    fn an_owned_power_range_moves_cost() {
        let mut s = Scenario::default();
        s.platforms[0].cost_mode = CostMode::Own;
        s.platforms[0].ranges.kw = Some((1.5, 2.0));
        let r = s.results();
        let (lo, hi) = r.extras[0].span(Metric::CostPerMtok).unwrap();
        assert_relative_eq!(hi - lo, 0.5 * 0.08 / 0.324, epsilon = 1e-9);
        let (lo, hi) = r.extras[0].span(Metric::TokPerMw).unwrap();
        assert_relative_eq!(lo, 90_000.0 / 2.0, epsilon = 1e-6);
        assert_relative_eq!(hi, 90_000.0 / 1.5, epsilon = 1e-6);
        let swing = r.extras[0].tornado[0];
        assert_eq!(swing.input, SwingInput::Platform(RangedInput::Kw));
        assert_relative_eq!(
            swing.at_high - swing.at_low,
            0.5 * 0.08 / 0.324,
            epsilon = 1e-9
        );
        assert_eq!(r.extras[0].tornado.len(), 1);
    }
}
