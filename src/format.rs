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

/// The shortest decimal digits that read back as `magnitude` (>= 0, finite), without leading or
/// trailing zeros, and the decimal exponent of the first: 0.0795 -> ("795", -2), 6000 -> ("6", 3),
/// 0 -> ("0", 0). In the browser JavaScript's `String(number)` gives them, so the wasm carries no
/// float-formatting code and its tables; natively Rust's `{:e}` does. They are the same digits
/// except where two shortest forms are equally near (1658206780088562.25): JavaScript takes the
/// even last digit, Rust rounds up; both read back exactly. Figures (3 significant digits and
/// the like) do not come from here but from [`clean_digits`].
fn shortest_digits(magnitude: f64) -> (String, i32) {
    #[cfg(target_arch = "wasm32")]
    let text: String = js_sys::Number::from(magnitude)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    let text = format!("{magnitude:e}");
    digits_of(&text)
}

/// Digits and exponent of a number written `123.45`, `0.000001`, `1.5e-7`, `1e+21` or `1.5e2`.
fn digits_of(text: &str) -> (String, i32) {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = integer.chars().chain(fraction.chars()).collect();
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all[leading..].trim_end_matches('0');
    if digits.is_empty() {
        return ("0".to_string(), 0);
    }
    let first = exponent + integer.len() as i32 - 1 - leading as i32;
    (digits.to_string(), first)
}

/// `digits` (first digit at decimal exponent `exponent`) rounded half up to `keep` digits, which
/// may be fewer than one: ("795", -2) kept to 1 -> ("8", -2); ("4", -3) kept to 0 -> ("0", 0);
/// ("6", -3) kept to 0 -> ("1", -2).
fn round_digits(digits: &str, exponent: i32, keep: i32) -> (String, i32) {
    if keep < 0 {
        return ("0".to_string(), 0);
    }
    // A leading zero makes room for the carry and for keeping no digit of `digits`.
    let mut all: Vec<u8> = std::iter::once(0)
        .chain(digits.bytes().map(|b| b - b'0'))
        .collect();
    let kept = keep as usize + 1;
    if all.get(kept).is_some_and(|&d| d >= 5) {
        all.truncate(kept);
        for d in all.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                break;
            }
        }
    }
    all.truncate(kept);
    let mut first = exponent + 1;
    let leading = all.iter().take_while(|&&d| d == 0).count();
    if leading == all.len() {
        return ("0".to_string(), 0);
    }
    first -= leading as i32;
    let text: String = all[leading..]
        .iter()
        .map(|d| char::from(b'0' + d))
        .collect();
    (text, first)
}

/// `value` x 10^`power`, in two steps where 10^`power` alone would overflow (a subnormal scaled
/// up by 10^330).
fn scale_by_ten(value: f64, power: i32) -> f64 {
    let times = |v: f64, p: i32| {
        if p >= 0 {
            v * 10f64.powi(p)
        } else {
            v / 10f64.powi(-p)
        }
    };
    if power.abs() > 300 {
        times(times(value, power / 2), power - power / 2)
    } else {
        times(value, power)
    }
}

/// `magnitude` (> 0, finite) rounded to 12 significant digits, by scaling it into [1e11, 1e12):
/// (the 12 digits, decimal exponent of the first); `None` for 0. This is for figures: the
/// scaling is exact to about 1e-16, so only a 13th digit of nearly exactly 5 could round the
/// other way, which no 3-digit figure shows. Pure Rust and quick (a figure is written for every
/// cell on every move; asking JavaScript for each cost a call across the boundary).
fn clean_digits(magnitude: f64) -> Option<(String, i32)> {
    if magnitude <= 0.0 || !magnitude.is_finite() {
        return None;
    }
    let top = CLEAN_DIGITS as i32 - 1;
    let mut exponent = magnitude.log10().floor() as i32;
    let mut scaled = scale_by_ten(magnitude, top - exponent).round();
    // log10 can be one off near a power of ten.
    if scaled < 1e11 {
        exponent -= 1;
        scaled = scale_by_ten(magnitude, top - exponent).round();
    } else if scaled >= 1e12 {
        exponent += 1;
        scaled = scale_by_ten(magnitude, top - exponent).round();
    }
    // 999,999,999,999.5 rounds up to 10^12: one more digit.
    if scaled >= 1e12 {
        scaled /= 10.0;
        exponent += 1;
    }
    Some(((scaled as u64).to_string(), exponent))
}

/// The decimal digits of `magnitude` (>= 0, finite) rounded half up, as a person rounds on paper,
/// to `significant` digits: (digits, decimal exponent of the first digit). 998.5 -> ("999", 2),
/// 0.0795 -> ("80", -2) for two digits, 999.5 -> ("100", 3). Trailing zeros are kept, so the
/// text has exactly `significant` digits.
fn round_half_up(magnitude: f64, significant: usize) -> (String, i32) {
    let significant = significant.clamp(1, CLEAN_DIGITS) as i32;
    // First to 12 digits, so 0.07949999999999999 reads as the 0.0795 a person computes.
    let Some((clean, exponent)) = clean_digits(magnitude) else {
        return ("0".repeat(significant as usize), 0);
    };
    let (mut kept, exponent) = round_digits(&clean, exponent, significant);
    // A carry (999.5 -> 1000) adds a trailing zero.
    kept.truncate(significant as usize);
    while (kept.len() as i32) < significant {
        kept.push('0');
    }
    (kept, exponent)
}

/// `digits` (first at exponent `exponent`) written out without an exponent: ("15", -7) ->
/// "0.00000015", ("6", 3) -> "6000", ("12345", 2) -> "123.45".
fn write_out(digits: &str, exponent: i32) -> String {
    let count = digits.len() as i32;
    if exponent < 0 {
        format!("0.{}{digits}", "0".repeat((-exponent - 1) as usize))
    } else if exponent + 1 >= count {
        format!("{digits}{}", "0".repeat((exponent + 1 - count) as usize))
    } else {
        let split = (exponent + 1) as usize;
        format!("{}.{}", &digits[..split], &digits[split..])
    }
}

/// A finite number as Rust's `{}` writes it: the shortest digits that read back, never an
/// exponent (`0.1`, `6000`, `-0.00000015`).
pub fn plain(value: f64) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let (digits, exponent) = shortest_digits(value.abs());
    let sign = if value.is_sign_negative() { "-" } else { "" };
    format!("{sign}{}", write_out(&digits, exponent))
}

/// A finite number with the shortest digits that read back, as Rust's `{:e}` writes it:
/// (`1e21`, `1.5e-7`, `-2.5e0`) split into the mantissa and the exponent. Not a number: ("n/a", 0).
pub fn shortest_scientific(value: f64) -> (String, i32) {
    if !value.is_finite() {
        return (NOT_A_NUMBER.to_string(), 0);
    }
    let (digits, exponent) = shortest_digits(value.abs());
    let sign = if value.is_sign_negative() { "-" } else { "" };
    (format!("{sign}{}", mantissa(&digits)), exponent)
}

/// `value` in e-notation with `significant` digits, rounded half up, as Rust's `{:.Ne}` writes
/// it: 1e-5, 2.5e3 (for 1 and 2 digits).
pub fn scientific(value: f64, significant: usize) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let (digits, exponent) = round_half_up(value.abs(), significant);
    format!("{sign}{}", e_notation(&digits, exponent))
}

/// A number with exactly `decimals` decimals, rounded half up from its first 12 significant
/// digits (as every figure here is): 0.125 -> "0.13" for 2, 12.5 -> "13" for 0. (Rust's `{:.2}` rounds the binary value half to even, which is not how a person
/// rounds a figure they can see.)
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let (digits, exponent) = round_half_up(value.abs(), CLEAN_DIGITS);
    let (digits, exponent) = round_digits(&digits, exponent, exponent + 1 + decimals as i32);
    let sign = if value < 0.0 && digits != "0" {
        "-"
    } else {
        ""
    };
    // Pad with zeros to the last decimal, then place the point.
    let last = exponent + 1 - digits.len() as i32;
    let wanted = -(decimals as i32);
    let (digits, exponent) = if digits == "0" {
        ("0".repeat(decimals + 1), 0)
    } else {
        let pad = (last - wanted).max(0) as usize;
        (format!("{digits}{}", "0".repeat(pad)), exponent)
    };
    format!("{sign}{}", write_out(&digits, exponent))
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

/// Digits in e-notation: ("280", -8) -> "2.80e-8", ("1", -5) -> "1e-5".
fn e_notation(digits: &str, exponent: i32) -> String {
    format!("{}e{exponent}", mantissa(digits))
}

/// Digits as a mantissa with one digit before the point: "280" -> "2.80", "1" -> "1".
fn mantissa(digits: &str) -> String {
    match digits.split_at(digits.len().min(1)) {
        (first, "") => first.to_string(),
        (first, rest) => format!("{first}.{rest}"),
    }
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
        write_out(&digits, local),
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
        fixed(rounded, 2)
    } else if magnitude == 0.0 {
        "0.00".to_string()
    } else {
        // Two significant digits, at least to the cent: 0.03975 -> 0.040, 0.123 -> 0.12.
        let (_, first) = round_half_up(magnitude, CLEAN_DIGITS);
        let decimals = (1 - first).max(2);
        let significant = (first + decimals + 1).max(1) as usize;
        let (digits, exponent) = round_half_up(magnitude, significant);
        let rounded = from_digits(&digits, exponent + 1 - digits.len() as i32).unwrap_or(magnitude);
        fixed(rounded, decimals as usize)
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
    let shortest = plain(value);
    if shortest.len() <= 12 {
        shortest
    } else {
        let (digits, exponent) = three_significant(value.abs());
        let rounded = from_digits(&digits, exponent - 2).unwrap_or(value.abs());
        format!("{}{}", if value < 0.0 { "-" } else { "" }, plain(rounded))
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

    #[test]
    fn digits_read_from_every_way_javascript_and_rust_write_a_number() {
        assert_eq!(digits_of("123.45"), ("12345".to_string(), 2));
        assert_eq!(digits_of("0.000001"), ("1".to_string(), -6));
        assert_eq!(digits_of("1.5e-7"), ("15".to_string(), -7));
        assert_eq!(digits_of("1e+21"), ("1".to_string(), 21));
        assert_eq!(digits_of("1.2345e2"), ("12345".to_string(), 2));
        assert_eq!(digits_of("6000"), ("6".to_string(), 3));
        assert_eq!(digits_of("0"), ("0".to_string(), 0));
        assert_eq!(digits_of("0e0"), ("0".to_string(), 0));
        assert_eq!(digits_of("5e-324"), ("5".to_string(), -324));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The 12 clean digits are Rust's exact rounding (`{:.11e}`), but for a 13th digit of
        /// nearly exactly 5 (then one unit in the 12th).
        #[test]
        fn clean_digits_are_the_exact_rounding(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits).abs();
            proptest::prop_assume!(x.is_finite() && x > 0.0);
            let (digits, exponent) = clean_digits(x).unwrap();
            let exact = format!("{x:.11e}");
            let (mantissa, exact_exponent) = exact.split_once('e').unwrap();
            let exact_digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert_eq!(digits.len(), 12);
            proptest::prop_assert_eq!(exponent, exact_exponent.parse::<i32>().unwrap());
            let (mine, theirs): (u64, u64) = (digits.parse().unwrap(), exact_digits.parse().unwrap());
            proptest::prop_assert!(mine.abs_diff(theirs) <= 1, "{x:e}: {digits} vs {exact_digits}");
        }
    }

    #[test]
    fn clean_digits_at_the_edges() {
        assert_eq!(clean_digits(0.0), None);
        assert_eq!(clean_digits(1.0), Some(("100000000000".to_string(), 0)));
        assert_eq!(
            clean_digits(999.9999999999999),
            Some(("100000000000".to_string(), 3))
        );
        assert_eq!(
            clean_digits(5e-324),
            Some(("494065645841".to_string(), -324))
        );
        assert_eq!(
            clean_digits(f64::MAX),
            Some(("179769313486".to_string(), 308))
        );
        assert_eq!(number(5e-324), "4.94e-324");
    }

    #[test]
    fn fixed_decimals_round_half_up() {
        assert_eq!(fixed(1.5, 2), "1.50");
        assert_eq!(fixed(0.125, 2), "0.13");
        assert_eq!(fixed(12.5, 0), "13");
        assert_eq!(fixed(0.006, 2), "0.01");
        assert_eq!(fixed(0.004, 2), "0.00");
        assert_eq!(fixed(999.996, 2), "1000.00");
        assert_eq!(fixed(0.0, 1), "0.0");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-2.345, 1), "-2.3");
        assert_eq!(fixed(123_456.0, 0), "123456");
        assert_eq!(fixed(1e20, 2), "100000000000000000000.00");
        assert_eq!(fixed(f64::NAN, 2), NOT_A_NUMBER);
    }

    #[test]
    fn shortest_forms_lay_out_like_rusts() {
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(-1.5e-7), "-0.00000015");
        assert_eq!(plain(1e21), "1000000000000000000000");
        assert_eq!(plain(-0.0), "-0");
        assert_eq!(shortest_scientific(1e21), ("1".to_string(), 21));
        assert_eq!(shortest_scientific(-2.5), ("-2.5".to_string(), 0));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn plain_and_scientific_write_what_rust_writes(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite());
            proptest::prop_assert_eq!(plain(x), format!("{x}"));
            let (mantissa, exponent) = shortest_scientific(x);
            proptest::prop_assert_eq!(format!("{mantissa}e{exponent}"), format!("{x:e}"));
        }

        #[test]
        fn fixed_is_within_half_a_last_decimal(x in -1e9f64..1e9, decimals in 0usize..6) {
            let text = fixed(x, decimals);
            let back: f64 = text.parse().unwrap();
            let half = 0.5 * 10f64.powi(-(decimals as i32));
            // Half a last decimal, plus the 12 significant digits the figure is cleaned to first.
            proptest::prop_assert!((back - x).abs() <= half * (1.0 + 1e-9) + x.abs() * 5e-12, "{x} -> {text}");
            let shown = text.split_once('.').map_or(0, |(_, d)| d.len());
            proptest::prop_assert_eq!(shown, decimals);
        }
    }
}
