namespace DyT.Runtime.Tests.Models;

// Models declared the way users declare them; the generator expands them at build time.

[Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, PatchSize = 16, ImageSize = 224, InChannels = 3,
    NumClasses = 1000, MlpRatio = 4.0, Norm = NormKind.LayerNorm)]
public partial class VitTinyLayerNorm { }

[Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, PatchSize = 16, ImageSize = 224, InChannels = 3,
    NumClasses = 1000, MlpRatio = 4.0, Norm = NormKind.DyT, AlphaInit = 0.5)]
public partial class VitTinyDyT { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT, AlphaInit = 0.8)]
public partial class SmallVitDyT { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.RMSNorm)]
public partial class SmallVitRms { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.Derf)]
public partial class SmallVitDerf { }
