//! "Inputs vs outputs", the inference iceberg: every compared platform as a multiple of the
//! baseline for the five metrics, grouped into what you pay for and what you get. Horizontal
//! bars on a log axis start at 1x (the baseline); cost per token is drawn as its advantage
//! ("35.5x lower" is a bar of 35.5), so a longer bar to the right is more per baseline.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{draw_log_bar_axis, log_ticks, tick_label, LogBarAxis};
use super::labels::display_names;
use super::numbers::clamp;
use super::style::{Look, AXIS, BACKGROUND, MIN_HEIGHT, MIN_WIDTH};
use super::{bar_span, draw_platform_bar, ChartInput};
use super::{labels, numbers};
use crate::format;
use crate::model::{Metric, Multiple};

/// Multiples are clamped into 10^-12 .. 10^12 before they reach the axis.
const EXTREME_EXPONENT: f64 = 12.0;

const MARGIN_TOP: u32 = 6;
const MARGIN_LEFT: u32 = 12;
const MARGIN_RIGHT: u32 = 14;

/// The two groups, in drawing order.
const GROUPS: [(&str, bool); 2] = [("What you pay for", true), ("What you get", false)];

/// Pixels taken by the group headings, metric labels and the gap between the groups.
pub(crate) fn fixed_height(font: f64) -> f64 {
    2.0 * heading_height(font) + 5.0 * label_height(font) + group_gap(font) + f64::from(MARGIN_TOP)
}

fn heading_height(font: f64) -> f64 {
    font * 1.6
}

fn label_height(font: f64) -> f64 {
    font * 1.35
}

fn group_gap(font: f64) -> f64 {
    font * 0.7
}

/// The label of a metric row: for cost per token, say how its bar reads.
fn metric_label(metric: Metric) -> &'static str {
    match metric {
        Metric::CostPerMtok => "Cost per token (times lower)",
        other => other.short_label(),
    }
}

/// The metric's name inside a sentence.
fn sentence_label(metric: Metric) -> &'static str {
    match metric {
        Metric::UsdHr => "cost per hour",
        Metric::FlopsPerUsd => "FLOPS per dollar",
        Metric::Tps => "tokens per GPU",
        Metric::TokPerMw => "tokens per MW",
        Metric::CostPerMtok => "cost per token",
    }
}

/// One bar: a compared platform's multiple for one metric.
struct Bar {
    platform: usize,
    /// Base-10 log of the advantage, clamped.
    exponent: f64,
    label: String,
}

/// The platforms compared with the baseline, in scenario order.
fn compared(input: &ChartInput) -> Vec<usize> {
    (0..input.count())
        .filter(|i| *i != input.baseline())
        .collect()
}

fn bar_for(input: &ChartInput, platform: usize, metric: Metric) -> Bar {
    let multiple = input.multiple(platform, metric);
    let advantage = numbers::finite_positive(multiple.advantage()).unwrap_or(1.0);
    Bar {
        platform,
        exponent: clamp(advantage.log10(), -EXTREME_EXPONENT, EXTREME_EXPONENT),
        label: format::multiple(multiple),
    }
}

/// Draw the iceberg chart over the whole `area`.
pub fn draw_iceberg<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&BACKGROUND)?;
    let (width, height) = area.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Ok(());
    }
    let look = Look::for_width(width);
    let platforms = compared(input);
    if platforms.is_empty() {
        return draw_message(area, &look, width, height);
    }

    // Vertical layout, in pixels from the top of the plotting area.
    let x_area = look.x_label_area();
    let plot_height = f64::from(height.saturating_sub(MARGIN_TOP + x_area));
    let font = look.font;
    let bars_per_metric = platforms.len() as f64;
    let mut fixed = 2.0 * heading_height(font) + 5.0 * label_height(font) + group_gap(font);
    let mut pitch = ((plot_height - fixed) / (5.0 * bars_per_metric)).min(font * 2.2);
    let mut squeeze = 1.0;
    if pitch < 3.0 {
        // Too short for everything: shrink the text rows too (and skip the text that no
        // longer fits) rather than draw outside the chart.
        squeeze = plot_height / (fixed + 5.0 * bars_per_metric * 3.0);
        fixed *= squeeze;
        pitch = (plot_height - fixed) / (5.0 * bars_per_metric);
    }
    let heading_h = heading_height(font) * squeeze;
    let label_h = label_height(font) * squeeze;
    let gap_h = group_gap(font) * squeeze;
    let text_rows_fit = label_h >= font;
    let bar_labels_fit = pitch >= font;
    let thickness = clamp(pitch * 0.72, 1.0, font * 1.5);

    // Bars, metric by metric, grouped.
    let rows: Vec<(Metric, Vec<Bar>)> = Metric::ALL
        .iter()
        .map(|m| {
            (
                *m,
                platforms.iter().map(|p| bar_for(input, *p, *m)).collect(),
            )
        })
        .collect();

    // Room for the value labels beside the bar ends, left of 1x and right of it.
    let (mut left_px, mut right_px) = (0.0_f64, 0.0_f64);
    let (mut low, mut high) = (0.0_f64, 0.0_f64);
    for bar in rows.iter().flat_map(|(_, bars)| bars) {
        low = low.min(bar.exponent);
        high = high.max(bar.exponent);
        let label_px = if bar_labels_fit {
            look.text_width(&bar.label) + 8.0
        } else {
            4.0
        };
        if bar.exponent < 0.0 {
            left_px = left_px.max(label_px);
        } else {
            right_px = right_px.max(label_px);
        }
    }
    let plot_width = f64::from(width.saturating_sub(MARGIN_LEFT + MARGIN_RIGHT));
    let (lo, hi) = multiples_axis_span(low, high, left_px, right_px, plot_width);
    let max_ticks = (plot_width / if look.narrow { 48.0 } else { 64.0 }).floor() as usize;
    let ticks = log_ticks(lo, hi, max_ticks);

    let baseline_name = input
        .name(input.baseline())
        .map(|name| labels::short_name(name, 24))
        .unwrap_or_default();
    let x_title = if look.narrow || baseline_name.is_empty() {
        "Times the baseline (log scale)".to_string()
    } else {
        format!("Times the baseline, {baseline_name} = 1x (log scale)")
    };
    let tick_format = |v: &f64| format!("{}x", tick_label(*v));
    let plot = draw_log_bar_axis(
        area,
        &look,
        LogBarAxis {
            lo,
            hi,
            ticks,
            x_area,
            y_area: 0,
            margins: (MARGIN_TOP, MARGIN_LEFT, MARGIN_RIGHT),
            title: &x_title,
            tick_format: &tick_format,
        },
    )?;
    let frame = &plot.frame;
    let x_of = |exponent: f64| plot.x_of(exponent);
    let one = x_of(0.0);
    let top = f64::from(frame.top);

    // The baseline: a line at 1x from top to bottom.
    area.draw(&PathElement::new(
        vec![(one, frame.top), (one, frame.bottom)],
        AXIS.stroke_width(2),
    ))?;

    let text = look.text();
    let left = |style: &TextStyle<'static>| style.pos(Pos::new(HPos::Left, VPos::Center));
    let right = |style: &TextStyle<'static>| style.pos(Pos::new(HPos::Right, VPos::Center));
    let mut y = top;
    for (group, (heading, inputs)) in GROUPS.iter().enumerate() {
        if group > 0 {
            y += gap_h;
        }
        if text_rows_fit {
            area.draw(&Text::new(
                *heading,
                (frame.left, (y + heading_h * 0.55).round() as i32),
                left(&look.bold()),
            ))?;
        }
        y += heading_h;
        for (metric, bars) in rows.iter().filter(|(m, _)| m.is_input() == *inputs) {
            if text_rows_fit {
                area.draw(&Text::new(
                    metric_label(*metric),
                    (frame.left, (y + label_h * 0.6).round() as i32),
                    left(&text),
                ))?;
            }
            y += label_h;
            for bar in bars {
                let centre = y + pitch * 0.5;
                let (y0, y1) = bar_span(centre, thickness);
                let end = x_of(bar.exponent);
                // A bar of "same" still gets a sliver, so every platform shows.
                let (x0, x1) = if end >= one {
                    (one, end.max(one + 2))
                } else {
                    (end, one)
                };
                draw_platform_bar(area, bar.platform, (x0, x1), (y0, y1))?;
                if bar_labels_fit {
                    let at = (centre.round()) as i32;
                    if end >= one {
                        area.draw(&Text::new(bar.label.as_str(), (x1 + 5, at), left(&text)))?;
                    } else {
                        area.draw(&Text::new(bar.label.as_str(), (x0 - 5, at), right(&text)))?;
                    }
                }
                y += pitch;
            }
        }
    }
    Ok(())
}

/// The axis span (base-10 exponents) for bars from 1x to 10^low .. 10^high, with room for the
/// value labels: `left_px` left of the lowest bar end, `right_px` right of the highest.
fn multiples_axis_span(
    low: f64,
    high: f64,
    left_px: f64,
    right_px: f64,
    plot_px: f64,
) -> (f64, f64) {
    let mut a = low.min(0.0);
    let mut b = high.max(0.0);
    if b - a < 1.0 {
        // Less than a decade of difference: still show a decade, so ticks can be read.
        if a < 0.0 && b <= 0.0 {
            a = b - 1.0;
        } else {
            b = a + 1.0;
        }
    }
    let plot_px = plot_px.max(1.0);
    let margins = left_px + right_px + 6.0;
    let usable = (plot_px - margins).max(plot_px * 0.4);
    let decades_per_px = (b - a) / usable;
    let lo = if low < 0.0 {
        a - decades_per_px * (left_px + 3.0)
    } else {
        a
    };
    let hi = b + decades_per_px * (right_px + 3.0);
    (lo, hi)
}

/// With one platform there is nothing to compare: say so instead of an empty chart.
fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: &Look,
    width: u32,
    height: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let x = (width / 2) as i32;
    let y = (height / 2) as i32;
    let centre = Pos::new(HPos::Center, VPos::Center);
    area.draw(&Text::new(
        "Add a platform to compare",
        (x, y - look.font as i32),
        look.bold().pos(centre),
    ))?;
    area.draw(&Text::new(
        "Bars show multiples of the baseline.",
        (x, y + look.font as i32),
        look.muted().pos(centre),
    ))?;
    Ok(())
}

/// The iceberg chart in words.
pub fn iceberg_summary(input: &ChartInput) -> String {
    let platforms = compared(input);
    let names: Vec<String> = display_names(&input.names(), usize::MAX);
    let baseline = names
        .get(input.baseline())
        .cloned()
        .unwrap_or_else(|| "the baseline".to_string());
    if platforms.is_empty() {
        return format!(
            "Only one platform, {baseline}: add a platform to compare it with the baseline."
        );
    }
    let mut out = format!(
        "Each platform as a multiple of the baseline, {baseline}, on a log scale: what you \
         pay for (cost per hour, FLOPS per dollar) against what you get (tokens per GPU, \
         tokens per MW, cost per token)."
    );
    for p in platforms {
        let name = names.get(p).map_or("A platform", String::as_str);
        let part = |inputs: bool| -> String {
            Metric::ALL
                .iter()
                .filter(|m| m.is_input() == inputs)
                .map(|m| {
                    let multiple = input.multiple(p, *m);
                    let value = match multiple {
                        Multiple::Same => "the same".to_string(),
                        other => format::multiple(other),
                    };
                    format!("{} {value}", sentence_label(*m))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            " {name}: what you pay for, {}; what you get, {}.",
            part(true),
            part(false)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_starts_at_one_when_every_bar_is_longer() {
        let (lo, hi) = multiples_axis_span(0.27, 1.82, 0.0, 80.0, 400.0);
        assert_eq!(lo, 0.0);
        assert!(hi > 1.82 + 0.3, "room for the label: {hi}");
    }

    #[test]
    fn axis_goes_below_one_for_worse_platforms() {
        let (lo, hi) = multiples_axis_span(-0.5, 0.0, 60.0, 40.0, 400.0);
        assert!(lo < -1.0 && hi > 0.0);
        let (lo, hi) = multiples_axis_span(0.0, 0.0, 0.0, 40.0, 400.0);
        assert!(lo == 0.0 && hi > 1.0);
    }

    #[test]
    fn axis_survives_a_tiny_plot() {
        let (lo, hi) = multiples_axis_span(-12.0, 12.0, 500.0, 500.0, 0.0);
        assert!(lo.is_finite() && hi.is_finite() && hi > lo);
    }
}
