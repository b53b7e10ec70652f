//! Native tests: every chart rendered to SVG for the default scenario, three platforms, one
//! platform, extreme and broken values, and sizes from tiny to wide.

use plotters::prelude::*;

use super::*;
use crate::presets::{self, PresetId};
use crate::scenario::{Platform, Scenario};

const WIDE: (u32, u32) = (1280, 480);
const NARROW: (u32, u32) = (360, 300);

fn platform(name: &str, usd_hr: f64, tps: f64) -> Platform {
    Platform {
        name: name.to_string(),
        usd_hr,
        tps,
        ..presets::platform_from(PresetId::H200)
    }
}

fn scenario(platforms: Vec<Platform>, baseline: usize) -> Scenario {
    Scenario {
        platforms,
        baseline,
        ..Scenario::default()
    }
}

fn three() -> Scenario {
    scenario(
        vec![
            platform("Alpha", 2.0, 100.0),
            platform("Beta", 3.0, 1000.0),
            platform("Gamma", 1.0, 50.0),
        ],
        0,
    )
}

/// The chart alone (no title or legend), as SVG.
fn chart_svg(kind: ChartKind, scenario: &Scenario, size: (u32, u32)) -> (String, DrawReport) {
    let results = scenario.results();
    let input = ChartInput::new(scenario, &results);
    let mut svg = String::new();
    let report = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let report = draw(kind, &root, &input).expect("drawing to a string never fails");
        root.present().expect("present");
        report
    };
    (svg, report)
}

/// The tags of one element name, e.g. every `<rect .../>`.
fn tags<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    svg.match_indices(&open)
        .map(|(at, _)| {
            let rest = &svg[at..];
            &rest[..rest.find('>').map_or(rest.len(), |end| end + 1)]
        })
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let rest = &tag[start..];
    Some(&rest[..rest.find('"')?])
}

/// Filled rectangles of platform `index`'s colour: its bars.
fn bars_of(svg: &str, index: usize) -> usize {
    let colour = platform_css_colour(index);
    tags(svg, "rect")
        .iter()
        .filter(|t| attribute(t, "fill") == Some(colour.as_str()))
        .count()
}

/// Markers of platform `index`: circles filled or outlined in its colour.
fn markers_of(svg: &str, index: usize) -> usize {
    let colour = platform_css_colour(index);
    tags(svg, "circle")
        .iter()
        .filter(|t| {
            attribute(t, "fill") == Some(colour.as_str())
                || attribute(t, "stroke") == Some(colour.as_str())
        })
        .count()
}

/// Lines of platform `index`'s colour.
fn lines_of(svg: &str, index: usize) -> usize {
    let colour = platform_css_colour(index);
    tags(svg, "polyline")
        .iter()
        .filter(|t| attribute(t, "stroke") == Some(colour.as_str()))
        .count()
}

/// Every text drawn: (x, y, content).
fn texts(svg: &str) -> Vec<(f64, f64, String)> {
    svg.match_indices("<text ")
        .filter_map(|(at, _)| {
            let rest = &svg[at..];
            let head_end = rest.find('>')?;
            let head = &rest[..head_end];
            let body_end = rest.find("</text>")?;
            let body = rest[head_end + 1..body_end].trim().to_string();
            let x = attribute(head, "x")?.parse().ok()?;
            let y = attribute(head, "y")?.parse().ok()?;
            Some((x, y, body))
        })
        .collect()
}

fn has_text(svg: &str, wanted: &str) -> bool {
    texts(svg).iter().any(|(_, _, t)| t.contains(wanted))
}

fn assert_clean(svg: &str) {
    for bad in ["NaN", "inf", "undefined", "n/a"] {
        assert!(!svg.contains(bad), "SVG shows {bad}");
    }
    // Every coordinate is inside the picture (nothing was drawn at i32::MIN or such).
    for tag in tags(svg, "rect").iter().chain(tags(svg, "circle").iter()) {
        for key in ["x", "y", "cx", "cy"] {
            if let Some(value) = attribute(tag, key) {
                let v: f64 = value.parse().expect("number");
                assert!((-20.0..=2000.0).contains(&v), "{key}={v} in {tag}");
            }
        }
    }
}

#[test]
fn kinds_have_titles_and_file_stems() {
    assert_eq!(ChartKind::Iceberg.file_stem(), "cost-per-token-iceberg");
    assert_eq!(
        ChartKind::CostVsThroughput.file_stem(),
        "cost-per-token-vs-throughput"
    );
    assert_eq!(
        ChartKind::CostByPlatform.file_stem(),
        "cost-per-token-by-platform"
    );
    for kind in ChartKind::ALL {
        assert!(!title(kind).is_empty());
        assert_eq!(title(kind), kind.title());
    }
}

#[test]
fn palette_is_okabe_ito() {
    assert_eq!(platform_css_colour(0), "#0072B2");
    assert_eq!(platform_css_colour(1), "#E69F00");
    assert_eq!(platform_css_colour(8), "#0072B2");
    assert!(!second_cycle(7) && second_cycle(8));
    let mut hex: Vec<String> = (0..PALETTE.len()).map(platform_css_colour).collect();
    hex.sort();
    hex.dedup();
    assert_eq!(hex.len(), 8);
}

#[test]
fn iceberg_default_shows_the_seed_multiples() {
    let s = Scenario::default();
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::Iceberg, &s, size);
        assert_clean(&svg);
        assert_eq!(bars_of(&svg, 1), 5, "five bars for GB300 at {size:?}");
        assert_eq!(bars_of(&svg, 0), 0, "no bars for the baseline");
        for label in ["1.88x", "2.02x", "66.7x", "54.9x", "35.5x lower"] {
            assert!(has_text(&svg, label), "{label} at {size:?}");
        }
        for heading in [
            "What you pay for",
            "What you get",
            "Cost per hour",
            "Tokens per MW",
        ] {
            assert!(has_text(&svg, heading), "{heading} at {size:?}");
        }
        assert!(has_text(&svg, "Times the baseline"));
        assert!(has_text(&svg, "10x"), "tick labels read 1x, 10x, ...");
    }
    let (svg, _) = chart_svg(ChartKind::Iceberg, &s, WIDE);
    assert!(
        has_text(&svg, "HGX H200 = 1x"),
        "wide axis title names the baseline"
    );
}

#[test]
fn iceberg_outputs_outgrow_inputs() {
    // The point of the chart: the bars of what you get are far longer than those you pay for.
    let (svg, _) = chart_svg(ChartKind::Iceberg, &Scenario::default(), WIDE);
    let colour = platform_css_colour(1);
    let widths: Vec<f64> = tags(&svg, "rect")
        .iter()
        .filter(|t| attribute(t, "fill") == Some(colour.as_str()))
        .filter_map(|t| attribute(t, "width")?.parse().ok())
        .collect();
    assert_eq!(widths.len(), 5);
    let (inputs, outputs) = widths.split_at(2);
    let longest_input = inputs.iter().cloned().fold(0.0, f64::max);
    let shortest_output = outputs.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(shortest_output > 3.0 * longest_input, "{widths:?}");
}

#[test]
fn iceberg_three_platforms_one_bar_each_per_metric() {
    let s = three();
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::Iceberg, &s, size);
        assert_clean(&svg);
        assert_eq!(bars_of(&svg, 0), 0);
        assert_eq!(bars_of(&svg, 1), 5);
        assert_eq!(bars_of(&svg, 2), 5);
        // Gamma is worse than Alpha on tokens per GPU: its bar goes left of 1x.
        assert!(has_text(&svg, "0.500x"), "{:?}", texts(&svg));
        assert!(
            has_text(&svg, "2.00x"),
            "Gamma's cost per token is 2.00x higher"
        );
    }
}

#[test]
fn iceberg_with_one_platform_asks_for_another() {
    let s = scenario(vec![platform("Solo", 2.0, 100.0)], 0);
    let (svg, _) = chart_svg(ChartKind::Iceberg, &s, WIDE);
    assert!(has_text(&svg, "Add a platform to compare"));
    assert_eq!(bars_of(&svg, 0), 0);
    let results = s.results();
    let summary = text_summary(ChartKind::Iceberg, &ChartInput::new(&s, &results));
    assert!(summary.contains("add a platform"), "{summary}");
}

#[test]
fn throughput_default_marks_both_points() {
    let s = Scenario::default();
    for size in [WIDE, NARROW] {
        let (svg, report) = chart_svg(ChartKind::CostVsThroughput, &s, size);
        assert_clean(&svg);
        assert!(report.clamped.is_empty());
        assert_eq!(markers_of(&svg, 0), 1);
        assert_eq!(markers_of(&svg, 1), 1);
        assert_eq!(lines_of(&svg, 0), 1);
        assert_eq!(lines_of(&svg, 1), 1);
        assert!(has_text(&svg, "H200 $4.35"), "{size:?}");
        assert!(has_text(&svg, "$0.123"));
        assert!(has_text(&svg, "tokens (log"), "y axis title at {size:?}");
        assert!(
            has_text(&svg, "per GPU (log scale)"),
            "x axis title at {size:?}"
        );
        for tick in ["1", "10", "100", "1K", "10K", "100K"] {
            assert!(texts(&svg).iter().any(|(_, _, t)| t == tick), "tick {tick}");
        }
    }
    let (svg, _) = chart_svg(ChartKind::CostVsThroughput, &s, WIDE);
    assert!(has_text(&svg, "NVIDIA HGX H200 $4.35"));
    assert!(has_text(&svg, "NVIDIA GB300 NVL72 $0.123"));
}

#[test]
fn throughput_line_is_the_model_formula() {
    // The line drawn through a platform's point is cost_per_mtok at its $/h.
    let s = Scenario::default();
    let results = s.results();
    for (p, m) in s.platforms.iter().zip(&results.metrics) {
        let k = m.cost_per_mtok * m.tps;
        for t in [1.0, 42.0, 1e5] {
            let model = crate::model::metrics::cost_per_mtok(p.usd_hr, t);
            assert!((k / t - model).abs() <= 1e-9 * model);
        }
    }
}

#[test]
fn throughput_three_platforms() {
    let (svg, report) = chart_svg(ChartKind::CostVsThroughput, &three(), WIDE);
    assert_clean(&svg);
    assert!(report.clamped.is_empty());
    for i in 0..3 {
        assert_eq!(markers_of(&svg, i), 1, "platform {i}");
        assert_eq!(lines_of(&svg, i), 1, "platform {i}");
    }
    for name in ["Alpha", "Beta", "Gamma"] {
        assert!(has_text(&svg, name));
    }
}

#[test]
fn throughput_labels_do_not_collide() {
    // Five copies of one platform: one point, five labels moved apart.
    let copies: Vec<Platform> = (0..5).map(|_| platform("Same", 2.0, 500.0)).collect();
    let s = scenario(copies, 0);
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::CostVsThroughput, &s, size);
        let mut ys: Vec<f64> = texts(&svg)
            .into_iter()
            .filter(|(_, _, t)| t.starts_with("Same #"))
            .map(|(_, y, _)| y)
            .collect();
        assert_eq!(ys.len(), 5);
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 11.0), "{ys:?}");
    }
}

fn extreme() -> Scenario {
    scenario(
        vec![
            platform("Crawl", 1000.0, 0.001),
            platform("Warp", 0.001, 10_000_000.0),
            platform("Dear", 1000.0, 90.0),
            platform("Normal", 1.41, 90.0),
        ],
        3,
    )
}

#[test]
fn extreme_values_render_and_report_clamping() {
    let s = extreme();
    assert!(s.is_valid(), "every value is inside the valid ranges");
    for kind in ChartKind::ALL {
        for size in [WIDE, NARROW] {
            let (svg, report) = chart_svg(kind, &s, size);
            assert_clean(&svg);
            if kind == ChartKind::CostVsThroughput {
                assert!(
                    report.clamped.contains(&0),
                    "0.001 tokens/s is off the axis"
                );
                assert!(report.clamped.contains(&1), "10M tokens/s is off the axis");
                assert!(!report.clamped.contains(&3));
                assert!(has_text(&svg, "(off scale)"));
                for i in 0..4 {
                    assert_eq!(markers_of(&svg, i), 1, "platform {i} at {size:?}");
                }
            } else {
                assert!(report.clamped.is_empty());
            }
        }
    }
    let results = s.results();
    let input = ChartInput::new(&s, &results);
    let clamped = clamped_platforms(&input);
    assert_eq!(
        chart_svg(ChartKind::CostVsThroughput, &s, WIDE).1.clamped,
        clamped
    );
    let summary = text_summary(ChartKind::CostVsThroughput, &input);
    assert!(
        summary.contains("shown at its edge: Crawl, Warp"),
        "{summary}"
    );
}

#[test]
fn one_platform_draws_one_of_each() {
    let s = scenario(vec![platform("Solo", 2.0, 100.0)], 0);
    let (svg, report) = chart_svg(ChartKind::CostVsThroughput, &s, NARROW);
    assert_clean(&svg);
    assert!(report.clamped.is_empty());
    assert_eq!(markers_of(&svg, 0), 1);
    let (svg, _) = chart_svg(ChartKind::CostByPlatform, &s, NARROW);
    assert_clean(&svg);
    assert_eq!(bars_of(&svg, 0), 1);
    assert!(has_text(&svg, "(baseline)"));
}

#[test]
fn by_platform_marks_the_baseline() {
    for (s, count) in [(Scenario::default(), 2), (three(), 3)] {
        for size in [WIDE, NARROW] {
            let (svg, _) = chart_svg(ChartKind::CostByPlatform, &s, size);
            assert_clean(&svg);
            for i in 0..count {
                assert_eq!(bars_of(&svg, i), 1, "platform {i} at {size:?}");
            }
            let outlines = tags(&svg, "rect")
                .iter()
                .filter(|t| attribute(t, "fill") == Some("none"))
                .count();
            assert_eq!(outlines, 1, "one outlined bar: the baseline");
            let baseline_labels = texts(&svg)
                .iter()
                .filter(|(_, _, t)| t.contains("(baseline)"))
                .count();
            assert_eq!(baseline_labels, 1);
            assert!(has_text(&svg, "US$ per million tokens"));
        }
    }
    let (svg, _) = chart_svg(ChartKind::CostByPlatform, &Scenario::default(), WIDE);
    assert!(has_text(&svg, "NVIDIA HGX H200"));
    assert!(has_text(&svg, "$4.35 (baseline)"));
    assert!(has_text(&svg, "$0.123"));
    let (svg, _) = chart_svg(ChartKind::CostByPlatform, &Scenario::default(), NARROW);
    assert!(has_text(&svg, "HGX H200"), "names fit a narrow chart");
}

#[test]
fn by_platform_bars_follow_cost() {
    let (svg, _) = chart_svg(ChartKind::CostByPlatform, &three(), WIDE);
    let width_of = |i: usize| -> f64 {
        let colour = platform_css_colour(i);
        tags(&svg, "rect")
            .iter()
            .find(|t| attribute(t, "fill") == Some(colour.as_str()))
            .and_then(|t| attribute(t, "width")?.parse().ok())
            .unwrap_or(0.0)
    };
    // Costs: Alpha 5.56, Beta 0.833, Gamma 5.56 per million tokens.
    assert!(width_of(1) < width_of(0));
    assert!((width_of(0) - width_of(2)).abs() <= 1.0);
}

#[test]
fn twelve_platforms_fit_a_phone() {
    let platforms: Vec<Platform> = (0..12)
        .map(|i| {
            platform(
                &format!("Accelerator with a long name {i}"),
                1.0 + i as f64,
                50.0 * (i + 1) as f64,
            )
        })
        .collect();
    let s = scenario(platforms, 4);
    for kind in ChartKind::ALL {
        for size in [NARROW, (360, 640), WIDE] {
            let (svg, _) = chart_svg(kind, &s, size);
            assert_clean(&svg);
            if kind == ChartKind::Iceberg {
                // Colours repeat from the ninth platform: five bars per platform per colour.
                assert_eq!(bars_of(&svg, 0), 5 + 5, "platforms 1 and 9 at {size:?}");
                assert_eq!(
                    bars_of(&svg, 4),
                    0,
                    "the baseline has none; a 13th is absent"
                );
            }
        }
    }
}

#[test]
fn broken_values_never_reach_the_chart() {
    let mut s = three();
    s.platforms[1].tps = 0.0;
    s.platforms[2].usd_hr = f64::NAN;
    for kind in ChartKind::ALL {
        for size in [WIDE, NARROW] {
            let (svg, _) = chart_svg(kind, &s, size);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{kind:?}");
        }
        let results = s.results();
        let summary = text_summary(kind, &ChartInput::new(&s, &results));
        assert!(
            !summary.contains("NaN") && !summary.contains("inf"),
            "{summary}"
        );
    }
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    for kind in ChartKind::ALL {
        for size in [
            (0, 0),
            (1, 1),
            (100, 80),
            (160, 120),
            (200, 130),
            (4000, 200),
        ] {
            let (svg, _) = chart_svg(kind, &three(), size);
            assert!(svg.starts_with("<svg"));
            let full = {
                let s = three();
                let results = s.results();
                render_svg(kind, &ChartInput::new(&s, &results), size.0, size.1)
            };
            assert!(full.starts_with("<svg"));
        }
    }
}

#[test]
fn render_svg_adds_title_and_legend() {
    let s = three();
    let results = s.results();
    let input = ChartInput::new(&s, &results);
    let svg = render_svg(ChartKind::Iceberg, &input, 800, 520);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(has_text(&svg, ChartKind::Iceberg.title()));
    assert!(has_text(&svg, "Alpha (baseline, 1x)"));
    assert!(
        svg.contains("font-size=\"13\""),
        "text as large as on the canvas"
    );
    assert!(has_text(&svg, "Beta") && has_text(&svg, "Gamma"));
    let svg = render_svg(ChartKind::CostByPlatform, &input, 360, 300);
    assert!(has_text(&svg, ChartKind::CostByPlatform.title()));
    let svg = render_svg(ChartKind::CostVsThroughput, &input, 1280, 480);
    assert!(has_text(&svg, "Gamma $5.56"));
}

#[test]
fn svg_font_sizes_match_the_canvas() {
    assert_eq!(
        scale_font_sizes(r#"<text font-size="10.483870967741936">a</text><text font-size="x">"#),
        r#"<text font-size="13">a</text><text font-size="x">"#
    );
    assert_eq!(scale_font_sizes("no text"), "no text");
}

#[test]
fn summaries_say_what_the_charts_show() {
    let s = Scenario::default();
    let results = s.results();
    let input = ChartInput::new(&s, &results);
    let iceberg = text_summary(ChartKind::Iceberg, &input);
    assert!(iceberg.contains("baseline, NVIDIA HGX H200"), "{iceberg}");
    assert!(iceberg.contains("cost per hour 1.88x"), "{iceberg}");
    assert!(iceberg.contains("tokens per GPU 66.7x"), "{iceberg}");
    assert!(iceberg.contains("cost per token 35.5x lower"), "{iceberg}");
    let throughput = text_summary(ChartKind::CostVsThroughput, &input);
    assert!(throughput.contains("NVIDIA HGX H200: $1.41 per GPU-hour, 90.0 tokens/s, $4.35"));
    assert!(throughput.contains("6,000 tokens/s"), "{throughput}");
    assert!(!throughput.contains("edge"));
    let bars = text_summary(ChartKind::CostByPlatform, &input);
    assert!(bars.contains("NVIDIA HGX H200 (baseline) $4.35"), "{bars}");
    assert!(bars.contains("NVIDIA GB300 NVL72 $0.123, 35.5x lower than the baseline"));
}

#[test]
fn preferred_heights_grow_with_platforms() {
    let one = preferred_height(ChartKind::Iceberg, 2, 1280);
    let many = preferred_height(ChartKind::Iceberg, 12, 1280);
    assert!(many > one && (160..=1200).contains(&many));
    assert!(preferred_height(ChartKind::CostByPlatform, 12, 360) > 200);
    assert_eq!(preferred_height(ChartKind::CostVsThroughput, 2, 360), 223);
    assert!(preferred_height(ChartKind::CostVsThroughput, 12, 360) > 300);
    assert_eq!(preferred_height(ChartKind::CostVsThroughput, 2, 1280), 460);
}

#[test]
fn iceberg_labels_fit_at_preferred_height() {
    // At the height the module asks for, every bar carries its value.
    for width in [360, 1280] {
        let platforms: Vec<Platform> = (0..12)
            .map(|i| platform(&format!("P{i}"), 1.0 + i as f64, 50.0 * (i + 1) as f64))
            .collect();
        let s = scenario(platforms, 0);
        let height = preferred_height(ChartKind::Iceberg, 12, width);
        let (svg, _) = chart_svg(ChartKind::Iceberg, &s, (width, height));
        let value_labels = texts(&svg)
            .iter()
            .filter(|(_, _, t)| {
                t == "same" || t.ends_with(" lower") || t.ends_with(" higher") || t.ends_with('x')
            })
            .count();
        assert!(
            value_labels >= 55,
            "{value_labels} labels at {width}x{height}"
        );
    }
}

/// Writes every chart as SVG for a look in a browser:
/// `cargo test --lib charts::tests::dump_svgs -- --ignored` (into $CHARTS_SVG_DIR or /tmp/charts).
#[test]
#[ignore]
fn dump_svgs() {
    let dir = std::env::var("CHARTS_SVG_DIR").unwrap_or_else(|_| "/tmp/charts".to_string());
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let many = scenario(
        (0..12)
            .map(|i| {
                let id = PresetId::ALL[i % PresetId::ALL.len()];
                let mut p = presets::platform_from(id);
                p.tps *= 1.0 + i as f64;
                p
            })
            .collect(),
        1,
    );
    let cases = [
        ("default", Scenario::default()),
        ("three", three()),
        ("extreme", extreme()),
        ("solo", scenario(vec![platform("Solo", 2.0, 100.0)], 0)),
        ("twelve", many),
    ];
    for (name, s) in &cases {
        let results = s.results();
        let input = ChartInput::new(s, &results);
        for kind in ChartKind::ALL {
            for width in [360, 1280] {
                let height = preferred_height(kind, s.platforms.len(), width);
                let svg = render_svg(kind, &input, width, height);
                let path = format!("{dir}/{name}-{}-{width}.svg", kind.key());
                std::fs::write(&path, svg).expect("write the SVG");
            }
        }
    }
}

