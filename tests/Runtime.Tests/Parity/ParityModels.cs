namespace DyT.Runtime.Tests.Parity;

// The configurations of tests/Parity/reference/cases.py, declared as users declare models. Change both together.

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class ParityVitLayerNorm { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class ParityVitDyT { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm)]
public partial class ParityLlamaRms { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.DyT,
    AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2)]
public partial class ParityLlamaDyT { }

// Llama 3 (cases.py LLAMA3): base 500000, llama3 scaling whose bands the small head dimension all reaches, tied embeddings.
[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm,
    NormEps = 1e-6, RopeTheta = 500000, TieEmbeddings = true,
    RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 256)]
public partial class ParityLlama3Rms { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.DyT,
    AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2, NormEps = 1e-6, RopeTheta = 500000, TieEmbeddings = true,
    RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 256)]
public partial class ParityLlama3DyT { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class ParityDitLayerNorm { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.DyT)]
public partial class ParityDitDyT { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class ParityConvNextLayerNorm { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.DyT)]
public partial class ParityConvNextDyT { }

// Norm not written: the reference BatchNorm.
[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10)]
public partial class ParityResNetBatchNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10, Norm = NormKind.DyT)]
public partial class ParityResNetDyT { }

// Negative controls for the Llama 3 fixtures: the same model without the scaling, and with LLaMA 2's base.
[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm,
    NormEps = 1e-6, RopeTheta = 500000, TieEmbeddings = true)]
public partial class ParityLlama3RmsUnscaled { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm,
    NormEps = 1e-6, TieEmbeddings = true, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 256)]
public partial class ParityLlama3RmsTheta10000 { }
