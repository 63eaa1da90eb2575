using DyT;

namespace MnistVit;

// The same small ViT four times; only Norm differs. Each line is the whole model definition:
// the generator writes the module (see obj/.../generated/ or "Go to definition" in the IDE).

[Transformer(Architecture.ViT, Dim = 64, Depth = 4, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10,
    MlpRatio = 2.0, Norm = NormKind.DyT, AlphaInit = 0.5)]
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
