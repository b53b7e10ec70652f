//! Small helpers that keep values drawable: finite, clamped, powers of ten without overflow.

/// A clean finite value or None.
pub(crate) fn finite_positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

pub(crate) use crate::model::clamp;

/// Powers of ten with exponents in [-300, 300], so nothing overflows.
pub(crate) fn pow10(exponent: f64) -> f64 {
    10f64.powf(clamp(exponent, -300.0, 300.0))
}
