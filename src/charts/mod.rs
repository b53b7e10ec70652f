//! The charts, drawn with plotters on any [`DrawingBackend`]: the canvas in the browser,
//! SVG for downloads and native tests.
//!
//! - [`ChartKind::Iceberg`] ("inputs vs outputs"): each platform as a multiple of the baseline,
//!   what you pay for against what you get ([`draw_iceberg`]).
//! - [`ChartKind::CostVsThroughput`]: cost per million tokens against tokens per second, one
//!   line per platform at its cost per GPU-hour ([`draw_cost_vs_throughput`]).
//! - [`ChartKind::CostByPlatform`]: cost per million tokens per platform as bars
//!   ([`draw_cost_by_platform`]).
//! - [`ChartKind::Factory`] ("the token factory"): the page's site power filled with each
//!   platform, tokens per day as bars on a log axis, with GPU counts and, given a price, the
//!   yearly margin or loss ([`draw_factory`]).
//! - [`ChartKind::Curves`]: each platform's measured throughput-interactivity curve, the target
//!   interactivity and each platform's operating point at it ([`draw_curves`]).
//!
//! Every chart draws from a [`ChartData`], the small view model the page builds from its
//! results; [`ChartData::for_kind`] is one chart's share of it, so comparing two says whether a
//! redraw is needed.
//!
//! Titles and legends belong in HTML around the canvas (plotters measures text through the DOM,
//! a layout per caption, which a strict style policy also blocks): the draw functions
//! draw no caption; [`ChartKind::title`], [`PALETTE`] / [`platform_colour`] and
//! [`text_summary`] give the UI what it needs. [`render_svg`] adds a title (and, for the
//! iceberg, a legend) so a downloaded file stands on its own; [`render_curves_svg`] adds a
//! title and a legend of the curves.
//!
//! Nothing here panics on odd data: values that are not finite and positive are skipped, and
//! everything drawn is clamped to its axis.

pub mod axes;
#[cfg(target_arch = "wasm32")]
pub mod backend;
mod by_platform;
mod cost_vs_throughput;
mod curves;
mod factory;
mod iceberg;
pub mod labels;
mod numbers;
pub mod style;
pub mod svg;
mod tornado;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use svg::Svg;

use crate::model::cost::Factory;
use crate::model::curve::Curve;
use crate::model::{clamp, compare, Metric, Metrics, Multiple};

pub use by_platform::{by_platform_summary, draw_cost_by_platform};
pub use cost_vs_throughput::{
    clamped_platforms, draw_cost_vs_throughput, throughput_summary, TPS_AXIS,
};
pub use curves::{
    curves_clamped, curves_preferred_height, curves_summary, draw_curves, CurveSeries, CurvesInput,
    NO_CURVES,
};
pub use factory::{draw_factory, factory_summary};
pub use iceberg::{draw_iceberg, iceberg_summary};
pub use tornado::{draw_tornado, tornado_summary, Tornado, TornadoBar, NO_RANGES};

use style::Look;
use style::BACKGROUND;
use style::MIN_HEIGHT;
use style::MIN_WIDTH;

/// The Okabe-Ito palette, in the order platforms take it (platform i gets `PALETTE[i % 8]`).
/// Its colours stay distinct for the common kinds of colour blindness. Black comes last, as the
/// text is near black; yellow is late, as it is faint on white.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];

/// The colour of platform `index` (0-based) in every chart.
pub fn platform_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// The colour of platform `index` as CSS (`#0072B2`), for legends in HTML.
pub fn platform_css_colour(index: usize) -> String {
    let RGBColor(r, g, b) = platform_colour(index);
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// True for platforms 9 to 12, whose colours repeat those of 1 to 4: their bars carry a white
/// stripe and their markers are squares (a legend should show the same).
pub fn second_cycle(index: usize) -> bool {
    index >= PALETTE.len()
}

/// The charts the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Inputs vs outputs: multiples of the baseline, what you pay for vs what you get.
    Iceberg,
    /// Cost per million tokens against throughput, one line per platform.
    CostVsThroughput,
    /// Cost per million tokens per platform, as bars.
    CostByPlatform,
    /// The token factory: tokens per day from the page's site power, per platform, as bars.
    Factory,
    /// Throughput against interactivity: measured curves, the target and operating points.
    /// Not in [`ChartKind::ALL`]: it needs a [`CurvesInput`] (see the module's notes).
    Curves,
    /// Sensitivity: how far cost per million tokens moves with each input's range.
    Tornado,
}

impl ChartKind {
    /// The charts drawn from a [`ChartInput`], in page order. [`ChartKind::Curves`] is not
    /// here: it is drawn with [`draw_curves`].
    pub const ALL: [ChartKind; 4] = [
        ChartKind::Iceberg,
        ChartKind::CostVsThroughput,
        ChartKind::CostByPlatform,
        ChartKind::Factory,
    ];

    /// Every kind, [`ChartKind::ALL`] then [`ChartKind::Curves`] and [`ChartKind::Tornado`] (which
    /// draws only when an input carries a range).
    pub const EVERY: [ChartKind; 6] = [
        ChartKind::Iceberg,
        ChartKind::CostVsThroughput,
        ChartKind::CostByPlatform,
        ChartKind::Factory,
        ChartKind::Curves,
        ChartKind::Tornado,
    ];

    /// The chart's title, for the HTML heading above the canvas.
    pub const fn title(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "Inputs vs outputs: what you pay for and what you get",
            ChartKind::CostVsThroughput => "Cost per million tokens against throughput",
            ChartKind::CostByPlatform => "Cost per million tokens by platform",
            ChartKind::Factory => "The token factory: one site's power, each platform",
            ChartKind::Curves => "Throughput against interactivity",
            ChartKind::Tornado => "What moves the cost: each input from its low to its high",
        }
    }

    /// A short key for ids and test hooks (`chart-iceberg`).
    pub const fn key(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "iceberg",
            ChartKind::CostVsThroughput => "throughput",
            ChartKind::CostByPlatform => "by-platform",
            ChartKind::Factory => "factory",
            ChartKind::Curves => "curves",
            ChartKind::Tornado => "tornado",
        }
    }

    /// The file name of a download, without extension.
    pub const fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "cost-per-token-iceberg",
            ChartKind::CostVsThroughput => "cost-per-token-vs-throughput",
            ChartKind::CostByPlatform => "cost-per-token-by-platform",
            ChartKind::Factory => "cost-per-token-factory",
            ChartKind::Curves => "cost-per-token-curves",
            ChartKind::Tornado => "cost-per-token-sensitivity",
        }
    }
}

/// The chart's title (same as [`ChartKind::title`]).
pub fn title(kind: ChartKind) -> &'static str {
    kind.title()
}

/// What the charts draw: a small view model that the page builds from its results (in a memo).
/// Two equal `ChartData` draw the same pictures, so comparing them decides a redraw; see
/// [`ChartData::for_kind`] for one chart's share.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartData {
    /// Platform names, in page order.
    pub names: Vec<String>,
    /// Each platform's five metrics.
    pub metrics: Vec<Metrics>,
    /// 0-based index of the baseline platform.
    pub baseline: usize,
    /// Each platform filling the page's site.
    pub factories: Vec<Factory>,
    /// The token factory's site power, MW.
    pub site_mw: f64,
    /// The price charged per million tokens, if any.
    pub price_mtok: Option<f64>,
    /// Each platform's measured curve, if it has one.
    pub curves: Vec<Option<Curve>>,
    /// The page's target interactivity, tokens/s per user.
    pub target: Option<f64>,
    /// Each platform's flag, if its throughput is missing, held at a curve's end or not at the
    /// target: every chart says so beside what it draws.
    pub flags: Vec<Option<&'static str>>,
    /// The sensitivity of the platform in focus, if the page built one.
    pub tornado: Option<Tornado>,
}

impl ChartData {
    /// Only what chart `kind` draws: equal results for two scenarios mean the same picture, so
    /// the page skips the redraw (moving a price leaves the curves chart alone, for one).
    pub fn for_kind(&self, kind: ChartKind) -> ChartData {
        let mut data = ChartData {
            names: self.names.clone(),
            baseline: self.baseline,
            flags: self.flags.clone(),
            ..ChartData::default()
        };
        match kind {
            ChartKind::Iceberg | ChartKind::CostVsThroughput | ChartKind::CostByPlatform => {
                data.metrics = self.metrics.clone();
            }
            ChartKind::Factory => {
                data.factories = self.factories.clone();
                data.site_mw = self.site_mw;
                data.price_mtok = self.price_mtok;
            }
            ChartKind::Curves => {
                data.curves = self.curves.clone();
                data.target = self.target;
                // The operating points: each platform's throughput at the target.
                if self.target.is_some() {
                    data.metrics = self.metrics.clone();
                }
            }
            ChartKind::Tornado => data.tornado = self.tornado.clone(),
        }
        data
    }
}

/// What every chart function reads: a view of [`ChartData`].
#[derive(Clone, Copy, Debug)]
pub struct ChartInput<'a> {
    pub data: &'a ChartData,
}

impl<'a> ChartInput<'a> {
    pub fn new(data: &'a ChartData) -> Self {
        ChartInput { data }
    }

    /// The curves chart's input: every platform with a measured curve, at the page's target,
    /// each operating point where the results put it.
    pub fn curves(&self) -> CurvesInput<'a> {
        let data = self.data;
        let target = data.target;
        CurvesInput {
            series: data
                .curves
                .iter()
                .enumerate()
                .filter_map(|(index, curve)| {
                    let curve = curve.as_ref()?;
                    let operating_point =
                        target.zip(data.metrics.get(index)).map(|(t, m)| (t, m.tps));
                    Some(CurveSeries {
                        index,
                        name: data.names.get(index).map_or("", String::as_str),
                        curve,
                        operating_point,
                    })
                })
                .collect(),
            target,
        }
    }

    /// Platforms that have both a name and metrics (the factory chart: a factory).
    pub fn count(&self) -> usize {
        let data = self.data;
        let with_figures = data.metrics.len().max(data.factories.len());
        data.names.len().min(with_figures)
    }

    pub fn metrics(&self, index: usize) -> Option<&'a Metrics> {
        self.data.metrics.get(index)
    }

    pub fn factory(&self, index: usize) -> Option<&'a Factory> {
        self.data.factories.get(index)
    }

    pub fn baseline(&self) -> usize {
        self.data.baseline
    }

    /// A platform's name as given (untrimmed names are trimmed by the display helpers).
    pub fn name(&self, index: usize) -> Option<&'a str> {
        self.data.names.get(index).map(String::as_str)
    }

    /// The platforms' names as given.
    pub fn names(&self) -> Vec<&'a str> {
        self.data
            .names
            .iter()
            .take(self.count())
            .map(String::as_str)
            .collect()
    }

    /// A platform's multiple of the baseline for one metric.
    pub fn multiple(&self, index: usize, metric: Metric) -> Multiple {
        if index == self.data.baseline {
            return Multiple::Baseline;
        }
        match (self.metrics(index), self.metrics(self.data.baseline)) {
            (Some(p), Some(b)) => compare(metric, p.get(metric), b.get(metric)),
            _ => Multiple::Same,
        }
    }
}

/// What drawing a chart found worth telling the reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrawReport {
    /// 0-based indices of platforms whose point lies outside the axes and is drawn clamped to
    /// the edge (only the cost-vs-throughput chart clamps; [`draw_curves`] returns its own
    /// list of operating points clamped to their curves' measured range).
    pub clamped: Vec<usize>,
}

/// The vertical extent (y0, y1) of a bar `thickness` high centred on `centre`.
pub(crate) fn bar_span(centre: f64, thickness: f64) -> (i32, i32) {
    let y0 = (centre - thickness * 0.5).round() as i32;
    (y0, ((centre + thickness * 0.5).round() as i32).max(y0 + 1))
}

/// A horizontal bar in a platform's colour, from x0 to x1 over y0..y1. Platforms 9 to 12 reuse
/// the palette, so their bars carry a white stripe.
pub(crate) fn draw_platform_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    platform: usize,
    (x0, x1): (i32, i32),
    (y0, y1): (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        platform_colour(platform).filled(),
    ))?;
    if second_cycle(platform) && y1 - y0 >= 4 {
        let mid = (y0 + y1) / 2;
        area.draw(&Rectangle::new(
            [(x0, mid - 1), (x1, mid + 1)],
            BACKGROUND.filled(),
        ))?;
    }
    Ok(())
}

/// Draw one chart on `area` (the whole area: the chart fills it, with a white background).
/// `ChartKind::Curves` draws its no-curves message: use [`draw_curves`] for the chart.
pub fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawReport, DrawingAreaErrorKind<DB::ErrorType>> {
    let chart = with_flag_line(area, input)?;
    let area = &chart;
    match kind {
        ChartKind::Iceberg => draw_iceberg(area, input).map(|()| DrawReport::default()),
        ChartKind::CostVsThroughput => {
            draw_cost_vs_throughput(area, input).map(|clamped| DrawReport { clamped })
        }
        ChartKind::CostByPlatform => {
            draw_cost_by_platform(area, input).map(|()| DrawReport::default())
        }
        ChartKind::Factory => draw_factory(area, input).map(|()| DrawReport::default()),
        ChartKind::Curves => {
            draw_curves(area, &input.curves()).map(|clamped| DrawReport { clamped })
        }
        ChartKind::Tornado => draw_tornado(area, input).map(|()| DrawReport::default()),
    }
}

/// The chart in words: the text alternative for screen readers and the figure's description.
/// `ChartKind::Curves` reads as having no curves: use [`curves_summary`].
pub fn text_summary(kind: ChartKind, input: &ChartInput) -> String {
    let summary = match kind {
        ChartKind::Iceberg => iceberg_summary(input),
        ChartKind::CostVsThroughput => throughput_summary(input),
        ChartKind::CostByPlatform => by_platform_summary(input),
        ChartKind::Factory => factory_summary(input),
        ChartKind::Curves => curves_summary(&input.curves()),
        ChartKind::Tornado => tornado_summary(input),
    };
    let flagged = flagged(input);
    if flagged.is_empty() {
        summary
    } else {
        format!("{summary} Flagged: {}.", flagged.join("; "))
    }
}

/// "name: flag" for each flagged platform, in page order: the summary states them, and the
/// picture carries them on a line under the chart.
fn flagged(input: &ChartInput) -> Vec<String> {
    input
        .data
        .flags
        .iter()
        .enumerate()
        .filter_map(|(index, flag)| {
            let name = input.data.names.get(index)?;
            flag.map(|f| format!("{name}: {f}"))
        })
        .collect()
}

/// Room for the flags under a chart: the area left for the chart itself, after drawing one
/// muted line that names each flagged platform (a flag sits where the figure is shown, on the
/// picture too, not only in the text alternative). Too small an area keeps the whole of it.
fn with_flag_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    let flagged = flagged(input);
    let (width, height) = area.dim_in_pixel();
    let look = Look::for_width(width);
    let line = (look.font * 1.6).ceil() as u32;
    if flagged.is_empty() || width < MIN_WIDTH || height < MIN_HEIGHT + line {
        return Ok(area.clone());
    }
    let (chart, footer) = area.split_vertically(height - line);
    footer.fill(&BACKGROUND)?;
    let room = ((f64::from(width) - 24.0) / (look.font * 0.6)).max(3.0) as usize;
    let text = labels::short_name(&format!("Flagged: {}", flagged.join("; ")), room);
    footer.draw(&Text::new(text, (12, 2), look.muted()))?;
    Ok(chart)
}

/// A height (CSS pixels) at which the chart reads well for `platforms` platforms at `width`
/// (for `ChartKind::Curves`, `platforms` curves: [`curves_preferred_height`]).
pub fn preferred_height(kind: ChartKind, platforms: usize, width: u32) -> u32 {
    let look = Look::for_width(width);
    let f = look.font;
    let axis = f64::from(look.x_label_area()) + 16.0;
    let height = match kind {
        ChartKind::Iceberg => {
            let compared = platforms.saturating_sub(1);
            if compared == 0 {
                160.0
            } else {
                let pitch = if compared == 1 { f * 2.2 } else { f * 1.7 };
                iceberg::fixed_height(f) + 5.0 * compared as f64 * pitch + axis
            }
        }
        ChartKind::CostVsThroughput => {
            // Room for every point's label, one above the other if need be.
            let labels = platforms.max(1) as f64 * (f + 3.0) * 1.5 + axis;
            clamp(f64::from(width) * 0.62, 220.0, 460.0).max(labels)
        }
        ChartKind::CostByPlatform => platforms.max(1) as f64 * f * 2.6 + axis,
        ChartKind::Factory => factory::height(platforms, &look),
        ChartKind::Curves => return curves_preferred_height(platforms, width),
        ChartKind::Tornado => tornado::height(platforms, &look),
    };
    clamp_u32(height, 160, 1200)
}

/// [`preferred_height`] for this input: the curves chart counts curves, the others platforms.
pub fn preferred_height_for(kind: ChartKind, input: &ChartInput, width: u32) -> u32 {
    let count = match kind {
        ChartKind::Curves => input.curves().series.len(),
        ChartKind::Tornado => input.data.tornado.as_ref().map_or(0, |t| t.bars.len()),
        _ => input.count(),
    };
    preferred_height(kind, count, width)
}

fn clamp_u32(value: f64, lo: u32, hi: u32) -> u32 {
    numbers::clamp(value, f64::from(lo), f64::from(hi)).round() as u32
}

/// The chart as an SVG document of `width` x `height`, with its title on top (and, for the
/// iceberg, a legend below), for downloads. Never fails: a drawing error leaves what was drawn.
/// `ChartKind::Curves` gives its no-curves message: use [`render_curves_svg`].
pub fn render_svg(kind: ChartKind, input: &ChartInput, width: u32, height: u32) -> String {
    svg_document(width, height, |root| {
        let _ = paint_export(kind, root, input);
    })
}

/// Draw a chart as a file shows it (title on top, legend where it has one) on any backend.
/// The browser draws its SVG downloads through this with the same backend type as its canvas,
/// so the chart code is compiled once into the wasm.
pub fn paint_export<DB: DrawingBackend>(
    kind: ChartKind,
    root: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawReport, DrawingAreaErrorKind<DB::ErrorType>> {
    match kind {
        ChartKind::Curves => {
            paint_curves_export(root, &input.curves()).map(|clamped| DrawReport { clamped })
        }
        _ => draw_export(kind, root, input),
    }
}

/// The curves chart as an SVG document of `width` x `height`, with its title on top and a
/// legend of the platforms' curves below, for downloads. Never fails.
pub fn render_curves_svg(input: &CurvesInput, width: u32, height: u32) -> String {
    svg_document(width, height, |root| {
        let _ = paint_curves_export(root, input);
    })
}

fn paint_curves_export<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    input: &CurvesInput,
) -> Result<Vec<usize>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (width, _) = root.dim_in_pixel();
    let names: Vec<&str> = input.series.iter().map(|s| s.name).collect();
    let entries: Vec<LegendEntry> = input
        .series
        .iter()
        .zip(names_for_legend(&names, width))
        .map(|(s, text)| LegendEntry {
            platform: s.index,
            text,
            swatch: Swatch::Line,
        })
        .collect();
    draw_titled(root, ChartKind::Curves.title(), entries, |area| {
        draw_curves(area, input)
    })
}

/// An SVG document drawn by `paint`.
fn svg_document(width: u32, height: u32, paint: impl FnOnce(&DrawingArea<Svg, Shift>)) -> String {
    let mut buffer = String::new();
    {
        let root = Svg::new(&mut buffer, (width, height)).into_drawing_area();
        paint(&root);
        let _ = root.present();
    }
    buffer
}

/// Title, chart and legend on one area.
fn draw_export<DB: DrawingBackend>(
    kind: ChartKind,
    root: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawReport, DrawingAreaErrorKind<DB::ErrorType>> {
    let entries = if kind == ChartKind::Iceberg && input.count() > 1 {
        let (width, _) = root.dim_in_pixel();
        names_for_legend(&input.names(), width)
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                if i == input.baseline() {
                    // The baseline has no bars: it is the line at 1x.
                    LegendEntry {
                        platform: i,
                        text: format!("{name} (baseline, 1x)"),
                        swatch: Swatch::Baseline,
                    }
                } else {
                    LegendEntry {
                        platform: i,
                        text: name,
                        swatch: Swatch::Bar,
                    }
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    draw_titled(root, kind.title(), entries, |area| draw(kind, area, input))
}

/// `title` on top, the chart `draw_chart` draws in the middle, the legend below. On an area
/// too small for all three, the chart alone.
fn draw_titled<DB: DrawingBackend, R>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    entries: Vec<LegendEntry>,
    draw_chart: impl FnOnce(&DrawingArea<DB, Shift>) -> Result<R, DrawingAreaErrorKind<DB::ErrorType>>,
) -> Result<R, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&BACKGROUND)?;
    let (width, height) = root.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT + 40 {
        return draw_chart(root);
    }
    let look = Look::for_width(width);
    let title_height = (look.font * 2.4).round() as u32;
    let legend = legend_layout(entries, &look, width);
    let line_height = look.font * 1.7;
    let legend_lines = legend
        .iter()
        .map(|item| item.line)
        .max()
        .map_or(0, |l| l + 1);
    let legend_height = (legend_lines as f64 * line_height).round() as u32;
    let chart_height = height.saturating_sub(title_height + legend_height);
    if chart_height < MIN_HEIGHT {
        return draw_chart(root);
    }
    let (top, rest) = root.split_vertically(title_height);
    let (chart, bottom) = rest.split_vertically(chart_height);
    top.draw(&Text::new(
        title.to_string(),
        (12, (title_height / 2) as i32),
        look.bold().pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let report = draw_chart(&chart)?;
    for item in &legend {
        let y = (line_height * (item.line as f64 + 0.5)).round() as i32;
        let x = item.x.round() as i32;
        let half = (look.font * 0.4).round() as i32;
        let colour = platform_colour(item.entry.platform);
        match item.entry.swatch {
            Swatch::Baseline => {
                bottom.draw(&Rectangle::new(
                    [(x + half - 1, y - half - 2), (x + half + 1, y + half + 2)],
                    style::AXIS.filled(),
                ))?;
            }
            Swatch::Bar => {
                bottom.draw(&Rectangle::new(
                    [(x, y - half), (x + 2 * half, y + half)],
                    colour.filled(),
                ))?;
            }
            Swatch::Line => {
                // A stretch of line with a point on it (a square for platforms 9 to 12).
                bottom.draw(&Rectangle::new(
                    [(x - 2, y - 1), (x + 2 * half + 2, y + 1)],
                    colour.filled(),
                ))?;
                let r = 3;
                if second_cycle(item.entry.platform) {
                    bottom.draw(&Rectangle::new(
                        [(x + half - r, y - r), (x + half + r, y + r)],
                        colour.filled(),
                    ))?;
                } else {
                    bottom.draw(&Circle::new((x + half, y), r, colour.filled()))?;
                }
            }
        }
        bottom.draw(&Text::new(
            item.entry.text.clone(),
            (x + 2 * half + 5, y),
            look.text().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(report)
}

/// How a legend entry shows its platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Swatch {
    /// A square of the platform's colour.
    Bar,
    /// The baseline's reference line (iceberg).
    Baseline,
    /// A stretch of line with a point (curves).
    Line,
}

struct LegendEntry {
    platform: usize,
    text: String,
    swatch: Swatch,
}

struct LegendItem {
    entry: LegendEntry,
    x: f64,
    line: usize,
}

/// Names shortened for a legend at `width`.
fn names_for_legend(names: &[&str], width: u32) -> Vec<String> {
    let narrow = Look::for_width(width).narrow;
    labels::display_names(names, if narrow { 20 } else { 32 })
}

/// Legend entries flowed into lines across the width.
fn legend_layout(entries: Vec<LegendEntry>, look: &Look, width: u32) -> Vec<LegendItem> {
    let mut items = Vec::with_capacity(entries.len());
    let (mut x, mut line) = (12.0, 0);
    let right = f64::from(width) - 12.0;
    for entry in entries {
        let item_width = look.font + 5.0 + look.text_width(&entry.text) + 16.0;
        if x + item_width > right && x > 12.0 {
            line += 1;
            x = 12.0;
        }
        items.push(LegendItem { entry, x, line });
        x += item_width;
    }
    items
}
