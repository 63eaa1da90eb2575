namespace DyT.Bench;

// The models of --folded-inference, declared the way users declare them. The ViT is ViT-S/16's block (width 384,
// 6 heads, MLP 1536) at depth 1: the harness times one block. The LLaMA is issue 12's whole-model shape (width 512,
// depth 4, 8 heads, the default 32000-token vocabulary), as --llama-step declares it.

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.LayerNorm)]
public partial class FoldingVitSLayerNorm { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.RMSNorm)]
public partial class FoldingVitSRmsNorm { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.DyT)]
public partial class FoldingVitSDyT { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.Derf)]
public partial class FoldingVitSDerf { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.LayerNorm)]
public partial class FoldingLlama512LayerNorm { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.RMSNorm)]
public partial class FoldingLlama512RmsNorm { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.DyT)]
public partial class FoldingLlama512DyT { }

[Transformer(Architecture.Llama, Dim = 512, Depth = 4, Heads = 8, MaxSeqLen = 256, Norm = NormKind.Derf)]
public partial class FoldingLlama512Derf { }
