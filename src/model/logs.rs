//! A deployment's own logs: GPU-hours used, output tokens generated and the bill over a period
//! give the throughput and price it really achieved (utilisation and idle time included).

use super::input::Range;
use super::metrics::SECONDS_PER_HOUR;

/// Valid GPU-hours over a logged period.
pub const GPU_HOURS: Range = (0.001, 1e12);
/// Valid output tokens over a logged period.
pub const TOKENS: Range = (1.0, 1e18);
/// Valid bills for a logged period, US$.
pub const BILL_USD: Range = (0.0, 1e12);

/// Tokens per second per GPU over the period: tokens / (GPU-hours x 3,600). `None` when the
/// GPU-hours are not positive or a figure is not finite.
pub fn tps_from_logs(gpu_hours: f64, tokens: f64) -> Option<f64> {
    let tps = tokens / (gpu_hours * SECONDS_PER_HOUR);
    (gpu_hours > 0.0 && tps.is_finite()).then_some(tps)
}

/// US$ per GPU-hour over the period: bill / GPU-hours.
pub fn usd_hr_from_logs(gpu_hours: f64, bill_usd: f64) -> Option<f64> {
    let usd_hr = bill_usd / gpu_hours;
    (gpu_hours > 0.0 && usd_hr.is_finite()).then_some(usd_hr)
}

/// The logged throughput as a percent of a measured one.
pub fn share_of_measured_pct(logged_tps: f64, measured_tps: f64) -> Option<f64> {
    let share = logged_tps / measured_tps * 100.0;
    (measured_tps > 0.0 && share.is_finite()).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn a_month_of_logs() {
        // 8 GPUs for 30 days = 5,760 GPU-hours; 1.5 billion tokens: 1.5e9 / (5,760 x 3,600)
        // = 72.34 tokens/s per GPU. A $9,000 bill: $1.5625 per GPU-hour.
        let tps = tps_from_logs(5760.0, 1.5e9).unwrap();
        assert_relative_eq!(tps, 72.337_963, epsilon = 1e-6);
        assert_relative_eq!(usd_hr_from_logs(5760.0, 9000.0).unwrap(), 1.5625);
        // Against 90 tokens/s measured: 80.4%.
        assert_relative_eq!(
            share_of_measured_pct(tps, 90.0).unwrap(),
            80.375_514,
            epsilon = 1e-6
        );
        assert_eq!(tps_from_logs(0.0, 1.0), None);
        assert_eq!(share_of_measured_pct(1.0, 0.0), None);
    }
}
