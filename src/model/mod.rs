//! Pure economics of AI inference. No web, no Leptos: every formula of the calculator lives here
//! and is tested natively.

pub mod carbon;
pub mod ceiling;
pub mod cost;
pub mod curve;
pub mod input;
pub mod logs;
pub mod market;
pub mod metrics;
pub mod monotone;
pub mod multiple;
pub mod order;
pub mod ranges;
pub mod tokens;

pub use metrics::{compute, Metric, Metrics, PlatformInputs, SECONDS_PER_HOUR};
pub use multiple::{compare, Multiple, SAME_TOLERANCE};

/// `value` held in [lo, hi], NaN going to lo. Unlike `f64::clamp` it never panics (that one
/// panics when lo > hi or a bound is NaN, and its message brings Rust's float formatting into
/// the wasm); where lo > hi, hi wins.
pub fn clamp(value: f64, lo: f64, hi: f64) -> f64 {
    if value.is_nan() {
        lo
    } else {
        value.max(lo).min(hi)
    }
}
