//! Number formatting for the page: 3 significant digits with K/M/B/T suffixes, multiples, and
//! rounded figures for sentences. Never prints NaN, inf or an empty string.

use crate::model::{Metric, Multiple};

/// Shown in place of a number that cannot be shown (never expected from validated inputs).
pub const NOT_A_NUMBER: &str = "n/a";

/// A cell whose figure does not exist (a platform without a throughput): an em dash, with the
/// reason beside the cell.
pub const MISSING: &str = "\u{2014}";

const SUFFIXES: [&str; 5] = ["", "K", "M", "B", "T"];

/// Significant digits kept before rounding for display: 12 is far beyond any figure the page
/// shows and far above the ~1e-16 relative noise of floating-point arithmetic, so 2.65 x 90 / 3000
/// (stored as 0.07949999999999999) reads as the 0.0795 a person computes.
const CLEAN_DIGITS: usize = 12;

/// The decimal digits of `magnitude` (>= 0, finite) rounded half up, as a person rounds on paper,
/// to `significant` digits: (digits, decimal exponent of the first digit). 998.5 -> ("999", 2),
/// 0.0795 -> ("80", -2) for two digits, 999.5 -> ("100", 3).
fn round_half_up(magnitude: f64, significant: usize) -> (String, i32) {
    let significant = significant.clamp(1, CLEAN_DIGITS);
    // `{:.11e}` rounds the binary value to 12 decimal digits; its own tie-breaking only matters
    // at the 12th digit, never at the few digits shown.
    let formatted = format!("{magnitude:.prec$e}", prec = CLEAN_DIGITS - 1);
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let mut exponent: i32 = exponent.parse().unwrap_or(0);
    let all: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let mut kept: Vec<u8> = all.iter().copied().take(significant).collect();
    if all.get(significant).is_some_and(|&d| d >= 5) {
        // Carry from the last kept digit up; 9.99 -> 10.0 moves the exponent.
        let mut carry = true;
        for d in kept.iter_mut().rev() {
            if !carry {
                break;
            }
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                carry = false;
            }
        }
        if carry {
            kept.insert(0, 1);
            kept.truncate(significant);
            exponent += 1;
        }
    }
    let digits = kept.iter().map(|d| char::from(b'0' + d)).collect();
    (digits, exponent)
}

/// Three significant digits, rounded once, half up: (digits "ddd", decimal exponent of the
/// first digit).
fn three_significant(magnitude: f64) -> (String, i32) {
    round_half_up(magnitude, 3)
}

/// The number `digits` x 10^`exponent`, correctly rounded: dividing by an exact power of ten
/// (rather than multiplying by an inexact one) gives 0.123, not 0.12300000000000001.
fn from_digits(digits: &str, exponent: i32) -> Option<f64> {
    let mantissa = digits.parse::<u64>().ok()? as f64;
    let value = if exponent >= 0 {
        mantissa * 10f64.powi(exponent)
    } else {
        mantissa / 10f64.powi(-exponent)
    };
    value.is_finite().then_some(value)
}

/// Read a plain decimal number (digits, one point, an exponent, a sign). In the browser this
/// asks JavaScript's `Number`, which rounds correctly, so the wasm carries no float parser and
/// its tables; natively it is Rust's parser.
pub fn parse_f64(text: &str) -> Option<f64> {
    let text = text.trim();
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !plain {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    let value = {
        // Unary plus: JavaScript's Number(text).
        let v = wasm_bindgen::JsValue::from_str(text).unchecked_into_f64();
        (!v.is_nan()).then_some(v)
    };
    #[cfg(not(target_arch = "wasm32"))]
    let value = text.parse::<f64>().ok();
    value.filter(|v| v.is_finite())
}

/// The text with its first letter in capitals (ASCII: the messages it serves are English, and
/// Unicode case tables would add 10 KB to the wasm).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// Place the decimal point in "ddd" for a number whose first digit has exponent `exponent`
/// (-3..=2): 0 -> "d.dd", 1 -> "dd.d", 2 -> "ddd", -1 -> "0.ddd".
fn place_point(digits: &str, exponent: i32) -> String {
    match exponent {
        e if e >= 2 => digits.to_string(),
        e if e >= 0 => {
            let split = (e + 1) as usize;
            format!("{}.{}", &digits[..split], &digits[split..])
        }
        e => format!("0.{}{}", "0".repeat((-e - 1) as usize), digits),
    }
}

/// Three digits in e-notation: ("280", -8) -> "2.80e-8".
fn e_notation(digits: &str, exponent: i32) -> String {
    let (first, rest) = digits.split_at(digits.len().min(1));
    format!("{first}.{rest}e{exponent}")
}

/// A number for an output cell: `4.35`, `0.123`, `90.0`, `6.00K`, `2.86M`, `24.7T`, `2.80e-8`.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let (digits, exponent) = three_significant(value.abs());
    if !(-3..15).contains(&exponent) {
        return format!("{sign}{}", e_notation(&digits, exponent));
    }
    let tier = exponent.max(0) / 3;
    let local = exponent - 3 * tier;
    format!(
        "{sign}{}{}",
        place_point(&digits, local),
        SUFFIXES[tier as usize]
    )
}

/// The metrics' names as the page prints them; the model names them by variant only.
impl Metric {
    /// The key used in test hooks and exports (`out-<key>-<i>`).
    pub const fn key(self) -> &'static str {
        match self {
            Metric::UsdHr => "usd_hr",
            Metric::FlopsPerUsd => "flops_per_usd",
            Metric::Tps => "tps",
            Metric::TokPerMw => "tok_per_mw",
            Metric::CostPerMtok => "cost_per_mtok",
        }
    }

    /// The row header, with its unit.
    pub const fn label(self) -> &'static str {
        match self {
            Metric::UsdHr => "Cost per GPU per hour ($)",
            Metric::FlopsPerUsd => "FLOP per dollar (PFLOPS per $/h)",
            Metric::Tps => "Token output per GPU (tokens/s)",
            Metric::TokPerMw => "Token output per MW (tokens/s)",
            Metric::CostPerMtok => "Cost per million tokens ($)",
        }
    }

    /// A short name for charts and sentences.
    pub const fn short_label(self) -> &'static str {
        match self {
            Metric::UsdHr => "Cost per hour",
            Metric::FlopsPerUsd => "FLOPS per dollar",
            Metric::Tps => "Tokens per GPU",
            Metric::TokPerMw => "Tokens per MW",
            Metric::CostPerMtok => "Cost per token",
        }
    }
}

/// A multiple for an `x-*` cell: `baseline`, `same`, `1.88x`, `35.5x lower`, `2.10x higher`.
pub fn multiple(multiple: Multiple) -> String {
    match multiple {
        Multiple::Baseline => "baseline".to_string(),
        Multiple::Same => "same".to_string(),
        Multiple::Times(r) => format!("{}x", number(r)),
        Multiple::Lower(r) => format!("{}x lower", number(r)),
        Multiple::Higher(r) => format!("{}x higher", number(r)),
        Multiple::Missing => MISSING.to_string(),
    }
}

/// Digits with thousands separators: 3190 -> "3,190".
fn group_thousands(integer: u64) -> String {
    let plain = integer.to_string();
    let mut out = String::with_capacity(plain.len() + plain.len() / 3);
    for (i, ch) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A number for an error message: integers grouped (`10,000,000`), others as typed (`0.001`),
/// and never `NaN` or `inf`.
pub fn number_for_message(value: f64) -> String {
    if !value.is_finite() {
        return "a value that is not a finite number".to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let grouped = group_thousands(value.abs() as u64);
        if value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        input_value(value)
    }
}

/// A count rounded to 3 significant digits for reading: 3192.3 -> "3,190", 93.25 -> "93.3".
pub fn count_for_sentence(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    if magnitude >= 1e15 {
        let (digits, exponent) = three_significant(magnitude);
        return format!("{sign}{}", e_notation(&digits, exponent));
    }
    if magnitude >= 100.0 {
        let (digits, exponent) = three_significant(magnitude);
        let rounded = from_digits(&digits, exponent - 2).unwrap_or(magnitude);
        return format!("{sign}{}", group_thousands(rounded as u64));
    }
    format!("{sign}{}", number(magnitude))
}

/// A percent for reading: 3 significant digits without trailing zeros (50, 62.5, 0.123).
pub fn percent(value: f64) -> String {
    let text = number(value);
    if text.contains('.') && !text.contains('e') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Dollars for reading: `$1,234`, `$4.35`, `$0.040`, `$0.00012`.
pub fn usd_for_sentence(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    let body = if magnitude >= 1000.0 {
        count_for_sentence(magnitude)
    } else if magnitude >= 1.0 {
        let (_, first) = round_half_up(magnitude, CLEAN_DIGITS);
        let (digits, exponent) = round_half_up(magnitude, (first + 3).max(1) as usize);
        let rounded = from_digits(&digits, exponent + 1 - digits.len() as i32).unwrap_or(magnitude);
        format!("{rounded:.2}")
    } else if magnitude == 0.0 {
        "0.00".to_string()
    } else {
        // Two significant digits, at least to the cent: 0.03975 -> 0.040, 0.123 -> 0.12.
        let (_, first) = round_half_up(magnitude, CLEAN_DIGITS);
        let decimals = (1 - first).max(2);
        let significant = (first + decimals + 1).max(1) as usize;
        let (digits, exponent) = round_half_up(magnitude, significant);
        let rounded = from_digits(&digits, exponent + 1 - digits.len() as i32).unwrap_or(magnitude);
        format!("{rounded:.prec$}", prec = decimals as usize)
    };
    format!("{sign}${body}")
}

/// A value for a number box: short, exact enough to round-trip what the user or slider set.
pub fn input_value(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Shortest representation that parses back to the same f64, without exponent for the
    // ranges the inputs allow.
    let plain = format!("{value}");
    if plain.len() <= 12 {
        plain
    } else {
        let (digits, exponent) = three_significant(value.abs());
        let rounded = from_digits(&digits, exponent - 2).unwrap_or(value.abs());
        format!("{}{rounded}", if value < 0.0 { "-" } else { "" })
    }
}

/// Why a typed number could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    NotANumber(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Empty => write!(f, "is empty"),
            ParseError::NotANumber(text) => write!(f, "\"{text}\" is not a number"),
        }
    }
}

/// Read a typed number: `6000`, `6,000`, `6k`, `2.5M`, `0.12`, `$1.41`, `1e5`.
/// Infinity and NaN are not numbers here.
pub fn parse_number(text: &str) -> Result<f64, ParseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ParseError::Empty);
    }
    let not_a_number = || ParseError::NotANumber(trimmed.chars().take(40).collect());
    let unsigned = trimmed.strip_prefix('$').unwrap_or(trimmed).trim_start();
    let (body, scale) = match unsigned.chars().last() {
        Some('k' | 'K') => (&unsigned[..unsigned.len() - 1], 1e3),
        Some('m' | 'M') => (&unsigned[..unsigned.len() - 1], 1e6),
        Some('b' | 'B') => (&unsigned[..unsigned.len() - 1], 1e9),
        Some('t' | 'T') => (&unsigned[..unsigned.len() - 1], 1e12),
        _ => (unsigned, 1.0),
    };
    let body = body.trim_end();
    if !valid_grouping(body) {
        return Err(not_a_number());
    }
    let cleaned: String = body.chars().filter(|c| *c != ',' && *c != '_').collect();
    // Only digits, one point, an exponent and a sign: rejects "inf", "nan", "0x10".
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
    {
        return Err(not_a_number());
    }
    match parse_f64(&cleaned) {
        Some(v) if (v * scale).is_finite() => Ok(v * scale),
        _ => Err(not_a_number()),
    }
}

/// Commas are thousands separators only: every group after the first has three digits, so
/// "1,5" (a European decimal) is refused rather than read as 15.
fn valid_grouping(body: &str) -> bool {
    if !body.contains(',') {
        return true;
    }
    let integer_part = body.split('.').next().unwrap_or(body);
    let mut groups = integer_part.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| !g.is_empty() && g.len() <= 3 || g == "-" || g == "+");
    first_ok && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// Round to `digits` significant digits.
pub fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits - 1 - magnitude);
    let rounded = (value * factor).round() / factor;
    if rounded.is_finite() {
        rounded
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_table_cells() {
        assert_eq!(number(1.41), "1.41");
        assert_eq!(number(2.807_092), "2.81");
        assert_eq!(number(90.0), "90.0");
        assert_eq!(number(6000.0), "6.00K");
        assert_eq!(number(52_023.12), "52.0K");
        assert_eq!(number(2_857_142.857), "2.86M");
        assert_eq!(number(4.351_852), "4.35");
        assert_eq!(number(0.122_685), "0.123");
    }

    #[test]
    fn boundaries_round_up_into_the_next_suffix() {
        assert_eq!(number(999.5), "1.00K");
        assert_eq!(number(999.4), "999");
        assert_eq!(number(999_500.0), "1.00M");
        assert_eq!(number(9.9951), "10.0");
        assert_eq!(number(0.00099951), "0.00100");
    }

    #[test]
    fn tiny_and_huge_values() {
        assert_eq!(number(2.8e-8), "2.80e-8");
        assert_eq!(number(0.001), "0.00100");
        assert_eq!(number(0.0123), "0.0123");
        assert_eq!(number(24.7e12), "24.7T");
        assert_eq!(number(1.5e9), "1.50B");
        assert_eq!(number(3.0e18), "3.00e18");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn negatives_keep_their_sign_and_nothing_prints_nan() {
        assert_eq!(number(-1234.0), "-1.23K");
        assert_eq!(number(f64::NAN), NOT_A_NUMBER);
        assert_eq!(number(f64::INFINITY), NOT_A_NUMBER);
    }

    #[test]
    fn multiples() {
        assert_eq!(multiple(Multiple::Baseline), "baseline");
        assert_eq!(multiple(Multiple::Same), "same");
        assert_eq!(multiple(Multiple::Times(1.879_43)), "1.88x");
        assert_eq!(multiple(Multiple::Times(0.5319)), "0.532x");
        assert_eq!(multiple(Multiple::Times(1234.0)), "1.23Kx");
        assert_eq!(multiple(Multiple::Lower(35.47)), "35.5x lower");
        assert_eq!(multiple(Multiple::Higher(2.1)), "2.10x higher");
    }

    #[test]
    fn ties_round_half_up_as_a_person_rounds() {
        assert_eq!(number(998.5), "999");
        assert_eq!(number(1.125), "1.13");
        assert_eq!(number(12.25), "12.3");
        assert_eq!(number(0.0995), "0.0995");
        assert_eq!(number(-998.5), "-999");
        assert_eq!(number(2.805e-8), "2.81e-8");
        // 2.65 x 90 / 3000 is 0.07949999999999999 in binary; on paper it is 0.0795.
        assert_eq!(usd_for_sentence(2.65 * 90.0 / 3000.0), "$0.080");
        assert_eq!(usd_for_sentence(0.0795), "$0.080");
        assert_eq!(usd_for_sentence(0.0794), "$0.079");
        assert_eq!(usd_for_sentence(1.005), "$1.01");
        assert_eq!(usd_for_sentence(2.675), "$2.68");
        assert_eq!(usd_for_sentence(0.999), "$1.00");
        assert_eq!(count_for_sentence(998.5), "999");
        assert_eq!(count_for_sentence(3_192.5), "3,190");
        assert_eq!(count_for_sentence(3_195.0), "3,200");
    }

    #[test]
    fn sentences() {
        assert_eq!(usd_for_sentence(0.039_757), "$0.040");
        assert_eq!(usd_for_sentence(4.351_852), "$4.35");
        assert_eq!(usd_for_sentence(0.123), "$0.12");
        assert_eq!(usd_for_sentence(12_345.0), "$12,300");
        assert_eq!(count_for_sentence(3192.3), "3,190");
        assert_eq!(count_for_sentence(93.25), "93.3");
        assert_eq!(count_for_sentence(1_234_567.0), "1,230,000");
    }

    #[test]
    fn percents_drop_trailing_zeros() {
        assert_eq!(percent(50.0), "50");
        assert_eq!(percent(62.5), "62.5");
        assert_eq!(percent(100.0), "100");
        assert_eq!(percent(0.1234), "0.123");
    }

    #[test]
    fn parse_accepts_what_people_type() {
        assert_eq!(parse_number("6000"), Ok(6000.0));
        assert_eq!(parse_number("6,000"), Ok(6000.0));
        assert_eq!(parse_number("6k"), Ok(6000.0));
        assert_eq!(parse_number("2.5M"), Ok(2_500_000.0));
        assert_eq!(parse_number("0.12"), Ok(0.12));
        assert_eq!(parse_number(" $1.41 "), Ok(1.41));
        assert_eq!(parse_number("1,234,567.5"), Ok(1_234_567.5));
        assert_eq!(parse_number("-3"), Ok(-3.0));
    }

    #[test]
    fn parse_refuses_what_is_not_a_number() {
        assert_eq!(parse_number(""), Err(ParseError::Empty));
        assert_eq!(parse_number("   "), Err(ParseError::Empty));
        for bad in [
            "abc", "inf", "NaN", "infinity", "1,5", "1,23", "k", "$", "1e999", "0x10", "6kk",
        ] {
            assert!(parse_number(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn input_values_round_trip() {
        assert_eq!(input_value(1.41), "1.41");
        assert_eq!(input_value(6000.0), "6000");
        assert_eq!(parse_number(&input_value(3.958)), Ok(3.958));
    }
}
