//! The embedded measured data equals the CSV files it was built from. The CSVs are read here with a
//! parser of this test's own, independent of build.rs, so a fault in the generator cannot hide.

use cost_per_token::catalogue::measured::{
    default_precision, frontier, frontiers, precisions, workload, workloads, Precision,
};
use cost_per_token::catalogue::prices::{
    self, parse_tier_survey, price, tier_survey_id, Survey, Tier,
};
use cost_per_token::model::monotone::{MonotoneCurve, Placement};
use std::collections::HashMap;

/// Rows of a CSV file as maps from column name to cell. Cells may be quoted ("a, b" and "say ""x""").
fn read_csv(name: &str) -> Vec<HashMap<String, String>> {
    let path = format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = text.lines().filter(|l| !l.is_empty()).map(cells);
    let header = rows.next().unwrap();
    rows.map(|r| {
        assert_eq!(r.len(), header.len(), "{name}: {r:?}");
        header.iter().cloned().zip(r).collect()
    })
    .collect()
}

fn cells(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut in_quotes = false;
    let mut prev_quote = false;
    for c in line.chars() {
        if c == '"' {
            if in_quotes {
                in_quotes = false;
                prev_quote = true;
                continue;
            }
            if prev_quote {
                out.last_mut().unwrap().push('"');
            }
            in_quotes = true;
            prev_quote = false;
            continue;
        }
        prev_quote = false;
        if c == ',' && !in_quotes {
            out.push(String::new());
        } else {
            out.last_mut().unwrap().push(c);
        }
    }
    out
}

fn num(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

fn workload_id(row: &HashMap<String, String>) -> String {
    let k = |column: &str| format!("{}k", row[column].parse::<u32>().unwrap() / 1024);
    format!("{}-{}{}", row["model"], k("isl"), k("osl"))
}

#[test]
fn the_csv_parser_of_this_test_reads_quotes() {
    assert_eq!(
        cells(r#"a,"b, c","say ""x""",,d"#),
        vec!["a", "b, c", r#"say "x""#, "", "d"]
    );
}

#[test]
fn every_measured_row_is_embedded_exactly_once_in_order() {
    let rows = read_csv("measurements.csv");
    assert_eq!(rows.len(), 265);
    let embedded: usize = frontiers().iter().map(|f| f.len()).sum();
    assert_eq!(embedded, rows.len(), "no point added or lost");
    let mut next_index: HashMap<(String, String, String), usize> = HashMap::new();
    for row in &rows {
        let precision = Precision::from_id(&row["precision"]).unwrap();
        let wl = workload_id(row);
        let f = frontier(&row["platform"], &wl, precision)
            .unwrap_or_else(|| panic!("no frontier for {row:?}"));
        let key = (
            row["platform"].clone(),
            wl.clone(),
            row["precision"].clone(),
        );
        let i = next_index.entry(key).or_insert(0);
        let p = f.point(*i).unwrap();
        *i += 1;
        assert_eq!(
            p.interactivity,
            num(row, "interactivity_tok_s_user"),
            "{row:?}"
        );
        assert_eq!(p.output_tps, num(row, "output_tok_s_gpu"), "{row:?}");
        assert_eq!(p.total_tps, num(row, "total_tok_s_gpu"), "{row:?}");
        assert_eq!(p.framework, row["framework"]);
        assert_eq!(p.config, row["config"]);
        assert_eq!(p.run_date, row["run_date"]);
        assert_eq!(p.source, row["source"]);
        assert_eq!(p.is_disaggregated(), row["config"].starts_with("disagg "));
    }
    for f in frontiers() {
        let key = (
            f.platform.to_string(),
            f.workload.to_string(),
            f.precision.id().to_string(),
        );
        assert_eq!(
            next_index.get(&key),
            Some(&f.len()),
            "{key:?}: every embedded point is a CSV row"
        );
        assert_eq!(f.point(f.len()), None);
    }
    assert_eq!(frontiers().len(), 40);
}

#[test]
fn workloads_are_named_as_a_person_reads_them() {
    let ids: Vec<&str> = workloads().iter().map(|w| w.id).collect();
    assert_eq!(
        ids,
        ["deepseek-r1-1k1k", "deepseek-r1-8k1k", "deepseek-r1-1k8k"]
    );
    let names: Vec<&str> = workloads().iter().map(|w| w.name).collect();
    assert_eq!(
        names,
        [
            "DeepSeek-R1, 1k in / 1k out",
            "DeepSeek-R1, 8k in / 1k out",
            "DeepSeek-R1, 1k in / 8k out"
        ]
    );
    let w = workload("deepseek-r1-8k1k").unwrap();
    assert_eq!((w.model, w.isl, w.osl), ("deepseek-r1", 8192, 1024));
    assert_eq!(workload("deepseek-r1-2k2k"), None);
    assert_eq!(workload(""), None);
}

#[test]
fn precisions_follow_the_csv_and_default_to_fp4() {
    let rows = read_csv("measurements.csv");
    for w in workloads() {
        for platform in [
            "h100", "h200", "b200", "b300", "gb200", "gb300", "mi300x", "mi325x", "mi355x", "tpu7x",
        ] {
            let in_csv = |p: &str| {
                rows.iter().any(|r| {
                    r["platform"] == platform && workload_id(r) == w.id && r["precision"] == p
                })
            };
            let expected: Vec<Precision> = ["fp4", "fp8"]
                .into_iter()
                .filter(|p| in_csv(p))
                .map(|p| Precision::from_id(p).unwrap())
                .collect();
            assert_eq!(
                precisions(platform, w.id).collect::<Vec<_>>(),
                expected,
                "{platform} {}",
                w.id
            );
            assert_eq!(default_precision(platform, w.id), expected.first().copied());
        }
    }
    assert_eq!(
        default_precision("b200", "deepseek-r1-1k1k"),
        Some(Precision::Fp4)
    );
    assert_eq!(
        default_precision("h200", "deepseek-r1-1k1k"),
        Some(Precision::Fp8)
    );
    assert_eq!(
        default_precision("b300", "deepseek-r1-1k8k"),
        None,
        "B300 has no 1k/8k runs"
    );
    assert_eq!(Precision::from_id("fp16"), None);
}

#[test]
fn frontiers_are_sorted_and_readable_by_the_interpolation() {
    for f in frontiers() {
        assert!(!f.is_empty());
        assert_eq!(f.output_tps.len(), f.len());
        assert_eq!(f.total_tps.len(), f.len());
        for basis in [f.output_tps, f.total_tps] {
            let c = MonotoneCurve::new(f.interactivity, basis).unwrap();
            for (x, y) in f.interactivity.iter().zip(basis) {
                assert_eq!(c.at(*x).unwrap().y, *y);
            }
        }
        let (lo, hi) = f.interactivity_range().unwrap();
        assert_eq!(f.nearest_point(lo - 1.0), Some(0));
        assert_eq!(f.nearest_point(hi + 1.0), Some(f.len() - 1));
        assert!(lo > 0.0 && hi >= lo);
    }
}

/// The seed table's GB300 figure is one measured point of this data.
#[test]
fn the_seed_gb300_figure_is_a_measured_point() {
    let f = frontier("gb300", "deepseek-r1-1k1k", Precision::Fp4).unwrap();
    let i = f.nearest_point(70.4).unwrap();
    let p = f.point(i).unwrap();
    assert_eq!(
        (p.interactivity, p.output_tps, p.total_tps),
        (70.391, 6000.96, 11997.31)
    );
    assert_eq!(p.framework, "dynamo-trt");
    assert_eq!(
        p.config,
        "disagg P6[3w TP2 EP2 DPA] D16[1w TP16 EP16 DPA] MTP conc2253"
    );
    assert_eq!(p.run_date, "2026-02-03");
    let r = MonotoneCurve::new(f.interactivity, f.output_tps)
        .unwrap()
        .at(70.391)
        .unwrap();
    assert_eq!((r.y, r.placement), (6000.96, Placement::Inside));
}

#[test]
fn every_price_row_is_embedded() {
    let rows = read_csv("prices.csv");
    assert_eq!(rows.len(), 54);
    assert_eq!(prices::prices().len(), rows.len());
    for row in &rows {
        let tier = Tier::from_id(&row["tier"]).unwrap();
        let survey = Survey::from_id(&row["survey"]).unwrap();
        let p = price(&row["platform"], tier, survey).unwrap_or_else(|| panic!("{row:?}"));
        assert_eq!(p.usd_per_gpu_hour, num(row, "usd_per_gpu_hour"), "{row:?}");
        assert_eq!(p.all_in_kw, num(row, "all_in_kw"), "{row:?}");
        let note = row["note"].as_str();
        assert_eq!(p.note, (!note.is_empty()).then_some(note), "{row:?}");
    }
    for platform in [
        "h100", "h200", "b200", "b300", "gb200", "gb300", "mi300x", "mi325x", "mi355x",
    ] {
        for tier in Tier::ALL {
            for survey in Survey::ALL {
                assert!(
                    price(platform, tier, survey).is_some(),
                    "{platform} {tier:?} {survey:?}"
                );
            }
        }
    }
    assert_eq!(price("tpu7x", Tier::Rent3yr, Survey::Jul2026), None);
}

#[test]
fn placeholder_prices_are_b300_and_gb300_in_2025_08_only() {
    let placeholders: Vec<(&str, Tier, Survey)> = prices::prices()
        .iter()
        .filter(|p| p.is_placeholder())
        .map(|p| (p.platform, p.tier, p.survey))
        .collect();
    let mut expected = Vec::new();
    for platform in ["b300", "gb300"] {
        for tier in Tier::ALL {
            expected.push((platform, tier, Survey::Aug2025));
        }
    }
    assert_eq!(placeholders, expected);
    let gb300 = price("gb300", Tier::OwnHyperscaler, Survey::Aug2025).unwrap();
    assert_eq!(
        gb300.usd_per_gpu_hour, 2.652,
        "the source's figure; the seed rounds it to 2.65"
    );
    assert!(gb300.note.unwrap().contains("1.2x GB200 pricing"));
    assert!(!price("gb300", Tier::OwnHyperscaler, Survey::Jul2026)
        .unwrap()
        .is_placeholder());
}

#[test]
fn tiers_and_surveys_have_ids_and_labels() {
    for tier in Tier::ALL {
        for survey in Survey::ALL {
            let id = tier_survey_id(tier, survey);
            assert_eq!(parse_tier_survey(&id), Some((tier, survey)), "{id}");
        }
        assert!(!tier.label().is_empty());
    }
    assert_eq!(
        tier_survey_id(Tier::OwnHyperscaler, Survey::Aug2025),
        "own-hyperscaler-2025-08"
    );
    assert_eq!(
        parse_tier_survey("rent-3yr-2026-07"),
        Some((Tier::Rent3yr, Survey::Jul2026))
    );
    for bad in [
        "",
        "seed",
        "custom",
        "rent-3yr",
        "rent-3yr-",
        "rent-3yr-2024-01",
        "own-2026-07",
        "rent-3yr-2026-07x",
    ] {
        assert_eq!(parse_tier_survey(bad), None, "{bad:?}");
    }
    assert_eq!(Survey::Aug2025.label(), "August 2025");
    assert!(Survey::Jul2026.name().contains("July 2026 Pricing Surveys"));
}

mod figures_against_their_record {
    use cost_per_token::catalogue::record::{figure_record, Figure, FigureRecord};
    use cost_per_token::catalogue::{Preset, PresetId};

    const FIGURES: [Figure; 12] = [
        Figure::PriceHyperscaler,
        Figure::PriceNeocloud,
        Figure::PriceRental3y,
        Figure::KwAllIn,
        Figure::KwAllInNewer,
        Figure::TdpW,
        Figure::Fp8Dense,
        Figure::Fp8Sparse,
        Figure::Fp4Dense,
        Figure::Fp4Sparse,
        Figure::HbmTbS,
        Figure::HbmGb,
    ];

    /// The catalogue's figure; `None` where it quotes none (FP4 on Hopper and CDNA3).
    fn catalogue_value(p: &Preset, figure: Figure) -> Option<f64> {
        Some(match figure {
            // The record holds the source's price; GB300's differs from the seed's 2.65.
            Figure::PriceHyperscaler => p.hyperscaler_price_in_source,
            Figure::PriceNeocloud => p.price.neocloud_own,
            Figure::PriceRental3y => p.price.rental_3y,
            Figure::KwAllIn => p.kw_all_in,
            Figure::KwAllInNewer => p.kw_all_in_newer,
            Figure::TdpW => p.tdp_w,
            Figure::Fp8Dense => p.peak.fp8_dense,
            Figure::Fp8Sparse => p.peak.fp8_sparse,
            Figure::Fp4Dense => p.peak.fp4_dense?,
            Figure::Fp4Sparse => p.peak.fp4_sparse?,
            Figure::HbmTbS => p.hbm_tb_s,
            Figure::HbmGb => p.hbm_gb,
        })
    }

    fn records(id: PresetId, figure: Figure) -> Vec<&'static FigureRecord> {
        figure_record()
            .filter(|r| r.preset == id && r.figure == figure)
            .collect()
    }

    /// The first word of a printed entry that is a number: "FP4 ... 1,440 PFLOPS" -> 1440.
    fn first_number(text: &str) -> Option<f64> {
        text.split_whitespace()
            .map(|word| {
                word.trim_matches(|c: char| c == '(' || c == ')' || c == ':')
                    .replace(',', "")
            })
            .find_map(|word| word.parse::<f64>().ok())
    }

    #[test]
    fn every_catalogue_figure_equals_its_recorded_source() {
        for id in PresetId::ALL {
            let p = id.preset();
            for figure in FIGURES {
                let found = records(id, figure);
                match catalogue_value(p, figure) {
                    Some(value) => {
                        assert_eq!(found.len(), 1, "{id:?} {figure:?}: one record");
                        let r = found[0];
                        assert_eq!(value, r.value, "{id:?} {figure:?} vs {}", r.printed);
                        assert!(r.page.len() > 10, "{id:?} {figure:?} names its page");
                    }
                    None => assert!(found.is_empty(), "{id:?} {figure:?} has no figure"),
                }
            }
        }
        // No record left over for a figure the catalogue does not hold.
        assert_eq!(
            figure_record().count(),
            PresetId::ALL
                .iter()
                .map(|id| FIGURES
                    .iter()
                    .filter(|f| catalogue_value(id.preset(), **f).is_some())
                    .count())
                .sum::<usize>()
        );
    }

    #[test]
    fn every_record_reads_off_its_printed_figure() {
        for r in figure_record() {
            let Some(per) = r.per_gpus else {
                continue;
            };
            let printed = first_number(r.printed).unwrap_or(f64::NAN);
            let per_gpu = printed / per;
            assert!(
                ((per_gpu - r.value) / r.value).abs() < 2e-4,
                "{:?} {:?}: {} / {per} = {per_gpu}, not {}",
                r.preset,
                r.figure,
                r.printed,
                r.value
            );
        }
    }

    #[test]
    fn sparse_is_never_derived_by_halving_and_gb300_keeps_the_seeds_price() {
        // GB300 FP4: 1,440 PF sparse and 1,080 PF dense per 72 GPUs: 20 and 15, not 2:1.
        let gb300 = PresetId::Gb300.preset();
        assert_eq!(
            (gb300.peak.fp4_dense, gb300.peak.fp4_sparse),
            (Some(15.0), Some(20.0))
        );
        // HGX B200: FP4 144 / 72 PF and FP8 72 / 36 PF per 8 GPUs.
        let b200 = PresetId::B200.preset();
        assert_eq!(
            (b200.peak.fp4_dense, b200.peak.fp4_sparse),
            (Some(9.0), Some(18.0))
        );
        assert_eq!((b200.peak.fp8_dense, b200.peak.fp8_sparse), (4.5, 9.0));
        // Source A prints 2.652 for GB300; the seed (and the default view) rounds it to 2.65.
        assert_eq!(gb300.hyperscaler_price_in_source, 2.652);
        assert_eq!(gb300.price.hyperscaler_own, 2.65);
        for id in PresetId::ALL {
            if id != PresetId::Gb300 {
                assert_eq!(
                    id.preset().price.hyperscaler_own,
                    id.preset().hyperscaler_price_in_source
                );
            }
        }
    }
}
