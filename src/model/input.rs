//! The model's inputs: each one's closed range of valid values, and the error for a value
//! outside it or for values that do not fit together. Numbers and names only: the words a person
//! reads are chosen above the model (the scenario's messages).

/// A closed range of valid values, `(min, max)`.
pub type Range = (f64, f64);

/// True when `value` is finite and inside the closed range.
pub fn in_range(value: f64, (min, max): Range) -> bool {
    value.is_finite() && value >= min && value <= max
}

// The platform inputs of the seed table.
pub const USD_HR: Range = (0.001, 1000.0);
pub const TPS: Range = (0.001, 10_000_000.0);
pub const KW: Range = (0.001, 100.0);
pub const PFLOPS: Range = (0.001, 100_000.0);

// The cost of owning, utilisation, energy and the token factory.
pub const CAPITAL_USD: Range = (0.0, 10_000_000.0);
pub const DEPRECIATION_YEARS: Range = (1.0, 30.0);
pub const COST_OF_CAPITAL_PCT: Range = (0.0, 100.0);
pub const OPERATIONS_USD_YEAR: Range = (0.0, 10_000_000.0);
pub const ELECTRICITY_USD_KWH: Range = (0.0, 10.0);
pub const PUE: Range = (1.0, 3.0);
pub const UTILISATION_PCT: Range = (1.0, 100.0);
pub const SITE_MW: Range = (0.001, 100_000.0);
pub const PRICE_PER_MTOK: Range = (0.0, 1_000_000.0);

/// Both coordinates of a measured point (interactivity, throughput): the range of `tps`.
pub const POINT: Range = TPS;

/// Tokens per request, input or output.
pub const TOKENS_PER_REQUEST: Range = (1.0, 10_000_000.0);
/// A prefill, decode or output throughput in tokens/s per GPU: the range of `tps`.
pub const TOKEN_THROUGHPUT: Range = TPS;
/// Output token price / input token price.
pub const PRICE_RATIO: Range = (1.0, 100.0);

/// An input of the token split or of the decode ceiling, named in an [`InputError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    InputTokens,
    OutputTokens,
    PrefillTps,
    DecodeTps,
    OutputTps,
    PriceRatio,
    UsdHr,
    TotalParams,
    ActiveParams,
    SharedParams,
    ExpertParams,
    Experts,
    ActiveExperts,
    BytesPerParam,
    KvBytesPerToken,
    ContextTokens,
    Batch,
    Gpus,
    HbmTbS,
    HbmGb,
    PeakPflops,
    TokensPerStep,
}

impl Input {
    /// The closed range of valid values.
    pub const fn range(self) -> Range {
        match self {
            Input::InputTokens | Input::OutputTokens => TOKENS_PER_REQUEST,
            Input::PrefillTps | Input::DecodeTps | Input::OutputTps => TOKEN_THROUGHPUT,
            Input::PriceRatio => PRICE_RATIO,
            Input::UsdHr => USD_HR,
            Input::TotalParams | Input::ActiveParams => (0.001, 100_000.0),
            Input::SharedParams => (0.0, 100_000.0),
            Input::ExpertParams => (0.0001, 100_000.0),
            Input::Experts | Input::ActiveExperts => (1.0, 100_000.0),
            Input::BytesPerParam => (0.1, 8.0),
            Input::KvBytesPerToken => (0.0, 100_000_000.0),
            Input::ContextTokens => (1.0, 10_000_000.0),
            Input::Batch => (1.0, 1_000_000.0),
            Input::Gpus => (1.0, 100_000.0),
            Input::HbmTbS => (0.001, 1000.0),
            Input::HbmGb => (0.001, 100_000.0),
            Input::PeakPflops => (0.001, 100_000.0),
            Input::TokensPerStep => (1.0, 16.0),
        }
    }

    /// The value if it is finite and within the closed range.
    pub fn check(self, value: f64) -> Result<f64, InputError> {
        let (min, max) = self.range();
        if in_range(value, (min, max)) {
            Ok(value)
        } else {
            Err(InputError::OutOfRange {
                input: self,
                value,
                min,
                max,
            })
        }
    }
}

/// Why an input of the token split or of the ceiling was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// Outside its closed range, or not finite.
    OutOfRange {
        input: Input,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A model with more active than total parameters.
    ActiveAboveTotal { active_b: f64, total_b: f64 },
    /// More active experts than experts.
    ActiveExpertsAboveExperts { active: u32, experts: u32 },
    /// Total and active parameters that no split into shared weights and equal experts fits.
    InconsistentExperts {
        total_b: f64,
        active_b: f64,
        experts: u32,
        active_experts: u32,
    },
    /// The input tokens at the prefill throughput take as long as the whole request at the
    /// platform's throughput (which holds the input's cost): no time would be left to decode.
    PrefillLeavesNoDecodeTime {
        input_seconds: f64,
        request_seconds: f64,
    },
}
