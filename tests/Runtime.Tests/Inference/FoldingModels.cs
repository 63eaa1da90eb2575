namespace DyT.Runtime.Tests.Inference;

// The small generated models of the other tests cover ViT with RMSNorm, DyT and Derf and LLaMA with RMSNorm and DyT
// (Models/TestModels.cs, Models/FamilyModels.cs); these complete every norm kind of both families that folding knows,
// and add a DiT whose RMSNorm keeps a weight that feeds adaLN modulation (which folding refuses).

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class SmallVitLayerNorm { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.LayerNorm)]
public partial class SmallLlamaLayerNorm { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.Derf)]
public partial class SmallLlamaDerf { }

[Transformer(Architecture.DiT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class SmallDitRmsNorm { }
