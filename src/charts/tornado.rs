//! Sensitivity ("tornado"): for the platform in focus, how far cost per million tokens moves
//! when each ranged input goes to its low and its high, the others held, widest effect on top;
//! a last bar shows every range at once. Linear dollars across, the value as a vertical line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::numbers::clamp;
use super::style::{Look, AXIS, BACKGROUND, GRID, MIN_HEIGHT, MIN_WIDTH, TEXT};
use super::{platform_colour, ChartInput};
use crate::format;

/// What the tornado draws: built by the page from its results.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tornado {
    /// 0-based index of the platform in focus (for its colour).
    pub platform: usize,
    pub name: String,
    /// Its cost per million tokens at the values.
    pub value: f64,
    /// One bar per ranged input, widest first.
    pub bars: Vec<TornadoBar>,
    /// Cost per million tokens over every range at once.
    pub span: Option<(f64, f64)>,
}

/// One input's bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TornadoBar {
    /// The input and its range, as the reader sees it ("Price $1.20-1.70 per GPU-hour").
    pub label: String,
    /// Cost with this input at its low end.
    pub at_low: f64,
    /// Cost with this input at its high end.
    pub at_high: f64,
}

/// What the chart says when no input carries a range.
pub const NO_RANGES: &str = "Give a price, throughput, power, utilisation, electricity price or \
     PUE a low and a high to see what moves the cost.";

const ALL_AT_ONCE: &str = "Every range at once";
const MARGIN_TOP: i32 = 8;
const MARGIN_RIGHT: i32 = 14;

/// The rows drawn: each bar, then every range at once.
fn rows(t: &Tornado) -> Vec<(String, f64, f64, bool)> {
    let mut rows: Vec<(String, f64, f64, bool)> = t
        .bars
        .iter()
        .filter(|b| b.at_low.is_finite() && b.at_high.is_finite())
        .map(|b| (b.label.clone(), b.at_low, b.at_high, false))
        .collect();
    if let Some((lo, hi)) = t.span.filter(|(lo, hi)| lo.is_finite() && hi.is_finite()) {
        rows.push((ALL_AT_ONCE.to_string(), lo, hi, true));
    }
    rows
}

/// Ticks at 1, 2 or 5 x 10^n across [lo, hi], at most `max` of them.
fn linear_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || max == 0 {
        return Vec::new();
    }
    let raw = span / max as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= max as f64)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).take(50).map(|k| k as f64 * step).collect()
}

/// The dollar axis: the values with room either side for the end labels.
fn axis_span(rows: &[(String, f64, f64, bool)], value: f64) -> (f64, f64) {
    let mut lo = value;
    let mut hi = value;
    for (_, a, b, _) in rows {
        lo = lo.min(*a).min(*b);
        hi = hi.max(*a).max(*b);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.22
    } else {
        value.abs() * 0.1 + 1e-9
    };
    ((lo - pad).max(0.0), hi + pad)
}

/// Draw the tornado over the whole `area`.
pub fn draw_tornado<DB: DrawingBackend>(
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
    let text = look.text();
    let Some(t) = input.data.tornado.as_ref() else {
        return Ok(());
    };
    let rows = rows(t);
    if rows.is_empty() || !t.value.is_finite() {
        let words: Vec<&str> = NO_RANGES.split(' ').collect();
        let per_line = ((f64::from(width) - 24.0) / (font * 0.55)).max(10.0) as usize;
        let mut line = String::new();
        let mut y = 24;
        for word in words {
            if line.len() + word.len() + 1 > per_line && !line.is_empty() {
                area.draw(&Text::new(line.clone(), (12, y), look.muted()))?;
                line.clear();
                y += (font * 1.5) as i32;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        area.draw(&Text::new(line, (12, y), look.muted()))?;
        return Ok(());
    }

    // Narrow: each input's name on its own line above its bar, so the bars get the width and
    // no name is cut; the left margin holds only the low ends' values. Wide: names at the left.
    let stacked = look.narrow;
    let usd = |v: f64| format!("${}", format::number(v));
    let left = if stacked {
        let low_px = rows
            .iter()
            .map(|(_, a, b, _)| look.text_width(&usd(a.min(*b))))
            .fold(0.0, f64::max);
        (low_px + 16.0).ceil() as i32
    } else {
        let label_px = rows
            .iter()
            .map(|(l, ..)| look.text_width(l))
            .fold(0.0, f64::max);
        ((label_px + 16.0).ceil() as i32).min(width as i32 * 2 / 5)
    };
    let right = width as i32 - MARGIN_RIGHT;
    let bottom = height as i32 - look.x_label_area() as i32;
    let top = MARGIN_TOP;
    let (lo, hi) = axis_span(&rows, t.value);
    let x_of = |v: f64| {
        let t = clamp((v - lo) / (hi - lo), 0.0, 1.0);
        left + (t * f64::from(right - left)).round() as i32
    };
    let max_ticks = ((right - left) / if look.narrow { 60 } else { 80 }).max(2) as usize;
    let ticks = linear_ticks(lo, hi, max_ticks);
    let centre = Pos::new(HPos::Center, VPos::Top);
    for tick in &ticks {
        let x = x_of(*tick);
        area.draw(&PathElement::new(vec![(x, top), (x, bottom)], GRID))?;
        area.draw(&Text::new(
            format::number(*tick),
            (x, bottom + 6),
            look.muted().pos(centre),
        ))?;
    }
    area.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        AXIS,
    ))?;
    let title = if look.narrow {
        "US$ per million tokens"
    } else {
        "US$ per million tokens (the line: the value)"
    };
    area.draw(&Text::new(
        title,
        ((left + right) / 2, bottom + 8 + (font * 1.4) as i32),
        look.muted().pos(centre),
    ))?;

    let most = if stacked { font * 3.8 } else { font * 2.8 };
    let pitch = (f64::from(bottom - top) / rows.len() as f64).min(most);
    let name_line = if stacked { font * 1.3 } else { 0.0 };
    let thickness = ((pitch - name_line) * 0.6).max(2.0);
    let colour = platform_colour(t.platform);
    let right_text = text.pos(Pos::new(HPos::Right, VPos::Center));
    let left_text = text.pos(Pos::new(HPos::Left, VPos::Center));
    for (row, (label, a, b, all)) in rows.iter().enumerate() {
        let row_top = f64::from(top) + pitch * row as f64;
        let y = row_top + name_line + (pitch - name_line) * 0.5;
        let (y0, y1) = (
            (y - thickness / 2.0).round() as i32,
            (y + thickness / 2.0).round() as i32,
        );
        let (low, high) = (a.min(*b), a.max(*b));
        let (x0, x1) = (x_of(low), x_of(high).max(x_of(low) + 2));
        if *all {
            area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                TEXT.mix(0.15).filled(),
            ))?;
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], TEXT.stroke_width(2)))?;
        } else {
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
        }
        let yc = y.round() as i32;
        if stacked {
            let name_top = text.pos(Pos::new(HPos::Left, VPos::Top));
            area.draw(&Text::new(
                label.as_str(),
                (12, row_top.round() as i32),
                name_top,
            ))?;
        } else {
            area.draw(&Text::new(
                label.as_str(),
                (left - 8, yc),
                right_text.clone(),
            ))?;
        }
        area.draw(&Text::new(usd(low), (x0 - 4, yc), right_text.clone()))?;
        area.draw(&Text::new(usd(high), (x1 + 4, yc), left_text.clone()))?;
    }
    let x = x_of(t.value);
    area.draw(&PathElement::new(
        vec![(x, top), (x, bottom)],
        TEXT.stroke_width(2),
    ))?;
    Ok(())
}

/// The tornado in words.
pub fn tornado_summary(input: &ChartInput) -> String {
    let Some(t) = input.data.tornado.as_ref() else {
        return NO_RANGES.to_string();
    };
    let rows = rows(t);
    if rows.is_empty() || !t.value.is_finite() {
        return NO_RANGES.to_string();
    }
    let usd = |v: f64| format!("${}", format::number(v));
    let parts: Vec<String> = rows
        .iter()
        .map(|(label, a, b, all)| {
            if *all {
                format!(
                    "every range at once, {} to {}",
                    usd(a.min(*b)),
                    usd(a.max(*b))
                )
            } else {
                format!("{label}, {} to {}", usd(*a), usd(*b))
            }
        })
        .collect();
    format!(
        "What moves the cost per million tokens of {} ({}), widest first: {}.",
        t.name,
        usd(t.value),
        parts.join("; ")
    )
}

/// A height for `bars` bars (and the all-at-once bar) at a chart width.
pub(crate) fn height(bars: usize, look: &Look) -> f64 {
    if bars == 0 {
        return 120.0;
    }
    let pitch = if look.narrow { 3.8 } else { 2.8 };
    (bars + 1) as f64 * look.font * pitch + f64::from(look.x_label_area()) + 16.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(linear_ticks(3.0, 6.0, 4), vec![3.0, 4.0, 5.0, 6.0]);
        assert_eq!(linear_ticks(0.0, 10.0, 3), vec![0.0, 5.0, 10.0]);
        assert!(linear_ticks(1.0, 1.0, 3).is_empty());
    }
}
