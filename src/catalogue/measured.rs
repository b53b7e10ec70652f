//! Measured throughput-versus-interactivity frontiers (SemiAnalysis InferenceX, `data/measurements.csv`),
//! embedded at build time by `build.rs`. Pure data and look-ups: no UI, no parsing at run time.
//!
//! A frontier is one (platform, workload, precision) group: its points sorted by interactivity,
//! ascending, with output and total (input + output) tokens/s per GPU and where each point comes from.

/// Weight precision of a measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    Fp4,
    Fp8,
}

impl Precision {
    /// In the order a platform's default is chosen: FP4 where measured, else FP8.
    pub const ALL: [Precision; 2] = [Precision::Fp4, Precision::Fp8];

    /// The id used in links (`wprec<i>`) and in the CSV.
    pub fn id(self) -> &'static str {
        match self {
            Precision::Fp4 => "fp4",
            Precision::Fp8 => "fp8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Precision::Fp4 => "FP4",
            Precision::Fp8 => "FP8",
        }
    }

    pub fn from_id(id: &str) -> Option<Precision> {
        Precision::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// A measured workload: one model at one input and output length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Workload {
    /// `<model>-<isl>k<osl>k`, e.g. `deepseek-r1-1k1k` (the link's `wl`).
    pub id: &'static str,
    /// As a person reads it: "DeepSeek-R1, 1k in / 1k out".
    pub name: &'static str,
    pub model: &'static str,
    /// Input tokens per request.
    pub isl: u32,
    /// Output tokens per request.
    pub osl: u32,
}

/// Where a point comes from, as indices into the interned string tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PointSource {
    framework: u8,
    config: u16,
    run_date: u8,
    source: u8,
}

/// The measured frontier of one platform on one workload at one precision.
#[derive(Debug, PartialEq)]
pub struct Frontier {
    pub platform: &'static str,
    /// A [`Workload::id`].
    pub workload: &'static str,
    pub precision: Precision,
    /// Output tokens/s per user, strictly increasing.
    pub interactivity: &'static [f64],
    /// Output tokens/s per GPU of the whole deployment, one per interactivity.
    pub output_tps: &'static [f64],
    /// Input + output tokens/s per GPU (InferenceX's chart basis), one per interactivity.
    pub total_tps: &'static [f64],
    sources: &'static [PointSource],
}

/// One measured point with its provenance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeasuredPoint {
    /// Output tokens/s per user.
    pub interactivity: f64,
    /// Output tokens/s per GPU.
    pub output_tps: f64,
    /// Input + output tokens/s per GPU.
    pub total_tps: f64,
    /// Serving stack: `trt`, `sglang`, `atom`, `dynamo-trt`, `dynamo-sglang`, `mori-sglang`.
    pub framework: &'static str,
    /// `agg TP8 EP8 DPA MTP conc64` or `disagg P4[1w TP4 EP4 DPA] D32[...] MTP conc180`.
    pub config: &'static str,
    /// YYYY-MM-DD.
    pub run_date: &'static str,
    /// repository@commit:path of the file the point was read from.
    pub source: &'static str,
}

impl MeasuredPoint {
    /// Prefill and decode on separate GPUs.
    pub fn is_disaggregated(&self) -> bool {
        self.config.starts_with("disagg")
    }
}

impl Frontier {
    pub fn len(&self) -> usize {
        self.interactivity.len()
    }

    pub fn is_empty(&self) -> bool {
        self.interactivity.is_empty()
    }

    /// The i-th point (0-based, by interactivity ascending).
    pub fn point(&self, i: usize) -> Option<MeasuredPoint> {
        let src = self.sources.get(i)?;
        Some(MeasuredPoint {
            interactivity: *self.interactivity.get(i)?,
            output_tps: *self.output_tps.get(i)?,
            total_tps: *self.total_tps.get(i)?,
            framework: FRAMEWORKS
                .get(usize::from(src.framework))
                .copied()
                .unwrap_or(""),
            config: CONFIGS.get(usize::from(src.config)).copied().unwrap_or(""),
            run_date: RUN_DATES
                .get(usize::from(src.run_date))
                .copied()
                .unwrap_or(""),
            source: SOURCES.get(usize::from(src.source)).copied().unwrap_or(""),
        })
    }

    /// (interactivity, output tokens/s per GPU) pairs: the frontier as curve points.
    pub fn output_points(&self) -> Vec<(f64, f64)> {
        self.interactivity
            .iter()
            .copied()
            .zip(self.output_tps.iter().copied())
            .collect()
    }

    pub fn points(&self) -> impl Iterator<Item = MeasuredPoint> + '_ {
        (0..self.len()).filter_map(|i| self.point(i))
    }

    /// The measured interactivity range, lowest and highest.
    pub fn interactivity_range(&self) -> Option<(f64, f64)> {
        Some((*self.interactivity.first()?, *self.interactivity.last()?))
    }

    /// Index of the point whose interactivity is nearest `x` (the lower one on a tie).
    pub fn nearest_point(&self, x: f64) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (i, &xi) in self.interactivity.iter().enumerate() {
            let d = (xi - x).abs();
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((i, d));
            }
        }
        best.map(|(i, _)| i)
    }
}

include!(concat!(env!("OUT_DIR"), "/measured_data.rs"));

/// Every measured workload, ordered 1k/1k, 8k/1k, 1k/8k.
pub fn workloads() -> &'static [Workload] {
    &WORKLOADS
}

pub fn workload(id: &str) -> Option<&'static Workload> {
    WORKLOADS.iter().find(|w| w.id == id)
}

/// Every frontier, in the CSV's order.
pub fn frontiers() -> &'static [Frontier] {
    &FRONTIERS
}

/// The frontier of (platform, workload, precision), if measured.
pub fn frontier(platform: &str, workload: &str, precision: Precision) -> Option<&'static Frontier> {
    FRONTIERS
        .iter()
        .find(|f| f.platform == platform && f.workload == workload && f.precision == precision)
}

/// The precisions measured for a platform on a workload, FP4 first.
pub fn precisions(platform: &str, workload: &str) -> impl Iterator<Item = Precision> {
    let measured = Precision::ALL.map(|p| frontier(platform, workload, p).is_some());
    Precision::ALL
        .into_iter()
        .zip(measured)
        .filter_map(|(p, measured)| measured.then_some(p))
}

/// FP4 where the platform has it for the workload, else FP8; `None` without a measurement.
pub fn default_precision(platform: &str, workload: &str) -> Option<Precision> {
    precisions(platform, workload).next()
}
