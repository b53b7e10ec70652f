//! Cost per million tokens per platform: one horizontal bar each on a log axis, in scenario
//! order, the baseline outlined and labelled "(baseline)".

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{bar_axis_span, draw_log_bar_axis, log_ticks, tick_label, LogBarAxis};
use super::labels::display_names;
use super::numbers::{clamp, finite_positive};
use super::style::{Look, BACKGROUND, MIN_HEIGHT, MIN_WIDTH, TEXT};
use super::{bar_span, draw_platform_bar, ChartInput};
use crate::format;
use crate::model::Metric;

const MARGIN_TOP: u32 = 8;
const MARGIN_RIGHT: u32 = 14;
/// Costs are clamped into 10^-12 .. 10^12 before they reach the axis.
const EXTREME_EXPONENT: f64 = 12.0;

/// A platform's bar: its cost, if it has one to show.
struct Row {
    platform: usize,
    /// Base-10 log of the cost per million tokens, clamped; None when not finite and positive.
    exponent: Option<f64>,
    label: String,
}

fn rows(input: &ChartInput) -> Vec<Row> {
    (0..input.count())
        .map(|i| {
            let cost = input
                .metrics(i)
                .and_then(|m| finite_positive(m.cost_per_mtok));
            // No cost without a throughput: the bar's place says so instead of a number.
            let value = cost.map_or_else(
                || "no throughput".to_string(),
                |c| format!("${}", format::number(c)),
            );
            Row {
                platform: i,
                exponent: cost.map(|c| clamp(c.log10(), -EXTREME_EXPONENT, EXTREME_EXPONENT)),
                label: if i == input.baseline() {
                    format!("{value} (baseline)")
                } else {
                    value
                },
            }
        })
        .collect()
}

/// Draw the cost-by-platform bars over the whole `area`.
pub fn draw_cost_by_platform<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&BACKGROUND)?;
    let (width, height) = area.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Ok(());
    }
    let look = Look::for_width(width);
    let font = look.font;
    let rows = rows(input);
    let count = rows.len().max(1) as f64;
    let x_area = look.x_label_area();
    let plot_height = f64::from(height.saturating_sub(MARGIN_TOP + x_area));
    let pitch = (plot_height / count).min(font * 2.8);
    let thickness = clamp(pitch * 0.62, 1.0, font * 1.7);
    let labels_fit = pitch >= font + 1.0;

    // Names in a column on the left, as wide as they need up to 40% of the chart.
    let max_chars = if look.narrow { 14 } else { 28 };
    let names = display_names(&input.names(), max_chars);
    let name_px = names.iter().map(|n| look.text_width(n)).fold(0.0, f64::max);
    let y_area = if labels_fit {
        ((name_px + 14.0).ceil() as u32).min(width / 5 * 2)
    } else {
        8
    };

    let plot_width = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT));
    let label_px = if labels_fit {
        rows.iter()
            .map(|r| look.text_width(&r.label))
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    let exponents: Vec<f64> = rows.iter().filter_map(|r| r.exponent).collect();
    let (lo, hi) = bar_axis_span(&exponents, label_px, plot_width);
    let ticks = log_ticks(
        lo,
        hi,
        (plot_width / if look.narrow { 44.0 } else { 60.0 }).floor() as usize,
    );
    let x_title = if look.narrow {
        "US$ per million tokens (log)"
    } else {
        "US$ per million tokens (log scale; shorter is cheaper)"
    };

    let tick_format = |v: &f64| tick_label(*v);
    let plot = draw_log_bar_axis(
        area,
        &look,
        LogBarAxis {
            lo,
            hi,
            ticks,
            x_area,
            y_area,
            margins: (MARGIN_TOP, 0, MARGIN_RIGHT),
            title: x_title,
            tick_format: &tick_format,
        },
    )?;
    let frame = &plot.frame;
    let x_of = |exponent: f64| plot.x_of(exponent);
    let text = look.text();
    let left = text.pos(Pos::new(HPos::Left, VPos::Center));
    let right = text.pos(Pos::new(HPos::Right, VPos::Center));
    for (row_index, row) in rows.iter().enumerate() {
        let centre = f64::from(frame.top) + pitch * (row_index as f64 + 0.5);
        let at = centre.round() as i32;
        if labels_fit {
            if let Some(name) = names.get(row.platform) {
                area.draw(&Text::new(
                    name.as_str(),
                    (frame.left - 7, at),
                    right.clone(),
                ))?;
            }
        }
        let Some(exponent) = row.exponent else {
            if labels_fit {
                area.draw(&Text::new(
                    row.label.as_str(),
                    (frame.left + 5, at),
                    left.clone(),
                ))?;
            }
            continue;
        };
        let (y0, y1) = bar_span(centre, thickness);
        let x0 = frame.left;
        let x1 = x_of(exponent).max(x0 + 2);
        draw_platform_bar(area, row.platform, (x0, x1), (y0, y1))?;
        if row.platform == input.baseline() {
            area.draw(&Rectangle::new(
                [(x0, y0 - 1), (x1 + 1, y1 + 1)],
                TEXT.stroke_width(2),
            ))?;
        }
        if labels_fit {
            area.draw(&Text::new(row.label.as_str(), (x1 + 6, at), left.clone()))?;
        }
    }
    Ok(())
}

/// The cost-by-platform chart in words.
pub fn by_platform_summary(input: &ChartInput) -> String {
    let names = display_names(&input.names(), usize::MAX);
    let parts: Vec<String> = (0..input.count())
        .map(|i| {
            let name = names.get(i).map_or("A platform", String::as_str);
            let cost = input.metrics(i).map_or(f64::NAN, |m| m.cost_per_mtok);
            if !cost.is_finite() {
                // No throughput: no cost to state (the flag after the summary says why).
                return format!("{name} no figure");
            }
            let value = format!("${}", format::number(cost));
            if i == input.baseline() {
                format!("{name} (baseline) {value}")
            } else {
                let multiple = format::multiple(input.multiple(i, Metric::CostPerMtok));
                let versus = if multiple == "same" {
                    "the same as the baseline".to_string()
                } else if multiple == format::MISSING {
                    "not comparable with the baseline".to_string()
                } else {
                    format!("{multiple} than the baseline")
                };
                format!("{name} {value}, {versus}")
            }
        })
        .collect();
    format!(
        "Cost per million tokens (US$) by platform, on a log scale: {}.",
        parts.join("; ")
    )
}
