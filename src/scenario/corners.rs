//! Ranges that reach the model from outside its box of platform inputs: the page's (electricity
//! price, PUE, grid intensity, an API's list prices) and, in "own" mode, a platform's power,
//! which sets its owned price as well as its power.
//!
//! Why evaluating the model's box at each corner of these ranges is exact: every output the
//! page ranges (the five metrics, cost per request, carbon, the API margin) is monotone in each
//! of these inputs taken alone, the others held. Electricity price and PUE raise the owned price
//! (capital + operations + kW x PUE x $/kWh, each term rising) and PUE raises the all-in power;
//! a platform's own power raises both; grid intensity raises carbon; the API prices raise the
//! revenue, and the margin 1 - cost / revenue rises with it. The model's outputs are monotone
//! in each of the model's inputs too, so each output is monotone in each input of the whole box,
//! page and platform, and reaches its extremes at a corner of that box. Its lowest value is
//! then the lowest, over the corners of the outer ranges, of its lowest over the model's box
//! at that corner ([`crate::model::ranges::extremes`]), and the same for the highest.

use std::borrow::Cow;

use super::fields::Field;
use super::platform::{CostMode, Platform};
use super::settings::Settings;
use super::spans::PageRanges;
use crate::model::ranges::{ends_holding, PageInput, RangedInput, Span, SwingInput};

impl PageRanges {
    /// The page settings that may carry a range, in link order.
    pub const FIELDS: [Field; 5] = [
        Field::UsdKwh,
        Field::Pue,
        Field::GridIntensity,
        Field::ApiIn,
        Field::ApiOut,
    ];

    pub fn get(&self, field: Field) -> Option<Span> {
        match field {
            Field::UsdKwh => self.usd_kwh,
            Field::Pue => self.pue,
            Field::GridIntensity => self.grid_g_kwh,
            Field::ApiIn => self.api_in,
            Field::ApiOut => self.api_out,
            _ => None,
        }
    }

    pub fn set(&mut self, field: Field, span: Option<Span>) {
        match field {
            Field::UsdKwh => self.usd_kwh = span,
            Field::Pue => self.pue = span,
            Field::GridIntensity => self.grid_g_kwh = span,
            Field::ApiIn => self.api_in = span,
            Field::ApiOut => self.api_out = span,
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        PageRanges::FIELDS.iter().all(|f| self.get(*f).is_none())
    }
}

/// The model's name of a page setting that may carry a range.
pub fn page_input(field: Field) -> Option<PageInput> {
    match field {
        Field::UsdKwh => Some(PageInput::ElectricityPrice),
        Field::Pue => Some(PageInput::Pue),
        Field::GridIntensity => Some(PageInput::GridIntensity),
        Field::ApiIn => Some(PageInput::ApiInPrice),
        Field::ApiOut => Some(PageInput::ApiOutPrice),
        _ => None,
    }
}

/// The page setting a model's page input is.
pub fn page_field(input: PageInput) -> Field {
    match input {
        PageInput::ElectricityPrice => Field::UsdKwh,
        PageInput::Pue => Field::Pue,
        PageInput::GridIntensity => Field::GridIntensity,
        PageInput::ApiInPrice => Field::ApiIn,
        PageInput::ApiOutPrice => Field::ApiOut,
    }
}

/// One input ranged outside the model's box, with its ends (widened to hold its value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OuterRange {
    pub input: SwingInput,
    pub ends: Span,
}

impl OuterRange {
    /// Whether this input can move cost per million tokens: the electricity price and PUE
    /// (through the owned price) and a platform's own power. Grid intensity and an API's list
    /// prices never enter that cost.
    pub fn moves_cost(&self) -> bool {
        matches!(
            self.input,
            SwingInput::Page(PageInput::ElectricityPrice | PageInput::Pue)
                | SwingInput::Platform(RangedInput::Kw)
        )
    }
}

/// The page's ranges in force, in [`PageRanges::FIELDS`] order: each ranged setting that has
/// a value (a range of a blank API price holds nothing). The same for every platform.
pub fn page_ranges(settings: &Settings) -> Vec<OuterRange> {
    PageRanges::FIELDS
        .into_iter()
        .filter_map(|field| {
            let span = settings.ranges.get(field)?;
            let value = field.get_page(settings).filter(|v| v.is_finite())?;
            Some(OuterRange {
                input: SwingInput::Page(page_input(field)?),
                ends: ends_holding(span, value),
            })
        })
        .collect()
}

/// A platform's power range where power also sets its price: "own" mode without a logged
/// bill. The model's box holds the price and the power apart, so there the power range is
/// taken out of the box and ranged here, the price following it.
pub fn owned_power_range(platform: &Platform) -> Option<OuterRange> {
    let owned = platform.cost_mode == CostMode::Own && platform.logs.usd_hr().is_none();
    let span = platform.ranges.kw.filter(|_| owned)?;
    Some(OuterRange {
        input: SwingInput::Platform(RangedInput::Kw),
        ends: ends_holding(span, platform.kw),
    })
}

/// The platform as the model's box sees it: without the power range that
/// [`owned_power_range`] takes out of the box.
pub fn inner_platform(platform: &Platform) -> Cow<'_, Platform> {
    if owned_power_range(platform).is_some() {
        let mut inner = platform.clone();
        inner.ranges.kw = None;
        Cow::Owned(inner)
    } else {
        Cow::Borrowed(platform)
    }
}

/// The platform as the model's box sees it at each end of its owned power range, or once,
/// without one.
pub fn power_variants(platform: &Platform) -> Vec<Cow<'_, Platform>> {
    let inner = inner_platform(platform);
    match owned_power_range(platform) {
        Some(range) => [range.ends.0, range.ends.1]
            .map(|kw| {
                let mut variant = inner.clone();
                variant.to_mut().kw = kw;
                variant
            })
            .into(),
        None => vec![inner],
    }
}

/// The platform and the settings with one outer input at `value`.
pub fn set(
    input: SwingInput,
    value: f64,
    platform: &mut Cow<'_, Platform>,
    settings: &mut Settings,
) {
    match input {
        SwingInput::Page(page) => page_field(page).set_page(settings, Some(value)),
        SwingInput::Platform(RangedInput::Kw) => platform.to_mut().kw = value,
        SwingInput::Platform(_) => {}
    }
}

/// The settings at every corner of the page's ranges, 2^k of them for k ranges, the first
/// range's low end first; the settings alone without ranges.
pub fn page_corners(settings: &Settings, page: &[OuterRange]) -> Vec<Settings> {
    let mut corners = vec![*settings];
    for range in page {
        let SwingInput::Page(input) = range.input else {
            continue;
        };
        corners = corners
            .into_iter()
            .flat_map(|corner| {
                [range.ends.0, range.ends.1].map(|value| {
                    let mut at = corner;
                    page_field(input).set_page(&mut at, Some(value));
                    at
                })
            })
            .collect();
    }
    corners
}

/// The corners of the page's ranges that reach each group of outputs: an output does not move
/// with a page input it does not depend on, so only the inputs that reach it are cornered
/// (at most 4, 4 and 16 corners instead of 32).
#[derive(Clone, Debug, PartialEq)]
pub struct PageCorners {
    /// The five metrics and cost per request: electricity price and PUE.
    pub cost: Vec<Settings>,
    /// Carbon: PUE and grid intensity.
    pub carbon: Vec<Settings>,
    /// The API margin: electricity price, PUE and the API's prices.
    pub margin: Vec<Settings>,
}

impl PageCorners {
    /// `None` without page ranges.
    pub fn new(settings: &Settings, page: &[OuterRange]) -> Option<PageCorners> {
        if page.is_empty() {
            return None;
        }
        let of = |inputs: &[PageInput]| {
            let reaching: Vec<OuterRange> = page
                .iter()
                .filter(|r| matches!(r.input, SwingInput::Page(i) if inputs.contains(&i)))
                .copied()
                .collect();
            page_corners(settings, &reaching)
        };
        use PageInput::*;
        Some(PageCorners {
            cost: of(&[ElectricityPrice, Pue]),
            carbon: of(&[Pue, GridIntensity]),
            margin: of(&[ElectricityPrice, Pue, ApiInPrice, ApiOutPrice]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_corners_cover_every_end() {
        let mut settings = Settings::default();
        settings.ranges.usd_kwh = Some((0.05, 0.12));
        settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        // A range of a blank API price holds nothing and is not in force.
        settings.ranges.api_in = Some((0.5, 0.6));
        let page = page_ranges(&settings);
        assert_eq!(page.len(), 2);
        let corners = page_corners(&settings, &page);
        let ends: Vec<(f64, f64)> = corners.iter().map(|s| (s.usd_kwh, s.grid_g_kwh)).collect();
        assert_eq!(
            ends,
            [(0.05, 300.0), (0.05, 500.0), (0.12, 300.0), (0.12, 500.0)]
        );
        assert_eq!(page_corners(&settings, &[]), vec![settings]);
    }

    #[test]
    fn a_range_is_widened_to_hold_its_value() {
        let mut settings = Settings {
            pue: 1.6,
            ..Settings::default()
        };
        settings.ranges.pue = Some((1.2, 1.5));
        assert_eq!(page_ranges(&settings)[0].ends, (1.2, 1.6));
    }

    #[test]
    fn power_leaves_the_box_only_where_it_sets_the_price() {
        let mut p = Platform::from_preset(crate::catalogue::PresetId::H200);
        p.ranges.kw = Some((1.5, 2.0));
        assert_eq!(owned_power_range(&p), None);
        assert!(matches!(inner_platform(&p), Cow::Borrowed(_)));
        p.cost_mode = CostMode::Own;
        assert_eq!(owned_power_range(&p).map(|r| r.ends), Some((1.5, 2.0)));
        assert_eq!(inner_platform(&p).ranges.kw, None);
    }

    #[test]
    fn each_output_is_cornered_only_on_the_page_ranges_that_reach_it() {
        let mut settings = Settings {
            api_in: Some(0.55),
            api_out: Some(2.19),
            ..Settings::default()
        };
        for field in PageRanges::FIELDS {
            let value = field.get_page(&settings).unwrap();
            settings.ranges.set(field, Some((value, value)));
        }
        let corners = PageCorners::new(&settings, &page_ranges(&settings)).unwrap();
        assert_eq!(
            (
                corners.cost.len(),
                corners.carbon.len(),
                corners.margin.len()
            ),
            (4, 4, 16)
        );
        assert_eq!(PageCorners::new(&Settings::default(), &[]), None);
    }
}
