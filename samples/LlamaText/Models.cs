using DyT;

namespace LlamaText;

// The same small LLaMA three times; only Norm differs. Each attribute is the whole model definition: byte-level
// vocabulary (256), width 256, 4 decoder layers of 4 heads (head width 64), SwiGLU hidden 768 (LLaMA's rule),
// rotary positions up to 256 tokens (the training context), Hugging Face LlamaForCausalLM keys.
//
// DyT gets the paper's LLaMA recipe from the generator because the attribute writes no alphas: a learnable scalar
// after the embedding (model.embed_scale, init sqrt(256) = 16) and the alphas of the paper's width table
// (Table 11; width 256 is below its first row, 1024, so attention 1.0, FFN and final 1.0).
//
// Derf gets the embedding scale too (EmbedScale = true; the generator adds it by default for DyT only): like tanh, erf
// squashes each value on its own and needs the token embeddings (init std 0.02) lifted into its working range.
// Measured on this sample (100 steps, same seed): without it Derf stalled at 3.02 nats per byte, about what byte
// frequencies alone give, while DyT with its scale reached 2.77. Its alphas come from the same width table as DyT's,
// its shift starts at 0.
// LayerNorm is there for --norms.

[Transformer(Architecture.Llama, Dim = 256, Depth = 4, Heads = 4, VocabSize = 256, MaxSeqLen = 256, Norm = NormKind.RMSNorm)]
public partial class TextLlamaRMSNorm { }

[Transformer(Architecture.Llama, Dim = 256, Depth = 4, Heads = 4, VocabSize = 256, MaxSeqLen = 256, Norm = NormKind.DyT)]
public partial class TextLlamaDyT { }

[Transformer(Architecture.Llama, Dim = 256, Depth = 4, Heads = 4, VocabSize = 256, MaxSeqLen = 256, Norm = NormKind.Derf, EmbedScale = true)]
public partial class TextLlamaDerf { }

[Transformer(Architecture.Llama, Dim = 256, Depth = 4, Heads = 4, VocabSize = 256, MaxSeqLen = 256, Norm = NormKind.LayerNorm)]
public partial class TextLlamaLayerNorm { }
