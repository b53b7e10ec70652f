//! The measured side's choices and their arithmetic, without the scenario around them: the
//! workload (`wl`), a measurement's precision (`wprec<i>`), a price tier (`tier<i>`), how they
//! are written in files, and reading a frontier (its curve, where a figure falls on it, the
//! highest interactivity under a cost cap).

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serializer};

use crate::catalogue::measured::{self, Frontier, Workload};
use crate::catalogue::prices::{self, Price, Survey, Tier};
use crate::catalogue::PresetId;
use crate::model::curve::Curve;

pub use crate::catalogue::measured::Precision as MeasuredPrecision;

/// Without a target, a measured platform is read at its frontier point nearest this
/// interactivity (output tokens/s per user): a chat-like pace that every frontier of the data
/// spans, and near where the seed's H200 figure was measured (about 50 in older runs).
pub const DEFAULT_INTERACTIVITY: f64 = 50.0;

/// A measured workload of the catalogue; serialised as its id (`deepseek-r1-1k1k`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkloadId(&'static Workload);

impl WorkloadId {
    pub fn from_id(id: &str) -> Option<WorkloadId> {
        measured::workload(id).map(WorkloadId)
    }

    pub fn id(self) -> &'static str {
        self.0.id
    }

    pub fn workload(self) -> &'static Workload {
        self.0
    }

    /// Every measured workload, in the data's order.
    pub fn all() -> impl Iterator<Item = WorkloadId> {
        measured::workloads().iter().map(WorkloadId)
    }
}

/// A price tier in one survey of `data/prices.csv`; serialised as `<tier>-<survey>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceTier {
    pub tier: Tier,
    pub survey: Survey,
}

impl PriceTier {
    pub fn from_id(id: &str) -> Option<PriceTier> {
        prices::parse_tier_survey(id).map(|(tier, survey)| PriceTier { tier, survey })
    }

    pub fn id(self) -> String {
        prices::tier_survey_id(self.tier, self.survey)
    }

    /// Every tier in every survey, newest survey first.
    pub fn all() -> impl Iterator<Item = PriceTier> {
        Survey::ALL.into_iter().rev().flat_map(|survey| {
            Tier::ALL
                .into_iter()
                .map(move |tier| PriceTier { tier, survey })
        })
    }

    /// The catalogue's price of `preset` in this tier.
    pub fn price(self, preset: PresetId) -> Option<&'static Price> {
        prices::price(preset.key(), self.tier, self.survey)
    }

    /// "owning at hyperscaler volume, July 2026 survey".
    pub fn label(self) -> String {
        format!("{}, {}", self.tier.label(), self.survey.label())
    }
}

/// The tier a preset's catalogue price comes from, where it is one (the seed platforms' price
/// is the seed table's).
pub fn preset_tier(preset: PresetId) -> Option<PriceTier> {
    let price = preset.preset().price.hyperscaler_own;
    PriceTier::all()
        .filter(|t| t.tier == Tier::OwnHyperscaler)
        .find(|t| t.price(preset).is_some_and(|p| p.usd_per_gpu_hour == price))
        .filter(|_| preset.preset().throughput.is_none())
}

/// A frontier as a model curve (its points are checked once more; a bad one gives none).
pub fn frontier_curve(frontier: &Frontier) -> Option<Curve> {
    Curve::new(frontier.output_points()).ok()
}

/// Where a seed figure falls on its platform's measured frontier (the seed table's workload):
/// the interactivity at which the frontier gives that throughput, if it spans it.
pub fn interactivity_of(frontier: &Frontier, tps: f64) -> Option<f64> {
    let curve = frontier_curve(frontier)?;
    let (lo, hi) = curve.x_range();
    let (at_lo, at_hi) = (curve.at(lo).value, curve.at(hi).value);
    let (y_min, y_max) = (at_lo.min(at_hi), at_lo.max(at_hi));
    if !(y_min..=y_max).contains(&tps) {
        return None;
    }
    // Throughput falls as interactivity rises on every frontier: bisect on x.
    let falling = at_lo >= at_hi;
    let (mut a, mut b) = (lo, hi);
    for _ in 0..60 {
        let mid = (a + b) / 2.0;
        let above = curve.at(mid).value > tps;
        if above == falling {
            a = mid;
        } else {
            b = mid;
        }
    }
    Some((a + b) / 2.0)
}

/// The highest interactivity at which `cost_at(tps)` stays at or under `cap`, on a curve whose
/// throughput falls as interactivity rises (cost rises with it): bisection in the measured
/// range. `None` when even the lowest measured interactivity costs more than the cap; the
/// flag is true when the cap holds across the whole measured range (the answer is at least
/// the last measured point).
pub fn max_interactivity_under(
    curve: &Curve,
    cap: f64,
    cost_at: impl Fn(f64) -> f64,
) -> Option<(f64, bool)> {
    let (lo, hi) = curve.x_range();
    let cost_of = |x: f64| cost_at(curve.at(x).value);
    // (NaN compares false: a cost that cannot be computed is not under the cap)
    let under = |x: f64| cost_of(x) <= cap;
    if !under(lo) {
        return None;
    }
    if under(hi) {
        return Some((hi, true));
    }
    let (mut a, mut b) = (lo, hi);
    for _ in 0..60 {
        let mid = (a + b) / 2.0;
        if under(mid) {
            a = mid;
        } else {
            b = mid;
        }
    }
    Some((a, false))
}

/// serde for the ids of the measured side: written as their link value, read leniently (an
/// unknown value reads as none: the file or stored scenario still opens).
pub(crate) mod by_id {
    use super::*;

    pub trait Coded: Sized {
        fn code(&self) -> Cow<'static, str>;
        fn decode(text: &str) -> Option<Self>;
    }

    impl Coded for WorkloadId {
        fn code(&self) -> Cow<'static, str> {
            Cow::Borrowed(self.id())
        }
        fn decode(text: &str) -> Option<Self> {
            WorkloadId::from_id(text)
        }
    }

    impl Coded for MeasuredPrecision {
        fn code(&self) -> Cow<'static, str> {
            Cow::Borrowed(self.id())
        }
        fn decode(text: &str) -> Option<Self> {
            MeasuredPrecision::from_id(text)
        }
    }

    impl Coded for PriceTier {
        fn code(&self) -> Cow<'static, str> {
            Cow::Owned(self.id())
        }
        fn decode(text: &str) -> Option<Self> {
            PriceTier::from_id(text)
        }
    }

    pub fn serialize<T: Coded, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(v.code().as_ref()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Coded, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        Ok(text.as_deref().and_then(T::decode))
    }
}
