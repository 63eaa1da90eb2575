namespace DyT.Models;

// LLaMA 2 with DyT as the paper trained it: bias-free DyT, embed_scale, and the authors' alphas (attention/FFN/final).
// For the RMSNorm baseline, declare your own with Norm = NormKind.RMSNorm.

/// <summary>LLaMA-2-7B (Meta's shapes, Hugging Face keys) with DyT, alphas 0.8/0.2/0.2.</summary>
[Transformer(Architecture.Llama, Dim = 4096, Depth = 32, Heads = 32, VocabSize = 32000, MaxSeqLen = 4096, Norm = NormKind.DyT,
    AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2)]
public partial class Llama2_7B { }

/// <summary>LLaMA-2-13B with DyT, alphas 0.6/0.15/0.15.</summary>
[Transformer(Architecture.Llama, Dim = 5120, Depth = 40, Heads = 40, VocabSize = 32000, MaxSeqLen = 4096, Norm = NormKind.DyT,
    AlphaInitAttention = 0.6, AlphaInitFfn = 0.15, AlphaInitFinal = 0.15)]
public partial class Llama2_13B { }

// Today's LLaMA-family checkpoints, as published (RMSNorm), so their Hugging Face weights and config.json load one to
// one: LoadSafetensors on the downloaded folder checks config.json against the declaration first. For the paper's
// DyT variant, declare your own with the same shapes and Norm = NormKind.DyT (alphas come from the width table).

/// <summary>Llama 3.2 1B (Meta): 1,235,814,400 parameters, embeddings tied, RoPE base 500,000 with Llama 3.1 scaling (factor 32), RMSNorm.</summary>
[Transformer(Architecture.Llama, Dim = 2048, Depth = 16, Heads = 32, KvHeads = 8, FfnDim = 8192, VocabSize = 128256, MaxSeqLen = 131072,
    Norm = NormKind.RMSNorm, NormEps = 1e-5, RopeTheta = 500000, TieEmbeddings = true,
    RopeScalingFactor = 32, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)]
public partial class Llama32_1B { }

/// <summary>Llama 3.1 8B (Meta): 8,030,261,248 parameters, RoPE base 500,000 with Llama 3.1 scaling (factor 8), RMSNorm.</summary>
[Transformer(Architecture.Llama, Dim = 4096, Depth = 32, Heads = 32, KvHeads = 8, FfnDim = 14336, VocabSize = 128256, MaxSeqLen = 131072,
    Norm = NormKind.RMSNorm, NormEps = 1e-5, RopeTheta = 500000,
    RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)]
public partial class Llama31_8B { }

/// <summary>TinyLlama 1.1B (TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T and its chat model): 1,100,048,384 parameters, RMSNorm.</summary>
[Transformer(Architecture.Llama, Dim = 2048, Depth = 22, Heads = 32, KvHeads = 4, FfnDim = 5632, VocabSize = 32000, MaxSeqLen = 2048,
    Norm = NormKind.RMSNorm, NormEps = 1e-5, RopeTheta = 10000)]
public partial class TinyLlama_1_1B { }
