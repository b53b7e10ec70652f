//! THE table of inputs: every number a user sets with a slider and a number box, described once.
//!
//! One row per input: its link key, label, unit, closed range, slider span, scope (one value per
//! platform or one for the page), group on the page, whether it may be left blank, and how to read
//! and write it. The link codec, JSON import, the UI's field component, the error messages and the
//! README test all read this table; nothing else lists inputs.
//!
//! To add an input: one row in `fields!` below, one field on [`Platform`] or [`Settings`], one row
//! in the README's link table, and one `<InputField>` line on the card (ARCHITECTURE.md).

use super::platform::Platform;
use super::settings::Settings;
use super::{Scenario, MAX_NAME_CHARS};
use crate::format;
use crate::model::curve::POINT_RANGE;
use crate::model::input::{self, Input, Range};
use crate::model::{carbon, clamp, logs, market};

/// How a slider maps its position to a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SliderScale {
    Linear,
    Log,
}

/// Where a value lives and how it is read and written.
#[derive(Clone, Copy)]
pub enum Access {
    /// One value per platform (link key `usd_hr1`, test id `in-usd_hr-1`).
    Platform {
        get: fn(&Platform) -> Option<f64>,
        set: fn(&mut Platform, Option<f64>),
    },
    /// One value for the whole page (link key `usd_kwh`, test id `in-usd_kwh`).
    Page {
        get: fn(&Settings) -> Option<f64>,
        set: fn(&mut Settings, Option<f64>),
    },
}

/// Where an input sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The four inputs of the seed table, on every platform card.
    Core,
    /// Utilisation: on the card, beside how the GPU is paid for.
    Use,
    /// The cost of owning a GPU (shown in "own" mode).
    Own,
    /// The platform's hardware and its input/output split.
    Throughput,
    /// Page-wide settings of the cost side.
    Cost,
    /// Page-wide settings of the workload: the speed target and the request.
    Workload,
    /// Page-wide settings of the model whose decode ceiling is estimated.
    Model,
    /// A deployment's own logs: what it used, generated and paid over a period.
    Logs,
    /// Page-wide settings of carbon and the market price.
    Market,
}

/// One row of the table.
pub struct FieldSpec {
    pub field: Field,
    /// The key in links and test hooks.
    pub key: &'static str,
    pub label: &'static str,
    /// The unit, for labels, messages and announcements.
    pub unit: &'static str,
    /// The closed range of valid values.
    pub range: Range,
    /// The slider's span: narrower than the valid range, which the number box reaches.
    pub slider: (f64, f64, SliderScale),
    pub group: Group,
    /// The box may be left empty (no value, not an error).
    pub optional: bool,
    pub access: Access,
}

/// Writes a required value; a blank (`None`) leaves the field as it was.
macro_rules! required {
    ($target:ident => $place:expr) => {
        |$target, value| {
            if let Some(v) = value {
                $place = v;
            }
        }
    };
}

macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident {
        key: $key:literal, label: $label:literal, unit: $unit:literal, range: $range:expr,
        slider: ($lo:expr, $hi:expr, $scale:ident), group: $group:ident, optional: $optional:literal,
        access: $access:expr $(,)?
    } ),* $(,)?) => {
        /// An input's name in code; everything else about it is its row in [`FIELDS`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Field { $( $(#[$doc])* $variant ),* }

        /// Every input, in link order (platform inputs first, then page settings).
        pub static FIELDS: &[FieldSpec] = &[ $( FieldSpec {
            field: Field::$variant,
            key: $key,
            label: $label,
            unit: $unit,
            range: $range,
            slider: ($lo, $hi, SliderScale::$scale),
            group: Group::$group,
            optional: $optional,
            access: $access,
        } ),* ];
    };
}

const fn platform(
    get: fn(&Platform) -> Option<f64>,
    set: fn(&mut Platform, Option<f64>),
) -> Access {
    Access::Platform { get, set }
}

const fn page(get: fn(&Settings) -> Option<f64>, set: fn(&mut Settings, Option<f64>)) -> Access {
    Access::Page { get, set }
}

fields! {
    UsdHr { key: "usd_hr", label: "Cost per GPU-hour", unit: "$ per GPU-hour", range: input::USD_HR,
        slider: (0.10, 100.0, Log), group: Core, optional: false,
        access: platform(|p| Some(p.usd_hr), |p, v| if let Some(v) = v {
            // A typed price is a custom one: no tier is in force any more.
            p.usd_hr = v;
            p.tier = None;
        }) },
    Tps { key: "tps", label: "Tokens per second per GPU", unit: "tokens/s", range: input::TPS,
        slider: (1.0, 100_000.0, Log), group: Core, optional: true,
        access: platform(|p| p.tps, |p, v| {
            // A typed throughput is a custom one: it wins over a measured frontier.
            p.tps = v;
            p.tps_custom = v.is_some() && p.preset.is_some();
        }) },
    Kw { key: "kw", label: "All-in power per GPU", unit: "kW", range: input::KW,
        slider: (0.1, 10.0, Log), group: Core, optional: false,
        access: platform(|p| Some(p.kw), required!(p => p.kw)) },
    Pflops { key: "pflops", label: "Peak compute per GPU", unit: "PFLOPS", range: input::PFLOPS,
        slider: (0.1, 100.0, Log), group: Core, optional: false,
        access: platform(|p| Some(p.pflops), required!(p => p.pflops)) },
    Utilisation { key: "util", label: "Utilisation", unit: "%", range: input::UTILISATION_PCT,
        slider: (1.0, 100.0, Linear), group: Use, optional: false,
        access: platform(|p| Some(p.utilisation_pct), required!(p => p.utilisation_pct)) },
    Capex { key: "capex", label: "Capital cost per GPU", unit: "$", range: input::CAPITAL_USD,
        slider: (1_000.0, 1_000_000.0, Log), group: Own, optional: false,
        access: platform(|p| Some(p.own.capex), required!(p => p.own.capex)) },
    Years { key: "years", label: "Depreciation", unit: "years", range: input::DEPRECIATION_YEARS,
        slider: (1.0, 10.0, Linear), group: Own, optional: false,
        access: platform(|p| Some(p.own.years), required!(p => p.own.years)) },
    Rate { key: "rate", label: "Cost of capital", unit: "% per year",
        range: input::COST_OF_CAPITAL_PCT, slider: (0.0, 30.0, Linear), group: Own, optional: false,
        access: platform(|p| Some(p.own.rate_pct), required!(p => p.own.rate_pct)) },
    Opex { key: "opex", label: "Operations and hosting per GPU", unit: "$ per year",
        range: input::OPERATIONS_USD_YEAR, slider: (100.0, 100_000.0, Log), group: Own,
        optional: false,
        access: platform(|p| Some(p.own.opex), required!(p => p.own.opex)) },
    HbmTbS { key: "hbm", label: "HBM bandwidth", unit: "TB/s per GPU", range: Input::HbmTbS.range(),
        slider: (1.0, 20.0, Log), group: Throughput, optional: false,
        access: platform(|p| Some(p.hbm_tb_s), required!(p => p.hbm_tb_s)) },
    HbmGb { key: "hbm_gb", label: "HBM capacity", unit: "GB per GPU", range: Input::HbmGb.range(),
        slider: (16.0, 1024.0, Log), group: Throughput, optional: false,
        access: platform(|p| Some(p.hbm_gb), required!(p => p.hbm_gb)) },
    PrefillTps { key: "prefill", label: "Prefill (input) tokens per second per GPU",
        unit: "input tokens/s", range: input::TOKEN_THROUGHPUT,
        slider: (10.0, 1_000_000.0, Log), group: Throughput, optional: true,
        access: platform(|p| p.prefill_tps, |p, v| p.prefill_tps = v) },
    Gpus { key: "gpus", label: "GPUs per model copy (decode)", unit: "GPUs",
        range: Input::Gpus.range(), slider: (1.0, 72.0, Log), group: Throughput, optional: false,
        access: platform(|p| Some(p.setup.gpus), required!(p => p.setup.gpus)) },
    Batch { key: "batch", label: "Batch size (concurrent sequences)", unit: "sequences",
        range: Input::Batch.range(), slider: (1.0, 4096.0, Log), group: Throughput,
        optional: false,
        access: platform(|p| Some(p.setup.batch), required!(p => p.setup.batch)) },
    Context { key: "ctx", label: "Context length", unit: "tokens",
        range: Input::ContextTokens.range(), slider: (100.0, 1_000_000.0, Log), group: Throughput,
        optional: false,
        access: platform(|p| Some(p.setup.context), required!(p => p.setup.context)) },
    TokensPerStep { key: "mtp", label: "Tokens per decode step", unit: "tokens per sequence",
        range: Input::TokensPerStep.range(), slider: (1.0, 4.0, Linear), group: Throughput,
        optional: false,
        access: platform(|p| Some(p.setup.tokens_per_step), required!(p => p.setup.tokens_per_step)) },
    BytesPerParam { key: "m_bytes", label: "Bytes per weight", unit: "bytes",
        range: Input::BytesPerParam.range(), slider: (0.5, 2.0, Linear), group: Throughput,
        optional: false,
        access: platform(|p| Some(p.setup.bytes_per_param), required!(p => p.setup.bytes_per_param)) },
    IoRatio { key: "io_ratio", label: "Output token price / input token price", unit: "x",
        range: input::PRICE_RATIO, slider: (1.0, 20.0, Log), group: Throughput, optional: false,
        access: platform(|p| Some(p.io_ratio), required!(p => p.io_ratio)) },
    LogGpuHours { key: "log_gpu_h", label: "GPU-hours used (your logs)", unit: "GPU-hours",
        range: logs::GPU_HOURS, slider: (1.0, 1e7, Log), group: Logs, optional: true,
        access: platform(|p| p.logs.gpu_hours, |p, v| p.logs.gpu_hours = v) },
    LogTokens { key: "log_tokens", label: "Output tokens generated (your logs)", unit: "tokens",
        range: logs::TOKENS, slider: (1e3, 1e13, Log), group: Logs, optional: true,
        access: platform(|p| p.logs.tokens, |p, v| p.logs.tokens = v) },
    LogUsd { key: "log_usd", label: "The bill for the period (your logs)", unit: "$",
        range: logs::BILL_USD, slider: (1.0, 1e8, Log), group: Logs, optional: true,
        access: platform(|p| p.logs.bill_usd, |p, v| p.logs.bill_usd = v) },
    UsdKwh { key: "usd_kwh", label: "Electricity price", unit: "$ per kWh",
        range: input::ELECTRICITY_USD_KWH, slider: (0.0, 0.5, Linear), group: Cost, optional: false,
        access: page(|s| Some(s.usd_kwh), required!(s => s.usd_kwh)) },
    Pue { key: "pue", label: "PUE", unit: "x IT power", range: input::PUE,
        slider: (1.0, 2.0, Linear), group: Cost, optional: false,
        access: page(|s| Some(s.pue), required!(s => s.pue)) },
    SiteMw { key: "site_mw", label: "Site power", unit: "MW", range: input::SITE_MW,
        slider: (1.0, 10_000.0, Log), group: Cost, optional: false,
        access: page(|s| Some(s.site_mw), required!(s => s.site_mw)) },
    PriceMtok { key: "price", label: "Price per million tokens", unit: "$ per million tokens",
        range: input::PRICE_PER_MTOK, slider: (0.01, 100.0, Log), group: Cost, optional: true,
        access: page(|s| s.price_mtok, |s, v| s.price_mtok = v) },
    GridIntensity { key: "grid_g_kwh", label: "Grid carbon intensity", unit: "g CO2e per kWh",
        range: carbon::GRID_G_KWH, slider: (0.0, 1000.0, Linear), group: Market,
        optional: false,
        access: page(|s| Some(s.grid_g_kwh), required!(s => s.grid_g_kwh)) },
    ApiIn { key: "api_in", label: "API list price, input tokens",
        unit: "$ per million input tokens", range: market::API_PRICE,
        slider: (0.01, 100.0, Log), group: Market, optional: true,
        access: page(|s| s.api_in, |s, v| s.api_in = v) },
    ApiOut { key: "api_out", label: "API list price, output tokens",
        unit: "$ per million output tokens", range: market::API_PRICE,
        slider: (0.01, 100.0, Log), group: Market, optional: true,
        access: page(|s| s.api_out, |s, v| s.api_out = v) },
    Target { key: "target", label: "Target interactivity", unit: "tokens/s per user",
        range: POINT_RANGE, slider: (1.0, 1000.0, Log), group: Workload, optional: true,
        access: page(|s| s.target_tps_user, |s, v| s.target_tps_user = v) },
    Cap { key: "cap", label: "Cost ceiling per million output tokens", unit: "$ per million tokens",
        range: (0.0001, 1_000_000.0), slider: (0.01, 100.0, Log), group: Workload, optional: true,
        access: page(|s| s.cap, |s, v| s.cap = v) },
    InTokens { key: "in_tok", label: "Input tokens per request", unit: "tokens",
        range: input::TOKENS_PER_REQUEST, slider: (10.0, 100_000.0, Log), group: Workload,
        optional: false,
        access: page(|s| Some(s.in_tokens), required!(s => s.in_tokens)) },
    OutTokens { key: "out_tok", label: "Output tokens per request", unit: "tokens",
        range: input::TOKENS_PER_REQUEST, slider: (10.0, 100_000.0, Log), group: Workload,
        optional: false,
        access: page(|s| Some(s.out_tokens), required!(s => s.out_tokens)) },
    ModelTotal { key: "m_total", label: "Total parameters", unit: "billion parameters",
        range: Input::TotalParams.range(), slider: (1.0, 2000.0, Log), group: Model,
        optional: false,
        access: page(|s| Some(s.model.total_b), required!(s => s.model.total_b)) },
    ModelActive { key: "m_active", label: "Active parameters per token",
        unit: "billion parameters", range: Input::ActiveParams.range(),
        slider: (1.0, 2000.0, Log), group: Model, optional: false,
        access: page(|s| Some(s.model.active_b), required!(s => s.model.active_b)) },
    Experts { key: "m_experts", label: "Experts", unit: "experts",
        range: Input::Experts.range(), slider: (1.0, 512.0, Log), group: Model, optional: false,
        access: page(|s| Some(s.model.experts), required!(s => s.model.experts)) },
    ActiveExperts { key: "m_k", label: "Active experts per token", unit: "experts",
        range: Input::ActiveExperts.range(), slider: (1.0, 64.0, Log), group: Model,
        optional: false,
        access: page(|s| Some(s.model.active_experts), required!(s => s.model.active_experts)) },
    KvBytes { key: "m_kv", label: "KV cache per token", unit: "bytes per token",
        range: Input::KvBytesPerToken.range(), slider: (1_000.0, 1_000_000.0, Log), group: Model,
        optional: false,
        access: page(
            |s| Some(s.model.kv_bytes_per_token),
            required!(s => s.model.kv_bytes_per_token),
        ) },
}

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueError {
    Parse(format::ParseError),
    OutOfRange { min: f64, max: f64 },
}

impl Platform {
    /// Every field in range and the name present and within its length.
    pub fn is_valid(&self) -> bool {
        // A name as the page stores it: present, trimmed, at most 60 characters.
        if self.name.is_empty() || self.name.trim() != self.name {
            return false;
        }
        Field::per_platform().all(|f| match f.get_platform(self) {
            Some(v) => f.check(v).is_ok(),
            None => f.is_optional(),
        }) && self.name.chars().count() <= MAX_NAME_CHARS
    }
}

impl Settings {
    pub fn is_valid(&self) -> bool {
        let scenario = Scenario {
            platforms: Vec::new(),
            baseline: 0,
            settings: *self,
        };
        Field::page_settings().all(|f| match f.get(&scenario, 0) {
            Some(v) => f.check(v).is_ok(),
            None => f.is_optional(),
        })
    }
}

impl Field {
    /// This input's row of [`FIELDS`].
    pub fn spec(self) -> &'static FieldSpec {
        // The table lists the variants in declaration order (the macro writes both from one
        // list), so the discriminant is the row; the fallback is never taken.
        FIELDS.get(self as usize).unwrap_or(&FIELDS[0])
    }

    /// Every input, in link order.
    pub fn all() -> impl Iterator<Item = Field> + Clone {
        FIELDS.iter().map(|spec| spec.field)
    }

    /// Every per-platform input, in link order.
    pub fn per_platform() -> impl Iterator<Item = Field> + Clone {
        Field::all().filter(|f| !f.is_page_setting())
    }

    /// Every page-wide setting, in link order.
    pub fn page_settings() -> impl Iterator<Item = Field> + Clone {
        Field::all().filter(|f| f.is_page_setting())
    }

    /// The inputs of one group, in link order.
    pub fn in_group(group: Group) -> impl Iterator<Item = Field> + Clone {
        Field::all().filter(move |f| f.spec().group == group)
    }

    /// The input with this link key.
    pub fn from_key(key: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|spec| spec.key == key)
            .map(|spec| spec.field)
    }

    pub fn is_page_setting(self) -> bool {
        matches!(self.spec().access, Access::Page { .. })
    }

    pub fn is_optional(self) -> bool {
        self.spec().optional
    }

    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    pub fn unit(self) -> &'static str {
        self.spec().unit
    }

    pub fn range(self) -> Range {
        self.spec().range
    }

    pub fn slider(self) -> (f64, f64, SliderScale) {
        self.spec().slider
    }

    /// A test hook (`in`, `num`, `err`) for this field of platform `index` (0-based).
    pub fn test_id(self, prefix: &str, index: usize) -> String {
        if self.is_page_setting() {
            format!("{prefix}-{}", self.key())
        } else {
            format!("{prefix}-{}-{}", self.key(), index + 1)
        }
    }

    /// The value of this field for platform `index` (ignored for page settings); `None` when the
    /// platform does not exist or an optional setting is blank.
    pub fn get(self, scenario: &Scenario, index: usize) -> Option<f64> {
        match self.spec().access {
            Access::Page { get, .. } => get(&scenario.settings),
            Access::Platform { get, .. } => scenario.platforms.get(index).and_then(get),
        }
    }

    /// The value the page shows in this field's box and slider: [`Field::get`], except that
    /// the throughput shows the figure in force (read off a measured frontier or a curve at the
    /// target), so the box and the results never disagree.
    pub fn shown(self, scenario: &Scenario, index: usize) -> Option<f64> {
        match self {
            Field::Tps => scenario
                .platforms
                .get(index)?
                .effective_tps(&scenario.settings),
            _ => self.get(scenario, index),
        }
    }

    /// Set this field; `None` clears an optional setting and is ignored elsewhere.
    pub fn set(self, scenario: &mut Scenario, index: usize, value: Option<f64>) {
        match self.spec().access {
            Access::Page { set, .. } => set(&mut scenario.settings, value),
            Access::Platform { set, .. } => {
                if let Some(p) = scenario.platforms.get_mut(index) {
                    set(p, value);
                }
            }
        }
    }

    /// A per-platform field's value; `None` for a blank optional one and for page settings.
    pub fn get_platform(self, platform: &Platform) -> Option<f64> {
        match self.spec().access {
            Access::Platform { get, .. } => get(platform),
            Access::Page { .. } => None,
        }
    }

    /// Set a per-platform field; `None` clears an optional one and is ignored elsewhere.
    pub fn set_platform(self, platform: &mut Platform, value: Option<f64>) {
        if let Access::Platform { set, .. } = self.spec().access {
            set(platform, value);
        }
    }

    /// A page setting's value; `None` for a blank optional one and for platform inputs.
    pub fn get_page(self, settings: &Settings) -> Option<f64> {
        match self.spec().access {
            Access::Page { get, .. } => get(settings),
            Access::Platform { .. } => None,
        }
    }

    /// Set a page setting; `None` clears an optional one and is ignored elsewhere.
    pub fn set_page(self, settings: &mut Settings, value: Option<f64>) {
        if let Access::Page { set, .. } = self.spec().access {
            set(settings, value);
        }
    }

    /// Check a value against the field's range.
    pub fn check(self, value: f64) -> Result<f64, ValueError> {
        let (min, max) = self.range();
        if input::in_range(value, (min, max)) {
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
        let v = clamp(value, lo, hi);
        let t = match scale {
            SliderScale::Linear => (v - lo) / (hi - lo),
            SliderScale::Log => (v.ln() - lo.ln()) / (hi.ln() - lo.ln()),
        };
        if t.is_finite() {
            clamp(t, 0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The value at a slider position in [0, 1], rounded to 3 significant digits so the number
    /// box shows a readable figure.
    pub fn from_slider(self, position: f64) -> f64 {
        let (lo, hi, scale) = self.slider();
        let t = if position.is_finite() {
            clamp(position, 0.0, 1.0)
        } else {
            0.0
        };
        let raw = match scale {
            SliderScale::Linear => lo + t * (hi - lo),
            SliderScale::Log => (lo.ln() + t * (hi.ln() - lo.ln())).exp(),
        };
        clamp(format::round_significant(raw, 3), lo, hi)
    }
}
