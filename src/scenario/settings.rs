//! Settings of the whole page: electricity, PUE, the token factory's site, the workload and the
//! model whose decode ceiling is estimated.

use serde::{Deserialize, Serialize};

use crate::model::{carbon, cost};

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
    /// Grid carbon intensity, g CO2e per kWh.
    pub grid_g_kwh: f64,
    /// An API's list price, US$ per million input tokens, if one is given.
    pub api_in: Option<f64>,
    /// An API's list price, US$ per million output tokens, if one is given.
    pub api_out: Option<f64>,
    /// The measured workload the catalogue's platforms are read on (`wl`); `None`: the seed
    /// table's figures, as published.
    #[serde(with = "super::choices::by_id")]
    pub workload: Option<super::choices::WorkloadId>,
    /// A ceiling on cost per million output tokens, US$ (`cap`): the page finds each
    /// platform's highest interactivity under it.
    pub cap: Option<f64>,
    /// The lows and highs of the page's electricity price, PUE, grid intensity and API prices.
    pub ranges: super::spans::PageRanges,
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
            grid_g_kwh: carbon::WORLD_GRID_G_KWH_2022,
            api_in: None,
            api_out: None,
            workload: None,
            cap: None,
            ranges: Default::default(),
        }
    }
}

/// The model whose decode ceiling is estimated. Defaults: DeepSeek-R1 (671B total, 37B active,
/// 256 routed experts with 8 active, MLA). How each platform serves it (GPUs, batch, context,
/// tokens per step, bytes per weight) is per platform: [`super::platform::ServingSetup`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    pub total_b: f64,
    pub active_b: f64,
    /// Routed experts; 1 for a dense model.
    pub experts: f64,
    pub active_experts: f64,
    /// KV cache per token of context, bytes (DeepSeek's MLA: 576 values x 61 layers x 2 bytes).
    pub kv_bytes_per_token: f64,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            total_b: 671.0,
            active_b: 37.0,
            experts: 256.0,
            active_experts: 8.0,
            kv_bytes_per_token: 70_272.0,
        }
    }
}
