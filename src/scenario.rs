//! The Scenario: the platforms being compared, which one is the baseline, and the checks that
//! keep every value in its valid range.

use serde::{Deserialize, Serialize};

use crate::format;
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

/// An input of a platform that the user sets with a slider and a number box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    UsdHr,
    Tps,
    Kw,
    Pflops,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::UsdHr, Field::Tps, Field::Kw, Field::Pflops];

    /// The key in links and test hooks (`usd_hr1`, `in-usd_hr-1`).
    pub const fn key(self) -> &'static str {
        match self {
            Field::UsdHr => "usd_hr",
            Field::Tps => "tps",
            Field::Kw => "kw",
            Field::Pflops => "pflops",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Field::UsdHr => "Cost per GPU-hour",
            Field::Tps => "Tokens per second per GPU",
            Field::Kw => "All-in power per GPU",
            Field::Pflops => "Peak compute per GPU",
        }
    }

    /// The unit, for labels and announcements.
    pub const fn unit(self) -> &'static str {
        match self {
            Field::UsdHr => "$ per GPU-hour",
            Field::Tps => "tokens/s",
            Field::Kw => "kW",
            Field::Pflops => "PFLOPS",
        }
    }

    /// The closed range of valid values (DESIGN.md section 3).
    pub const fn range(self) -> (f64, f64) {
        match self {
            Field::UsdHr => (0.001, 1000.0),
            Field::Tps => (0.001, 10_000_000.0),
            Field::Kw => (0.001, 100.0),
            Field::Pflops => (0.001, 100_000.0),
        }
    }

    /// The slider's span: narrower than the valid range, which the number box reaches.
    pub const fn slider(self) -> (f64, f64, SliderScale) {
        match self {
            Field::UsdHr => (0.10, 100.0, SliderScale::Log),
            Field::Tps => (1.0, 100_000.0, SliderScale::Log),
            Field::Kw => (0.1, 10.0, SliderScale::Log),
            Field::Pflops => (0.1, 100.0, SliderScale::Log),
        }
    }

    pub fn get(self, platform: &Platform) -> f64 {
        match self {
            Field::UsdHr => platform.usd_hr,
            Field::Tps => platform.tps,
            Field::Kw => platform.kw,
            Field::Pflops => platform.pflops,
        }
    }

    pub fn set(self, platform: &mut Platform, value: f64) {
        match self {
            Field::UsdHr => platform.usd_hr = value,
            Field::Tps => platform.tps = value,
            Field::Kw => platform.kw = value,
            Field::Pflops => platform.pflops = value,
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

    /// The message under a field, saying what is allowed.
    pub fn message(self, error: &ValueError) -> String {
        let (min, max) = self.range();
        let allowed = format!(
            "enter a number from {} to {} {}",
            format::input_value(min),
            format::count_for_sentence(max),
            self.unit()
        );
        match error {
            ValueError::Parse(format::ParseError::Empty) => format!("Empty: {allowed}."),
            ValueError::Parse(e) => format!("{}: {allowed}.", capitalise(&e.to_string())),
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

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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

/// One platform: a GPU type as deployed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Platform {
    pub name: String,
    /// The catalogue entry it started from, if any.
    pub preset: Option<PresetId>,
    pub usd_hr: f64,
    pub tps: f64,
    pub kw: f64,
    pub pflops: f64,
    pub precision: Precision,
}

impl Platform {
    pub fn inputs(&self) -> PlatformInputs {
        PlatformInputs::new(self.usd_hr, self.tps, self.kw, self.pflops)
    }

    /// A name cut to the allowed length; true when it was cut.
    pub fn clean_name(name: &str) -> (String, bool) {
        let trimmed = name.trim();
        let cut: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
        let was_cut = cut.chars().count() < trimmed.chars().count();
        (cut, was_cut)
    }

    /// Every field in range and the name within its length.
    pub fn is_valid(&self) -> bool {
        Field::ALL.iter().all(|f| f.check(f.get(self)).is_ok())
            && self.name.chars().count() <= MAX_NAME_CHARS
    }
}

/// Everything the page shows is computed from this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub platforms: Vec<Platform>,
    /// 0-based index of the baseline platform.
    pub baseline: usize,
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
            && self.platforms.len() <= MAX_PLATFORMS
            && self.baseline < self.platforms.len()
            && self.platforms.iter().all(Platform::is_valid)
    }

    /// Every platform's metrics, in order.
    pub fn results(&self) -> Results {
        let metrics: Vec<Metrics> = self
            .platforms
            .iter()
            .map(|p| model::compute(&p.inputs()))
            .collect();
        Results {
            baseline: self.baseline.min(metrics.len().saturating_sub(1)),
            metrics,
        }
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

/// The computed table.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub metrics: Vec<Metrics>,
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
            .map(|m| Metric::ALL.iter().map(|k| format::number(m.get(*k))).collect())
            .collect();
        assert_eq!(cells[0], ["1.41", "2.81", "90.0", "52.0K", "4.35"]);
        assert_eq!(cells[1], ["2.65", "5.66", "6.00K", "2.86M", "0.123"]);
        let multiples: Vec<String> = Metric::ALL
            .iter()
            .map(|k| format::multiple(r.multiple(1, *k)))
            .collect();
        assert_eq!(multiples, ["1.88x", "2.02x", "66.7x", "54.9x", "35.5x lower"]);
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
        assert_eq!(s.baseline, 0, "removing the baseline makes platform 1 the baseline");
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
        s.insert_platform(1, removed, true).unwrap();
        assert_eq!(s, {
            let mut d = Scenario::default();
            d.baseline = 1;
            d
        });
    }

    #[test]
    fn names_are_cut_at_sixty_characters() {
        let (name, cut) = Platform::clean_name(&"é".repeat(70));
        assert_eq!(name.chars().count(), 60);
        assert!(cut);
        assert_eq!(Platform::clean_name(" H200 "), ("H200".to_string(), false));
    }
}
