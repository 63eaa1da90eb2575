using DyT;

namespace MnistVit;

// The same small ViT four times; only Norm differs. Each attribute is the whole model definition:
// the generator writes the module (see obj/.../generated/ or "Go to definition" in the IDE).
//
// DyT's alpha0 is 1.0 here, not the paper's 0.5: alpha tracks 1/std of its input (PAPER.md), and this tiny ViT's
// activations are smaller than ImageNet ViTs'. Measured on this sample (8 epochs, same seed): alpha0 0.5 reached
// 93.4% test accuracy, 1.0 reached 94.2%, LayerNorm 94.8%.

[Transformer(Architecture.ViT, Dim = 64, Depth = 4, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.DyT, AlphaInit = 1.0)]
public partial class MnistVitDyT { }

[Transformer(Architecture.ViT, Dim = 64, Depth = 4, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.LayerNorm)]
public partial class MnistVitLayerNorm { }

[Transformer(Architecture.ViT, Dim = 64, Depth = 4, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.RMSNorm)]
public partial class MnistVitRMSNorm { }

[Transformer(Architecture.ViT, Dim = 64, Depth = 4, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.Derf, AlphaInit = 0.5)]
public partial class MnistVitDerf { }
