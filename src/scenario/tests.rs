//! Tests of the scenario: the seed table, the fields table, platforms, settings and results.

use super::*;
use crate::format;
use crate::model::cost::PowerBasis;
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

fn ids(s: &Scenario) -> Vec<PlatformId> {
    s.platforms.iter().map(Platform::id).collect()
}

#[test]
fn every_platform_has_an_id_of_its_own_through_add_remove_and_undo() {
    let mut s = Scenario::default();
    assert!(s.has_unique_ids());
    // A copy of the last platform has its figures, not its id.
    let i = s.add_platform().unwrap();
    assert_eq!(s.platforms[i], s.platforms[i - 1], "the same figures");
    assert_ne!(s.platforms[i].id(), s.platforms[i - 1].id());
    while s.add_platform().is_ok() {}
    assert_eq!(s.platforms.len(), MAX_PLATFORMS);
    assert!(s.has_unique_ids(), "{:?}", ids(&s));

    // Removing one leaves the others' ids; undo puts it back with its own.
    let before = ids(&s);
    let removed = s.remove_platform(3).unwrap();
    assert_eq!(removed.id(), before[3]);
    let mut rest = before.clone();
    rest.remove(3);
    assert_eq!(ids(&s), rest);
    s.insert_platform(3, removed, false).unwrap();
    assert_eq!(ids(&s), before, "undo gives the platform back its id");

    // Removed, then a copy added: the undone platform still differs from every other.
    let removed = s.remove_platform(11).unwrap();
    s.add_platform().unwrap();
    s.remove_platform(0).unwrap();
    s.insert_platform(11, removed.clone(), false).unwrap();
    assert!(s.has_unique_ids(), "{:?}", ids(&s));
    assert_eq!(s.platforms[11].id(), removed.id());

    // Should the id be taken meanwhile (the same removal undone twice), the platform comes
    // back as another one rather than as a twin.
    s.remove_platform(0).unwrap();
    s.insert_platform(0, removed.clone(), false).unwrap();
    assert!(s.has_unique_ids(), "{:?}", ids(&s));
    assert_ne!(s.platforms[0].id(), removed.id());
    assert_eq!(s.platforms[0], removed, "with the same figures");
}

#[test]
fn results_and_positions_are_found_by_id() {
    let mut s = Scenario::default();
    s.add_platform().unwrap();
    let ids = ids(&s);
    let removed = s.remove_platform(1).unwrap();
    let r = s.results();
    assert_eq!(r.ids, vec![ids[0], ids[2]]);
    assert_eq!((r.position(ids[2]), s.position(ids[2])), (Some(1), Some(1)));
    assert_eq!(
        (r.position(removed.id()), s.position(removed.id())),
        (None, None)
    );
}

#[test]
fn an_id_is_not_part_of_a_platforms_value() {
    let a = Platform::from_preset(PresetId::H200);
    let mut b = a.clone();
    assert_eq!(a.id(), b.id(), "a clone is the same platform");
    b.renew_id();
    assert_ne!(a.id(), b.id());
    assert_eq!(a, b, "equal figures, equal platforms, whatever their ids");
    // Another preset on the card: other figures, the same platform on the page.
    b.apply_preset(PresetId::Gb300);
    assert_ne!(a, b);
    let id = b.id();
    b.apply_preset(PresetId::Mi355x);
    assert_eq!(b.id(), id);
}

#[test]
fn normalising_gives_a_repeated_id_a_fresh_one() {
    let p = Platform::from_preset(PresetId::H200);
    let mut s = Scenario {
        platforms: vec![
            p.clone(),
            p.clone(),
            Platform::from_preset(PresetId::Gb300),
            p,
        ],
        ..Scenario::default()
    };
    assert!(!s.has_unique_ids());
    let before = s.clone();
    s.normalise();
    assert!(s.has_unique_ids(), "{:?}", ids(&s));
    assert_eq!(
        s.platforms[0].id(),
        before.platforms[0].id(),
        "the first keeps it"
    );
    assert_eq!(s, before, "only the ids change");
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

/// A platform without a throughput has no per-token figure at all: every one is NaN (shown
/// as an em dash), never the 0 of a guarded division; what needs no throughput stays.
#[test]
fn no_throughput_means_no_per_token_figure() {
    let mut s = Scenario::default();
    s.platforms[1].tps = None;
    s.platforms[1].curve = None;
    let r = s.results();
    let d = &r.details[1];
    assert!(d.joules_per_token.is_nan());
    assert!(d.energy_cost_per_mtok.is_nan());
    assert!(r.extras[1].co2_per_mtok.is_nan());
    assert!(r.extras[1].cost_request.is_nan());
    assert!(r.metrics[1].cost_per_mtok.is_nan());
    assert!(r.metrics[1].usd_hr == 2.65, "the price needs no throughput");
    // The other platform is untouched.
    assert!(r.details[0].joules_per_token > 19.0 && r.details[0].joules_per_token < 19.3);
}

#[test]
fn a_platforms_own_figures_ignore_the_baseline_but_its_multiples_do_not() {
    let before = Scenario::default();
    let mut after = before.clone();
    // Move the baseline (H200): GB300's values stay, its multiples and break-even move.
    after.platforms[0].tps = Some(120.0);
    let (old, new) = (before.results(), after.results());
    assert!(old.same_own_figures(&new, 1));
    assert!(!old.same_for_platform(&new, 1));
    assert_ne!(old.details[1].break_even, new.details[1].break_even);
    assert!(!old.same_own_figures(&new, 0));
    // Move GB300 itself: its own figures change.
    let mut moved = before.clone();
    moved.platforms[1].usd_hr = 3.0;
    assert!(!old.same_own_figures(&moved.results(), 1));
    assert!(old.same_own_figures(&moved.results(), 0));
}

#[test]
fn a_typed_throughput_sets_the_measured_curve_aside_until_it_is_dropped() {
    let mut s = Scenario::default();
    let settings = s.settings;
    let h200 = &mut s.platforms[0];
    assert!(h200.curve_in_force(&settings).is_some());
    assert!(!h200.frontier_set_aside(&settings));
    // One slider step: a typed figure, which wins over the measured frontier.
    Field::Tps.set_platform(h200, Some(91.2));
    assert!(h200.curve_in_force(&settings).is_none());
    assert!(h200.frontier_set_aside(&settings));
    h200.drop_typed_throughput();
    assert_eq!(h200.tps, Some(90.0));
    assert!(!h200.tps_custom);
    assert!(h200.curve_in_force(&settings).is_some());
    // A pasted curve is the user's own: nothing measured is set aside.
    let mut own = s.platforms[0].clone();
    own.curve = own
        .curve_in_force(&settings)
        .map(std::borrow::Cow::into_owned);
    Field::Tps.set_platform(&mut own, Some(91.2));
    assert!(!own.frontier_set_aside(&settings));
}
