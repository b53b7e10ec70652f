//! One plotters backend for the browser's canvas and for SVG downloads, so the chart code is
//! compiled once into the wasm (wasm32 only: the canvas backend needs a browser).

use plotters::prelude::SVGBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use plotters_canvas::CanvasBackend;
use web_sys::CanvasRenderingContext2d;

/// One backend type for the canvas and for SVG downloads, so the chart code is compiled once
/// into the wasm rather than once per backend (about 9 KB of brotli).
pub enum ChartBackend<'a> {
    /// plotters' canvas backend reports the backing store's size; this reports the CSS size,
    /// so a chart lays out in CSS pixels on a context scaled by devicePixelRatio.
    Canvas {
        inner: CanvasBackend,
        css_size: (u32, u32),
        /// The same context `inner` draws on: text is drawn here, not by `inner`, so that the
        /// font is set only when it changes (Chromium parses the font on every assignment, a
        /// large share of a redraw's time).
        text: CanvasText,
    },
    Svg(SVGBackend<'a>),
}

/// A canvas context and the text state last given to it.
pub struct CanvasText {
    context: CanvasRenderingContext2d,
    font: String,
    baseline: &'static str,
    align: &'static str,
}

impl CanvasText {
    pub fn new(context: CanvasRenderingContext2d) -> Self {
        CanvasText {
            context,
            font: String::new(),
            baseline: "",
            align: "",
        }
    }

    /// What plotters' canvas backend draws, with the font, baseline and alignment set only
    /// when they differ from the last ones.
    fn draw<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) {
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
        let context = &self.context;
        let rotated = degrees != 0.0;
        // A rotation is undone by `restore`, which also restores the text state saved with it.
        let saved = rotated.then(|| (self.font.clone(), self.baseline, self.align));
        let (x, y) = if rotated {
            context.save();
            context.translate(f64::from(x), f64::from(y)).ok();
            context.rotate(degrees.to_radians()).ok();
            (0.0, 0.0)
        } else {
            (f64::from(x), f64::from(y))
        };
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if baseline != self.baseline {
            context.set_text_baseline(baseline);
            self.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if align != self.align {
            context.set_text_align(align);
            self.align = align;
        }
        let (r, g, b) = color.rgb;
        context.set_fill_style_str(&format!("rgba({r},{g},{b},{})", color.alpha));
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        if font != self.font {
            context.set_font(&font);
            self.font = font;
        }
        context.fill_text(text, x, y).ok();
        if let Some((font, baseline, align)) = saved {
            context.restore();
            (self.font, self.baseline, self.align) = (font, baseline, align);
        }
    }
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

/// Forward a call to whichever backend this is.
macro_rules! forward {
    ($self:ident, $backend:ident => $call:expr) => {
        match $self {
            ChartBackend::Canvas {
                inner: $backend, ..
            } => $call.map_err(cast),
            ChartBackend::Svg($backend) => $call.map_err(cast),
        }
    };
}

impl DrawingBackend for ChartBackend<'_> {
    type ErrorType = ChartError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            ChartBackend::Canvas { css_size, .. } => *css_size,
            ChartBackend::Svg(svg) => svg.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.ensure_prepared())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.present())
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_path(path, style))
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.draw_circle(center, radius, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        forward!(self, b => b.fill_polygon(vert, style))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<ChartError>> {
        match self {
            ChartBackend::Canvas { text: canvas, .. } => {
                canvas.draw(text, style, pos);
                Ok(())
            }
            ChartBackend::Svg(svg) => svg.draw_text(text, style, pos).map_err(cast),
        }
    }
}
