//! The market price: what an API charges for a request, the gross margin of serving that
//! request on a platform, and the utilisation at which self-hosting costs what the API charges.

use super::input::Range;
use super::metrics::SECONDS_PER_HOUR;

/// Valid list prices, US$ per million tokens.
pub const API_PRICE: Range = (0.0, 10_000.0);

/// Tokens per million, the unit list prices are quoted in.
const PER_MILLION: f64 = 1e6;

/// An API's list price, US$ per million input and output tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ApiPrice {
    pub usd_per_m_in: f64,
    pub usd_per_m_out: f64,
}

/// What the API charges for one request of `in_tokens` + `out_tokens`, US$.
pub fn revenue_per_request(price: &ApiPrice, in_tokens: f64, out_tokens: f64) -> f64 {
    price.usd_per_m_in * in_tokens / PER_MILLION + price.usd_per_m_out * out_tokens / PER_MILLION
}

/// The cost of serving one request on a platform, US$: its GPU-seconds for the output, at the
/// delivered throughput (the throughput already holds the input tokens' cost):
/// usd_hr / 3600 x out_tokens / delivered_tps.
pub fn cost_per_request(usd_hr: f64, delivered_tps: f64, out_tokens: f64) -> f64 {
    usd_hr / SECONDS_PER_HOUR * out_tokens / delivered_tps
}

/// Gross margin, percent: (revenue - cost) / revenue x 100; negative when serving costs more
/// than the API charges. `None` when the revenue is zero (a free API has no margin to speak of)
/// or a figure is not finite.
pub fn margin_pct(revenue: f64, cost: f64) -> Option<f64> {
    let m = (revenue - cost) / revenue * 100.0;
    (revenue > 0.0 && m.is_finite()).then_some(m)
}

/// The utilisation, percent, at which self-hosting costs exactly what the API charges: cost
/// per request scales as 1 / utilisation, so u = cost at full use / revenue x 100. Above 100 it
/// cannot be reached. `None` when the revenue is zero or a figure is not finite.
pub fn break_even_utilisation_pct(
    usd_hr: f64,
    rated_tps: f64,
    out_tokens: f64,
    revenue: f64,
) -> Option<f64> {
    let u = cost_per_request(usd_hr, rated_tps, out_tokens) / revenue * 100.0;
    (revenue > 0.0 && u.is_finite()).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    const DEEPSEEK: ApiPrice = ApiPrice {
        usd_per_m_in: 0.55,
        usd_per_m_out: 2.19,
    };

    #[test]
    fn margin_at_the_deepseek_list_price() {
        // 1,000 input tokens at $0.55/M and 1,000 output at $2.19/M: $0.00055 + $0.00219.
        let revenue = revenue_per_request(&DEEPSEEK, 1000.0, 1000.0);
        assert_relative_eq!(revenue, 0.002_74, epsilon = 1e-12);
        // H200 at $1.41 and 90 tokens/s: 1,000 tokens take 11.1 s, $1.41 x 11.1 / 3600 = $0.004352.
        let cost = cost_per_request(1.41, 90.0, 1000.0);
        assert_relative_eq!(cost, 0.004_351_852, epsilon = 1e-9);
        // (0.00274 - 0.004352) / 0.00274 = -58.8%: the API charges less than the H200 costs.
        let margin = margin_pct(revenue, cost).unwrap();
        assert_relative_eq!(margin, -58.826_7, epsilon = 1e-4);
        // GB300 at $2.65 and 6,000 tokens/s: $0.0001227 a request, a 95.5% margin.
        let gb300 = margin_pct(revenue, cost_per_request(2.65, 6000.0, 1000.0)).unwrap();
        assert_relative_eq!(gb300, 95.522_4, epsilon = 1e-4);
        // The H200 breaks even only above 100% utilisation: 158.8%.
        let u = break_even_utilisation_pct(1.41, 90.0, 1000.0, revenue).unwrap();
        assert_relative_eq!(u, 158.826_7, epsilon = 1e-4);
        let u = break_even_utilisation_pct(2.65, 6000.0, 1000.0, revenue).unwrap();
        assert_relative_eq!(u, 4.477_6, epsilon = 1e-4);
    }

    #[test]
    fn no_revenue_no_margin() {
        let free = ApiPrice {
            usd_per_m_in: 0.0,
            usd_per_m_out: 0.0,
        };
        let revenue = revenue_per_request(&free, 1000.0, 1000.0);
        assert_eq!(margin_pct(revenue, 0.001), None);
        assert_eq!(break_even_utilisation_pct(1.0, 1.0, 1.0, revenue), None);
    }

    proptest! {
        #[test]
        fn margins_are_finite_for_every_valid_input(
            usd_in in 0.0f64..=1000.0,
            usd_out in 0.0f64..=1000.0,
            in_tokens in 1.0f64..=1e7,
            out_tokens in 1.0f64..=1e7,
            usd_hr in 0.001f64..=1000.0,
            tps in 0.001f64..=1e7,
            util in 0.01f64..=1.0,
        ) {
            let price = ApiPrice { usd_per_m_in: usd_in, usd_per_m_out: usd_out };
            let revenue = revenue_per_request(&price, in_tokens, out_tokens);
            let cost = cost_per_request(usd_hr, tps * util, out_tokens);
            prop_assert!(cost.is_finite() && revenue.is_finite());
            if let Some(m) = margin_pct(revenue, cost) {
                prop_assert!(m.is_finite() && m <= 100.0);
            } else {
                prop_assert!(revenue == 0.0 || !((revenue - cost) / revenue).is_finite());
            }
            if let Some(u) = break_even_utilisation_pct(usd_hr, tps, out_tokens, revenue) {
                prop_assert!(u.is_finite() && u >= 0.0);
            }
        }
    }
}
