//! One platform: a GPU type as deployed, with how it is paid for, its power basis, its measured
//! curve and its hardware, and how a platform is built from a catalogue entry.

use serde::{Deserialize, Serialize};

use super::settings::{ModelSettings, Settings};
use super::MAX_NAME_CHARS;
use crate::catalogue::{self, Precision, PresetId, PLACEHOLDER_TPS};
use crate::model::ceiling::{CeilingInputs, ModelShape};
use crate::model::cost::{self, OwnCostBreakdown, PowerBasis};
use crate::model::curve::Lookup;
use crate::model::input::InputError;
use crate::model::PlatformInputs;

/// Whether a platform's $/GPU-hour is a rental rate or built from the cost of owning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CostMode {
    #[default]
    Rent,
    Own,
}

impl CostMode {
    pub const fn key(self) -> &'static str {
        match self {
            CostMode::Rent => "rent",
            CostMode::Own => "own",
        }
    }

    pub fn from_key(key: &str) -> Option<CostMode> {
        [CostMode::Rent, CostMode::Own]
            .into_iter()
            .find(|m| m.key() == key)
    }
}

/// The link value of a power basis (`power1=it`).
pub const fn power_basis_key(basis: PowerBasis) -> &'static str {
    match basis {
        PowerBasis::AllIn => "all-in",
        PowerBasis::It => "it",
    }
}

pub fn power_basis_from_key(key: &str) -> Option<PowerBasis> {
    [PowerBasis::AllIn, PowerBasis::It]
        .into_iter()
        .find(|b| power_basis_key(*b) == key)
}

/// What it costs to own one GPU. The defaults are example figures for a current data-centre
/// GPU, not catalogue data: the card says so and asks for the user's own.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ownership {
    /// Capital per GPU, US$, with its share of server, network and installation.
    pub capex: f64,
    /// Depreciation life, years.
    pub years: f64,
    /// Cost of capital, % per year.
    pub rate_pct: f64,
    /// Operations and hosting per GPU, US$ per year (energy is separate).
    pub opex: f64,
}

impl Default for Ownership {
    fn default() -> Self {
        Ownership {
            capex: 40_000.0,
            years: 4.0,
            rate_pct: 10.0,
            opex: 3_000.0,
        }
    }
}

/// One platform: a GPU type as deployed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Platform {
    pub name: String,
    /// The catalogue entry it started from, if any.
    pub preset: Option<PresetId>,
    /// The rental $/GPU-hour (used in "rent" mode).
    pub usd_hr: f64,
    pub tps: f64,
    pub kw: f64,
    pub pflops: f64,
    pub precision: Precision,
    /// Share of hours serving at the rated throughput, % (default 100).
    #[serde(default = "full_utilisation")]
    pub utilisation_pct: f64,
    #[serde(default)]
    pub cost_mode: CostMode,
    #[serde(default)]
    pub own: Ownership,
    /// Whether `kw` is all-in (the default) or IT power that the page's PUE multiplies.
    #[serde(default)]
    pub power_basis: PowerBasis,
    /// Measured throughput (tokens/s per GPU) against interactivity (tokens/s per user): with
    /// the page's target interactivity set, it gives the throughput instead of `tps`.
    #[serde(default)]
    pub curve: Option<crate::model::curve::Curve>,
    /// HBM bandwidth per GPU, TB/s (for the decode ceiling).
    #[serde(default = "default_hbm_tb_s")]
    pub hbm_tb_s: f64,
    /// HBM capacity per GPU, GB.
    #[serde(default = "default_hbm_gb")]
    pub hbm_gb: f64,
    /// Input (prefill) tokens per second per GPU; without it, `io_ratio` splits the cost.
    #[serde(default)]
    pub prefill_tps: Option<f64>,
    /// Price of an output token over an input token, when no prefill throughput is given.
    #[serde(default = "default_io_ratio")]
    pub io_ratio: f64,
    /// Lows and highs of the price, throughput, power and utilisation.
    #[serde(default)]
    pub ranges: super::spans::Ranges,
    /// What a real deployment of this platform recorded over a period.
    #[serde(default)]
    pub logs: super::spans::Logs,
}

fn full_utilisation() -> f64 {
    cost::DEFAULT_UTILISATION_PCT
}

/// An H200's HBM, for platforms made before these fields existed.
fn default_hbm_tb_s() -> f64 {
    4.8
}

fn default_hbm_gb() -> f64 {
    141.0
}

/// Output tokens commonly sell at about four times the price of input tokens.
pub fn default_io_ratio() -> f64 {
    4.0
}

impl Platform {
    /// A name cut to the allowed length; true when it was cut.
    pub fn clean_name(name: &str) -> (String, bool) {
        let trimmed = name.trim();
        let cut: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
        let was_cut = cut.chars().count() < trimmed.chars().count();
        // Cut at a space, the name would end in one: trim again so it reads back the same.
        (cut.trim_end().to_string(), was_cut)
    }

    /// The cost of owning this GPU per hour, in its parts, under the page's settings.
    pub fn own_cost(&self, settings: &Settings) -> OwnCostBreakdown {
        cost::own_cost(&cost::OwnInputs {
            capital_usd: self.own.capex,
            depreciation_years: self.own.years,
            cost_of_capital_pct: self.own.rate_pct,
            electricity_usd_kwh: settings.usd_kwh,
            pue: settings.pue,
            kw: self.kw,
            power_basis: self.power_basis,
            operations_usd_year: self.own.opex,
        })
    }

    /// The $/GPU-hour that drives every metric: the rental rate, or the cost of owning, held at
    /// or above the lowest valid rate (an owned GPU with no capital, free power and no
    /// operations would otherwise cost $0 and make FLOPS per dollar infinite). Above the rental
    /// range it is not capped: it is the sum of its parts.
    pub fn effective_usd_hr(&self, settings: &Settings) -> f64 {
        match self.cost_mode {
            CostMode::Rent => self.usd_hr,
            CostMode::Own => {
                let (min, _) = crate::model::input::USD_HR;
                let total = self.own_cost(settings).total_per_hour;
                if total.is_finite() {
                    total.max(min)
                } else {
                    min
                }
            }
        }
    }

    /// The throughput read off the measured curve at the page's target interactivity, if both
    /// exist.
    pub fn curve_lookup(&self, settings: &Settings) -> Option<Lookup> {
        let target = settings.target_tps_user?;
        self.curve.as_ref().map(|curve| curve.at(target))
    }

    /// Tokens per second per GPU at full use: off the curve at the target, else the input.
    pub fn effective_tps(&self, settings: &Settings) -> f64 {
        match self.curve_lookup(settings) {
            Some(lookup) if lookup.value.is_finite() && lookup.value > 0.0 => lookup.value,
            _ => self.tps,
        }
    }

    /// Peak dense compute at the chosen precision: a sparse figure is twice the dense one
    /// (2:4 structured sparsity), and the decode ceiling cannot use sparsity.
    pub fn dense_pflops(&self) -> f64 {
        match self.precision {
            Precision::Fp8Sparse | Precision::Fp4Sparse => self.pflops / 2.0,
            _ => self.pflops,
        }
    }

    /// The inputs of the model under the page's settings.
    pub fn inputs(&self, settings: &Settings) -> PlatformInputs {
        PlatformInputs {
            usd_hr: self.effective_usd_hr(settings),
            tps: self.effective_tps(settings),
            kw: cost::all_in_kw(self.kw, self.power_basis, settings.pue),
            pflops: self.pflops,
            utilisation: cost::utilisation_fraction(self.utilisation_pct),
        }
    }

    pub fn from_preset(id: PresetId) -> Platform {
        let preset = id.preset();
        let precision = preset.default_precision;
        Platform {
            name: preset.name.to_string(),
            preset: Some(id),
            usd_hr: preset.price.hyperscaler_own,
            tps: preset
                .throughput
                .as_ref()
                .map_or(PLACEHOLDER_TPS, |t| t.tokens_per_s),
            kw: preset.kw_all_in,
            pflops: preset.peak.at(precision).unwrap_or(preset.peak.fp8_dense),
            precision,
            utilisation_pct: cost::DEFAULT_UTILISATION_PCT,
            cost_mode: Default::default(),
            own: Default::default(),
            power_basis: Default::default(),
            curve: catalogue::curve_of(id),
            hbm_tb_s: preset.hbm_tb_s,
            hbm_gb: preset.hbm_gb,
            prefill_tps: None,
            io_ratio: default_io_ratio(),
            ranges: Default::default(),
            logs: Default::default(),
        }
    }

    /// Apply a preset to an existing platform: its catalogue figures replace the platform's. What the
    /// catalogue does not hold stays as the user set it: a throughput the catalogue has not measured,
    /// utilisation, and how the GPU is paid for.
    pub fn apply_preset(&mut self, id: PresetId) {
        let kept = self.clone();
        *self = Platform {
            utilisation_pct: kept.utilisation_pct,
            cost_mode: kept.cost_mode,
            own: kept.own,
            prefill_tps: kept.prefill_tps,
            io_ratio: kept.io_ratio,
            logs: kept.logs,
            ..Platform::from_preset(id)
        };
        if id.preset().throughput.is_none() {
            self.tps = kept.tps;
        }
    }
}

impl ModelSettings {
    /// The ceiling's inputs on one platform's hardware; an error names a setting that does not
    /// fit with another (more active than total parameters, say).
    pub fn ceiling_inputs(&self, platform: &Platform) -> Result<CeilingInputs, InputError> {
        let experts = (self.experts > 1.0).then(|| {
            (
                self.experts.round() as u32,
                self.active_experts.round() as u32,
            )
        });
        Ok(CeilingInputs {
            model: ModelShape::from_totals(self.total_b, self.active_b, experts)?,
            bytes_per_param: self.bytes_per_param,
            kv_bytes_per_token: self.kv_bytes_per_token,
            context_tokens: self.context,
            batch: self.batch,
            gpus: self.gpus.round().max(1.0) as u32,
            hbm_tb_s: platform.hbm_tb_s,
            hbm_gb: platform.hbm_gb,
            peak_pflops: platform.dense_pflops(),
            tokens_per_step: self.tokens_per_step,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_valid_and_sourced() {
        for preset in &catalogue::CATALOGUE {
            let p = Platform::from_preset(preset.id);
            assert!(p.is_valid(), "{} is not valid", preset.name);
            assert!(!preset.price_source.url.is_empty());
            assert!(!preset.spec_source.as_of.is_empty());
            assert!(preset.peak.fp8_sparse >= preset.peak.fp8_dense);
        }
    }

    #[test]
    fn seed_platforms_match_the_design() {
        let h200 = Platform::from_preset(PresetId::H200);
        assert_eq!(
            (h200.usd_hr, h200.tps, h200.kw, h200.pflops),
            (1.41, 90.0, 1.73, 3.958)
        );
        assert_eq!(h200.precision, Precision::Fp8Sparse);
        let gb300 = Platform::from_preset(PresetId::Gb300);
        assert_eq!(
            (gb300.usd_hr, gb300.tps, gb300.kw, gb300.pflops),
            (2.65, 6000.0, 2.1, 15.0)
        );
        assert_eq!(gb300.precision, Precision::Fp4Dense);
    }

    #[test]
    fn applying_a_preset_without_throughput_keeps_the_users() {
        let mut p = Platform::from_preset(PresetId::Gb300);
        p.tps = 1234.0;
        p.apply_preset(PresetId::Mi355x);
        assert_eq!(p.tps, 1234.0);
        assert_eq!(p.name, "AMD Instinct MI355X");
        p.apply_preset(PresetId::H200);
        assert_eq!(p.tps, 90.0);
    }
}
