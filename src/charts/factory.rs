//! The token factory: the page's site power budget filled with each platform in turn, one
//! horizontal bar per platform of the tokens it delivers per day, on a log axis (the spread is
//! often 50x or more). Each bar is labelled with its tokens per day and GPU count and, when the
//! page has a price, the yearly margin, which a loss states in words ("loss $34.0M/yr"): the
//! bars are always tokens, never money, so nothing is drawn negative.
//!
//! Wide charts put the names in a column on the left, like the cost-by-platform bars; narrow
//! ones put each name and value on a line above its bar, so the bars keep their width.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{bar_axis_span, draw_log_bar_axis, log_ticks, tick_label, LogBarAxis};
use super::labels::display_names;
use super::numbers::{clamp, finite_positive};
use super::style::{Look, BACKGROUND, MIN_HEIGHT, MIN_WIDTH};
use super::{bar_span, draw_platform_bar, ChartInput};
use crate::format;
use crate::model::cost::Factory;

const MARGIN_TOP: u32 = 8;
const MARGIN_RIGHT: u32 = 14;
/// Tokens per day are clamped into 10^-6 .. 10^30 before they reach the axis (valid inputs
/// stay within about 10^-1 .. 10^22).
const EXPONENT_LIMITS: (f64, f64) = (-6.0, 30.0);

/// Row pitch in fonts: names beside the bars (wide) or on a line above them (narrow).
pub(crate) const WIDE_PITCH: f64 = 2.6;
pub(crate) const NARROW_PITCH: f64 = 3.4;

/// A platform's bar.
struct Row {
    platform: usize,
    /// Base-10 log of tokens per day, clamped; None when there is no bar to draw.
    exponent: Option<f64>,
    /// "24.7T tokens/day (47.6K GPUs)", or why there is no bar.
    label: String,
    /// "margin $1.20B/yr" or "loss $34.0M/yr", with a price.
    margin: Option<String>,
}

/// The site's power for titles and sentences: `100`, `2.5`, `0.001`, `1,500`.
pub(crate) fn site_mw_text(site_mw: f64) -> Option<String> {
    let mw = finite_positive(site_mw)?;
    Some(if mw >= 1000.0 {
        format::count_for_sentence(mw)
    } else {
        format::input_value(mw)
    })
}

/// Money for a label: `$1.20B`, `$34.0M`, `$0` (the sign is said in words).
fn usd_short(value: f64) -> String {
    format!("${}", format::number(value.abs()))
}

/// "margin $1.20B/yr" or "loss $34.0M/yr"; None without a (finite) margin.
fn margin_label(factory: &Factory) -> Option<String> {
    let margin = factory.margin_per_year.filter(|m| m.is_finite())?;
    let word = if margin < 0.0 { "loss" } else { "margin" };
    Some(format!("{word} {}/yr", usd_short(margin)))
}

fn factory_of<'a>(input: &ChartInput<'a>, index: usize) -> Option<&'a Factory> {
    input.factory(index)
}

fn rows(input: &ChartInput) -> Vec<Row> {
    let priced = input.data.price_mtok.is_some();
    let site = site_mw_text(input.data.site_mw);
    (0..input.count())
        .map(|i| {
            let factory = factory_of(input, i);
            let tokens = factory.and_then(|f| finite_positive(f.tokens_per_day));
            let gpus = factory.map_or(0.0, |f| f.gpus);
            let label = match (tokens, finite_positive(gpus)) {
                (Some(t), Some(g)) => format!(
                    "{} tokens/day ({} GPU{})",
                    format::number(t),
                    format::number(g),
                    if g == 1.0 { "" } else { "s" }
                ),
                (None, None) => match &site {
                    Some(mw) => format!("no GPU fits in {mw} MW"),
                    None => "no GPU fits in the site".to_string(),
                },
                _ => "no tokens".to_string(),
            };
            Row {
                platform: i,
                exponent: tokens.map(|t| clamp(t.log10(), EXPONENT_LIMITS.0, EXPONENT_LIMITS.1)),
                label,
                margin: if priced {
                    factory.and_then(margin_label)
                } else {
                    None
                },
            }
        })
        .collect()
}

/// The x axis title.
fn axis_title(site_mw: f64, narrow: bool) -> String {
    match (site_mw_text(site_mw), narrow) {
        (Some(mw), false) => format!("Tokens per day from a {mw} MW site (log scale)"),
        (Some(mw), true) => format!("Tokens/day from a {mw} MW site (log)"),
        (None, false) => "Tokens per day from the site (log scale)".to_string(),
        (None, true) => "Tokens/day from the site (log)".to_string(),
    }
}

/// Draw the token-factory bars over the whole `area`.
pub fn draw_factory<DB: DrawingBackend>(
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
    let stacked = look.narrow;
    let rows = rows(input);
    let count = rows.len().max(1) as f64;
    let x_area = look.x_label_area();
    let plot_height = f64::from(height.saturating_sub(MARGIN_TOP + x_area));
    let (pitch, thickness, labels_fit) = if stacked {
        let pitch = (plot_height / count).min(font * NARROW_PITCH);
        let bar = clamp((pitch - font * 1.8) * 0.8, 1.0, font * 1.2);
        (pitch, bar, pitch >= font * 2.6)
    } else {
        let pitch = (plot_height / count).min(font * 2.8);
        (
            pitch,
            clamp(pitch * 0.62, 1.0, font * 1.7),
            pitch >= font + 1.0,
        )
    };

    let max_chars = if stacked { 16 } else { 28 };
    let names = display_names(&input.names(), max_chars);
    // Wide: names in a column on the left, as wide as they need up to 40% of the chart.
    let y_area = if labels_fit && !stacked {
        let name_px = names.iter().map(|n| look.text_width(n)).fold(0.0, f64::max);
        ((name_px + 14.0).ceil() as u32).min(width / 5 * 2)
    } else if stacked {
        // Room for half the first tick label.
        (font * 1.8).round() as u32
    } else {
        8
    };
    // What follows a bar on its right: everything (wide) or the margin (narrow).
    let right_labels: Vec<String> = rows
        .iter()
        .map(|r| match (stacked, &r.margin) {
            (true, Some(m)) => m.clone(),
            (true, None) => String::new(),
            (false, Some(m)) => format!("{}, {m}", r.label),
            (false, None) => r.label.clone(),
        })
        .collect();

    let plot_width = f64::from(width.saturating_sub(y_area + MARGIN_RIGHT));
    let label_px = if labels_fit {
        right_labels
            .iter()
            .map(|l| look.text_width(l))
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

    let tick_format = |v: &f64| tick_label(*v);
    let title = axis_title(input.data.site_mw, look.narrow);
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
            title: &title,
            tick_format: &tick_format,
        },
    )?;
    let frame = &plot.frame;
    let x_of = |exponent: f64| plot.x_of(exponent);
    let text = look.text();
    let left = text.pos(Pos::new(HPos::Left, VPos::Center));
    let right = text.pos(Pos::new(HPos::Right, VPos::Center));
    for (row_index, row) in rows.iter().enumerate() {
        let top = f64::from(frame.top) + pitch * row_index as f64;
        let centre = if stacked {
            top + font * 1.75 + thickness * 0.5
        } else {
            top + pitch * 0.5
        };
        let at = centre.round() as i32;
        let name = names.get(row.platform).map_or("", String::as_str);
        if labels_fit {
            if stacked {
                // The name and the value on a line above the bar (one text: estimated widths
                // could leave a gap between two, or make them overlap).
                let line = (top + font * 0.85).round() as i32;
                area.draw(&Text::new(
                    format!("{name}: {}", row.label),
                    (frame.left, line),
                    left.clone(),
                ))?;
            } else {
                area.draw(&Text::new(name, (frame.left - 7, at), right.clone()))?;
            }
        }
        let right_label = right_labels.get(row_index).map_or("", String::as_str);
        let Some(exponent) = row.exponent else {
            if labels_fit && !right_label.is_empty() {
                area.draw(&Text::new(right_label, (frame.left + 5, at), left.clone()))?;
            }
            continue;
        };
        let (y0, y1) = bar_span(centre, thickness);
        let x0 = frame.left;
        let x1 = x_of(exponent).max(x0 + 2);
        draw_platform_bar(area, row.platform, (x0, x1), (y0, y1))?;
        if labels_fit && !right_label.is_empty() {
            area.draw(&Text::new(right_label, (x1 + 6, at), left.clone()))?;
        }
    }
    Ok(())
}

/// A height (CSS pixels) at which every bar of `platforms` carries its label.
pub(crate) fn height(platforms: usize, look: &Look) -> f64 {
    let pitch = if look.narrow {
        NARROW_PITCH
    } else {
        WIDE_PITCH
    };
    platforms.max(1) as f64 * look.font * pitch + f64::from(look.x_label_area() + MARGIN_TOP) + 8.0
}

/// The token-factory chart in words.
pub fn factory_summary(input: &ChartInput) -> String {
    let names = display_names(&input.names(), usize::MAX);
    let settings = input.data;
    let site = site_mw_text(settings.site_mw)
        .map_or_else(|| "the site".to_string(), |mw| format!("a {mw} MW site"));
    let mut out =
        format!("Tokens per day from {site} filled with each platform's GPUs, on a log scale");
    let priced = settings.price_mtok.filter(|p| p.is_finite());
    if let Some(price) = priced {
        out.push_str(&format!(
            ", with the yearly margin at {} per million tokens",
            format::usd_for_sentence(price)
        ));
    }
    out.push(':');
    if input.count() == 0 {
        out.push_str(" no platforms.");
        return out;
    }
    let parts: Vec<String> = (0..input.count())
        .map(|i| {
            let name = names.get(i).map_or("A platform", String::as_str);
            let Some(f) = factory_of(input, i) else {
                return format!("{name}: no result");
            };
            if f.tokens_per_day.is_nan() {
                return format!("{name}: no throughput");
            }
            let (Some(tokens), Some(gpus)) =
                (finite_positive(f.tokens_per_day), finite_positive(f.gpus))
            else {
                return format!("{name}: no GPU fits");
            };
            let mut part = format!(
                "{name} {} tokens a day from {} GPUs",
                format::number(tokens),
                format::count_for_sentence(gpus)
            );
            if priced.is_some() {
                if let Some(margin) = f.margin_per_year.filter(|m| m.is_finite()) {
                    let word = if margin < 0.0 { "a loss" } else { "a margin" };
                    part.push_str(&format!(" at {word} of {} a year", usd_short(margin)));
                }
            }
            part
        })
        .collect();
    out.push(' ');
    out.push_str(&parts.join("; "));
    out.push('.');
    // The spread, the point of the chart: most against fewest tokens from the same power.
    let made: Vec<(usize, f64)> = (0..input.count())
        .filter_map(|i| Some((i, finite_positive(factory_of(input, i)?.tokens_per_day)?)))
        .collect();
    let most = made.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
    let fewest = made.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some((m, most_tokens)), Some((f, fewest_tokens))) = (most, fewest) {
        let ratio = most_tokens / fewest_tokens;
        if m != f && ratio.is_finite() && ratio >= 1.005 {
            let most_name = names.get(m).map_or("One platform", String::as_str);
            let fewest_name = names.get(f).map_or("another", String::as_str);
            out.push_str(&format!(
                " From the same power, {most_name} makes {}x as many tokens as {fewest_name}.",
                format::number(ratio)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_read_as_words() {
        let factory = |margin| Factory {
            gpus: 1.0,
            tokens_per_day: 1.0,
            tokens_per_year: 1.0,
            cost_per_year: 1.0,
            tokens_per_usd: None,
            revenue_per_year: Some(1.0),
            margin_per_year: margin,
            margin_pct: None,
        };
        assert_eq!(
            margin_label(&factory(Some(1.2e9))).as_deref(),
            Some("margin $1.20B/yr")
        );
        assert_eq!(
            margin_label(&factory(Some(-3.4e7))).as_deref(),
            Some("loss $34.0M/yr")
        );
        assert_eq!(
            margin_label(&factory(Some(0.0))).as_deref(),
            Some("margin $0/yr")
        );
        assert_eq!(margin_label(&factory(Some(f64::NAN))), None);
        assert_eq!(margin_label(&factory(None)), None);
    }

    #[test]
    fn site_power_reads_plainly() {
        assert_eq!(site_mw_text(100.0).as_deref(), Some("100"));
        assert_eq!(site_mw_text(2.5).as_deref(), Some("2.5"));
        assert_eq!(site_mw_text(0.001).as_deref(), Some("0.001"));
        assert_eq!(site_mw_text(100_000.0).as_deref(), Some("100,000"));
        assert_eq!(site_mw_text(f64::NAN), None);
        assert_eq!(
            axis_title(100.0, false),
            "Tokens per day from a 100 MW site (log scale)"
        );
    }
}
