//! The numbers the page shows, end to end through `Scenario::results` and the sentences:
//! interpolated throughput at a target, platforms without a throughput, the default view's
//! decode ceilings with their set-ups.

use approx::assert_relative_eq;
use cost_per_token::catalogue::PresetId;
use cost_per_token::format;
use cost_per_token::model::curve::Clamp;
use cost_per_token::model::Metric;
use cost_per_token::scenario::{Platform, Scenario, ServingSetup, ThroughputStatus};

#[test]
fn the_target_reads_throughput_off_the_curve() {
    let mut s = Scenario::default();
    // H200's curve is its InferenceX FP8 1k/1k frontier. At 50 tokens/s per user it lies between
    // (36.669, 480.21) and (54.840, 330.83); d3's monotone cubic (Steffen slopes, linear axes),
    // computed independently of this code, gives 378.2319 tokens/s per GPU, so the cost is
    // 1.41 / (378.2319 x 3600) x 1e6 = $1.0355 per million tokens: derived, not interpolated.
    s.settings.target_tps_user = Some(50.0);
    let r = s.results();
    assert_relative_eq!(r.metrics[0].tps, 378.231_883, epsilon = 1e-5);
    assert_relative_eq!(r.metrics[0].cost_per_mtok, 1.035_520, epsilon = 1e-5);
    assert_eq!(r.details[0].throughput, ThroughputStatus::AtTarget);
    // GB300's FP4 frontier at 50: 7,761.787.
    assert_relative_eq!(r.metrics[1].tps, 7_761.786_86, epsilon = 1e-4);
    // A measured point is returned exactly: (54.840, 330.83).
    s.settings.target_tps_user = Some(54.84);
    assert_eq!(s.results().metrics[0].tps, 330.83);
    // Beyond the measured range the end point holds, and the results say so.
    s.settings.target_tps_user = Some(500.0);
    let r = s.results();
    assert_eq!(r.metrics[0].tps, 20.95);
    assert_eq!(
        r.details[0].throughput,
        ThroughputStatus::Held(Clamp::Above)
    );
    assert_eq!(
        r.flag(0, Metric::CostPerMtok),
        Some("held at the measured end")
    );
    // A platform whose throughput was typed (a custom figure, at an unknown interactivity)
    // is not at the target, and says so.
    s.platforms[1].tps_custom = true;
    let r = s.results();
    assert_eq!(r.metrics[1].tps, 6000.0);
    assert_eq!(r.details[1].throughput, ThroughputStatus::NotAtTarget);
    assert_eq!(r.flag(1, Metric::Tps), Some("not at the target"));
    assert_eq!(r.flag(1, Metric::UsdHr), None, "inputs need no throughput");
    let headline = cost_per_token::sentences::headline(&s, &r);
    assert!(
        headline.contains("Not at the target (no measured curve): NVIDIA GB300 NVL72."),
        "{headline}"
    );
    assert!(headline.contains("Held at the measured end"), "{headline}");
}

#[test]
fn a_platform_without_a_throughput_shows_no_derived_figure() {
    let mut s = Scenario::default();
    s.platforms.push(Platform::from_preset(PresetId::Mi300x));
    let r = s.results();
    assert_eq!(r.details[2].throughput, ThroughputStatus::Missing);
    for metric in [Metric::Tps, Metric::TokPerMw, Metric::CostPerMtok] {
        assert_eq!(r.value(2, metric), None, "{metric:?}");
        assert_eq!(
            r.multiple(2, metric),
            cost_per_token::model::Multiple::Missing
        );
        assert_eq!(format::multiple(r.multiple(2, metric)), "\u{2014}");
        assert_eq!(
            r.flag(2, metric),
            Some(cost_per_token::scenario::NO_THROUGHPUT)
        );
    }
    assert_eq!(r.value(2, Metric::UsdHr), Some(1.12));
    assert!(r.details[2].break_even.is_none());
    assert!(r.details[2].token_costs.is_none());
    assert!(r.details[2].ceiling_share.is_none());
    let headline = cost_per_token::sentences::headline(&s, &r);
    assert!(
        headline.contains("Left out: AMD Instinct MI300X has no measurement of this workload"),
        "{headline}"
    );
    assert!(
        !headline.contains("n/a") && !headline.contains("NaN"),
        "{headline}"
    );
}

#[test]
fn the_default_views_ceilings_hold_both_seed_figures() {
    // DeepSeek-R1: per expert (671 - 37) / (256 - 8) = 2.556452B, shared 37 - 8 x 2.556452
    // = 16.548387B; KV 70,272 bytes per token. DP attention: each GPU reads the shared weights,
    // its share of the experts hit and of the sequences' KV cache.
    //
    // H200 (assumed: FP8, 8 GPUs, batch 16, context 1,500, no MTP): 16 tokens hit
    // 256 x (1 - (1 - 8/256)^16) = 101.96 experts = 260.65 GB; + 16.548 GB shared + 7 more
    // shared copies (115.84 GB) + KV 16 x 1,500 x 70,272 = 1.686 GB: 394.73 GB per step over
    // 8 x 4.8 TB/s = 10.2796 ms (compute at FP8 dense 1.979 PF: 0.0748 ms). 16 / 10.2796 ms / 8
    // = 194.56 tokens/s per GPU; the seed's 90 is 46.26% of it.
    //
    // GB300 (the seed measurement: FP4, 16 decode GPUs, concurrency 2,253, MTP 2 tokens per
    // step assumed): 4,506 tokens hit all 256 experts; bytes 697.10 GB over 16 x 8 TB/s
    // = 5.4461 ms (compute at FP4 dense 15 PF: 1.389 ms). 4,506 / 5.4461 ms / 16 = 51,711.6
    // tokens/s per GPU; the seed's 6,000 is 11.6% of it.
    let s = Scenario::default();
    let r = s.results();
    let h200 = r.details[0].ceiling.as_ref().expect("H200 ceiling");
    assert_relative_eq!(h200.bytes_per_step, 394.734_959e9, epsilon = 1e4);
    assert_relative_eq!(h200.tokens_per_s_per_gpu, 194.560_93, epsilon = 1e-4);
    assert_relative_eq!(h200.compute_time_s, 7.478_524_5e-5, epsilon = 1e-12);
    let gb300 = r.details[1].ceiling.as_ref().expect("GB300 ceiling");
    assert_relative_eq!(gb300.bytes_per_step, 697.097_127e9, epsilon = 1e4);
    assert_relative_eq!(gb300.tokens_per_s_per_gpu, 51_711.588_8, epsilon = 1e-3);
    assert_relative_eq!(gb300.compute_time_s, 1.389_35e-3, epsilon = 1e-9);
    assert_relative_eq!(
        r.details[0].ceiling_share.unwrap_or(0.0),
        46.258_003,
        epsilon = 1e-5
    );
    assert_relative_eq!(
        r.details[1].ceiling_share.unwrap_or(0.0),
        11.602_815,
        epsilon = 1e-5
    );
    // Both below 100%: no "above the ceiling" sentence in the default view.
    for index in 0..2 {
        let text = cost_per_token::sentences::ceiling(&s, &r, index).unwrap_or_default();
        assert!(!text.contains("above the ceiling"), "{text}");
    }
}

#[test]
fn a_throughput_above_the_ceiling_names_the_set_up_input() {
    let mut s = Scenario::default();
    // The old page-wide set-up (8 GPUs, batch 64, FP8, no MTP) on GB300: 6,000 is above it.
    s.platforms[1].setup = ServingSetup::default();
    let r = s.results();
    assert!(r.details[1].ceiling_share.unwrap_or(0.0) > 100.0);
    let text = cost_per_token::sentences::ceiling(&s, &r, 1).unwrap_or_default();
    assert!(
        text.contains("a set-up input is wrong, most likely mtp2"),
        "{text}"
    );
}

/// Every preset without a measurement, opened from a link as a user would: no throughput, so
/// no figure derived from one, anywhere on the page's results.
#[test]
fn no_placeholder_throughput_reaches_the_page() {
    for id in PresetId::ALL {
        if matches!(id, PresetId::H200 | PresetId::Gb300) {
            continue;
        }
        let query = format!("preset1=h200&preset2={}", id.key());
        let s = cost_per_token::codec::url::decode(&query).scenario;
        assert_eq!(s.platforms[1].tps, None, "{id:?}");
        let r = s.results();
        for metric in [Metric::Tps, Metric::TokPerMw, Metric::CostPerMtok] {
            assert_eq!(r.value(1, metric), None, "{id:?} {metric:?}");
            assert_eq!(format::multiple(r.multiple(1, metric)), "\u{2014}");
        }
        let headline = cost_per_token::sentences::headline(&s, &r);
        assert!(headline.contains("Left out:"), "{headline}");
        // Alone (`?preset2=b200` is one platform, the baseline), it says it compares nothing.
        let alone = cost_per_token::codec::url::decode(&format!("preset2={}", id.key())).scenario;
        let text = cost_per_token::sentences::headline(&alone, &alone.results());
        assert!(text.contains("has no throughput"), "{text}");
        assert!(!headline.contains("100 tokens"), "{headline}");
        let csv = cost_per_token::codec::csv::results_csv(&s);
        assert!(!csv.contains(",100,"), "{csv}");
    }
}

#[test]
fn the_charts_say_which_platform_is_flagged() {
    use cost_per_token::charts::{text_summary, ChartInput, ChartKind};
    let mut s = Scenario::default();
    s.settings.target_tps_user = Some(500.0);
    // MI300X without its measured curve: at a target it has no throughput at all.
    // Custom figures without a throughput (a catalogue platform brings its frontier).
    let mut mi300x = Platform::from_preset(PresetId::Mi300x);
    mi300x.preset = None;
    mi300x.tps = None;
    s.platforms.push(mi300x);
    let r = s.results();
    let data = cost_per_token::view::chart_data(&s, &r);
    for kind in [
        ChartKind::Iceberg,
        ChartKind::CostVsThroughput,
        ChartKind::CostByPlatform,
        ChartKind::Factory,
        ChartKind::Curves,
    ] {
        let text = text_summary(kind, &ChartInput::new(&data.for_kind(kind)));
        assert!(!text.contains("n/a") && !text.contains("NaN"), "{text}");
        assert!(
            text.contains("NVIDIA HGX H200: held at the measured end"),
            "{text}"
        );
        assert!(
            text.contains("AMD Instinct MI300X: no measurement of this workload"),
            "{text}"
        );
    }
}
