//! Outputs over input ranges: the lowest and highest value an output takes when each input may
//! lie anywhere between its own low and high, and how far one output moves when a single input
//! goes to its ends (the sensitivity, or tornado).
//!
//! Every output the page computes from a platform's price, throughput, power and utilisation is
//! monotone in each of them taken alone (cost rises with price and falls with throughput and
//! utilisation; tokens per MW rises with throughput and falls with power; and so on). A function
//! monotone in each input reaches its minimum and maximum over a box of inputs at a corner of the
//! box, so evaluating the 16 corners gives the exact range, not an estimate or a sample.
//!
//! Page-wide inputs (electricity price, PUE, grid intensity, an API's list prices) reach these
//! outputs through the platform's inputs (the owned price, the all-in power) or through the
//! output itself (carbon, the margin), and each output is monotone in each of them too; the
//! caller evaluates [`extremes`] at each corner of the page's box and takes the [`union`].

use super::metrics::PlatformInputs;

/// A closed interval, low end first.
pub type Span = (f64, f64);

/// The inputs that may carry a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangedInput {
    UsdHr,
    Tps,
    Kw,
    Utilisation,
}

impl RangedInput {
    pub const ALL: [RangedInput; 4] = [
        RangedInput::UsdHr,
        RangedInput::Tps,
        RangedInput::Kw,
        RangedInput::Utilisation,
    ];

    /// This input's value in a set of platform inputs.
    pub fn get(self, inputs: &PlatformInputs) -> f64 {
        match self {
            RangedInput::UsdHr => inputs.usd_hr,
            RangedInput::Tps => inputs.tps,
            RangedInput::Kw => inputs.kw,
            RangedInput::Utilisation => inputs.utilisation,
        }
    }

    /// The same inputs with this one replaced.
    pub fn with(self, inputs: &PlatformInputs, value: f64) -> PlatformInputs {
        let mut out = *inputs;
        match self {
            RangedInput::UsdHr => out.usd_hr = value,
            RangedInput::Tps => out.tps = value,
            RangedInput::Kw => out.kw = value,
            RangedInput::Utilisation => out.utilisation = value,
        }
        out
    }
}

/// A page-wide input that may carry a range. The model knows them only as names: how each
/// reaches an output is the caller's business.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageInput {
    ElectricityPrice,
    Pue,
    GridIntensity,
    ApiInPrice,
    ApiOutPrice,
}

impl PageInput {
    pub const ALL: [PageInput; 5] = [
        PageInput::ElectricityPrice,
        PageInput::Pue,
        PageInput::GridIntensity,
        PageInput::ApiInPrice,
        PageInput::ApiOutPrice,
    ];
}

/// The input a [`Swing`] moves: one of a platform's or one of the page's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SwingInput {
    Platform(RangedInput),
    Page(PageInput),
}

/// Each input's range, in the units of [`PlatformInputs`] (utilisation as a fraction, power
/// all-in). `None`: the input is exact.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InputRanges {
    pub usd_hr: Option<Span>,
    pub tps: Option<Span>,
    pub kw: Option<Span>,
    pub utilisation: Option<Span>,
}

impl InputRanges {
    pub fn get(&self, input: RangedInput) -> Option<Span> {
        match input {
            RangedInput::UsdHr => self.usd_hr,
            RangedInput::Tps => self.tps,
            RangedInput::Kw => self.kw,
            RangedInput::Utilisation => self.utilisation,
        }
    }

    pub fn is_empty(&self) -> bool {
        RangedInput::ALL.iter().all(|i| self.get(*i).is_none())
    }

    /// The ends of one input, widened where needed so they hold its value (a range always
    /// contains the value it is a range of); a missing range is the value alone.
    fn ends(&self, input: RangedInput, inputs: &PlatformInputs) -> Span {
        let value = input.get(inputs);
        match self.get(input) {
            Some(span) => ends_holding(span, value),
            None => (value, value),
        }
    }
}

/// The lowest and highest value of `output` over every combination of the inputs' ranges,
/// exact because `output` is monotone in each input (see the module's notes). Values that are
/// not finite are left out; with none left, the output's value at the inputs, twice.
pub fn extremes(
    inputs: &PlatformInputs,
    ranges: &InputRanges,
    output: impl Fn(&PlatformInputs) -> f64,
) -> Span {
    let ends: Vec<Span> = RangedInput::ALL
        .iter()
        .map(|i| ranges.ends(*i, inputs))
        .collect();
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for corner in 0..16u32 {
        let mut at = *inputs;
        for (bit, (input, (low, high))) in RangedInput::ALL.iter().zip(&ends).enumerate() {
            let value = if corner & (1 << bit) == 0 {
                *low
            } else {
                *high
            };
            at = input.with(&at, value);
        }
        let v = output(&at);
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo <= hi {
        (lo, hi)
    } else {
        let v = output(inputs);
        (v, v)
    }
}

/// The smallest span holding both.
pub fn union(a: Span, b: Span) -> Span {
    (a.0.min(b.0), a.1.max(b.1))
}

/// The ends of a range widened to hold `value` (a range always contains the value it is a
/// range of); ends that are not finite give the value alone.
pub fn ends_holding(span: Span, value: f64) -> Span {
    let (lo, hi) = span;
    if lo.is_finite() && hi.is_finite() {
        (lo.min(hi).min(value), hi.max(lo).max(value))
    } else {
        (value, value)
    }
}

/// How far an output moves when one input goes to its low and to its high, the others held.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Swing {
    pub input: SwingInput,
    /// The output with this input at its low end.
    pub at_low: f64,
    /// The output with this input at its high end.
    pub at_high: f64,
}

impl Swing {
    /// The width of the swing, for sorting.
    pub fn width(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// One [`Swing`] per input that carries a range, widest first (ties in input order).
pub fn sensitivity(
    inputs: &PlatformInputs,
    ranges: &InputRanges,
    output: impl Fn(&PlatformInputs) -> f64,
) -> Vec<Swing> {
    let mut swings: Vec<Swing> = RangedInput::ALL
        .iter()
        .filter(|i| ranges.get(**i).is_some())
        .map(|input| {
            let (lo, hi) = ranges.ends(*input, inputs);
            Swing {
                input: SwingInput::Platform(*input),
                at_low: output(&input.with(inputs, lo)),
                at_high: output(&input.with(inputs, hi)),
            }
        })
        .filter(|s| s.at_low.is_finite() && s.at_high.is_finite())
        .collect();
    widest_first(&mut swings);
    swings
}

/// Sort swings widest first; ties keep their order.
pub fn widest_first(swings: &mut [Swing]) {
    super::order::sort_by(swings, |a, b| b.width().total_cmp(&a.width()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics::{compute, cost_per_mtok};
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    const H200: PlatformInputs = PlatformInputs::new(1.41, 90.0, 1.73, 3.958);

    fn cost(p: &PlatformInputs) -> f64 {
        compute(p).cost_per_mtok
    }

    #[test]
    fn cost_range_from_price_and_throughput_ranges() {
        // $1.20-1.70 per GPU-hour and 80-100 tokens/s: the cheapest corner is $1.20 at 100
        // tokens/s, 1.20 / 360,000 x 1e6 = $3.333; the dearest $1.70 at 80, 1.70 / 288,000 x
        // 1e6 = $5.903.
        let ranges = InputRanges {
            usd_hr: Some((1.20, 1.70)),
            tps: Some((80.0, 100.0)),
            ..InputRanges::default()
        };
        let (lo, hi) = extremes(&H200, &ranges, cost);
        assert_relative_eq!(lo, 3.333_333, epsilon = 1e-6);
        assert_relative_eq!(hi, 5.902_778, epsilon = 1e-6);
        // Tokens per MW depends on throughput and power only: 80-100 tokens/s at 1.73 kW.
        let (lo, hi) = extremes(&H200, &ranges, |p| compute(p).tok_per_mw);
        assert_relative_eq!(lo, 80_000.0 / 1.73, epsilon = 1e-6);
        assert_relative_eq!(hi, 100_000.0 / 1.73, epsilon = 1e-6);
    }

    #[test]
    fn the_tornado_is_sorted_by_effect() {
        let ranges = InputRanges {
            usd_hr: Some((1.20, 1.70)),
            tps: Some((80.0, 100.0)),
            kw: Some((1.5, 2.0)),
            ..InputRanges::default()
        };
        let swings = sensitivity(&H200, &ranges, cost);
        // Power does not move cost: it comes last, with no width.
        let order: Vec<SwingInput> = swings.iter().map(|s| s.input).collect();
        assert_eq!(
            order,
            [RangedInput::UsdHr, RangedInput::Tps, RangedInput::Kw].map(SwingInput::Platform)
        );
        // Price: 1.20 and 1.70 at 90 tokens/s.
        assert_relative_eq!(swings[0].at_low, cost_per_mtok(1.20, 90.0));
        assert_relative_eq!(swings[0].at_high, cost_per_mtok(1.70, 90.0));
        // Throughput: the low end is the dear one.
        assert_relative_eq!(swings[1].at_low, cost_per_mtok(1.41, 80.0));
        assert_eq!(swings[2].width(), 0.0);
    }

    #[test]
    fn no_ranges_give_the_value_and_no_swings() {
        let (lo, hi) = extremes(&H200, &InputRanges::default(), cost);
        assert_eq!((lo, hi), (cost(&H200), cost(&H200)));
        assert!(sensitivity(&H200, &InputRanges::default(), cost).is_empty());
    }

    fn span(value: f64) -> impl Strategy<Value = Span> {
        (0.5f64..=1.0, 1.0f64..=2.0).prop_map(move |(a, b)| (value * a, value * b))
    }

    proptest! {
        #[test]
        fn every_range_contains_its_value(
            usd_hr in 0.001f64..1000.0,
            tps in 0.001f64..1e7,
            kw in 0.001f64..100.0,
            util in 0.01f64..=1.0,
            picks in proptest::collection::vec(any::<bool>(), 4),
            seed in (span(1.0), span(1.0), span(1.0), span(1.0)),
        ) {
            let inputs = PlatformInputs { usd_hr, tps, kw, pflops: 1.0, utilisation: util };
            let scale = |(a, b): Span, v: f64, on: bool| on.then_some((a * v, b * v));
            let ranges = InputRanges {
                usd_hr: scale(seed.0, usd_hr, picks[0]),
                tps: scale(seed.1, tps, picks[1]),
                kw: scale(seed.2, kw, picks[2]),
                utilisation: scale(seed.3, util, picks[3]).map(|(a, b)| (a, b.min(1.0))),
            };
            for output in [
                |p: &PlatformInputs| compute(p).cost_per_mtok,
                |p: &PlatformInputs| compute(p).tok_per_mw,
                |p: &PlatformInputs| compute(p).flops_per_usd,
            ] {
                let value = output(&inputs);
                let (lo, hi) = extremes(&inputs, &ranges, output);
                prop_assert!(lo <= value * (1.0 + 1e-12) && value <= hi * (1.0 + 1e-12),
                    "{lo} <= {value} <= {hi}");
            }
        }

        #[test]
        fn a_zero_width_range_is_the_value(
            usd_hr in 0.001f64..1000.0,
            tps in 0.001f64..1e7,
            kw in 0.001f64..100.0,
            util in 0.01f64..=1.0,
        ) {
            let inputs = PlatformInputs { usd_hr, tps, kw, pflops: 1.0, utilisation: util };
            let ranges = InputRanges {
                usd_hr: Some((usd_hr, usd_hr)),
                tps: Some((tps, tps)),
                kw: Some((kw, kw)),
                utilisation: Some((util, util)),
            };
            let value = cost(&inputs);
            prop_assert_eq!(extremes(&inputs, &ranges, cost), (value, value));
        }
    }
}
