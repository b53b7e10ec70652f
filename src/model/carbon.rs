//! Carbon per token: the operational emissions of the electricity the tokens use.
//!
//! grams CO2e per million output tokens = kWh per million tokens (all-in power at the rated
//! throughput) x grid intensity (g CO2e per kWh). Operational only: the GPUs' manufacture
//! (embodied carbon) and the power drawn while idle are not in it, so it is a floor.

use super::cost::kwh_per_mtok;
use super::input::Range;

/// Valid grid intensities, g CO2e per kWh: from a carbon-free supply to well above coal's
/// (about 1,000).
pub const GRID_G_KWH: Range = (0.0, 2000.0);

/// The world's average grid intensity in 2022, g CO2e per kWh: Ember, Global Electricity Review
/// 2023 (April 2023). An approximate figure for a grid of unknown location.
pub const WORLD_GRID_G_KWH_2022: f64 = 436.0;

/// Grams of CO2e per million output tokens. `kw` is all-in power per GPU (IT power x PUE where
/// it was given as IT power), `tps` the rated throughput. Returns 0 when `tps` is not positive
/// (invalid input only).
pub fn co2_g_per_mtok(kw: f64, tps: f64, grid_g_kwh: f64) -> f64 {
    kwh_per_mtok(kw, tps) * grid_g_kwh
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    #[test]
    fn hand_worked_at_400_grams() {
        // H200: 1.73 kW at 90 tokens/s makes a million tokens in 1e6 / 90 s = 3,086 h / 1,000,
        // using 1.73 x 1e6 / (90 x 3600) = 5.340 kWh; at 400 g/kWh that is 2,136 g.
        assert_relative_eq!(
            co2_g_per_mtok(1.73, 90.0, 400.0),
            2_135.802_469,
            epsilon = 1e-6
        );
        // 1 kW at 1,000 tokens/s: 1e6 / 3.6e6 kWh = 0.2778 kWh, 111.1 g at 400 g/kWh.
        assert_relative_eq!(
            co2_g_per_mtok(1.0, 1000.0, 400.0),
            400.0 / 3.6,
            epsilon = 1e-9
        );
        assert_eq!(co2_g_per_mtok(1.0, 1000.0, 0.0), 0.0);
    }

    proptest! {
        #[test]
        fn carbon_is_finite_for_every_valid_input(
            kw in 0.001f64..=100.0,
            tps in 0.001f64..=1e7,
            grid in 0.0f64..=2000.0,
        ) {
            let g = co2_g_per_mtok(kw, tps, grid);
            prop_assert!(g.is_finite() && g >= 0.0);
        }
    }
}
