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
pub mod ranges;
pub mod tokens;

pub use metrics::{compute, Metric, Metrics, PlatformInputs, SECONDS_PER_HOUR};
pub use multiple::{compare, Multiple, SAME_TOLERANCE};
