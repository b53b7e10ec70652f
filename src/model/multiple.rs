//! Multiples between a platform and the baseline platform.

use super::Metric;

/// Within this relative difference of the baseline, a metric reads `same`.
pub const SAME_TOLERANCE: f64 = 0.005;

/// How a platform's metric compares with the baseline's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Multiple {
    /// This platform is the baseline.
    Baseline,
    /// Within 0.5% of the baseline.
    Same,
    /// platform / baseline, for metrics where more is more.
    Times(f64),
    /// baseline / platform (> 1), for a lower-is-better metric that is lower here.
    Lower(f64),
    /// platform / baseline (> 1), for a lower-is-better metric that is higher here.
    Higher(f64),
    /// One of the two values does not exist (a platform without a throughput): no comparison.
    Missing,
}

impl Multiple {
    /// The factor by which this platform is better than the baseline (> 1 better, < 1 worse):
    /// "x lower" cost counts as better. Used by charts where a longer bar means better.
    pub fn advantage(self) -> f64 {
        match self {
            Multiple::Baseline | Multiple::Same | Multiple::Missing => 1.0,
            Multiple::Times(r) => r,
            Multiple::Lower(r) => r,
            Multiple::Higher(r) => 1.0 / r,
        }
    }
}

/// The plain ratio platform / baseline.
pub fn ratio(value: f64, baseline: f64) -> f64 {
    value / baseline
}

/// Compare one metric of a platform (not the baseline) with the baseline's.
pub fn compare(metric: Metric, value: f64, baseline: f64) -> Multiple {
    let r = ratio(value, baseline);
    if !r.is_finite() || r <= 0.0 {
        // A missing value (NaN) has no multiple; "same" would claim a comparison.
        return Multiple::Missing;
    }
    // The edge counts on both sides: 0.995 and 1.005 are not exact in binary (0.995 sits a hair
    // below, so |r - 1| is a hair above 0.005), and a person reads both as 0.5% away.
    if (r - 1.0).abs() <= SAME_TOLERANCE * (1.0 + 1e-9) {
        return Multiple::Same;
    }
    if metric.lower_is_better() {
        if r < 1.0 {
            Multiple::Lower(1.0 / r)
        } else {
            Multiple::Higher(r)
        }
    } else {
        Multiple::Times(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn cost_lower_and_higher() {
        match compare(Metric::CostPerMtok, 0.122_685, 4.351_852) {
            Multiple::Lower(x) => assert_relative_eq!(x, 35.47, epsilon = 0.01),
            other => panic!("expected lower, got {other:?}"),
        }
        match compare(Metric::CostPerMtok, 4.2, 2.0) {
            Multiple::Higher(x) => assert_relative_eq!(x, 2.1),
            other => panic!("expected higher, got {other:?}"),
        }
    }

    #[test]
    fn same_within_half_a_percent() {
        assert_eq!(compare(Metric::Tps, 100.4, 100.0), Multiple::Same);
        assert_eq!(compare(Metric::Tps, 99.6, 100.0), Multiple::Same);
        assert_eq!(compare(Metric::CostPerMtok, 1.004, 1.0), Multiple::Same);
        assert!(matches!(
            compare(Metric::Tps, 100.6, 100.0),
            Multiple::Times(_)
        ));
    }

    #[test]
    fn the_half_percent_edge_is_same_on_both_sides() {
        for metric in Metric::ALL {
            assert_eq!(
                compare(metric, 1.99, 2.0),
                Multiple::Same,
                "{metric:?} 0.995"
            );
            assert_eq!(
                compare(metric, 2.01, 2.0),
                Multiple::Same,
                "{metric:?} 1.005"
            );
            assert_eq!(compare(metric, 0.995 * 4.35, 4.35), Multiple::Same);
            assert_eq!(compare(metric, 1.005 * 4.35, 4.35), Multiple::Same);
            assert_ne!(compare(metric, 0.9949 * 4.35, 4.35), Multiple::Same);
            assert_ne!(compare(metric, 1.0051 * 4.35, 4.35), Multiple::Same);
        }
        match compare(Metric::CostPerMtok, 1.0051, 1.0) {
            Multiple::Higher(x) => assert!((x - 1.0051).abs() < 1e-12),
            other => panic!("expected higher, got {other:?}"),
        }
    }

    #[test]
    fn advantage_reads_lower_cost_as_better() {
        assert_relative_eq!(Multiple::Lower(35.0).advantage(), 35.0);
        assert_relative_eq!(Multiple::Higher(2.0).advantage(), 0.5);
        assert_relative_eq!(Multiple::Times(1.88).advantage(), 1.88);
    }
}
