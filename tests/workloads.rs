//! Measured workloads and dated prices, checked from the CSVs themselves (data/*.csv), not from
//! the tables build.rs embedded: every (platform, workload, precision) group reads the field's
//! interpolation at several targets, the frontier point nearest the default without one, every
//! tier and survey gives its price, and a platform without a measurement has no throughput.

use std::collections::BTreeMap;

use cost_per_token::catalogue::PresetId;
use cost_per_token::codec::url;
use cost_per_token::model::monotone::MonotoneCurve;
use cost_per_token::scenario::measured::{
    MeasuredPrecision, PriceTier, WorkloadId, DEFAULT_INTERACTIVITY,
};
use cost_per_token::scenario::{Platform, Scenario, ThroughputStatus};

/// (platform, workload id, precision) -> points (interactivity, output tokens/s per GPU),
/// interactivity ascending.
type Groups = BTreeMap<(String, String, String), Vec<(f64, f64)>>;

fn measured_groups() -> Groups {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/measurements.csv"
    ))
    .expect("data/measurements.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (platform, model, precision, isl, osl, x, y) = (
        col("platform"),
        col("model"),
        col("precision"),
        col("isl"),
        col("osl"),
        col("interactivity_tok_s_user"),
        col("output_tok_s_gpu"),
    );
    let mut groups = Groups::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        // The configuration and source columns hold no commas before these.
        let cells: Vec<&str> = line.split(',').collect();
        let k = |n: usize| cells[n].parse::<u32>().expect("a length") / 1024;
        let workload = format!("{}-{}k{}k", cells[model], k(isl), k(osl));
        let point = (
            cells[x].parse::<f64>().expect("interactivity"),
            cells[y].parse::<f64>().expect("throughput"),
        );
        groups
            .entry((cells[platform].into(), workload, cells[precision].into()))
            .or_default()
            .push(point);
    }
    for points in groups.values_mut() {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    groups
}

fn one_platform(preset: PresetId, workload: &str, precision: &str) -> Scenario {
    let mut platform = Platform::from_preset(preset);
    platform.wprec = MeasuredPrecision::from_id(precision);
    let mut s = Scenario {
        platforms: vec![platform],
        ..Scenario::default()
    };
    s.settings.workload = WorkloadId::from_id(workload);
    assert!(
        s.settings.workload.is_some(),
        "{workload} is a known workload"
    );
    s
}

#[test]
fn every_measured_group_reads_the_interpolated_throughput() {
    let groups = measured_groups();
    assert_eq!(groups.len(), 40, "40 frontiers in the data");
    for ((platform, workload, precision), points) in &groups {
        let preset = PresetId::from_key(platform).expect("every measured platform is a preset");
        let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
        let reference = MonotoneCurve::new(&xs, &ys).expect("a valid frontier");
        let mut s = one_platform(preset, workload, precision);
        let group = format!("{platform} {workload} {precision}");

        // Without a target: the measured point nearest the default interactivity, exactly.
        let nearest = points
            .iter()
            .min_by(|a, b| {
                (a.0 - DEFAULT_INTERACTIVITY)
                    .abs()
                    .total_cmp(&(b.0 - DEFAULT_INTERACTIVITY).abs())
            })
            .expect("points");
        let r = s.results();
        assert_eq!(r.metrics[0].tps, nearest.1, "{group}: the point nearest 50");
        assert_eq!(r.details[0].throughput, ThroughputStatus::MeasuredPoint);

        // At each measured point, between points, and beyond both ends.
        let mut targets: Vec<f64> = xs.clone();
        targets.extend(xs.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        targets.push(xs[0] / 2.0);
        targets.push(xs[xs.len() - 1] * 2.0);
        for target in targets {
            s.settings.target_tps_user = Some(target);
            let r = s.results();
            let expected = reference.at(target).expect("a reading").y;
            let got = r.metrics[0].tps;
            assert!(
                (got - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{group} at {target}: page {got}, reference {expected}"
            );
            // Cost is derived from the interpolated throughput, never interpolated itself.
            let usd_hr = s.platforms[0].usd_hr;
            let cost = usd_hr / (got * 3600.0) * 1e6;
            assert!((r.metrics[0].cost_per_mtok - cost).abs() <= 1e-9 * cost);
        }
        s.settings.target_tps_user = None;
    }
}

#[test]
fn a_platform_without_a_measurement_of_the_workload_has_no_throughput() {
    let groups = measured_groups();
    for preset in PresetId::ALL {
        for workload in WorkloadId::all() {
            let measured = groups
                .keys()
                .any(|(p, w, _)| p == preset.key() && w == workload.id());
            let mut platform = Platform::from_preset(preset);
            platform.wprec = None;
            let mut s = Scenario {
                platforms: vec![platform],
                ..Scenario::default()
            };
            s.settings.workload = Some(workload);
            let r = s.results();
            if measured {
                assert!(r.metrics[0].tps.is_finite(), "{preset:?} {}", workload.id());
            } else {
                assert!(
                    r.metrics[0].tps.is_nan(),
                    "{preset:?} {}: no figure",
                    workload.id()
                );
                assert!(r.metrics[0].cost_per_mtok.is_nan());
                assert_eq!(r.details[0].throughput, ThroughputStatus::Missing);
            }
        }
    }
    // B300 has no 1k in / 8k out measurement in this snapshot.
    assert!(!groups
        .keys()
        .any(|(p, w, _)| p == "b300" && w == "deepseek-r1-1k8k"));
}

#[test]
fn a_typed_throughput_wins_over_the_measurement_and_the_seed_view_is_unchanged() {
    let mut s = one_platform(PresetId::Gb300, "deepseek-r1-1k1k", "fp4");
    s.settings.target_tps_user = Some(70.4);
    let measured = s.results().metrics[0].tps;
    // The seed's GB300 figure is this frontier's point at 70.4 tokens/s per user (6,001 output
    // tokens/s; the point's interactivity is 70.4 rounded).
    assert!(
        (measured - 6001.0).abs() < 2.0,
        "GB300's seed point: {measured}"
    );
    cost_per_token::scenario::Field::Tps.set(&mut s, 0, Some(5000.0));
    assert!(s.platforms[0].tps_custom);
    assert_eq!(s.results().metrics[0].tps, 5000.0);
    // As published (no workload): the default view is the seed table.
    let default = Scenario::default().results();
    assert_eq!(default.metrics[0].tps, 90.0);
    assert_eq!(default.metrics[1].tps, 6000.0);
}

#[test]
fn every_tier_and_survey_gives_its_price() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"))
        .expect("data/prices.csv");
    let mut rows = 0;
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let preset = PresetId::from_key(cells[0]).expect("a preset");
        let id = format!("{}-{}", cells[1], cells[2]);
        let price: f64 = cells[3].parse().expect("a price");
        let tier = PriceTier::from_id(&id).unwrap_or_else(|| panic!("{id} reads"));
        let mut platform = Platform::from_preset(preset);
        platform.set_tier(Some(tier));
        let s = Scenario {
            platforms: vec![platform],
            ..Scenario::default()
        };
        assert_eq!(s.results().metrics[0].usd_hr, price, "{} {id}", cells[0]);
        // The link names the tier, not the number, and reads back to the same price.
        let query = url::encode(&s, &Default::default());
        assert!(query.contains(&format!("tier1={id}")), "{query}");
        assert!(!query.contains("usd_hr1="), "{query}");
        let link = url::decode(&query);
        assert!(link.notices.is_empty(), "{:?}", link.notices);
        assert_eq!(link.scenario.platforms[0].usd_hr, price);
        rows += 1;
    }
    assert_eq!(rows, 54);
}

#[test]
fn links_carry_the_workload_precision_and_tier_and_bad_values_fall_back_alone() {
    let link = url::decode(
        "preset1=b200&wprec1=fp8&tier1=rent-3yr-2026-07&preset2=gb300&tier2=seed&wl=deepseek-r1-8k1k&target=40&cap=2",
    );
    assert!(link.notices.is_empty(), "{:?}", link.notices);
    let s = &link.scenario;
    assert_eq!(
        s.settings.workload.map(WorkloadId::id),
        Some("deepseek-r1-8k1k")
    );
    assert_eq!(s.platforms[0].wprec, MeasuredPrecision::from_id("fp8"));
    assert_eq!(s.platforms[0].usd_hr, 2.6);
    assert_eq!(s.platforms[1].usd_hr, 2.65);
    assert_eq!(s.settings.cap, Some(2.0));
    let again = url::decode(&url::encode(s, &link.options));
    assert_eq!(&again.scenario, s);
    assert!(
        !url::encode(s, &link.options).contains("tps1="),
        "a measured throughput is not written"
    );

    // Each bad value: a notice, and that field alone falls back.
    let link = url::decode(
        "preset1=b300&wprec1=fp2&tier1=own-lunar-2031&wl=llama-9k&preset2=h200&wprec2=fp4&tps2=90",
    );
    let keys: Vec<&str> = link.notices.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(
        keys,
        ["wl", "wprec1", "tier1", "wprec2"],
        "{:?}",
        link.notices
    );
    assert_eq!(link.scenario.settings.workload, None);
    assert_eq!(
        link.scenario.platforms[0].usd_hr,
        Platform::from_preset(PresetId::B300).usd_hr
    );
    assert_eq!(
        link.scenario.platforms[1].wprec, None,
        "H200 has no FP4 measurement"
    );
}

#[test]
fn the_cost_cap_finds_the_highest_interactivity_and_users_per_mw_follow_the_target() {
    let mut s = one_platform(PresetId::Gb300, "deepseek-r1-1k1k", "fp4");
    s.settings.cap = Some(1.0);
    let r = s.results();
    let (x, whole) = r.details[0].max_interactivity.expect("a curve and a cap");
    // At that interactivity the cost is the cap itself (or the whole range is under it).
    s.settings.target_tps_user = Some(x);
    let at = s.results();
    if !whole {
        assert!(
            (at.metrics[0].cost_per_mtok - 1.0).abs() < 1e-6,
            "{}",
            at.metrics[0].cost_per_mtok
        );
    }
    // Users per MW at the target: tokens/s per MW / tokens/s per user.
    let users = at.details[0].users_per_mw.expect("a target");
    assert!((users - at.metrics[0].tok_per_mw / x).abs() < 1e-6 * users);
    // A cap below the cheapest measured point has no answer.
    s.settings.cap = Some(1e-4);
    assert_eq!(s.results().details[0].max_interactivity, None);
}

/// The catalogue's preset prices are the August 2025 survey's rows of data/prices.csv (GB300's
/// hyperscaler price keeps the seed's rounding, 2.65 for the source's 2.652): one source.
#[test]
fn preset_prices_are_the_csvs_august_2025_rows() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"))
        .expect("data/prices.csv");
    let price = |platform: &str, tier: &str| -> f64 {
        text.lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|c| c[0] == platform && c[1] == tier && c[2] == "2025-08")
            .map(|c| c[3].parse().expect("a price"))
            .expect("a row")
    };
    for preset in PresetId::ALL {
        let p = &preset.preset().price;
        let key = preset.key();
        let hyperscaler = if preset == PresetId::Gb300 {
            assert_eq!(price(key, "own-hyperscaler"), 2.652);
            2.65
        } else {
            price(key, "own-hyperscaler")
        };
        assert_eq!(p.hyperscaler_own, hyperscaler, "{key}");
        assert_eq!(p.neocloud_own, price(key, "own-neocloud"), "{key}");
        assert_eq!(p.rental_3y, price(key, "rent-3yr"), "{key}");
    }
}

/// Preset ranges come from a spread a source gives: the catalogue's prices over every tier and
/// survey, and the measured points either side of the target.
#[test]
fn preset_ranges_come_from_the_sources_spread() {
    // H200's six prices in data/prices.csv: 1.41, 1.22, 1.74, 1.59, 1.60, 2.05.
    assert_eq!(
        Platform::from_preset(PresetId::H200).price_spread(),
        Some((1.22, 2.05))
    );
    let mut s = Scenario::default();
    s.settings.target_tps_user = Some(49.0);
    // H200's FP8 1k/1k frontier has (36.669, 480.21) and (54.840, 330.83) either side of 49.
    assert_eq!(
        s.platforms[0].measured_spread(&s.settings),
        Some((330.83, 480.21))
    );
    s.settings.target_tps_user = Some(500.0);
    assert_eq!(
        s.platforms[0].measured_spread(&s.settings),
        None,
        "outside the points"
    );
    s.settings.target_tps_user = None;
    assert_eq!(
        s.platforms[0].measured_spread(&s.settings),
        None,
        "no target"
    );
}
