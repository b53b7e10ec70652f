//! Tests of the scenario: the seed table, the fields table, platforms, settings and results.

use super::*;
use crate::format;
use crate::model::cost::PowerBasis;
use crate::model::curve::Clamp;
use crate::model::Metric;

use approx::assert_relative_eq;

#[test]
fn default_is_the_seed_table() {
    let s = Scenario::default();
    assert!(s.is_valid());
    let r = s.results();
    let cells: Vec<Vec<String>> = r
        .metrics
        .iter()
        .map(|m| {
            Metric::ALL
                .iter()
                .map(|k| format::number(m.get(*k)))
                .collect()
        })
        .collect();
    assert_eq!(cells[0], ["1.41", "2.81", "90.0", "52.0K", "4.35"]);
    assert_eq!(cells[1], ["2.65", "5.66", "6.00K", "2.86M", "0.123"]);
    let multiples: Vec<String> = Metric::ALL
        .iter()
        .map(|k| format::multiple(r.multiple(1, *k)))
        .collect();
    assert_eq!(
        multiples,
        ["1.88x", "2.02x", "66.7x", "54.9x", "35.5x lower"]
    );
    assert_eq!(format::multiple(r.multiple(0, Metric::Tps)), "baseline");
}

#[test]
fn ranges_are_closed_and_refuse_nan() {
    assert!(Field::Tps.check(0.001).is_ok());
    assert!(Field::Tps.check(10_000_000.0).is_ok());
    assert!(Field::Tps.check(0.0).is_err());
    assert!(Field::Tps.check(-5.0).is_err());
    assert!(Field::Tps.check(10_000_001.0).is_err());
    assert!(Field::UsdHr.check(1000.0).is_ok());
    assert!(Field::UsdHr.check(1000.5).is_err());
    assert!(Field::Kw.check(100.0).is_ok());
    assert!(Field::Kw.check(f64::NAN).is_err());
    assert!(Field::Pflops.check(100_000.0).is_ok());
    assert!(Field::Pflops.check(f64::INFINITY).is_err());
}

#[test]
fn messages_say_what_is_allowed() {
    let err = Field::Tps.parse("abc").unwrap_err();
    assert_eq!(
        Field::Tps.message(&err),
        "\"abc\" is not a number: enter a number from 0.001 to 10,000,000 tokens/s."
    );
    let err = Field::UsdHr.parse("0").unwrap_err();
    assert_eq!(
        Field::UsdHr.message(&err),
        "Out of range: enter a number from 0.001 to 1,000 $ per GPU-hour."
    );
    let err = Field::Kw.parse("").unwrap_err();
    assert!(Field::Kw.message(&err).starts_with("Empty"));
    assert_eq!(Field::Tps.parse("6k"), Ok(6000.0));
    assert_eq!(Field::PriceMtok.parse_optional(" "), Ok(None));
    assert!(Field::Kw.parse_optional("").is_err());
    // An empty throughput box means "no throughput" (a preset without a measurement).
    assert_eq!(Field::Tps.parse_optional(""), Ok(None));
}

#[test]
fn page_settings_and_platform_fields_have_their_hooks() {
    assert_eq!(Field::Tps.test_id("in", 1), "in-tps-2");
    assert_eq!(Field::UsdKwh.test_id("num", 3), "num-usd_kwh");
    assert_eq!(Field::Utilisation.key(), "util");
    let mut s = Scenario::default();
    Field::UsdKwh.set(&mut s, 0, Some(0.2));
    Field::Capex.set(&mut s, 1, Some(5000.0));
    Field::PriceMtok.set(&mut s, 0, Some(1.0));
    assert_eq!(Field::UsdKwh.get(&s, 7), Some(0.2));
    assert_eq!(s.platforms[1].own.capex, 5000.0);
    Field::PriceMtok.set(&mut s, 0, None);
    assert_eq!(Field::PriceMtok.get(&s, 0), None);
    assert!(s.is_valid());
}

#[test]
fn owning_drives_every_metric() {
    let mut s = Scenario::default();
    s.platforms[0].cost_mode = CostMode::Own;
    s.platforms[0].own = Ownership {
        capex: 0.0,
        years: 1.0,
        rate_pct: 0.0,
        opex: 8760.0,
    };
    s.settings.usd_kwh = 0.0;
    // $8,760 a year is $1 per hour: H200 at 90 tokens/s costs 1 / (90 x 3600) x 1e6 = $3.09.
    let r = s.results();
    assert_relative_eq!(r.metrics[0].usd_hr, 1.0);
    assert_eq!(format::number(r.metrics[0].cost_per_mtok), "3.09");
    assert!(r.details[0].own_cost.is_some());
    assert!(r.details[1].own_cost.is_none());
    // Free hardware, power and operations: held at the lowest valid $/h, never $0.
    s.platforms[0].own.opex = 0.0;
    assert_relative_eq!(s.results().metrics[0].usd_hr, 0.001);
    assert!(s.results().metrics[0].flops_per_usd.is_finite());
}

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
    assert_eq!(r.details[0].throughput, ThroughputStatus::Held(Clamp::Above));
    assert_eq!(r.flag(0, Metric::CostPerMtok), Some("held at the measured end"));
    // A platform without a curve is not at the target, and says so.
    s.platforms[1].curve = None;
    let r = s.results();
    assert_eq!(r.metrics[1].tps, 6000.0);
    assert_eq!(r.details[1].throughput, ThroughputStatus::NotAtTarget);
    assert_eq!(r.flag(1, Metric::Tps), Some("not at the target"));
    assert_eq!(r.flag(1, Metric::UsdHr), None, "inputs need no throughput");
    let headline = crate::sentences::headline(&s, &r);
    assert!(headline.contains("Not at the target (no measured curve): NVIDIA GB300 NVL72."), "{headline}");
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
        assert_eq!(r.multiple(2, metric), crate::model::Multiple::Missing);
        assert_eq!(format::multiple(r.multiple(2, metric)), "\u{2014}");
        assert_eq!(r.flag(2, metric), Some(crate::scenario::NO_THROUGHPUT));
    }
    assert_eq!(r.value(2, Metric::UsdHr), Some(1.12));
    assert!(r.details[2].break_even.is_none());
    assert!(r.details[2].token_costs.is_none());
    assert!(r.details[2].ceiling_share.is_none());
    let headline = crate::sentences::headline(&s, &r);
    assert!(
        headline.contains("Left out: AMD Instinct MI300X has no measurement of this workload"),
        "{headline}"
    );
    assert!(!headline.contains("n/a") && !headline.contains("NaN"), "{headline}");
}

#[test]
fn utilisation_and_it_power() {
    let mut s = Scenario::default();
    s.platforms[1].utilisation_pct = 50.0;
    s.platforms[1].power_basis = PowerBasis::It;
    let r = s.results();
    assert_eq!(format::number(r.metrics[1].cost_per_mtok), "0.245");
    assert_eq!(
        format::number(r.metrics[1].tps),
        "6.00K",
        "out-tps stays the rated figure"
    );
    // 2.1 kW IT x PUE 1.3 = 2.73 kW all-in: 6000 x 1000 / 2.73 = 2.20M tokens/s per MW.
    assert_eq!(format::number(r.metrics[1].tok_per_mw), "2.20M");
    assert_relative_eq!(r.details[1].delivered_tps, 3000.0);
    let be = r.details[1]
        .break_even
        .expect("non-baseline has a break-even");
    // The baseline must cost 2.65 x 90 / 3000 = $0.0795 per hour to match: "$0.080" to the
    // tenth of a cent, as a person rounds (binary arithmetic stores 0.07949999999999999).
    assert_relative_eq!(be.baseline_usd_hr, 0.0795, epsilon = 1e-12);
    assert_eq!(format::usd_for_sentence(be.baseline_usd_hr), "$0.080");
    assert!(r.details[0].break_even.is_none());
}

#[test]
fn log_slider_spans_its_range_and_round_trips() {
    assert_relative_eq!(Field::Tps.from_slider(0.0), 1.0);
    assert_relative_eq!(Field::Tps.from_slider(1.0), 100_000.0);
    assert_relative_eq!(Field::Tps.from_slider(0.5), 316.0);
    assert_relative_eq!(Field::UsdHr.from_slider(1.0), 100.0);
    let t = Field::Tps.to_slider(6000.0);
    assert_relative_eq!(Field::Tps.from_slider(t), 6000.0);
    // Beyond the slider's span, the slider sits at its end.
    assert_relative_eq!(Field::Tps.to_slider(1e6), 1.0);
    assert_relative_eq!(Field::Tps.to_slider(f64::NAN), 0.0);
}

#[test]
fn add_remove_and_baseline() {
    let mut s = Scenario::default();
    assert_eq!(s.add_platform(), Ok(2));
    assert_eq!(s.platforms[2], s.platforms[1]);
    s.set_baseline(2).unwrap();
    s.remove_platform(0).unwrap();
    assert_eq!(s.baseline, 1);
    s.remove_platform(1).unwrap();
    assert_eq!(
        s.baseline, 0,
        "removing the baseline makes platform 1 the baseline"
    );
    assert_eq!(s.remove_platform(0), Err(ScenarioError::LastPlatform));
    for _ in 1..MAX_PLATFORMS {
        s.add_platform().unwrap();
    }
    assert_eq!(s.add_platform(), Err(ScenarioError::Full));
    assert_eq!(s.set_baseline(12), Err(ScenarioError::NoSuchPlatform));
}

#[test]
fn undo_puts_a_removed_baseline_back() {
    let mut s = Scenario::default();
    s.set_baseline(1).unwrap();
    let removed = s.remove_platform(1).unwrap();
    assert_eq!(s.baseline, 0);
    s.insert_platform(1, removed, true).unwrap();
    assert_eq!(
        s,
        Scenario {
            baseline: 1,
            ..Scenario::default()
        }
    );
}

#[test]
fn names_are_cut_at_sixty_characters() {
    let (name, cut) = Platform::clean_name(&"é".repeat(70));
    assert_eq!(name.chars().count(), 60);
    assert!(cut);
    assert_eq!(Platform::clean_name(" H200 "), ("H200".to_string(), false));
}

#[test]
fn checks_are_closed_ranges_and_refuse_nan() {
    for field in [
        Field::Capex,
        Field::Years,
        Field::Rate,
        Field::UsdKwh,
        Field::Pue,
        Field::Opex,
        Field::Utilisation,
        Field::SiteMw,
        Field::PriceMtok,
    ] {
        let (min, max) = field.range();
        assert_eq!(field.check(min), Ok(min), "{field:?}");
        assert_eq!(field.check(max), Ok(max), "{field:?}");
        assert!(field.check(max * 1.001 + 0.001).is_err(), "{field:?}");
        assert!(field.check(f64::NAN).is_err(), "{field:?}");
        assert!(field.check(f64::INFINITY).is_err(), "{field:?}");
        assert!(field.check(-1.0).is_err(), "{field:?}");
    }
    assert!(Field::Years.check(0.5).is_err());
    assert!(Field::Pue.check(0.99).is_err());
    assert!(Field::Utilisation.check(0.5).is_err());
    assert!(Field::SiteMw.check(0.0).is_err());
    assert_eq!(
        Field::PriceMtok.check(-0.01),
        Err(ValueError::OutOfRange {
            min: 0.0,
            max: 1_000_000.0
        })
    );
    assert_eq!(Field::Capex.check(0.0), Ok(0.0));
    assert!(Field::SiteMw
        .check(crate::model::cost::DEFAULT_SITE_MW)
        .is_ok());
    assert!(Field::Utilisation
        .check(crate::model::cost::DEFAULT_UTILISATION_PCT)
        .is_ok());
    assert!(Field::Pue.check(1.0).is_ok());
}

// ----- the sentences of the model's errors -----

mod model_messages {
    use crate::model::ceiling::{decode_ceiling, CeilingInputs, ModelShape};
    use crate::model::curve::POINT_RANGE;
    use crate::model::input::{self, Input, InputError};
    use crate::model::tokens::{costs_from_price_ratio, costs_from_throughputs, TokenMix};
    use crate::scenario::Field;

    const MIX: TokenMix = TokenMix {
        input_tokens: 1000.0,
        output_tokens: 500.0,
    };

    fn dense_70b() -> CeilingInputs {
        CeilingInputs {
            model: ModelShape::Dense { params_b: 70.0 },
            bytes_per_param: 1.0,
            kv_bytes_per_token: 0.0,
            context_tokens: 1.0,
            batch: 1.0,
            gpus: 1,
            hbm_tb_s: 4.8,
            hbm_gb: 141.0,
            peak_pflops: 1.979,
            tokens_per_step: 1.0,
        }
    }

    #[test]
    fn token_inputs_are_checked() {
        let bad_mix = TokenMix {
            input_tokens: 0.0,
            output_tokens: 10.0,
        };
        let e = costs_from_throughputs(1.0, &bad_mix, 1.0, 1.0).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Input tokens per request must be from 1 to 10,000,000 tokens (got 0)")
        );
        let e = costs_from_price_ratio(1.0, &MIX, 100.0, 0.5).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("Output/input price ratio must be from 1 to 100 (got 0.5)")
        );
        let e = costs_from_throughputs(1.0, &MIX, f64::NAN, 1.0).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some(
                "Prefill throughput must be from 0.001 to 10,000,000 input tokens/s per GPU \
                 (got a value that is not a finite number)"
            )
        );
        assert!(Input::InputTokens.check(1.0).is_ok());
        assert!(Input::InputTokens.check(10_000_000.0).is_ok());
        assert!(Input::InputTokens.check(0.5).is_err());
        assert!(Input::OutputTps.check(0.001).is_ok());
        assert!(Input::OutputTps.check(10_000_001.0).is_err());
        assert!(Input::PriceRatio.check(100.0).is_ok());
        assert!(Input::PriceRatio.check(f64::INFINITY).is_err());
    }

    #[test]
    fn ranges_match_the_scenario() {
        assert_eq!(input::USD_HR, Field::UsdHr.range());
        assert_eq!(input::TOKEN_THROUGHPUT, Field::Tps.range());
        assert_eq!(POINT_RANGE, Field::Tps.range());
    }

    #[test]
    fn model_shape_messages() {
        let msg = |r: Result<ModelShape, InputError>| r.err().map(|e| e.to_string());
        assert_eq!(
            msg(ModelShape::from_totals(30.0, 40.0, None)).as_deref(),
            Some("Active parameters (40B) cannot exceed total parameters (30B)")
        );
        assert_eq!(
            msg(ModelShape::from_totals(100.0, 50.0, Some((4, 3)))).as_deref(),
            Some(
                "100B total and 50B active parameters cannot come from 3 of 4 equal experts \
                 plus shared weights: the shared part would be negative"
            )
        );
        assert_eq!(
            msg(ModelShape::from_totals(100.0, 50.0, Some((4, 5)))).as_deref(),
            Some("Active experts (5) cannot exceed the number of experts (4)")
        );
    }

    #[test]
    fn ceiling_inputs_are_checked() {
        let msg = |inputs: CeilingInputs| decode_ceiling(&inputs).err().map(|e| e.to_string());
        assert_eq!(
            msg(CeilingInputs {
                batch: 0.0,
                ..dense_70b()
            })
            .as_deref(),
            Some("Batch size must be from 1 to 1,000,000 sequences (got 0)")
        );
        assert_eq!(
            msg(CeilingInputs {
                gpus: 0,
                ..dense_70b()
            })
            .as_deref(),
            Some("GPUs per model copy must be from 1 to 100,000 (got 0)")
        );
        assert_eq!(
            msg(CeilingInputs {
                tokens_per_step: 0.5,
                ..dense_70b()
            })
            .as_deref(),
            Some("Tokens per decode step must be from 1 to 16 tokens per sequence (got 0.5)")
        );
        assert_eq!(
            msg(CeilingInputs {
                hbm_tb_s: f64::INFINITY,
                ..dense_70b()
            })
            .as_deref(),
            Some(
                "HBM bandwidth must be from 0.001 to 1,000 TB/s per GPU \
                 (got a value that is not a finite number)"
            )
        );
        assert!(msg(CeilingInputs {
            model: ModelShape::Moe {
                shared_params_b: 1.0,
                expert_params_b: 1.0,
                experts: 4,
                active_experts: 5
            },
            ..dense_70b()
        })
        .is_some());
    }
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
    assert_relative_eq!(r.details[0].ceiling_share.unwrap_or(0.0), 46.258_003, epsilon = 1e-5);
    assert_relative_eq!(r.details[1].ceiling_share.unwrap_or(0.0), 11.602_815, epsilon = 1e-5);
    // Both below 100%: no "above the ceiling" sentence in the default view.
    for index in 0..2 {
        let text = crate::sentences::ceiling(&s, &r, index).unwrap_or_default();
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
    let text = crate::sentences::ceiling(&s, &r, 1).unwrap_or_default();
    assert!(text.contains("a set-up input is wrong, most likely mtp2"), "{text}");
}

#[test]
fn a_prefill_figure_splits_the_seed_cost_and_adds_nothing() {
    let mut s = Scenario::default();
    // GB300, 1k in / 1k out at 6,000 tokens/s: 1,000 / 6,000 = 0.16667 GPU-seconds per request,
    // $2.65 / 3600 x 0.16667 = $0.00012269, with or without a prefill figure.
    // Prefill 20,000: input 0.05 s at $0.036806 per million; decode 0.11667 s, so output
    // $2.65 / 3600 x 0.11667 / 1000 x 1e6 = $0.085880 per million.
    s.platforms[1].prefill_tps = Some(20_000.0);
    let r = s.results();
    let c = r.details[1].token_costs.expect("costs");
    assert_relative_eq!(c.per_request, 0.000_122_685_185, epsilon = 1e-12);
    assert_relative_eq!(c.per_m_input, 0.036_805_556, epsilon = 1e-9);
    assert_relative_eq!(c.per_m_output, 0.085_879_630, epsilon = 1e-9);
    // Prefill 5,000: the input alone takes 0.2 s, more than the whole request: refused.
    s.platforms[1].prefill_tps = Some(5_000.0);
    let r = s.results();
    assert!(r.details[1].token_costs.is_none());
    let message = r.details[1]
        .token_split_error
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(message.contains("no time is left to decode"), "{message}");
}
