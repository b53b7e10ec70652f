//! A measured interactivity-throughput curve and the throughput read off it at a target.
//!
//! A platform may carry points measured at several batch sizes: interactivity (output tokens/s
//! seen by one user) against throughput (output tokens/s per GPU). Serving each user faster means
//! smaller batches and so fewer tokens per GPU. [`Curve`] interpolates between the points with a
//! monotone cubic and holds the end value outside the measured range, marked as clamped.
//! Text forms of the points (pasted CSV, the link's compact form) live in `codec::points`.

use serde::{Deserialize, Serialize};

use super::input::in_range;

/// The interpolation method of [`Curve`].
pub const INTERPOLATION_CITATION: &str = "F. N. Fritsch and R. E. Carlson, \"Monotone Piecewise \
     Cubic Interpolation\", SIAM Journal on Numerical Analysis 17(2), 238-246, 1980";

// =============================================================================================
// 1. Speed targets: the interactivity-throughput curve
// =============================================================================================

/// At most this many measured points on a curve: enough for any published sweep, and short
/// enough for a link.
pub const MAX_POINTS: usize = 32;

/// The closed range of both coordinates of a point, as for `tps`.
pub const POINT_RANGE: (f64, f64) = (0.001, 10_000_000.0);

/// Two interactivities closer than this relative difference count as the same point: the
/// interpolation needs room between points (and log-space rounding would merge them).
pub const SAME_X_TOLERANCE: f64 = 1e-9;

/// The axes of a curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Axis {
    /// x: output tokens per second seen by one user.
    Interactivity,
    /// y: output tokens per second per GPU.
    Throughput,
}

/// Where a bad point was: its 1-based position in a list or link, or its line in pasted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Point(usize),
    Line(usize),
}

/// Why a set of points was refused. Every message names the point or line.
#[derive(Clone, Debug, PartialEq)]
pub enum CurveError {
    /// Fewer than two valid points.
    TooFewPoints { found: usize },
    /// More than [`MAX_POINTS`].
    TooManyPoints,
    /// NaN or infinite.
    NotFinite { at: Place, axis: Axis },
    /// Outside [`POINT_RANGE`] (zero and negatives included).
    OutOfRange { at: Place, axis: Axis, value: f64 },
    /// Two points at the same interactivity (within [`SAME_X_TOLERANCE`]).
    SameX { first: Place, second: Place, x: f64 },
}

/// Which side of the measured range a lookup fell on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clamp {
    /// Below the smallest measured interactivity: the value there is returned.
    Below,
    /// Above the largest measured interactivity: the value there is returned.
    Above,
}

/// The result of reading a curve: the value, and whether it was clamped to the measured range
/// (so the page can say "beyond the measured points").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lookup {
    pub value: f64,
    pub clamped: Option<Clamp>,
}

/// The space a curve is interpolated in.
///
/// [`Interpolation::LogLog`] is the one [`Curve::at`] uses. Interactivity-throughput curves span
/// orders of magnitude (10 to 1,000 tokens/s per user, 100 to 10,000 tokens/s per GPU), their
/// points are usually spaced geometrically (batch 1, 2, 4, ... 256), and the trade-off between
/// the axes is close to a power law (throughput ~ batch / step time, interactivity ~ 1 / step
/// time). A power law is a straight line in log-log space, so there the cubic follows it, while in
/// linear space it bows far away from it (the test `log_log_follows_a_power_law` has numbers).
/// Both spaces keep the guarantees: log is increasing, so monotone data stays monotone and values
/// stay within the data's range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Interpolation {
    #[default]
    LogLog,
    Linear,
}

/// Tangents of a monotone piecewise cubic Hermite interpolant (Fritsch and Carlson 1980,
/// [`INTERPOLATION_CITATION`]), for `xs` strictly increasing.
///
/// 1. secants `d_k = (y_{k+1} - y_k) / (x_{k+1} - x_k)`;
/// 2. initial tangents: the end secants at the ends, the mean of the two secants inside, or zero
///    where the secants change sign or one is zero (a local extremum or flat stretch);
/// 3. both tangents of a flat segment (`d_k = 0`) are zero;
/// 4. with `alpha = m_k / d_k`, `beta = m_{k+1} / d_k`: where `alpha^2 + beta^2 > 9`, both are
///    scaled by `tau = 3 / sqrt(alpha^2 + beta^2)`.
///
/// With these tangents every segment is monotone between its two data values, so the curve never
/// overshoots the data. Total: mismatched lengths use the shorter; fewer than two points give zero
/// tangents; a non-increasing step of `xs` counts as a flat segment.
pub fn fritsch_carlson_tangents(xs: &[f64], ys: &[f64]) -> Vec<f64> {
    let n = xs.len().min(ys.len());
    if n < 2 {
        return vec![0.0; n];
    }
    let secants: Vec<f64> = xs[..n]
        .windows(2)
        .zip(ys[..n].windows(2))
        .map(|pair| match pair {
            ([x0, x1], [y0, y1]) => {
                let h = x1 - x0;
                let d = (y1 - y0) / h;
                if h > 0.0 && d.is_finite() {
                    d
                } else {
                    0.0
                }
            }
            _ => 0.0,
        })
        .collect();
    let mut m = Vec::with_capacity(n);
    m.push(secants.first().copied().unwrap_or(0.0));
    m.extend(secants.windows(2).map(|w| match w {
        [a, b] if a * b > 0.0 => (a + b) / 2.0,
        _ => 0.0,
    }));
    m.push(secants.last().copied().unwrap_or(0.0));
    for (k, &d) in secants.iter().enumerate() {
        let Some([left, right]) = m.get_mut(k..k + 2) else {
            continue;
        };
        if d == 0.0 {
            *left = 0.0;
            *right = 0.0;
            continue;
        }
        let alpha = *left / d;
        let beta = *right / d;
        let radius2 = alpha * alpha + beta * beta;
        if radius2 > 9.0 {
            // tau * alpha * d is tau * m: written so, an overflowing alpha gives 0, not NaN.
            let tau = if radius2.is_finite() {
                3.0 / radius2.sqrt()
            } else {
                0.0
            };
            *left *= tau;
            *right *= tau;
        }
    }
    m
}

/// The cubic Hermite segment from `(x0, y0)` with tangent `m0` to `(x1, y1)` with tangent `m1`,
/// at `x` (clamped into the segment). The result is clamped to `[min(y0, y1), max(y0, y1)]`: the
/// Fritsch-Carlson tangents guarantee that already, the clamp only removes rounding.
pub fn hermite_segment(x0: f64, y0: f64, m0: f64, x1: f64, y1: f64, m1: f64, x: f64) -> f64 {
    let h = x1 - x0;
    if !(h > 0.0 && h.is_finite()) {
        return y0;
    }
    let t = ((x - x0) / h).clamp(0.0, 1.0);
    let t2 = t * t;
    let t3 = t2 * t;
    let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
    let h10 = t3 - 2.0 * t2 + t;
    let h01 = -2.0 * t3 + 3.0 * t2;
    let h11 = t3 - t2;
    let v = h00 * y0 + h10 * h * m0 + h01 * y1 + h11 * h * m1;
    let (lo, hi) = if y0 <= y1 { (y0, y1) } else { (y1, y0) };
    v.max(lo).min(hi)
}

/// A platform's measured interactivity-throughput curve: points `(x, y)` with x = interactivity
/// (output tokens/s per user) and y = throughput (output tokens/s per GPU), sorted by x, at least
/// two and at most [`MAX_POINTS`], every value in [`POINT_RANGE`], no two at the same x.
///
/// Throughput usually falls as interactivity rises, but that is not required: the interpolation
/// is monotone wherever the data is, and never leaves the range of the two neighbouring points.
/// Serialises as the list of its points; deserialising validates them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<(f64, f64)>", into = "Vec<(f64, f64)>")]
pub struct Curve {
    points: Vec<(f64, f64)>,
    /// Fritsch-Carlson tangents of the points in linear space.
    linear: Vec<f64>,
    /// Fritsch-Carlson tangents of (ln x, ln y).
    log: Vec<f64>,
}

/// Check points and return them sorted by x. `place` names the i-th point (0-based) in messages.
pub fn check_points(
    points: &[(f64, f64)],
    place: impl Fn(usize) -> Place,
) -> Result<Vec<(f64, f64)>, CurveError> {
    if points.len() > MAX_POINTS {
        return Err(CurveError::TooManyPoints);
    }
    for (i, &(x, y)) in points.iter().enumerate() {
        for (axis, value) in [(Axis::Interactivity, x), (Axis::Throughput, y)] {
            if !value.is_finite() {
                return Err(CurveError::NotFinite { at: place(i), axis });
            }
            if !in_range(value, POINT_RANGE) {
                return Err(CurveError::OutOfRange {
                    at: place(i),
                    axis,
                    value,
                });
            }
        }
    }
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        let xa = points.get(a).map_or(0.0, |p| p.0);
        let xb = points.get(b).map_or(0.0, |p| p.0);
        xa.total_cmp(&xb).then(a.cmp(&b))
    });
    for pair in order.windows(2) {
        let &[a, b] = pair else {
            continue;
        };
        let (Some(&(xa, _)), Some(&(xb, _))) = (points.get(a), points.get(b)) else {
            continue;
        };
        if (xb - xa).abs() <= SAME_X_TOLERANCE * xa.abs().max(xb.abs()) {
            return Err(CurveError::SameX {
                first: place(a.min(b)),
                second: place(a.max(b)),
                x: xa,
            });
        }
    }
    let sorted: Vec<(f64, f64)> = order
        .iter()
        .filter_map(|&i| points.get(i).copied())
        .collect();
    if sorted.len() < 2 {
        return Err(CurveError::TooFewPoints {
            found: sorted.len(),
        });
    }
    Ok(sorted)
}

impl Curve {
    /// A curve through measured points, given in any order. Refuses (naming the point, 1-based
    /// in the order given) a value that is not finite or outside [`POINT_RANGE`], two points at
    /// the same interactivity, fewer than two points or more than [`MAX_POINTS`].
    pub fn new(points: Vec<(f64, f64)>) -> Result<Curve, CurveError> {
        let points = check_points(&points, |i| Place::Point(i + 1))?;
        let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
        let linear = fritsch_carlson_tangents(&xs, &ys);
        let log_xs: Vec<f64> = xs.iter().map(|x| x.ln()).collect();
        let log_ys: Vec<f64> = ys.iter().map(|y| y.ln()).collect();
        let log = fritsch_carlson_tangents(&log_xs, &log_ys);
        Ok(Curve {
            points,
            linear,
            log,
        })
    }

    /// The measured points, sorted by interactivity.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// The smallest and largest measured interactivity.
    pub fn x_range(&self) -> (f64, f64) {
        match self.points.as_slice() {
            [(first, _), .., (last, _)] => (*first, *last),
            _ => (POINT_RANGE.0, POINT_RANGE.0),
        }
    }

    /// The smallest and largest measured throughput.
    pub fn y_range(&self) -> (f64, f64) {
        self.points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, y)| {
                (lo.min(y), hi.max(y))
            })
    }

    /// Throughput at an interactivity, interpolated in log-log space (see [`Interpolation`]).
    /// Outside the measured range it is the value at the nearer end, marked as clamped; NaN reads
    /// as below the range.
    pub fn at(&self, x: f64) -> Lookup {
        self.at_with(x, Interpolation::LogLog)
    }

    /// Throughput at an interactivity, interpolated in the given space.
    pub fn at_with(&self, x: f64, method: Interpolation) -> Lookup {
        let [(x_first, y_first), .., (x_last, y_last)] = self.points.as_slice() else {
            // A Curve always holds two points or more; this keeps the function total.
            return Lookup {
                value: POINT_RANGE.0,
                clamped: None,
            };
        };
        let exact = |value| Lookup {
            value,
            clamped: None,
        };
        if x.is_nan() || x < *x_first {
            return Lookup {
                value: *y_first,
                clamped: Some(Clamp::Below),
            };
        }
        if x > *x_last {
            return Lookup {
                value: *y_last,
                clamped: Some(Clamp::Above),
            };
        }
        // First k with x_k > x; the segment starts one before it.
        let k = self.points.partition_point(|p| p.0 <= x).saturating_sub(1);
        let (Some(&(x0, y0)), Some(&(x1, y1))) = (self.points.get(k), self.points.get(k + 1))
        else {
            // x == x_last.
            return exact(*y_last);
        };
        if x == x0 {
            return exact(y0);
        }
        let value = match method {
            Interpolation::Linear => {
                let m0 = self.linear.get(k).copied().unwrap_or(0.0);
                let m1 = self.linear.get(k + 1).copied().unwrap_or(0.0);
                hermite_segment(x0, y0, m0, x1, y1, m1, x)
            }
            Interpolation::LogLog => {
                let m0 = self.log.get(k).copied().unwrap_or(0.0);
                let m1 = self.log.get(k + 1).copied().unwrap_or(0.0);
                let ln_y = hermite_segment(x0.ln(), y0.ln(), m0, x1.ln(), y1.ln(), m1, x.ln());
                // exp can round a hair outside the segment's values; keep them.
                let (lo, hi) = if y0 <= y1 { (y0, y1) } else { (y1, y0) };
                ln_y.exp().max(lo).min(hi)
            }
        };
        exact(value)
    }

    /// `count` points (2 to 4,096) along the curve for a chart, evenly spaced in log
    /// interactivity from the first measured point to the last, interpolated as [`Curve::at`].
    pub fn sample(&self, count: usize) -> Vec<(f64, f64)> {
        let count = count.clamp(2, 4096);
        let (lo, hi) = self.x_range();
        let (ln_lo, ln_hi) = (lo.ln(), hi.ln());
        (0..count)
            .map(|i| {
                let x = if i + 1 == count {
                    hi
                } else if i == 0 {
                    lo
                } else {
                    let t = i as f64 / (count - 1) as f64;
                    (ln_lo + t * (ln_hi - ln_lo)).exp().max(lo).min(hi)
                };
                (x, self.at(x).value)
            })
            .collect()
    }
}

impl TryFrom<Vec<(f64, f64)>> for Curve {
    type Error = CurveError;

    fn try_from(points: Vec<(f64, f64)>) -> Result<Self, Self::Error> {
        Curve::new(points)
    }
}

impl From<Curve> for Vec<(f64, f64)> {
    fn from(curve: Curve) -> Self {
        curve.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    fn curve(points: &[(f64, f64)]) -> Curve {
        match Curve::new(points.to_vec()) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn tangents_follow_fritsch_carlson_by_hand() {
        // xs = 1, 2, 3; ys = 1, 1.1, 10.
        // Step 1: secants d0 = 0.1, d1 = 8.9.
        // Step 2: m0 = d0 = 0.1, m1 = (0.1 + 8.9) / 2 = 4.5, m2 = d1 = 8.9.
        // Step 4, segment 0: alpha = 0.1 / 0.1 = 1, beta = 4.5 / 0.1 = 45,
        //   alpha^2 + beta^2 = 2026 > 9, tau = 3 / sqrt(2026) = 0.0666502,
        //   m0 = 0.1 tau = 0.00666502, m1 = 4.5 tau = 0.299926.
        // Segment 1: alpha = 0.299926 / 8.9 = 0.0337, beta = 1: 1.0011 <= 9, unchanged.
        let m = fritsch_carlson_tangents(&[1.0, 2.0, 3.0], &[1.0, 1.1, 10.0]);
        assert_eq!(m.len(), 3);
        assert_relative_eq!(m[0], 0.006_665_021, epsilon = 1e-9);
        assert_relative_eq!(m[1], 0.299_925_953, epsilon = 1e-9);
        assert_relative_eq!(m[2], 8.9, epsilon = 1e-12);
    }

    #[test]
    fn the_restriction_prevents_overshoot() {
        // Same data, linear space, at x = 1.5: t = 0.5, h = 1, so h00 = 0.5, h10 = 0.125,
        // h01 = 0.5, h11 = -0.125.
        // With the restricted tangents: 0.5 x 1 + 0.125 x 0.006665 + 0.5 x 1.1 - 0.125 x 0.299926
        //   = 0.5 + 0.000833 + 0.55 - 0.037491 = 1.013342, inside [1, 1.1].
        // Unrestricted (m0 = 0.1, m1 = 4.5) it would be 0.5 + 0.0125 + 0.55 - 0.5625 = 0.5,
        // below both neighbours.
        let c = curve(&[(1.0, 1.0), (2.0, 1.1), (3.0, 10.0)]);
        let v = c.at_with(1.5, Interpolation::Linear);
        assert_relative_eq!(v.value, 1.013_342_383, epsilon = 1e-8);
        assert_eq!(v.clamped, None);
    }

    #[test]
    fn flat_and_turning_data_by_hand() {
        // xs = 1, 2, 3; ys = 10, 20, 20. d0 = 10, d1 = 0. m0 = 10; m1 = 0 (d1 is zero);
        // m2 = 0. At x = 1.5: 0.5 x 10 + 0.125 x 10 + 0.5 x 20 - 0.125 x 0 = 16.25.
        // Segment 1 is flat: 20 throughout.
        let c = curve(&[(1.0, 10.0), (2.0, 20.0), (3.0, 20.0)]);
        assert_relative_eq!(c.at_with(1.5, Interpolation::Linear).value, 16.25);
        assert_relative_eq!(c.at_with(2.5, Interpolation::Linear).value, 20.0);
        assert_relative_eq!(c.at(2.5).value, 20.0);
        // A peak (10, 30, 10): the tangent at the peak is zero, so nothing rises above 30.
        let peak = curve(&[(1.0, 10.0), (2.0, 30.0), (3.0, 10.0)]);
        for i in 0..=200 {
            let x = 1.0 + f64::from(i) / 100.0;
            assert!(peak.at(x).value <= 30.0);
            assert!(peak.at_with(x, Interpolation::Linear).value <= 30.0);
        }
    }

    #[test]
    fn log_log_follows_a_power_law() {
        // y = 1000 / x at x = 1, 10, 100: in log-log space a straight line of slope -1, so every
        // secant and tangent is -1 (alpha = beta = 1) and the cubic is that line.
        // At x = 5: 1000 / 5 = 200. At x = sqrt(10): 316.23.
        let c = curve(&[(1.0, 1000.0), (10.0, 100.0), (100.0, 10.0)]);
        assert_relative_eq!(c.at(5.0).value, 200.0, epsilon = 1e-9);
        assert_relative_eq!(
            c.at(10f64.sqrt()).value,
            1000.0 / 10f64.sqrt(),
            epsilon = 1e-9
        );
        assert_relative_eq!(c.at(50.0).value, 20.0, epsilon = 1e-9);
        // In linear space: d0 = -100, d1 = -1; m0 = -100, m1 = -50.5, m2 = -1. Segment 0:
        // alpha = 1, beta = 0.505, unchanged. Segment 1: alpha = 50.5, beta = 1, 2551.25 > 9, so
        // tau = 3 / sqrt(2551.25) = 0.0593943 and m1 = -2.99941. At x = 5.5 (t = 0.5, h = 9):
        // 0.5 x 1000 + 0.125 x 9 x (-100) + 0.5 x 100 - 0.125 x 9 x (-2.99941)
        //   = 500 - 112.5 + 50 + 3.3743 = 440.874, against 1000 / 5.5 = 181.8 on the power law.
        assert_relative_eq!(
            c.at_with(5.5, Interpolation::Linear).value,
            440.874_338_5,
            epsilon = 1e-6
        );
        assert_relative_eq!(c.at(5.5).value, 1000.0 / 5.5, epsilon = 1e-9);
    }

    #[test]
    fn exact_at_points_and_clamped_outside() {
        let c = curve(&[(100.0, 900.0), (10.0, 6000.0), (50.0, 2500.0)]);
        assert_eq!(
            c.points(),
            &[(10.0, 6000.0), (50.0, 2500.0), (100.0, 900.0)]
        );
        for &(x, y) in c.points() {
            assert_eq!(
                c.at(x),
                Lookup {
                    value: y,
                    clamped: None
                }
            );
            assert_eq!(c.at_with(x, Interpolation::Linear).value, y);
        }
        assert_eq!(
            c.at(5.0),
            Lookup {
                value: 6000.0,
                clamped: Some(Clamp::Below)
            }
        );
        assert_eq!(
            c.at(1000.0),
            Lookup {
                value: 900.0,
                clamped: Some(Clamp::Above)
            }
        );
        assert_eq!(c.at(f64::NAN).clamped, Some(Clamp::Below));
        assert_eq!(c.at(f64::INFINITY).clamped, Some(Clamp::Above));
        assert_eq!(c.x_range(), (10.0, 100.0));
        assert_eq!(c.y_range(), (900.0, 6000.0));
        let v = c.at(30.0).value;
        assert!(v < 6000.0 && v > 2500.0);
    }

    #[test]
    fn sample_spans_the_measured_range() {
        let c = curve(&[(10.0, 6000.0), (50.0, 2500.0), (100.0, 900.0)]);
        let s = c.sample(5);
        assert_eq!(s.len(), 5);
        assert_eq!(s[0], (10.0, 6000.0));
        assert_eq!(s[4], (100.0, 900.0));
        // Evenly spaced in log x: 10, 17.8, 31.6, 56.2, 100.
        assert_relative_eq!(s[2].0, 10f64.powf(1.5), epsilon = 1e-9);
        assert!(s.windows(2).all(|w| w[1].1 <= w[0].1));
        assert_eq!(c.sample(0).len(), 2);
    }

    #[test]
    fn bad_points_are_refused_by_name() {
        let msg = |points: Vec<(f64, f64)>| match Curve::new(points) {
            Ok(_) => String::from("accepted"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            msg(vec![(10.0, 6000.0)]),
            "a curve needs at least 2 points (found 1)"
        );
        assert_eq!(msg(vec![]), "a curve needs at least 2 points (found 0)");
        assert_eq!(
            msg(vec![(10.0, 6000.0), (20.0, f64::NAN)]),
            "point 2: the throughput is not a finite number"
        );
        assert_eq!(
            msg(vec![(10.0, 6000.0), (20.0, 0.0)]),
            "point 2: the throughput 0 is outside 0.001 to 10,000,000 tokens/s per GPU"
        );
        assert_eq!(
            msg(vec![(-1.0, 6000.0), (20.0, 1.0)]),
            "point 1: the interactivity -1 is outside 0.001 to 10,000,000 tokens/s per user"
        );
        assert_eq!(
            msg(vec![(50.0, 6000.0), (20.0, 10.0), (50.0, 5.0)]),
            "point 1 and point 3 have the same interactivity (50): keep one of them"
        );
        let many: Vec<(f64, f64)> = (1..=33).map(|i| (f64::from(i), 100.0)).collect();
        assert_eq!(msg(many), "a curve holds at most 32 points");
        let ok: Vec<(f64, f64)> = (1..=32).map(|i| (f64::from(i), 100.0)).collect();
        assert_eq!(msg(ok), "accepted");
    }

    #[test]
    fn serde_round_trips_and_validates() {
        let c = curve(&[(10.0, 6000.0), (50.0, 2500.0)]);
        let json = serde_json::to_string(&c).unwrap_or_default();
        assert_eq!(json, "[[10.0,6000.0],[50.0,2500.0]]");
        let back: Result<Curve, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(c));
        let bad: Result<Curve, _> = serde_json::from_str("[[10.0,6000.0]]");
        assert!(bad.is_err());
    }

    // ----- properties -----

    /// Log-uniform in [lo, hi].
    fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
        (0.0..=1.0f64).prop_map(move |t| (lo.ln() + t * (hi.ln() - lo.ln())).exp().max(lo).min(hi))
    }

    /// 2 to 12 points with distinct x, spread over the whole valid range.
    fn any_points() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec((log_uniform(0.001, 1e7), log_uniform(0.001, 1e7)), 2..=12)
            .prop_filter("distinct x", |pts| check_points(pts, Place::Point).is_ok())
    }

    /// Points with y non-increasing in x, as throughput against interactivity usually is.
    fn falling_points() -> impl Strategy<Value = Vec<(f64, f64)>> {
        any_points().prop_map(|pts| {
            let mut xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
            let mut ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
            xs.sort_by(f64::total_cmp);
            ys.sort_by(|a, b| b.total_cmp(a));
            xs.into_iter().zip(ys).collect()
        })
    }

    /// Rounding leeway for monotonicity and bounds: a few ulps relative.
    fn leeway(v: f64) -> f64 {
        v.abs() * 1e-12
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn exact_at_the_points(points in any_points()) {
            let c = Curve::new(points.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (x, y) in points {
                for method in [Interpolation::LogLog, Interpolation::Linear] {
                    prop_assert_eq!(c.at_with(x, method), Lookup { value: y, clamped: None });
                }
            }
        }

        #[test]
        fn within_the_data_range_everywhere(points in any_points(), t in 0.0..=1.0f64) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (lo, hi) = c.x_range();
            let x = (lo.ln() + t * (hi.ln() - lo.ln())).exp().max(lo).min(hi);
            let (y_lo, y_hi) = c.y_range();
            for method in [Interpolation::LogLog, Interpolation::Linear] {
                let v = c.at_with(x, method);
                prop_assert!(v.value.is_finite());
                prop_assert_eq!(v.clamped, None);
                prop_assert!(v.value >= y_lo && v.value <= y_hi, "{} outside [{}, {}]", v.value, y_lo, y_hi);
            }
        }

        #[test]
        fn monotone_where_the_data_is(points in falling_points()) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (lo, hi) = c.x_range();
            for method in [Interpolation::LogLog, Interpolation::Linear] {
                let mut last = f64::INFINITY;
                for i in 0..=400 {
                    let t = f64::from(i) / 400.0;
                    let x = (lo.ln() + t * (hi.ln() - lo.ln())).exp().max(lo).min(hi);
                    let v = c.at_with(x, method).value;
                    prop_assert!(v <= last + leeway(last.min(1e300)), "rose from {} to {} at {}", last, v, x);
                    last = v;
                }
            }
        }

        #[test]
        fn clamped_outside(points in any_points(), below in 1.0001..1e3f64, above in 1.0001..1e3f64) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (lo, hi) = c.x_range();
            let first = c.points().first().map_or(0.0, |p| p.1);
            let last = c.points().last().map_or(0.0, |p| p.1);
            prop_assert_eq!(c.at(lo / below), Lookup { value: first, clamped: Some(Clamp::Below) });
            prop_assert_eq!(c.at(hi * above), Lookup { value: last, clamped: Some(Clamp::Above) });
        }
    }
}
