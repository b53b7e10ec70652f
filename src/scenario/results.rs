//! Results: every platform's metrics and details, computed once from the scenario. The table,
//! the cards, the charts' view model and "show the working" all read these.

use super::platform::{CostMode, Platform, PlatformId};
use super::Scenario;
use crate::catalogue::Precision;
use crate::model::ceiling::{decode_ceiling, Ceiling};
use crate::model::cost::{self, OwnCostBreakdown};
use crate::model::curve::{Clamp, Lookup};
use crate::model::input::InputError;
use crate::model::tokens::{token_costs, TokenCosts, TokenMix, TokenSplit};
use crate::model::{self, Metric, Metrics, Multiple, PlatformInputs};

impl Scenario {
    /// Every platform's metrics and details, in order.
    pub fn results(&self) -> Results {
        let inputs: Vec<PlatformInputs> = self
            .platforms
            .iter()
            .map(|p| super::extras::inputs(p, &self.settings))
            .collect();
        let baseline = self.baseline.min(inputs.len().saturating_sub(1));
        let site = cost::Site {
            mw: self.settings.site_mw,
            price_per_mtok: self.settings.price_mtok,
        };
        let details = self
            .platforms
            .iter()
            .zip(&inputs)
            .enumerate()
            .map(|(index, (platform, input))| PlatformDetails {
                rated_tps: input.tps,
                all_in_kw: input.kw,
                delivered_tps: input.delivered_tps(),
                joules_per_token: input
                    .needs_throughput(cost::joules_per_token(input.kw, input.tps)),
                energy_cost_per_mtok: input.needs_throughput(cost::energy_cost_per_mtok(
                    input.kw,
                    input.tps,
                    self.settings.usd_kwh,
                )),
                own_cost: (platform.cost_mode == CostMode::Own)
                    .then(|| platform.own_cost(&self.settings)),
                factory: cost::token_factory(&site, input),
                break_even: inputs
                    .get(baseline)
                    .filter(|base| {
                        index != baseline && base.tps.is_finite() && input.tps.is_finite()
                    })
                    .map(|base| cost::break_even(base, input)),
                curve_lookup: platform.curve_lookup(&self.settings),
                throughput: ThroughputStatus::of(platform, &self.settings),
                token_costs: self
                    .token_costs(platform, input)
                    .ok()
                    .filter(|_| input.tps.is_finite()),
                token_split_error: self
                    .token_costs(platform, input)
                    .err()
                    .filter(|_| input.tps.is_finite()),
                ceiling: self
                    .settings
                    .model
                    .ceiling_inputs(platform)
                    .and_then(|c| decode_ceiling(&c)),
                ceiling_share: None,
                max_interactivity: self.settings.cap.and_then(|cap| {
                    let curve = platform.curve_in_force(&self.settings)?;
                    let priced = PlatformInputs { tps: 1.0, ..*input };
                    super::measured::max_interactivity_under(&curve, cap, |tps| {
                        model::compute(&PlatformInputs { tps, ..priced }).cost_per_mtok
                    })
                }),
                users_per_mw: self
                    .settings
                    .target_tps_user
                    .filter(|_| input.tps.is_finite())
                    .map(|target| model::compute(input).tok_per_mw / target),
            })
            .map(|mut d: PlatformDetails| {
                d.ceiling_share = d
                    .ceiling
                    .as_ref()
                    .ok()
                    .map(|c| c.share(d.rated_tps) * 100.0)
                    .filter(|share| share.is_finite() && d.rated_tps.is_finite());
                d
            })
            .collect();
        Results {
            ids: self.platforms.iter().map(Platform::id).collect(),
            extras: super::extras::compute(self, &inputs),
            metrics: inputs.iter().map(model::compute).collect(),
            details,
            baseline,
        }
    }

    /// One platform's costs for the page's workload mix: from prefill and decode throughputs
    /// when the prefill figure is given, else by the output/input price ratio.
    fn token_costs(
        &self,
        platform: &Platform,
        input: &PlatformInputs,
    ) -> Result<TokenCosts, InputError> {
        let mix = TokenMix {
            input_tokens: self.settings.in_tokens,
            output_tokens: self.settings.out_tokens,
        };
        // Utilisation lowers delivered tokens, so it divides every throughput alike.
        let delivered = input.delivered_tps();
        let split = match platform.prefill_tps {
            Some(prefill) => TokenSplit::Throughputs {
                prefill_tps: prefill * input.utilisation,
                output_tps: delivered,
            },
            None => TokenSplit::PriceRatio {
                output_tps: delivered,
                ratio: platform.io_ratio,
            },
        };
        token_costs(input.usd_hr, &mix, &split)
    }

    /// The distinct precisions named by the platforms, in order of first appearance.
    pub fn precisions(&self) -> Vec<Precision> {
        let mut seen = Vec::new();
        for p in &self.platforms {
            if !seen.contains(&p.precision) {
                seen.push(p.precision);
            }
        }
        seen
    }
}

/// Where a platform's throughput comes from, and why it is not at the page's target when it
/// is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThroughputStatus {
    /// No target: the card's figure.
    Card,
    /// Read off the measured curve at the target.
    AtTarget,
    /// Target outside the measured range: the curve's end value, held.
    Held(Clamp),
    /// No target, a workload chosen: the measured frontier's point nearest the default
    /// interactivity ([`super::measured::DEFAULT_INTERACTIVITY`]).
    MeasuredPoint,
    /// Target set, no curve: the card's figure, at whatever interactivity it was measured.
    NotAtTarget,
    /// No throughput at all: every figure that needs one is missing.
    Missing,
}

impl ThroughputStatus {
    pub fn of(platform: &Platform, settings: &super::Settings) -> ThroughputStatus {
        if platform.effective_tps(settings).is_none() {
            return ThroughputStatus::Missing;
        }
        match (platform.curve_lookup(settings), platform.tps) {
            (Some(lookup), _) => match lookup.clamped {
                None => ThroughputStatus::AtTarget,
                Some(side) => ThroughputStatus::Held(side),
            },
            _ if platform.is_measured(settings) => ThroughputStatus::MeasuredPoint,
            (None, None) => ThroughputStatus::Missing,
            (None, Some(_)) if settings.target_tps_user.is_some() => ThroughputStatus::NotAtTarget,
            (None, Some(_)) => ThroughputStatus::Card,
        }
    }

    /// The platform has a throughput (so its derived figures exist).
    pub fn has_throughput(self) -> bool {
        self != ThroughputStatus::Missing
    }

    /// The marker shown beside a throughput-dependent figure, if any.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            ThroughputStatus::Card
            | ThroughputStatus::AtTarget
            | ThroughputStatus::MeasuredPoint => None,
            ThroughputStatus::Held(_) => Some("held at the measured end"),
            ThroughputStatus::NotAtTarget => Some("not at the target"),
            ThroughputStatus::Missing => Some(NO_THROUGHPUT),
        }
    }
}

/// Why a platform shows no throughput-dependent figure.
pub const NO_THROUGHPUT: &str = "no measurement of this workload: enter a throughput";

/// What the page shows of one platform beyond the five metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformDetails {
    /// Tokens/s per GPU at full use (off the curve at the target, where one applies).
    pub rated_tps: f64,
    /// Rated throughput x utilisation.
    pub delivered_tps: f64,
    /// Power per GPU with the facility share (PUE applied to IT power), kW.
    pub all_in_kw: f64,
    pub joules_per_token: f64,
    pub energy_cost_per_mtok: f64,
    /// The parts of the $/GPU-hour, in "own" mode.
    pub own_cost: Option<OwnCostBreakdown>,
    /// This platform filling the page's site.
    pub factory: cost::Factory,
    /// What the baseline would need to match it; `None` for the baseline itself.
    pub break_even: Option<cost::BreakEven>,
    /// The throughput read off the curve at the target, when both exist.
    pub curve_lookup: Option<Lookup>,
    /// Where the throughput comes from, and whether it is at the target.
    pub throughput: ThroughputStatus,
    /// Input, output, per-request and blended costs for the page's workload mix.
    pub token_costs: Option<TokenCosts>,
    /// Why the mix could not be costed (a prefill figure that leaves no decode time, say).
    pub token_split_error: Option<InputError>,
    /// The decode ceiling, or why it cannot be estimated.
    pub ceiling: Result<Ceiling, InputError>,
    /// Rated throughput as a percent of the ceiling.
    pub ceiling_share: Option<f64>,
    /// The highest interactivity (output tokens/s per user) at which cost per million tokens
    /// stays under the page's `cap`, on the curve in force; the flag: the cap holds over the
    /// whole measured range, so the answer is at least this.
    pub max_interactivity: Option<(f64, bool)>,
    /// Concurrent users per MW at the target: output tokens/s per MW / tokens/s per user.
    pub users_per_mw: Option<f64>,
}

impl PlatformDetails {
    /// Equal in everything but the break-even, the one detail that depends on the baseline.
    /// Every field is named, so a new one must be placed on one side or the other. Runs on
    /// every slider move for every platform: no copies.
    fn same_apart_from_baseline(&self, other: &PlatformDetails) -> bool {
        let PlatformDetails {
            rated_tps,
            delivered_tps,
            all_in_kw,
            joules_per_token,
            energy_cost_per_mtok,
            own_cost,
            factory,
            break_even: _,
            curve_lookup,
            throughput,
            token_costs,
            token_split_error,
            ceiling,
            ceiling_share,
            max_interactivity,
            users_per_mw,
        } = self;
        *rated_tps == other.rated_tps
            && *delivered_tps == other.delivered_tps
            && *all_in_kw == other.all_in_kw
            && *joules_per_token == other.joules_per_token
            && *energy_cost_per_mtok == other.energy_cost_per_mtok
            && *own_cost == other.own_cost
            && *factory == other.factory
            && *curve_lookup == other.curve_lookup
            && *throughput == other.throughput
            && *token_costs == other.token_costs
            && *token_split_error == other.token_split_error
            && *ceiling == other.ceiling
            && *ceiling_share == other.ceiling_share
            && *max_interactivity == other.max_interactivity
            && *users_per_mw == other.users_per_mw
    }
}

/// The computed tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Which platform each row is: the page's parts of a platform find its row by its id.
    pub ids: Vec<PlatformId>,
    pub metrics: Vec<Metrics>,
    pub details: Vec<PlatformDetails>,
    pub baseline: usize,
    /// Ranges, carbon, the market price and logs, per platform.
    pub extras: Vec<super::extras::PlatformExtras>,
}

impl Results {
    /// The row of the platform with this id, if it is still there.
    pub fn position(&self, id: PlatformId) -> Option<usize> {
        self.ids.iter().position(|x| *x == id)
    }

    /// A metric's value for platform `index`; `None` where it does not exist (a figure that
    /// needs a throughput, on a platform without one).
    pub fn value(&self, index: usize, metric: Metric) -> Option<f64> {
        self.metrics
            .get(index)
            .map(|m| m.get(metric))
            .filter(|v| v.is_finite())
    }

    /// The marker beside platform `index`'s cell for `metric`, if any: why it is missing, or
    /// why the throughput behind it is not at the target.
    pub fn flag(&self, index: usize, metric: Metric) -> Option<&'static str> {
        if metric.is_input() {
            return None;
        }
        self.details.get(index)?.throughput.flag()
    }

    /// Whether platform `index`'s own figures are the same in both, whatever the baseline did:
    /// everything but its multiples and its break-even against the baseline.
    pub fn same_own_figures(&self, other: &Results, index: usize) -> bool {
        let same_details = match (self.details.get(index), other.details.get(index)) {
            (Some(a), Some(b)) => a.same_apart_from_baseline(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.metrics.len() == other.metrics.len()
            && self.metrics.get(index) == other.metrics.get(index)
            && self.extras.get(index) == other.extras.get(index)
            && same_details
    }

    /// Whether platform `index`'s figures and its multiples are the same in both.
    pub fn same_for_platform(&self, other: &Results, index: usize) -> bool {
        self.metrics.len() == other.metrics.len()
            && self.baseline == other.baseline
            && self.metrics.get(index) == other.metrics.get(index)
            && self.metrics.get(self.baseline) == other.metrics.get(other.baseline)
            && self.details.get(index) == other.details.get(index)
            && self.extras.get(index) == other.extras.get(index)
    }

    /// A platform's multiple vs the baseline for one metric.
    pub fn multiple(&self, index: usize, metric: Metric) -> Multiple {
        if index == self.baseline {
            return Multiple::Baseline;
        }
        match (self.metrics.get(index), self.metrics.get(self.baseline)) {
            (Some(p), Some(b)) => model::compare(metric, p.get(metric), b.get(metric)),
            _ => Multiple::Same,
        }
    }
}
