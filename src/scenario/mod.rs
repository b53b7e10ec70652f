//! The Scenario: the platforms being compared, which one is the baseline, and the page's
//! settings, with the checks that keep every value in its valid range.
//!
//! - [`fields`]: THE table of inputs (key, label, unit, range, slider span, scope, get/set).
//! - [`platform`]: one platform, and building one from a catalogue entry.
//! - [`settings`]: the page's settings.
//! - [`results`]: everything computed from a scenario, once.
//! - [`extras`]: ranges, carbon, the market price and a deployment's logs.
//! - [`corners`]: the ranges outside the model's box (the page's, power in "own" mode).
//! - [`choices`]: the workload, measurement precision and price tier, as values.
//! - [`measured`]: the frontier a platform reads, the throughput it gives, its price tier.
//! - [`messages`]: the sentences for the model's typed errors.

pub mod choices;
pub mod corners;
pub mod extras;
pub mod fields;
pub mod measured;
pub mod messages;
pub mod platform;
pub mod results;
pub mod settings;
pub mod spans;

use serde::{Deserialize, Serialize};

pub use crate::catalogue::Precision;
pub use fields::{Field, FieldSpec, Group, SliderScale, ValueError, FIELDS};
pub use platform::{
    default_io_ratio, power_basis_from_key, power_basis_key, CostMode, Identity, Ownership,
    Platform, PlatformId, ServingSetup,
};
pub use results::{PlatformDetails, Results, ThroughputStatus, NO_THROUGHPUT};
pub use settings::{ModelSettings, Settings};

use crate::catalogue::PresetId;

/// At most this many platforms are compared at once.
pub const MAX_PLATFORMS: usize = 12;
/// A platform name holds at most this many characters.
pub const MAX_NAME_CHARS: usize = 60;

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
                Platform::from_preset(PresetId::H200),
                Platform::from_preset(PresetId::Gb300),
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
    /// A copy of the last platform, appended: another platform, with an id of its own.
    pub fn add_platform(&mut self) -> Result<usize, ScenarioError> {
        if self.platforms.len() >= MAX_PLATFORMS {
            return Err(ScenarioError::Full);
        }
        let mut copy = self
            .platforms
            .last()
            .cloned()
            .unwrap_or_else(|| Platform::from_preset(PresetId::H200));
        copy.renew_id();
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

    /// Put a platform back where it was (undo of a removal), with its id, so the page knows it
    /// again; a new one only if another platform has taken that id meanwhile.
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
        let mut platform = platform;
        if self.platforms.iter().any(|p| p.id() == platform.id()) {
            platform.renew_id();
        }
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

    /// Make the scenario consistent: at least one platform, at most twelve, a baseline that
    /// exists, no two platforms with one id.
    pub fn normalise(&mut self) {
        if self.platforms.is_empty() {
            *self = Scenario::default();
        }
        self.platforms.truncate(MAX_PLATFORMS);
        if self.baseline >= self.platforms.len() {
            self.baseline = 0;
        }
        self.renew_repeated_ids();
    }

    /// The position of the platform with this id, if it is there.
    pub fn position(&self, id: PlatformId) -> Option<usize> {
        self.platforms.iter().position(|p| p.id() == id)
    }

    /// Whether every platform has an id of its own (the page keys its parts by them).
    pub fn has_unique_ids(&self) -> bool {
        self.platforms
            .iter()
            .enumerate()
            .all(|(i, p)| self.platforms[..i].iter().all(|q| q.id() != p.id()))
    }

    /// A platform whose id an earlier one has gets a fresh one.
    pub fn renew_repeated_ids(&mut self) {
        for i in 1..self.platforms.len() {
            let (before, rest) = self.platforms.split_at_mut(i);
            if let Some(p) = rest.first_mut() {
                if before.iter().any(|q| q.id() == p.id()) {
                    p.renew_id();
                }
            }
        }
    }

    pub fn is_valid(&self) -> bool {
        !self.platforms.is_empty()
            && self.settings.is_valid()
            && self.platforms.len() <= MAX_PLATFORMS
            && self.baseline < self.platforms.len()
            && self.platforms.iter().all(Platform::is_valid)
    }
}

#[cfg(test)]
mod tests;
