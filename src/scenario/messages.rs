//! The sentences for the model's typed errors: the model names which input was wrong and by how
//! much; the words a person reads are chosen here.

use std::fmt;

use crate::format::number_for_message as show;
use crate::model::input::{Input, InputError};

/// The label and unit of a model input, as a message names it.
const fn describe(input: Input) -> (&'static str, &'static str) {
    match input {
        Input::InputTokens => ("Input tokens per request", "tokens"),
        Input::OutputTokens => ("Output tokens per request", "tokens"),
        Input::PrefillTps => ("Prefill throughput", "input tokens/s per GPU"),
        Input::DecodeTps => ("Decode throughput", "output tokens/s per GPU"),
        Input::OutputTps => ("Output throughput", "output tokens/s per GPU"),
        Input::PriceRatio => ("Output/input price ratio", ""),
        Input::UsdHr => ("Cost per GPU-hour", "$ per GPU-hour"),
        Input::TotalParams => ("Total parameters", "billion"),
        Input::ActiveParams => ("Active parameters per token", "billion"),
        Input::SharedParams => ("Shared (non-expert) parameters", "billion"),
        Input::ExpertParams => ("Parameters per expert", "billion"),
        Input::Experts => ("Experts", ""),
        Input::ActiveExperts => ("Active experts per token", ""),
        Input::BytesPerParam => ("Bytes per parameter", "bytes"),
        Input::KvBytesPerToken => ("KV cache per token", "bytes per token"),
        Input::ContextTokens => ("Context length", "tokens"),
        Input::Batch => ("Batch size", "sequences"),
        Input::Gpus => ("GPUs per model copy", ""),
        Input::HbmTbS => ("HBM bandwidth", "TB/s per GPU"),
        Input::HbmGb => ("HBM capacity", "GB per GPU"),
        Input::PeakPflops => ("Peak dense compute", "PFLOPS per GPU"),
        Input::TokensPerStep => ("Tokens per decode step", "tokens per sequence"),
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::OutOfRange {
                input,
                value,
                min,
                max,
            } => {
                let (what, unit) = describe(*input);
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    format!(" {unit}")
                };
                write!(
                    f,
                    "{what} must be from {} to {}{unit} (got {})",
                    show(*min),
                    show(*max),
                    show(*value)
                )
            }
            InputError::ActiveAboveTotal { active_b, total_b } => write!(
                f,
                "Active parameters ({}B) cannot exceed total parameters ({}B)",
                show(*active_b),
                show(*total_b)
            ),
            InputError::ActiveExpertsAboveExperts { active, experts } => write!(
                f,
                "Active experts ({active}) cannot exceed the number of experts ({experts})"
            ),
            InputError::InconsistentExperts {
                total_b,
                active_b,
                experts,
                active_experts,
            } => write!(
                f,
                "{}B total and {}B active parameters cannot come from {active_experts} of \
                 {experts} equal experts plus shared weights: the shared part would be negative",
                show(*total_b),
                show(*active_b)
            ),
            InputError::PrefillLeavesNoDecodeTime {
                input_seconds,
                request_seconds,
            } => write!(
                f,
                "The input tokens at this prefill throughput take {} GPU-seconds, but the whole \
                 request takes {} at the platform's throughput (which already holds the input): \
                 no time is left to decode. Raise the prefill throughput or check the throughput",
                crate::format::count_for_sentence(*input_seconds),
                crate::format::count_for_sentence(*request_seconds)
            ),
        }
    }
}

impl std::error::Error for InputError {}
