//! A measured interactivity-throughput curve and the throughput read off it at a target.
//!
//! A platform may carry points measured at several batch sizes: interactivity (output tokens/s
//! seen by one user) against throughput (output tokens/s per GPU). Serving each user faster means
//! smaller batches and so fewer tokens per GPU. [`Curve`] interpolates between the points with a
//! monotone cubic and holds the end value outside the measured range, marked as clamped.
//! Text forms of the points (pasted CSV, the link's compact form) live in `codec::points`.

use serde::{Deserialize, Serialize};

use super::input::in_range;
use super::monotone::{MonotoneCurve, Placement};

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
    /// The monotone cubic through the points (Steffen slopes, linear axes).
    spline: MonotoneCurve,
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
    super::order::sort_by(&mut order, |&a, &b| {
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
        // Checked points are finite and strictly increasing in x, so this cannot fail; the error
        // is mapped rather than unwrapped to keep the function total.
        let spline = MonotoneCurve::new(&xs, &ys).map_err(|_| CurveError::TooFewPoints {
            found: points.len(),
        })?;
        Ok(Curve { points, spline })
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

    /// Throughput at an interactivity, read off the monotone cubic with Steffen slopes on linear
    /// axes (the field's reference: what d3's `curveMonotoneX` draws and InferenceX publishes).
    /// Outside the measured range it is the value at the nearer end, marked as clamped; NaN reads
    /// as below the range.
    pub fn at(&self, x: f64) -> Lookup {
        let held_low = || Lookup {
            value: self.points.first().map_or(POINT_RANGE.0, |p| p.1),
            clamped: Some(Clamp::Below),
        };
        let Some(reading) = self.spline.at(x) else {
            return held_low();
        };
        let clamped = match reading.placement {
            Placement::Inside => None,
            Placement::HeldAtLowEnd => Some(Clamp::Below),
            Placement::HeldAtHighEnd => Some(Clamp::Above),
        };
        Lookup {
            value: reading.y,
            clamped,
        }
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
    fn reads_the_steffen_curve_by_hand() {
        // The three points of monotone.rs's hand-worked case, as throughput against
        // interactivity: (10, 1000), (11, 400), (13, 0) is (0, 10), (1, 4), (3, 0) shifted by 10
        // in x and scaled by 100 in y, so the value at 10.5 is 662.5 and at 12 it is 125.
        let c = curve(&[(13.0, 0.001), (10.0, 1000.0), (11.0, 400.0)]);
        assert_relative_eq!(c.at(10.5).value, 662.5, epsilon = 1e-3);
        assert_eq!(c.at(10.5).clamped, None);
        // Two points: a straight line (d3), not a curve bowed by a log-log fit.
        let line = curve(&[(10.0, 1000.0), (30.0, 200.0)]);
        assert_relative_eq!(line.at(20.0).value, 600.0, epsilon = 1e-9);
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
                prop_assert_eq!(c.at(x), Lookup { value: y, clamped: None });
            }
        }

        #[test]
        fn within_the_data_range_everywhere(points in any_points(), t in 0.0..=1.0f64) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (lo, hi) = c.x_range();
            let x = (lo + t * (hi - lo)).max(lo).min(hi);
            let (y_lo, y_hi) = c.y_range();
            let v = c.at(x);
            prop_assert!(v.value.is_finite());
            prop_assert_eq!(v.clamped, None);
            let slack = leeway(y_hi);
            prop_assert!(v.value >= y_lo - slack && v.value <= y_hi + slack, "{} outside [{}, {}]", v.value, y_lo, y_hi);
        }

        #[test]
        fn monotone_where_the_data_is(points in falling_points()) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let (lo, hi) = c.x_range();
            let mut last = f64::INFINITY;
            for i in 0..=400 {
                let t = f64::from(i) / 400.0;
                let x = (lo.ln() + t * (hi.ln() - lo.ln())).exp().max(lo).min(hi);
                let v = c.at(x).value;
                prop_assert!(v <= last + leeway(last.min(1e300)), "rose from {} to {} at {}", last, v, x);
                last = v;
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
