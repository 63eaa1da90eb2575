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
