//! The results table as CSV (RFC 4180), for a spreadsheet.
//!
//! Layout: one row per metric, in the table's order; the extra figures (carbon, the API margin,
//! ranges, figures from logs); last, a row naming each platform's FLOPS precision (FLOPS
//! figures are never shown without it).
//!
//! ```text
//! metric,unit,NVIDIA HGX H200,NVIDIA GB300 NVL72,NVIDIA HGX H200 vs NVIDIA HGX H200,NVIDIA GB300 NVL72 vs NVIDIA HGX H200
//! Cost per GPU per hour,$,1.41,2.65,baseline,1.88x
//! ...
//! Cost per million tokens,$,4.351851851851852,0.12268518518518519,baseline,35.5x lower
//! Carbon per million output tokens,g CO2e,2328.024691358025,42.38888888888889,,
//! FLOPS precision,,FP8 sparse,FP4 dense,,
//! ```
//!
//! Values are written at full precision (Rust's shortest form that reads back to the same number,
//! never in e-notation); the multiples read as on the page (`1.88x`, `35.5x lower`, `baseline`,
//! `same`). Fields holding a comma, a quote, CR or LF are quoted, quotes doubled; lines end in
//! CRLF. A text cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or CR) gets a leading apostrophe; numbers written here are not text cells and are never
//! changed, so a negative value keeps its minus sign.

use crate::format;
use crate::model::Metric;
use crate::scenario::Scenario;

/// Suggested download name and media type.
pub const FILE_NAME: &str = "cost-per-token.csv";
pub const MIME_TYPE: &str = "text/csv;charset=utf-8";

const LINE_END: &str = "\r\n";

/// A cell of text from the user or the app: guarded against formula injection, then quoted.
pub fn text_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    quote(&guarded)
}

/// A number at full precision; a value that cannot be shown is an empty cell, never NaN.
pub fn number_cell(value: f64) -> String {
    if value.is_finite() {
        // The shortest exact form, never with an exponent (as Rust's `{}` writes it).
        format::plain(value)
    } else {
        String::new()
    }
}

/// RFC 4180: quote a field holding a comma, a quote, CR or LF; double its quotes.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// A metric label "Name (unit)" split into name and unit.
fn split_label(label: &str) -> (&str, &str) {
    match label.rfind(" (") {
        Some(at) if label.ends_with(')') => (&label[..at], &label[at + 2..label.len() - 1]),
        _ => (label, ""),
    }
}

/// Column headers for the platforms: their names, with the platform number added where two
/// platforms share a name, so every column is told apart.
fn column_names(scenario: &Scenario) -> Vec<String> {
    let names: Vec<&str> = scenario.platforms.iter().map(|p| p.name.as_str()).collect();
    names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            if names.iter().filter(|n| *n == name).count() > 1 {
                format!("{name} (platform {})", index + 1)
            } else {
                (*name).to_string()
            }
        })
        .collect()
}

fn push_row(out: &mut String, cells: Vec<String>) {
    out.push_str(&cells.join(","));
    out.push_str(LINE_END);
}

/// The results table of a scenario as CSV text.
pub fn results_csv(scenario: &Scenario) -> String {
    let results = scenario.results();
    let names = column_names(scenario);
    let baseline_name = names.get(results.baseline).cloned().unwrap_or_default();
    let mut out = String::new();

    let mut header = vec![text_cell("metric"), text_cell("unit")];
    header.extend(names.iter().map(|n| text_cell(n)));
    header.extend(
        names
            .iter()
            .map(|n| text_cell(&format!("{n} vs {baseline_name}"))),
    );
    push_row(&mut out, header);

    for metric in Metric::ALL {
        let (name, unit) = split_label(metric.label());
        let mut row = vec![text_cell(name), text_cell(unit)];
        row.extend(results.metrics.iter().map(|m| number_cell(m.get(metric))));
        row.extend(
            (0..results.metrics.len())
                .map(|i| text_cell(&format::multiple(results.multiple(i, metric)))),
        );
        push_row(&mut out, row);
    }

    extra_rows(&mut out, &results);
    source_rows(&mut out, scenario);
    let mut row = vec![text_cell("FLOPS precision"), String::new()];
    row.extend(
        scenario
            .platforms
            .iter()
            .map(|p| text_cell(p.precision.label())),
    );
    row.extend(scenario.platforms.iter().map(|_| String::new()));
    push_row(&mut out, row);
    out
}

/// Where each platform's throughput and price come from: the measured workload and precision,
/// the seed table, or the user's own figure; a price tier with its survey.
fn source_rows(out: &mut String, scenario: &Scenario) {
    let settings = &scenario.settings;
    let mut row = |name: &str, cell: &dyn Fn(&crate::scenario::Platform) -> String| {
        let mut cells = vec![text_cell(name), String::new()];
        cells.extend(scenario.platforms.iter().map(|p| text_cell(&cell(p))));
        cells.extend(scenario.platforms.iter().map(|_| String::new()));
        push_row(out, cells);
    };
    row("Throughput from", &|p| match p.frontier(settings) {
        Some(f) if p.is_measured(settings) || settings.target_tps_user.is_some() => {
            let workload =
                crate::catalogue::measured::workload(f.workload).map_or(f.workload, |w| w.name);
            format!(
                "SemiAnalysis InferenceX: {workload}, {}",
                f.precision.label()
            )
        }
        _ if p.curve.is_some() && settings.target_tps_user.is_some() => "your curve".into(),
        _ if p.effective_tps(settings).is_none() => "none".into(),
        _ if !p.tps_custom && p.tps == p.seed_tps() => "the seed table".into(),
        _ => "your figure".into(),
    });
    row("Price from", &|p| match p.tier {
        Some(t) if p.tier_price().is_some() => t.label(),
        _ if p.seed_price() == Some(p.usd_hr) => "the seed table".into(),
        _ => "your figure".into(),
    });
}

/// Carbon always; the API margin with a list price; each metric's, carbon's and the margin's
/// low and high where a range (a platform's or the page's) is in force; throughput and price from logs where given. Blank where a
/// platform has no such figure.
fn extra_rows(out: &mut String, results: &crate::scenario::Results) {
    let count = results.metrics.len();
    let mut row = |name: &str, unit: &str, cell: &dyn Fn(usize) -> Option<f64>| {
        let mut cells = vec![text_cell(name), text_cell(unit)];
        cells.extend((0..count).map(|i| cell(i).map(number_cell).unwrap_or_default()));
        cells.extend((0..count).map(|_| String::new()));
        push_row(out, cells);
    };
    let extras = &results.extras;
    let extra = |i: usize| extras.get(i);
    row("Carbon per million output tokens", "g CO2e", &|i| {
        extra(i).map(|e| e.co2_per_mtok)
    });
    if extras.iter().any(|e| e.api_margin.is_some()) {
        row("Gross margin at the API's list price", "%", &|i| {
            extra(i).and_then(|e| e.api_margin)
        });
    }
    let details = &results.details;
    if details.iter().any(|d| d.max_interactivity.is_some()) {
        row(
            "Highest interactivity under the cost cap",
            "tokens/s per user",
            &|i| {
                details
                    .get(i)
                    .and_then(|d| d.max_interactivity)
                    .map(|(x, _)| x)
            },
        );
    }
    if details.iter().any(|d| d.users_per_mw.is_some()) {
        row("Concurrent users per MW at the target", "users", &|i| {
            details.get(i).and_then(|d| d.users_per_mw)
        });
    }
    if extras.iter().any(|e| e.metric_spans.is_some()) {
        for metric in Metric::ALL {
            let (name, unit) = split_label(metric.label());
            row(&format!("{name}, low"), unit, &|i| {
                extra(i).and_then(|e| e.span(metric)).map(|s| s.0)
            });
            row(&format!("{name}, high"), unit, &|i| {
                extra(i).and_then(|e| e.span(metric)).map(|s| s.1)
            });
        }
    }
    // Carbon and the margin over the ranges: what the page's grid intensity and API price
    // ranges move, besides every range the metrics feel.
    if extras.iter().any(|e| e.co2_span.is_some()) {
        let name = "Carbon per million output tokens";
        row(&format!("{name}, low"), "g CO2e", &|i| {
            extra(i).and_then(|e| e.co2_span).map(|s| s.0)
        });
        row(&format!("{name}, high"), "g CO2e", &|i| {
            extra(i).and_then(|e| e.co2_span).map(|s| s.1)
        });
    }
    if extras.iter().any(|e| e.api_margin_span.is_some()) {
        let name = "Gross margin at the API's list price";
        row(&format!("{name}, low"), "%", &|i| {
            extra(i).and_then(|e| e.api_margin_span).map(|s| s.0)
        });
        row(&format!("{name}, high"), "%", &|i| {
            extra(i).and_then(|e| e.api_margin_span).map(|s| s.1)
        });
    }
    if extras
        .iter()
        .any(|e| e.from_logs.tps.is_some() || e.from_logs.usd_hr.is_some())
    {
        row("Throughput from your logs", "tokens/s", &|i| {
            extra(i).and_then(|e| e.from_logs.tps)
        });
        row("Price from your logs", "$ per GPU-hour", &|i| {
            extra(i).and_then(|e| e.from_logs.usd_hr)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small RFC 4180 reader for the tests: records of fields.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut records = Vec::new();
        let mut record = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
            } else {
                match c {
                    '"' => quoted = true,
                    ',' => record.push(std::mem::take(&mut field)),
                    '\r' => {
                        assert_eq!(chars.next(), Some('\n'), "CR only before LF");
                        record.push(std::mem::take(&mut field));
                        records.push(std::mem::take(&mut record));
                    }
                    '\n' => panic!("bare LF outside quotes"),
                    _ => field.push(c),
                }
            }
        }
        assert!(
            field.is_empty() && record.is_empty(),
            "the last line ends in CRLF"
        );
        records
    }

    #[test]
    fn a_measured_workload_and_a_price_tier_are_named() {
        use crate::scenario::measured::{PriceTier, WorkloadId};
        let mut s = Scenario::default();
        s.settings.workload = WorkloadId::from_id("deepseek-r1-8k1k");
        s.platforms[0].set_tier(PriceTier::from_id("rent-3yr-2026-07"));
        let rows = parse(&results_csv(&s));
        let find = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
        assert_eq!(
            find("Throughput from")[2..4],
            [
                "SemiAnalysis InferenceX: DeepSeek-R1, 8k in / 1k out, FP8",
                "SemiAnalysis InferenceX: DeepSeek-R1, 8k in / 1k out, FP4"
            ]
        );
        assert_eq!(
            find("Price from")[2..4],
            ["Renting, 3-year commitment, July 2026", "the seed table"]
        );
        // No cap and no target: no such rows.
        assert!(!rows
            .iter()
            .any(|r| r[0].starts_with("Highest interactivity")));
        s.settings.cap = Some(1.0);
        s.settings.target_tps_user = Some(40.0);
        let rows = parse(&results_csv(&s));
        let cap = rows
            .iter()
            .find(|r| r[0] == "Highest interactivity under the cost cap")
            .unwrap();
        // H200 never gets under $1 per million tokens (blank); GB300 does.
        assert_eq!(cap[2], "", "{cap:?}");
        assert!(cap[3].parse::<f64>().unwrap() > 0.0, "{cap:?}");
        let users = rows
            .iter()
            .find(|r| r[0] == "Concurrent users per MW at the target")
            .unwrap();
        // Users per MW = tokens/s per MW / 40 tokens/s per user.
        let r = s.results();
        let expected = r.metrics[1].tok_per_mw / 40.0;
        assert!((users[3].parse::<f64>().unwrap() - expected).abs() < 1e-6 * expected);
    }

    #[test]
    fn the_default_scenario() {
        let text = results_csv(&Scenario::default());
        let rows = parse(&text);
        assert_eq!(
            rows[0],
            [
                "metric",
                "unit",
                "NVIDIA HGX H200",
                "NVIDIA GB300 NVL72",
                "NVIDIA HGX H200 vs NVIDIA HGX H200",
                "NVIDIA GB300 NVL72 vs NVIDIA HGX H200"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "Cost per GPU per hour",
                "$",
                "1.41",
                "2.65",
                "baseline",
                "1.88x"
            ]
        );
        assert_eq!(rows[2][0..2], ["FLOP per dollar", "PFLOPS per $/h"]);
        assert_eq!(rows[3][2..], ["90", "6000", "baseline", "66.7x"]);
        assert_eq!(rows[4][0..2], ["Token output per MW", "tokens/s"]);
        assert_eq!(rows[5][0..2], ["Cost per million tokens", "$"]);
        assert_eq!(rows[5][4..], ["baseline", "35.5x lower"]);
        // Full precision, not the page's three digits.
        let cost: f64 = rows[5][2].parse().unwrap();
        assert_eq!(cost, 1.41 / (90.0 * 3600.0) * 1e6);
        assert!(rows[5][2].len() > 6, "{}", rows[5][2]);
        assert_eq!(
            rows[6][0..2],
            ["Carbon per million output tokens", "g CO2e"]
        );
        assert_eq!(
            rows[7],
            [
                "Throughput from",
                "",
                "the seed table",
                "the seed table",
                "",
                ""
            ]
        );
        assert_eq!(
            rows[8],
            ["Price from", "", "the seed table", "the seed table", "", ""]
        );
        assert_eq!(
            rows[9],
            ["FLOPS precision", "", "FP8 sparse", "FP4 dense", "", ""]
        );
        // The metrics, carbon, where figures come from, and the precision row, last.
        assert_eq!(rows.len(), 1 + Metric::ALL.len() + 1 + 2 + 1);
        assert!(rows.iter().all(|r| r.len() == 6));
        assert!(!text.contains("NaN") && !text.contains("inf"));
    }

    #[test]
    fn names_with_commas_quotes_and_newlines_are_quoted() {
        let mut s = Scenario::default();
        s.platforms[0].name = "A, \"big\"\nGPU".into();
        let text = results_csv(&s);
        assert!(text.starts_with("metric,unit,\"A, \"\"big\"\"\nGPU\",NVIDIA GB300 NVL72,"));
        let rows = parse(&text);
        assert_eq!(rows[0][2], "A, \"big\"\nGPU");
        assert_eq!(rows[0][5], "NVIDIA GB300 NVL72 vs A, \"big\"\nGPU");
    }

    #[test]
    fn formulas_are_defused_but_numbers_are_not() {
        assert_eq!(
            text_cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(text_cell("+1"), "'+1");
        assert_eq!(text_cell("-2+3"), "'-2+3");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("\tx"), "'\tx");
        assert_eq!(text_cell("H200"), "H200");
        assert_eq!(text_cell("a=b"), "a=b");
        assert_eq!(number_cell(-12.5), "-12.5");
        assert_eq!(number_cell(2.8e-8), "0.000000028");
        assert_eq!(number_cell(f64::NAN), "");
        assert_eq!(number_cell(f64::INFINITY), "");
        let mut s = Scenario::default();
        s.platforms[1].name = "=1+1".into();
        let rows = parse(&results_csv(&s));
        assert_eq!(rows[0][3], "'=1+1");
        assert_eq!(rows[0][5], "'=1+1 vs NVIDIA HGX H200");
    }

    #[test]
    fn shared_names_get_their_platform_number_and_the_baseline_follows() {
        let mut s = Scenario::default();
        s.add_platform().unwrap();
        s.baseline = 2;
        let rows = parse(&results_csv(&s));
        assert_eq!(
            rows[0][2..5],
            [
                "NVIDIA HGX H200",
                "NVIDIA GB300 NVL72 (platform 2)",
                "NVIDIA GB300 NVL72 (platform 3)"
            ]
        );
        assert_eq!(
            rows[0][7],
            "NVIDIA GB300 NVL72 (platform 3) vs NVIDIA GB300 NVL72 (platform 3)"
        );
        assert_eq!(rows[5][5..], ["35.5x higher", "same", "baseline"]);
    }

    #[test]
    fn labels_split_into_name_and_unit() {
        assert_eq!(
            split_label("Cost per GPU per hour ($)"),
            ("Cost per GPU per hour", "$")
        );
        assert_eq!(split_label("Plain"), ("Plain", ""));
    }

    #[test]
    fn carbon_margin_and_ranges_are_rows() {
        let mut s = Scenario::default();
        s.settings.grid_g_kwh = 400.0;
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.platforms[0].ranges.usd_hr = Some((1.2, 1.7));
        s.platforms[0].ranges.tps = Some((80.0, 100.0));
        let rows = parse(&results_csv(&s));
        let find = |name: &str| rows.iter().find(|r| r[0] == name).cloned().unwrap();
        let carbon = find("Carbon per million output tokens");
        assert!(carbon[2].starts_with("2135.80"), "{carbon:?}");
        assert!(find("Gross margin at the API's list price")[2].starts_with("-58.82"));
        let low = find("Cost per million tokens, low");
        assert!(low[2].starts_with("3.333"), "{low:?}");
        assert_eq!(low[3], "", "the GB300 has no range");
        assert!(find("Cost per million tokens, high")[2].starts_with("5.902"));
    }

    #[test]
    fn page_ranges_give_low_and_high_rows() {
        let mut s = Scenario::default();
        s.settings.ranges.grid_g_kwh = Some((300.0, 500.0));
        s.settings.api_in = Some(0.55);
        s.settings.api_out = Some(2.19);
        s.settings.ranges.api_in = Some((0.40, 0.70));
        s.settings.ranges.api_out = Some((2.00, 2.50));
        let rows = parse(&results_csv(&s));
        let find = |name: &str| rows.iter().find(|r| r[0] == name).cloned().unwrap();
        // 5.3395 kWh per million tokens x 300 and x 500 g; the GB300's 0.09722 kWh likewise.
        let low = find("Carbon per million output tokens, low");
        assert!(low[2].starts_with("1601.85"), "{low:?}");
        assert!(low[3].starts_with("29.166"), "{low:?}");
        assert!(find("Carbon per million output tokens, high")[2].starts_with("2669.75"));
        assert!(find("Gross margin at the API's list price, low")[2].starts_with("-81.327"));
        assert!(find("Gross margin at the API's list price, high")[2].starts_with("-35.995"));
        // Every range at once: the metrics' rows are there too, at their values here.
        let cost = find("Cost per million tokens, low");
        assert!(cost[2].starts_with("4.351"), "{cost:?}");
    }
}
