//! Input and output tokens: what a request mix costs on one platform.
//!
//! A request mix (input and output tokens per request) and either separate prefill and decode
//! throughputs or an output/input price ratio give the cost per million input tokens, per million
//! output tokens, per request and blended ([`token_costs`]). A platform's `tps` is output
//! tokens/s with the cost of the input tokens already inside it, so the split is a second way to
//! state that throughput, never added on top.

use serde::{Deserialize, Serialize};

use super::input::{Input, InputError};
use super::SECONDS_PER_HOUR;

// 2. Input and output tokens
// =============================================================================================

/// The workload's request: tokens read (prompt, prefill) and written (decode) per request.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenMix {
    pub input_tokens: f64,
    pub output_tokens: f64,
}

impl TokenMix {
    pub fn validate(&self) -> Result<(), InputError> {
        Input::InputTokens.check(self.input_tokens)?;
        Input::OutputTokens.check(self.output_tokens)?;
        Ok(())
    }

    /// Input plus output tokens.
    pub fn total(&self) -> f64 {
        self.input_tokens + self.output_tokens
    }
}

/// How a platform states the split between input and output tokens.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum TokenSplit {
    /// The platform's usual throughput (`output_tps`, the input's cost already inside it) and a
    /// measured prefill throughput (input tokens/s per GPU): the request's GPU time stays
    /// output / output_tps, of which input / prefill_tps is prefill and the rest decode.
    Throughputs { prefill_tps: f64, output_tps: f64 },
    /// The platform's usual throughput (`tps`: output tokens/s per GPU for this mix, with the
    /// input tokens' cost already inside it) and the price of an output token as `ratio` times
    /// that of an input token.
    PriceRatio { output_tps: f64, ratio: f64 },
}

/// What a request mix costs on one platform. All prices in US$.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenCosts {
    /// US$ per million input tokens.
    pub per_m_input: f64,
    /// US$ per million output tokens.
    pub per_m_output: f64,
    /// US$ per request of the mix.
    pub per_request: f64,
    /// US$ per million tokens of the mix, input and output counted alike.
    pub blended_per_m: f64,
    /// GPU-seconds one request takes.
    pub gpu_seconds_per_request: f64,
    /// Output tokens/s per GPU that this mix delivers: output tokens / GPU-seconds per request.
    /// Comparable with the seed's `tps` (equal to it under [`TokenSplit::PriceRatio`]).
    pub output_tps: f64,
}

/// Costs with a measured prefill throughput, inside the platform's throughput.
///
/// - GPU-seconds per request = output / output_tps (the platform's `tps` already holds the
///   input's cost: nothing is added on top)
/// - prefill time = input / prefill_tps; decode time = output / output_tps - input / prefill_tps,
///   refused when not positive
/// - cost per million input tokens = usd_hr / (prefill_tps x 3600) x 1e6; cost per million
///   output tokens = usd_hr / 3600 x decode time / output x 1e6 (so input x per_m_input +
///   output x per_m_output = cost per request x 1e6)
/// - blended per million = cost per request / (input + output) x 1e6
pub fn costs_from_throughputs(
    usd_hr: f64,
    mix: &TokenMix,
    prefill_tps: f64,
    output_tps: f64,
) -> Result<TokenCosts, InputError> {
    Input::UsdHr.check(usd_hr)?;
    mix.validate()?;
    Input::PrefillTps.check(prefill_tps)?;
    Input::OutputTps.check(output_tps)?;
    let usd_per_s = usd_hr / SECONDS_PER_HOUR;
    let gpu_seconds = mix.output_tokens / output_tps;
    let prefill_seconds = mix.input_tokens / prefill_tps;
    let decode_seconds = gpu_seconds - prefill_seconds;
    // A decode time within rounding of zero is none at all.
    if decode_seconds.is_nan() || decode_seconds <= 1e-12 * gpu_seconds {
        return Err(InputError::PrefillLeavesNoDecodeTime {
            input_seconds: prefill_seconds,
            request_seconds: gpu_seconds,
        });
    }
    let per_request = usd_per_s * gpu_seconds;
    Ok(TokenCosts {
        per_m_input: usd_per_s / prefill_tps * 1e6,
        per_m_output: usd_per_s * decode_seconds / mix.output_tokens * 1e6,
        per_request,
        blended_per_m: per_request / mix.total() * 1e6,
        gpu_seconds_per_request: gpu_seconds,
        output_tps,
    })
}

/// Costs from an output throughput that already carries the input tokens, split by a price ratio.
///
/// `output_tps` (the seed's `tps`) says a request takes output / output_tps GPU-seconds, prefill
/// included, so it costs R = usd_hr / 3600 x output / output_tps. That cost is shared out so
/// that an output token costs `ratio` times an input token:
///
/// R = (output x C_out + input x C_in) / 1e6 with C_out = ratio x C_in, hence
/// C_in = R x 1e6 / (ratio x output + input) and C_out = ratio x C_in.
///
/// The total is not changed, only divided: C_out is below the seed's cost per million tokens
/// (which charges everything to output tokens) and tends to it as the ratio grows or the input
/// shrinks. Blended per million = R / (input + output) x 1e6.
pub fn costs_from_price_ratio(
    usd_hr: f64,
    mix: &TokenMix,
    output_tps: f64,
    ratio: f64,
) -> Result<TokenCosts, InputError> {
    Input::UsdHr.check(usd_hr)?;
    mix.validate()?;
    Input::OutputTps.check(output_tps)?;
    Input::PriceRatio.check(ratio)?;
    let gpu_seconds = mix.output_tokens / output_tps;
    let per_request = usd_hr / SECONDS_PER_HOUR * gpu_seconds;
    let per_m_input = per_request * 1e6 / (ratio * mix.output_tokens + mix.input_tokens);
    Ok(TokenCosts {
        per_m_input,
        per_m_output: ratio * per_m_input,
        per_request,
        blended_per_m: per_request / mix.total() * 1e6,
        gpu_seconds_per_request: gpu_seconds,
        output_tps,
    })
}

/// Costs of a mix under either way of stating the split.
pub fn token_costs(
    usd_hr: f64,
    mix: &TokenMix,
    split: &TokenSplit,
) -> Result<TokenCosts, InputError> {
    match *split {
        TokenSplit::Throughputs {
            prefill_tps,
            output_tps,
        } => costs_from_throughputs(usd_hr, mix, prefill_tps, output_tps),
        TokenSplit::PriceRatio { output_tps, ratio } => {
            costs_from_price_ratio(usd_hr, mix, output_tps, ratio)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    const MIX: TokenMix = TokenMix {
        input_tokens: 1000.0,
        output_tokens: 500.0,
    };

    #[test]
    fn a_prefill_figure_splits_the_request_it_does_not_add_to_it() {
        // $3.60/h is $0.001 per GPU-second. 500 output tokens at 100 tokens/s (input included)
        // = 5 GPU-seconds = $0.005 per request, with or without a prefill figure.
        // Prefill 10,000 input tokens/s: 1000 input tokens take 0.1 s, so decode takes 4.9 s.
        // Input: 0.001 / 10,000 x 1e6 = $0.10 per million; output: 0.001 x 4.9 / 500 x 1e6
        // = $9.80 per million. Check: 1000 x 0.10 / 1e6 + 500 x 9.80 / 1e6 = 0.0001 + 0.0049
        // = 0.005. Blended: 0.005 / 1500 x 1e6 = $3.3333 per million.
        let c = costs_from_throughputs(3.6, &MIX, 10_000.0, 100.0);
        let Ok(c) = c else { panic!("{c:?}") };
        assert_relative_eq!(c.gpu_seconds_per_request, 5.0, epsilon = 1e-12);
        assert_relative_eq!(c.per_request, 0.005, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_input, 0.1, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_output, 9.8, epsilon = 1e-12);
        assert_relative_eq!(c.blended_per_m, 10.0 / 3.0, epsilon = 1e-12);
        assert_relative_eq!(c.output_tps, 100.0);
        // The request costs what the seed's cost per million output tokens says.
        let seed = crate::model::metrics::cost_per_mtok(3.6, 100.0);
        assert_relative_eq!(c.per_request, seed * 500.0 / 1e6, epsilon = 1e-12);
        // Prefill 200/s: the input alone takes 5 s, the whole request: refused, not negative.
        assert_eq!(
            costs_from_throughputs(3.6, &MIX, 200.0, 100.0),
            Err(InputError::PrefillLeavesNoDecodeTime {
                input_seconds: 5.0,
                request_seconds: 5.0
            })
        );
        assert!(costs_from_throughputs(3.6, &MIX, 100.0, 100.0).is_err());
    }

    #[test]
    fn price_ratio_by_hand() {
        // 500 output tokens at 100 tokens/s (input included) = 5 GPU-seconds = $0.005 at $3.60/h.
        // Ratio 4: C_in = 0.005 x 1e6 / (4 x 500 + 1000) = 5000 / 3000 = $1.6667 per million;
        // C_out = 4 x 1.6667 = $6.6667. Check: 500 x 6.6667 / 1e6 + 1000 x 1.6667 / 1e6
        // = 0.003333 + 0.001667 = 0.005. Blended: 0.005 / 1500 x 1e6 = $3.3333.
        // The seed's figure, everything charged to output: 3.6 / (100 x 3600) x 1e6 = $10.
        let c = token_costs(
            3.6,
            &MIX,
            &TokenSplit::PriceRatio {
                output_tps: 100.0,
                ratio: 4.0,
            },
        );
        let Ok(c) = c else { panic!("{c:?}") };
        assert_relative_eq!(c.per_request, 0.005, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_input, 5000.0 / 3000.0, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_output, 20000.0 / 3000.0, epsilon = 1e-12);
        assert_relative_eq!(c.blended_per_m, 10.0 / 3.0, epsilon = 1e-12);
        assert_relative_eq!(c.output_tps, 100.0);
        let seed = crate::model::metrics::cost_per_mtok(3.6, 100.0);
        assert!(c.per_m_output < seed);
        // The split divides the seed's total, it adds nothing: the request costs what the
        // seed's cost per million output tokens says.
        assert_relative_eq!(
            c.per_request,
            seed * MIX.output_tokens / 1e6,
            epsilon = 1e-12
        );
    }
}
