//! Ranges in links: `<key>_lo<i>` and `<key>_hi<i>` for a platform's price, throughput, power
//! and utilisation, and `<key>_lo` and `<key>_hi` for the page's electricity price, PUE, grid
//! intensity and API prices (absolute values, low <= value <= high). A range that is half given,
//! not a number, out of the input's valid range or not around its value is dropped with a
//! notice.

use super::sorted_map::SortedMap;
use crate::format;
use crate::model::ranges::Span;
use crate::scenario::extras::{check_range, PageRanges, Ranges};
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

/// Every page range key.
pub const PAGE_RANGE_KEYS: [&str; 10] = [
    "usd_kwh_lo",
    "usd_kwh_hi",
    "pue_lo",
    "pue_hi",
    "grid_g_kwh_lo",
    "grid_g_kwh_hi",
    "api_in_lo",
    "api_in_hi",
    "api_out_lo",
    "api_out_hi",
];

/// The keys of one field's range (`tps_lo`, `tps_hi`).
fn keys(field: Field) -> (String, String) {
    (format!("{}_lo", field.key()), format!("{}_hi", field.key()))
}

/// Read one field's range from its two keys; `suffix` is the platform's index (empty for a
/// page range). `None` when neither key is given or the range is refused (with a notice).
fn read_one(
    field: Field,
    value: Option<f64>,
    keys_given: &SortedMap<&'static str, String>,
    suffix: &str,
    notices: &mut Vec<(String, String)>,
) -> Option<Span> {
    let (lo_key, hi_key) = keys(field);
    let lo = keys_given.get(lo_key.as_str());
    let hi = keys_given.get(hi_key.as_str());
    let (lo, hi) = match (lo, hi) {
        (None, None) => return None,
        (Some(lo), Some(hi)) => (lo, hi),
        (Some(_), None) => {
            let message = format!("needs {hi_key}{suffix} too; the range is dropped");
            notices.push((format!("{lo_key}{suffix}"), message));
            return None;
        }
        (None, Some(_)) => {
            let message = format!("needs {lo_key}{suffix} too; the range is dropped");
            notices.push((format!("{hi_key}{suffix}"), message));
            return None;
        }
    };
    let parsed = format::parse_number(lo)
        .ok()
        .zip(format::parse_number(hi).ok());
    let result = match parsed {
        Some(span) => check_range(field, value, span),
        None => Err(format!(
            "\"{}\" to \"{}\" is not a pair of numbers; the range is dropped",
            lo.chars().take(24).collect::<String>(),
            hi.chars().take(24).collect::<String>()
        )),
    };
    match result {
        Ok(span) => Some(span),
        Err(message) => {
            notices.push((format!("{lo_key}{suffix}"), message));
            None
        }
    }
}

/// Read platform `index`'s ranges from its keys, after its values are read; each problem is
/// a (key, message) pair for the link's notice.
pub fn read(
    platform: &mut Platform,
    index: usize,
    keys_given: &SortedMap<&'static str, String>,
    notices: &mut Vec<(String, String)>,
) {
    let suffix = index.to_string();
    for field in Ranges::FIELDS {
        let value = field.get_platform(platform);
        if let Some(span) = read_one(field, value, keys_given, &suffix, notices) {
            platform.ranges.set(field, Some(span));
        }
    }
}

/// Read the page's ranges from their keys, after the page's values are read.
pub fn read_page(
    settings: &mut Settings,
    keys_given: &SortedMap<&'static str, String>,
    notices: &mut Vec<(String, String)>,
) {
    for field in PageRanges::FIELDS {
        let value = field.get_page(settings);
        if let Some(span) = read_one(field, value, keys_given, "", notices) {
            settings.ranges.set(field, Some(span));
        }
    }
}

/// A range widened to hold the value in force (the page widens a range whose value moved
/// outside it; the link says the same, or reading it would drop the range).
fn widened((lo, hi): Span, value: Option<f64>) -> Span {
    match value.filter(|v| v.is_finite()) {
        Some(v) => (lo.min(v), hi.max(v)),
        None => (lo, hi),
    }
}

fn append(
    out: &mut form_urlencoded::Serializer<'_, String>,
    field: Field,
    (lo, hi): Span,
    suffix: &str,
) {
    let (lo_key, hi_key) = keys(field);
    out.append_pair(&format!("{lo_key}{suffix}"), &format::plain(lo));
    out.append_pair(&format!("{hi_key}{suffix}"), &format::plain(hi));
}

/// Write a platform's ranges, each widened to hold the value in force.
pub fn write(
    out: &mut form_urlencoded::Serializer<'_, String>,
    platform: &Platform,
    settings: &Settings,
    index: usize,
) {
    for field in Ranges::FIELDS {
        if let Some(span) = platform.ranges.get(field) {
            let value = match field {
                Field::UsdHr => Some(platform.effective_usd_hr(settings)),
                Field::Tps => platform.effective_tps(settings),
                _ => field.get_platform(platform),
            };
            append(out, field, widened(span, value), &index.to_string());
        }
    }
}

/// Write the page's ranges, each widened to hold its value. A range of a blank API price holds
/// nothing and is not in force: it is not written.
pub fn write_page(out: &mut form_urlencoded::Serializer<'_, String>, settings: &Settings) {
    for field in PageRanges::FIELDS {
        let value = field.get_page(settings);
        if let (Some(span), Some(_)) = (settings.ranges.get(field), value) {
            append(out, field, widened(span, value), "");
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

    #[test]
    fn the_key_lists_are_the_fields_keys() {
        use super::{keys, PAGE_RANGE_KEYS, RANGE_KEYS};
        use crate::scenario::extras::{PageRanges, Ranges};
        let all = |fields: &[crate::scenario::Field]| -> Vec<String> {
            fields
                .iter()
                .flat_map(|f| {
                    let (lo, hi) = keys(*f);
                    [lo, hi]
                })
                .collect()
        };
        assert_eq!(all(&Ranges::FIELDS), RANGE_KEYS);
        assert_eq!(all(&PageRanges::FIELDS), PAGE_RANGE_KEYS);
    }

    #[test]
    fn page_ranges_round_trip() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        s.settings.ranges.usd_kwh = Some((0.05, 0.15));
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.settings.ranges.api_in = Some((0.4, 0.7));
        s.settings.ranges.api_out = Some((2.0, 2.5));
        s.settings.ranges.pue = Some((1.2, 1.5));
        let query = encode(&s, &PageOptions::default());
        for pair in [
            "usd_kwh_lo=0.05&usd_kwh_hi=0.15",
            "pue_lo=1.2&pue_hi=1.5",
            "grid_g_kwh_lo=300&grid_g_kwh_hi=500",
            "api_in_lo=0.4&api_in_hi=0.7",
            "api_out_lo=2&api_out_hi=2.5",
        ] {
            assert!(query.contains(pair), "{pair} in {query}");
        }
        let link = decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(link.scenario, s);
        // A link of page ranges alone is a scenario of its own: it wins over stored state.
        let link = decode("grid_g_kwh_lo=300&grid_g_kwh_hi=500");
        assert!(link.has_state && link.notices.is_empty());
        assert_eq!(
            link.scenario.settings.ranges.grid_g_kwh,
            Some((300.0, 500.0))
        );
    }

    #[test]
    fn a_page_value_outside_its_range_widens_it_in_the_link() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 400.0));
        s.settings.grid_g_kwh = 450.0;
        let query = encode(&s, &PageOptions::default());
        assert!(
            query.contains("grid_g_kwh_lo=300&grid_g_kwh_hi=450"),
            "{query}"
        );
        let link = decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(
            link.scenario.settings.ranges.grid_g_kwh,
            Some((300.0, 450.0))
        );
        // A range of a blank API price holds nothing: not written.
        let mut s = Scenario::default();
        s.settings.ranges.api_in = Some((0.4, 0.7));
        assert!(!encode(&s, &PageOptions::default()).contains("api_in_lo"));
    }

    #[test]
    fn bad_page_ranges_are_named_and_dropped() {
        let link = decode(
            "grid_g_kwh_lo=450&grid_g_kwh_hi=500&usd_kwh_lo=0.05&pue_lo=0.5&pue_hi=1.5\
             &api_in_lo=0.4&api_in_hi=0.7&api_out_hi=3&usd_kwh_hi=x",
        );
        let lines: Vec<String> = link.notices.iter().map(|n| n.to_string()).collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        // Not around the value (436, the default).
        assert!(lines.iter().any(|l| l
            .starts_with("grid_g_kwh_lo: the low (450) and high (500) must hold the value (436)")));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("usd_kwh_lo: \"0.05\" to \"x\" is not a pair")));
        // Outside the field's valid range (1 to 3).
        assert!(lines
            .iter()
            .any(|l| l.starts_with("pue_lo: 0.5 is out of range (1 to 3")));
        // A range of a blank API price.
        assert!(lines
            .iter()
            .any(|l| l.starts_with("api_in_lo: has no value to hold")));
        assert!(lines
            .iter()
            .any(|l| l.starts_with("api_out_hi: needs api_out_lo too")));
        assert_eq!(link.scenario.settings.ranges, Default::default());
        // The values themselves stand.
        assert_eq!(link.scenario.settings.grid_g_kwh, 436.0);
    }

    #[test]
    fn a_page_range_with_an_index_is_an_unknown_key() {
        let link = decode("grid_g_kwh_lo1=300&grid_g_kwh_hi1=500");
        assert_eq!(link.notices.len(), 2);
        assert!(link.notices[0].message.contains("unknown key"));
    }
}
