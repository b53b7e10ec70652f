//! A platform's input ranges and a deployment's logs, as stored on the platform, and the page's
//! ranges, as stored in its settings. What they give is computed in `extras` and `corners`.

use serde::{Deserialize, Serialize};

use crate::model::input::{self, Range};
use crate::model::logs;
use crate::model::ranges::Span;

/// A platform's lows and highs, in the units of its inputs (absolute values, low <= value <=
/// high). `None`: the input is exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ranges {
    pub usd_hr: Option<Span>,
    pub tps: Option<Span>,
    pub kw: Option<Span>,
    pub util: Option<Span>,
}

/// The page's lows and highs, in the units of its settings (absolute values, low <= value <=
/// high): electricity price, PUE, grid intensity and an API's list prices. `None`: exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageRanges {
    pub usd_kwh: Option<Span>,
    pub pue: Option<Span>,
    pub grid_g_kwh: Option<Span>,
    pub api_in: Option<Span>,
    pub api_out: Option<Span>,
}

/// What a deployment recorded over a period: GPU-hours, output tokens and the bill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Logs {
    pub gpu_hours: Option<f64>,
    pub tokens: Option<f64>,
    pub bill_usd: Option<f64>,
}

impl Logs {
    /// Tokens per second per GPU over the period, held in the valid range.
    pub fn tps(&self) -> Option<f64> {
        let tps = logs::tps_from_logs(self.gpu_hours?, self.tokens?)?;
        Some(clamp_to(tps, input::TPS))
    }

    /// US$ per GPU-hour over the period, held in the valid range.
    pub fn usd_hr(&self) -> Option<f64> {
        let usd_hr = logs::usd_hr_from_logs(self.gpu_hours?, self.bill_usd?)?;
        Some(clamp_to(usd_hr, input::USD_HR))
    }

    /// The throughput the logs give when it lies outside the valid range (and [`Logs::tps`]
    /// holds it at the edge), so the page can say the figure it uses was held.
    pub fn tps_out_of_range(&self) -> Option<f64> {
        let tps = logs::tps_from_logs(self.gpu_hours?, self.tokens?)?;
        (tps != clamp_to(tps, input::TPS)).then_some(tps)
    }

    /// The price the logs give when it lies outside the valid range (see [`Logs::usd_hr`]).
    pub fn usd_hr_out_of_range(&self) -> Option<f64> {
        let usd_hr = logs::usd_hr_from_logs(self.gpu_hours?, self.bill_usd?)?;
        (usd_hr != clamp_to(usd_hr, input::USD_HR)).then_some(usd_hr)
    }
}

fn clamp_to(value: f64, (min, max): Range) -> f64 {
    crate::model::clamp(value, min, max)
}
