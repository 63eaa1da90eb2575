namespace DyT.Runtime.Tests.Parity;

// The configurations of tests/Parity/reference/cases.py, declared as users declare models. Change both together.

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class ParityVitLayerNorm { }

[Transformer(Architecture.ViT, Dim = 32, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class ParityVitDyT { }
