//! Native tests: every chart rendered to SVG for the default scenario, three platforms, one
//! platform, extreme and broken values, and sizes from tiny to wide.

use cost_per_token::catalogue::PresetId;
use cost_per_token::charts::*;
use cost_per_token::scenario::{Platform, Scenario};
use cost_per_token::view::chart_data;
use plotters::prelude::*;

const WIDE: (u32, u32) = (1280, 480);
const NARROW: (u32, u32) = (360, 300);

fn platform(name: &str, usd_hr: f64, tps: f64) -> Platform {
    Platform {
        name: name.to_string(),
        usd_hr,
        tps: Some(tps),
        ..Platform::from_preset(PresetId::H200)
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
    let data = chart_data(scenario, &results);
    let input = ChartInput::new(&data);
    let mut svg = String::new();
    let report = {
        let root = svg::Svg::new(&mut svg, size).into_drawing_area();
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
    let summary = text_summary(
        ChartKind::Iceberg,
        &ChartInput::new(&chart_data(&s, &results)),
    );
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
            let model = cost_per_token::model::metrics::cost_per_mtok(p.usd_hr, t);
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
    let data = chart_data(&s, &results);
    let input = ChartInput::new(&data);
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
    s.platforms[1].tps = Some(0.0);
    s.platforms[2].usd_hr = f64::NAN;
    for kind in ChartKind::ALL {
        for size in [WIDE, NARROW] {
            let (svg, _) = chart_svg(kind, &s, size);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{kind:?}");
        }
        let results = s.results();
        let summary = text_summary(kind, &ChartInput::new(&chart_data(&s, &results)));
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
                render_svg(
                    kind,
                    &ChartInput::new(&chart_data(&s, &results)),
                    size.0,
                    size.1,
                )
            };
            assert!(full.starts_with("<svg"));
        }
    }
}

#[test]
fn render_svg_adds_title_and_legend() {
    let s = three();
    let results = s.results();
    let data = chart_data(&s, &results);
    let input = ChartInput::new(&data);
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
fn summaries_say_what_the_charts_show() {
    let s = Scenario::default();
    let results = s.results();
    let data = chart_data(&s, &results);
    let input = ChartInput::new(&data);
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
                let mut p = Platform::from_preset(id);
                p.tps = Some(100.0 * (1.0 + i as f64));
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
        let data = chart_data(s, &results);
        let input = ChartInput::new(&data);
        for kind in ChartKind::ALL {
            for width in [360, 1280] {
                let height = preferred_height(kind, s.platforms.len(), width);
                let svg = render_svg(kind, &input, width, height);
                let path = format!("{dir}/{name}-{}-{width}.svg", kind.key());
                std::fs::write(&path, svg).expect("write the SVG");
            }
        }
    }
    let priced_default = priced(Scenario::default(), 0.5);
    let results = priced_default.results();
    let data = chart_data(&priced_default, &results);
    let input = ChartInput::new(&data);
    for width in [360, 1280] {
        let height = preferred_height(ChartKind::Factory, 2, width);
        let svg = render_svg(ChartKind::Factory, &input, width, height);
        std::fs::write(format!("{dir}/priced-factory-{width}.svg"), svg).expect("write");
    }
    let (h, b) = (hopper(), blackwell());
    let curves: Vec<Curve> = (0..12)
        .map(|i| {
            let k = 1.0 + i as f64 * 0.4;
            curve(&[
                (5.0 * k, 2000.0 * k),
                (40.0 * k, 900.0 * k),
                (300.0 * k, 100.0 * k),
            ])
        })
        .collect();
    let names: Vec<String> = (0..12).map(|i| format!("Platform {}", i + 1)).collect();
    let two = |target| CurvesInput {
        series: vec![
            series(0, "NVIDIA HGX H200", &h),
            series(1, "NVIDIA GB300 NVL72", &b),
        ],
        target: Some(target),
    };
    let cases = [
        ("two", two(50.0)),
        ("clamped", two(150.0)),
        (
            "twelve",
            CurvesInput {
                series: curves
                    .iter()
                    .zip(&names)
                    .enumerate()
                    .map(|(i, (c, n))| series(i, n, c))
                    .collect(),
                target: Some(50.0),
            },
        ),
        ("none", CurvesInput::default()),
    ];
    for (name, input) in &cases {
        for width in [360, 1280] {
            let height = curves_preferred_height(input.series.len(), width);
            let svg = render_curves_svg(input, width, height);
            std::fs::write(format!("{dir}/{name}-curves-{width}.svg"), svg).expect("write");
        }
    }
}

// ----- the token factory -----

fn priced(mut s: Scenario, price: f64) -> Scenario {
    s.settings.price_mtok = Some(price);
    s
}

/// The width of platform `index`'s first bar.
fn bar_width(svg: &str, index: usize) -> f64 {
    let colour = platform_css_colour(index);
    tags(svg, "rect")
        .iter()
        .find(|t| attribute(t, "fill") == Some(colour.as_str()))
        .and_then(|t| attribute(t, "width")?.parse().ok())
        .unwrap_or(0.0)
}

#[test]
fn factory_default_shows_tokens_and_gpus() {
    // 100 MW: 57,803 H200s at 1.73 kW make 449B tokens a day; 47,619 GB300s at 2.1 kW make
    // 24.7T, 55x as many.
    let s = Scenario::default();
    for size in [WIDE, NARROW] {
        let (svg, report) = chart_svg(ChartKind::Factory, &s, size);
        assert_clean(&svg);
        assert!(report.clamped.is_empty());
        assert_eq!(bars_of(&svg, 0), 1, "{size:?}");
        assert_eq!(bars_of(&svg, 1), 1, "{size:?}");
        assert!(has_text(&svg, "449B tokens/day (57.8K GPUs)"), "{size:?}");
        assert!(has_text(&svg, "24.7T tokens/day (47.6K GPUs)"), "{size:?}");
        assert!(has_text(&svg, "HGX H200"), "{size:?}");
        assert!(has_text(&svg, "GB300 NVL72"), "{size:?}");
        assert!(!has_text(&svg, "margin") && !has_text(&svg, "loss"));
        // A log axis: the bars differ, but the shorter one is still visible.
        assert!(bar_width(&svg, 1) > bar_width(&svg, 0) + 20.0, "{size:?}");
        assert!(bar_width(&svg, 0) > 20.0, "{size:?}");
    }
    let (svg, _) = chart_svg(ChartKind::Factory, &s, WIDE);
    assert!(has_text(
        &svg,
        "Tokens per day from a 100 MW site (log scale)"
    ));
    assert!(has_text(&svg, "NVIDIA HGX H200"));
    let (svg, _) = chart_svg(ChartKind::Factory, &s, NARROW);
    assert!(has_text(&svg, "Tokens/day from a 100 MW site (log)"));
}

#[test]
fn factory_margin_and_loss_read_as_words() {
    // At $0.50 per million tokens: H200 costs $714M a year and earns $82.0M (a loss of $632M);
    // GB300 costs $1.11B and earns $4.51B (a margin of $3.40B).
    let s = priced(Scenario::default(), 0.5);
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::Factory, &s, size);
        assert_clean(&svg);
        assert!(has_text(&svg, "loss $632M/yr"), "{:?}", texts(&svg));
        assert!(has_text(&svg, "margin $3.40B/yr"), "{size:?}");
        assert!(
            !svg.contains("$-") && !svg.contains("-$"),
            "no negative money"
        );
        // The loss is a word, not a bar: one bar each, both of positive width.
        assert_eq!(bars_of(&svg, 0), 1);
        assert_eq!(bars_of(&svg, 1), 1);
        assert!(bar_width(&svg, 0) > 0.0);
    }
    let results = s.results();
    let summary = text_summary(
        ChartKind::Factory,
        &ChartInput::new(&chart_data(&s, &results)),
    );
    assert!(summary.contains("at a loss of $632M a year"), "{summary}");
    assert!(
        summary.contains("at a margin of $3.40B a year"),
        "{summary}"
    );
    assert!(summary.contains("$0.50 per million tokens"), "{summary}");
    assert!(
        summary.contains("NVIDIA GB300 NVL72 makes 54.9x as many tokens as NVIDIA HGX H200"),
        "{summary}"
    );
}

#[test]
fn factory_follows_the_site_power() {
    let mut s = Scenario::default();
    s.settings.site_mw = 2.5;
    let (svg, _) = chart_svg(ChartKind::Factory, &s, WIDE);
    assert!(has_text(
        &svg,
        "Tokens per day from a 2.5 MW site (log scale)"
    ));
    // floor(2,500 kW / 1.73 kW) = 1,445 GPUs, rounded half up as a person rounds: 1.45K.
    assert!(has_text(&svg, "(1.45K GPUs)"), "2,500 kW / 1.73 kW = 1,445");
    // 1 kW is less than one GPU needs: no bars, and the chart says why.
    s.settings.site_mw = 0.001;
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::Factory, &s, size);
        assert_clean(&svg);
        assert_eq!(bars_of(&svg, 0) + bars_of(&svg, 1), 0);
        assert!(has_text(&svg, "no GPU fits in 0.001 MW"), "{size:?}");
    }
    let results = s.results();
    let summary = text_summary(
        ChartKind::Factory,
        &ChartInput::new(&chart_data(&s, &results)),
    );
    assert!(summary.contains("no GPU fits"), "{summary}");
    assert!(
        !summary.contains("NaN") && !summary.contains("inf"),
        "{summary}"
    );
}

#[test]
fn factory_twelve_platforms_all_labelled_at_preferred_height() {
    let platforms: Vec<Platform> = (0..12)
        .map(|i| {
            platform(
                &format!("Accelerator with a long name {i}"),
                1.0 + i as f64,
                50.0 * (i + 1) as f64,
            )
        })
        .collect();
    let s = priced(scenario(platforms, 0), 2.0);
    for width in [360, 1280] {
        let height = preferred_height(ChartKind::Factory, 12, width);
        let (svg, _) = chart_svg(ChartKind::Factory, &s, (width, height));
        assert_clean(&svg);
        assert_eq!(bars_of(&svg, 0), 2, "platforms 1 and 9 share a colour");
        assert_eq!(bars_of(&svg, 3), 2, "platforms 4 and 12 share a colour");
        assert_eq!(bars_of(&svg, 4), 1);
        let labelled = texts(&svg)
            .iter()
            .filter(|(_, _, t)| t.contains("tokens/day ("))
            .count();
        assert_eq!(labelled, 12, "at {width}x{height}");
        let money = texts(&svg)
            .iter()
            .filter(|(_, _, t)| t.contains("margin $") || t.contains("loss $"))
            .count();
        assert_eq!(money, 12, "at {width}x{height}");
        // Second-cycle bars carry a white stripe.
        let stripes = tags(&svg, "rect")
            .iter()
            .filter(|t| attribute(t, "fill") == Some("#FFFFFF"))
            .count();
        assert!(stripes >= 4, "{stripes} stripes");
    }
}

#[test]
fn factory_extremes_stay_on_the_axis() {
    let mut s = extreme();
    s.settings.site_mw = 100_000.0;
    s.settings.price_mtok = Some(0.0);
    for size in [WIDE, NARROW] {
        let (svg, _) = chart_svg(ChartKind::Factory, &s, size);
        assert_clean(&svg);
        for i in 0..4 {
            assert_eq!(bars_of(&svg, i), 1, "platform {i} at {size:?}");
        }
        assert!(has_text(&svg, "loss $"), "price 0 is all loss");
    }
}

// ----- throughput against interactivity -----

use cost_per_token::model::curve::Curve;

fn curve(points: &[(f64, f64)]) -> Curve {
    Curve::new(points.to_vec()).expect("a valid curve")
}

fn hopper() -> Curve {
    curve(&[(10.0, 1200.0), (25.0, 800.0), (50.0, 400.0), (100.0, 150.0)])
}

fn blackwell() -> Curve {
    curve(&[
        (20.0, 9000.0),
        (50.0, 6000.0),
        (100.0, 3000.0),
        (200.0, 900.0),
    ])
}

fn series<'a>(index: usize, name: &'a str, curve: &'a Curve) -> CurveSeries<'a> {
    CurveSeries {
        index,
        name,
        curve,
        operating_point: None,
    }
}

fn curves_svg(input: &CurvesInput, size: (u32, u32)) -> (String, Vec<usize>) {
    let mut svg = String::new();
    let clamped = {
        let root = svg::Svg::new(&mut svg, size).into_drawing_area();
        let clamped = draw_curves(&root, input).expect("drawing to a string never fails");
        root.present().expect("present");
        clamped
    };
    (svg, clamped)
}

/// Markers of platform `index` with radius `r`.
fn circles_of(svg: &str, index: usize, r: &str) -> Vec<String> {
    let colour = platform_css_colour(index);
    tags(svg, "circle")
        .into_iter()
        .filter(|t| attribute(t, "r") == Some(r))
        .filter(|t| {
            attribute(t, "fill") == Some(colour.as_str())
                || attribute(t, "stroke") == Some(colour.as_str())
        })
        .map(str::to_string)
        .collect()
}

/// Dashes of the target line: short vertical grey strokes, at least five at one x (a tick mark
/// is a single one).
fn target_dashes(svg: &str) -> Vec<f64> {
    let xs: Vec<f64> = tags(svg, "polyline")
        .iter()
        .filter(|t| attribute(t, "stroke") == Some("#6E6E6E"))
        .filter_map(|t| {
            let points: Vec<(f64, f64)> = attribute(t, "points")?
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            match points.as_slice() {
                [(x0, y0), (x1, y1)] if x0 == x1 && (y1 - y0).abs() <= 6.0 && y1 != y0 => Some(*x0),
                _ => None,
            }
        })
        .collect();
    xs.iter()
        .copied()
        .filter(|x| xs.iter().filter(|other| *other == x).count() >= 5)
        .collect()
}

#[test]
fn curves_draw_lines_points_target_and_operating_points() {
    let (h, b) = (hopper(), blackwell());
    let input = CurvesInput {
        series: vec![
            series(0, "NVIDIA HGX H200", &h),
            series(1, "NVIDIA GB300 NVL72", &b),
        ],
        target: Some(50.0),
    };
    for size in [WIDE, NARROW] {
        let (svg, clamped) = curves_svg(&input, size);
        assert_clean(&svg);
        assert!(clamped.is_empty(), "50 is inside both ranges");
        assert_eq!(lines_of(&svg, 0), 1, "one line per curve at {size:?}");
        assert_eq!(lines_of(&svg, 1), 1);
        assert_eq!(circles_of(&svg, 0, "3").len(), 4, "four measured points");
        assert_eq!(circles_of(&svg, 1, "3").len(), 4);
        assert_eq!(circles_of(&svg, 0, "5").len(), 1, "one operating point");
        assert_eq!(circles_of(&svg, 1, "5").len(), 1);
        assert_eq!(markers_of(&svg, 0), 5);
        assert!(has_text(&svg, "target 50 tok/s/user"), "{size:?}");
        // Narrow labels drop the unit when it does not fit (the axis title has it).
        assert!(has_text(&svg, "H200 400"), "{:?}", texts(&svg));
        assert!(has_text(&svg, "GB300 NVL72 6.00K"), "{size:?}");
        assert!(!has_text(&svg, "(clamped)"));
        let dashes = target_dashes(&svg);
        assert!(dashes.len() >= 10, "{} dashes", dashes.len());
        assert!(dashes.windows(2).all(|w| w[0] == w[1]), "one vertical line");
        // The operating points sit on the target line.
        for i in 0..2 {
            let cx: f64 = circles_of(&svg, i, "5")
                .first()
                .and_then(|t| attribute(t, "cx")?.parse().ok())
                .unwrap_or(-1.0);
            assert_eq!(cx, dashes[0], "platform {i} at {size:?}");
        }
    }
    let (svg, _) = curves_svg(&input, WIDE);
    assert!(has_text(
        &svg,
        "Interactivity: tokens/s per user (log scale)"
    ));
    assert!(has_text(&svg, "Throughput: tokens/s per GPU (log scale)"));
    assert!(has_text(&svg, "NVIDIA HGX H200 400 tok/s/GPU"));
    assert!(has_text(&svg, "NVIDIA GB300 NVL72 6.00K tok/s/GPU"));
    let (svg, _) = curves_svg(&input, NARROW);
    assert!(has_text(&svg, "Tokens/s per user (log)"));
    assert!(has_text(&svg, "Tokens/s per GPU (log)"));
    for tick in ["10", "100", "1K", "10K"] {
        assert!(texts(&svg).iter().any(|(_, _, t)| t == tick), "tick {tick}");
    }
}

#[test]
fn curves_follow_the_model_between_points() {
    // Every drawn sample is the model's value: the line's highest pixel is its first point
    // and it falls from there, like the data.
    let h = hopper();
    let input = CurvesInput {
        series: vec![series(0, "Hopper", &h)],
        target: None,
    };
    let (svg, clamped) = curves_svg(&input, WIDE);
    assert!(clamped.is_empty());
    assert_eq!(
        circles_of(&svg, 0, "5").len(),
        0,
        "no target, no operating point"
    );
    assert!(target_dashes(&svg).is_empty());
    let colour = platform_css_colour(0);
    let line = tags(&svg, "polyline")
        .into_iter()
        .find(|t| attribute(t, "stroke") == Some(colour.as_str()))
        .and_then(|t| attribute(t, "points"))
        .unwrap_or("");
    let ys: Vec<f64> = line
        .split_whitespace()
        .filter_map(|p| p.split_once(',')?.1.parse().ok())
        .collect();
    assert!(ys.len() >= 16, "sampled densely: {}", ys.len());
    assert!(
        ys.windows(2).all(|w| w[1] >= w[0]),
        "throughput falls (y grows down)"
    );
    let summary = curves_summary(&input);
    assert!(
        summary.contains("Hopper: 4 points from 10.0 to 100 tokens/s per user"),
        "{summary}"
    );
    assert!(!summary.contains("target"), "{summary}");
}

#[test]
fn curves_report_a_target_beyond_the_measured_points() {
    let (h, b) = (hopper(), blackwell());
    let both = |target| CurvesInput {
        series: vec![series(0, "Hopper", &h), series(1, "Blackwell", &b)],
        target: Some(target),
    };
    // 150 tokens/s per user: beyond Hopper's last point (100), inside Blackwell's (20 to 200).
    let input = both(150.0);
    assert_eq!(curves_clamped(&input), [0]);
    for size in [WIDE, NARROW] {
        let (svg, clamped) = curves_svg(&input, size);
        assert_clean(&svg);
        assert_eq!(clamped, [0]);
        let hollow = circles_of(&svg, 0, "6");
        assert_eq!(hollow.len(), 1, "a hollow marker at {size:?}");
        assert_eq!(attribute(&hollow[0], "fill"), Some("none"));
        assert_eq!(circles_of(&svg, 1, "5").len(), 1, "Blackwell's is filled");
        assert!(
            has_text(&svg, "Hopper 150 tok/s/GPU (clamped)"),
            "{:?}",
            texts(&svg)
        );
        assert!(has_text(&svg, "target 150 tok/s/user"));
    }
    let summary = curves_summary(&input);
    assert!(
        summary.contains("At the target of 150 tokens/s per user"),
        "{summary}"
    );
    assert!(
        summary.contains("held at the nearest one's value (drawn hollow): Hopper."),
        "{summary}"
    );
    // 5 tokens/s per user: below both.
    let input = both(5.0);
    let (svg, clamped) = curves_svg(&input, WIDE);
    assert_eq!(clamped, [0, 1]);
    assert_eq!(
        texts(&svg)
            .iter()
            .filter(|(_, _, t)| t.ends_with("(clamped)"))
            .count(),
        2
    );
    // A caller's operating point outside the range counts too; one inside does not.
    let mut input = both(50.0);
    input.series[0].operating_point = Some((500.0, 150.0));
    input.series[1].operating_point = Some((60.0, 5000.0));
    assert_eq!(curves_clamped(&input), [0]);
    let (svg, clamped) = curves_svg(&input, WIDE);
    assert_eq!(clamped, [0]);
    assert!(has_text(&svg, "Blackwell 5.00K tok/s/GPU"));
}

#[test]
fn curves_without_series_say_so() {
    let empty = CurvesInput::default();
    for size in [WIDE, NARROW] {
        let (svg, clamped) = curves_svg(&empty, size);
        assert_clean(&svg);
        assert!(clamped.is_empty());
        assert!(tags(&svg, "circle").is_empty() && tags(&svg, "polyline").is_empty());
        let words: String = texts(&svg)
            .iter()
            .map(|(_, _, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(words, NO_CURVES, "{size:?}");
    }
    let (svg, _) = curves_svg(&empty, WIDE);
    assert!(has_text(&svg, NO_CURVES), "one line when it fits");
    let (svg, _) = curves_svg(&empty, NARROW);
    assert!(has_text(&svg, "No platform has a measured curve:"));
    assert!(has_text(&svg, "add points on a platform card"));
    assert_eq!(
        curves_summary(&empty),
        "No platform has a measured curve: add points on a platform card."
    );
    // A target alone draws no chart either.
    let target_only = CurvesInput {
        series: Vec::new(),
        target: Some(50.0),
    };
    let (svg, _) = curves_svg(&target_only, WIDE);
    assert!(has_text(&svg, NO_CURVES) && target_dashes(&svg).is_empty());
    // The generic entry points draw the scenario's curves: none here...
    // (custom platforms: a catalogue platform brings its measured frontier)
    let mut s = Scenario::default();
    for p in &mut s.platforms {
        p.curve = None;
        p.preset = None;
    }
    let (svg, report) = chart_svg(ChartKind::Curves, &s, WIDE);
    assert!(has_text(&svg, NO_CURVES) && report.clamped.is_empty());
    // ...and the default H200's measured curve here.
    let (svg, _) = chart_svg(ChartKind::Curves, &Scenario::default(), WIDE);
    assert!(!has_text(&svg, NO_CURVES));
    let results = s.results();
    let data = chart_data(&s, &results);
    let input = ChartInput::new(&data);
    assert_eq!(
        text_summary(ChartKind::Curves, &input),
        curves_summary(&empty)
    );
    assert!(has_text(
        &render_svg(ChartKind::Curves, &input, 800, 400),
        ChartKind::Curves.title()
    ));
}

#[test]
fn curves_twelve_platforms_labelled_at_preferred_height() {
    let curves: Vec<Curve> = (0..12)
        .map(|i| {
            let k = 1.0 + i as f64 * 0.4;
            curve(&[
                (5.0 * k, 2000.0 * k),
                (40.0 * k, 900.0 * k),
                (300.0 * k, 100.0 * k),
            ])
        })
        .collect();
    let names: Vec<String> = (0..12)
        .map(|i| format!("Accelerator with a long name {i}"))
        .collect();
    let input = CurvesInput {
        series: curves
            .iter()
            .zip(&names)
            .enumerate()
            .map(|(i, (c, n))| series(i, n, c))
            .collect(),
        target: Some(50.0),
    };
    for width in [360, 1280] {
        let height = curves_preferred_height(12, width);
        let (svg, clamped) = curves_svg(&input, (width, height));
        assert_clean(&svg);
        assert!(clamped.is_empty(), "{clamped:?}");
        assert_eq!(lines_of(&svg, 0), 2, "platforms 1 and 9 share a colour");
        assert_eq!(
            circles_of(&svg, 0, "3").len(),
            3,
            "platform 9's points are squares"
        );
        assert_eq!(circles_of(&svg, 0, "5").len(), 1);
        // Labels are in the text colour; ticks, axis titles and the target's label are muted.
        let mut ys: Vec<f64> = tags(&svg, "text")
            .iter()
            .filter(|t| attribute(t, "fill") == Some("#222222"))
            .filter_map(|t| attribute(t, "y")?.parse().ok())
            .collect();
        assert_eq!(
            ys.len(),
            12,
            "every operating point labelled at {width}x{height}"
        );
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 11.0), "{ys:?}");
    }
}

#[test]
fn curves_extremes_never_reach_the_svg() {
    let wide = curve(&[(0.001, 10_000_000.0), (10_000_000.0, 0.001)]);
    let flat = curve(&[(1.0, 5.0), (2.0, 5.0)]);
    let rising = curve(&[(1.0, 1.0), (1e6, 1e6)]);
    for target in [
        Some(50.0),
        Some(1e-9),
        Some(1e12),
        Some(0.0),
        Some(-5.0),
        Some(f64::NAN),
        Some(f64::INFINITY),
        None,
    ] {
        let mut input = CurvesInput {
            series: vec![
                series(0, "Wide", &wide),
                series(1, "", &flat),
                series(2, "Rising", &rising),
                series(11, "Twelfth", &flat),
            ],
            target,
        };
        input.series[2].operating_point = Some((f64::NAN, 3.0));
        input.series[3].operating_point = Some((1e12, 1e-12));
        for size in [WIDE, NARROW, (160, 120), (200, 130)] {
            let (svg, _) = curves_svg(&input, size);
            assert_clean(&svg);
            let full = render_curves_svg(&input, size.0, size.1);
            assert_clean(&full);
        }
        let summary = curves_summary(&input);
        assert!(
            !summary.contains("NaN") && !summary.contains("inf"),
            "{summary}"
        );
        let clamped = curves_clamped(&input);
        assert!(
            clamped.contains(&11),
            "the twelfth's point is off its curve"
        );
        let finite = target.is_some_and(|t| t.is_finite() && t > 0.0);
        assert_eq!(clamped.contains(&1), finite, "{target:?}");
    }
}

#[test]
fn curves_svg_export_has_title_and_legend() {
    let (h, b) = (hopper(), blackwell());
    let input = CurvesInput {
        series: vec![series(0, "Hopper", &h), series(8, "Blackwell", &b)],
        target: Some(50.0),
    };
    let svg = render_curves_svg(&input, 800, curves_preferred_height(2, 800));
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(has_text(&svg, "Throughput against interactivity"));
    assert!(texts(&svg).iter().any(|(_, _, t)| t == "Hopper"), "legend");
    assert!(
        texts(&svg).iter().any(|(_, _, t)| t == "Blackwell"),
        "legend"
    );
    assert!(svg.contains("font-size=\"13\""));
    assert_clean(&svg);
    for size in [(0, 0), (1, 1), (100, 80), (4000, 200)] {
        assert!(render_curves_svg(&input, size.0, size.1).starts_with("<svg"));
    }
}

#[test]
fn new_kinds_have_keys_titles_and_heights() {
    assert_eq!(ChartKind::Factory.key(), "factory");
    assert_eq!(ChartKind::Curves.key(), "curves");
    assert_eq!(
        ChartKind::Factory.title(),
        "The token factory: one site's power, each platform"
    );
    assert_eq!(
        ChartKind::Curves.title(),
        "Throughput against interactivity"
    );
    assert_eq!(ChartKind::Factory.file_stem(), "cost-per-token-factory");
    assert_eq!(ChartKind::Curves.file_stem(), "cost-per-token-curves");
    assert!(ChartKind::ALL.contains(&ChartKind::Factory));
    assert!(!ChartKind::ALL.contains(&ChartKind::Curves));
    assert_eq!(ChartKind::EVERY[..4], ChartKind::ALL);
    let mut keys: Vec<&str> = ChartKind::EVERY.iter().map(|k| k.key()).collect();
    keys.sort_unstable();
    keys.dedup();
    // Five kinds and the sensitivity chart, each with its own key.
    assert_eq!(keys.len(), 6);
    assert_eq!(ChartKind::Tornado.key(), "tornado");
    assert!(
        preferred_height(ChartKind::Factory, 12, 360)
            > preferred_height(ChartKind::Factory, 2, 360)
    );
    assert!(preferred_height(ChartKind::Factory, 12, 1280) <= 1200);
    assert_eq!(curves_preferred_height(0, 1280), 160);
    assert_eq!(curves_preferred_height(2, 1280), 460);
    assert!(curves_preferred_height(12, 360) > 300);
    assert_eq!(
        preferred_height(ChartKind::Curves, 3, 800),
        curves_preferred_height(3, 800)
    );
}

#[test]
fn no_platforms_draw_without_panic() {
    let s = scenario(Vec::new(), 0);
    let results = s.results();
    let data = chart_data(&s, &results);
    let input = ChartInput::new(&data);
    for kind in ChartKind::EVERY {
        for size in [WIDE, NARROW] {
            let (svg, report) = chart_svg(kind, &s, size);
            assert_clean(&svg);
            assert!(report.clamped.is_empty());
            assert!(render_svg(kind, &input, size.0, size.1).starts_with("<svg"));
        }
        let summary = text_summary(kind, &input);
        assert!(!summary.is_empty() && !summary.contains("NaN"), "{summary}");
        assert!((160..=1200).contains(&preferred_height(kind, 0, 360)));
    }
}

#[test]
fn chart_data_changes_only_with_what_a_chart_draws() {
    let before = Scenario::default();
    let mut after = before.clone();
    // GB300 has no measured curve: its throughput is not on the curves chart.
    after.platforms[1].tps = Some(5000.0);
    let (rb, ra) = (before.results(), after.results());
    let (b, a) = (chart_data(&before, &rb), chart_data(&after, &ra));
    assert_eq!(b.for_kind(ChartKind::Curves), a.for_kind(ChartKind::Curves));
    for kind in ChartKind::ALL {
        assert_ne!(b.for_kind(kind), a.for_kind(kind), "{kind:?}");
    }
    // A renamed platform redraws every chart that names it.
    let mut renamed = before.clone();
    renamed.platforms[0].name = "Hopper".into();
    let rr = renamed.results();
    let r = chart_data(&renamed, &rr);
    for kind in ChartKind::EVERY {
        assert_ne!(b.for_kind(kind), r.for_kind(kind), "{kind:?}");
    }
}

/// A flag sits on the picture too, not only in the text alternative: a platform without a
/// throughput is named on a line under every chart, and an unflagged page has no such line.
#[test]
fn flags_are_drawn_under_every_chart() {
    let mut s = three();
    s.platforms[2].tps = None;
    for kind in [
        ChartKind::Iceberg,
        ChartKind::CostVsThroughput,
        ChartKind::CostByPlatform,
        ChartKind::Factory,
    ] {
        for size in [WIDE, NARROW] {
            let (svg, _) = chart_svg(kind, &s, size);
            assert_clean(&svg);
            let line = texts(&svg)
                .into_iter()
                .find(|(_, _, t)| t.starts_with("Flagged: "))
                .unwrap_or_else(|| panic!("{kind:?} at {size:?} draws no flag line"));
            assert!(line.2.contains("Gamma"), "{kind:?} at {size:?}: {}", line.2);
            assert!(
                line.1 > f64::from(size.1) - 30.0,
                "{kind:?} at {size:?}: the line sits at the foot, y = {}",
                line.1
            );
            let (unflagged, _) = chart_svg(kind, &three(), size);
            assert!(!has_text(&unflagged, "Flagged"), "{kind:?} at {size:?}");
        }
    }
}

/// On a phone the tornado puts each input's name on its own line above its bar (at the left
/// margin, whole), so no name is cut and no value collides with a name; wide, the names sit
/// at the left of their bars.
#[test]
fn the_tornado_stacks_its_names_on_a_narrow_chart() {
    use cost_per_token::scenario::spans::Ranges;
    let mut s = Scenario::default();
    s.platforms[0].ranges = Ranges {
        usd_hr: Some((1.2, 1.7)),
        tps: Some((80.0, 100.0)),
        kw: Some((1.5, 2.0)),
        util: Some((50.0, 100.0)),
    };
    let names = [
        "Price",
        "Throughput",
        "Power",
        "Utilisation",
        "Every range at once",
    ];
    for (width, stacked) in [(360u32, true), (1280, false)] {
        let height = preferred_height(ChartKind::Tornado, 4, width);
        let (svg, _) = chart_svg(ChartKind::Tornado, &s, (width, height));
        assert_clean(&svg);
        let all = texts(&svg);
        let values: Vec<&(f64, f64, String)> =
            all.iter().filter(|(_, _, t)| t.starts_with('$')).collect();
        for name in names {
            let (x, y, text) = all
                .iter()
                .find(|(_, _, t)| t.starts_with(name))
                .unwrap_or_else(|| panic!("{name} at {width}: {all:?}"));
            assert!(*x >= 0.0, "{text} starts inside the chart at {width}");
            let beside_a_value = values.iter().any(|(_, vy, _)| (vy - y).abs() < 1.0);
            assert_eq!(
                !beside_a_value, stacked,
                "{text} at {width}: its own line on a phone, beside its values wide"
            );
            if stacked {
                assert_eq!(*x, 12.0, "{text}: at the left margin");
            }
        }
    }
}
