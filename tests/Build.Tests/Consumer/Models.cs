using DyT;

namespace Consumer;

[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.DyT)]
public partial class TinyVit { }

[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1 }, Dims = new[] { 16 }, NumClasses = 10, Norm = NormKind.LayerNorm)]
public partial class TinyConvNext { }
