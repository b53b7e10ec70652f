//! Text on the charts: point labels moved apart to stay readable, estimated text widths, and
//! platform names shortened for their place.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

use super::numbers::clamp;
use super::style::{Look, MUTED};

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
    crate::model::order::sort_by(&mut order, |a, b| {
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
