//! Throughput against interactivity: each platform's measured curve (tokens/s per GPU against
//! tokens/s per user, both on log scales), its measured points as markers, the page's target
//! interactivity as a dashed vertical line, and each platform's operating point at the target.
//!
//! It draws from a [`CurvesInput`], the curves part of a [`ChartInput`](super::ChartInput)
//! ([`ChartInput::curves`](super::ChartInput::curves)), through [`draw_curves`],
//! [`curves_summary`], [`render_curves_svg`](super::render_curves_svg) and
//! [`curves_preferred_height`].
//!
//! A curve is drawn only over its measured range (the model clamps outside it, and a flat line
//! beyond the last point would look like a measurement). When the target lies outside a
//! curve's range, the operating point is the value at the nearer end: it is drawn hollow,
//! labelled "(clamped)" and returned in the clamped list, like the cost-vs-throughput chart's
//! points off its axes.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{draw_log_log_mesh, log_ticks, tick_label, LogAxis};
use super::labels::{display_names, draw_point_labels, spread_labels, PointLabel};
use super::numbers::{clamp, finite_positive, pow10};
use super::style::{Frame, Look, AXIS, BACKGROUND, MIN_HEIGHT, MIN_WIDTH, TEXT};
use super::{platform_colour, second_cycle};
use crate::format;
use crate::model::curve::Curve;

/// Both axes stay within 10^-3 .. 10^7, the range a curve's points may take.
const LIMITS: (f64, f64) = (-3.0, 7.0);
/// The axes when nothing gives them a range: 10 to 1,000 tokens/s per user, 100 to 10,000
/// tokens/s per GPU.
const DEFAULT_X: (f64, f64) = (1.0, 3.0);
const DEFAULT_Y: (f64, f64) = (2.0, 4.0);

const MARGIN_TOP: u32 = 10;
const MARGIN_RIGHT: u32 = 16;
const POINT_RADIUS: i32 = 3;
const OPERATING_RADIUS: i32 = 6;

/// What the message says when no platform has a curve.
pub const NO_CURVES: &str = "No platform has a measured curve: add points on a platform card";

/// One platform's curve.
#[derive(Clone, Debug)]
pub struct CurveSeries<'a> {
    /// The platform's 0-based index: its colour, and what the clamped list reports.
    pub index: usize,
    pub name: &'a str,
    pub curve: &'a Curve,
    /// The platform's operating point (interactivity, throughput) as the caller computed it;
    /// `None` reads it from the curve at the input's target (if any).
    pub operating_point: Option<(f64, f64)>,
}

/// What the curves chart reads. [`CurvesInput::default`] has no curves (the chart then says
/// so).
#[derive(Clone, Debug, Default)]
pub struct CurvesInput<'a> {
    pub series: Vec<CurveSeries<'a>>,
    /// The target interactivity, tokens/s per user.
    pub target: Option<f64>,
}

impl CurvesInput<'_> {
    /// The target, if it is a finite positive number.
    fn target(&self) -> Option<f64> {
        self.target.and_then(finite_positive)
    }
}

/// A platform's operating point.
#[derive(Clone, Copy, Debug)]
struct Operating {
    /// Position in `series`.
    series: usize,
    index: usize,
    x: f64,
    y: f64,
    /// Outside the curve's measured interactivities: the value is the nearer end's.
    clamped: bool,
}

/// True when `x` lies outside the curve's measured interactivities (beyond rounding).
fn beyond(curve: &Curve, x: f64) -> bool {
    let (lo, hi) = curve.x_range();
    let slack = 1e-9;
    x < lo * (1.0 - slack) || x > hi * (1.0 + slack)
}

fn operating_points(input: &CurvesInput) -> Vec<Operating> {
    let target = input.target();
    input
        .series
        .iter()
        .enumerate()
        .filter_map(|(series, s)| {
            let given = s
                .operating_point
                .and_then(|(x, y)| Some((finite_positive(x)?, finite_positive(y)?)));
            let (x, y, clamped) = match (given, target) {
                (Some((x, y)), _) => (x, y, beyond(s.curve, x)),
                (None, Some(t)) => {
                    let lookup = s.curve.at(t);
                    (t, finite_positive(lookup.value)?, lookup.clamped.is_some())
                }
                (None, None) => return None,
            };
            Some(Operating {
                series,
                index: s.index,
                x,
                y,
                clamped,
            })
        })
        .collect()
}

/// The platforms (0-based, as given in [`CurveSeries::index`]) whose operating point lies
/// outside their curve's measured range and so is clamped: the list [`draw_curves`] returns,
/// without drawing.
pub fn curves_clamped(input: &CurvesInput) -> Vec<usize> {
    operating_points(input)
        .iter()
        .filter(|o| o.clamped)
        .map(|o| o.index)
        .collect()
}

/// Room left beyond the outermost values: a quarter (in ratio) each side.
const PAD: f64 = 0.097;

/// The largest 1, 2 or 5 x 10^k at or below 10^`exponent`, as an exponent.
fn nice_below(exponent: f64) -> f64 {
    let k = exponent.floor();
    [5.0f64, 2.0, 1.0]
        .iter()
        .map(|m| k + m.log10())
        .find(|e| *e <= exponent + 1e-9)
        .unwrap_or(k)
}

/// The smallest 1, 2 or 5 x 10^k at or above 10^`exponent`, as an exponent.
fn nice_above(exponent: f64) -> f64 {
    let k = exponent.floor();
    [1.0f64, 2.0, 5.0]
        .iter()
        .map(|m| k + m.log10())
        .find(|e| *e >= exponent - 1e-9)
        .unwrap_or(k + 1.0)
}

/// An axis as base-10 exponents of round numbers (1, 2 or 5 x 10^k): every value with a little
/// room, within [`LIMITS`], at least one decade; `default` when no value is finite and
/// positive.
fn axis(values: impl Iterator<Item = f64>, default: (f64, f64)) -> (f64, f64) {
    let (min, max) = values
        .filter_map(finite_positive)
        .map(|v| clamp(v.log10(), LIMITS.0, LIMITS.1))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(min.is_finite() && max.is_finite()) {
        return default;
    }
    let (mut lo, mut hi) = (nice_below(min - PAD), nice_above(max + PAD));
    if hi - lo < 1.0 {
        let mid = (lo + hi) / 2.0;
        (lo, hi) = (nice_below(mid - 0.5), nice_above(mid + 0.5));
    }
    let lo = clamp(lo, LIMITS.0, LIMITS.1 - 1.0);
    let hi = clamp(hi, lo + 1.0, LIMITS.1);
    (lo, hi)
}

fn x_axis(input: &CurvesInput, operating: &[Operating]) -> (f64, f64) {
    let points = input
        .series
        .iter()
        .flat_map(|s| s.curve.points().iter().map(|p| p.0));
    let others = operating.iter().map(|o| o.x).chain(input.target());
    axis(points.chain(others), DEFAULT_X)
}

fn y_axis(input: &CurvesInput, operating: &[Operating]) -> (f64, f64) {
    let points = input
        .series
        .iter()
        .flat_map(|s| s.curve.points().iter().map(|p| p.1));
    axis(points.chain(operating.iter().map(|o| o.y)), DEFAULT_Y)
}

/// An operating point's label, longest first: "H200 400 tok/s/GPU", "H200 400", "400", each
/// with " (clamped)" when it is.
fn label_forms(name: &str, throughput: f64, clamped: bool) -> [String; 3] {
    let value = format::number(throughput);
    let suffix = if clamped { " (clamped)" } else { "" };
    let name = name.trim();
    [
        format!("{name} {value} tok/s/GPU{suffix}"),
        format!("{name} {value}{suffix}"),
        format!("{value}{suffix}"),
    ]
    .map(|t| t.trim().to_string())
}

/// "target 50 tok/s/user".
fn target_label(target: f64) -> String {
    format!("target {} tok/s/user", tick_label(target))
}

/// Draw the curves chart over the whole `area`. Returns the platforms (0-based, from
/// [`CurveSeries::index`]) whose operating point is clamped to the end of their measured curve
/// and drawn hollow.
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &CurvesInput,
) -> Result<Vec<usize>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&BACKGROUND)?;
    let operating = operating_points(input);
    let clamped: Vec<usize> = operating
        .iter()
        .filter(|o| o.clamped)
        .map(|o| o.index)
        .collect();
    let (width, height) = area.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Ok(clamped);
    }
    let look = Look::for_width(width);
    let font = look.font;
    if input.series.is_empty() {
        draw_message(area, &look, width, height)?;
        return Ok(clamped);
    }

    let (x_lo, x_hi) = x_axis(input, &operating);
    let (y_lo, y_hi) = y_axis(input, &operating);
    let x_area = look.x_label_area();
    let plot_height = f64::from(height.saturating_sub(MARGIN_TOP + x_area));
    let y_ticks = log_ticks(y_lo, y_hi, (plot_height / (font * 2.6)).floor() as usize);
    let y_label_width = y_ticks
        .iter()
        .map(|v| look.text_width(&tick_label(*v)))
        .fold(0.0, f64::max);
    let y_area = ((y_label_width + font + 20.0).ceil() as u32).min(width / 3);
    let plot_width = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT));
    let x_ticks = log_ticks(x_lo, x_hi, (plot_width / 44.0).floor() as usize);
    let (x_title, y_title) = if look.narrow {
        ("Tokens/s per user (log)", "Tokens/s per GPU (log)")
    } else {
        (
            "Interactivity: tokens/s per user (log scale)",
            "Throughput: tokens/s per GPU (log scale)",
        )
    };
    let (x_min, x_max) = (pow10(x_lo), pow10(x_hi));
    let (y_min, y_max) = (pow10(y_lo), pow10(y_hi));
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN_TOP)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            LogAxis::new(x_min, x_max, x_ticks),
            LogAxis::new(y_min, y_max, y_ticks),
        )?;
    draw_log_log_mesh(&mut chart, &look, x_title, y_title)?;

    let frame = Frame::of(chart.plotting_area(), area);
    let (base_x, base_y) = area.get_base_pixel();
    // Everything is clamped to the axes (plotters does not clip).
    let at = |x: f64, y: f64| {
        let (px, py) = chart.backend_coord(&(clamp(x, x_min, x_max), clamp(y, y_min, y_max)));
        (px - base_x, py - base_y)
    };

    // The curves, sampled densely within their measured range.
    let samples = ((plot_width / 4.0).round() as usize).clamp(16, 256);
    for s in &input.series {
        let path: Vec<(i32, i32)> = s
            .curve
            .sample(samples)
            .into_iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(x, y)| at(x, y))
            .collect();
        if path.len() >= 2 {
            area.draw(&PathElement::new(
                path,
                platform_colour(s.index).stroke_width(2),
            ))?;
        }
    }
    // The measured points.
    for s in &input.series {
        let colour = platform_colour(s.index);
        for &(x, y) in s.curve.points() {
            if finite_positive(x).is_some() && finite_positive(y).is_some() {
                draw_marker(area, at(x, y), POINT_RADIUS, s.index, colour.filled())?;
            }
        }
    }

    let _text = look.text();
    let halo = BACKGROUND.mix(0.85).filled();
    let half_height = (font * 0.6).round() as i32;
    let mut labels_top = f64::from(frame.top) + font * 0.8;
    // The target: a dashed line across the plot, labelled at its top.
    if let Some(target) = input.target() {
        let (x, _) = at(target, y_min);
        area.draw(&DashedPathElement::new(
            vec![(x, frame.top), (x, frame.bottom)],
            5,
            4,
            AXIS.stroke_width(1),
        ))?;
        let label = target_label(target);
        let label_px = look.text_width(&label).round() as i32;
        let y = (f64::from(frame.top) + font * 0.8).round() as i32;
        // Right of the line when it fits, else left of it.
        let (anchor, x0, x1, text_x) = if x + 5 + label_px <= frame.right {
            (HPos::Left, x + 5, x + 5 + label_px, x + 5)
        } else {
            (HPos::Right, x - 5 - label_px, x - 5, x - 5)
        };
        area.draw(&Rectangle::new(
            [(x0 - 2, y - half_height), (x1 + 2, y + half_height)],
            halo,
        ))?;
        area.draw(&Text::new(
            label,
            (text_x, y),
            look.muted().pos(Pos::new(anchor, VPos::Center)),
        ))?;
        labels_top += font * 1.6;
    }

    // The operating points' labels, moved apart, then their markers.
    let max_chars = if look.narrow { 12 } else { 24 };
    let all_names: Vec<&str> = input.series.iter().map(|s| s.name).collect();
    let names = display_names(&all_names, max_chars);
    let mut labels: Vec<PointLabel> = operating
        .iter()
        .map(|o| {
            let point = at(o.x, o.y);
            let name = names.get(o.series).map_or("", String::as_str);
            let forms = label_forms(name, o.y, o.clamped);
            // The longest form that fits on either side of the point, right first.
            let right_room = f64::from(frame.right - point.0 - 10);
            let left_room = f64::from(point.0 - 10 - frame.left);
            let fits = |room: f64| forms.iter().position(|f| look.text_width(f) <= room);
            let (right_side, form) = match (fits(right_room), fits(left_room)) {
                (Some(r), Some(l)) if l < r => (false, l),
                (Some(r), _) => (true, r),
                (None, Some(l)) => (false, l),
                (None, None) => (right_room >= left_room, forms.len() - 1),
            };
            let text = forms.get(form).cloned().unwrap_or_default();
            let width = look.text_width(&text).round() as i32;
            PointLabel {
                x: if right_side {
                    (point.0 + 10).min(frame.right - width).max(frame.left)
                } else {
                    (point.0 - 10).max(frame.left + width).min(frame.right)
                },
                y: f64::from(point.1),
                wanted: f64::from(point.1),
                right_side,
                width,
                text,
                point,
            }
        })
        .collect();
    let gap = font + 3.0;
    let bottom = f64::from(frame.bottom) - font * 0.8;
    let top = labels_top.min(bottom);
    for side in [true, false] {
        let group: Vec<usize> = (0..labels.len())
            .filter(|i| labels.get(*i).is_some_and(|l| l.right_side == side))
            .collect();
        let wanted: Vec<f64> = group
            .iter()
            .filter_map(|i| labels.get(*i).map(|l| l.wanted))
            .collect();
        for (i, y) in group.iter().zip(spread_labels(&wanted, gap, top, bottom)) {
            if let Some(label) = labels.get_mut(*i) {
                label.y = y;
            }
        }
    }
    draw_point_labels(area, &look, &labels, font * 0.5, halo)?;
    for o in &operating {
        let point = at(o.x, o.y);
        let colour = platform_colour(o.index);
        if o.clamped {
            // Hollow: a value held at the end of the measured range, not a measurement.
            draw_marker(
                area,
                point,
                OPERATING_RADIUS,
                o.index,
                colour.stroke_width(2),
            )?;
        } else {
            draw_marker(area, point, OPERATING_RADIUS + 1, o.index, TEXT.filled())?;
            draw_marker(area, point, OPERATING_RADIUS - 1, o.index, colour.filled())?;
        }
    }
    Ok(clamped)
}

/// A circle, or a square for platforms 9 to 12 (whose colours repeat).
fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    radius: i32,
    platform: usize,
    style: ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if second_cycle(platform) {
        let r = (radius - 1).max(1);
        area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style))
    } else {
        area.draw(&Circle::new((x, y), radius, style))
    }
}

/// With no curve there is nothing to draw: say so.
fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: &Look,
    width: u32,
    height: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let x = (width / 2) as i32;
    let y = (height / 2) as i32;
    let centre = Pos::new(HPos::Center, VPos::Center);
    if look.text_width(NO_CURVES) + 24.0 <= f64::from(width) {
        area.draw(&Text::new(NO_CURVES, (x, y), look.bold().pos(centre)))?;
    } else {
        let (first, second) = NO_CURVES.split_once(": ").unwrap_or((NO_CURVES, ""));
        area.draw(&Text::new(
            format!("{first}:"),
            (x, y - look.font as i32),
            look.bold().pos(centre),
        ))?;
        area.draw(&Text::new(
            second,
            (x, y + look.font as i32),
            look.muted().pos(centre),
        ))?;
    }
    Ok(())
}

/// A height (CSS pixels) at which the curves chart reads well for `series` curves at `width`.
pub fn curves_preferred_height(series: usize, width: u32) -> u32 {
    let look = Look::for_width(width);
    let f = look.font;
    if series == 0 {
        return 160;
    }
    let axis = f64::from(look.x_label_area()) + 16.0;
    // Room for every operating point's label, one above the other, below the target's.
    let labels = series as f64 * (f + 3.0) * 1.5 + axis + f * 2.0;
    let height = clamp(f64::from(width) * 0.62, 240.0, 460.0).max(labels);
    super::clamp_u32(height, 160, 1200)
}

/// The curves chart in words.
pub fn curves_summary(input: &CurvesInput) -> String {
    if input.series.is_empty() {
        return format!("{NO_CURVES}.");
    }
    let all_names: Vec<&str> = input.series.iter().map(|s| s.name).collect();
    let names = display_names(&all_names, usize::MAX);
    let mut out = String::from(
        "Throughput (tokens/s per GPU) against interactivity (tokens/s per user), both on log \
         scales: serving each user faster means smaller batches and fewer tokens per GPU. Each \
         line joins a platform's measured points.",
    );
    for (i, s) in input.series.iter().enumerate() {
        let name = names.get(i).map_or("A platform", String::as_str);
        let (lo, hi) = s.curve.x_range();
        out.push_str(&format!(
            " {name}: {} points from {} to {} tokens/s per user.",
            s.curve.points().len(),
            format::count_for_sentence(lo),
            format::count_for_sentence(hi),
        ));
    }
    let operating = operating_points(input);
    if let Some(target) = input.target() {
        out.push_str(&format!(
            " At the target of {} tokens/s per user:",
            format::count_for_sentence(target)
        ));
    } else if !operating.is_empty() {
        out.push_str(" Operating points:");
    }
    let parts: Vec<String> = operating
        .iter()
        .map(|o| {
            let name = names.get(o.series).map_or("A platform", String::as_str);
            format!(
                "{name} {} tokens/s per GPU at {} per user",
                format::count_for_sentence(o.y),
                format::count_for_sentence(o.x)
            )
        })
        .collect();
    if !parts.is_empty() {
        out.push(' ');
        out.push_str(&parts.join("; "));
        out.push('.');
    }
    let clamped: Vec<&str> = operating
        .iter()
        .filter(|o| o.clamped)
        .filter_map(|o| names.get(o.series).map(String::as_str))
        .collect();
    if !clamped.is_empty() {
        out.push_str(&format!(
            " Beyond the measured points and held at the nearest one's value (drawn hollow): {}.",
            clamped.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_cover_their_values_with_round_ends() {
        let close =
            |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c).abs() < 1e-9 && (b - d).abs() < 1e-9;
        let l = |v: f64| v.log10();
        assert!(close(
            axis([10.0, 1000.0].into_iter(), DEFAULT_X),
            (l(5.0), l(2000.0))
        ));
        assert!(close(
            axis([12.0, 900.0].into_iter(), DEFAULT_X),
            (l(5.0), l(2000.0))
        ));
        let (lo, hi) = axis([50.0].into_iter(), DEFAULT_X);
        assert!(hi - lo >= 1.0 && lo < l(50.0) && hi > l(50.0));
        assert_eq!(axis(std::iter::empty(), DEFAULT_Y), DEFAULT_Y);
        assert_eq!(axis([f64::NAN, -1.0].into_iter(), DEFAULT_Y), DEFAULT_Y);
        assert_eq!(axis([1e-9, 1e12].into_iter(), DEFAULT_X), LIMITS);
        let (lo, hi) = axis([1e7].into_iter(), DEFAULT_X);
        assert_eq!((lo, hi), (LIMITS.1 - 1.0, LIMITS.1));
        let (lo, hi) = axis([0.001].into_iter(), DEFAULT_X);
        assert_eq!((lo, hi), (LIMITS.0, LIMITS.0 + 1.0));
        assert_eq!(nice_below(l(3.0)), l(2.0));
        assert_eq!(nice_above(l(3.0)), l(5.0));
        assert_eq!(nice_above(l(6.0)), 1.0);
    }

    #[test]
    fn target_label_is_short() {
        assert_eq!(target_label(50.0), "target 50 tok/s/user");
        assert_eq!(target_label(37.5), "target 37.5 tok/s/user");
        assert_eq!(target_label(2500.0), "target 2.5K tok/s/user");
    }
}
