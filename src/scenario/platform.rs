//! One platform: a GPU type as deployed, with how it is paid for, its power basis, its measured
//! curve and its hardware, and how a platform is built from a catalogue entry.

use std::sync::atomic::{AtomicU32, Ordering};

use serde::{Deserialize, Serialize};

use super::settings::{ModelSettings, Settings};
use super::MAX_NAME_CHARS;
use crate::catalogue::{Precision, PresetId};
use crate::model::ceiling::{CeilingInputs, ModelShape};
use crate::model::cost::{self, OwnCostBreakdown, PowerBasis};
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

/// Which platform this is while the page runs: the key of its parts on the page (a keyed
/// `<For>`), so that they follow it when an earlier platform is removed. Unique within a
/// scenario ([`super::Scenario::add_platform`] and `insert_platform` see to it); never written
/// to a link, a file or storage: a platform read back gets a fresh one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlatformId(u32);

impl PlatformId {
    /// An id no platform has had before in this run of the program.
    pub fn fresh() -> PlatformId {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        PlatformId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A platform's id as one of its fields. The id says which platform it is, not what it is:
/// two platforms with the same figures are equal whatever their ids, so a scenario read back
/// from its link, file or storage (where every platform gets a fresh id) equals the one
/// written, and comparing scenarios by value keeps working. Hence this `PartialEq` is always
/// true; compare [`PlatformId`]s (`Platform::id`) for identity. A new one is fresh.
#[derive(Clone, Copy, Debug)]
pub struct Identity(PlatformId);

impl PartialEq for Identity {
    fn eq(&self, _: &Identity) -> bool {
        true
    }
}

impl Default for Identity {
    fn default() -> Identity {
        Identity(PlatformId::fresh())
    }
}

/// One platform: a GPU type as deployed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Platform {
    /// Which platform this is on the page (see [`Identity`]); a clone keeps it.
    #[serde(skip)]
    pub identity: Identity,
    pub name: String,
    /// The catalogue entry it started from, if any.
    pub preset: Option<PresetId>,
    /// The rental $/GPU-hour (used in "rent" mode).
    pub usd_hr: f64,
    /// Output tokens/s per GPU: the user's, the seed table's or a measurement's. `None` where
    /// none of these exists for the workload: the page then shows no throughput-dependent
    /// figure for the platform rather than an invented one. Older links and stored
    /// scenarios always hold a number, which still loads.
    #[serde(default)]
    pub tps: Option<f64>,
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
    /// How this platform serves the model, for its decode ceiling.
    #[serde(default)]
    pub setup: ServingSetup,
    /// Lows and highs of the price, throughput, power and utilisation.
    #[serde(default)]
    pub ranges: super::spans::Ranges,
    /// What a real deployment of this platform recorded over a period.
    #[serde(default)]
    pub logs: super::spans::Logs,
    /// The user typed `tps` (a custom figure): it wins over a measured frontier.
    #[serde(default)]
    pub tps_custom: bool,
    /// The precision of the measurement read (`wprec<i>`); `None`: FP4 where measured, else FP8.
    #[serde(default, with = "super::choices::by_id")]
    pub wprec: Option<super::choices::MeasuredPrecision>,
    /// The price tier `usd_hr` was set from (`tier<i>`); `None`: the seed's or a custom price.
    #[serde(default, with = "super::choices::by_id")]
    pub tier: Option<super::choices::PriceTier>,
}

/// How one platform serves the model: the decode ceiling's set-up. The ceiling assumes DP
/// attention for a mixture of experts: the shared weights are replicated on every GPU, the
/// experts are split across the GPUs, and each GPU holds the (MLA) KV cache of its own
/// sequences, not split by tensor parallelism.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServingSetup {
    /// GPUs one model copy (one decode worker) is spread over.
    pub gpus: f64,
    /// Sequences decoded together.
    pub batch: f64,
    /// Tokens of context per sequence.
    pub context: f64,
    /// Tokens per decode step per sequence (speculative decoding, multi-token prediction).
    pub tokens_per_step: f64,
    /// Bytes per weight.
    pub bytes_per_param: f64,
}

impl Default for ServingSetup {
    /// What the page used for every platform before set-ups were per platform (FP8, one 8-GPU
    /// server, batch 64): what older links and stored scenarios meant.
    fn default() -> Self {
        ServingSetup {
            gpus: 8.0,
            batch: 64.0,
            context: 1500.0,
            tokens_per_step: 1.0,
            bytes_per_param: 1.0,
        }
    }
}

impl ServingSetup {
    pub fn of_preset(id: PresetId) -> ServingSetup {
        let d = &id.preset().setup;
        ServingSetup {
            gpus: d.gpus,
            batch: d.batch,
            context: d.context,
            tokens_per_step: d.tokens_per_step,
            bytes_per_param: d.bytes_per_param,
        }
    }
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
    pub fn id(&self) -> PlatformId {
        self.identity.0
    }

    /// Give this platform an id no other has (a copy of a platform is another platform).
    pub fn renew_id(&mut self) {
        self.identity = Identity::default();
    }

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

    /// Peak dense compute at the chosen precision: a sparse figure is twice the dense one
    /// (2:4 structured sparsity), and the decode ceiling cannot use sparsity.
    pub fn dense_pflops(&self) -> f64 {
        match self.precision {
            Precision::Fp8Sparse | Precision::Fp4Sparse => self.pflops / 2.0,
            _ => self.pflops,
        }
    }

    /// The inputs of the model under the page's settings. Without a throughput, `tps` is NaN so
    /// that every figure derived from it is NaN too: the results mark those as missing and the
    /// page shows a dash, never a number.
    pub fn inputs(&self, settings: &Settings) -> PlatformInputs {
        PlatformInputs {
            usd_hr: self.effective_usd_hr(settings),
            tps: self.effective_tps(settings).unwrap_or(f64::NAN),
            kw: cost::all_in_kw(self.kw, self.power_basis, settings.pue),
            pflops: self.pflops,
            utilisation: cost::utilisation_fraction(self.utilisation_pct),
        }
    }

    pub fn from_preset(id: PresetId) -> Platform {
        let preset = id.preset();
        let precision = preset.default_precision;
        Platform {
            identity: Identity::default(),
            name: preset.name.to_string(),
            preset: Some(id),
            usd_hr: preset.price.hyperscaler_own,
            tps: preset.throughput.as_ref().map(|t| t.tokens_per_s),
            kw: preset.kw_all_in,
            pflops: preset.peak.at(precision).unwrap_or(preset.peak.fp8_dense),
            precision,
            utilisation_pct: cost::DEFAULT_UTILISATION_PCT,
            cost_mode: Default::default(),
            own: Default::default(),
            power_basis: Default::default(),
            // The measured frontier is read from the catalogue where it applies
            // (`Platform::frontier`): a copy here would outlive a change of workload.
            curve: None,
            hbm_tb_s: preset.hbm_tb_s,
            hbm_gb: preset.hbm_gb,
            prefill_tps: None,
            io_ratio: default_io_ratio(),
            setup: ServingSetup::of_preset(id),
            ranges: Default::default(),
            logs: Default::default(),
            tps_custom: false,
            wprec: None,
            tier: super::choices::preset_tier(id),
        }
    }

    /// Peak dense compute per GPU at the precision of the weights the ceiling reads (FP4 for
    /// half a byte, FP8 for one, half the FP8 figure for BF16): the catalogue's figure where the
    /// platform is a preset, else the card's own figure, dense.
    pub fn peak_at_weight_precision(&self) -> f64 {
        let Some(id) = self.preset else {
            return self.dense_pflops();
        };
        let peak = &id.preset().peak;
        let bytes = self.setup.bytes_per_param;
        if bytes <= 0.5 {
            peak.fp4_dense.unwrap_or(peak.fp8_dense)
        } else if bytes <= 1.0 {
            peak.fp8_dense
        } else {
            peak.fp8_dense / 2.0
        }
    }

    /// Apply a preset to an existing platform: its catalogue figures replace the platform's,
    /// throughput included (a preset without one has none: the previous card's figure was
    /// measured on other hardware). What the catalogue does not hold stays as the user set it:
    /// utilisation, how the GPU is paid for, and the input/output split.
    pub fn apply_preset(&mut self, id: PresetId) {
        let kept = self.clone();
        *self = Platform {
            // Still the same platform on the page, with other figures.
            identity: kept.identity,
            utilisation_pct: kept.utilisation_pct,
            cost_mode: kept.cost_mode,
            own: kept.own,
            prefill_tps: kept.prefill_tps,
            io_ratio: kept.io_ratio,
            logs: kept.logs,
            ..Platform::from_preset(id)
        };
    }
}

impl ModelSettings {
    /// The ceiling's inputs on one platform's hardware and set-up; an error names a setting
    /// that does not fit with another (more active than total parameters, say).
    pub fn ceiling_inputs(&self, platform: &Platform) -> Result<CeilingInputs, InputError> {
        let experts = (self.experts > 1.0).then(|| {
            (
                self.experts.round() as u32,
                self.active_experts.round() as u32,
            )
        });
        let setup = &platform.setup;
        Ok(CeilingInputs {
            model: ModelShape::from_totals(self.total_b, self.active_b, experts)?,
            bytes_per_param: setup.bytes_per_param,
            kv_bytes_per_token: self.kv_bytes_per_token,
            context_tokens: setup.context,
            batch: setup.batch,
            gpus: setup.gpus.round().max(1.0) as u32,
            hbm_tb_s: platform.hbm_tb_s,
            hbm_gb: platform.hbm_gb,
            peak_pflops: platform.peak_at_weight_precision(),
            tokens_per_step: setup.tokens_per_step,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_platform_from_a_preset_carries_the_catalogues_figures() {
        // The figures themselves are pinned to their sources in tests/catalogue.rs; here: the
        // platform built from an entry takes them over, and its FLOPS at its default precision.
        for preset in &crate::catalogue::CATALOGUE {
            let p = Platform::from_preset(preset.id);
            assert!(p.is_valid(), "{} is not valid", preset.name);
            assert_eq!(p.usd_hr, preset.price.hyperscaler_own);
            assert_eq!(p.kw, preset.kw_all_in);
            assert_eq!((p.hbm_tb_s, p.hbm_gb), (preset.hbm_tb_s, preset.hbm_gb));
            assert_eq!(Some(p.pflops), preset.peak.at(preset.default_precision));
            assert_eq!(p.setup.bytes_per_param, preset.setup.bytes_per_param);
        }
    }

    #[test]
    fn the_ceiling_roof_is_at_the_weights_precision() {
        // GB300's card shows FP4 dense (15 PF); its FP8 weights get the FP8 dense roof (5 PF),
        // its FP4 weights the FP4 one, BF16 half of FP8.
        let mut p = Platform::from_preset(PresetId::Gb300);
        assert_eq!(p.peak_at_weight_precision(), 15.0);
        p.setup.bytes_per_param = 1.0;
        assert_eq!(p.peak_at_weight_precision(), 5.0);
        p.setup.bytes_per_param = 2.0;
        assert_eq!(p.peak_at_weight_precision(), 2.5);
        // Hopper has no FP4: its FP8 dense figure.
        let mut h = Platform::from_preset(PresetId::H200);
        h.setup.bytes_per_param = 0.5;
        assert_eq!(h.peak_at_weight_precision(), 1.979);
    }

    #[test]
    fn seed_platforms_match_the_design() {
        let h200 = Platform::from_preset(PresetId::H200);
        assert_eq!(
            (h200.usd_hr, h200.tps, h200.kw, h200.pflops),
            (1.41, Some(90.0), 1.73, 3.958)
        );
        assert_eq!(h200.precision, Precision::Fp8Sparse);
        let gb300 = Platform::from_preset(PresetId::Gb300);
        assert_eq!(
            (gb300.usd_hr, gb300.tps, gb300.kw, gb300.pflops),
            (2.65, Some(6000.0), 2.1, 15.0)
        );
        assert_eq!(gb300.precision, Precision::Fp4Dense);
    }

    #[test]
    fn a_preset_without_a_throughput_never_keeps_the_previous_cards() {
        let mut p = Platform::from_preset(PresetId::Gb300);
        p.tps = Some(1234.0);
        p.utilisation_pct = 50.0;
        p.apply_preset(PresetId::Mi355x);
        assert_eq!(p.tps, None, "GB300's figure must not carry over to MI355X");
        assert_eq!(p.name, "AMD Instinct MI355X");
        assert_eq!(p.utilisation_pct, 50.0, "how it is used stays");
        p.apply_preset(PresetId::H200);
        assert_eq!(p.tps, Some(90.0));
    }

    #[test]
    fn no_preset_invents_a_throughput() {
        // Only the seed table's two platforms have a figure for the card; every other preset
        // has none until the user enters one (a measured curve gives one only at a target).
        for id in PresetId::ALL {
            let p = Platform::from_preset(id);
            let expected = match id {
                PresetId::H200 => Some(90.0),
                PresetId::Gb300 => Some(6000.0),
                _ => None,
            };
            assert_eq!(p.tps, expected, "{id:?}");
            assert!(
                p.is_valid(),
                "{id:?} without a throughput is still a valid platform"
            );
        }
    }
}
