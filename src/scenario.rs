//! The Scenario: the platforms being compared, which one is the baseline, and the checks that
//! keep every value in its valid range.

use serde::{Deserialize, Serialize};

use crate::format;
use crate::model::cost::{self, CostField, OwnCostBreakdown, PowerBasis};
use crate::model::throughput::{self, CeilingField, Curve, TokenField};
use crate::model::{self, Metric, Metrics, Multiple, PlatformInputs};
use crate::presets::{self, PresetId};

/// At most this many platforms are compared at once.
pub const MAX_PLATFORMS: usize = 12;
/// A platform name holds at most this many characters.
pub const MAX_NAME_CHARS: usize = 60;

/// The precision and sparsity a FLOPS figure is quoted at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Fp8Dense,
    Fp8Sparse,
    Fp4Dense,
    Fp4Sparse,
    Other,
}

impl Precision {
    pub const ALL: [Precision; 5] = [
        Precision::Fp8Dense,
        Precision::Fp8Sparse,
        Precision::Fp4Dense,
        Precision::Fp4Sparse,
        Precision::Other,
    ];

    /// The value in links (`prec1=fp8-sparse`).
    pub const fn key(self) -> &'static str {
        match self {
            Precision::Fp8Dense => "fp8-dense",
            Precision::Fp8Sparse => "fp8-sparse",
            Precision::Fp4Dense => "fp4-dense",
            Precision::Fp4Sparse => "fp4-sparse",
            Precision::Other => "other",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Precision::Fp8Dense => "FP8 dense",
            Precision::Fp8Sparse => "FP8 sparse",
            Precision::Fp4Dense => "FP4 dense",
            Precision::Fp4Sparse => "FP4 sparse",
            Precision::Other => "other precision",
        }
    }

    pub fn from_key(key: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// How a number box or slider maps to a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SliderScale {
    Linear,
    Log,
}

/// A number the user sets with a slider and a number box: an input of one platform, or a setting
/// of the whole page (electricity price, PUE, site power, price charged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    UsdHr,
    Tps,
    Kw,
    Pflops,
    Utilisation,
    Capex,
    Years,
    Rate,
    Opex,
    UsdKwh,
    Pue,
    SiteMw,
    PriceMtok,
    HbmTbS,
    HbmGb,
    PrefillTps,
    IoRatio,
    Target,
    InTokens,
    OutTokens,
    ModelTotal,
    ModelActive,
    Experts,
    ActiveExperts,
    BytesPerParam,
    KvBytes,
    Context,
    Batch,
    Gpus,
    TokensPerStep,
}

impl Field {
    /// The four inputs of the seed table, on every platform card.
    pub const CORE: [Field; 4] = [Field::UsdHr, Field::Tps, Field::Kw, Field::Pflops];
    /// Every per-platform input, in link order.
    pub const PLATFORM: [Field; 13] = [
        Field::UsdHr,
        Field::Tps,
        Field::Kw,
        Field::Pflops,
        Field::Utilisation,
        Field::Capex,
        Field::Years,
        Field::Rate,
        Field::Opex,
        Field::HbmTbS,
        Field::HbmGb,
        Field::PrefillTps,
        Field::IoRatio,
    ];
    /// The per-platform inputs of the throughput side.
    pub const THROUGHPUT: [Field; 4] = [
        Field::HbmTbS,
        Field::HbmGb,
        Field::PrefillTps,
        Field::IoRatio,
    ];
    /// The inputs of owning a GPU (shown in "own" mode).
    pub const OWN: [Field; 4] = [Field::Capex, Field::Years, Field::Rate, Field::Opex];
    /// Page-wide settings of the cost side: one value for every platform.
    pub const PAGE: [Field; 4] = [Field::UsdKwh, Field::Pue, Field::SiteMw, Field::PriceMtok];
    /// Page-wide settings of the throughput side: the speed target and the workload.
    pub const WORKLOAD: [Field; 3] = [Field::Target, Field::InTokens, Field::OutTokens];
    /// Page-wide settings of the model whose decode ceiling is estimated.
    pub const MODEL: [Field; 10] = [
        Field::ModelTotal,
        Field::ModelActive,
        Field::Experts,
        Field::ActiveExperts,
        Field::BytesPerParam,
        Field::KvBytes,
        Field::Context,
        Field::Batch,
        Field::Gpus,
        Field::TokensPerStep,
    ];
    /// Every page-wide setting, in link order.
    pub const ALL_PAGE: [Field; 17] = [
        Field::UsdKwh,
        Field::Pue,
        Field::SiteMw,
        Field::PriceMtok,
        Field::Target,
        Field::InTokens,
        Field::OutTokens,
        Field::ModelTotal,
        Field::ModelActive,
        Field::Experts,
        Field::ActiveExperts,
        Field::BytesPerParam,
        Field::KvBytes,
        Field::Context,
        Field::Batch,
        Field::Gpus,
        Field::TokensPerStep,
    ];

    /// The cost-side field that defines this one's label, unit and range.
    const fn cost_field(self) -> Option<CostField> {
        match self {
            Field::Utilisation => Some(CostField::UtilisationPct),
            Field::Capex => Some(CostField::CapitalUsd),
            Field::Years => Some(CostField::DepreciationYears),
            Field::Rate => Some(CostField::CostOfCapitalPct),
            Field::Opex => Some(CostField::OperationsUsdYear),
            Field::UsdKwh => Some(CostField::ElectricityUsdKwh),
            Field::Pue => Some(CostField::Pue),
            Field::SiteMw => Some(CostField::SiteMw),
            Field::PriceMtok => Some(CostField::PricePerMtok),
            _ => None,
        }
    }

    /// The throughput-side field that defines this one's label, unit and range.
    const fn ceiling_field(self) -> Option<CeilingField> {
        match self {
            Field::HbmTbS => Some(CeilingField::HbmTbS),
            Field::HbmGb => Some(CeilingField::HbmGb),
            Field::ModelTotal => Some(CeilingField::TotalParams),
            Field::ModelActive => Some(CeilingField::ActiveParams),
            Field::Experts => Some(CeilingField::Experts),
            Field::ActiveExperts => Some(CeilingField::ActiveExperts),
            Field::BytesPerParam => Some(CeilingField::BytesPerParam),
            Field::KvBytes => Some(CeilingField::KvBytesPerToken),
            Field::Context => Some(CeilingField::ContextTokens),
            Field::Batch => Some(CeilingField::Batch),
            Field::Gpus => Some(CeilingField::Gpus),
            Field::TokensPerStep => Some(CeilingField::TokensPerStep),
            _ => None,
        }
    }

    const fn token_field(self) -> Option<TokenField> {
        match self {
            Field::PrefillTps => Some(TokenField::PrefillTps),
            Field::IoRatio => Some(TokenField::PriceRatio),
            Field::InTokens => Some(TokenField::InputTokens),
            Field::OutTokens => Some(TokenField::OutputTokens),
            _ => None,
        }
    }

    pub const fn is_page_setting(self) -> bool {
        matches!(
            self,
            Field::UsdKwh
                | Field::Pue
                | Field::SiteMw
                | Field::PriceMtok
                | Field::Target
                | Field::InTokens
                | Field::OutTokens
                | Field::ModelTotal
                | Field::ModelActive
                | Field::Experts
                | Field::ActiveExperts
                | Field::BytesPerParam
                | Field::KvBytes
                | Field::Context
                | Field::Batch
                | Field::Gpus
                | Field::TokensPerStep
        )
    }

    /// A field whose box may be left empty (no value, not an error).
    pub const fn is_optional(self) -> bool {
        matches!(self, Field::PriceMtok | Field::Target | Field::PrefillTps)
    }

    /// The key in links and test hooks (`usd_hr1`, `in-usd_hr-1`; page settings take no index).
    pub const fn key(self) -> &'static str {
        match self {
            Field::UsdHr => "usd_hr",
            Field::Tps => "tps",
            Field::Kw => "kw",
            Field::Pflops => "pflops",
            Field::HbmTbS => "hbm",
            Field::HbmGb => "hbm_gb",
            Field::PrefillTps => "prefill",
            Field::IoRatio => "io_ratio",
            Field::Target => "target",
            Field::InTokens => "in_tok",
            Field::OutTokens => "out_tok",
            Field::ModelTotal => "m_total",
            Field::ModelActive => "m_active",
            Field::Experts => "m_experts",
            Field::ActiveExperts => "m_k",
            Field::BytesPerParam => "m_bytes",
            Field::KvBytes => "m_kv",
            Field::Context => "ctx",
            Field::Batch => "batch",
            Field::Gpus => "gpus",
            Field::TokensPerStep => "mtp",
            _ => match self.cost_field() {
                Some(c) => c.key(),
                None => "",
            },
        }
    }

    /// A test hook (`in`, `num`, `err`) for this field of platform `index` (0-based).
    pub fn test_id(self, prefix: &str, index: usize) -> String {
        if self.is_page_setting() {
            format!("{prefix}-{}", self.key())
        } else {
            format!("{prefix}-{}-{}", self.key(), index + 1)
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Field::UsdHr => "Cost per GPU-hour",
            Field::Tps => "Tokens per second per GPU",
            Field::Kw => "All-in power per GPU",
            Field::Pflops => "Peak compute per GPU",
            Field::Target => "Target interactivity",
            Field::IoRatio => "Output token price / input token price",
            Field::PrefillTps => "Prefill (input) tokens per second per GPU",
            _ => match (self.cost_field(), self.ceiling_field(), self.token_field()) {
                (Some(c), _, _) => c.label(),
                (_, Some(c), _) => c.label(),
                (_, _, Some(t)) => t.label(),
                _ => "",
            },
        }
    }

    /// The unit, for labels and announcements.
    pub const fn unit(self) -> &'static str {
        match self {
            Field::UsdHr => "$ per GPU-hour",
            Field::Tps => "tokens/s",
            Field::Kw => "kW",
            Field::Pflops => "PFLOPS",
            Field::Pue => "x IT power",
            Field::Target => "tokens/s per user",
            Field::IoRatio => "x",
            Field::PrefillTps => "input tokens/s",
            Field::Experts | Field::ActiveExperts => "experts",
            Field::Gpus => "GPUs",
            Field::ModelTotal | Field::ModelActive => "billion parameters",
            _ => match (self.cost_field(), self.ceiling_field(), self.token_field()) {
                (Some(c), _, _) => c.unit(),
                (_, Some(c), _) => c.unit(),
                (_, _, Some(t)) => t.unit(),
                _ => "",
            },
        }
    }

    /// The closed range of valid values (DESIGN.md section 3; the cost side's in `model::cost`).
    pub const fn range(self) -> (f64, f64) {
        match self {
            Field::UsdHr => (0.001, 1000.0),
            Field::Tps => (0.001, 10_000_000.0),
            Field::Kw => (0.001, 100.0),
            Field::Pflops => (0.001, 100_000.0),
            Field::Target => throughput::POINT_RANGE,
            _ => match (self.cost_field(), self.ceiling_field(), self.token_field()) {
                (Some(c), _, _) => c.range(),
                (_, Some(c), _) => c.range(),
                (_, _, Some(t)) => t.range(),
                _ => (0.0, 0.0),
            },
        }
    }

    /// The slider's span: narrower than the valid range, which the number box reaches.
    pub const fn slider(self) -> (f64, f64, SliderScale) {
        match self {
            Field::UsdHr => (0.10, 100.0, SliderScale::Log),
            Field::Tps => (1.0, 100_000.0, SliderScale::Log),
            Field::Kw => (0.1, 10.0, SliderScale::Log),
            Field::Pflops => (0.1, 100.0, SliderScale::Log),
            Field::Utilisation => (1.0, 100.0, SliderScale::Linear),
            Field::Capex => (1_000.0, 1_000_000.0, SliderScale::Log),
            Field::Years => (1.0, 10.0, SliderScale::Linear),
            Field::Rate => (0.0, 30.0, SliderScale::Linear),
            Field::Opex => (100.0, 100_000.0, SliderScale::Log),
            Field::UsdKwh => (0.0, 0.5, SliderScale::Linear),
            Field::Pue => (1.0, 2.0, SliderScale::Linear),
            Field::SiteMw => (1.0, 10_000.0, SliderScale::Log),
            Field::PriceMtok => (0.01, 100.0, SliderScale::Log),
            Field::HbmTbS => (1.0, 20.0, SliderScale::Log),
            Field::HbmGb => (16.0, 1024.0, SliderScale::Log),
            Field::PrefillTps => (10.0, 1_000_000.0, SliderScale::Log),
            Field::IoRatio => (1.0, 20.0, SliderScale::Log),
            Field::Target => (1.0, 1000.0, SliderScale::Log),
            Field::InTokens | Field::OutTokens => (10.0, 100_000.0, SliderScale::Log),
            Field::ModelTotal | Field::ModelActive => (1.0, 2000.0, SliderScale::Log),
            Field::Experts => (1.0, 512.0, SliderScale::Log),
            Field::ActiveExperts => (1.0, 64.0, SliderScale::Log),
            Field::BytesPerParam => (0.5, 2.0, SliderScale::Linear),
            Field::KvBytes => (1_000.0, 1_000_000.0, SliderScale::Log),
            Field::Context => (100.0, 1_000_000.0, SliderScale::Log),
            Field::Batch => (1.0, 1024.0, SliderScale::Log),
            Field::Gpus => (1.0, 72.0, SliderScale::Log),
            Field::TokensPerStep => (1.0, 4.0, SliderScale::Linear),
        }
    }

    /// The value of this field for platform `index` (ignored for page settings); `None` when the
    /// platform does not exist or an optional setting is blank.
    pub fn get(self, scenario: &Scenario, index: usize) -> Option<f64> {
        let s = &scenario.settings;
        let m = &s.model;
        match self {
            Field::UsdKwh => Some(s.usd_kwh),
            Field::Pue => Some(s.pue),
            Field::SiteMw => Some(s.site_mw),
            Field::PriceMtok => s.price_mtok,
            Field::Target => s.target_tps_user,
            Field::InTokens => Some(s.in_tokens),
            Field::OutTokens => Some(s.out_tokens),
            Field::ModelTotal => Some(m.total_b),
            Field::ModelActive => Some(m.active_b),
            Field::Experts => Some(m.experts),
            Field::ActiveExperts => Some(m.active_experts),
            Field::BytesPerParam => Some(m.bytes_per_param),
            Field::KvBytes => Some(m.kv_bytes_per_token),
            Field::Context => Some(m.context),
            Field::Batch => Some(m.batch),
            Field::Gpus => Some(m.gpus),
            Field::TokensPerStep => Some(m.tokens_per_step),
            _ => scenario
                .platforms
                .get(index)
                .and_then(|p| self.get_platform(p)),
        }
    }

    /// Set this field; `None` clears an optional setting and is ignored elsewhere.
    pub fn set(self, scenario: &mut Scenario, index: usize, value: Option<f64>) {
        let s = &mut scenario.settings;
        let m = &mut s.model;
        match (self, value) {
            (Field::PriceMtok, v) => s.price_mtok = v,
            (Field::Target, v) => s.target_tps_user = v,
            (_, Some(v)) if self.is_page_setting() => match self {
                Field::UsdKwh => s.usd_kwh = v,
                Field::Pue => s.pue = v,
                Field::SiteMw => s.site_mw = v,
                Field::InTokens => s.in_tokens = v,
                Field::OutTokens => s.out_tokens = v,
                Field::ModelTotal => m.total_b = v,
                Field::ModelActive => m.active_b = v,
                Field::Experts => m.experts = v,
                Field::ActiveExperts => m.active_experts = v,
                Field::BytesPerParam => m.bytes_per_param = v,
                Field::KvBytes => m.kv_bytes_per_token = v,
                Field::Context => m.context = v,
                Field::Batch => m.batch = v,
                Field::Gpus => m.gpus = v,
                Field::TokensPerStep => m.tokens_per_step = v,
                _ => {}
            },
            (_, None) if !self.is_optional() => {}
            (_, v) => {
                if let Some(p) = scenario.platforms.get_mut(index) {
                    self.set_platform(p, v);
                }
            }
        }
    }

    /// A per-platform field's value; `None` for a blank optional one (and for page settings:
    /// use [`Field::get`] for those).
    pub fn get_platform(self, platform: &Platform) -> Option<f64> {
        match self {
            Field::UsdHr => Some(platform.usd_hr),
            Field::Tps => Some(platform.tps),
            Field::Kw => Some(platform.kw),
            Field::Pflops => Some(platform.pflops),
            Field::Utilisation => Some(platform.utilisation_pct),
            Field::Capex => Some(platform.own.capex),
            Field::Years => Some(platform.own.years),
            Field::Rate => Some(platform.own.rate_pct),
            Field::Opex => Some(platform.own.opex),
            Field::HbmTbS => Some(platform.hbm_tb_s),
            Field::HbmGb => Some(platform.hbm_gb),
            Field::PrefillTps => platform.prefill_tps,
            Field::IoRatio => Some(platform.io_ratio),
            _ => None,
        }
    }

    /// Set a per-platform field; `None` clears an optional one and is ignored elsewhere.
    pub fn set_platform(self, platform: &mut Platform, value: Option<f64>) {
        if self == Field::PrefillTps {
            platform.prefill_tps = value;
            return;
        }
        let Some(value) = value else {
            return;
        };
        match self {
            Field::UsdHr => platform.usd_hr = value,
            Field::Tps => platform.tps = value,
            Field::Kw => platform.kw = value,
            Field::Pflops => platform.pflops = value,
            Field::Utilisation => platform.utilisation_pct = value,
            Field::Capex => platform.own.capex = value,
            Field::Years => platform.own.years = value,
            Field::Rate => platform.own.rate_pct = value,
            Field::Opex => platform.own.opex = value,
            Field::HbmTbS => platform.hbm_tb_s = value,
            Field::HbmGb => platform.hbm_gb = value,
            Field::IoRatio => platform.io_ratio = value,
            _ => {}
        }
    }

    /// Check a value against the field's range.
    pub fn check(self, value: f64) -> Result<f64, ValueError> {
        let (min, max) = self.range();
        if value.is_finite() && value >= min && value <= max {
            Ok(value)
        } else {
            Err(ValueError::OutOfRange { min, max })
        }
    }

    /// Read and check typed text in one step.
    pub fn parse(self, text: &str) -> Result<f64, ValueError> {
        let value = format::parse_number(text).map_err(ValueError::Parse)?;
        self.check(value)
    }

    /// Like [`Field::parse`], but an optional field's empty box means "no value".
    pub fn parse_optional(self, text: &str) -> Result<Option<f64>, ValueError> {
        if self.is_optional() && text.trim().is_empty() {
            Ok(None)
        } else {
            self.parse(text).map(Some)
        }
    }

    /// The message under a field, saying what is allowed.
    pub fn message(self, error: &ValueError) -> String {
        let (min, max) = self.range();
        let allowed = format!(
            "enter a number from {} to {} {}",
            format::input_value(min),
            format::count_for_sentence(max),
            self.unit()
        );
        let allowed = allowed.trim_end();
        match error {
            ValueError::Parse(format::ParseError::Empty) => format!("Empty: {allowed}."),
            ValueError::Parse(e) => format!("{}: {allowed}.", format::capitalise(&e.to_string())),
            ValueError::OutOfRange { .. } => format!("Out of range: {allowed}."),
        }
    }

    /// Slider position in [0, 1] for a value (clamped to the slider's span).
    pub fn to_slider(self, value: f64) -> f64 {
        let (lo, hi, scale) = self.slider();
        let v = value.clamp(lo, hi);
        let t = match scale {
            SliderScale::Linear => (v - lo) / (hi - lo),
            SliderScale::Log => (v.ln() - lo.ln()) / (hi.ln() - lo.ln()),
        };
        if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The value at a slider position in [0, 1], rounded to 3 significant digits so the number
    /// box shows a readable figure.
    pub fn from_slider(self, position: f64) -> f64 {
        let (lo, hi, scale) = self.slider();
        let t = if position.is_finite() {
            position.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let raw = match scale {
            SliderScale::Linear => lo + t * (hi - lo),
            SliderScale::Log => (lo.ln() + t * (hi.ln() - lo.ln())).exp(),
        };
        round_significant(raw, 3).clamp(lo, hi)
    }
}

/// Round to `digits` significant digits.
pub fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits - 1 - magnitude);
    let rounded = (value * factor).round() / factor;
    if rounded.is_finite() {
        rounded
    } else {
        value
    }
}

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueError {
    Parse(format::ParseError),
    OutOfRange { min: f64, max: f64 },
}

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
    pub curve: Option<Curve>,
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

    /// Every field in range and the name present and within its length.
    pub fn is_valid(&self) -> bool {
        // A name as the page stores it: present, trimmed, at most 60 characters.
        if self.name.is_empty() || self.name.trim() != self.name {
            return false;
        }
        Field::PLATFORM.iter().all(|f| match f.get_platform(self) {
            Some(v) => f.check(v).is_ok(),
            None => f.is_optional(),
        }) && self.name.chars().count() <= MAX_NAME_CHARS
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
                let (min, _) = Field::UsdHr.range();
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
    pub fn curve_lookup(&self, settings: &Settings) -> Option<throughput::Lookup> {
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
}

/// Settings of the whole page: one electricity price, one PUE, one site.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Electricity, US$ per kWh.
    pub usd_kwh: f64,
    /// Facility power / IT power; applies only to platforms whose power is IT power.
    pub pue: f64,
    /// The token factory's power budget, MW.
    pub site_mw: f64,
    /// The price charged per million tokens, if any.
    pub price_mtok: Option<f64>,
    /// Target interactivity, output tokens/s per user; platforms with a curve follow it.
    pub target_tps_user: Option<f64>,
    /// Input tokens per request.
    pub in_tokens: f64,
    /// Output tokens per request.
    pub out_tokens: f64,
    /// The model whose decode ceiling is estimated.
    pub model: ModelSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            usd_kwh: 0.08,
            pue: 1.3,
            site_mw: cost::DEFAULT_SITE_MW,
            price_mtok: None,
            target_tps_user: None,
            // The seed figures' workload: 1k input, 1k output tokens.
            in_tokens: 1000.0,
            out_tokens: 1000.0,
            model: ModelSettings::default(),
        }
    }
}

/// The model and serving set-up for the decode ceiling. Defaults: DeepSeek-R1 (671B total, 37B
/// active, 256 routed experts with 8 active) at FP8 on an 8-GPU server.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    pub total_b: f64,
    pub active_b: f64,
    /// Routed experts; 1 for a dense model.
    pub experts: f64,
    pub active_experts: f64,
    pub bytes_per_param: f64,
    /// KV cache per token of context, bytes (DeepSeek's MLA: 576 values x 61 layers x 2 bytes).
    pub kv_bytes_per_token: f64,
    /// Tokens of context per sequence (input plus half the output, on average).
    pub context: f64,
    pub batch: f64,
    /// GPUs one copy of the model is spread over.
    pub gpus: f64,
    /// Tokens per decode step per sequence (speculative decoding, multi-token prediction).
    pub tokens_per_step: f64,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            total_b: 671.0,
            active_b: 37.0,
            experts: 256.0,
            active_experts: 8.0,
            bytes_per_param: 1.0,
            kv_bytes_per_token: 70_272.0,
            context: 1500.0,
            batch: 64.0,
            gpus: 8.0,
            tokens_per_step: 1.0,
        }
    }
}

impl ModelSettings {
    /// The ceiling's inputs on one platform's hardware; an error names a setting that does not
    /// fit with another (more active than total parameters, say).
    pub fn ceiling_inputs(
        &self,
        platform: &Platform,
    ) -> Result<throughput::CeilingInputs, throughput::InputError> {
        let experts = (self.experts > 1.0).then(|| {
            (
                self.experts.round() as u32,
                self.active_experts.round() as u32,
            )
        });
        Ok(throughput::CeilingInputs {
            model: throughput::ModelShape::from_totals(self.total_b, self.active_b, experts)?,
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

impl Settings {
    pub fn is_valid(&self) -> bool {
        let scenario = Scenario {
            platforms: Vec::new(),
            baseline: 0,
            settings: *self,
        };
        Field::ALL_PAGE.iter().all(|f| match f.get(&scenario, 0) {
            Some(v) => f.check(v).is_ok(),
            None => f.is_optional(),
        })
    }
}

/// Everything the page shows is computed from this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub platforms: Vec<Platform>,
    /// 0-based index of the baseline platform.
    pub baseline: usize,
    #[serde(default)]
    pub settings: Settings,
}

impl Default for Scenario {
    /// The seed documents' table: HGX H200 (baseline) vs GB300 NVL72.
    fn default() -> Self {
        Scenario {
            platforms: vec![
                presets::platform_from(PresetId::H200),
                presets::platform_from(PresetId::Gb300),
            ],
            baseline: 0,
            settings: Settings::default(),
        }
    }
}

/// Why a change to the scenario was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    Full,
    LastPlatform,
    NoSuchPlatform,
}

impl Scenario {
    pub fn baseline_platform(&self) -> Option<&Platform> {
        self.platforms.get(self.baseline)
    }

    /// A copy of the last platform, appended.
    pub fn add_platform(&mut self) -> Result<usize, ScenarioError> {
        if self.platforms.len() >= MAX_PLATFORMS {
            return Err(ScenarioError::Full);
        }
        let copy = self
            .platforms
            .last()
            .cloned()
            .unwrap_or_else(|| presets::platform_from(PresetId::H200));
        self.platforms.push(copy);
        Ok(self.platforms.len() - 1)
    }

    /// Remove a platform; never the last one left. When the baseline goes, platform 1 becomes it.
    pub fn remove_platform(&mut self, index: usize) -> Result<Platform, ScenarioError> {
        if self.platforms.len() <= 1 {
            return Err(ScenarioError::LastPlatform);
        }
        if index >= self.platforms.len() {
            return Err(ScenarioError::NoSuchPlatform);
        }
        let removed = self.platforms.remove(index);
        if index == self.baseline {
            self.baseline = 0;
        } else if index < self.baseline {
            self.baseline -= 1;
        }
        Ok(removed)
    }

    /// Put a platform back where it was (undo of a removal).
    pub fn insert_platform(
        &mut self,
        index: usize,
        platform: Platform,
        was_baseline: bool,
    ) -> Result<(), ScenarioError> {
        if self.platforms.len() >= MAX_PLATFORMS {
            return Err(ScenarioError::Full);
        }
        let at = index.min(self.platforms.len());
        self.platforms.insert(at, platform);
        if was_baseline {
            self.baseline = at;
        } else if at <= self.baseline {
            self.baseline += 1;
        }
        Ok(())
    }

    pub fn set_baseline(&mut self, index: usize) -> Result<(), ScenarioError> {
        if index >= self.platforms.len() {
            return Err(ScenarioError::NoSuchPlatform);
        }
        self.baseline = index;
        Ok(())
    }

    /// Make the scenario consistent: at least one platform, at most twelve, a baseline that exists.
    pub fn normalise(&mut self) {
        if self.platforms.is_empty() {
            *self = Scenario::default();
        }
        self.platforms.truncate(MAX_PLATFORMS);
        if self.baseline >= self.platforms.len() {
            self.baseline = 0;
        }
    }

    pub fn is_valid(&self) -> bool {
        !self.platforms.is_empty()
            && self.settings.is_valid()
            && self.platforms.len() <= MAX_PLATFORMS
            && self.baseline < self.platforms.len()
            && self.platforms.iter().all(Platform::is_valid)
    }

    /// Every platform's metrics and details, in order.
    pub fn results(&self) -> Results {
        let inputs: Vec<PlatformInputs> = self
            .platforms
            .iter()
            .map(|p| p.inputs(&self.settings))
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
                delivered_tps: input.delivered_tps(),
                joules_per_token: cost::joules_per_token(input.kw, input.tps),
                energy_cost_per_mtok: cost::energy_cost_per_mtok(
                    input.kw,
                    input.tps,
                    self.settings.usd_kwh,
                ),
                own_cost: (platform.cost_mode == CostMode::Own)
                    .then(|| platform.own_cost(&self.settings)),
                factory: cost::token_factory(&site, input),
                break_even: inputs
                    .get(baseline)
                    .filter(|_| index != baseline)
                    .map(|base| cost::break_even(base, input)),
                curve_lookup: platform.curve_lookup(&self.settings),
                token_costs: self.token_costs(platform, input).ok(),
                ceiling: self
                    .settings
                    .model
                    .ceiling_inputs(platform)
                    .and_then(|c| throughput::decode_ceiling(&c)),
                ceiling_share: None,
            })
            .map(|mut d: PlatformDetails| {
                d.ceiling_share = d
                    .ceiling
                    .as_ref()
                    .ok()
                    .map(|c| c.share(d.rated_tps) * 100.0);
                d
            })
            .collect();
        Results {
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
    ) -> Result<throughput::TokenCosts, throughput::InputError> {
        let mix = throughput::TokenMix {
            input_tokens: self.settings.in_tokens,
            output_tokens: self.settings.out_tokens,
        };
        // Utilisation lowers delivered tokens, so it divides every throughput alike.
        let delivered = input.delivered_tps();
        let split = match platform.prefill_tps {
            Some(prefill) => throughput::TokenSplit::Throughputs {
                prefill_tps: prefill * input.utilisation,
                decode_tps: delivered,
            },
            None => throughput::TokenSplit::PriceRatio {
                output_tps: delivered,
                ratio: platform.io_ratio,
            },
        };
        throughput::token_costs(input.usd_hr, &mix, &split)
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

/// What the page shows of one platform beyond the five metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct PlatformDetails {
    /// Tokens/s per GPU at full use (off the curve at the target, where one applies).
    pub rated_tps: f64,
    /// Rated throughput x utilisation.
    pub delivered_tps: f64,
    pub joules_per_token: f64,
    pub energy_cost_per_mtok: f64,
    /// The parts of the $/GPU-hour, in "own" mode.
    pub own_cost: Option<OwnCostBreakdown>,
    /// This platform filling the page's site.
    pub factory: cost::Factory,
    /// What the baseline would need to match it; `None` for the baseline itself.
    pub break_even: Option<cost::BreakEven>,
    /// The throughput read off the curve at the target, when both exist.
    pub curve_lookup: Option<throughput::Lookup>,
    /// Input, output, per-request and blended costs for the page's workload mix.
    pub token_costs: Option<throughput::TokenCosts>,
    /// The decode ceiling, or why it cannot be estimated.
    pub ceiling: Result<throughput::Ceiling, throughput::InputError>,
    /// Rated throughput as a percent of the ceiling.
    pub ceiling_share: Option<f64>,
}

/// The computed tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub metrics: Vec<Metrics>,
    pub details: Vec<PlatformDetails>,
    pub baseline: usize,
}

impl Results {
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

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn default_is_the_seed_table() {
        let s = Scenario::default();
        assert!(s.is_valid());
        let r = s.results();
        let cells: Vec<Vec<String>> = r
            .metrics
            .iter()
            .map(|m| {
                Metric::ALL
                    .iter()
                    .map(|k| format::number(m.get(*k)))
                    .collect()
            })
            .collect();
        assert_eq!(cells[0], ["1.41", "2.81", "90.0", "52.0K", "4.35"]);
        assert_eq!(cells[1], ["2.65", "5.66", "6.00K", "2.86M", "0.123"]);
        let multiples: Vec<String> = Metric::ALL
            .iter()
            .map(|k| format::multiple(r.multiple(1, *k)))
            .collect();
        assert_eq!(
            multiples,
            ["1.88x", "2.02x", "66.7x", "54.9x", "35.5x lower"]
        );
        assert_eq!(format::multiple(r.multiple(0, Metric::Tps)), "baseline");
    }

    #[test]
    fn ranges_are_closed_and_refuse_nan() {
        assert!(Field::Tps.check(0.001).is_ok());
        assert!(Field::Tps.check(10_000_000.0).is_ok());
        assert!(Field::Tps.check(0.0).is_err());
        assert!(Field::Tps.check(-5.0).is_err());
        assert!(Field::Tps.check(10_000_001.0).is_err());
        assert!(Field::UsdHr.check(1000.0).is_ok());
        assert!(Field::UsdHr.check(1000.5).is_err());
        assert!(Field::Kw.check(100.0).is_ok());
        assert!(Field::Kw.check(f64::NAN).is_err());
        assert!(Field::Pflops.check(100_000.0).is_ok());
        assert!(Field::Pflops.check(f64::INFINITY).is_err());
    }

    #[test]
    fn messages_say_what_is_allowed() {
        let err = Field::Tps.parse("abc").unwrap_err();
        assert_eq!(
            Field::Tps.message(&err),
            "\"abc\" is not a number: enter a number from 0.001 to 10,000,000 tokens/s."
        );
        let err = Field::UsdHr.parse("0").unwrap_err();
        assert_eq!(
            Field::UsdHr.message(&err),
            "Out of range: enter a number from 0.001 to 1,000 $ per GPU-hour."
        );
        let err = Field::Kw.parse("").unwrap_err();
        assert!(Field::Kw.message(&err).starts_with("Empty"));
        assert_eq!(Field::Tps.parse("6k"), Ok(6000.0));
        assert_eq!(Field::PriceMtok.parse_optional(" "), Ok(None));
        assert!(Field::Tps.parse_optional("").is_err());
    }

    #[test]
    fn page_settings_and_platform_fields_have_their_hooks() {
        assert_eq!(Field::Tps.test_id("in", 1), "in-tps-2");
        assert_eq!(Field::UsdKwh.test_id("num", 3), "num-usd_kwh");
        assert_eq!(Field::Utilisation.key(), "util");
        let mut s = Scenario::default();
        Field::UsdKwh.set(&mut s, 0, Some(0.2));
        Field::Capex.set(&mut s, 1, Some(5000.0));
        Field::PriceMtok.set(&mut s, 0, Some(1.0));
        assert_eq!(Field::UsdKwh.get(&s, 7), Some(0.2));
        assert_eq!(s.platforms[1].own.capex, 5000.0);
        Field::PriceMtok.set(&mut s, 0, None);
        assert_eq!(Field::PriceMtok.get(&s, 0), None);
        assert!(s.is_valid());
    }

    #[test]
    fn owning_drives_every_metric() {
        let mut s = Scenario::default();
        s.platforms[0].cost_mode = CostMode::Own;
        s.platforms[0].own = Ownership {
            capex: 0.0,
            years: 1.0,
            rate_pct: 0.0,
            opex: 8760.0,
        };
        s.settings.usd_kwh = 0.0;
        // $8,760 a year is $1 per hour: H200 at 90 tokens/s costs 1 / (90 x 3600) x 1e6 = $3.09.
        let r = s.results();
        assert_relative_eq!(r.metrics[0].usd_hr, 1.0);
        assert_eq!(format::number(r.metrics[0].cost_per_mtok), "3.09");
        assert!(r.details[0].own_cost.is_some());
        assert!(r.details[1].own_cost.is_none());
        // Free hardware, power and operations: held at the lowest valid $/h, never $0.
        s.platforms[0].own.opex = 0.0;
        assert_relative_eq!(s.results().metrics[0].usd_hr, 0.001);
        assert!(s.results().metrics[0].flops_per_usd.is_finite());
    }

    #[test]
    fn the_target_reads_throughput_off_the_curve() {
        let mut s = Scenario::default();
        // H200's measured point at 49 tokens/s per user is 94.2 tokens/s per GPU.
        s.settings.target_tps_user = Some(49.0);
        let r = s.results();
        assert_relative_eq!(r.metrics[0].tps, 94.2);
        assert_eq!(
            r.metrics[1].tps, 6000.0,
            "no curve: the card's figure stays"
        );
        assert_eq!(r.details[0].curve_lookup.map(|l| l.clamped), Some(None));
        // Beyond the measured range the end point holds, and the lookup says so.
        s.settings.target_tps_user = Some(500.0);
        let r = s.results();
        assert_relative_eq!(r.metrics[0].tps, 34.4);
        assert!(r.details[0].curve_lookup.and_then(|l| l.clamped).is_some());
        // The ceiling is estimated for every platform with the default model.
        let c = r.details[1].ceiling.as_ref().expect("a ceiling");
        assert!(c.tokens_per_s_per_gpu > 0.0);
        assert!(r.details[1].ceiling_share.is_some());
        assert!(r.details[0].token_costs.is_some());
    }

    #[test]
    fn utilisation_and_it_power() {
        let mut s = Scenario::default();
        s.platforms[1].utilisation_pct = 50.0;
        s.platforms[1].power_basis = PowerBasis::It;
        let r = s.results();
        assert_eq!(format::number(r.metrics[1].cost_per_mtok), "0.245");
        assert_eq!(
            format::number(r.metrics[1].tps),
            "6.00K",
            "out-tps stays the rated figure"
        );
        // 2.1 kW IT x PUE 1.3 = 2.73 kW all-in: 6000 x 1000 / 2.73 = 2.20M tokens/s per MW.
        assert_eq!(format::number(r.metrics[1].tok_per_mw), "2.20M");
        assert_relative_eq!(r.details[1].delivered_tps, 3000.0);
        let be = r.details[1]
            .break_even
            .expect("non-baseline has a break-even");
        assert_eq!(format::usd_for_sentence(be.baseline_usd_hr), "$0.079");
        assert!(r.details[0].break_even.is_none());
    }

    #[test]
    fn log_slider_spans_its_range_and_round_trips() {
        assert_relative_eq!(Field::Tps.from_slider(0.0), 1.0);
        assert_relative_eq!(Field::Tps.from_slider(1.0), 100_000.0);
        assert_relative_eq!(Field::Tps.from_slider(0.5), 316.0);
        assert_relative_eq!(Field::UsdHr.from_slider(1.0), 100.0);
        let t = Field::Tps.to_slider(6000.0);
        assert_relative_eq!(Field::Tps.from_slider(t), 6000.0);
        // Beyond the slider's span, the slider sits at its end.
        assert_relative_eq!(Field::Tps.to_slider(1e6), 1.0);
        assert_relative_eq!(Field::Tps.to_slider(f64::NAN), 0.0);
    }

    #[test]
    fn add_remove_and_baseline() {
        let mut s = Scenario::default();
        assert_eq!(s.add_platform(), Ok(2));
        assert_eq!(s.platforms[2], s.platforms[1]);
        s.set_baseline(2).unwrap();
        s.remove_platform(0).unwrap();
        assert_eq!(s.baseline, 1);
        s.remove_platform(1).unwrap();
        assert_eq!(
            s.baseline, 0,
            "removing the baseline makes platform 1 the baseline"
        );
        assert_eq!(s.remove_platform(0), Err(ScenarioError::LastPlatform));
        for _ in 1..MAX_PLATFORMS {
            s.add_platform().unwrap();
        }
        assert_eq!(s.add_platform(), Err(ScenarioError::Full));
        assert_eq!(s.set_baseline(12), Err(ScenarioError::NoSuchPlatform));
    }

    #[test]
    fn undo_puts_a_removed_baseline_back() {
        let mut s = Scenario::default();
        s.set_baseline(1).unwrap();
        let removed = s.remove_platform(1).unwrap();
        assert_eq!(s.baseline, 0);
        s.insert_platform(1, removed, true).unwrap();
        assert_eq!(
            s,
            Scenario {
                baseline: 1,
                ..Scenario::default()
            }
        );
    }

    #[test]
    fn names_are_cut_at_sixty_characters() {
        let (name, cut) = Platform::clean_name(&"é".repeat(70));
        assert_eq!(name.chars().count(), 60);
        assert!(cut);
        assert_eq!(Platform::clean_name(" H200 "), ("H200".to_string(), false));
    }
}
