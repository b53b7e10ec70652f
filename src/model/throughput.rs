//! The throughput side of the model (issue 6): where a platform's tokens per second come from.
//!
//! Three parts, each a set of pure functions with typed errors:
//!
//! 1. **Speed targets.** A platform may carry a curve of measured points, interactivity (output
//!    tokens/s seen by one user) against throughput (output tokens/s per GPU). Serving each user
//!    faster means smaller batches and so fewer tokens per GPU. [`Curve`] interpolates between the
//!    points with a monotone cubic (Fritsch and Carlson 1980) in log-log space and clamps outside
//!    the measured range. Points come from pasted CSV ([`parse_points_csv`]) or a compact link
//!    value ([`decode_points`]).
//! 2. **Input and output tokens.** A request mix (input and output tokens per request) and either
//!    separate prefill and decode throughputs or an output/input price ratio give the cost per
//!    million input tokens, per million output tokens, per request and blended ([`token_costs`]).
//!    The seed figures are output tokens/s with the cost of the input tokens already inside them
//!    (DESIGN.md section 5), so the split is a second way to state throughput, never added on top.
//! 3. **The physical ceiling on decode throughput** ([`decode_ceiling`]): the roofline of Pope et
//!    al. 2022 ([`CEILING_CITATION`]): a decode step must read the weights it needs and every
//!    sequence's KV cache from HBM, and do two FLOPs per active parameter per token.
//!
//! Nothing here panics: every function returns a finite result for valid inputs and a typed error
//! (with a message naming the field, point or line) for invalid ones.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::SECONDS_PER_HOUR;
use crate::format::{self, ParseError};

/// The interpolation method of [`Curve`].
pub const INTERPOLATION_CITATION: &str = "F. N. Fritsch and R. E. Carlson, \"Monotone Piecewise \
     Cubic Interpolation\", SIAM Journal on Numerical Analysis 17(2), 238-246, 1980";

/// The method of [`decode_ceiling`].
pub const CEILING_CITATION: &str = "R. Pope et al., \"Efficiently Scaling Transformer \
     Inference\", 2022, arXiv:2211.05102";

/// Real decode reaches roughly this share of the memory-bandwidth ceiling (50-70%); roofline
/// estimates run 1.5-2x above measured throughput (catalogue.md, from the issue trackers of
/// llmfit and LLM-Viewer).
pub const TYPICAL_SHARE_OF_CEILING: (f64, f64) = (0.5, 0.7);

// ---------------------------------------------------------------------------------------------
// Numbers in messages
// ---------------------------------------------------------------------------------------------

/// A number for an error message: integers grouped (`10,000,000`), others as typed (`0.001`),
/// and never `NaN` or `inf`.
fn show(value: f64) -> String {
    if !value.is_finite() {
        return "a value that is not a finite number".to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let digits = format!("{}", value.abs() as u64);
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if value < 0.0 {
            out.push('-');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        out
    } else {
        format::input_value(value)
    }
}

fn in_range(value: f64, (min, max): (f64, f64)) -> bool {
    value.is_finite() && value >= min && value <= max
}

// =============================================================================================
// 1. Speed targets: the interactivity-throughput curve
// =============================================================================================

/// At most this many measured points on a curve: enough for any published sweep, and short
/// enough for a link.
pub const MAX_POINTS: usize = 32;

/// The closed range of both coordinates of a point, as for `tps` (DESIGN.md section 3).
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

impl Axis {
    pub const fn label(self) -> &'static str {
        match self {
            Axis::Interactivity => "interactivity",
            Axis::Throughput => "throughput",
        }
    }

    pub const fn unit(self) -> &'static str {
        match self {
            Axis::Interactivity => "tokens/s per user",
            Axis::Throughput => "tokens/s per GPU",
        }
    }
}

/// Where a bad point was: its 1-based position in a list or link, or its line in pasted text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Point(usize),
    Line(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Point(i) => write!(f, "point {i}"),
            Place::Line(i) => write!(f, "line {i}"),
        }
    }
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
    /// A line of pasted text without exactly two cells; `comma` when the line holds a comma.
    Columns {
        line: usize,
        found: usize,
        comma: bool,
    },
    /// A cell of pasted text that is not a number (column is 1-based).
    NotANumber {
        line: usize,
        column: usize,
        error: ParseError,
    },
    /// An item of a link value that is not `interactivity:throughput`.
    BadItem { point: usize, text: String },
}

impl fmt::Display for CurveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurveError::TooFewPoints { found } => {
                write!(f, "a curve needs at least 2 points (found {found})")
            }
            CurveError::TooManyPoints => write!(f, "a curve holds at most {MAX_POINTS} points"),
            CurveError::NotFinite { at, axis } => {
                write!(f, "{at}: the {} is not a finite number", axis.label())
            }
            CurveError::OutOfRange { at, axis, value } => write!(
                f,
                "{at}: the {} {} is outside {} to {} {}",
                axis.label(),
                show(*value),
                show(POINT_RANGE.0),
                show(POINT_RANGE.1),
                axis.unit()
            ),
            CurveError::SameX { first, second, x } => write!(
                f,
                "{first} and {second} have the same interactivity ({}): keep one of them",
                show(*x)
            ),
            CurveError::Columns { line, found, comma } => {
                write!(
                    f,
                    "line {line}: expected 2 numbers (interactivity, throughput), found {found}"
                )?;
                if *comma && *found > 2 {
                    write!(f, "; a comma separates cells, so write 6000 or 6k, not 6,000")?;
                }
                Ok(())
            }
            CurveError::NotANumber {
                line,
                column,
                error,
            } => write!(f, "line {line}, column {column}: {error}"),
            CurveError::BadItem { point, text } => write!(
                f,
                "point {point}: \"{text}\" is not interactivity:throughput (two numbers and a colon)"
            ),
        }
    }
}

impl std::error::Error for CurveError {}

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
fn check_points(
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

    /// A curve from pasted text: [`parse_points_csv`] then [`Curve::new`].
    pub fn from_csv(text: &str) -> Result<Curve, CurveError> {
        Curve::new(parse_points_csv(text)?)
    }

    /// A curve from a link value: [`decode_points`] then [`Curve::new`].
    pub fn decode(text: &str) -> Result<Curve, CurveError> {
        Curve::new(decode_points(text)?)
    }

    /// The link value of this curve ([`encode_points`]).
    pub fn encode(&self) -> String {
        encode_points(&self.points)
    }

    /// The points as CSV ([`points_to_csv`]).
    pub fn to_csv(&self) -> String {
        points_to_csv(&self.points)
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

/// The cells of one line of pasted text: separated by commas, semicolons, tabs or spaces; empty
/// cells skipped; a double-quoted cell may hold any of those (spreadsheets export `"6,000"`).
fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    for ch in line.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if !quoted && (matches!(ch, ',' | ';' | '\t') || ch.is_whitespace()) {
            if !cell.is_empty() {
                cells.push(std::mem::take(&mut cell));
            }
        } else {
            cell.push(ch);
        }
    }
    if !cell.is_empty() {
        cells.push(cell);
    }
    cells
}

/// Read pasted points: two columns, interactivity then throughput, one point a line.
///
/// Cells are separated by a comma, semicolon, tab or spaces. The comma is always a separator, so
/// a number is plain (`6000`, `0.5`, `1e4`) or has a K/M suffix (`6k`, `2.5M`), read by
/// [`format::parse_number`]; a double-quoted cell may use thousands separators (`"6,000"`).
/// Blank lines, lines starting with `#`, a byte-order mark and a first line with no number in it
/// (a header) are skipped. Errors name the line (1-based): a line without exactly two cells, a
/// cell that is not a number, a value out of range, two lines at the same interactivity, more than
/// [`MAX_POINTS`] points or fewer than two. The points come back sorted by interactivity.
pub fn parse_points_csv(text: &str) -> Result<Vec<(f64, f64)>, CurveError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut points = Vec::new();
    let mut lines = Vec::new();
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let cells = split_cells(trimmed);
        let is_first = std::mem::replace(&mut first, false);
        if is_first && cells.iter().all(|c| format::parse_number(c).is_err()) {
            continue;
        }
        let [x, y] = cells.as_slice() else {
            return Err(CurveError::Columns {
                line,
                found: cells.len(),
                comma: trimmed.contains(','),
            });
        };
        let cell = |text: &str, column| {
            format::parse_number(text).map_err(|error| CurveError::NotANumber {
                line,
                column,
                error,
            })
        };
        let point = (cell(x, 1)?, cell(y, 2)?);
        if points.len() >= MAX_POINTS {
            return Err(CurveError::TooManyPoints);
        }
        points.push(point);
        lines.push(line);
    }
    check_points(&points, |i| Place::Line(lines.get(i).copied().unwrap_or(0)))
}

/// Points as CSV: a header line, then `interactivity,throughput` a line, numbers in their
/// shortest exact form. [`parse_points_csv`] reads it back to the same values.
pub fn points_to_csv(points: &[(f64, f64)]) -> String {
    let mut out = String::from("interactivity (tokens/s per user),throughput (tokens/s per GPU)\n");
    for (x, y) in points {
        out.push_str(&format!("{x},{y}\n"));
    }
    out
}

/// The shortest text that [`format::parse_number`] reads back to exactly `value`: `6000` as `6k`,
/// `2500000` as `2.5M`, `0.5` as `0.5`.
fn compact_number(value: f64) -> String {
    let mut best = format!("{value}");
    for (scale, suffix) in [(1e6, "M"), (1e3, "k")] {
        if value.abs() >= scale {
            let candidate = format!("{}{suffix}", value / scale);
            if candidate.len() < best.len() && format::parse_number(&candidate) == Ok(value) {
                best = candidate;
            }
        }
    }
    best
}

/// The link value of a set of points: `x:y` items joined by `;`, numbers in the shortest form
/// that reads back exactly (`10:6k;50:2.5k;100:900`). At most [`MAX_POINTS`] are written (a
/// [`Curve`] never holds more); the caller percent-encodes the value for the query string.
pub fn encode_points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .take(MAX_POINTS)
        .map(|&(x, y)| format!("{}:{}", compact_number(x), compact_number(y)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Read a link value written by [`encode_points`]. Items are `x:y`, separated by `;` (empty items
/// and spaces are ignored); numbers as [`format::parse_number`] reads them. Errors name the item
/// as a 1-based point. The points come back checked and sorted by interactivity.
pub fn decode_points(text: &str) -> Result<Vec<(f64, f64)>, CurveError> {
    let mut points = Vec::new();
    for (i, item) in text
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        if i >= MAX_POINTS {
            return Err(CurveError::TooManyPoints);
        }
        let bad = || CurveError::BadItem {
            point: i + 1,
            text: item.chars().take(40).collect(),
        };
        let (x, y) = item.split_once(':').ok_or_else(bad)?;
        let x = format::parse_number(x).map_err(|_| bad())?;
        let y = format::parse_number(y).map_err(|_| bad())?;
        points.push((x, y));
    }
    check_points(&points, |i| Place::Point(i + 1))
}

// =============================================================================================
// Errors of parts 2 and 3
// =============================================================================================

/// Why an input of the token split or of the ceiling was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// Outside its closed range, or not finite.
    OutOfRange {
        what: &'static str,
        unit: &'static str,
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
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::OutOfRange {
                what,
                unit,
                value,
                min,
                max,
            } => {
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
        }
    }
}

impl std::error::Error for InputError {}

fn check(
    what: &'static str,
    unit: &'static str,
    (min, max): (f64, f64),
    value: f64,
) -> Result<f64, InputError> {
    if in_range(value, (min, max)) {
        Ok(value)
    } else {
        Err(InputError::OutOfRange {
            what,
            unit,
            value,
            min,
            max,
        })
    }
}

// =============================================================================================
// 2. Input and output tokens
// =============================================================================================

/// Tokens per request, input or output (closed range).
pub const TOKENS_PER_REQUEST_RANGE: (f64, f64) = (1.0, 10_000_000.0);
/// A prefill, decode or output throughput in tokens/s per GPU: the range of `tps`.
pub const TOKEN_THROUGHPUT_RANGE: (f64, f64) = (0.001, 10_000_000.0);
/// Output token price / input token price.
pub const PRICE_RATIO_RANGE: (f64, f64) = (1.0, 100.0);
/// Cost per GPU-hour: the range of `usd_hr` (DESIGN.md section 3).
pub const USD_HR_RANGE: (f64, f64) = (0.001, 1000.0);

/// An input of the token split, with its label, unit and range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenField {
    InputTokens,
    OutputTokens,
    PrefillTps,
    DecodeTps,
    OutputTps,
    PriceRatio,
    UsdHr,
}

impl TokenField {
    pub const fn label(self) -> &'static str {
        match self {
            TokenField::InputTokens => "Input tokens per request",
            TokenField::OutputTokens => "Output tokens per request",
            TokenField::PrefillTps => "Prefill throughput",
            TokenField::DecodeTps => "Decode throughput",
            TokenField::OutputTps => "Output throughput",
            TokenField::PriceRatio => "Output/input price ratio",
            TokenField::UsdHr => "Cost per GPU-hour",
        }
    }

    pub const fn unit(self) -> &'static str {
        match self {
            TokenField::InputTokens | TokenField::OutputTokens => "tokens",
            TokenField::PrefillTps => "input tokens/s per GPU",
            TokenField::DecodeTps | TokenField::OutputTps => "output tokens/s per GPU",
            TokenField::PriceRatio => "",
            TokenField::UsdHr => "$ per GPU-hour",
        }
    }

    pub const fn range(self) -> (f64, f64) {
        match self {
            TokenField::InputTokens | TokenField::OutputTokens => TOKENS_PER_REQUEST_RANGE,
            TokenField::PrefillTps | TokenField::DecodeTps | TokenField::OutputTps => {
                TOKEN_THROUGHPUT_RANGE
            }
            TokenField::PriceRatio => PRICE_RATIO_RANGE,
            TokenField::UsdHr => USD_HR_RANGE,
        }
    }

    /// The value if it is finite and within the field's closed range.
    pub fn check(self, value: f64) -> Result<f64, InputError> {
        check(self.label(), self.unit(), self.range(), value)
    }
}

/// Tokens per request in [1, 10,000,000].
pub fn check_tokens_per_request(value: f64) -> Result<f64, InputError> {
    check(
        "Tokens per request",
        "tokens",
        TOKENS_PER_REQUEST_RANGE,
        value,
    )
}

/// A throughput in tokens/s per GPU in [0.001, 10,000,000].
pub fn check_token_throughput(value: f64) -> Result<f64, InputError> {
    TokenField::OutputTps.check(value)
}

/// An output/input price ratio in [1, 100].
pub fn check_price_ratio(value: f64) -> Result<f64, InputError> {
    TokenField::PriceRatio.check(value)
}

/// The workload's request: tokens read (prompt, prefill) and written (decode) per request.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenMix {
    pub input_tokens: f64,
    pub output_tokens: f64,
}

impl TokenMix {
    pub fn validate(&self) -> Result<(), InputError> {
        TokenField::InputTokens.check(self.input_tokens)?;
        TokenField::OutputTokens.check(self.output_tokens)?;
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
    /// Measured separately: input tokens/s per GPU while prefilling and output tokens/s per GPU
    /// while decoding. The GPU time of a request is the sum of both phases.
    Throughputs { prefill_tps: f64, decode_tps: f64 },
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

/// Costs with separately measured prefill and decode throughputs.
///
/// - GPU-seconds per request = input / prefill_tps + output / decode_tps
/// - cost per request = usd_hr / 3600 x GPU-seconds
/// - cost per million input tokens = usd_hr / (prefill_tps x 3600) x 1e6, and likewise output
///   with decode_tps (so input x per_m_input + output x per_m_output = cost per request x 1e6)
/// - blended per million = cost per request / (input + output) x 1e6
pub fn costs_from_throughputs(
    usd_hr: f64,
    mix: &TokenMix,
    prefill_tps: f64,
    decode_tps: f64,
) -> Result<TokenCosts, InputError> {
    TokenField::UsdHr.check(usd_hr)?;
    mix.validate()?;
    TokenField::PrefillTps.check(prefill_tps)?;
    TokenField::DecodeTps.check(decode_tps)?;
    let usd_per_s = usd_hr / SECONDS_PER_HOUR;
    let gpu_seconds = mix.input_tokens / prefill_tps + mix.output_tokens / decode_tps;
    let per_request = usd_per_s * gpu_seconds;
    Ok(TokenCosts {
        per_m_input: usd_per_s / prefill_tps * 1e6,
        per_m_output: usd_per_s / decode_tps * 1e6,
        per_request,
        blended_per_m: per_request / mix.total() * 1e6,
        gpu_seconds_per_request: gpu_seconds,
        output_tps: mix.output_tokens / gpu_seconds,
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
    TokenField::UsdHr.check(usd_hr)?;
    mix.validate()?;
    TokenField::OutputTps.check(output_tps)?;
    TokenField::PriceRatio.check(ratio)?;
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
            decode_tps,
        } => costs_from_throughputs(usd_hr, mix, prefill_tps, decode_tps),
        TokenSplit::PriceRatio { output_tps, ratio } => {
            costs_from_price_ratio(usd_hr, mix, output_tps, ratio)
        }
    }
}

// =============================================================================================
// 3. The physical ceiling on decode throughput
// =============================================================================================

/// An input of the ceiling, with its label, unit and closed range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CeilingField {
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

impl CeilingField {
    pub const fn label(self) -> &'static str {
        match self {
            CeilingField::TotalParams => "Total parameters",
            CeilingField::ActiveParams => "Active parameters per token",
            CeilingField::SharedParams => "Shared (non-expert) parameters",
            CeilingField::ExpertParams => "Parameters per expert",
            CeilingField::Experts => "Experts",
            CeilingField::ActiveExperts => "Active experts per token",
            CeilingField::BytesPerParam => "Bytes per parameter",
            CeilingField::KvBytesPerToken => "KV cache per token",
            CeilingField::ContextTokens => "Context length",
            CeilingField::Batch => "Batch size",
            CeilingField::Gpus => "GPUs per model copy",
            CeilingField::HbmTbS => "HBM bandwidth",
            CeilingField::HbmGb => "HBM capacity",
            CeilingField::PeakPflops => "Peak dense compute",
            CeilingField::TokensPerStep => "Tokens per decode step",
        }
    }

    pub const fn unit(self) -> &'static str {
        match self {
            CeilingField::TotalParams
            | CeilingField::ActiveParams
            | CeilingField::SharedParams
            | CeilingField::ExpertParams => "billion",
            CeilingField::Experts | CeilingField::ActiveExperts | CeilingField::Gpus => "",
            CeilingField::BytesPerParam => "bytes",
            CeilingField::KvBytesPerToken => "bytes per token",
            CeilingField::ContextTokens => "tokens",
            CeilingField::Batch => "sequences",
            CeilingField::HbmTbS => "TB/s per GPU",
            CeilingField::HbmGb => "GB per GPU",
            CeilingField::PeakPflops => "PFLOPS per GPU",
            CeilingField::TokensPerStep => "tokens per sequence",
        }
    }

    pub const fn range(self) -> (f64, f64) {
        match self {
            CeilingField::TotalParams | CeilingField::ActiveParams => (0.001, 100_000.0),
            CeilingField::SharedParams => (0.0, 100_000.0),
            CeilingField::ExpertParams => (0.0001, 100_000.0),
            CeilingField::Experts | CeilingField::ActiveExperts => (1.0, 100_000.0),
            // 0.125 is a 1-bit weight; 8 an FP64 one. FP4 is 0.5, FP8 1, BF16 2.
            CeilingField::BytesPerParam => (0.1, 8.0),
            CeilingField::KvBytesPerToken => (0.0, 100_000_000.0),
            CeilingField::ContextTokens => (1.0, 10_000_000.0),
            CeilingField::Batch => (1.0, 1_000_000.0),
            CeilingField::Gpus => (1.0, 100_000.0),
            CeilingField::HbmTbS => (0.001, 1000.0),
            CeilingField::HbmGb => (0.001, 100_000.0),
            CeilingField::PeakPflops => (0.001, 100_000.0),
            CeilingField::TokensPerStep => (1.0, 16.0),
        }
    }

    /// The value if it is finite and within the field's closed range.
    pub fn check(self, value: f64) -> Result<f64, InputError> {
        check(self.label(), self.unit(), self.range(), value)
    }
}

/// Expected number of distinct experts that `tokens` tokens route to, when each picks `active`
/// of `experts` experts uniformly at random: E x (1 - (1 - k/E)^T) (DESIGN.md section 5).
///
/// One token leaves a given expert unused with probability 1 - k/E; T independent tokens with
/// probability (1 - k/E)^T. It is k at T = 1 and tends to E as T grows. Applied per MoE layer, it
/// scales each layer's experts alike, so it also counts experts summed over layers. Real routers
/// are skewed towards popular experts and touch somewhat fewer. Total: non-finite or non-positive
/// inputs give 0; `active` above `experts` counts as all of them.
pub fn expected_experts_read(experts: f64, active: f64, tokens: f64) -> f64 {
    if !(experts.is_finite() && active.is_finite() && tokens.is_finite())
        || experts <= 0.0
        || active <= 0.0
        || tokens <= 0.0
    {
        return 0.0;
    }
    if active >= experts {
        return experts;
    }
    // 1 - (1 - p)^T computed as -expm1(T ln(1 - p)): exact for small p and large T.
    let unused = tokens * (-active / experts).ln_1p();
    (experts * -unused.exp_m1()).max(0.0).min(experts)
}

/// The weights of a model, as the decode ceiling needs them (parameters in billions).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ModelShape {
    /// Every weight is used for every token.
    Dense { params_b: f64 },
    /// A mixture of experts: shared weights (attention, embeddings, dense layers, shared experts)
    /// that every token uses, plus `experts` equal experts of which each token uses
    /// `active_experts`. `expert_params_b` is one expert's parameters summed over all MoE layers.
    Moe {
        shared_params_b: f64,
        expert_params_b: f64,
        experts: u32,
        active_experts: u32,
    },
    /// Sparse, but the expert layout is unknown: every weight is read each step (the large-batch
    /// limit of the MoE formula, so the ceiling is a conservative one); FLOPs use the active
    /// parameters.
    SparseWhole {
        total_params_b: f64,
        active_params_b: f64,
    },
}

impl ModelShape {
    /// The shape from what model cards state: total and active parameters (billions), and the
    /// number of experts and active experts per token when known. Equal experts are assumed:
    /// per expert = (total - active) / (E - k), shared = active - k x per expert. Dense when
    /// active equals total; [`ModelShape::SparseWhole`] when active is smaller and no expert
    /// counts are given.
    pub fn from_totals(
        total_b: f64,
        active_b: f64,
        experts: Option<(u32, u32)>,
    ) -> Result<ModelShape, InputError> {
        CeilingField::TotalParams.check(total_b)?;
        CeilingField::ActiveParams.check(active_b)?;
        if active_b > total_b {
            return Err(InputError::ActiveAboveTotal { active_b, total_b });
        }
        if active_b == total_b {
            return Ok(ModelShape::Dense { params_b: total_b });
        }
        let Some((experts, active_experts)) = experts else {
            return Ok(ModelShape::SparseWhole {
                total_params_b: total_b,
                active_params_b: active_b,
            });
        };
        CeilingField::Experts.check(f64::from(experts))?;
        CeilingField::ActiveExperts.check(f64::from(active_experts))?;
        if active_experts > experts {
            return Err(InputError::ActiveExpertsAboveExperts {
                active: active_experts,
                experts,
            });
        }
        let inconsistent = InputError::InconsistentExperts {
            total_b,
            active_b,
            experts,
            active_experts,
        };
        if active_experts == experts {
            // Every expert active, yet active < total: no equal-expert split fits.
            return Err(inconsistent);
        }
        let per_expert = (total_b - active_b) / f64::from(experts - active_experts);
        let shared = active_b - f64::from(active_experts) * per_expert;
        // Allow rounding a hair below zero (a model with no shared weights).
        if shared < -1e-9 * total_b {
            return Err(inconsistent);
        }
        let shape = ModelShape::Moe {
            shared_params_b: shared.max(0.0),
            expert_params_b: per_expert,
            experts,
            active_experts,
        };
        shape.validate()?;
        Ok(shape)
    }

    /// Check every figure's range; for a MoE model also k <= E and a total within range.
    pub fn validate(&self) -> Result<(), InputError> {
        match *self {
            ModelShape::Dense { params_b } => {
                CeilingField::TotalParams.check(params_b)?;
            }
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                active_experts,
            } => {
                CeilingField::SharedParams.check(shared_params_b)?;
                CeilingField::ExpertParams.check(expert_params_b)?;
                CeilingField::Experts.check(f64::from(experts))?;
                CeilingField::ActiveExperts.check(f64::from(active_experts))?;
                if active_experts > experts {
                    return Err(InputError::ActiveExpertsAboveExperts {
                        active: active_experts,
                        experts,
                    });
                }
                CeilingField::TotalParams.check(self.total_params_b())?;
            }
            ModelShape::SparseWhole {
                total_params_b,
                active_params_b,
            } => {
                CeilingField::TotalParams.check(total_params_b)?;
                CeilingField::ActiveParams.check(active_params_b)?;
                if active_params_b > total_params_b {
                    return Err(InputError::ActiveAboveTotal {
                        active_b: active_params_b,
                        total_b: total_params_b,
                    });
                }
            }
        }
        Ok(())
    }

    /// Parameters stored (billions): what must fit in HBM.
    pub fn total_params_b(&self) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                ..
            } => shared_params_b + f64::from(experts) * expert_params_b,
            ModelShape::SparseWhole { total_params_b, .. } => total_params_b,
        }
    }

    /// Parameters one token uses (billions): what the FLOPs count.
    pub fn active_params_b(&self) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                active_experts,
                ..
            } => shared_params_b + f64::from(active_experts) * expert_params_b,
            ModelShape::SparseWhole {
                active_params_b, ..
            } => active_params_b,
        }
    }

    /// Parameters (billions) one decode step reads from HBM when it processes `tokens` tokens:
    /// all of a dense model; for a MoE model the shared weights plus the expected distinct
    /// experts ([`expected_experts_read`]).
    pub fn params_read_b(&self, tokens: f64) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                active_experts,
            } => {
                shared_params_b
                    + expected_experts_read(f64::from(experts), f64::from(active_experts), tokens)
                        * expert_params_b
            }
            ModelShape::SparseWhole { total_params_b, .. } => total_params_b,
        }
    }
}

/// What the decode ceiling needs: the model, its numeric format, the serving point and the GPU.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CeilingInputs {
    pub model: ModelShape,
    /// Bytes per weight: 0.5 for FP4, 1 for FP8, 2 for BF16.
    pub bytes_per_param: f64,
    /// KV-cache bytes per token of context, all layers (e.g. 327,680 for a 70B model with 8 KV
    /// heads of 128 at BF16 over 80 layers); 0 to leave the cache out.
    pub kv_bytes_per_token: f64,
    /// Tokens of context each sequence holds (for an average over a generation: input plus half
    /// the output).
    pub context_tokens: f64,
    /// Sequences decoded together in one step. A whole number in practice; a fraction reads as
    /// an average batch.
    pub batch: f64,
    /// GPUs the model copy is spread over (tensor or expert parallel); weights, cache, bandwidth
    /// and compute are split evenly across them.
    pub gpus: u32,
    /// HBM bandwidth per GPU, TB/s (1e12 bytes/s).
    pub hbm_tb_s: f64,
    /// HBM capacity per GPU, GB (1e9 bytes).
    pub hbm_gb: f64,
    /// Peak dense compute per GPU at the weights' precision, PFLOPS (1e15 FLOP/s).
    pub peak_pflops: f64,
    /// Tokens each sequence gains per step: 1 for plain decoding, more with speculative decoding
    /// or multi-token prediction (the mean accepted length).
    pub tokens_per_step: f64,
}

impl CeilingInputs {
    pub fn validate(&self) -> Result<(), InputError> {
        self.model.validate()?;
        CeilingField::BytesPerParam.check(self.bytes_per_param)?;
        CeilingField::KvBytesPerToken.check(self.kv_bytes_per_token)?;
        CeilingField::ContextTokens.check(self.context_tokens)?;
        CeilingField::Batch.check(self.batch)?;
        CeilingField::Gpus.check(f64::from(self.gpus))?;
        CeilingField::HbmTbS.check(self.hbm_tb_s)?;
        CeilingField::HbmGb.check(self.hbm_gb)?;
        CeilingField::PeakPflops.check(self.peak_pflops)?;
        CeilingField::TokensPerStep.check(self.tokens_per_step)?;
        Ok(())
    }
}

/// Which resource sets the step time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Bound {
    /// Reading weights and KV cache from HBM takes longer than the arithmetic (usual for decode).
    MemoryBandwidth,
    /// The arithmetic takes longer (large batches).
    Compute,
}

/// Whether the weights and the KV cache fit in the GPUs' HBM. Activations and runtime buffers
/// are left out, so a real deployment fits somewhat fewer sequences.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemoryCheck {
    /// All weights, GB (1e9 bytes), across all the GPUs.
    pub weights_gb: f64,
    /// KV cache of the whole batch, GB.
    pub kv_cache_gb: f64,
    /// HBM of all the GPUs together, GB.
    pub capacity_gb: f64,
    /// weights + KV cache <= capacity.
    pub fits: bool,
    /// The largest whole batch that fits: 0 when the weights alone do not fit; the top of the
    /// batch range (1,000,000) when there is no KV cache to limit it.
    pub largest_batch: u64,
}

/// The roofline ceiling on decode throughput at one batch size.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ceiling {
    /// Output tokens/s per GPU at most: comparable with the platform's `tps`.
    pub tokens_per_s_per_gpu: f64,
    /// Output tokens/s of the whole model copy (all its GPUs).
    pub tokens_per_s: f64,
    /// Output tokens/s each user sees at most: the interactivity of this point.
    pub tokens_per_s_per_user: f64,
    /// Seconds per decode step: the larger of the two times below.
    pub step_time_s: f64,
    /// Seconds to read the step's bytes at full HBM bandwidth.
    pub memory_time_s: f64,
    /// Seconds to do the step's FLOPs at peak dense compute.
    pub compute_time_s: f64,
    /// Which of the two sets the step time.
    pub bound: Bound,
    /// Bytes read per step: weights needed plus every sequence's KV cache.
    pub bytes_per_step: f64,
    /// FLOPs per step: 2 x active parameters x tokens in the step.
    pub flops_per_step: f64,
    pub memory: MemoryCheck,
}

impl Ceiling {
    /// A measured throughput (tokens/s per GPU) as a share of this ceiling (1.0 = 100%).
    /// Real decode reaches roughly 0.5-0.7 ([`TYPICAL_SHARE_OF_CEILING`]); above 1 means the
    /// inputs do not describe the measured setup.
    pub fn share(&self, measured_tps_per_gpu: f64) -> f64 {
        share_of_ceiling(measured_tps_per_gpu, self.tokens_per_s_per_gpu)
    }

    /// This ceiling as a point of the interactivity-throughput plane of [`Curve`].
    pub fn as_point(&self) -> (f64, f64) {
        (self.tokens_per_s_per_user, self.tokens_per_s_per_gpu)
    }
}

/// measured / ceiling; 0 when either is not a positive finite number (never NaN or inf).
pub fn share_of_ceiling(measured: f64, ceiling: f64) -> f64 {
    let share = measured / ceiling;
    if measured > 0.0 && ceiling > 0.0 && share.is_finite() {
        share
    } else {
        0.0
    }
}

/// Whether weights and the batch's KV cache fit in the HBM of the model's GPUs, and the largest
/// batch that does.
pub fn memory_check(inputs: &CeilingInputs) -> Result<MemoryCheck, InputError> {
    inputs.validate()?;
    Ok(memory_check_unchecked(inputs))
}

fn memory_check_unchecked(inputs: &CeilingInputs) -> MemoryCheck {
    let weights = inputs.model.total_params_b() * 1e9 * inputs.bytes_per_param;
    let kv_per_sequence = inputs.context_tokens * inputs.kv_bytes_per_token;
    let kv_cache = inputs.batch * kv_per_sequence;
    let capacity = inputs.hbm_gb * 1e9 * f64::from(inputs.gpus);
    let free = capacity - weights;
    let max_batch = CeilingField::Batch.range().1;
    let largest_batch = if free < 0.0 {
        0.0
    } else if kv_per_sequence <= 0.0 {
        max_batch
    } else {
        // The tiny margin keeps an exact fit (free = n x kv) from rounding down to n - 1.
        (free / kv_per_sequence * (1.0 + 1e-12))
            .floor()
            .min(max_batch)
    };
    MemoryCheck {
        weights_gb: weights / 1e9,
        kv_cache_gb: kv_cache / 1e9,
        capacity_gb: capacity / 1e9,
        fits: weights + kv_cache <= capacity,
        largest_batch: largest_batch as u64,
    }
}

/// The physical ceiling on decode throughput (Pope et al. 2022, [`CEILING_CITATION`]).
///
/// One decode step advances every sequence of the batch by `tokens_per_step` tokens. It must
/// - read the weights it needs once for the whole batch (all of a dense model; the shared
///   weights plus the experts hit by the step's B x tokens_per_step tokens for a MoE model), and
///   each sequence's KV cache (B x context x KV bytes per token): bytes / (GPUs x bandwidth);
/// - do 2 FLOPs per active parameter for each of the B x tokens_per_step tokens:
///   FLOPs / (GPUs x peak). Counting the accepted tokens (not B) keeps speculative decoding from
///   beating the arithmetic; rejected draft tokens and attention FLOPs are left out.
///
/// step time = max(memory time, compute time); ceiling = B x tokens_per_step / step time / GPUs
/// tokens/s per GPU. Communication between GPUs, activations and kernel overheads are ignored, so
/// this is an upper bound: real decode reaches roughly 50-70% of the bandwidth ceiling
/// ([`TYPICAL_SHARE_OF_CEILING`]). The memory check is reported, not enforced: a batch that does
/// not fit still gets its (unreachable) ceiling, with `memory.fits` false.
pub fn decode_ceiling(inputs: &CeilingInputs) -> Result<Ceiling, InputError> {
    inputs.validate()?;
    let gpus = f64::from(inputs.gpus);
    let tokens = inputs.batch * inputs.tokens_per_step;
    let weight_bytes = inputs.model.params_read_b(tokens) * 1e9 * inputs.bytes_per_param;
    let kv_bytes = inputs.batch * inputs.context_tokens * inputs.kv_bytes_per_token;
    let bytes = weight_bytes + kv_bytes;
    let flops = 2.0 * inputs.model.active_params_b() * 1e9 * tokens;
    let memory_time = bytes / (gpus * inputs.hbm_tb_s * 1e12);
    let compute_time = flops / (gpus * inputs.peak_pflops * 1e15);
    let (step, bound) = if memory_time >= compute_time {
        (memory_time, Bound::MemoryBandwidth)
    } else {
        (compute_time, Bound::Compute)
    };
    let total = tokens / step;
    Ok(Ceiling {
        tokens_per_s_per_gpu: total / gpus,
        tokens_per_s: total,
        tokens_per_s_per_user: inputs.tokens_per_step / step,
        step_time_s: step,
        memory_time_s: memory_time,
        compute_time_s: compute_time,
        bound,
        bytes_per_step: bytes,
        flops_per_step: flops,
        memory: memory_check_unchecked(inputs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    // ----- 1. curves -----

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

    #[test]
    fn csv_accepts_what_people_paste() {
        let text = "\u{feff}Interactivity (tok/s/user),Throughput (tok/s/GPU)\n\
                    10,6000\n\
                    \n\
                    # a comment\n\
                    50;2.5k\n\
                    100\t900\r\n\
                    200   \"1,200\"\n\
                    300 , 1e2\n";
        assert_eq!(
            parse_points_csv(text),
            Ok(vec![
                (10.0, 6000.0),
                (50.0, 2500.0),
                (100.0, 900.0),
                (200.0, 1200.0),
                (300.0, 100.0)
            ])
        );
        // No header; unsorted input comes back sorted.
        assert_eq!(
            parse_points_csv("50 2500\n10 6000"),
            Ok(vec![(10.0, 6000.0), (50.0, 2500.0)])
        );
    }

    #[test]
    fn csv_errors_name_the_line() {
        let msg = |text: &str| match parse_points_csv(text) {
            Ok(_) => String::from("accepted"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            msg("x,y\n10,6000\n\n20,abc\n"),
            "line 4, column 2: \"abc\" is not a number"
        );
        assert_eq!(
            msg("10,6,000\n20,100"),
            "line 1: expected 2 numbers (interactivity, throughput), found 3; a comma \
             separates cells, so write 6000 or 6k, not 6,000"
        );
        assert_eq!(
            msg("x y\n10 6000 7\n"),
            "line 2: expected 2 numbers (interactivity, throughput), found 3"
        );
        assert_eq!(
            msg("10,6000\n20,0\n"),
            "line 2: the throughput 0 is outside 0.001 to 10,000,000 tokens/s per GPU"
        );
        assert_eq!(
            msg("x,y\n10,6000\n# c\n10,5000\n"),
            "line 2 and line 4 have the same interactivity (10): keep one of them"
        );
        assert_eq!(
            msg("interactivity,throughput\n"),
            "a curve needs at least 2 points (found 0)"
        );
        // A first line with a number in it is data, not a header.
        assert_eq!(
            msg("10,abc\n20,100\n"),
            "line 1, column 2: \"abc\" is not a number"
        );
        let many: String = (1..=40).map(|i| format!("{i},100\n")).collect();
        assert_eq!(msg(&many), "a curve holds at most 32 points");
    }

    #[test]
    fn csv_round_trips() {
        let points = vec![(10.0, 6000.0), (33.3, 2500.5), (100.0, 0.001)];
        let text = points_to_csv(&points);
        assert_eq!(
            text,
            "interactivity (tokens/s per user),throughput (tokens/s per GPU)\n\
             10,6000\n33.3,2500.5\n100,0.001\n"
        );
        assert_eq!(parse_points_csv(&text), Ok(points.clone()));
        assert_eq!(Curve::from_csv(&text).map(|c| c.to_csv()), Ok(text));
    }

    #[test]
    fn link_encoding_is_compact_and_round_trips() {
        let points = [(10.0, 6000.0), (50.0, 2500.0), (100.0, 900.0)];
        // "2.5k" is no shorter than "2500", so the plain form stays.
        assert_eq!(encode_points(&points), "10:6k;50:2500;100:900");
        assert_eq!(
            encode_points(&[(0.5, 2_500_000.0), (1234.5, 1_234_567.0)]),
            "0.5:2.5M;1234.5:1234567"
        );
        assert_eq!(decode_points("10:6k;50:2.5k;100:900"), Ok(points.to_vec()));
        assert_eq!(
            decode_points(" 100:900 ; 10:6000; ;"),
            Ok(vec![(10.0, 6000.0), (100.0, 900.0)])
        );
        let c = curve(&points);
        assert_eq!(Curve::decode(&c.encode()), Ok(c));
    }

    #[test]
    fn link_errors_name_the_point() {
        let msg = |text: &str| match decode_points(text) {
            Ok(_) => String::from("accepted"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            msg("10:6000;50-2500"),
            "point 2: \"50-2500\" is not interactivity:throughput (two numbers and a colon)"
        );
        assert_eq!(
            msg("10:6000;50:abc"),
            "point 2: \"50:abc\" is not interactivity:throughput (two numbers and a colon)"
        );
        assert_eq!(msg(""), "a curve needs at least 2 points (found 0)");
        assert_eq!(
            msg("10:6000;10:inf"),
            "point 2: \"10:inf\" is not interactivity:throughput (two numbers and a colon)"
        );
        let many: Vec<String> = (1..=33).map(|i| format!("{i}:100")).collect();
        assert_eq!(msg(&many.join(";")), "a curve holds at most 32 points");
    }

    // ----- 2. input and output tokens -----

    const MIX: TokenMix = TokenMix {
        input_tokens: 1000.0,
        output_tokens: 500.0,
    };

    #[test]
    fn separate_throughputs_by_hand() {
        // $3.60/h is $0.001 per GPU-second. 1000 input tokens at 10,000/s = 0.1 s; 500 output
        // tokens at 100/s = 5 s; 5.1 GPU-seconds = $0.0051 per request.
        // Input: 3.6 / (10,000 x 3600) x 1e6 = $0.10 per million; output: 3.6 / (100 x 3600) x
        // 1e6 = $10 per million. Check: 1000 x 0.1 / 1e6 + 500 x 10 / 1e6 = 0.0001 + 0.005.
        // Blended: 0.0051 / 1500 x 1e6 = $3.40 per million. Output tokens/s: 500 / 5.1 = 98.04.
        let c = costs_from_throughputs(3.6, &MIX, 10_000.0, 100.0);
        let Ok(c) = c else { panic!("{c:?}") };
        assert_relative_eq!(c.gpu_seconds_per_request, 5.1, epsilon = 1e-12);
        assert_relative_eq!(c.per_request, 0.0051, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_input, 0.1, epsilon = 1e-12);
        assert_relative_eq!(c.per_m_output, 10.0, epsilon = 1e-12);
        assert_relative_eq!(c.blended_per_m, 3.4, epsilon = 1e-12);
        assert_relative_eq!(c.output_tps, 98.039_215_686, epsilon = 1e-6);
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

    #[test]
    fn token_inputs_are_checked() {
        let bad_mix = TokenMix {
            input_tokens: 0.0,
            output_tokens: 10.0,
        };
        let e = costs_from_throughputs(1.0, &bad_mix, 1.0, 1.0).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Input tokens per request must be from 1 to 10,000,000 tokens (got 0)")
        );
        let e = costs_from_price_ratio(1.0, &MIX, 100.0, 0.5).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Output/input price ratio must be from 1 to 100 (got 0.5)")
        );
        let e = costs_from_throughputs(1.0, &MIX, f64::NAN, 1.0).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some(
                "Prefill throughput must be from 0.001 to 10,000,000 input tokens/s per GPU \
                 (got a value that is not a finite number)"
            )
        );
        assert!(check_tokens_per_request(1.0).is_ok());
        assert!(check_tokens_per_request(10_000_000.0).is_ok());
        assert!(check_tokens_per_request(0.5).is_err());
        assert!(check_token_throughput(0.001).is_ok());
        assert!(check_token_throughput(10_000_001.0).is_err());
        assert!(check_price_ratio(100.0).is_ok());
        assert!(check_price_ratio(f64::INFINITY).is_err());
    }

    #[test]
    fn ranges_match_the_scenario() {
        use crate::scenario::Field;
        assert_eq!(USD_HR_RANGE, Field::UsdHr.range());
        assert_eq!(TOKEN_THROUGHPUT_RANGE, Field::Tps.range());
        assert_eq!(POINT_RANGE, Field::Tps.range());
    }

    // ----- 3. the decode ceiling -----

    const H200_TB_S: f64 = 4.8;
    const H200_GB: f64 = 141.0;
    const H200_FP8_DENSE: f64 = 1.979;

    fn dense_70b() -> CeilingInputs {
        CeilingInputs {
            model: ModelShape::Dense { params_b: 70.0 },
            bytes_per_param: 1.0,
            kv_bytes_per_token: 0.0,
            context_tokens: 1.0,
            batch: 1.0,
            gpus: 1,
            hbm_tb_s: H200_TB_S,
            hbm_gb: H200_GB,
            peak_pflops: H200_FP8_DENSE,
            tokens_per_step: 1.0,
        }
    }

    fn ceiling(inputs: &CeilingInputs) -> Ceiling {
        match decode_ceiling(inputs) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn dense_70b_on_one_h200_by_hand() {
        // 70e9 parameters x 1 byte = 70e9 bytes per step; 70e9 / 4.8e12 B/s = 14.583 ms.
        // FLOPs: 2 x 70e9 x 1 = 1.4e11 at 1.979e15 FLOP/s = 0.0707 ms: memory-bound.
        // 1 token / 14.583 ms = 68.57 tokens/s.
        let c = ceiling(&dense_70b());
        assert_relative_eq!(c.memory_time_s, 0.014_583_333, epsilon = 1e-9);
        assert_relative_eq!(c.compute_time_s, 7.074_279e-5, epsilon = 1e-10);
        assert_relative_eq!(c.step_time_s, c.memory_time_s);
        assert_eq!(c.bound, Bound::MemoryBandwidth);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 68.571_428_57, epsilon = 1e-6);
        assert_relative_eq!(c.tokens_per_s_per_user, 68.571_428_57, epsilon = 1e-6);
        assert_relative_eq!(c.bytes_per_step, 70e9);
        // 70 GB of 141 GB, no cache: fits, and nothing limits the batch.
        assert!(c.memory.fits);
        assert_eq!(c.memory.largest_batch, 1_000_000);
        // A measured 41 tokens/s is 59.8% of it.
        assert_relative_eq!(c.share(41.0), 41.0 / 68.571_428_57, epsilon = 1e-9);
        // Two tokens per step (speculative decoding) read the weights once: 137.1 tokens/s.
        let mtp = ceiling(&CeilingInputs {
            tokens_per_step: 2.0,
            ..dense_70b()
        });
        assert_relative_eq!(mtp.tokens_per_s_per_gpu, 137.142_857_1, epsilon = 1e-6);
    }

    #[test]
    fn compute_bound_at_a_large_batch_by_hand() {
        // Dense 1B at 1 byte, batch 4096, no cache: memory 1e9 / 4.8e12 = 0.2083 ms; compute
        // 2 x 1e9 x 4096 / 1.979e15 = 4.1395 ms: compute-bound. Ceiling = 4096 / 4.1395 ms
        // = peak / (2 x active) = 1.979e15 / 2e9 = 989,500 tokens/s.
        let c = ceiling(&CeilingInputs {
            model: ModelShape::Dense { params_b: 1.0 },
            batch: 4096.0,
            ..dense_70b()
        });
        assert_eq!(c.bound, Bound::Compute);
        assert_relative_eq!(c.compute_time_s, 0.004_139_464_4, epsilon = 1e-10);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 989_500.0, epsilon = 1e-6);
    }

    #[test]
    fn memory_check_by_hand() {
        // 70B at 1 byte with a BF16 cache of 327,680 bytes per token (80 layers x 2 x 8 heads x
        // 128 x 2 bytes) at 4,096 tokens: 1,342,177,280 bytes per sequence.
        // Free HBM: 141e9 - 70e9 = 71e9; 71e9 / 1.34217728e9 = 52.9, so 52 sequences fit.
        let inputs = CeilingInputs {
            kv_bytes_per_token: 327_680.0,
            context_tokens: 4096.0,
            batch: 53.0,
            ..dense_70b()
        };
        let Ok(m) = memory_check(&inputs) else {
            panic!("valid inputs")
        };
        assert_eq!(m.largest_batch, 52);
        assert!(!m.fits);
        assert_relative_eq!(m.weights_gb, 70.0);
        assert_relative_eq!(m.kv_cache_gb, 53.0 * 1.342_177_28, epsilon = 1e-9);
        assert_relative_eq!(m.capacity_gb, 141.0);
        let ok = memory_check(&CeilingInputs {
            batch: 52.0,
            ..inputs
        });
        assert_eq!(ok.map(|m| m.fits), Ok(true));
        // 405B at 2 bytes (810 GB) on one H200: the weights alone do not fit.
        let big = memory_check(&CeilingInputs {
            model: ModelShape::Dense { params_b: 405.0 },
            bytes_per_param: 2.0,
            ..inputs
        });
        assert_eq!(big.map(|m| m.largest_batch), Ok(0));
        // On 8 GPUs: 1128 GB, 318 GB free: 318e9 / 1.342e9 = 236.9 -> 236.
        let eight = memory_check(&CeilingInputs {
            model: ModelShape::Dense { params_b: 405.0 },
            bytes_per_param: 2.0,
            gpus: 8,
            ..inputs
        });
        assert_eq!(eight.map(|m| m.largest_batch), Ok(236));
    }

    #[test]
    fn experts_read_by_hand() {
        // E = 256, k = 8. One token reads 8; two read 256 x (1 - (31/32)^2) = 256 x 0.0615234
        // = 15.75 (two tokens overlap a little).
        assert_relative_eq!(expected_experts_read(256.0, 8.0, 1.0), 8.0, epsilon = 1e-9);
        assert_relative_eq!(
            expected_experts_read(256.0, 8.0, 2.0),
            15.75,
            epsilon = 1e-9
        );
        // 32 tokens: (31/32)^32 = exp(32 x ln 0.96875) = exp(-1.015974) = 0.362062;
        // 256 x 0.637938 = 163.31.
        assert_relative_eq!(
            expected_experts_read(256.0, 8.0, 32.0),
            163.313_845_95,
            epsilon = 1e-6
        );
        // Many tokens read them all; all active reads them all; nonsense reads none.
        assert_relative_eq!(expected_experts_read(256.0, 8.0, 1e6), 256.0);
        assert_eq!(expected_experts_read(8.0, 8.0, 1.0), 8.0);
        assert_eq!(expected_experts_read(256.0, 8.0, f64::NAN), 0.0);
        assert_eq!(expected_experts_read(0.0, 8.0, 1.0), 0.0);
    }

    fn deepseek_like() -> CeilingInputs {
        CeilingInputs {
            model: ModelShape::Moe {
                shared_params_b: 17.0,
                expert_params_b: 2.55,
                experts: 256,
                active_experts: 8,
            },
            bytes_per_param: 1.0,
            kv_bytes_per_token: 70_000.0,
            context_tokens: 2000.0,
            batch: 32.0,
            gpus: 8,
            hbm_tb_s: H200_TB_S,
            hbm_gb: H200_GB,
            peak_pflops: H200_FP8_DENSE,
            tokens_per_step: 1.0,
        }
    }

    #[test]
    fn moe_deepseek_like_on_eight_h200_by_hand() {
        // Shared 17B + 256 experts of 2.55B: total 17 + 652.8 = 669.8B, active 17 + 8 x 2.55
        // = 37.4B (DeepSeek-R1: 671B total, 37B active).
        // Batch 32: 163.314 experts read (above) x 2.55B = 416.450B, plus 17B shared
        // = 433.450 GB at 1 byte. KV: 32 x 2000 x 70,000 = 4.48 GB. Bytes: 437.930 GB.
        // Bandwidth 8 x 4.8 = 38.4 TB/s: 437.930e9 / 38.4e12 = 11.4044 ms.
        // FLOPs: 2 x 37.4e9 x 32 = 2.3936e12 at 8 x 1.979e15: 0.1512 ms. Memory-bound.
        // 32 / 11.4044 ms = 2,805.9 tokens/s in all, 350.74 per GPU; 87.69 per user.
        // Memory: 669.8 + 4.48 = 674.28 GB of 1128: fits; (1128 - 669.8) / 0.14 = 3272.9 -> 3272.
        let inputs = deepseek_like();
        assert_relative_eq!(inputs.model.total_params_b(), 669.8, epsilon = 1e-9);
        assert_relative_eq!(inputs.model.active_params_b(), 37.4, epsilon = 1e-9);
        assert_relative_eq!(
            inputs.model.params_read_b(32.0),
            433.450_307_17,
            epsilon = 1e-6
        );
        let c = ceiling(&inputs);
        assert_relative_eq!(c.bytes_per_step, 437.930_307_17e9, epsilon = 1e3);
        assert_relative_eq!(c.memory_time_s, 0.011_404_435_08, epsilon = 1e-11);
        assert_relative_eq!(c.compute_time_s, 1.511_874_68e-4, epsilon = 1e-12);
        assert_eq!(c.bound, Bound::MemoryBandwidth);
        assert_relative_eq!(c.tokens_per_s, 2_805.925_92, epsilon = 1e-4);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 350.740_74, epsilon = 1e-4);
        assert_relative_eq!(
            c.tokens_per_s_per_user,
            1.0 / 0.011_404_435_08,
            epsilon = 1e-6
        );
        assert!(c.memory.fits);
        assert_eq!(c.memory.largest_batch, 3272);
        // The seed's measured Hopper figure, about 90 tokens/s per GPU, is 25.7% of this point.
        assert_relative_eq!(c.share(90.0), 0.2566, epsilon = 1e-4);
    }

    #[test]
    fn moe_shape_from_model_card_totals() {
        // 671B total, 37B active, 256 experts, 8 active:
        // per expert = (671 - 37) / (256 - 8) = 634 / 248 = 2.556452B;
        // shared = 37 - 8 x 2.556452 = 16.548387B.
        let shape = ModelShape::from_totals(671.0, 37.0, Some((256, 8)));
        let Ok(ModelShape::Moe {
            shared_params_b,
            expert_params_b,
            experts,
            active_experts,
        }) = shape
        else {
            panic!("{shape:?}")
        };
        assert_relative_eq!(expert_params_b, 634.0 / 248.0, epsilon = 1e-12);
        assert_relative_eq!(shared_params_b, 16.548_387_097, epsilon = 1e-9);
        assert_eq!((experts, active_experts), (256, 8));
        let shape = ModelShape::Moe {
            shared_params_b,
            expert_params_b,
            experts,
            active_experts,
        };
        assert_relative_eq!(shape.total_params_b(), 671.0, epsilon = 1e-9);
        assert_relative_eq!(shape.active_params_b(), 37.0, epsilon = 1e-9);
        assert_eq!(
            ModelShape::from_totals(70.0, 70.0, None),
            Ok(ModelShape::Dense { params_b: 70.0 })
        );
        assert_eq!(
            ModelShape::from_totals(671.0, 37.0, None),
            Ok(ModelShape::SparseWhole {
                total_params_b: 671.0,
                active_params_b: 37.0
            })
        );
        // Without a layout every weight is read: 671 GB at 1 byte.
        assert_relative_eq!(
            ModelShape::SparseWhole {
                total_params_b: 671.0,
                active_params_b: 37.0
            }
            .params_read_b(1.0),
            671.0
        );
        let msg = |r: Result<ModelShape, InputError>| r.err().map(|e| e.to_string());
        assert_eq!(
            msg(ModelShape::from_totals(30.0, 40.0, None)).as_deref(),
            Some("Active parameters (40B) cannot exceed total parameters (30B)")
        );
        assert_eq!(
            msg(ModelShape::from_totals(100.0, 50.0, Some((4, 3)))).as_deref(),
            Some(
                "100B total and 50B active parameters cannot come from 3 of 4 equal experts \
                 plus shared weights: the shared part would be negative"
            )
        );
        assert_eq!(
            msg(ModelShape::from_totals(100.0, 50.0, Some((4, 5)))).as_deref(),
            Some("Active experts (5) cannot exceed the number of experts (4)")
        );
        assert!(ModelShape::from_totals(100.0, 50.0, Some((4, 4))).is_err());
        // No shared weights at all: 4 experts of 25B, 2 active.
        assert_eq!(
            ModelShape::from_totals(100.0, 50.0, Some((4, 2))),
            Ok(ModelShape::Moe {
                shared_params_b: 0.0,
                expert_params_b: 25.0,
                experts: 4,
                active_experts: 2
            })
        );
    }

    #[test]
    fn ceiling_inputs_are_checked() {
        let msg = |inputs: CeilingInputs| decode_ceiling(&inputs).err().map(|e| e.to_string());
        assert_eq!(
            msg(CeilingInputs {
                batch: 0.0,
                ..dense_70b()
            })
            .as_deref(),
            Some("Batch size must be from 1 to 1,000,000 sequences (got 0)")
        );
        assert_eq!(
            msg(CeilingInputs {
                gpus: 0,
                ..dense_70b()
            })
            .as_deref(),
            Some("GPUs per model copy must be from 1 to 100,000 (got 0)")
        );
        assert_eq!(
            msg(CeilingInputs {
                tokens_per_step: 0.5,
                ..dense_70b()
            })
            .as_deref(),
            Some("Tokens per decode step must be from 1 to 16 tokens per sequence (got 0.5)")
        );
        assert_eq!(
            msg(CeilingInputs {
                hbm_tb_s: f64::INFINITY,
                ..dense_70b()
            })
            .as_deref(),
            Some(
                "HBM bandwidth must be from 0.001 to 1,000 TB/s per GPU \
                 (got a value that is not a finite number)"
            )
        );
        assert!(msg(CeilingInputs {
            model: ModelShape::Moe {
                shared_params_b: 1.0,
                expert_params_b: 1.0,
                experts: 4,
                active_experts: 5
            },
            ..dense_70b()
        })
        .is_some());
    }

    #[test]
    fn share_of_ceiling_is_never_nan() {
        assert_relative_eq!(share_of_ceiling(50.0, 100.0), 0.5);
        assert_eq!(share_of_ceiling(50.0, 0.0), 0.0);
        assert_eq!(share_of_ceiling(f64::NAN, 100.0), 0.0);
        assert_eq!(share_of_ceiling(50.0, f64::INFINITY), 0.0);
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

    fn any_ceiling_inputs() -> impl Strategy<Value = CeilingInputs> {
        let dense = log_uniform(0.001, 10_000.0).prop_map(|p| ModelShape::Dense { params_b: p });
        let moe = (
            log_uniform(0.001, 100.0),
            log_uniform(0.0001, 10.0),
            1u32..=512,
            1u32..=64,
        )
            .prop_map(|(shared, expert, e, k)| ModelShape::Moe {
                shared_params_b: shared,
                expert_params_b: expert,
                experts: e,
                active_experts: k.min(e),
            });
        (
            prop_oneof![dense, moe],
            log_uniform(0.1, 8.0),
            prop_oneof![Just(0.0), log_uniform(1.0, 1e8)],
            log_uniform(1.0, 1e7),
            log_uniform(1.0, 1e6),
            1u32..=100_000,
            (log_uniform(0.001, 1000.0), log_uniform(0.001, 100_000.0)),
            log_uniform(0.001, 100_000.0),
            log_uniform(1.0, 16.0),
        )
            .prop_map(
                |(model, bytes, kv, context, batch, gpus, (tb_s, gb), pflops, tps)| CeilingInputs {
                    model,
                    bytes_per_param: bytes,
                    kv_bytes_per_token: kv,
                    context_tokens: context,
                    batch,
                    gpus,
                    hbm_tb_s: tb_s,
                    hbm_gb: gb,
                    peak_pflops: pflops,
                    tokens_per_step: tps,
                },
            )
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

        #[test]
        fn link_and_csv_round_trip(points in any_points()) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(decode_points(&c.encode()), Ok(c.points().to_vec()));
            prop_assert_eq!(parse_points_csv(&c.to_csv()), Ok(c.points().to_vec()));
        }

        #[test]
        fn ceiling_is_finite_and_positive(inputs in any_ceiling_inputs()) {
            let c = decode_ceiling(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for v in [c.tokens_per_s_per_gpu, c.tokens_per_s, c.tokens_per_s_per_user, c.step_time_s,
                      c.bytes_per_step, c.flops_per_step, c.memory.weights_gb, c.memory.capacity_gb] {
                prop_assert!(v.is_finite() && v > 0.0, "{} in {:?}", v, c);
            }
            prop_assert!(c.memory.kv_cache_gb.is_finite() && c.memory.kv_cache_gb >= 0.0);
            prop_assert_eq!(c.step_time_s, c.memory_time_s.max(c.compute_time_s));
            prop_assert_eq!(c.bound == Bound::Compute, c.compute_time_s > c.memory_time_s);
            prop_assert!((c.share(c.tokens_per_s_per_gpu) - 1.0).abs() < 1e-12);
        }

        #[test]
        fn a_bigger_batch_never_lowers_the_ceiling(inputs in any_ceiling_inputs(), factor in 1.0..100.0f64) {
            let small = decode_ceiling(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let bigger = CeilingInputs { batch: (inputs.batch * factor).min(1e6), ..inputs };
            let big = decode_ceiling(&bigger).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(big.tokens_per_s_per_gpu >= small.tokens_per_s_per_gpu * (1.0 - 1e-9));
            prop_assert!(big.tokens_per_s_per_user <= small.tokens_per_s_per_user * (1.0 + 1e-9));
        }
    }
}
