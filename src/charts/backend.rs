//! One plotters backend for the browser's canvas and for SVG downloads, so the chart code is
//! compiled once into the wasm (wasm32 only: the canvas backend needs a browser).

use super::svg::Svg;
use crate::format;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use web_sys::CanvasRenderingContext2d;

/// One backend type for the canvas and for SVG downloads, so the chart code is compiled once
/// into the wasm rather than once per backend (about 9 KB of brotli).
pub enum ChartBackend<'a> {
    /// Draws on a canvas context scaled by devicePixelRatio and reports the CSS size, so a chart
    /// lays out in CSS pixels.
    Canvas {
        canvas: Canvas,
        css_size: (u32, u32),
    },
    Svg(Svg<'a>),
}

/// A canvas context and the drawing state last given to it. What plotters-canvas draws, with
/// each colour, line width, font, baseline and alignment set only when it differs from the last:
/// Chromium parses a colour or a font string on every assignment, and a redraw made hundreds
/// of them (a grid line each set its colour and width).
pub struct Canvas {
    context: CanvasRenderingContext2d,
    state: CanvasState,
}

/// What the context was last given; `None` (or empty) until set, so the first use sets it.
#[derive(Clone, Default)]
struct CanvasState {
    fill: Option<Rgba>,
    stroke: Option<Rgba>,
    line_width: Option<u32>,
    /// Weight, size in pixels and family of the last font.
    font: Option<(String, f64, String)>,
    baseline: &'static str,
    align: &'static str,
}

/// A colour as compared for the cache (BackendColor has no `==`).
#[derive(Clone, Copy, PartialEq)]
struct Rgba((u8, u8, u8), f64);

impl Rgba {
    fn of(color: BackendColor) -> Self {
        Rgba(color.rgb, color.alpha)
    }
    fn css(self) -> String {
        let Rgba((r, g, b), a) = self;
        format!("rgba({r},{g},{b},{})", format::plain(a))
    }
}

impl Canvas {
    pub fn new(context: CanvasRenderingContext2d) -> Self {
        Canvas {
            context,
            state: CanvasState::default(),
        }
    }

    fn fill_with(&mut self, color: BackendColor) {
        let rgba = Rgba::of(color);
        if self.state.fill != Some(rgba) {
            self.context.set_fill_style_str(&rgba.css());
            self.state.fill = Some(rgba);
        }
    }

    fn stroke_with(&mut self, style: &impl BackendStyle) {
        let rgba = Rgba::of(style.color());
        if self.state.stroke != Some(rgba) {
            self.context.set_stroke_style_str(&rgba.css());
            self.state.stroke = Some(rgba);
        }
        let width = style.stroke_width();
        if self.state.line_width != Some(width) {
            self.context.set_line_width(f64::from(width));
            self.state.line_width = Some(width);
        }
    }

    fn pixel(&mut self, (x, y): BackendCoord, color: BackendColor) {
        if color.alpha == 0.0 {
            return;
        }
        self.fill_with(color);
        self.context.fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
    }

    fn line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) {
        if style.color().alpha == 0.0 {
            return;
        }
        let (from, to) = crisp_line(from, to);
        self.stroke_with(style);
        self.context.begin_path();
        self.context.move_to(from.0, from.1);
        self.context.line_to(to.0, to.1);
        self.context.stroke();
    }

    fn rect<S: BackendStyle>(
        &mut self,
        (left, top): BackendCoord,
        (right, bottom): BackendCoord,
        style: &S,
        fill: bool,
    ) {
        if style.color().alpha == 0.0 {
            return;
        }
        let (x, y) = (f64::from(left), f64::from(top));
        let (w, h) = (f64::from(right - left), f64::from(bottom - top));
        if fill {
            self.fill_with(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.stroke_with(style);
            self.context.stroke_rect(x, y, w, h);
        }
    }

    /// A path through the points, stroked, or closed and filled.
    fn path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        points: I,
        style: &S,
        fill: bool,
    ) {
        if style.color().alpha == 0.0 {
            return;
        }
        let mut points = points.into_iter();
        self.context.begin_path();
        if let Some((x, y)) = points.next() {
            if fill {
                self.fill_with(style.color());
            } else {
                self.stroke_with(style);
            }
            self.context.move_to(f64::from(x), f64::from(y));
            for (x, y) in points {
                self.context.line_to(f64::from(x), f64::from(y));
            }
            if fill {
                self.context.close_path();
            }
        }
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
    }

    fn circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) {
        if style.color().alpha == 0.0 {
            return;
        }
        if fill {
            self.fill_with(style.color());
        } else {
            self.stroke_with(style);
        }
        self.context.begin_path();
        self.context
            .arc(
                f64::from(x),
                f64::from(y),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .ok();
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
    }

    fn text<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) {
        let color = style.color();
        if color.alpha == 0.0 {
            return;
        }
        let degrees: f64 = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        let rotated = degrees != 0.0;
        // A rotation is undone by `restore`, which also restores the state saved with it.
        let saved = rotated.then(|| self.state.clone());
        let (x, y) = if rotated {
            self.context.save();
            self.context.translate(f64::from(x), f64::from(y)).ok();
            self.context.rotate(degrees.to_radians()).ok();
            (0.0, 0.0)
        } else {
            (f64::from(x), f64::from(y))
        };
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if baseline != self.state.baseline {
            self.context.set_text_baseline(baseline);
            self.state.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if align != self.state.align {
            self.context.set_text_align(align);
            self.state.align = align;
        }
        self.fill_with(color);
        // Compared by its parts, so the CSS font string is made only when the font changes.
        let (weight, size, family) = (style.style(), style.size(), style.family());
        let same_font =
            self.state.font.as_ref().is_some_and(|(w, z, f)| {
                w == weight.as_str() && *z == size && f == family.as_str()
            });
        if !same_font {
            let (weight, family) = (weight.as_str(), family.as_str());
            self.context
                .set_font(&format!("{weight} {}px {family}", format::plain(size)));
            self.state.font = Some((weight.to_owned(), size, family.to_owned()));
        }
        self.context.fill_text(text, x, y).ok();
        if let Some(state) = saved {
            self.context.restore();
            self.state = state;
        }
    }
}

/// Horizontal and vertical lines moved by half a pixel onto the pixel grid, so a 1 px line is
/// not blurred across two (as plotters-canvas does).
fn crisp_line(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let mut from = (f64::from(from.0), f64::from(from.1));
    let mut to = (f64::from(to.0), f64::from(to.1));
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

/// A drawing error of either backend, as text.
#[derive(Debug)]
pub struct ChartError(String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ChartError {}

fn cast<E: std::error::Error + Send + Sync>(
    error: DrawingErrorKind<E>,
) -> DrawingErrorKind<ChartError> {
    match error {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(ChartError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// A call to the canvas (which cannot fail: a context call that throws draws nothing) or to
/// the SVG backend.
macro_rules! either {
    ($self:ident, $canvas:ident => $on_canvas:expr, $svg:ident => $on_svg:expr) => {
        match $self {
            ChartBackend::Canvas {
                canvas: $canvas, ..
            } => {
                $on_canvas;
                Ok(())
            }
            ChartBackend::Svg($svg) => $on_svg.map_err(cast),
        }
    };
}

impl DrawingBackend for ChartBackend<'_> {
    type ErrorType = ChartError;

    /// The charts' own estimate for both: plotters' default builds and measures a DOM element
    /// per call.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<ChartError>> {
        Ok(super::svg::text_size(text, style.size()))
    }

    fn get_size(&self) -> (u32, u32) {
        match self {
            ChartBackend::Canvas { css_size, .. } => *css_size,
            ChartBackend::Svg(svg) => svg.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        match self {
            ChartBackend::Canvas { .. } => Ok(()),
            ChartBackend::Svg(svg) => svg.ensure_prepared().map_err(cast),
        }
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        match self {
            ChartBackend::Canvas { .. } => Ok(()),
            ChartBackend::Svg(svg) => svg.present().map_err(cast),
        }
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self, canvas => canvas.pixel(point, color), svg => svg.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self, canvas => canvas.line(from, to, style), svg => svg.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self,
            canvas => canvas.rect(upper_left, bottom_right, style, fill),
            svg => svg.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self, canvas => canvas.path(path, style, false), svg => svg.draw_path(path, style))
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self,
            canvas => canvas.circle(center, radius, style, fill),
            svg => svg.draw_circle(center, radius, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self, canvas => canvas.path(vert, style, true), svg => svg.fill_polygon(vert, style))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        either!(self, canvas => canvas.text(text, style, pos), svg => svg.draw_text(text, style, pos))
    }
}
