namespace DyT.Generators.Tests;

/// <summary>Small declarations of each family, shared by the snapshot, compile and property tests. {0} is the norm.</summary>
public static class FamilyDeclarations
{
    public const string Llama = """
        using DyT;

        namespace Samples;

        [Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 32, Norm = NormKind.{0})]
        public partial class LlamaTiny { }
        """;

    /// <summary>A Llama 3-style declaration: rotary base 500000 with llama3 scaling, tied embeddings, its own eps.</summary>
    public const string Llama3 = """
        using DyT;

        namespace Samples;

        [Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 100, MaxSeqLen = 64, Norm = NormKind.{0},
            RopeTheta = 500000, NormEps = 1e-6, TieEmbeddings = true,
            RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 16)]
        public partial class Llama3Tiny { }
        """;

    public const string Dit = """
        using DyT;

        namespace Samples;

        [Transformer(Architecture.DiT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 2, ImageSize = 8, InChannels = 4, NumClasses = 10, Norm = NormKind.{0})]
        public partial class DitTiny { }
        """;

    public const string ConvNext = """
        using DyT;

        namespace Samples;

        [ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 2 }, Dims = new[] { 16, 32 }, NumClasses = 10, Norm = NormKind.{0})]
        public partial class ConvNextTiny { }
        """;

    public const string ResNet = """
        using DyT;

        namespace Samples;

        [ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 2 }, NumClasses = 10, Norm = NormKind.{0})]
        public partial class ResNetTiny { }
        """;

    /// <summary>ResNet without Norm written: keeps BatchNorm.</summary>
    public const string ResNetBatchNorm = """
        using DyT;

        namespace Samples;

        [ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 2 }, NumClasses = 10)]
        public partial class ResNetTiny { }
        """;

    public static string With(string declaration, string norm) => declaration.Replace("{0}", norm);
}
