//! The three charts, drawn with plotters on any [`DrawingBackend`]: the canvas in the browser,
//! SVG for downloads and native tests.
//!
//! - [`ChartKind::Iceberg`] ("inputs vs outputs"): each platform as a multiple of the baseline,
//!   what you pay for against what you get ([`draw_iceberg`]).
//! - [`ChartKind::CostVsThroughput`]: cost per million tokens against tokens per second, one
//!   line per platform at its cost per GPU-hour ([`draw_cost_vs_throughput`]).
//! - [`ChartKind::CostByPlatform`]: cost per million tokens per platform as bars
//!   ([`draw_cost_by_platform`]).
//!
//! Titles and legends belong in HTML around the canvas (TOOLCHAIN trap 10): the draw functions
//! draw no caption; [`ChartKind::title`], [`PALETTE`] / [`platform_colour`] and
//! [`text_summary`] give the UI what it needs. [`render_svg`] adds a title (and, for the
//! iceberg, a legend) so a downloaded file stands on its own.
//!
//! Nothing here panics on odd data: values that are not finite and positive are skipped, and
//! everything drawn is clamped to its axis.

mod by_platform;
mod iceberg;
pub mod scale;
mod throughput;

#[cfg(test)]
mod tests;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::Metrics;
use crate::scenario::{Platform, Results, Scenario};

pub use by_platform::{by_platform_summary, draw_cost_by_platform};
pub use iceberg::{draw_iceberg, iceberg_summary};
pub use throughput::{clamped_platforms, draw_cost_vs_throughput, throughput_summary, TPS_AXIS};

use scale::{Look, BACKGROUND, MIN_HEIGHT, MIN_WIDTH};

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
}

impl ChartKind {
    pub const ALL: [ChartKind; 3] = [
        ChartKind::Iceberg,
        ChartKind::CostVsThroughput,
        ChartKind::CostByPlatform,
    ];

    /// The chart's title, for the HTML heading above the canvas.
    pub const fn title(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "Inputs vs outputs: what you pay for and what you get",
            ChartKind::CostVsThroughput => "Cost per million tokens against throughput",
            ChartKind::CostByPlatform => "Cost per million tokens by platform",
        }
    }

    /// A short key for ids and test hooks (`chart-iceberg`).
    pub const fn key(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "iceberg",
            ChartKind::CostVsThroughput => "throughput",
            ChartKind::CostByPlatform => "by-platform",
        }
    }

    /// The file name of a download, without extension.
    pub const fn file_stem(self) -> &'static str {
        match self {
            ChartKind::Iceberg => "cost-per-token-iceberg",
            ChartKind::CostVsThroughput => "cost-per-token-vs-throughput",
            ChartKind::CostByPlatform => "cost-per-token-by-platform",
        }
    }
}

/// The chart's title (same as [`ChartKind::title`]).
pub fn title(kind: ChartKind) -> &'static str {
    kind.title()
}

/// What every chart reads: the scenario (names, inputs) and its results, computed once by the
/// caller.
#[derive(Clone, Copy, Debug)]
pub struct ChartInput<'a> {
    pub scenario: &'a Scenario,
    pub results: &'a Results,
}

impl<'a> ChartInput<'a> {
    pub fn new(scenario: &'a Scenario, results: &'a Results) -> Self {
        ChartInput { scenario, results }
    }

    /// Platforms that have both inputs and results.
    pub fn count(&self) -> usize {
        self.scenario
            .platforms
            .len()
            .min(self.results.metrics.len())
    }

    pub fn platform(&self, index: usize) -> Option<&'a Platform> {
        self.scenario.platforms.get(index)
    }

    pub fn metrics(&self, index: usize) -> Option<&'a Metrics> {
        self.results.metrics.get(index)
    }

    pub fn baseline(&self) -> usize {
        self.results.baseline
    }

    /// The platforms' names as given (untrimmed names are trimmed by the display helpers).
    pub fn names(&self) -> Vec<&'a str> {
        self.scenario
            .platforms
            .iter()
            .take(self.count())
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// What drawing a chart found worth telling the reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrawReport {
    /// 0-based indices of platforms whose point lies outside the axes and is drawn clamped to
    /// the edge (only the cost-vs-throughput chart clamps).
    pub clamped: Vec<usize>,
}

/// Draw one chart on `area` (the whole area: the chart fills it, with a white background).
pub fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawReport, DrawingAreaErrorKind<DB::ErrorType>> {
    match kind {
        ChartKind::Iceberg => draw_iceberg(area, input).map(|()| DrawReport::default()),
        ChartKind::CostVsThroughput => {
            draw_cost_vs_throughput(area, input).map(|clamped| DrawReport { clamped })
        }
        ChartKind::CostByPlatform => {
            draw_cost_by_platform(area, input).map(|()| DrawReport::default())
        }
    }
}

/// The chart in words: the text alternative for screen readers and the figure's description.
pub fn text_summary(kind: ChartKind, input: &ChartInput) -> String {
    match kind {
        ChartKind::Iceberg => iceberg_summary(input),
        ChartKind::CostVsThroughput => throughput_summary(input),
        ChartKind::CostByPlatform => by_platform_summary(input),
    }
}

/// A height (CSS pixels) at which the chart reads well for `platforms` platforms at `width`.
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
            (f64::from(width) * 0.62).clamp(220.0, 460.0).max(labels)
        }
        ChartKind::CostByPlatform => platforms.max(1) as f64 * f * 2.6 + axis,
    };
    clamp_u32(height, 160, 1200)
}

fn clamp_u32(value: f64, lo: u32, hi: u32) -> u32 {
    scale::clamp(value, f64::from(lo), f64::from(hi)).round() as u32
}

/// The chart as an SVG document of `width` x `height`, with its title on top (and, for the
/// iceberg, a legend below), for downloads. Never fails: a drawing error leaves what was drawn.
pub fn render_svg(kind: ChartKind, input: &ChartInput, width: u32, height: u32) -> String {
    let mut buffer = String::new();
    {
        let root = SVGBackend::with_string(&mut buffer, (width, height)).into_drawing_area();
        let _ = draw_export(kind, &root, input);
        let _ = root.present();
    }
    scale_font_sizes(&buffer)
}

/// plotters' SVG backend writes `font-size` as the size / 1.24, while the canvas draws text at
/// the full size: scale the SVG's back so a download looks like the chart on the page.
fn scale_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(KEY) {
        let (head, tail) = rest.split_at(at + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(0);
        let (value, after) = tail.split_at(end);
        match value.parse::<f64>() {
            Ok(size) if size.is_finite() => {
                out.push_str(&format!("{}", (size * 1.24 * 10.0).round() / 10.0))
            }
            _ => out.push_str(value),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Title, chart and legend on one area.
fn draw_export<DB: DrawingBackend>(
    kind: ChartKind,
    root: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> Result<DrawReport, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&BACKGROUND)?;
    let (width, height) = root.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT + 40 {
        return draw(kind, root, input);
    }
    let look = Look::for_width(width);
    let title_height = (look.font * 2.4).round() as u32;
    let legend = if kind == ChartKind::Iceberg && input.count() > 1 {
        legend_layout(input, &look, width)
    } else {
        Vec::new()
    };
    let line_height = look.font * 1.7;
    let legend_lines = legend
        .iter()
        .map(|item| item.line)
        .max()
        .map_or(0, |l| l + 1);
    let legend_height = (legend_lines as f64 * line_height).round() as u32;
    let chart_height = height.saturating_sub(title_height + legend_height);
    if chart_height < MIN_HEIGHT {
        return draw(kind, root, input);
    }
    let (top, rest) = root.split_vertically(title_height);
    let (chart, bottom) = rest.split_vertically(chart_height);
    top.draw(&Text::new(
        kind.title().to_string(),
        (12, (title_height / 2) as i32),
        look.bold().pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    let report = draw(kind, &chart, input)?;
    for item in &legend {
        let y = (line_height * (item.line as f64 + 0.5)).round() as i32;
        let x = item.x.round() as i32;
        let half = (look.font * 0.4).round() as i32;
        if item.platform == input.baseline() {
            // The baseline has no bars: it is the line at 1x.
            bottom.draw(&Rectangle::new(
                [(x + half - 1, y - half - 2), (x + half + 1, y + half + 2)],
                scale::AXIS.filled(),
            ))?;
        } else {
            bottom.draw(&Rectangle::new(
                [(x, y - half), (x + 2 * half, y + half)],
                platform_colour(item.platform).filled(),
            ))?;
        }
        bottom.draw(&Text::new(
            item.text.clone(),
            (x + 2 * half + 5, y),
            look.text().pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(report)
}

struct LegendItem {
    platform: usize,
    text: String,
    x: f64,
    line: usize,
}

/// Legend entries flowed into lines across the width.
fn legend_layout(input: &ChartInput, look: &Look, width: u32) -> Vec<LegendItem> {
    let names = scale::display_names(&input.names(), if look.narrow { 20 } else { 32 });
    let mut items = Vec::new();
    let (mut x, mut line) = (12.0, 0);
    let right = f64::from(width) - 12.0;
    for (i, name) in names.into_iter().enumerate() {
        let text = if i == input.baseline() {
            format!("{name} (baseline, 1x)")
        } else {
            name
        };
        let item_width = look.font + 5.0 + look.text_width(&text) + 16.0;
        if x + item_width > right && x > 12.0 {
            line += 1;
            x = 12.0;
        }
        items.push(LegendItem {
            platform: i,
            text,
            x,
            line,
        });
        x += item_width;
    }
    items
}
