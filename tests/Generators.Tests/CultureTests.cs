using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>
/// The generator's output and the reader's messages do not depend on the machine's culture: under de-DE (decimal
/// comma) they are byte-identical to the invariant run. The sources hold non-integral doubles everywhere they reach
/// text: alphas, eps, MlpRatio, the LLaMA alpha table's comment and layer scale.
/// </summary>
public class CultureTests
{
    private static readonly string[] Models =
    [
        FamilyDeclarations.With(FamilyDeclarations.Llama, "DyT"),
        FamilyDeclarations.With(FamilyDeclarations.Dit, "Derf"),
        FamilyDeclarations.With(FamilyDeclarations.ConvNext, "LayerNorm"),
        FamilyDeclarations.ResNetBatchNorm,
        """
        using DyT;
        namespace Samples;
        [Transformer(Architecture.ViT, Dim = 48, Depth = 1, Heads = 3, PatchSize = 4, ImageSize = 8, MlpRatio = 2.5, AlphaInit = 0.75)]
        public partial class Vit { }
        [Transformer(Architecture.Llama, Dim = 4096, Depth = 1, Heads = 32, VocabSize = 10, AlphaInitAttention = 0.35)]
        public partial class WideLlama { }
        [ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1 }, Dims = new[] { 8 }, LayerScaleInit = 0.125, Norm = NormKind.DyT)]
        public partial class Next { }
        """,
    ];

    private const string Problems = """
        using DyT;
        [Transformer(Architecture.ViT, MlpRatio = -1.5, AlphaInit = 12.5)] public partial class M { }
        """;

    [Fact]
    public void Generated_code_is_byte_identical_under_de_DE()
    {
        var invariant = Generate(CultureInfo.InvariantCulture);
        var german = Generate(CultureInfo.GetCultureInfo("de-DE"));

        Assert.Contains("attention 0.8, FFN and final 0.2", string.Concat(invariant.Values));   // a decimal point that de-DE would turn into a comma
        Assert.Equal(invariant.Keys.OrderBy(key => key, StringComparer.Ordinal), german.Keys.OrderBy(key => key, StringComparer.Ordinal));
        foreach (var (name, text) in invariant)
            Assert.True(text == german[name], $"{name} differs under de-DE");
    }

    [Fact]
    public void Reader_messages_are_identical_under_de_DE()
    {
        var invariant = InCulture(CultureInfo.InvariantCulture, () => GeneratorHarness.Read(Problems).Problems.Select(problem => problem.Message).ToArray());
        var german = InCulture(CultureInfo.GetCultureInfo("de-DE"), () => GeneratorHarness.Read(Problems).Problems.Select(problem => problem.Message).ToArray());

        Assert.Contains(invariant, message => message.Contains("got -1.5", StringComparison.Ordinal));
        Assert.Contains(invariant, message => message.Contains("AlphaInit = 12.5", StringComparison.Ordinal));
        Assert.Equal(invariant, german);
    }

    private static Dictionary<string, string> Generate(CultureInfo culture) =>
        InCulture(culture, () => Models.SelectMany(source => GeneratorHarness.Run(source).Files).ToDictionary(file => file.Key, file => file.Value));

    internal static T InCulture<T>(CultureInfo culture, Func<T> run)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try { return run(); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi); }
    }
}
