//! Cost per million tokens against throughput. Both axes are log scales, so a platform at a
//! fixed cost per GPU-hour is a straight line (cost = $/h / (tokens/s x 3600) x 1e6): ten
//! times the throughput, a tenth of the cost. Each platform's current point sits on its line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{draw_log_log_mesh, log_ticks, tick_label, LogAxis};
use super::labels::{display_names, draw_point_labels, spread_labels, PointLabel};
use super::numbers::{clamp, finite_positive, pow10};
use super::style::{Frame, Look, BACKGROUND, MIN_HEIGHT, MIN_WIDTH};
use super::{platform_colour, second_cycle, ChartInput};
use crate::format;

/// The throughput axis: 1 to 100,000 tokens per second per GPU.
pub const TPS_AXIS: (f64, f64) = (1.0, 100_000.0);
/// The cost axis never goes beyond 10^-4 .. 10^6 US$ per million tokens.
const COST_LIMITS: (f64, f64) = (-4.0, 6.0);
/// The cost axis spans at least this many decades.
const MIN_COST_DECADES: f64 = 3.0;

const MARGIN_TOP: u32 = 10;
const MARGIN_RIGHT: u32 = 16;
const MARKER_RADIUS: i32 = 5;

/// A platform's current operating point.
#[derive(Clone, Copy, Debug)]
struct Point {
    platform: usize,
    tps: f64,
    cost: f64,
}

/// Every platform whose throughput and cost are finite and positive.
fn points(input: &ChartInput) -> Vec<Point> {
    (0..input.count())
        .filter_map(|i| {
            let m = input.metrics(i)?;
            Some(Point {
                platform: i,
                tps: finite_positive(m.tps)?,
                cost: finite_positive(m.cost_per_mtok)?,
            })
        })
        .collect()
}

/// The cost axis as whole base-10 exponents: every point with half a decade to spare, within
/// the limits, at least three decades. Snapped to decades so a slider move rarely changes it.
fn cost_axis(points: &[Point]) -> (f64, f64) {
    let logs = points.iter().map(|p| p.cost.log10());
    let (min, max) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(min.is_finite() && max.is_finite()) {
        return (-2.0, 2.0);
    }
    let (limit_lo, limit_hi) = COST_LIMITS;
    let mut lo = clamp((min - 0.5).floor(), limit_lo, limit_hi - MIN_COST_DECADES);
    let mut hi = clamp((max + 0.5).ceil(), lo + 1.0, limit_hi);
    while hi - lo < MIN_COST_DECADES {
        if hi < limit_hi {
            hi += 1.0;
        }
        if hi - lo < MIN_COST_DECADES && lo > limit_lo {
            lo -= 1.0;
        }
    }
    (lo, hi)
}

fn outside(point: &Point, cost_lo: f64, cost_hi: f64) -> bool {
    point.tps < TPS_AXIS.0
        || point.tps > TPS_AXIS.1
        || point.cost < pow10(cost_lo)
        || point.cost > pow10(cost_hi)
}

/// The platforms (0-based) whose current point lies outside the chart's axes and is drawn at
/// the edge, without drawing anything: the same list [`draw_cost_vs_throughput`] returns.
pub fn clamped_platforms(input: &ChartInput) -> Vec<usize> {
    let points = points(input);
    let (lo, hi) = cost_axis(&points);
    points
        .iter()
        .filter(|p| outside(p, lo, hi))
        .map(|p| p.platform)
        .collect()
}

/// Draw the cost-vs-throughput chart over the whole `area`. Returns the platforms (0-based)
/// whose point lies outside the axes and is drawn clamped to the edge, as a hollow marker
/// labelled "off scale".
pub fn draw_cost_vs_throughput<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<Vec<usize>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&BACKGROUND)?;
    let points = points(input);
    let (cost_lo, cost_hi) = cost_axis(&points);
    let clamped: Vec<usize> = points
        .iter()
        .filter(|p| outside(p, cost_lo, cost_hi))
        .map(|p| p.platform)
        .collect();
    let (width, height) = area.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Ok(clamped);
    }
    let look = Look::for_width(width);
    let font = look.font;
    let x_area = look.x_label_area();
    let plot_height = f64::from(height.saturating_sub(MARGIN_TOP + x_area));
    let y_ticks = log_ticks(
        cost_lo,
        cost_hi,
        (plot_height / (font * 2.6)).floor() as usize,
    );
    let y_label_width = y_ticks
        .iter()
        .map(|v| look.text_width(&tick_label(*v)))
        .fold(0.0, f64::max);
    let y_area = ((y_label_width + font + 20.0).ceil() as u32).min(width / 3);
    let plot_width = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT));
    let (tps_lo, tps_hi) = (TPS_AXIS.0.log10(), TPS_AXIS.1.log10());
    let x_ticks = log_ticks(tps_lo, tps_hi, (plot_width / 44.0).floor() as usize);
    let (x_title, y_title) = if look.narrow {
        ("Tokens/s per GPU (log scale)", "US$ per M tokens (log)")
    } else {
        (
            "Tokens per second per GPU (log scale)",
            "US$ per million tokens (log scale)",
        )
    };

    let y_range = pow10(cost_lo)..pow10(cost_hi);
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN_TOP)
        .margin_right(MARGIN_RIGHT)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            LogAxis::new(TPS_AXIS.0, TPS_AXIS.1, x_ticks),
            LogAxis::new(y_range.start, y_range.end, y_ticks),
        )?;
    draw_log_log_mesh(&mut chart, &look, x_title, y_title)?;

    // One line per platform, cut to the plotting area by hand (plotters does not clip).
    let (y_min, y_max) = (y_range.start, y_range.end);
    for p in &points {
        let k = p.cost * p.tps;
        let t0 = TPS_AXIS.0.max(k / y_max);
        let t1 = TPS_AXIS.1.min(k / y_min);
        if finite_positive(t0).is_some() && finite_positive(t1).is_some() && t0 < t1 {
            let ends = vec![
                (t0, clamp(k / t0, y_min, y_max)),
                (t1, clamp(k / t1, y_min, y_max)),
            ];
            chart.draw_series(std::iter::once(PathElement::new(
                ends,
                platform_colour(p.platform).stroke_width(2),
            )))?;
        }
    }

    // Labels, moved apart so they do not overlap, then the markers.
    let frame = Frame::of(chart.plotting_area(), area);
    let (base_x, base_y) = area.get_base_pixel();
    let max_chars = if look.narrow { 12 } else { 24 };
    let names = display_names(&input.names(), max_chars);
    let mut labels = Vec::with_capacity(points.len());
    let mut markers = Vec::with_capacity(points.len());
    for p in &points {
        let off = clamped.contains(&p.platform);
        let at = (
            clamp(p.tps, TPS_AXIS.0, TPS_AXIS.1),
            clamp(p.cost, y_min, y_max),
        );
        let (px, py) = chart.backend_coord(&at);
        let (x, y) = (px - base_x, py - base_y);
        markers.push((p.platform, off, x, y));
        let name = names.get(p.platform).map_or("", String::as_str);
        let mut text = format!("{name} ${}", format::number(p.cost));
        if off {
            text.push_str(" (off scale)");
        }
        // Every line runs from upper left to lower right: a label above and right of its
        // point, or below and left, stays clear of its own line.
        let text_px = look.text_width(&text).round() as i32;
        let right_side = x + 8 + text_px <= frame.right;
        let wanted = if right_side {
            f64::from(y) - font * 0.9
        } else {
            f64::from(y) + font * 0.9
        };
        labels.push(PointLabel {
            x: if right_side {
                x + 8
            } else {
                (x - 8).max(frame.left + text_px)
            },
            y: wanted,
            right_side,
            width: text_px,
            text,
            point: (x, y),
            wanted,
        });
    }
    let gap = font + 3.0;
    let (top, bottom) = (
        f64::from(frame.top) + font * 0.8,
        f64::from(frame.bottom) - font * 0.8,
    );
    // Spread the labels on each side of their points apart; if a label on one side then
    // runs into one on the other, spread them all together.
    let spread = |labels: &mut Vec<PointLabel>, groups: &[Option<bool>]| {
        for side in groups {
            let group: Vec<usize> = (0..labels.len())
                .filter(|i| {
                    labels
                        .get(*i)
                        .is_some_and(|l| side.is_none_or(|s| l.right_side == s))
                })
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
    };
    spread(&mut labels, &[Some(true), Some(false)]);
    let extent = |l: &PointLabel| {
        if l.right_side {
            (l.x, l.x + l.width)
        } else {
            (l.x - l.width, l.x)
        }
    };
    let collide = labels.iter().any(|a| {
        labels.iter().any(|b| {
            let ((a0, a1), (b0, b1)) = (extent(a), extent(b));
            a.right_side != b.right_side && (a.y - b.y).abs() < gap && a0 < b1 + 4 && b0 < a1 + 4
        })
    });
    if collide {
        spread(&mut labels, &[None]);
    }
    let halo = BACKGROUND.mix(0.8).filled();
    draw_point_labels(area, &look, &labels, font, halo)?;
    // Markers last, so no label's backing hides one.
    for (platform, off, x, y) in markers {
        let colour = platform_colour(platform);
        let style = if off {
            colour.stroke_width(2)
        } else {
            colour.filled()
        };
        if second_cycle(platform) {
            let r = MARKER_RADIUS - 1;
            area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style))?;
        } else {
            area.draw(&Circle::new((x, y), MARKER_RADIUS, style))?;
        }
    }
    Ok(clamped)
}

/// The cost-vs-throughput chart in words.
pub fn throughput_summary(input: &ChartInput) -> String {
    let points = points(input);
    let names = display_names(&input.names(), usize::MAX);
    let mut out = String::from(
        "Cost per million tokens against tokens per second per GPU, both on log scales. Each \
         platform is a line at its cost per GPU-hour: ten times the throughput costs a tenth \
         as much per token. The marked point is the platform's current throughput.",
    );
    for p in &points {
        let name = names.get(p.platform).map_or("A platform", String::as_str);
        let usd_hr = input.metrics(p.platform).map_or(f64::NAN, |m| m.usd_hr);
        out.push_str(&format!(
            " {name}: {} per GPU-hour, {} tokens/s, {} per million tokens.",
            format::usd_for_sentence(usd_hr),
            format::count_for_sentence(p.tps),
            format::usd_for_sentence(p.cost),
        ));
    }
    let clamped = clamped_platforms(input);
    if !clamped.is_empty() {
        let off: Vec<&str> = clamped
            .iter()
            .filter_map(|i| names.get(*i).map(String::as_str))
            .collect();
        out.push_str(&format!(
            " Outside the chart's range and shown at its edge: {}.",
            off.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(tps: f64, cost: f64) -> Point {
        Point {
            platform: 0,
            tps,
            cost,
        }
    }

    #[test]
    fn cost_axis_covers_the_seed_points() {
        let (lo, hi) = cost_axis(&[point(90.0, 4.35), point(6000.0, 0.123)]);
        assert_eq!((lo, hi), (-2.0, 2.0));
    }

    #[test]
    fn cost_axis_spans_three_decades_within_limits() {
        let (lo, hi) = cost_axis(&[point(100.0, 1.0)]);
        assert!(hi - lo >= 3.0);
        assert!(lo <= -0.5 && hi >= 0.5);
        let (lo, hi) = cost_axis(&[point(1.0, 1e12)]);
        assert_eq!(hi, COST_LIMITS.1);
        assert!(hi - lo >= 3.0);
        let (lo, hi) = cost_axis(&[point(1.0, 1e-12)]);
        assert_eq!(lo, COST_LIMITS.0);
        assert!(hi - lo >= 3.0);
        assert_eq!(cost_axis(&[]), (-2.0, 2.0));
    }
}
