//! The catalogue of platforms: pure data. Every figure names its source and the date it was read;
//! every FLOPS figure names its precision and sparsity. Building a `Platform` from an entry is the
//! scenario's job. Measured frontiers ([`measured`]) and dated prices ([`prices`]) are embedded
//! at build time from `data/*.csv`.

pub mod measured;
pub mod prices;
pub mod record;
pub mod record_costs;

use serde::{Deserialize, Serialize};

use crate::model::curve::Curve;

/// The precision and sparsity a FLOPS figure is quoted at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    Fp8Dense,
    Fp8Sparse,
    Fp4Dense,
    Fp4Sparse,
    Other,
}

impl Precision {
    pub const ALL: [Precision; 5] = [
        Precision::Fp8Dense,
        Precision::Fp8Sparse,
        Precision::Fp4Dense,
        Precision::Fp4Sparse,
        Precision::Other,
    ];

    /// The value in links (`prec1=fp8-sparse`).
    pub const fn key(self) -> &'static str {
        match self {
            Precision::Fp8Dense => "fp8-dense",
            Precision::Fp8Sparse => "fp8-sparse",
            Precision::Fp4Dense => "fp4-dense",
            Precision::Fp4Sparse => "fp4-sparse",
            Precision::Other => "other",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Precision::Fp8Dense => "FP8 dense",
            Precision::Fp8Sparse => "FP8 sparse",
            Precision::Fp4Dense => "FP4 dense",
            Precision::Fp4Sparse => "FP4 sparse",
            Precision::Other => "other precision",
        }
    }

    pub fn from_key(key: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Where a figure comes from.
#[derive(Debug, PartialEq, Eq)]
pub struct Source {
    pub name: &'static str,
    /// Shown as text, never fetched.
    pub url: &'static str,
    /// When the figure was read.
    pub as_of: &'static str,
}

/// SemiAnalysis InferenceX: prices per GPU-hour and all-in power per GPU.
pub const INFERENCEX_COSTS: Source = Source {
    name: "SemiAnalysis InferenceX dashboard code, packages/app/src/lib/constants.ts",
    url: "https://github.com/SemiAnalysisAI/InferenceX-app",
    as_of: "2026-04",
};

/// The seed table: DeepSeek-R1 throughput, NVIDIA analysis of SemiAnalysis InferenceX v2.
pub const SEED_THROUGHPUT: Source = Source {
    name:
        "NVIDIA blog, cost per token vs FLOPS per dollar (DeepSeek-R1, SemiAnalysis InferenceX v2)",
    url: "https://blogs.nvidia.com/",
    as_of: "2026-04",
};

pub const NVIDIA_H100_SPEC: Source = Source {
    name: "NVIDIA H100 Tensor Core GPU data sheet (SXM)",
    url: "https://www.nvidia.com/en-us/data-center/h100/",
    as_of: "2026-04",
};
pub const NVIDIA_H200_SPEC: Source = Source {
    name: "NVIDIA H200 Tensor Core GPU data sheet (SXM)",
    url: "https://www.nvidia.com/en-us/data-center/h200/",
    as_of: "2026-04",
};
pub const NVIDIA_B200_SPEC: Source = Source {
    name: "NVIDIA HGX B200 specifications (HGX platform page, figures per 8 GPUs), per GPU; \
           HBM bandwidth from the DGX B200 page (64 TB/s per 8 GPUs)",
    url: "https://www.nvidia.com/en-us/data-center/hgx/",
    as_of: "2026-04",
};
pub const NVIDIA_B300_SPEC: Source = Source {
    name: "NVIDIA HGX B300 specifications (HGX platform page, figures per 8 GPUs), per GPU",
    url: "https://www.nvidia.com/en-us/data-center/hgx/",
    as_of: "2026-12",
};
pub const NVIDIA_GB200_SPEC: Source = Source {
    name: "NVIDIA GB200 NVL72 specifications, per GPU",
    url: "https://www.nvidia.com/en-us/data-center/gb200-nvl72/",
    as_of: "2026-04",
};
pub const NVIDIA_GB300_SPEC: Source = Source {
    name: "NVIDIA GB300 NVL72 specifications, per GPU",
    url: "https://www.nvidia.com/en-us/data-center/gb300-nvl72/",
    as_of: "2026-04",
};
pub const AMD_MI300X_SPEC: Source = Source {
    name: "AMD Instinct MI300X data sheet",
    url: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html",
    as_of: "2026-04",
};
pub const AMD_MI325X_SPEC: Source = Source {
    name: "AMD Instinct MI325X data sheet",
    url: "https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html",
    as_of: "2026-04",
};
pub const AMD_MI355X_SPEC: Source = Source {
    name: "AMD Instinct MI355X data sheet",
    url: "https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html",
    as_of: "2026-04",
};

/// A catalogue entry's id, as used in links (`preset1=h200`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PresetId {
    H100,
    H200,
    B200,
    B300,
    Gb200,
    Gb300,
    Mi300x,
    Mi325x,
    Mi355x,
}

impl PresetId {
    pub const ALL: [PresetId; 9] = [
        PresetId::H100,
        PresetId::H200,
        PresetId::B200,
        PresetId::B300,
        PresetId::Gb200,
        PresetId::Gb300,
        PresetId::Mi300x,
        PresetId::Mi325x,
        PresetId::Mi355x,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            PresetId::H100 => "h100",
            PresetId::H200 => "h200",
            PresetId::B200 => "b200",
            PresetId::B300 => "b300",
            PresetId::Gb200 => "gb200",
            PresetId::Gb300 => "gb300",
            PresetId::Mi300x => "mi300x",
            PresetId::Mi325x => "mi325x",
            PresetId::Mi355x => "mi355x",
        }
    }

    pub fn from_key(key: &str) -> Option<PresetId> {
        PresetId::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn preset(self) -> &'static Preset {
        // CATALOGUE holds one entry per id, in the order of ALL (checked by a test).
        &CATALOGUE[self as usize]
    }
}

/// Price per GPU-hour in three tiers (source A).
#[derive(Debug, PartialEq)]
pub struct PriceTiers {
    pub hyperscaler_own: f64,
    pub neocloud_own: f64,
    pub rental_3y: f64,
}

/// A measured throughput and the workload it was measured on.
#[derive(Debug, PartialEq)]
pub struct MeasuredThroughput {
    pub tokens_per_s: f64,
    pub workload: &'static str,
    pub source: &'static Source,
}

/// Peak PFLOPS per GPU at each precision; `None` where the vendor quotes none.
#[derive(Debug, PartialEq)]
pub struct PeakCompute {
    pub fp8_dense: f64,
    pub fp8_sparse: f64,
    pub fp4_dense: Option<f64>,
    pub fp4_sparse: Option<f64>,
}

impl PeakCompute {
    pub fn at(&self, precision: Precision) -> Option<f64> {
        match precision {
            Precision::Fp8Dense => Some(self.fp8_dense),
            Precision::Fp8Sparse => Some(self.fp8_sparse),
            Precision::Fp4Dense => self.fp4_dense,
            Precision::Fp4Sparse => self.fp4_sparse,
            Precision::Other => None,
        }
    }
}

/// The serving set-up the decode ceiling assumes for a preset: how the measurement behind its
/// figure was (or is assumed to be) served.
#[derive(Debug, PartialEq)]
pub struct SetupDefaults {
    /// GPUs one model copy (one decode worker) is spread over.
    pub gpus: f64,
    /// Sequences decoded together (the measurement's concurrency on one decode worker).
    pub batch: f64,
    /// Tokens of context per sequence: input plus half the output of a 1k/1k request.
    pub context: f64,
    /// Mean tokens gained per decode step (multi-token prediction accepts more than one).
    pub tokens_per_step: f64,
    /// Bytes per weight: 0.5 for FP4, 1 for FP8.
    pub bytes_per_param: f64,
    /// Where these come from, in words.
    pub basis: &'static str,
}

/// The set-up assumed for a preset whose figure has no recorded serving set-up: one 8-GPU
/// server at batch 64, without multi-token prediction.
const fn assumed_setup(bytes_per_param: f64) -> SetupDefaults {
    SetupDefaults {
        gpus: 8.0,
        batch: 64.0,
        context: 1500.0,
        tokens_per_step: 1.0,
        bytes_per_param,
        basis: "assumed: one 8-GPU server at batch 64, no multi-token prediction",
    }
}

/// One platform of the catalogue.
#[derive(Debug, PartialEq)]
pub struct Preset {
    pub id: PresetId,
    pub name: &'static str,
    pub price: PriceTiers,
    pub price_source: &'static Source,
    /// The hyperscaler price exactly as source A prints it. GB300's is 2.652; the seed table
    /// (and so the default view) rounds it to 2.65, which `price` keeps.
    pub hyperscaler_price_in_source: f64,
    /// All-in kW per GPU, the older figure of source A (the one the seed table uses).
    pub kw_all_in: f64,
    /// The lower all-in kW of a later version of source A.
    pub kw_all_in_newer: f64,
    pub tdp_w: f64,
    pub peak: PeakCompute,
    /// The precision the seed-style comparison quotes for this platform.
    pub default_precision: Precision,
    /// HBM bandwidth per GPU, TB/s; the page it comes from is in [`record::figure_record`].
    pub hbm_tb_s: f64,
    /// HBM capacity per GPU, GB, on one basis for every platform: the raw HBM the vendor lists
    /// per GPU (GB200's 186 GB usable of 13.4 TB / 72 is 192 GB raw).
    pub hbm_gb: f64,
    pub spec_source: &'static Source,
    /// `None` where no measured figure exists: the user is asked for one.
    pub throughput: Option<MeasuredThroughput>,
    /// The serving set-up the decode ceiling starts from.
    pub setup: SetupDefaults,
}

/// Shared workload label of the seed figures.
pub const SEED_WORKLOAD: &str = "DeepSeek-R1, SemiAnalysis InferenceX v2";

pub static CATALOGUE: [Preset; 9] = [
    Preset {
        id: PresetId::H100,
        name: "NVIDIA H100 SXM",
        price: PriceTiers {
            hyperscaler_own: 1.30,
            neocloud_own: 1.69,
            rental_3y: 1.30,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.30,
        kw_all_in: 1.73,
        kw_all_in_newer: 1.37,
        tdp_w: 700.0,
        peak: PeakCompute {
            fp8_dense: 1.979,
            fp8_sparse: 3.958,
            fp4_dense: None,
            fp4_sparse: None,
        },
        default_precision: Precision::Fp8Sparse,
        hbm_tb_s: 3.35,
        hbm_gb: 80.0,
        spec_source: &NVIDIA_H100_SPEC,
        throughput: None,
        setup: assumed_setup(1.0),
    },
    Preset {
        id: PresetId::H200,
        name: "NVIDIA HGX H200",
        price: PriceTiers {
            hyperscaler_own: 1.41,
            neocloud_own: 1.74,
            rental_3y: 1.60,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.41,
        kw_all_in: 1.73,
        kw_all_in_newer: 1.37,
        tdp_w: 700.0,
        peak: PeakCompute {
            fp8_dense: 1.979,
            fp8_sparse: 3.958,
            fp4_dense: None,
            fp4_sparse: None,
        },
        default_precision: Precision::Fp8Sparse,
        hbm_tb_s: 4.8,
        hbm_gb: 141.0,
        spec_source: &NVIDIA_H200_SPEC,
        throughput: Some(MeasuredThroughput {
            tokens_per_s: 90.0,
            workload: SEED_WORKLOAD,
            source: &SEED_THROUGHPUT,
        }),
        setup: SetupDefaults {
            gpus: 8.0,
            batch: 16.0,
            context: 1500.0,
            tokens_per_step: 1.0,
            bytes_per_param: 1.0,
            basis: "assumed (the seed does not record it): FP8 on one 8-GPU server (TP8 EP8) at \
                    concurrency 16 without multi-token prediction, where older InferenceX H200 \
                    TensorRT-LLM runs gave 90-94 tokens/s per GPU near 50 tokens/s per user",
        },
    },
    Preset {
        id: PresetId::B200,
        name: "NVIDIA HGX B200",
        price: PriceTiers {
            hyperscaler_own: 1.95,
            neocloud_own: 2.34,
            rental_3y: 2.90,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.95,
        kw_all_in: 2.17,
        kw_all_in_newer: 1.71,
        tdp_w: 1000.0,
        peak: PeakCompute {
            fp8_dense: 4.5,
            fp8_sparse: 9.0,
            fp4_dense: Some(9.0),
            fp4_sparse: Some(18.0),
        },
        default_precision: Precision::Fp4Dense,
        hbm_tb_s: 8.0,
        hbm_gb: 192.0,
        spec_source: &NVIDIA_B200_SPEC,
        throughput: None,
        setup: assumed_setup(0.5),
    },
    Preset {
        id: PresetId::B300,
        name: "NVIDIA HGX B300",
        // Source A marks the 2025-08 price temporary: 1.2 x B200 until a surveyed price exists.
        price: PriceTiers {
            hyperscaler_own: 2.34,
            neocloud_own: 2.808,
            rental_3y: 3.48,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 2.34,
        kw_all_in: 1.9,
        kw_all_in_newer: 1.9,
        tdp_w: 1200.0,
        peak: PeakCompute {
            fp8_dense: 4.5,
            fp8_sparse: 9.0,
            fp4_dense: Some(13.5),
            fp4_sparse: Some(18.0),
        },
        default_precision: Precision::Fp4Dense,
        hbm_tb_s: 8.0,
        hbm_gb: 288.0,
        spec_source: &NVIDIA_B300_SPEC,
        throughput: None,
        setup: assumed_setup(0.5),
    },
    Preset {
        id: PresetId::Gb200,
        name: "NVIDIA GB200 NVL72",
        price: PriceTiers {
            hyperscaler_own: 2.21,
            neocloud_own: 2.75,
            rental_3y: 3.30,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 2.21,
        kw_all_in: 2.10,
        kw_all_in_newer: 1.87,
        tdp_w: 1200.0,
        peak: PeakCompute {
            fp8_dense: 5.0,
            fp8_sparse: 10.0,
            fp4_dense: Some(10.0),
            fp4_sparse: Some(20.0),
        },
        default_precision: Precision::Fp4Dense,
        hbm_tb_s: 8.0,
        hbm_gb: 192.0,
        spec_source: &NVIDIA_GB200_SPEC,
        throughput: None,
        setup: assumed_setup(0.5),
    },
    Preset {
        id: PresetId::Gb300,
        name: "NVIDIA GB300 NVL72",
        // Source A marks this price temporary: 1.2 x GB200 until a surveyed price exists.
        price: PriceTiers {
            hyperscaler_own: 2.65,
            neocloud_own: 3.30,
            rental_3y: 3.96,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 2.652,
        kw_all_in: 2.10,
        kw_all_in_newer: 2.12,
        tdp_w: 1400.0,
        // FP4 sparse is not 2x dense on Blackwell Ultra: 1,440 PF sparse and 1,080 PF dense per
        // 72 GPUs in NVIDIA's GB300 NVL72 table.
        peak: PeakCompute {
            fp8_dense: 5.0,
            fp8_sparse: 10.0,
            fp4_dense: Some(15.0),
            fp4_sparse: Some(20.0),
        },
        default_precision: Precision::Fp4Dense,
        hbm_tb_s: 8.0,
        hbm_gb: 288.0,
        spec_source: &NVIDIA_GB300_SPEC,
        throughput: Some(MeasuredThroughput {
            tokens_per_s: 6000.0,
            workload: SEED_WORKLOAD,
            source: &SEED_THROUGHPUT,
        }),
        setup: SetupDefaults {
            gpus: 16.0,
            batch: 2253.0,
            context: 1500.0,
            tokens_per_step: 2.0,
            bytes_per_param: 0.5,
            basis: "the measurement behind the seed figure: InferenceX GB300 Dynamo-TRT FP4 1k/1k \
                    at 70.4 tokens/s per user (2026-02-03), disaggregated with 6 prefill and 16 \
                    decode GPUs, one decode worker TP16 EP16 with DP attention, MTP (2 tokens per \
                    step assumed), concurrency 2,253",
        },
    },
    Preset {
        id: PresetId::Mi300x,
        name: "AMD Instinct MI300X",
        price: PriceTiers {
            hyperscaler_own: 1.12,
            neocloud_own: 1.40,
            rental_3y: 1.55,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.12,
        kw_all_in: 1.79,
        kw_all_in_newer: 1.39,
        tdp_w: 750.0,
        peak: PeakCompute {
            fp8_dense: 2.615,
            fp8_sparse: 5.23,
            fp4_dense: None,
            fp4_sparse: None,
        },
        default_precision: Precision::Fp8Sparse,
        hbm_tb_s: 5.3,
        hbm_gb: 192.0,
        spec_source: &AMD_MI300X_SPEC,
        throughput: None,
        setup: assumed_setup(1.0),
    },
    Preset {
        id: PresetId::Mi325x,
        name: "AMD Instinct MI325X",
        price: PriceTiers {
            hyperscaler_own: 1.28,
            neocloud_own: 1.59,
            rental_3y: 1.80,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.28,
        kw_all_in: 2.18,
        kw_all_in_newer: 1.69,
        tdp_w: 1000.0,
        peak: PeakCompute {
            fp8_dense: 2.615,
            fp8_sparse: 5.23,
            fp4_dense: None,
            fp4_sparse: None,
        },
        default_precision: Precision::Fp8Sparse,
        hbm_tb_s: 6.0,
        hbm_gb: 256.0,
        spec_source: &AMD_MI325X_SPEC,
        throughput: None,
        setup: assumed_setup(1.0),
    },
    Preset {
        id: PresetId::Mi355x,
        name: "AMD Instinct MI355X",
        price: PriceTiers {
            hyperscaler_own: 1.48,
            neocloud_own: 1.90,
            rental_3y: 2.10,
        },
        price_source: &INFERENCEX_COSTS,
        hyperscaler_price_in_source: 1.48,
        kw_all_in: 2.65,
        kw_all_in_newer: 2.09,
        tdp_w: 1400.0,
        peak: PeakCompute {
            fp8_dense: 5.033,
            fp8_sparse: 10.07,
            fp4_dense: Some(10.07),
            fp4_sparse: None,
        },
        default_precision: Precision::Fp4Dense,
        hbm_tb_s: 8.0,
        hbm_gb: 288.0,
        spec_source: &AMD_MI355X_SPEC,
        throughput: None,
        setup: assumed_setup(0.5),
    },
];

/// The workload the catalogue's curves are read from: the seed figures' (assumed 1k input, 1k
/// output tokens; the seed does not state it, and it fits the InferenceX rows it was quoted from).
pub const CURVE_WORKLOAD: &str = "deepseek-r1-1k1k";

/// A preset's measured curve: output tokens/s per GPU against output tokens/s per user, one
/// InferenceX frontier of [`measured`], with where its points come from.
#[derive(Debug, PartialEq)]
pub struct MeasuredCurve {
    /// (interactivity, output throughput) pairs, interactivity ascending.
    pub points: Vec<(f64, f64)>,
    pub frontier: &'static measured::Frontier,
    /// "DeepSeek-R1, 1k in / 1k out, FP4, output tokens/s per GPU".
    pub workload: String,
    /// The distinct run dates of its points, oldest first (YYYY-MM-DD).
    pub run_dates: Vec<&'static str>,
    /// The distinct files its points were read from (repository@commit:path).
    pub sources: Vec<&'static str>,
}

/// The measured curve of a catalogue entry: the platform's 1k/1k frontier at the precision
/// its weights are measured at (FP4 where measured, else FP8), on the output basis. `None`
/// where InferenceX has no measurement: then the preset has no curve, never an invented one.
pub fn measured_curve(id: PresetId) -> Option<MeasuredCurve> {
    let platform = id.key();
    let precision = measured::default_precision(platform, CURVE_WORKLOAD)?;
    let frontier = measured::frontier(platform, CURVE_WORKLOAD, precision)?;
    let points = frontier.output_points();
    let mut run_dates: Vec<&'static str> = frontier.points().map(|p| p.run_date).collect();
    crate::model::order::sort(&mut run_dates);
    run_dates.dedup();
    let mut sources: Vec<&'static str> = frontier.points().map(|p| p.source).collect();
    crate::model::order::sort(&mut sources);
    sources.dedup();
    let workload_name = measured::workload(CURVE_WORKLOAD).map_or(CURVE_WORKLOAD, |w| w.name);
    Some(MeasuredCurve {
        points,
        frontier,
        workload: format!(
            "{workload_name}, {}, output tokens/s per GPU",
            precision.label()
        ),
        run_dates,
        sources,
    })
}

/// A catalogue entry's measured curve as a model curve.
pub fn curve_of(id: PresetId) -> Option<Curve> {
    let measured = measured_curve(id)?;
    Curve::new(measured.points).ok()
}

/// One published figure of the seed table beside what the calculator computes.
#[derive(Debug, PartialEq)]
pub struct PublishedCell {
    pub metric: crate::model::Metric,
    pub hopper: &'static str,
    pub blackwell: &'static str,
    pub multiple: &'static str,
}

/// The seed table as published.
pub const PUBLISHED_SEED_TABLE: [PublishedCell; 5] = {
    use crate::model::Metric;
    [
        PublishedCell {
            metric: Metric::UsdHr,
            hopper: "$1.41",
            blackwell: "$2.65",
            multiple: "2x",
        },
        PublishedCell {
            metric: Metric::FlopsPerUsd,
            hopper: "2.8",
            blackwell: "5.6",
            multiple: "2x",
        },
        PublishedCell {
            metric: Metric::Tps,
            hopper: "90",
            blackwell: "6K",
            multiple: "65x",
        },
        PublishedCell {
            metric: Metric::TokPerMw,
            hopper: "54K",
            blackwell: "2.8M",
            multiple: "50x",
        },
        PublishedCell {
            metric: Metric::CostPerMtok,
            hopper: "$4.20",
            blackwell: "$0.12",
            multiple: "35x lower",
        },
    ]
};

/// Why the published figures differ from the computed ones.
pub const PUBLISHED_DIFFERENCES: [&str; 5] = [
    "$4.20 per million tokens and 54K tokens/s per MW fit a Hopper throughput of about 93 tokens/s \
     printed as \"90\": at 90 tokens/s they are $4.35 and 52.0K.",
    "2.8M tokens/s per MW (really 2.86M) and 5.6 PFLOPS per $/h (really 5.66) were cut off, not rounded.",
    "The multiples were taken from the rounded cells: $4.20 / $0.12 = 35x; 2.8M / 54K = 52x shown \
     as \"50x\"; 6,000 / 90 = 66.7x shown as \"65x\".",
    "One copy of the source prints \"906,000\" tokens/s for Hopper: a garbling of \"90\" and \"6,000\".",
    "The two FLOPS figures use different precisions (H200 FP8 sparse, GB300 FP4 dense), so the 2x \
     FLOPS-per-dollar gap compares unlike things.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_indexed_by_id() {
        for id in PresetId::ALL {
            assert_eq!(id.preset().id, id);
            assert_eq!(PresetId::from_key(id.key()), Some(id));
        }
        assert_eq!(PresetId::from_key("h300"), None);
    }
}
