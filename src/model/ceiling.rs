//! The physical ceiling on decode throughput: the roofline of Pope et al. 2022
//! ([`CEILING_CITATION`]). A decode step must read the weights it needs and every sequence's KV
//! cache from HBM, and do two FLOPs per active parameter per token; the slower of the two sets
//! the step time.

use serde::{Deserialize, Serialize};

use super::input::{Input, InputError};

/// The method of [`decode_ceiling`].
pub const CEILING_CITATION: &str = "R. Pope et al., \"Efficiently Scaling Transformer \
     Inference\", 2022, arXiv:2211.05102";

/// Dense single-GPU decode reaches roughly this share of the memory-bandwidth ceiling (50-70%).
pub const TYPICAL_SHARE_OF_CEILING: (f64, f64) = (0.5, 0.7);

/// Measured mixture-of-experts serving on many GPUs reaches roughly this share (15-45%): the
/// InferenceX H200 DeepSeek-R1 runs, DeepSeek's and LMSYS's published figures, where
/// communication between GPUs and routing imbalance take their toll.
pub const TYPICAL_MOE_SHARE_OF_CEILING: (f64, f64) = (0.15, 0.45);

/// Expected number of distinct experts that `tokens` tokens route to, when each picks `active`
/// of `experts` experts uniformly at random: E x (1 - (1 - k/E)^T).
///
/// One token leaves a given expert unused with probability 1 - k/E; T independent tokens with
/// probability (1 - k/E)^T. It is k at T = 1 and tends to E as T grows. Applied per MoE layer, it
/// scales each layer's experts alike, so it also counts experts summed over layers. Real routers
/// are skewed towards popular experts and touch somewhat fewer. Total: non-finite or non-positive
/// inputs give 0; `active` above `experts` counts as all of them.
pub fn expected_experts_read(experts: f64, active: f64, tokens: f64) -> f64 {
    if !(experts.is_finite() && active.is_finite() && tokens.is_finite())
        || experts <= 0.0
        || active <= 0.0
        || tokens <= 0.0
    {
        return 0.0;
    }
    if active >= experts {
        return experts;
    }
    // 1 - (1 - p)^T computed as -expm1(T ln(1 - p)): exact for small p and large T.
    let unused = tokens * (-active / experts).ln_1p();
    (experts * -unused.exp_m1()).max(0.0).min(experts)
}

/// The weights of a model, as the decode ceiling needs them (parameters in billions).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ModelShape {
    /// Every weight is used for every token.
    Dense { params_b: f64 },
    /// A mixture of experts: shared weights (attention, embeddings, dense layers, shared experts)
    /// that every token uses, plus `experts` equal experts of which each token uses
    /// `active_experts`. `expert_params_b` is one expert's parameters summed over all MoE layers.
    Moe {
        shared_params_b: f64,
        expert_params_b: f64,
        experts: u32,
        active_experts: u32,
    },
    /// Sparse, but the expert layout is unknown: every weight is read each step (the large-batch
    /// limit of the MoE formula, so the ceiling is a conservative one); FLOPs use the active
    /// parameters.
    SparseWhole {
        total_params_b: f64,
        active_params_b: f64,
    },
}

impl ModelShape {
    /// The shape from what model cards state: total and active parameters (billions), and the
    /// number of experts and active experts per token when known. Equal experts are assumed:
    /// per expert = (total - active) / (E - k), shared = active - k x per expert. Dense when
    /// active equals total; [`ModelShape::SparseWhole`] when active is smaller and no expert
    /// counts are given.
    pub fn from_totals(
        total_b: f64,
        active_b: f64,
        experts: Option<(u32, u32)>,
    ) -> Result<ModelShape, InputError> {
        Input::TotalParams.check(total_b)?;
        Input::ActiveParams.check(active_b)?;
        if active_b > total_b {
            return Err(InputError::ActiveAboveTotal { active_b, total_b });
        }
        if active_b == total_b {
            return Ok(ModelShape::Dense { params_b: total_b });
        }
        let Some((experts, active_experts)) = experts else {
            return Ok(ModelShape::SparseWhole {
                total_params_b: total_b,
                active_params_b: active_b,
            });
        };
        Input::Experts.check(f64::from(experts))?;
        Input::ActiveExperts.check(f64::from(active_experts))?;
        if active_experts > experts {
            return Err(InputError::ActiveExpertsAboveExperts {
                active: active_experts,
                experts,
            });
        }
        let inconsistent = InputError::InconsistentExperts {
            total_b,
            active_b,
            experts,
            active_experts,
        };
        if active_experts == experts {
            // Every expert active, yet active < total: no equal-expert split fits.
            return Err(inconsistent);
        }
        let per_expert = (total_b - active_b) / f64::from(experts - active_experts);
        let shared = active_b - f64::from(active_experts) * per_expert;
        // Allow rounding a hair below zero (a model with no shared weights).
        if shared < -1e-9 * total_b {
            return Err(inconsistent);
        }
        let shape = ModelShape::Moe {
            shared_params_b: shared.max(0.0),
            expert_params_b: per_expert,
            experts,
            active_experts,
        };
        shape.validate()?;
        Ok(shape)
    }

    /// Check every figure's range; for a MoE model also k <= E and a total within range.
    pub fn validate(&self) -> Result<(), InputError> {
        match *self {
            ModelShape::Dense { params_b } => {
                Input::TotalParams.check(params_b)?;
            }
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                active_experts,
            } => {
                Input::SharedParams.check(shared_params_b)?;
                Input::ExpertParams.check(expert_params_b)?;
                Input::Experts.check(f64::from(experts))?;
                Input::ActiveExperts.check(f64::from(active_experts))?;
                if active_experts > experts {
                    return Err(InputError::ActiveExpertsAboveExperts {
                        active: active_experts,
                        experts,
                    });
                }
                Input::TotalParams.check(self.total_params_b())?;
            }
            ModelShape::SparseWhole {
                total_params_b,
                active_params_b,
            } => {
                Input::TotalParams.check(total_params_b)?;
                Input::ActiveParams.check(active_params_b)?;
                if active_params_b > total_params_b {
                    return Err(InputError::ActiveAboveTotal {
                        active_b: active_params_b,
                        total_b: total_params_b,
                    });
                }
            }
        }
        Ok(())
    }

    /// Parameters stored (billions): what must fit in HBM.
    pub fn total_params_b(&self) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                ..
            } => shared_params_b + f64::from(experts) * expert_params_b,
            ModelShape::SparseWhole { total_params_b, .. } => total_params_b,
        }
    }

    /// Parameters one token uses (billions): what the FLOPs count.
    pub fn active_params_b(&self) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                active_experts,
                ..
            } => shared_params_b + f64::from(active_experts) * expert_params_b,
            ModelShape::SparseWhole {
                active_params_b, ..
            } => active_params_b,
        }
    }

    /// Parameters (billions) every GPU holds and reads in full: the shared weights of a mixture
    /// of experts, replicated under DP attention. A dense model is split by tensor parallelism,
    /// so nothing is replicated.
    pub fn replicated_params_b(&self) -> f64 {
        match *self {
            ModelShape::Moe {
                shared_params_b, ..
            } => shared_params_b,
            ModelShape::Dense { .. } | ModelShape::SparseWhole { .. } => 0.0,
        }
    }

    /// Parameters (billions) one decode step reads from HBM when it processes `tokens` tokens:
    /// all of a dense model; for a MoE model the shared weights plus the expected distinct
    /// experts ([`expected_experts_read`]).
    pub fn params_read_b(&self, tokens: f64) -> f64 {
        match *self {
            ModelShape::Dense { params_b } => params_b,
            ModelShape::Moe {
                shared_params_b,
                expert_params_b,
                experts,
                active_experts,
            } => {
                shared_params_b
                    + expected_experts_read(f64::from(experts), f64::from(active_experts), tokens)
                        * expert_params_b
            }
            ModelShape::SparseWhole { total_params_b, .. } => total_params_b,
        }
    }
}

/// What the decode ceiling needs: the model, its numeric format, the serving point and the GPU.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CeilingInputs {
    pub model: ModelShape,
    /// Bytes per weight: 0.5 for FP4, 1 for FP8, 2 for BF16.
    pub bytes_per_param: f64,
    /// KV-cache bytes per token of context, all layers (e.g. 327,680 for a 70B model with 8 KV
    /// heads of 128 at BF16 over 80 layers); 0 to leave the cache out.
    pub kv_bytes_per_token: f64,
    /// Tokens of context each sequence holds (for an average over a generation: input plus half
    /// the output).
    pub context_tokens: f64,
    /// Sequences decoded together in one step. A whole number in practice; a fraction reads as
    /// an average batch.
    pub batch: f64,
    /// GPUs the model copy is spread over (tensor or expert parallel); weights, cache, bandwidth
    /// and compute are split evenly across them.
    pub gpus: u32,
    /// HBM bandwidth per GPU, TB/s (1e12 bytes/s).
    pub hbm_tb_s: f64,
    /// HBM capacity per GPU, GB (1e9 bytes).
    pub hbm_gb: f64,
    /// Peak dense compute per GPU at the weights' precision, PFLOPS (1e15 FLOP/s).
    pub peak_pflops: f64,
    /// Tokens each sequence gains per step: 1 for plain decoding, more with speculative decoding
    /// or multi-token prediction (the mean accepted length).
    pub tokens_per_step: f64,
}

impl CeilingInputs {
    pub fn validate(&self) -> Result<(), InputError> {
        self.model.validate()?;
        Input::BytesPerParam.check(self.bytes_per_param)?;
        Input::KvBytesPerToken.check(self.kv_bytes_per_token)?;
        Input::ContextTokens.check(self.context_tokens)?;
        Input::Batch.check(self.batch)?;
        Input::Gpus.check(f64::from(self.gpus))?;
        Input::HbmTbS.check(self.hbm_tb_s)?;
        Input::HbmGb.check(self.hbm_gb)?;
        Input::PeakPflops.check(self.peak_pflops)?;
        Input::TokensPerStep.check(self.tokens_per_step)?;
        Ok(())
    }
}

/// Which resource sets the step time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Bound {
    /// Reading weights and KV cache from HBM takes longer than the arithmetic (usual for decode).
    MemoryBandwidth,
    /// The arithmetic takes longer (large batches).
    Compute,
}

/// Whether the weights and the KV cache fit in the GPUs' HBM. Activations and runtime buffers
/// are left out, so a real deployment fits somewhat fewer sequences.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemoryCheck {
    /// All weights, GB (1e9 bytes), across all the GPUs.
    pub weights_gb: f64,
    /// KV cache of the whole batch, GB.
    pub kv_cache_gb: f64,
    /// HBM of all the GPUs together, GB.
    pub capacity_gb: f64,
    /// weights + KV cache <= capacity.
    pub fits: bool,
    /// The largest whole batch that fits: 0 when the weights alone do not fit; the top of the
    /// batch range (1,000,000) when there is no KV cache to limit it.
    pub largest_batch: u64,
}

/// The roofline ceiling on decode throughput at one batch size.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ceiling {
    /// Output tokens/s per GPU at most: comparable with the platform's `tps`.
    pub tokens_per_s_per_gpu: f64,
    /// Output tokens/s of the whole model copy (all its GPUs).
    pub tokens_per_s: f64,
    /// Output tokens/s each user sees at most: the interactivity of this point.
    pub tokens_per_s_per_user: f64,
    /// Seconds per decode step: the larger of the two times below.
    pub step_time_s: f64,
    /// Seconds to read the step's bytes at full HBM bandwidth.
    pub memory_time_s: f64,
    /// Seconds to do the step's FLOPs at peak dense compute.
    pub compute_time_s: f64,
    /// Which of the two sets the step time.
    pub bound: Bound,
    /// Bytes read per step: weights needed plus every sequence's KV cache.
    pub bytes_per_step: f64,
    /// FLOPs per step: 2 x active parameters x tokens in the step.
    pub flops_per_step: f64,
    pub memory: MemoryCheck,
}

impl Ceiling {
    /// A measured throughput (tokens/s per GPU) as a share of this ceiling (1.0 = 100%).
    /// Real decode reaches roughly 0.5-0.7 ([`TYPICAL_SHARE_OF_CEILING`]); above 1 means the
    /// inputs do not describe the measured setup.
    pub fn share(&self, measured_tps_per_gpu: f64) -> f64 {
        share_of_ceiling(measured_tps_per_gpu, self.tokens_per_s_per_gpu)
    }

    /// This ceiling as a point of the interactivity-throughput plane of [`Curve`].
    pub fn as_point(&self) -> (f64, f64) {
        (self.tokens_per_s_per_user, self.tokens_per_s_per_gpu)
    }
}

/// measured / ceiling; 0 when either is not a positive finite number (never NaN or inf).
pub fn share_of_ceiling(measured: f64, ceiling: f64) -> f64 {
    let share = measured / ceiling;
    if measured > 0.0 && ceiling > 0.0 && share.is_finite() {
        share
    } else {
        0.0
    }
}

/// Whether weights and the batch's KV cache fit in the HBM of the model's GPUs, and the largest
/// batch that does.
pub fn memory_check(inputs: &CeilingInputs) -> Result<MemoryCheck, InputError> {
    inputs.validate()?;
    Ok(memory_check_unchecked(inputs))
}

fn memory_check_unchecked(inputs: &CeilingInputs) -> MemoryCheck {
    // Shared weights replicated on every GPU beyond the first copy.
    let replicas = inputs.model.replicated_params_b() * f64::from(inputs.gpus.saturating_sub(1));
    let weights = (inputs.model.total_params_b() + replicas) * 1e9 * inputs.bytes_per_param;
    let kv_per_sequence = inputs.context_tokens * inputs.kv_bytes_per_token;
    let kv_cache = inputs.batch * kv_per_sequence;
    let capacity = inputs.hbm_gb * 1e9 * f64::from(inputs.gpus);
    let free = capacity - weights;
    let max_batch = Input::Batch.range().1;
    let largest_batch = if free < 0.0 {
        0.0
    } else if kv_per_sequence <= 0.0 {
        max_batch
    } else {
        // The tiny margin keeps an exact fit (free = n x kv) from rounding down to n - 1.
        (free / kv_per_sequence * (1.0 + 1e-12))
            .floor()
            .min(max_batch)
    };
    MemoryCheck {
        weights_gb: weights / 1e9,
        kv_cache_gb: kv_cache / 1e9,
        capacity_gb: capacity / 1e9,
        fits: weights + kv_cache <= capacity,
        largest_batch: largest_batch as u64,
    }
}

/// The physical ceiling on decode throughput (Pope et al. 2022, [`CEILING_CITATION`]).
///
/// One decode step advances every sequence of the batch by `tokens_per_step` tokens. It must
/// - read the weights it needs once for the whole batch (all of a dense model; the shared
///   weights plus the experts hit by the step's B x tokens_per_step tokens for a MoE model), and
///   each sequence's KV cache (B x context x KV bytes per token): bytes / (GPUs x bandwidth);
/// - do 2 FLOPs per active parameter for each of the B x tokens_per_step tokens:
///   FLOPs / (GPUs x peak). Counting the accepted tokens (not B) keeps speculative decoding from
///   beating the arithmetic; rejected draft tokens and attention FLOPs are left out.
///
/// step time = max(memory time, compute time); ceiling = B x tokens_per_step / step time / GPUs
/// tokens/s per GPU. Communication between GPUs, activations and kernel overheads are ignored, so
/// this is an upper bound: real decode reaches roughly 50-70% of the bandwidth ceiling
/// ([`TYPICAL_SHARE_OF_CEILING`]). The memory check is reported, not enforced: a batch that does
/// not fit still gets its (unreachable) ceiling, with `memory.fits` false.
pub fn decode_ceiling(inputs: &CeilingInputs) -> Result<Ceiling, InputError> {
    inputs.validate()?;
    let gpus = f64::from(inputs.gpus);
    let tokens = inputs.batch * inputs.tokens_per_step;
    let weight_bytes = inputs.model.params_read_b(tokens) * 1e9 * inputs.bytes_per_param;
    let kv_bytes = inputs.batch * inputs.context_tokens * inputs.kv_bytes_per_token;
    // With DP attention every GPU reads the replicated shared weights itself; the experts and
    // the sequences (with their KV cache) are split across the GPUs.
    let replicated_bytes = inputs.model.replicated_params_b() * 1e9 * inputs.bytes_per_param;
    let bytes = weight_bytes + kv_bytes + replicated_bytes * (gpus - 1.0);
    let flops = 2.0 * inputs.model.active_params_b() * 1e9 * tokens;
    let memory_time = bytes / (gpus * inputs.hbm_tb_s * 1e12);
    let compute_time = flops / (gpus * inputs.peak_pflops * 1e15);
    let (step, bound) = if memory_time >= compute_time {
        (memory_time, Bound::MemoryBandwidth)
    } else {
        (compute_time, Bound::Compute)
    };
    let total = tokens / step;
    Ok(Ceiling {
        tokens_per_s_per_gpu: total / gpus,
        tokens_per_s: total,
        tokens_per_s_per_user: inputs.tokens_per_step / step,
        step_time_s: step,
        memory_time_s: memory_time,
        compute_time_s: compute_time,
        bound,
        bytes_per_step: bytes,
        flops_per_step: flops,
        memory: memory_check_unchecked(inputs),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use proptest::prelude::*;

    const H200_TB_S: f64 = 4.8;
    const H200_GB: f64 = 141.0;
    const H200_FP8_DENSE: f64 = 1.979;

    fn dense_70b() -> CeilingInputs {
        CeilingInputs {
            model: ModelShape::Dense { params_b: 70.0 },
            bytes_per_param: 1.0,
            kv_bytes_per_token: 0.0,
            context_tokens: 1.0,
            batch: 1.0,
            gpus: 1,
            hbm_tb_s: H200_TB_S,
            hbm_gb: H200_GB,
            peak_pflops: H200_FP8_DENSE,
            tokens_per_step: 1.0,
        }
    }

    fn ceiling(inputs: &CeilingInputs) -> Ceiling {
        match decode_ceiling(inputs) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn dense_70b_on_one_h200_by_hand() {
        // 70e9 parameters x 1 byte = 70e9 bytes per step; 70e9 / 4.8e12 B/s = 14.583 ms.
        // FLOPs: 2 x 70e9 x 1 = 1.4e11 at 1.979e15 FLOP/s = 0.0707 ms: memory-bound.
        // 1 token / 14.583 ms = 68.57 tokens/s.
        let c = ceiling(&dense_70b());
        assert_relative_eq!(c.memory_time_s, 0.014_583_333, epsilon = 1e-9);
        assert_relative_eq!(c.compute_time_s, 7.074_279e-5, epsilon = 1e-10);
        assert_relative_eq!(c.step_time_s, c.memory_time_s);
        assert_eq!(c.bound, Bound::MemoryBandwidth);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 68.571_428_57, epsilon = 1e-6);
        assert_relative_eq!(c.tokens_per_s_per_user, 68.571_428_57, epsilon = 1e-6);
        assert_relative_eq!(c.bytes_per_step, 70e9);
        // 70 GB of 141 GB, no cache: fits, and nothing limits the batch.
        assert!(c.memory.fits);
        assert_eq!(c.memory.largest_batch, 1_000_000);
        // A measured 41 tokens/s is 59.8% of it.
        assert_relative_eq!(c.share(41.0), 41.0 / 68.571_428_57, epsilon = 1e-9);
        // Two tokens per step (speculative decoding) read the weights once: 137.1 tokens/s.
        let mtp = ceiling(&CeilingInputs {
            tokens_per_step: 2.0,
            ..dense_70b()
        });
        assert_relative_eq!(mtp.tokens_per_s_per_gpu, 137.142_857_1, epsilon = 1e-6);
    }

    #[test]
    fn compute_bound_at_a_large_batch_by_hand() {
        // Dense 1B at 1 byte, batch 4096, no cache: memory 1e9 / 4.8e12 = 0.2083 ms; compute
        // 2 x 1e9 x 4096 / 1.979e15 = 4.1395 ms: compute-bound. Ceiling = 4096 / 4.1395 ms
        // = peak / (2 x active) = 1.979e15 / 2e9 = 989,500 tokens/s.
        let c = ceiling(&CeilingInputs {
            model: ModelShape::Dense { params_b: 1.0 },
            batch: 4096.0,
            ..dense_70b()
        });
        assert_eq!(c.bound, Bound::Compute);
        assert_relative_eq!(c.compute_time_s, 0.004_139_464_4, epsilon = 1e-10);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 989_500.0, epsilon = 1e-6);
    }

    #[test]
    fn memory_check_by_hand() {
        // 70B at 1 byte with a BF16 cache of 327,680 bytes per token (80 layers x 2 x 8 heads x
        // 128 x 2 bytes) at 4,096 tokens: 1,342,177,280 bytes per sequence.
        // Free HBM: 141e9 - 70e9 = 71e9; 71e9 / 1.34217728e9 = 52.9, so 52 sequences fit.
        let inputs = CeilingInputs {
            kv_bytes_per_token: 327_680.0,
            context_tokens: 4096.0,
            batch: 53.0,
            ..dense_70b()
        };
        let Ok(m) = memory_check(&inputs) else {
            panic!("valid inputs")
        };
        assert_eq!(m.largest_batch, 52);
        assert!(!m.fits);
        assert_relative_eq!(m.weights_gb, 70.0);
        assert_relative_eq!(m.kv_cache_gb, 53.0 * 1.342_177_28, epsilon = 1e-9);
        assert_relative_eq!(m.capacity_gb, 141.0);
        let ok = memory_check(&CeilingInputs {
            batch: 52.0,
            ..inputs
        });
        assert_eq!(ok.map(|m| m.fits), Ok(true));
        // 405B at 2 bytes (810 GB) on one H200: the weights alone do not fit.
        let big = memory_check(&CeilingInputs {
            model: ModelShape::Dense { params_b: 405.0 },
            bytes_per_param: 2.0,
            ..inputs
        });
        assert_eq!(big.map(|m| m.largest_batch), Ok(0));
        // On 8 GPUs: 1128 GB, 318 GB free: 318e9 / 1.342e9 = 236.9 -> 236.
        let eight = memory_check(&CeilingInputs {
            model: ModelShape::Dense { params_b: 405.0 },
            bytes_per_param: 2.0,
            gpus: 8,
            ..inputs
        });
        assert_eq!(eight.map(|m| m.largest_batch), Ok(236));
    }

    #[test]
    fn experts_read_by_hand() {
        // E = 256, k = 8. One token reads 8; two read 256 x (1 - (31/32)^2) = 256 x 0.0615234
        // = 15.75 (two tokens overlap a little).
        assert_relative_eq!(expected_experts_read(256.0, 8.0, 1.0), 8.0, epsilon = 1e-9);
        assert_relative_eq!(
            expected_experts_read(256.0, 8.0, 2.0),
            15.75,
            epsilon = 1e-9
        );
        // 32 tokens: (31/32)^32 = exp(32 x ln 0.96875) = exp(-1.015974) = 0.362062;
        // 256 x 0.637938 = 163.31.
        assert_relative_eq!(
            expected_experts_read(256.0, 8.0, 32.0),
            163.313_845_95,
            epsilon = 1e-6
        );
        // Many tokens read them all; all active reads them all; nonsense reads none.
        assert_relative_eq!(expected_experts_read(256.0, 8.0, 1e6), 256.0);
        assert_eq!(expected_experts_read(8.0, 8.0, 1.0), 8.0);
        assert_eq!(expected_experts_read(256.0, 8.0, f64::NAN), 0.0);
        assert_eq!(expected_experts_read(0.0, 8.0, 1.0), 0.0);
    }

    fn deepseek_like() -> CeilingInputs {
        CeilingInputs {
            model: ModelShape::Moe {
                shared_params_b: 17.0,
                expert_params_b: 2.55,
                experts: 256,
                active_experts: 8,
            },
            bytes_per_param: 1.0,
            kv_bytes_per_token: 70_000.0,
            context_tokens: 2000.0,
            batch: 32.0,
            gpus: 8,
            hbm_tb_s: H200_TB_S,
            hbm_gb: H200_GB,
            peak_pflops: H200_FP8_DENSE,
            tokens_per_step: 1.0,
        }
    }

    #[test]
    fn moe_deepseek_like_on_eight_h200_by_hand() {
        // Shared 17B + 256 experts of 2.55B: total 17 + 652.8 = 669.8B, active 17 + 8 x 2.55
        // = 37.4B (DeepSeek-R1: 671B total, 37B active).
        // Batch 32: 163.314 experts read (above) x 2.55B = 416.450B, plus 17B shared
        // = 433.450 GB at 1 byte. KV: 32 x 2000 x 70,000 = 4.48 GB. With DP attention the 17 GB
        // of shared weights are read by each of the 8 GPUs: 7 more copies, 119 GB.
        // Bytes: 433.450 + 4.48 + 119 = 556.930 GB.
        // Bandwidth 8 x 4.8 = 38.4 TB/s: 556.930e9 / 38.4e12 = 14.5034 ms.
        // FLOPs: 2 x 37.4e9 x 32 = 2.3936e12 at 8 x 1.979e15: 0.1512 ms. Memory-bound.
        // 32 / 14.5034 ms = 2,206.4 tokens/s in all, 275.80 per GPU; 68.95 per user.
        // Memory: 669.8 + 7 x 17 = 788.8 GB of weights + 4.48 = 793.28 GB of 1128: fits;
        // (1128 - 788.8) / 0.14 = 2422.9 -> 2422.
        let inputs = deepseek_like();
        assert_relative_eq!(inputs.model.total_params_b(), 669.8, epsilon = 1e-9);
        assert_relative_eq!(inputs.model.active_params_b(), 37.4, epsilon = 1e-9);
        assert_relative_eq!(
            inputs.model.params_read_b(32.0),
            433.450_307_17,
            epsilon = 1e-6
        );
        let c = ceiling(&inputs);
        assert_relative_eq!(c.bytes_per_step, 556.930_307_17e9, epsilon = 1e3);
        assert_relative_eq!(c.memory_time_s, 0.014_503_393_42, epsilon = 1e-11);
        assert_relative_eq!(c.compute_time_s, 1.511_874_68e-4, epsilon = 1e-12);
        assert_eq!(c.bound, Bound::MemoryBandwidth);
        assert_relative_eq!(c.tokens_per_s, 2_206.380_20, epsilon = 1e-4);
        assert_relative_eq!(c.tokens_per_s_per_gpu, 275.797_52, epsilon = 1e-4);
        assert_relative_eq!(c.tokens_per_s_per_user, 68.949_381, epsilon = 1e-5);
        assert!(c.memory.fits);
        assert_eq!(c.memory.largest_batch, 2422);
        // The seed's measured Hopper figure, about 90 tokens/s per GPU, is 32.6% of this point.
        assert_relative_eq!(c.share(90.0), 0.326_326, epsilon = 1e-5);
    }

    #[test]
    fn moe_shape_from_model_card_totals() {
        // 671B total, 37B active, 256 experts, 8 active:
        // per expert = (671 - 37) / (256 - 8) = 634 / 248 = 2.556452B;
        // shared = 37 - 8 x 2.556452 = 16.548387B.
        let shape = ModelShape::from_totals(671.0, 37.0, Some((256, 8)));
        let Ok(ModelShape::Moe {
            shared_params_b,
            expert_params_b,
            experts,
            active_experts,
        }) = shape
        else {
            panic!("{shape:?}")
        };
        assert_relative_eq!(expert_params_b, 634.0 / 248.0, epsilon = 1e-12);
        assert_relative_eq!(shared_params_b, 16.548_387_097, epsilon = 1e-9);
        assert_eq!((experts, active_experts), (256, 8));
        let shape = ModelShape::Moe {
            shared_params_b,
            expert_params_b,
            experts,
            active_experts,
        };
        assert_relative_eq!(shape.total_params_b(), 671.0, epsilon = 1e-9);
        assert_relative_eq!(shape.active_params_b(), 37.0, epsilon = 1e-9);
        assert_eq!(
            ModelShape::from_totals(70.0, 70.0, None),
            Ok(ModelShape::Dense { params_b: 70.0 })
        );
        assert_eq!(
            ModelShape::from_totals(671.0, 37.0, None),
            Ok(ModelShape::SparseWhole {
                total_params_b: 671.0,
                active_params_b: 37.0
            })
        );
        // Without a layout every weight is read: 671 GB at 1 byte.
        assert_relative_eq!(
            ModelShape::SparseWhole {
                total_params_b: 671.0,
                active_params_b: 37.0
            }
            .params_read_b(1.0),
            671.0
        );
        assert!(ModelShape::from_totals(100.0, 50.0, Some((4, 4))).is_err());
        // No shared weights at all: 4 experts of 25B, 2 active.
        assert_eq!(
            ModelShape::from_totals(100.0, 50.0, Some((4, 2))),
            Ok(ModelShape::Moe {
                shared_params_b: 0.0,
                expert_params_b: 25.0,
                experts: 4,
                active_experts: 2
            })
        );
    }

    #[test]
    fn share_of_ceiling_is_never_nan() {
        assert_relative_eq!(share_of_ceiling(50.0, 100.0), 0.5);
        assert_eq!(share_of_ceiling(50.0, 0.0), 0.0);
        assert_eq!(share_of_ceiling(f64::NAN, 100.0), 0.0);
        assert_eq!(share_of_ceiling(50.0, f64::INFINITY), 0.0);
    }

    // ----- properties -----

    /// Log-uniform in [lo, hi].
    fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
        (0.0..=1.0f64).prop_map(move |t| (lo.ln() + t * (hi.ln() - lo.ln())).exp().max(lo).min(hi))
    }

    fn any_ceiling_inputs() -> impl Strategy<Value = CeilingInputs> {
        let dense = log_uniform(0.001, 10_000.0).prop_map(|p| ModelShape::Dense { params_b: p });
        let moe = (
            log_uniform(0.001, 100.0),
            log_uniform(0.0001, 10.0),
            1u32..=512,
            1u32..=64,
        )
            .prop_map(|(shared, expert, e, k)| ModelShape::Moe {
                shared_params_b: shared,
                expert_params_b: expert,
                experts: e,
                active_experts: k.min(e),
            });
        (
            prop_oneof![dense, moe],
            log_uniform(0.1, 8.0),
            prop_oneof![Just(0.0), log_uniform(1.0, 1e8)],
            log_uniform(1.0, 1e7),
            log_uniform(1.0, 1e6),
            1u32..=100_000,
            (log_uniform(0.001, 1000.0), log_uniform(0.001, 100_000.0)),
            log_uniform(0.001, 100_000.0),
            log_uniform(1.0, 16.0),
        )
            .prop_map(
                |(model, bytes, kv, context, batch, gpus, (tb_s, gb), pflops, tps)| CeilingInputs {
                    model,
                    bytes_per_param: bytes,
                    kv_bytes_per_token: kv,
                    context_tokens: context,
                    batch,
                    gpus,
                    hbm_tb_s: tb_s,
                    hbm_gb: gb,
                    peak_pflops: pflops,
                    tokens_per_step: tps,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn ceiling_scales_with_the_hardware_and_holds_its_definitions(inputs in any_ceiling_inputs(), k in 1.01..8.0f64) {
            let c = decode_ceiling(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
            // Twice the bandwidth and the compute: every step takes half as long, so the ceiling
            // doubles (a roofline property, not a restatement of the code).
            let faster = CeilingInputs { hbm_tb_s: inputs.hbm_tb_s * k, peak_pflops: inputs.peak_pflops * k, ..inputs };
            if let Ok(f) = decode_ceiling(&faster) {
                prop_assert!((f.tokens_per_s_per_gpu / c.tokens_per_s_per_gpu - k).abs() < 1e-9 * k);
            }
            // Per GPU x GPUs = in all; per user x batch = in all.
            let gpus = f64::from(inputs.gpus);
            prop_assert!((c.tokens_per_s_per_gpu * gpus - c.tokens_per_s).abs() <= 1e-9 * c.tokens_per_s);
            prop_assert!((c.tokens_per_s_per_user * inputs.batch - c.tokens_per_s).abs() <= 1e-9 * c.tokens_per_s);
            for v in [c.tokens_per_s_per_gpu, c.tokens_per_s, c.tokens_per_s_per_user, c.step_time_s,
                      c.bytes_per_step, c.flops_per_step, c.memory.weights_gb, c.memory.capacity_gb] {
                prop_assert!(v.is_finite() && v > 0.0, "{} in {:?}", v, c);
            }
            prop_assert!(c.memory.kv_cache_gb.is_finite() && c.memory.kv_cache_gb >= 0.0);
            prop_assert_eq!(c.step_time_s, c.memory_time_s.max(c.compute_time_s));
            prop_assert_eq!(c.bound == Bound::Compute, c.compute_time_s > c.memory_time_s);
            prop_assert!((c.share(c.tokens_per_s_per_gpu) - 1.0).abs() < 1e-12);
        }

        #[test]
        fn a_bigger_batch_never_lowers_the_ceiling(inputs in any_ceiling_inputs(), factor in 1.0..100.0f64) {
            let small = decode_ceiling(&inputs).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let bigger = CeilingInputs { batch: (inputs.batch * factor).min(1e6), ..inputs };
            let big = decode_ceiling(&bigger).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(big.tokens_per_s_per_gpu >= small.tokens_per_s_per_gpu * (1.0 - 1e-9));
            prop_assert!(big.tokens_per_s_per_user <= small.tokens_per_s_per_user * (1.0 + 1e-9));
        }
    }
}
