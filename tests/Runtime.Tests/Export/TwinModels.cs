#pragma warning disable DYT001 // ResNets with a written norm are among the twin cases on purpose.

namespace DyT.Runtime.Tests.Export;

// One small model per family and norm, for the twin's parity and initialization tests (TwinParityTests), and the
// model of the torchrun round trip (TwinRoundTripTests).

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class TwinVitLayerNorm { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class TwinVitRmsNorm { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class TwinVitDyT { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.Derf)]
public partial class TwinVitDerf { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.LayerNorm)]
public partial class TwinLlamaLayerNorm { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm)]
public partial class TwinLlamaRmsNorm { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.DyT,
    AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.3)]
public partial class TwinLlamaDyT { }

[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.Derf,
    AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.3)]
public partial class TwinLlamaDerf { }

// A Llama 3.1-style twin with a non-default value of every LLaMA 3 property. Head dimension 8 at theta 500000 gives
// wavelengths of 6.3, 167, 4,443 and 118,143 positions; original positions 256 with frequency factors 1 and 8 put them in
// all three of llama3 scaling's ranges (kept below 32, interpolated between 32 and 256, divided by 8 above). NormEps
// 0.01 (not 1e-5) moves RMSNorm's outputs far beyond the 1e-5 bound, and the tied head has no lm_head.weight key.
[Transformer(Architecture.Llama, Dim = 32, Depth = 2, Heads = 4, KvHeads = 2, FfnDim = 48, VocabSize = 64, MaxSeqLen = 16, Norm = NormKind.RMSNorm,
    RopeTheta = 500000, NormEps = 0.01, TieEmbeddings = true,
    RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 8, RopeOriginalMaxPositions = 256)]
public partial class TwinLlama3RmsNorm { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class TwinDitLayerNorm { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class TwinDitRmsNorm { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.DyT)]
public partial class TwinDitDyT { }

[Transformer(Architecture.DiT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.Derf)]
public partial class TwinDitDerf { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class TwinConvNextLayerNorm { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class TwinConvNextRmsNorm { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.DyT)]
public partial class TwinConvNextDyT { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1, 1, 1 }, Dims = new[] { 8, 16, 24, 32 }, InChannels = 3, NumClasses = 10, Norm = NormKind.Derf)]
public partial class TwinConvNextDerf { }

// Norm not written: the reference BatchNorm.
[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10)]
public partial class TwinResNetBatchNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class TwinResNetLayerNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class TwinResNetRmsNorm { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10, Norm = NormKind.DyT)]
public partial class TwinResNetDyT { }

[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, InChannels = 3, NumClasses = 10, Norm = NormKind.Derf)]
public partial class TwinResNetDerf { }

// The round trip's model: the MNIST ViT of setup/train.sh, smaller.
[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, MlpRatio = 2, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    Norm = NormKind.DyT, AlphaInit = 1.0)]
public partial class TwinMnistVit { }

// Declared like TwinMnistVit but one block deeper: a checkpoint of one must not load into the other.
[Transformer(Architecture.ViT, Dim = 32, Depth = 3, Heads = 4, MlpRatio = 2, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    Norm = NormKind.DyT, AlphaInit = 1.0)]
public partial class TwinMnistVitDeeper { }
