namespace DyT.Bench;

// The ViTs of --folded-blocks, declared the way users declare them: ViT-S/16's block (width 384, 6 heads, MLP 1536)
// at depth 1, since the harness times one block. Its LLaMA rows use --llama-step's models (LlamaStep.cs).

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.LayerNorm)]
public partial class FoldingVitSLayerNorm { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.RMSNorm)]
public partial class FoldingVitSRmsNorm { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.DyT)]
public partial class FoldingVitSDyT { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 1, Heads = 6, Norm = NormKind.Derf)]
public partial class FoldingVitSDerf { }
