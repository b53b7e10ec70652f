//! Measured points as text: pasted CSV from a spreadsheet and the link's compact `x:y;x:y` form.
//! Reading checks every value and names the line or point that is wrong.

use std::fmt;

use crate::format::{self, ParseError};
use crate::model::curve::{check_points, Axis, Curve, CurveError, Place, MAX_POINTS, POINT_RANGE};

/// Why text could not be read as points: a line or item that is not two numbers, or points that
/// do not make a curve.
#[derive(Clone, Debug, PartialEq)]
pub enum PointsError {
    /// The numbers were read but do not make a curve.
    Curve(CurveError),
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

impl From<CurveError> for PointsError {
    fn from(error: CurveError) -> Self {
        PointsError::Curve(error)
    }
}

impl fmt::Display for PointsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PointsError::Curve(error) => write!(f, "{error}"),
            PointsError::Columns { line, found, comma } => {
                write!(
                    f,
                    "line {line}: expected 2 numbers (interactivity, throughput), found {found}"
                )?;
                if *comma && *found > 2 {
                    write!(f, "; a comma separates cells, so write 6000 or 6k, not 6,000")?;
                }
                Ok(())
            }
            PointsError::NotANumber {
                line,
                column,
                error,
            } => write!(f, "line {line}, column {column}: {error}"),
            PointsError::BadItem { point, text } => write!(
                f,
                "point {point}: \"{text}\" is not interactivity:throughput (two numbers and a colon)"
            ),
        }
    }
}

impl std::error::Error for PointsError {}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Point(i) => write!(f, "point {i}"),
            Place::Line(i) => write!(f, "line {i}"),
        }
    }
}

impl fmt::Display for CurveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurveError::TooFewPoints { found } => {
                write!(f, "a curve needs at least 2 points (found {found})")
            }
            CurveError::TooManyPoints => write!(f, "a curve holds at most {MAX_POINTS} points"),
            CurveError::NotFinite { at, axis } => {
                write!(f, "{at}: the {} is not a finite number", axis_label(*axis))
            }
            CurveError::OutOfRange { at, axis, value } => write!(
                f,
                "{at}: the {} {} is outside {} to {} {}",
                axis_label(*axis),
                show(*value),
                show(POINT_RANGE.0),
                show(POINT_RANGE.1),
                axis_unit(*axis)
            ),
            CurveError::SameX { first, second, x } => write!(
                f,
                "{first} and {second} have the same interactivity ({}): keep one of them",
                show(*x)
            ),
        }
    }
}

impl std::error::Error for CurveError {}

const fn axis_label(axis: Axis) -> &'static str {
    match axis {
        Axis::Interactivity => "interactivity",
        Axis::Throughput => "throughput",
    }
}

const fn axis_unit(axis: Axis) -> &'static str {
    match axis {
        Axis::Interactivity => "tokens/s per user",
        Axis::Throughput => "tokens/s per GPU",
    }
}

/// A number for an error message: integers grouped (`10,000,000`), others as typed (`0.001`),
/// and never `NaN` or `inf`.
fn show(value: f64) -> String {
    format::number_for_message(value)
}

/// A curve from pasted text.
pub fn curve_from_csv(text: &str) -> Result<Curve, PointsError> {
    Ok(Curve::new(parse_points_csv(text)?)?)
}

/// A curve from a link value.
pub fn decode_curve(text: &str) -> Result<Curve, PointsError> {
    Ok(Curve::new(decode_points(text)?)?)
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
pub fn parse_points_csv(text: &str) -> Result<Vec<(f64, f64)>, PointsError> {
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
            return Err(PointsError::Columns {
                line,
                found: cells.len(),
                comma: trimmed.contains(','),
            });
        };
        let cell = |text: &str, column| {
            format::parse_number(text).map_err(|error| PointsError::NotANumber {
                line,
                column,
                error,
            })
        };
        let point = (cell(x, 1)?, cell(y, 2)?);
        if points.len() >= MAX_POINTS {
            return Err(CurveError::TooManyPoints.into());
        }
        points.push(point);
        lines.push(line);
    }
    Ok(check_points(&points, |i| {
        Place::Line(lines.get(i).copied().unwrap_or(0))
    })?)
}

/// Points as CSV: a header line, then `interactivity,throughput` a line, numbers in their
/// shortest exact form. [`parse_points_csv`] reads it back to the same values.
pub fn points_to_csv(points: &[(f64, f64)]) -> String {
    let mut out = String::from("interactivity (tokens/s per user),throughput (tokens/s per GPU)\n");
    for (x, y) in points {
        out.push_str(&format!("{},{}\n", format::plain(*x), format::plain(*y)));
    }
    out
}

/// The shortest text that [`format::parse_number`] reads back to exactly `value`: `6000` as `6k`,
/// `2500000` as `2.5M`, `0.5` as `0.5`.
fn compact_number(value: f64) -> String {
    let mut best = format::plain(value);
    for (scale, suffix) in [(1e6, "M"), (1e3, "k")] {
        if value.abs() >= scale {
            let candidate = format!("{}{suffix}", format::plain(value / scale));
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
pub fn decode_points(text: &str) -> Result<Vec<(f64, f64)>, PointsError> {
    let mut points = Vec::new();
    for (i, item) in text
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        if i >= MAX_POINTS {
            return Err(CurveError::TooManyPoints.into());
        }
        let bad = || PointsError::BadItem {
            point: i + 1,
            text: item.chars().take(40).collect(),
        };
        let (x, y) = item.split_once(':').ok_or_else(bad)?;
        let x = format::parse_number(x).map_err(|_| bad())?;
        let y = format::parse_number(y).map_err(|_| bad())?;
        points.push((x, y));
    }
    Ok(check_points(&points, |i| Place::Point(i + 1))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn curve(points: &[(f64, f64)]) -> Curve {
        match Curve::new(points.to_vec()) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
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
        assert_eq!(
            curve_from_csv(&text).map(|c| points_to_csv(c.points())),
            Ok(text)
        );
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
        assert_eq!(decode_curve(&encode_points(c.points())), Ok(c));
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn link_and_csv_round_trip(points in any_points()) {
            let c = Curve::new(points).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(decode_points(&encode_points(c.points())), Ok(c.points().to_vec()));
            prop_assert_eq!(parse_points_csv(&points_to_csv(c.points())), Ok(c.points().to_vec()));
        }
    }
}
