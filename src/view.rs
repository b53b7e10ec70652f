//! View models: the small, plain data each part of the page draws from, built from the scenario
//! and its results. They sit above the charts and the scenario (the only layer besides the UI
//! that may read both) and below the UI, so they are built once, compared with `PartialEq` to
//! skip work, and tested natively.

use crate::charts::ChartData;
use crate::scenario::{Results, Scenario};

/// What the charts draw, from the scenario and the results the table shows.
pub fn chart_data(scenario: &Scenario, results: &Results) -> ChartData {
    ChartData {
        names: scenario.platforms.iter().map(|p| p.name.clone()).collect(),
        metrics: results.metrics.clone(),
        baseline: results.baseline,
        factories: results.details.iter().map(|d| d.factory).collect(),
        site_mw: scenario.settings.site_mw,
        price_mtok: scenario.settings.price_mtok,
        curves: scenario.platforms.iter().map(|p| p.curve.clone()).collect(),
        target: scenario.settings.target_tps_user,
        flags: results
            .details
            .iter()
            .map(|d| d.throughput.flag())
            .collect(),
    }
}
