//! Log-scale axes: the bar charts' horizontal log axis, the line charts' log-log mesh, tick
//! values and their short labels, and the small number helpers that keep values on an axis.

use std::ops::Range;

use plotters::coord::combinators::{LogCoord, WithKeyPoints};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::{
    BindKeyPoints, ChartBuilder, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoLogRange,
};

use super::numbers::{clamp, pow10};
use super::style::{Frame, Look, AXIS, GRID};
use crate::format;

/// A log axis from `lo` to `hi` (values, not exponents) with ticks at `ticks`, labelled by
/// [`tick_label`]. plotters' own log axis would label with Rust's float formatting, which would
/// then ship in the wasm even where every chart passes its own labels.
pub(crate) struct LogAxis(WithKeyPoints<LogCoord<f64>>);

impl LogAxis {
    pub(crate) fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Self {
        LogAxis((lo..hi).log_scale().with_key_points(ticks))
    }
}

impl Ranged for LogAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.0.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        self.0.key_points(hint)
    }

    fn range(&self) -> Range<f64> {
        self.0.range()
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        self.0.axis_pixel_range(limit)
    }
}

impl ValueFormatter<f64> for LogAxis {
    fn format(value: &f64) -> String {
        tick_label(*value)
    }
}

/// The x axis of a horizontal bar chart on a log scale: what the three bar charts share.
pub(crate) struct LogBarAxis<'a> {
    /// Axis ends as powers of ten.
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub x_area: u32,
    /// Room for names left of the bars; 0 draws no y axis.
    pub y_area: u32,
    pub margins: (u32, u32, u32),
    pub title: &'a str,
    pub tick_format: &'a dyn Fn(&f64) -> String,
}

/// The drawn axis: the plot's frame and where a power of ten falls on it.
pub(crate) struct LogBarPlot {
    pub frame: Frame,
    lo: f64,
    hi: f64,
    x_lo: i32,
    x_hi: i32,
}

impl LogBarPlot {
    /// The pixel x (in the whole area) of 10^`exponent`, clamped to the axis.
    pub fn x_of(&self, exponent: f64) -> i32 {
        let e = clamp(exponent, self.lo, self.hi);
        let t = if self.hi > self.lo {
            (e - self.lo) / (self.hi - self.lo)
        } else {
            0.0
        };
        self.x_lo + (t * f64::from(self.x_hi - self.x_lo)).round() as i32
    }
}

/// Draw the grid, ticks and title of a horizontal log-scale bar chart on `area`.
pub(crate) fn draw_log_bar_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: &Look,
    axis: LogBarAxis,
) -> Result<LogBarPlot, DrawingAreaErrorKind<DB::ErrorType>> {
    let (top, left, right) = axis.margins;
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(top)
        .margin_left(left)
        .margin_right(right)
        .x_label_area_size(axis.x_area);
    if axis.y_area > 0 {
        builder.y_label_area_size(axis.y_area);
    }
    let mut chart = builder.build_cartesian_2d(
        LogAxis::new(pow10(axis.lo), pow10(axis.hi), axis.ticks),
        (0..1).with_key_points(Vec::new()),
    )?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_y_mesh()
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .label_style(look.muted())
        .axis_desc_style(look.muted())
        .x_label_formatter(axis.tick_format)
        .x_desc(axis.title);
    if axis.y_area == 0 {
        mesh.disable_y_axis();
    }
    mesh.draw()?;
    let base_x = area.get_base_pixel().0;
    Ok(LogBarPlot {
        frame: Frame::of(chart.plotting_area(), area),
        lo: axis.lo,
        hi: axis.hi,
        x_lo: chart.backend_coord(&(pow10(axis.lo), 0)).0 - base_x,
        x_hi: chart.backend_coord(&(pow10(axis.hi), 0)).0 - base_x,
    })
}

/// A chart with both axes on a log scale at chosen ticks (the two line charts).
pub(crate) type LogLogChart<'a, DB> = plotters::chart::ChartContext<
    'a,
    DB,
    plotters::coord::cartesian::Cartesian2d<LogAxis, LogAxis>,
>;

/// Draw the grid, ticks and titles of a log-log chart, as both line charts draw them.
pub(crate) fn draw_log_log_mesh<DB: DrawingBackend>(
    chart: &mut LogLogChart<DB>,
    look: &Look,
    x_title: &str,
    y_title: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let tick_format = |v: &f64| tick_label(*v);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .label_style(look.muted())
        .axis_desc_style(look.muted())
        .x_label_formatter(&tick_format)
        .y_label_formatter(&tick_format)
        .x_desc(x_title)
        .y_desc(y_title)
        .draw()
}

/// Tick values for a log axis spanning 10^lo .. 10^hi (lo, hi are base-10 exponents), at most
/// `max_ticks` of them: 1-2-5 steps when the span is short, else every decade, or every second
/// (third...) decade when there is no room.
pub fn log_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let max_ticks = max_ticks.max(2);
    let eps = 1e-9;
    let first = clamp((lo - eps).ceil(), -300.0, 300.0) as i32;
    let last = clamp((hi + eps).floor(), -300.0, 300.0) as i32;
    let decades = (last - first + 1).max(0) as usize;
    if decades <= 2 {
        let start = clamp(lo.floor(), -300.0, 300.0) as i32;
        let end = clamp(hi.ceil(), -300.0, 300.0) as i32;
        let fine: Vec<f64> = (start..=end)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * pow10(f64::from(e))))
            .filter(|v| {
                let l = v.log10();
                l >= lo - eps && l <= hi + eps
            })
            .collect();
        if fine.len() <= max_ticks && fine.len() >= decades {
            return fine;
        }
    }
    let step = decades.div_ceil(max_ticks).max(1);
    (first..=last)
        .step_by(step)
        .map(|e| pow10(f64::from(e)))
        .collect()
}

/// A short tick label: 1, 10, 100, 1K, 10K, 100K, 1M, 0.1, 0.01, 2, 50, 2.5K, 1e-5.
pub fn tick_label(value: f64) -> String {
    if !value.is_finite() || value <= 0.0 {
        return String::new();
    }
    const SUFFIXES: [&str; 5] = ["", "K", "M", "B", "T"];
    if !(1e-3..1e15).contains(&value) {
        return format::scientific(value, 1);
    }
    let mut tier = 0;
    let mut mantissa = value;
    // 999.95 rounds to 1000: treat it as the next tier.
    while mantissa >= 999.95 && tier + 1 < SUFFIXES.len() {
        mantissa /= 1000.0;
        tier += 1;
    }
    let decimals = (2 - mantissa.log10().floor() as i32).max(0) as usize;
    let text = format::fixed(mantissa, decimals);
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{trimmed}{}", SUFFIXES.get(tier).copied().unwrap_or(""))
}

/// The axis span (base-10 exponents): from a whole decade below the smallest value, so every
/// bar has some length, to the largest plus room for its label (the bar charts of values).
pub(crate) fn bar_axis_span(exponents: &[f64], label_px: f64, plot_px: f64) -> (f64, f64) {
    let min = exponents.iter().copied().fold(f64::INFINITY, f64::min);
    let max = exponents.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(min.is_finite() && max.is_finite()) {
        return (-1.0, 1.0);
    }
    let lo = (min - 0.3).floor();
    let b = max.max(lo + 1.0);
    let plot_px = plot_px.max(1.0);
    let usable = (plot_px - label_px - 8.0).max(plot_px * 0.4);
    let hi = b + (b - lo) / usable * (label_px + 4.0);
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        let labels: Vec<String> = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 2e3, 2500.0]
            .iter()
            .map(|v| tick_label(*v))
            .collect();
        assert_eq!(
            labels,
            ["1", "10", "100", "1K", "10K", "100K", "1M", "2K", "2.5K"]
        );
        assert_eq!(tick_label(0.1), "0.1");
        assert_eq!(tick_label(0.01), "0.01");
        assert_eq!(tick_label(10f64.powi(-2)), "0.01");
        assert_eq!(tick_label(0.05), "0.05");
        assert_eq!(tick_label(0.001), "0.001");
        assert_eq!(tick_label(1e-5), "1e-5");
        assert_eq!(tick_label(2e15), "2e15");
        assert_eq!(tick_label(f64::NAN), "");
        assert_eq!(tick_label(-1.0), "");
    }

    #[test]
    fn log_ticks_fit_their_budget() {
        assert_eq!(log_ticks(0.0, 5.0, 8), [1.0, 10.0, 100.0, 1e3, 1e4, 1e5]);
        assert_eq!(log_ticks(0.0, 5.0, 3), [1.0, 100.0, 1e4]);
        assert_eq!(log_ticks(0.0, 1.0, 8), [1.0, 2.0, 5.0, 10.0]);
        let short = log_ticks(0.0, 0.5, 8);
        assert_eq!(short, [1.0, 2.0]);
        assert!(log_ticks(1.0, 1.0, 5).is_empty());
        assert!(log_ticks(f64::NAN, 1.0, 5).is_empty());
        let huge = log_ticks(-300.0, 300.0, 6);
        assert!(huge.len() <= 6 && !huge.is_empty());
    }

    #[test]
    fn axis_leaves_every_bar_some_length() {
        let (lo, hi) = bar_axis_span(&[0.638, -0.911], 60.0, 300.0);
        assert_eq!(lo, -2.0);
        assert!(hi > 0.638);
        let (lo, hi) = bar_axis_span(&[0.0], 40.0, 300.0);
        assert!(lo <= -1.0 && hi >= 0.0 && hi - lo >= 1.0);
        assert_eq!(bar_axis_span(&[], 40.0, 300.0), (-1.0, 1.0));
    }
}
