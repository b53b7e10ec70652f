//! The measured side of a platform: the frontier it reads on the page's workload, the
//! throughput that follows, and its price tier (DESIGN section 3, "workloads and prices").
//!
//! Throughput precedence: a figure the user typed (custom) > the measured frontier of the
//! workload at the target > the frontier's point nearest [`DEFAULT_INTERACTIVITY`] > the seed
//! figure > none. The catalogue data ([`crate::catalogue::measured`], [`crate::catalogue::prices`])
//! is the only source of measured figures.

use std::borrow::Cow;

use super::platform::Platform;
use super::settings::Settings;
use crate::catalogue::measured::{self, Frontier, MeasuredPoint};
use crate::catalogue::prices::Price;
use crate::catalogue::CURVE_WORKLOAD;
use crate::model::curve::{Curve, Lookup};

pub use super::choices::*;

/// Where a platform's throughput comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Basis<'a> {
    /// Read off a measured frontier (at the target, or at the point nearest the default).
    Measured {
        frontier: &'a Frontier,
        /// The measured point nearest the interactivity read (for its provenance).
        nearest: MeasuredPoint,
        /// Whether the value is that point itself (no target) rather than interpolated.
        at_point: bool,
    },
    /// The user's curve, the user's figure or the seed table's.
    Card,
}

impl Platform {
    /// The measured frontier this platform reads, where one applies: a catalogue platform whose
    /// throughput the user has not typed, on the page's workload (or, with none chosen, the
    /// workload of the seed figures, so that a target still finds its curve), at its
    /// measurement precision (FP4 where measured, else FP8).
    pub fn frontier(&self, settings: &Settings) -> Option<&'static Frontier> {
        let preset = self.preset?;
        if self.tps_custom || self.curve.is_some() {
            return None;
        }
        let workload = settings.workload.map_or(CURVE_WORKLOAD, WorkloadId::id);
        let precision = self
            .wprec
            .filter(|p| measured::frontier(preset.key(), workload, *p).is_some())
            .or_else(|| measured::default_precision(preset.key(), workload))?;
        measured::frontier(preset.key(), workload, precision)
    }

    /// The curve the target reads: the user's pasted one, else the measured frontier.
    pub fn curve_in_force(&self, settings: &Settings) -> Option<Cow<'_, Curve>> {
        if let Some(curve) = &self.curve {
            return Some(Cow::Borrowed(curve));
        }
        frontier_curve(self.frontier(settings)?).map(Cow::Owned)
    }

    /// The throughput read off the curve in force at the page's target, if both exist.
    pub fn curve_lookup(&self, settings: &Settings) -> Option<Lookup> {
        let target = settings.target_tps_user?;
        self.curve_in_force(settings).map(|curve| curve.at(target))
    }

    /// With a workload chosen, a catalogue platform without a typed figure is measured or has
    /// nothing: the seed figure belongs to the seed table's workload.
    pub fn is_measured(&self, settings: &Settings) -> bool {
        settings.workload.is_some()
            && self.preset.is_some()
            && !self.tps_custom
            && self.curve.is_none()
    }

    /// Tokens per second per GPU at full use, by the precedence in the module's notes; `None`
    /// when the platform has none for the workload in view.
    pub fn effective_tps(&self, settings: &Settings) -> Option<f64> {
        if let Some(lookup) = self.curve_lookup(settings) {
            if lookup.value.is_finite() && lookup.value > 0.0 {
                return Some(lookup.value);
            }
        }
        if self.is_measured(settings) {
            let frontier = self.frontier(settings)?;
            return frontier
                .nearest_point(DEFAULT_INTERACTIVITY)
                .and_then(|i| frontier.point(i))
                .map(|p| p.output_tps);
        }
        self.tps
    }

    /// Where the throughput comes from, with the measured point behind it.
    pub fn basis(&self, settings: &Settings) -> Basis<'static> {
        let Some(frontier) = self.frontier(settings) else {
            return Basis::Card;
        };
        let at = settings.target_tps_user;
        if at.is_none() && !self.is_measured(settings) {
            return Basis::Card;
        }
        let x = at.unwrap_or(DEFAULT_INTERACTIVITY);
        match frontier.nearest_point(x).and_then(|i| frontier.point(i)) {
            Some(nearest) => Basis::Measured {
                frontier,
                nearest,
                at_point: at.is_none(),
            },
            None => Basis::Card,
        }
    }

    /// The price tier's price for this platform, where a tier is in force.
    pub fn tier_price(&self) -> Option<&'static Price> {
        self.tier?.price(self.preset?)
    }

    /// Choose a price: a tier sets `usd_hr` to its price; `None` leaves the figure as it is
    /// (custom, or the seed's).
    pub fn set_tier(&mut self, tier: Option<PriceTier>) {
        self.tier = tier;
        if let Some(price) = self.tier_price() {
            self.usd_hr = price.usd_per_gpu_hour;
        }
    }

    /// The spread of the catalogue's prices for this platform: the lowest and highest of every
    /// tier in every survey of `data/prices.csv` (a preset range for the price).
    pub fn price_spread(&self) -> Option<(f64, f64)> {
        let preset = self.preset?;
        let prices: Vec<f64> = PriceTier::all()
            .filter_map(|t| t.price(preset))
            .map(|p| p.usd_per_gpu_hour)
            .collect();
        let lo = prices.iter().copied().reduce(f64::min)?;
        let hi = prices.iter().copied().reduce(f64::max)?;
        Some((lo.min(self.usd_hr), hi.max(self.usd_hr)))
    }

    /// The measured points either side of the target on the curve in force: their throughputs
    /// are a spread the measurement itself gives (a preset range for the throughput). `None`
    /// without a target, a curve, or with the target outside the measured range.
    pub fn measured_spread(&self, settings: &Settings) -> Option<(f64, f64)> {
        let target = settings.target_tps_user?;
        let curve = self.curve_in_force(settings)?;
        let points = curve.points();
        let pair = points
            .windows(2)
            .find(|w| w[0].0 <= target && target <= w[1].0)?;
        let value = self.effective_tps(settings)?;
        let (a, b) = (pair[0].1, pair[1].1);
        Some((a.min(b).min(value), a.max(b).max(value)))
    }

    /// The seed table's price, for the two seed platforms.
    pub fn seed_price(&self) -> Option<f64> {
        let preset = self.preset?.preset();
        preset
            .throughput
            .as_ref()
            .map(|_| preset.price.hyperscaler_own)
    }

    /// The seed table's throughput, for the two seed platforms.
    pub fn seed_tps(&self) -> Option<f64> {
        let preset = self.preset?.preset();
        preset.throughput.as_ref().map(|t| t.tokens_per_s)
    }

    /// Whether a typed throughput has set aside the measured frontier this catalogue platform
    /// would read (a typed figure wins over it).
    pub fn frontier_set_aside(&self, settings: &Settings) -> bool {
        self.tps_custom && self.curve.is_none() && {
            let mut measured = self.clone();
            measured.tps_custom = false;
            measured.frontier(settings).is_some()
        }
    }

    /// Drop a typed throughput: the catalogue's figure (the seed's, or none) is the card's again,
    /// and its measured frontier is back in force.
    pub fn drop_typed_throughput(&mut self) {
        self.tps = self.seed_tps();
        self.tps_custom = false;
    }
}
