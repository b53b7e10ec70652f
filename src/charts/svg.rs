//! The charts as SVG text (downloads, and the native tests), drawn by the same chart code as
//! the canvas. The elements and attributes are those plotters' SVG backend writes, with two
//! differences: text is written at the size the canvas draws it (plotters writes the size /
//! 1.24), and numbers are written by `format::plain`, so the wasm carries no float formatting.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::convert::Infallible;

use crate::format;

/// An SVG document written into a string; `present` (or dropping it) closes the document.
pub struct Svg<'a> {
    buffer: &'a mut String,
    size: (u32, u32),
    closed: bool,
}

impl<'a> Svg<'a> {
    pub fn new(buffer: &'a mut String, (width, height): (u32, u32)) -> Self {
        buffer.push_str(&format!(
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
             xmlns=\"http://www.w3.org/2000/svg\">\n"
        ));
        Svg {
            buffer,
            size: (width, height),
            closed: false,
        }
    }

    /// One element: `<name a="v" .../>`, or with `text` as its content.
    fn element(&mut self, name: &str, attributes: &[(&str, &str)], text: Option<&str>) {
        let out = &mut *self.buffer;
        out.push('<');
        out.push_str(name);
        for (key, value) in attributes {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            escape_into(out, value);
            out.push('"');
        }
        match text {
            Some(text) => {
                out.push_str(">\n");
                escape_into(out, text);
                out.push_str("\n</");
                out.push_str(name);
                out.push_str(">\n");
            }
            None => out.push_str("/>\n"),
        }
    }
}

impl Drop for Svg<'_> {
    fn drop(&mut self) {
        let _ = self.present();
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
}

/// Width and height in pixels of `text` at `font` pixels, by the charts' own estimate. plotters'
/// default measures a DOM element per call in the browser (and formats the font size for it).
pub(crate) fn text_size(text: &str, font: f64) -> (u32, u32) {
    let width = super::style::text_width(text, font).ceil();
    (width as u32, font.ceil() as u32)
}

fn color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The `fill` and `stroke` of a shape drawn filled or outlined in `paint`.
fn fill_and_stroke(paint: BackendColor, fill: bool) -> (String, String) {
    if fill {
        (color(paint), "none".to_string())
    } else {
        ("none".to_string(), color(paint))
    }
}

fn points(path: impl IntoIterator<Item = BackendCoord>) -> String {
    path.into_iter().map(|(x, y)| format!("{x},{y} ")).collect()
}

impl DrawingBackend for Svg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    /// The charts' own estimate (`style::text_width`), as on the canvas.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok(text_size(text, style.size()))
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        if !self.closed {
            self.buffer.push_str("</svg>\n");
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        fill: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if fill.alpha == 0.0 {
            return Ok(());
        }
        let attributes = [
            ("x", &*x.to_string()),
            ("y", &y.to_string()),
            ("width", "1"),
            ("height", "1"),
            ("stroke", "none"),
            ("opacity", &format::plain(fill.alpha)),
            ("fill", &color(fill)),
        ];
        self.element("rect", &attributes, None);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let stroke = style.color();
        if stroke.alpha == 0.0 {
            return Ok(());
        }
        let attributes = [
            ("opacity", &*format::plain(stroke.alpha)),
            ("stroke", &color(stroke)),
            ("stroke-width", &style.stroke_width().to_string()),
            ("x1", &from.0.to_string()),
            ("y1", &from.1.to_string()),
            ("x2", &to.0.to_string()),
            ("y2", &to.1.to_string()),
        ];
        self.element("line", &attributes, None);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (left, top): BackendCoord,
        (right, bottom): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let paint = style.color();
        if paint.alpha == 0.0 {
            return Ok(());
        }
        let (fill, stroke) = fill_and_stroke(paint, fill);
        let attributes = [
            ("x", &*left.to_string()),
            ("y", &top.to_string()),
            ("width", &(right - left).to_string()),
            ("height", &(bottom - top).to_string()),
            ("opacity", &format::plain(paint.alpha)),
            ("fill", &fill),
            ("stroke", &stroke),
        ];
        self.element("rect", &attributes, None);
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let stroke = style.color();
        if stroke.alpha == 0.0 {
            return Ok(());
        }
        let attributes = [
            ("fill", "none"),
            ("opacity", &format::plain(stroke.alpha)),
            ("stroke", &color(stroke)),
            ("stroke-width", &style.stroke_width().to_string()),
            ("points", &points(path)),
        ];
        self.element("polyline", &attributes, None);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let fill = style.color();
        if fill.alpha == 0.0 {
            return Ok(());
        }
        let attributes = [
            ("opacity", &*format::plain(fill.alpha)),
            ("fill", &color(fill)),
            ("points", &points(path)),
        ];
        self.element("polygon", &attributes, None);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let paint = style.color();
        if paint.alpha == 0.0 {
            return Ok(());
        }
        let (fill, stroke) = fill_and_stroke(paint, fill);
        let attributes = [
            ("cx", &*x.to_string()),
            ("cy", &y.to_string()),
            ("r", &radius.to_string()),
            ("opacity", &format::plain(paint.alpha)),
            ("fill", &fill),
            ("stroke", &stroke),
            ("stroke-width", &style.stroke_width().to_string()),
        ];
        self.element("circle", &attributes, None);
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let paint = style.color();
        if paint.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let (x, y) = (x.to_string(), y.to_string());
        let family = style.family();
        let size = format::plain(style.size());
        let opacity = format::plain(paint.alpha);
        let fill = color(paint);
        let mut attributes = vec![
            ("x", x.as_str()),
            ("y", &y),
            ("dy", dy),
            ("text-anchor", anchor),
            ("font-family", family.as_str()),
            ("font-size", &size),
            ("opacity", &opacity),
            ("fill", &fill),
        ];
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => attributes.push(("font-weight", "bold")),
            FontStyle::Italic => attributes.push(("font-style", "italic")),
            FontStyle::Oblique => attributes.push(("font-style", "oblique")),
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            FontTransform::None => None,
        };
        let rotation = degrees.map(|d| format!("rotate({d}, {x}, {y})"));
        if let Some(rotation) = &rotation {
            attributes.push(("transform", rotation));
        }
        self.element("text", &attributes, Some(text));
        Ok(())
    }
}
