//! The charts' look: colours, sizes that depend on the chart's width, and where a plot sits in
//! its drawing area.

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::{DrawingArea, DrawingBackend};
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

    /// Height of the x label area: tick labels plus the axis title (at least 40, or the title overlaps the tick labels).
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

/// Estimated width of a text in a sans-serif font: the average glyph is a little over half the
/// font size wide. Deliberately generous, so labels placed with it do not collide.
pub(crate) fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.6
}
