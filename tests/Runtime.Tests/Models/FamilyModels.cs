namespace DyT.Runtime.Tests.Models;

// Small configurations of each family for instantiation tests, and the published configurations, whose counts are
// compared as compile-time constants only (LLaMA-2-7B and DiT-XL/2 are never instantiated).

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.DyT)]
public partial class SmallLlamaDyT { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.RMSNorm)]
public partial class SmallLlamaRms { }

// Llama 3's settings at a small size: tied embeddings, base 500000 with llama3 scaling, eps 1e-6.
[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.RMSNorm,
    NormEps = 1e-6, RopeTheta = 500000, TieEmbeddings = true,
    RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 16)]
public partial class SmallLlama3Tied { }

[Transformer(Architecture.DiT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.DyT)]
public partial class SmallDitDyT { }

[Transformer(Architecture.DiT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class SmallDitLayerNorm { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 2 }, Dims = new[] { 16, 32 }, NumClasses = 10, Norm = NormKind.DyT)]
public partial class SmallConvNextDyT { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 2 }, Dims = new[] { 16, 32 }, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class SmallConvNextLayerNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 2 }, NumClasses = 10)]
public partial class SmallResNetBatchNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 2 }, NumClasses = 10, Norm = NormKind.DyT)]
public partial class SmallResNetDyT { }

// Published configurations with the reference norm, and with DyT.

[Transformer(Architecture.Llama, Dim = 4096, Depth = 32, Heads = 32, VocabSize = 32000, MaxSeqLen = 4096, Norm = NormKind.RMSNorm)]
public partial class Llama2_7B { }

[Transformer(Architecture.Llama, Dim = 4096, Depth = 32, Heads = 32, VocabSize = 32000, MaxSeqLen = 4096, Norm = NormKind.DyT)]
public partial class Llama2_7B_DyT { }

[Transformer(Architecture.DiT, Dim = 1152, Depth = 28, Heads = 16, PatchSize = 2, ImageSize = 32, InChannels = 4, NumClasses = 1000, Norm = NormKind.LayerNorm)]
public partial class DitXl2 { }

[Transformer(Architecture.DiT, Dim = 1152, Depth = 28, Heads = 16, PatchSize = 2, ImageSize = 32, InChannels = 4, NumClasses = 1000, Norm = NormKind.DyT)]
public partial class DitXl2DyT { }

[ConvNet(ConvArchitecture.ConvNeXt, Norm = NormKind.LayerNorm)]
public partial class ConvNextTinyLayerNorm { }

[ConvNet(ConvArchitecture.ConvNeXt, Norm = NormKind.DyT)]
public partial class ConvNextTinyDyT { }

[ConvNet(ConvArchitecture.ResNet)]
public partial class ResNet50 { }

[ConvNet(ConvArchitecture.ResNet, Norm = NormKind.DyT)]
public partial class ResNet50DyT { }

[Transformer(Architecture.ViT, Dim = 384, Depth = 12, Heads = 6, Norm = NormKind.LayerNorm)]
public partial class VitSmallLayerNorm { }

[Transformer(Architecture.ViT, Dim = 768, Depth = 12, Heads = 12, Norm = NormKind.LayerNorm)]
public partial class VitBaseLayerNorm { }
