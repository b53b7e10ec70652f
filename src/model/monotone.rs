//! Reading a measured curve between its points: the monotone cubic Hermite spline with Steffen
//! slopes on linear axes, the field's reference for throughput against interactivity.
//!
//! It matches, formula for formula, d3-shape's `curveMonotoneX` (d3/d3-shape, `src/curve/monotone.js`:
//! `slope3`, `slope2` and the Bézier form of the Hermite segment) and the calculator of SemiAnalysis
//! InferenceX that evaluates it (SemiAnalysisAI/InferenceX-app,
//! `packages/app/src/components/calculator/interpolation.ts`: `monotoneSlopes`, `hermiteInterpolate`,
//! and `docs/tco-calculator.md` for why: throughput is splined, cost is derived from it).
//! With points x_i, widths h_i = x_{i+1} - x_i and secants s_i:
//!
//! - interior slope m_i = (sign s_{i-1} + sign s_i) * min(|s_{i-1}|, |s_i|, |p_i| / 2), where
//!   p_i = (s_{i-1} h_i + s_i h_{i-1}) / (h_{i-1} + h_i): each secant weighted by the other
//!   interval's width (Steffen 1990, "A Simple Method for Monotonic Interpolation in One
//!   Dimension", A&A 239, 443); sign(0) counts as +1, as in d3;
//! - end slopes m_0 = (3 s_0 - m_1) / 2 and m_{n-1} = (3 s_{n-2} - m_{n-2}) / 2 (d3's `slope2`);
//! - two points: a straight line (d3 draws a line segment; InferenceX's `monotoneSlopes` would
//!   give the ends 3/2 and 3/4 of the secant instead, so two-point curves are where the two differ).
//!
//! Every slope keeps its interval's values between its ends (each slope is between 0 and 3 times the
//! secant of its intervals), so the curve never overshoots a measured value and monotone data gives
//! a monotone curve. Outside the measured range the value is held at the nearer end, and the
//! reading says so.
//!
//! No imports: this module is arithmetic only.

/// Where the x of a reading falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Within the measured range (ends included): the value is read off the curve.
    Inside,
    /// Below the lowest measured x: the value is the first point's, held.
    HeldAtLowEnd,
    /// Above the highest measured x: the value is the last point's, held.
    HeldAtHighEnd,
}

impl Placement {
    /// The value was held at a measured end rather than read at the asked x.
    pub fn is_held(self) -> bool {
        self != Placement::Inside
    }
}

/// A value read off a curve, and where the asked x fell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub y: f64,
    pub placement: Placement,
}

/// Why points cannot make a curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurveError {
    /// No points at all.
    Empty,
    /// The x and y lists differ in length.
    LengthMismatch,
    /// A coordinate is NaN or infinite.
    NotFinite,
    /// The x values do not strictly increase (sorted ascending, no repeats).
    NotIncreasing,
}

/// A monotone cubic through points with strictly increasing x; built once, read many times.
#[derive(Clone, Debug, PartialEq)]
pub struct MonotoneCurve {
    xs: Vec<f64>,
    ys: Vec<f64>,
    slopes: Vec<f64>,
}

/// d3's sign: zero counts as positive.
fn sign(v: f64) -> f64 {
    if v < 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// Differences of neighbours: v[i + 1] - v[i].
fn steps(v: &[f64]) -> Vec<f64> {
    v.windows(2)
        .map(|w| match w {
            [a, b] => b - a,
            _ => 0.0,
        })
        .collect()
}

/// Tangent slopes at every point, as d3's `curveMonotoneX` uses them. Points must already be
/// checked (finite, x strictly increasing).
fn slopes(xs: &[f64], ys: &[f64]) -> Vec<f64> {
    let widths = steps(xs);
    let rises = steps(ys);
    let secants: Vec<f64> = rises.iter().zip(&widths).map(|(dy, h)| dy / h).collect();
    let (Some(&s_first), Some(&s_last)) = (secants.first(), secants.last()) else {
        return vec![0.0; xs.len()];
    };
    if secants.len() == 1 {
        return vec![s_first, s_first];
    }
    let interior: Vec<f64> = widths
        .windows(2)
        .zip(secants.windows(2))
        .map(|pair| match pair {
            (&[h0, h1], &[s0, s1]) => {
                let p = (s0 * h1 + s1 * h0) / (h0 + h1);
                let slope = (sign(s0) + sign(s1)) * s0.abs().min(s1.abs()).min(0.5 * p.abs());
                // d3 writes `|| 0`: a NaN slope (only from overflow here) becomes flat.
                if slope.is_finite() {
                    slope
                } else {
                    0.0
                }
            }
            _ => 0.0,
        })
        .collect();
    let m_second = interior.first().copied().unwrap_or(0.0);
    let m_second_last = interior.last().copied().unwrap_or(0.0);
    let mut m = Vec::with_capacity(xs.len());
    m.push((3.0 * s_first - m_second) / 2.0);
    m.extend_from_slice(&interior);
    m.push((3.0 * s_last - m_second_last) / 2.0);
    m
}

impl MonotoneCurve {
    /// The curve through `(xs[i], ys[i])`; x must strictly increase.
    pub fn new(xs: &[f64], ys: &[f64]) -> Result<MonotoneCurve, CurveError> {
        if xs.len() != ys.len() {
            return Err(CurveError::LengthMismatch);
        }
        if xs.is_empty() {
            return Err(CurveError::Empty);
        }
        if xs.iter().chain(ys).any(|v| !v.is_finite()) {
            return Err(CurveError::NotFinite);
        }
        if steps(xs).iter().any(|&h| h <= 0.0) {
            return Err(CurveError::NotIncreasing);
        }
        Ok(MonotoneCurve {
            xs: xs.to_vec(),
            ys: ys.to_vec(),
            slopes: slopes(xs, ys),
        })
    }

    /// The tangent slope at each point (y units per x unit).
    pub fn slopes(&self) -> &[f64] {
        &self.slopes
    }

    /// The measured x range, lowest and highest.
    pub fn x_range(&self) -> (f64, f64) {
        let lo = self.xs.first().copied().unwrap_or(0.0);
        let hi = self.xs.last().copied().unwrap_or(lo);
        (lo, hi)
    }

    /// The curve's value at `x`; outside the measured range, the nearer end's value, flagged.
    /// `None` for a NaN x (an infinite x is held at its end).
    pub fn at(&self, x: f64) -> Option<Reading> {
        if x.is_nan() {
            return None;
        }
        let (first, last) = (self.xs.first()?, self.xs.last()?);
        if x < *first {
            return Some(Reading {
                y: *self.ys.first()?,
                placement: Placement::HeldAtLowEnd,
            });
        }
        if x > *last {
            return Some(Reading {
                y: *self.ys.last()?,
                placement: Placement::HeldAtHighEnd,
            });
        }
        // Segment [lo, lo + 1] with xs[lo] <= x; a measured x returns its measured y exactly.
        let lo = self.xs.partition_point(|&xi| xi <= x).saturating_sub(1);
        let (x0, y0, m0) = (self.xs.get(lo)?, self.ys.get(lo)?, self.slopes.get(lo)?);
        if x == *x0 {
            return Some(Reading {
                y: *y0,
                placement: Placement::Inside,
            });
        }
        let (x1, y1, m1) = (
            self.xs.get(lo + 1)?,
            self.ys.get(lo + 1)?,
            self.slopes.get(lo + 1)?,
        );
        let h = x1 - x0;
        let t = (x - x0) / h;
        let (t2, t3) = (t * t, t * t * t);
        let y = (2.0 * t3 - 3.0 * t2 + 1.0) * y0
            + (t3 - 2.0 * t2 + t) * h * m0
            + (-2.0 * t3 + 3.0 * t2) * y1
            + (t3 - t2) * h * m1;
        Some(Reading {
            y,
            placement: Placement::Inside,
        })
    }
}

/// One reading of the curve through the points at `x` (builds the curve each call; for many
/// readings of one curve, keep a [`MonotoneCurve`]).
pub fn monotone_at(xs: &[f64], ys: &[f64], x: f64) -> Result<Reading, CurveError> {
    let curve = MonotoneCurve::new(xs, ys)?;
    curve.at(x).ok_or(CurveError::NotFinite)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// d3's algorithm worked by hand on three points, so the formulas are pinned independently of
    /// any published figure. Points (0, 10), (1, 4), (3, 0):
    /// h = [1, 2], s = [-6, -2];
    /// p_1 = (s_0 h_1 + s_1 h_0) / (h_0 + h_1) = (-12 - 2) / 3 = -14/3;
    /// m_1 = (-1 - 1) * min(6, 2, 7/3) = -4;
    /// m_0 = (3 * -6 - -4) / 2 = -7; m_2 = (3 * -2 - -4) / 2 = -1.
    /// At x = 0.5 (t = 1/2, h = 1): h00 = 1/2, h10 = 1/8, h01 = 1/2, h11 = -1/8:
    /// y = 5 + (1/8)(-7) + 2 + (-1/8)(-4) = 6.625.
    /// At x = 2 (t = 1/2, h = 2): y = 2 + (1/8)(2)(-4) + 0 + (-1/8)(2)(-1) = 1.25.
    #[test]
    fn hand_computed_three_points() {
        let curve = MonotoneCurve::new(&[0.0, 1.0, 3.0], &[10.0, 4.0, 0.0]).unwrap();
        assert_eq!(curve.slopes(), &[-7.0, -4.0, -1.0]);
        assert_eq!(curve.at(0.5).unwrap().y, 6.625);
        assert_eq!(curve.at(2.0).unwrap().y, 1.25);
    }

    /// The other interval's width weights each secant: with the weights swapped (each secant by
    /// its own width) p_1 would be (-6 - 4) / 3 = -10/3, min(6, 2, 5/3) = 5/3 and m_1 = -10/3.
    /// Points (0, 0), (1, 6), (3, 10): s = [6, 2], p_1 = (6*2 + 2*1) / 3 = 14/3, m_1 = 2 * min(6, 2, 7/3) = 4.
    /// Points (0, 0), (2, 4), (3, 10): s = [2, 6], p_1 = (2*1 + 6*2) / 3 = 14/3, m_1 = 4;
    /// own-width weighting would give p_1 = (2*2 + 6*1) / 3 = 10/3, m_1 = 10/3.
    #[test]
    fn each_secant_is_weighted_by_the_other_width() {
        let curve = MonotoneCurve::new(&[0.0, 2.0, 3.0], &[0.0, 4.0, 10.0]).unwrap();
        assert_eq!(curve.slopes()[1], 4.0);
        let curve = MonotoneCurve::new(&[0.0, 1.0, 3.0], &[0.0, 6.0, 10.0]).unwrap();
        assert_eq!(curve.slopes()[1], 4.0);
    }

    #[test]
    fn two_points_are_a_straight_line() {
        let xs = [10.0, 30.0];
        let ys = [1000.0, 200.0];
        for (x, y) in [
            (10.0, 1000.0),
            (15.0, 800.0),
            (20.0, 600.0),
            (25.0, 400.0),
            (30.0, 200.0),
        ] {
            let r = monotone_at(&xs, &ys, x).unwrap();
            assert!((r.y - y).abs() < 1e-9, "at {x}: {} != {y}", r.y);
            assert_eq!(r.placement, Placement::Inside);
        }
    }

    #[test]
    fn one_point_holds_everywhere() {
        let r = monotone_at(&[50.0], &[700.0], 50.0).unwrap();
        assert_eq!(
            r,
            Reading {
                y: 700.0,
                placement: Placement::Inside
            }
        );
        let r = monotone_at(&[50.0], &[700.0], 60.0).unwrap();
        assert_eq!(
            r,
            Reading {
                y: 700.0,
                placement: Placement::HeldAtHighEnd
            }
        );
        let r = monotone_at(&[50.0], &[700.0], 40.0).unwrap();
        assert_eq!(
            r,
            Reading {
                y: 700.0,
                placement: Placement::HeldAtLowEnd
            }
        );
    }

    #[test]
    fn bad_points_are_refused_not_read() {
        assert_eq!(monotone_at(&[], &[], 1.0), Err(CurveError::Empty));
        assert_eq!(
            monotone_at(&[1.0, 2.0], &[1.0], 1.0),
            Err(CurveError::LengthMismatch)
        );
        assert_eq!(
            monotone_at(&[1.0, f64::NAN], &[1.0, 2.0], 1.0),
            Err(CurveError::NotFinite)
        );
        assert_eq!(
            monotone_at(&[1.0, 2.0], &[1.0, f64::INFINITY], 1.0),
            Err(CurveError::NotFinite)
        );
        assert_eq!(
            monotone_at(&[2.0, 1.0], &[1.0, 2.0], 1.0),
            Err(CurveError::NotIncreasing)
        );
        assert_eq!(
            monotone_at(&[1.0, 1.0], &[1.0, 2.0], 1.0),
            Err(CurveError::NotIncreasing)
        );
        assert_eq!(
            monotone_at(&[1.0, 2.0], &[1.0, 2.0], f64::NAN),
            Err(CurveError::NotFinite)
        );
        let r = monotone_at(&[1.0, 2.0], &[5.0, 3.0], f64::INFINITY).unwrap();
        assert_eq!(
            r,
            Reading {
                y: 3.0,
                placement: Placement::HeldAtHighEnd
            }
        );
    }
}
