//! The five metrics of the seed table, computed from one platform's inputs.

use serde::{Deserialize, Serialize};

/// Seconds in one hour: the seed formula's "60 seconds x 60 minutes".
pub const SECONDS_PER_HOUR: f64 = 3600.0;

/// What one platform (a GPU type as deployed) costs and delivers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformInputs {
    /// Cost per GPU per hour, US$ (cloud rate or amortised cost of owning).
    pub usd_hr: f64,
    /// Delivered output tokens per second per GPU, at full use.
    pub tps: f64,
    /// All-in power per GPU in kW: chip plus its share of host, network and cooling.
    pub kw: f64,
    /// Peak PFLOPS per GPU at the precision the platform names.
    pub pflops: f64,
    /// Share of hours the GPU serves at its rated throughput, in (0, 1]. Scales delivered tokens.
    pub utilisation: f64,
}

impl PlatformInputs {
    /// A figure per token is no figure without a throughput: NaN (the page shows an em dash)
    /// where `tps` is missing (NaN), instead of the plausible-looking 0 that the per-token
    /// formulas' guard against dividing by zero gives.
    pub fn needs_throughput(&self, value: f64) -> f64 {
        if self.tps.is_finite() {
            value
        } else {
            f64::NAN
        }
    }

    /// Inputs at full utilisation.
    pub const fn new(usd_hr: f64, tps: f64, kw: f64, pflops: f64) -> Self {
        Self {
            usd_hr,
            tps,
            kw,
            pflops,
            utilisation: 1.0,
        }
    }

    /// Tokens per second actually delivered on average: rated throughput times utilisation.
    pub fn delivered_tps(&self) -> f64 {
        self.tps * self.utilisation
    }
}

/// The metrics of the seed table, in its row order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    UsdHr,
    FlopsPerUsd,
    Tps,
    TokPerMw,
    CostPerMtok,
}

impl Metric {
    /// Every metric, in the seed table's row order.
    pub const ALL: [Metric; 5] = [
        Metric::UsdHr,
        Metric::FlopsPerUsd,
        Metric::Tps,
        Metric::TokPerMw,
        Metric::CostPerMtok,
    ];

    /// True where a smaller value is the better one.
    pub const fn lower_is_better(self) -> bool {
        matches!(self, Metric::CostPerMtok)
    }

    /// Input metrics are what you pay for; output metrics are what you get.
    pub const fn is_input(self) -> bool {
        matches!(self, Metric::UsdHr | Metric::FlopsPerUsd)
    }
}

/// One platform's computed metrics.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub usd_hr: f64,
    /// PFLOPS per $/h: the unit of the seed table.
    pub flops_per_usd: f64,
    /// Rated tokens per second per GPU.
    pub tps: f64,
    /// Tokens per second per MW of all-in power, at the rated throughput.
    pub tok_per_mw: f64,
    /// US$ per million delivered tokens.
    pub cost_per_mtok: f64,
}

impl Metrics {
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::UsdHr => self.usd_hr,
            Metric::FlopsPerUsd => self.flops_per_usd,
            Metric::Tps => self.tps,
            Metric::TokPerMw => self.tok_per_mw,
            Metric::CostPerMtok => self.cost_per_mtok,
        }
    }
}

/// FLOP per dollar in the seed table's unit: PFLOPS per $/h.
pub fn flops_per_usd(pflops: f64, usd_hr: f64) -> f64 {
    pflops / usd_hr
}

/// Tokens per second per MW: tps x 1000 / kW.
pub fn tok_per_mw(tps: f64, kw: f64) -> f64 {
    tps * 1000.0 / kw
}

/// The seed formula: cost per GPU-hour / (tokens per second x 3600) x 1e6.
pub fn cost_per_mtok(usd_hr: f64, delivered_tps: f64) -> f64 {
    usd_hr / (delivered_tps * SECONDS_PER_HOUR) * 1e6
}

/// Every metric of one platform. Inputs are validated upstream (all positive and finite), so
/// every output is positive and finite.
pub fn compute(inputs: &PlatformInputs) -> Metrics {
    Metrics {
        usd_hr: inputs.usd_hr,
        flops_per_usd: flops_per_usd(inputs.pflops, inputs.usd_hr),
        tps: inputs.tps,
        tok_per_mw: tok_per_mw(inputs.tps, inputs.kw),
        cost_per_mtok: cost_per_mtok(inputs.usd_hr, inputs.delivered_tps()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    const H200: PlatformInputs = PlatformInputs::new(1.41, 90.0, 1.73, 3.958);
    const GB300: PlatformInputs = PlatformInputs::new(2.65, 6000.0, 2.1, 15.0);

    #[test]
    fn seed_table_hopper() {
        let m = compute(&H200);
        assert_relative_eq!(m.usd_hr, 1.41);
        assert_relative_eq!(m.flops_per_usd, 2.807_092, epsilon = 1e-6);
        assert_relative_eq!(m.tps, 90.0);
        assert_relative_eq!(m.tok_per_mw, 52_023.12, epsilon = 0.01);
        assert_relative_eq!(m.cost_per_mtok, 4.351_852, epsilon = 1e-6);
    }

    #[test]
    fn seed_table_blackwell() {
        let m = compute(&GB300);
        assert_relative_eq!(m.flops_per_usd, 5.660_377, epsilon = 1e-6);
        assert_relative_eq!(m.tok_per_mw, 2_857_142.857, epsilon = 0.001);
        assert_relative_eq!(m.cost_per_mtok, 0.122_685, epsilon = 1e-6);
    }

    #[test]
    fn published_hopper_cost_fits_93_tokens_per_second() {
        // $4.20 in the seed table is $1.41 at about 93 tokens/s, not 90.
        let m = compute(&PlatformInputs::new(1.41, 93.25, 1.73, 3.958));
        assert_relative_eq!(m.cost_per_mtok, 4.20, epsilon = 0.001);
    }

    #[test]
    fn hand_worked_values() {
        // $3.60 per hour at 1 token/s: 3600 tokens per hour cost $3.60, so $1000 per million.
        assert_relative_eq!(cost_per_mtok(3.6, 1.0), 1000.0);
        // 2 kW at 500 tokens/s: 250 tokens/s per kW, 250,000 per MW.
        assert_relative_eq!(tok_per_mw(500.0, 2.0), 250_000.0);
        assert_relative_eq!(flops_per_usd(10.0, 2.0), 5.0);
    }

    #[test]
    fn utilisation_scales_delivered_tokens_not_rated_throughput() {
        let half = PlatformInputs {
            utilisation: 0.5,
            ..H200
        };
        let m = compute(&half);
        assert_relative_eq!(m.tps, 90.0);
        assert_relative_eq!(m.cost_per_mtok, 2.0 * compute(&H200).cost_per_mtok);
    }

    #[test]
    fn metric_keys_are_the_hook_names() {
        let keys: Vec<_> = Metric::ALL.iter().map(|m| m.key()).collect();
        assert_eq!(
            keys,
            [
                "usd_hr",
                "flops_per_usd",
                "tps",
                "tok_per_mw",
                "cost_per_mtok"
            ]
        );
    }
}
