//! Helpers shared by the charts: log ticks and their labels, text width estimates, short
//! platform names, and the sizes that depend on the chart's width.

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::{
    BindKeyPoints, ChartBuilder, DrawingArea, DrawingAreaErrorKind, DrawingBackend, IntoLogRange,
};
use plotters::style::{FontFamily, FontStyle, RGBColor, TextStyle};

/// Text on the charts: near black.
pub(crate) const TEXT: RGBColor = RGBColor(34, 34, 34);
/// Secondary text (axis titles, tick labels).
pub(crate) const MUTED: RGBColor = RGBColor(85, 85, 85);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(224, 224, 224);
/// Axis lines and the baseline reference line.
pub(crate) const AXIS: RGBColor = RGBColor(110, 110, 110);
/// Chart background.
pub(crate) const BACKGROUND: RGBColor = RGBColor(255, 255, 255);

/// Below this width (CSS pixels) a chart uses its narrow layout: smaller text, fewer ticks,
/// shorter names.
pub const NARROW_WIDTH: u32 = 560;
/// Smaller than this, a chart draws only its background (nothing can be read anyway).
pub(crate) const MIN_WIDTH: u32 = 160;
pub(crate) const MIN_HEIGHT: u32 = 120;

/// Sizes that follow the chart's width.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Look {
    pub narrow: bool,
    /// Font size in pixels.
    pub font: f64,
}

impl Look {
    pub fn for_width(width: u32) -> Look {
        if width < NARROW_WIDTH {
            Look {
                narrow: true,
                font: 11.0,
            }
        } else {
            Look {
                narrow: false,
                font: 13.0,
            }
        }
    }

    pub fn text(&self) -> TextStyle<'static> {
        TextStyle::from((FontFamily::SansSerif, self.font)).color(&TEXT)
    }

    pub fn muted(&self) -> TextStyle<'static> {
        TextStyle::from((FontFamily::SansSerif, self.font)).color(&MUTED)
    }

    pub fn bold(&self) -> TextStyle<'static> {
        TextStyle::from((FontFamily::SansSerif, self.font, FontStyle::Bold)).color(&TEXT)
    }

    /// Estimated width in pixels of a text at this look's font size.
    pub fn text_width(&self, text: &str) -> f64 {
        text_width(text, self.font)
    }

    /// Height of the x label area: tick labels plus the axis title (at least 40, trap 8).
    pub fn x_label_area(&self) -> u32 {
        ((2.0 * self.font + 20.0).ceil() as u32).max(44)
    }
}

/// The plotting area's rectangle in pixels, relative to the chart's whole area.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
}

impl Frame {
    pub fn of<DB: DrawingBackend, CT: CoordTranslate>(
        plot: &DrawingArea<DB, CT>,
        whole: &DrawingArea<DB, Shift>,
    ) -> Frame {
        let (x, y) = plot.get_pixel_range();
        let (bx, by) = whole.get_base_pixel();
        Frame {
            left: x.start - bx,
            right: x.end - bx,
            top: y.start - by,
            bottom: y.end - by,
        }
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
        (pow10(axis.lo)..pow10(axis.hi))
            .log_scale()
            .with_key_points(axis.ticks),
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
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::combinators::WithKeyPoints<plotters::coord::combinators::LogCoord<f64>>,
        plotters::coord::combinators::WithKeyPoints<plotters::coord::combinators::LogCoord<f64>>,
    >,
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

/// A label placed beside a chart's point, moved up or down (`y` from `wanted`) to clear others.
pub(crate) struct PointLabel {
    pub x: i32,
    pub y: f64,
    /// Where the label would sit if nothing were in its way.
    pub wanted: f64,
    pub right_side: bool,
    pub width: i32,
    pub text: String,
    /// The marker's centre, for a leader line when the label had to move away from it.
    pub point: (i32, i32),
}

/// Draw point labels on a pale backing (readable where another line crosses them), with a
/// leader line to the point when a label moved more than `leader_after` pixels.
pub(crate) fn draw_point_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: &Look,
    labels: &[PointLabel],
    leader_after: f64,
    halo: plotters::style::ShapeStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    use plotters::element::{PathElement, Rectangle, Text};
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    let text = look.text();
    let half_height = (look.font * 0.6).round() as i32;
    for label in labels {
        let (anchor, x0, x1) = if label.right_side {
            (HPos::Left, label.x - 2, label.x + label.width + 2)
        } else {
            (HPos::Right, label.x - label.width - 2, label.x + 2)
        };
        let y = label.y.round() as i32;
        if (label.y - label.wanted).abs() > leader_after {
            let end = if label.right_side { x0 } else { x1 };
            area.draw(&PathElement::new(vec![label.point, (end, y)], MUTED))?;
        }
        area.draw(&Rectangle::new(
            [(x0, y - half_height), (x1, y + half_height)],
            halo,
        ))?;
        area.draw(&Text::new(
            label.text.as_str(),
            (label.x, y),
            text.pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Estimated width of a text in a sans-serif font: the average glyph is a little over half the
/// font size wide. Deliberately generous, so labels placed with it do not collide.
pub(crate) fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.6
}

/// A clean finite value or None.
pub(crate) fn finite_positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

/// Clamp a finite number into [lo, hi]; NaN goes to lo.
pub(crate) fn clamp(value: f64, lo: f64, hi: f64) -> f64 {
    if value.is_nan() {
        lo
    } else {
        value.max(lo).min(hi)
    }
}

/// Powers of ten with exponents in [-300, 300], so nothing overflows.
pub(crate) fn pow10(exponent: f64) -> f64 {
    10f64.powf(clamp(exponent, -300.0, 300.0))
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
        return format!("{value:.0e}");
    }
    let mut tier = 0;
    let mut mantissa = value;
    // 999.95 rounds to 1000: treat it as the next tier.
    while mantissa >= 999.95 && tier + 1 < SUFFIXES.len() {
        mantissa /= 1000.0;
        tier += 1;
    }
    let decimals = (2 - mantissa.log10().floor() as i32).max(0) as usize;
    let text = format!("{mantissa:.decimals$}");
    let trimmed = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{trimmed}{}", SUFFIXES.get(tier).copied().unwrap_or(""))
}

/// Words dropped first when a name is too long for its place.
const VENDOR_WORDS: [&str; 5] = ["nvidia", "amd", "instinct", "intel", "google"];

/// A platform name shortened to at most `max_chars` characters: leading vendor words go first
/// ("NVIDIA HGX H200" -> "HGX H200"), then the end is cut with an ellipsis.
pub fn short_name(name: &str, max_chars: usize) -> String {
    let max_chars = max_chars.max(3);
    let trimmed = name.trim();
    if trimmed.chars().count() <= max_chars {
        return trimmed.to_string();
    }
    let mut rest = trimmed;
    while let Some((first, tail)) = rest.split_once(' ') {
        if VENDOR_WORDS.iter().any(|w| first.eq_ignore_ascii_case(w)) && !tail.trim().is_empty() {
            rest = tail.trim_start();
            if rest.chars().count() <= max_chars {
                return rest.to_string();
            }
        } else {
            break;
        }
    }
    let cut: String = rest.chars().take(max_chars - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Names for every platform, each at most `max_chars` long; an empty name becomes
/// "Platform i" and names that occur more than once get their number (" #3") so they can be
/// told apart.
pub fn display_names(names: &[&str], max_chars: usize) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = name.trim();
            if name.is_empty() {
                return short_name(&format!("Platform {}", i + 1), max_chars);
            }
            let repeated = names.iter().filter(|n| n.trim() == name).count() > 1;
            if repeated {
                let suffix = format!(" #{}", i + 1);
                let room = max_chars.saturating_sub(suffix.chars().count()).max(3);
                format!("{}{suffix}", short_name(name, room))
            } else {
                short_name(name, max_chars)
            }
        })
        .collect()
}

/// Vertical positions for labels that want to sit at `wanted` (pixels, any order), moved apart
/// so neighbours are at least `gap` apart and all stay within [top, bottom]. Returns the
/// positions in the input order.
pub(crate) fn spread_labels(wanted: &[f64], gap: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by(|a, b| {
        let (x, y) = (
            wanted.get(*a).copied().unwrap_or(0.0),
            wanted.get(*b).copied().unwrap_or(0.0),
        );
        x.total_cmp(&y)
    });
    let mut placed = vec![0.0; wanted.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let want = clamp(wanted.get(i).copied().unwrap_or(top), top, bottom);
        let y = want.max(previous + gap);
        if let Some(slot) = placed.get_mut(i) {
            *slot = y;
        }
        previous = y;
    }
    // Pushed past the bottom: shift back up from the end, keeping the gaps.
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        if let Some(slot) = placed.get_mut(i) {
            let y = slot.min(bottom).min(next - gap);
            *slot = y.max(top);
            next = y;
        }
    }
    placed
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
    fn names_shorten_vendor_first() {
        assert_eq!(short_name("NVIDIA HGX H200", 12), "HGX H200");
        assert_eq!(short_name("NVIDIA HGX H200", 20), "NVIDIA HGX H200");
        assert_eq!(short_name("AMD Instinct MI355X", 8), "MI355X");
        assert_eq!(short_name("A very long custom name", 10), "A very lo…");
        assert_eq!(short_name("éééééééééé", 5), "éééé…");
    }

    #[test]
    fn repeated_names_get_their_number() {
        let names = display_names(&["NVIDIA GB300 NVL72", "NVIDIA GB300 NVL72", " "], 30);
        assert_eq!(
            names,
            [
                "NVIDIA GB300 NVL72 #1",
                "NVIDIA GB300 NVL72 #2",
                "Platform 3"
            ]
        );
    }

    #[test]
    fn labels_spread_apart_and_stay_inside() {
        let placed = spread_labels(&[50.0, 52.0, 51.0], 10.0, 0.0, 100.0);
        let mut sorted = placed.clone();
        sorted.sort_by(f64::total_cmp);
        assert!(sorted.windows(2).all(|w| w[1] - w[0] >= 10.0 - 1e-9));
        let crowded = spread_labels(&[99.0, 99.0, 99.0], 10.0, 0.0, 100.0);
        assert!(crowded.iter().all(|y| (0.0..=100.0).contains(y)));
        assert_eq!(crowded.iter().cloned().fold(0.0, f64::max), 100.0);
    }
}
