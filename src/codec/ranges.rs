//! Ranges in links: `<key>_lo<i>` and `<key>_hi<i>` for a platform's price, throughput, power
//! and utilisation (absolute values, low <= value <= high). A range that is half given, not a
//! number, out of the input's valid range or not around its value is dropped with a notice.

use std::collections::BTreeMap;

use crate::format;
use crate::scenario::extras::{check_range, Ranges};
use crate::scenario::{Field, Platform, Settings};

/// Every range key, without its platform index.
pub const RANGE_KEYS: [&str; 8] = [
    "usd_hr_lo",
    "usd_hr_hi",
    "tps_lo",
    "tps_hi",
    "kw_lo",
    "kw_hi",
    "util_lo",
    "util_hi",
];

/// The keys of one field's range (`tps_lo`, `tps_hi`).
fn keys(field: Field) -> (String, String) {
    (format!("{}_lo", field.key()), format!("{}_hi", field.key()))
}

/// Read platform `index`'s ranges from its keys, after its values are read; each problem is
/// a (key, message) pair for the link's notice.
pub fn read(
    platform: &mut Platform,
    index: usize,
    keys_given: &BTreeMap<&'static str, String>,
    notices: &mut Vec<(String, String)>,
) {
    for field in Ranges::FIELDS {
        let (lo_key, hi_key) = keys(field);
        let lo = keys_given.get(lo_key.as_str());
        let hi = keys_given.get(hi_key.as_str());
        let (lo, hi) = match (lo, hi) {
            (None, None) => continue,
            (Some(lo), Some(hi)) => (lo, hi),
            (Some(_), None) => {
                let message = format!("needs {hi_key}{index} too; the range is dropped");
                notices.push((format!("{lo_key}{index}"), message));
                continue;
            }
            (None, Some(_)) => {
                let message = format!("needs {lo_key}{index} too; the range is dropped");
                notices.push((format!("{hi_key}{index}"), message));
                continue;
            }
        };
        let parsed = format::parse_number(lo)
            .ok()
            .zip(format::parse_number(hi).ok());
        let result = match parsed {
            Some(span) => check_range(field, field.get_platform(platform), span),
            None => Err(format!(
                "\"{}\" to \"{}\" is not a pair of numbers; the range is dropped",
                lo.chars().take(24).collect::<String>(),
                hi.chars().take(24).collect::<String>()
            )),
        };
        match result {
            Ok(span) => platform.ranges.set(field, Some(span)),
            Err(message) => notices.push((format!("{lo_key}{index}"), message)),
        }
    }
}

/// Write platform `index`'s ranges.
/// Write a platform's ranges, each widened to hold the value in force (the page widens a range
/// whose value moved outside it; the link says the same, or reading it would drop the range).
pub fn write(
    out: &mut form_urlencoded::Serializer<'_, String>,
    platform: &Platform,
    settings: &Settings,
    index: usize,
) {
    for field in Ranges::FIELDS {
        if let Some((lo, hi)) = platform.ranges.get(field) {
            let value = match field {
                Field::UsdHr => Some(platform.effective_usd_hr(settings)),
                Field::Tps => platform.effective_tps(settings),
                _ => field.get_platform(platform),
            };
            let (lo, hi) = match value.filter(|v| v.is_finite()) {
                Some(v) => (lo.min(v), hi.max(v)),
                None => (lo, hi),
            };
            let (lo_key, hi_key) = keys(field);
            out.append_pair(&format!("{lo_key}{index}"), &format!("{lo}"));
            out.append_pair(&format!("{hi_key}{index}"), &format!("{hi}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::url::{decode, encode, PageOptions};
    use crate::scenario::Scenario;

    #[test]
    fn ranges_round_trip() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.usd_hr = Some((1.2, 1.7));
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        s.platforms[1].ranges.util = Some((50.0, 100.0));
        let query = encode(&s, &PageOptions::default());
        assert!(query.contains("usd_hr_lo1=1.2&usd_hr_hi1=1.7"), "{query}");
        assert!(query.contains("util_lo2=50&util_hi2=100"), "{query}");
        let link = decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(link.scenario, s);
    }

    /// A value moved outside its range widens it on the page; the link carries the widened
    /// range, so a reload keeps both (a range not holding its value would be dropped).
    #[test]
    fn a_value_outside_its_range_widens_it_in_the_link() {
        let mut s = Scenario::default();
        s.platforms[0].ranges.usd_hr = Some((1.2, 1.7));
        s.platforms[0].usd_hr = 2.5;
        let query = encode(&s, &PageOptions::default());
        assert!(query.contains("usd_hr_lo1=1.2&usd_hr_hi1=2.5"), "{query}");
        let link = decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(link.scenario.platforms[0].usd_hr, 2.5);
        assert_eq!(link.scenario.platforms[0].ranges.usd_hr, Some((1.2, 2.5)));
    }

    #[test]
    fn bad_ranges_are_named_and_dropped() {
        let link = decode(
            "tps1=90&tps_lo1=95&tps_hi1=100&usd_hr_lo1=1&kw_lo1=abc&kw_hi1=2&util_lo1=0&util_hi1=100",
        );
        let lines: Vec<String> = link.notices.iter().map(|n| n.to_string()).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines
            .iter()
            .any(|l| l.starts_with("usd_hr_lo1: needs usd_hr_hi1")));
        assert!(lines.iter().any(|l| l.starts_with("tps_lo1: the low (95)")));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("kw_lo1: \"abc\" to \"2\"")));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("util_lo1: 0 is out of range")));
        assert!(link.scenario.platforms[0].ranges.is_empty());
        assert_eq!(link.scenario.platforms[0].tps, Some(90.0));
    }

    #[test]
    fn a_zero_width_range_is_kept() {
        let link = decode("tps1=90&tps_lo1=90&tps_hi1=90");
        assert!(link.notices.is_empty());
        assert_eq!(link.scenario.platforms[0].ranges.tps, Some((90.0, 90.0)));
    }
}
