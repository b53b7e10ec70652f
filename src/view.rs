//! View models: the small, plain data each part of the page draws from, built from the scenario
//! and its results. They sit above the charts and the scenario (the only layer besides the UI
//! that may read both) and below the UI, so they are built once, compared with `PartialEq` to
//! skip work, and tested natively.

use crate::charts::{ChartData, Tornado, TornadoBar};
use crate::format;
use crate::model::ranges::SwingInput;
use crate::model::Metric;
use crate::scenario::{extras, Field, Results, Scenario};

/// What the charts draw, from the scenario and the results the table shows.
pub fn chart_data(scenario: &Scenario, results: &Results) -> ChartData {
    ChartData {
        names: scenario.platforms.iter().map(|p| p.name.clone()).collect(),
        metrics: results.metrics.clone(),
        baseline: results.baseline,
        factories: results.details.iter().map(|d| d.factory).collect(),
        site_mw: scenario.settings.site_mw,
        price_mtok: scenario.settings.price_mtok,
        curves: scenario
            .platforms
            .iter()
            .map(|p| {
                p.curve_in_force(&scenario.settings)
                    .map(std::borrow::Cow::into_owned)
            })
            .collect(),
        target: scenario.settings.target_tps_user,
        flags: results
            .details
            .iter()
            .map(|d| d.throughput.flag())
            .collect(),
        tornado: tornado(scenario, results),
    }
}

/// An input's range as the reader sees it: "Price $1.20-1.70", "Throughput 80-100 tokens/s".
pub fn range_label(field: Field, (lo, hi): (f64, f64)) -> String {
    match field {
        Field::UsdHr => return format!("Price ${}-{}", format::number(lo), format::number(hi)),
        Field::UsdKwh => {
            let (lo, hi) = (format::percent(lo), format::percent(hi));
            // Short, as "Price $1.20-1.70" is: the chart gives names 40% of its width.
            return format!("{} ${lo}-{hi}", field.label());
        }
        _ => {}
    }
    // Trailing zeros dropped: "80-100 tokens/s".
    let (lo, hi) = (format::percent(lo), format::percent(hi));
    match field {
        Field::Tps => format!("Throughput {lo}-{hi} tokens/s"),
        Field::Kw => format!("Power {lo}-{hi} kW"),
        Field::Utilisation => format!("Utilisation {lo}-{hi}%"),
        other => format!("{} {lo}-{hi}", other.label()),
    }
}

/// The sensitivity of the platform in focus (the first with a range in force, else the
/// baseline).
fn tornado(scenario: &Scenario, results: &Results) -> Option<Tornado> {
    let index = extras::focus(&results.extras, results.baseline);
    let (platform, e) = (scenario.platforms.get(index)?, results.extras.get(index)?);
    let bars = e
        .tornado
        .iter()
        .map(|swing| {
            let field = extras::swing_field(swing.input);
            let span = match swing.input {
                SwingInput::Platform(_) => platform.ranges.get(field),
                SwingInput::Page(_) => scenario.settings.ranges.get(field),
            };
            let span = span.unwrap_or_default();
            TornadoBar {
                label: range_label(field, span),
                at_low: swing.at_low,
                at_high: swing.at_high,
            }
        })
        .collect();
    Some(Tornado {
        platform: index,
        name: platform.name.clone(),
        value: results.metrics.get(index)?.cost_per_mtok,
        bars,
        // Page ranges that do not move cost (grid intensity, an API's prices) leave no bar and
        // no "every range at once" bar either.
        span: e
            .span(Metric::CostPerMtok)
            .filter(|_| !e.tornado.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, text_summary, ChartInput, ChartKind};

    #[test]
    fn the_tornado_shows_the_seed_ranges() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.usd_hr = Some((1.20, 1.70));
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        let data = chart_data(&s, &s.results());
        let t = data.tornado.clone().unwrap();
        assert_eq!(t.bars[0].label, "Price $1.20-1.70");
        assert_eq!(t.bars[1].label, "Throughput 80-100 tokens/s");
        let input = ChartInput::new(&data);
        assert_eq!(
            text_summary(ChartKind::Tornado, &input),
            "What moves the cost per million tokens of NVIDIA HGX H200 ($4.35), widest first: \
             Price $1.20-1.70, $3.70 to $5.25; Throughput 80-100 tokens/s, $4.90 to $3.92; \
             every range at once, $3.33 to $5.90."
        );
        let svg = render_svg(ChartKind::Tornado, &input, 800, 300);
        assert!(
            svg.contains("Every range at once") && svg.contains("$5.90"),
            "{svg}"
        );
        // Without ranges the chart says how to get one.
        let plain = chart_data(&Scenario::default(), &Scenario::default().results());
        let input = ChartInput::new(&plain);
        assert_eq!(
            text_summary(ChartKind::Tornado, &input),
            crate::charts::NO_RANGES
        );
    }

    /// In "own" mode the electricity price and PUE move cost: bars labelled by their fields.
    /// Grid intensity does not: no bar.
    #[test]
    fn the_tornado_shows_the_page_ranges_that_move_cost() {
        let mut s = Scenario::default();
        s.platforms[0].cost_mode = crate::scenario::CostMode::Own;
        s.platforms[0].power_basis = crate::model::cost::PowerBasis::It;
        s.settings.ranges.usd_kwh = Some((0.05, 0.15));
        s.settings.ranges.pue = Some((1.2, 1.5));
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        let t = chart_data(&s, &s.results()).tornado.unwrap();
        // The baseline is in focus: page ranges apply to every platform alike.
        assert_eq!(t.platform, 0);
        let labels: Vec<&str> = t.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Electricity price $0.05-0.15", "PUE 1.2-1.5"]);
        // $1.73 x 1.3 x 0.10 per hour across electricity; $1.73 x 0.08 x 0.3 across PUE.
        let width = |b: &TornadoBar| b.at_high - b.at_low;
        assert!((width(&t.bars[0]) - 1.73 * 1.3 * 0.10 / 0.324).abs() < 1e-9);
        assert!((width(&t.bars[1]) - 1.73 * 0.08 * 0.3 / 0.324).abs() < 1e-9);
        // Grid intensity alone moves no cost: the chart says how to get a bar.
        let mut grid = Scenario::default();
        grid.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        let data = chart_data(&grid, &grid.results());
        assert_eq!(
            text_summary(ChartKind::Tornado, &ChartInput::new(&data)),
            crate::charts::NO_RANGES
        );
    }
}
