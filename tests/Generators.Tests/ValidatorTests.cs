using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;

namespace DyT.Generators.Tests;

/// <summary>Each configuration problem the reader finds gets its id on its argument, for the analyzers to report; and no output.</summary>
public class ValidatorTests
{
    [Theory]
    [InlineData("Transformer(Architecture.Llama, Heads = 8, KvHeads = 3)", DiagnosticIds.KvHeadsMustDivideHeads, "KvHeads")]
    [InlineData("Transformer(Architecture.Llama, KvHeads = -2)", DiagnosticIds.NonPositiveSize, "KvHeads")]
    [InlineData("Transformer(Architecture.Llama, VocabSize = 0)", DiagnosticIds.NonPositiveSize, "VocabSize")]
    [InlineData("Transformer(Architecture.Llama, MaxSeqLen = -5)", DiagnosticIds.NonPositiveSize, "MaxSeqLen")]
    [InlineData("Transformer(Architecture.Llama, FfnDim = -1)", DiagnosticIds.NonPositiveSize, "FfnDim")]
    [InlineData("Transformer(Architecture.Llama, FfnDim = 0)", DiagnosticIds.NonPositiveSize, "FfnDim")]
    [InlineData("Transformer(Architecture.Llama, KvHeads = 0)", DiagnosticIds.NonPositiveSize, "KvHeads")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitAttention = double.NaN)", DiagnosticIds.InvalidAlpha, "AlphaInitAttention")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitFinal = double.NaN)", DiagnosticIds.InvalidAlpha, "AlphaInitFinal")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Depths = new int[0])", DiagnosticIds.NonPositiveSize, "Depths")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Dims = new int[0])", DiagnosticIds.NonPositiveSize, "Dims")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, Depths = null)", DiagnosticIds.NonPositiveSize, "Depths")]
    [InlineData("Transformer(Architecture.Llama, Dim = 60, Heads = 4)", DiagnosticIds.WidthMustBeEven, "Heads")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitFfn = 0)", DiagnosticIds.InvalidAlpha, "AlphaInitFfn")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitAttention = double.PositiveInfinity)", DiagnosticIds.InvalidAlpha, "AlphaInitAttention")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitFinal = -0.5)", DiagnosticIds.InvalidAlpha, "AlphaInitFinal")]
    [InlineData("Transformer(Architecture.Llama, Dim = 100000)", DiagnosticIds.ModelTooLarge, "Dim")]
    [InlineData("Transformer(Architecture.Llama, RopeTheta = 0)", DiagnosticIds.InvalidRotaryEmbedding, "RopeTheta")]
    [InlineData("Transformer(Architecture.Llama, RopeTheta = double.NaN)", DiagnosticIds.InvalidRotaryEmbedding, "RopeTheta")]
    [InlineData("Transformer(Architecture.Llama, RopeTheta = double.PositiveInfinity)", DiagnosticIds.InvalidRotaryEmbedding, "RopeTheta")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 8)", DiagnosticIds.InvalidRotaryEmbedding, "RopeLowFreqFactor")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 8)", DiagnosticIds.InvalidRotaryEmbedding, "RopeOriginalMaxPositions")]
    [InlineData("Transformer(Architecture.Llama, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)", DiagnosticIds.InvalidRotaryEmbedding, "RopeScalingFactor")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 0.5, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)", DiagnosticIds.InvalidRotaryEmbedding, "RopeScalingFactor")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 8, RopeLowFreqFactor = 4, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)", DiagnosticIds.InvalidRotaryEmbedding, "RopeHighFreqFactor")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 8, RopeLowFreqFactor = -1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192)", DiagnosticIds.InvalidRotaryEmbedding, "RopeLowFreqFactor")]
    [InlineData("Transformer(Architecture.Llama, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = -8192)", DiagnosticIds.InvalidRotaryEmbedding, "RopeOriginalMaxPositions")]
    [InlineData("Transformer(Architecture.Llama, NormEps = 0)", DiagnosticIds.InvalidNormEps, "NormEps")]
    [InlineData("Transformer(Architecture.Llama, NormEps = -1e-5)", DiagnosticIds.InvalidNormEps, "NormEps")]
    [InlineData("Transformer(Architecture.Llama, NormEps = double.NaN)", DiagnosticIds.InvalidNormEps, "NormEps")]
    [InlineData("Transformer(Architecture.DiT, Dim = 66, Heads = 6)", DiagnosticIds.WidthMustBeEven, "Dim")]
    [InlineData("Transformer(Architecture.DiT, PatchSize = 3, ImageSize = 32)", DiagnosticIds.PatchMustDivideImage, "PatchSize")]
    [InlineData("Transformer(Architecture.DiT, Depth = 0)", DiagnosticIds.NonPositiveSize, "Depth")]
    [InlineData("Transformer(Architecture.DiT, InChannels = 5000)", DiagnosticIds.ModelTooLarge, "InChannels")]
    [InlineData("Transformer(Architecture.ViT, MlpRatio = 5000)", DiagnosticIds.NonPositiveSize, "MlpRatio")]
    [InlineData("Transformer(Architecture.ViT, Depth = 2000)", DiagnosticIds.ModelTooLarge, "Depth")]
    [InlineData("ConvNet((ConvArchitecture)5)", DiagnosticIds.UndefinedEnumValue, "Architecture")]
    [InlineData("Transformer((Architecture)7)", DiagnosticIds.UndefinedEnumValue, "Architecture")]
    [InlineData("Transformer(Architecture.DiT, Norm = (NormKind)7)", DiagnosticIds.UndefinedEnumValue, "Norm")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Norm = (NormKind)7)", DiagnosticIds.UndefinedEnumValue, "Norm")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3 }, Dims = new[] { 96 })", DiagnosticIds.StageListMismatch, "Dims")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3 })", DiagnosticIds.StageListMismatch, "Depths")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 0, 1, 1, 1 })", DiagnosticIds.NonPositiveSize, "Depths")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] { 96, -1, 384, 768 })", DiagnosticIds.NonPositiveSize, "Dims")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = double.NaN)", DiagnosticIds.NonPositiveSize, "LayerScaleInit")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, InChannels = 0)", DiagnosticIds.NonPositiveSize, "InChannels")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, NumClasses = -1)", DiagnosticIds.NonPositiveSize, "NumClasses")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, AlphaInit = 0)", DiagnosticIds.InvalidAlpha, "AlphaInit")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, Dims = new[] { 64 })", DiagnosticIds.StageListMismatch, "Dims")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 })", DiagnosticIds.ModelTooLarge, "Depths")]
    public void A_problem_is_reported_on_its_argument_and_nothing_is_generated(string attribute, string id, string argument)
    {
        var source = $"using DyT;\n[{attribute}] public partial class M {{ }}";

        var problems = Problems(source);

        Assert.Contains(problems, problem => problem.Descriptor.Id == id && problem.Argument == argument);
        AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData("[ConvNet(ConvArchitecture.ResNet)] public class M { }")]
    [InlineData("[ConvNet(ConvArchitecture.ResNet)] public partial class M<T> { }")]
    [InlineData("[ConvNet(ConvArchitecture.ResNet)] public static partial class M { }")]
    [InlineData("public partial class Outer { [ConvNet(ConvArchitecture.ConvNeXt)] public partial class M { } }")]
    [InlineData("public class Base { } [ConvNet(ConvArchitecture.ConvNeXt)] public partial class M : Base { }")]
    public void An_invalid_convnet_class_gets_no_output(string declaration) => AssertNoOutputAndNoException("using DyT;\n" + declaration);

    [Fact]
    public void Two_model_attributes_on_one_class_are_a_problem_and_neither_generates()
    {
        const string source = "using DyT;\n[Transformer(Architecture.ViT)][ConvNet(ConvArchitecture.ResNet)] public partial class M { }";
        var read = GeneratorHarness.Read(source);

        Assert.Contains(read.Problems, problem => problem.Descriptor.Id == DiagnosticIds.OneModelAttributePerClass);
        Assert.Null(read.Spec);
        AssertNoOutputAndNoException(source);
    }

    [Fact]
    public void New_ids_do_not_collide_and_stay_out_of_the_analyzer_range()
    {
        var ids = typeof(DiagnosticIds).GetFields().Select(field => (string)field.GetRawConstantValue()!).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(new[] { DiagnosticIds.KvHeadsMustDivideHeads, DiagnosticIds.StageListMismatch, DiagnosticIds.OneModelAttributePerClass,
                DiagnosticIds.InvalidNormOverride, DiagnosticIds.ModelTooLarge, DiagnosticIds.WidthMustBeEven },
            id => Assert.True(string.CompareOrdinal(id, "DYT014") >= 0, $"{id} is in the reserved range"));
    }

    private static ConfigProblem[] Problems(string source)
    {
        var read = GeneratorHarness.Read(source);
        Assert.Null(read.Spec);
        return [.. read.Problems];
    }

    internal static void AssertNoOutputAndNoException(string source)
    {
        var result = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(source)).GetRunResult();

        Assert.All(result.Results, generator => Assert.Null(generator.Exception));
        Assert.Empty(result.Results.SelectMany(generator => generator.GeneratedSources));
    }
}
