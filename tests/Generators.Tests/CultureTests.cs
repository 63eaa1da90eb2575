using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>
/// The generator's output and the reader's messages do not depend on the machine's culture: under de-DE (decimal
/// comma), and under a culture that also changes the minus sign and the group separator, they are byte-identical to
/// the invariant run. The sources hold non-integral doubles everywhere they reach text (alphas, eps, MlpRatio, the
/// LLaMA alpha table's comment, layer scale) and every family with every norm.
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

    /// <summary>Every problem kind with a number or a name in its message, negative numbers and float32 limits included.</summary>
    private static readonly string[] ProblemSources =
    [
        Problems,
        "using DyT;\n[Transformer(Architecture.ViT, Depth = -3, Dim = 100, AlphaInit = 1e39)] public partial class M { }",
        "using DyT;\n[Transformer(Architecture.Llama, KvHeads = -2, AlphaInitFfn = 1e-40, AlphaInitFinal = -0.25)] public partial class M { }",
        "using DyT;\n[ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] { 96, -1 }, LayerScaleInit = 1e-50)] public partial class M { }",
        "using DyT;\n[Transformer(Architecture.ViT)][Transformer(Architecture.DiT)] public partial class M { }",
        "using DyT;\n[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1, 1 })] public partial class M { public int layer3; public M() { } }",
        "using DyT;\n[ConvNet(ConvArchitecture.ResNet)] public partial record M { }",
    ];

    /// <summary>
    /// A culture that changes every number format a stray ToString() could pick up: a decimal comma, a non-breaking
    /// space between groups and U+2212 as the minus sign. Nothing the generator writes may depend on it.
    /// </summary>
    internal static CultureInfo Hostile()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("de-DE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberGroupSeparator = "\u00A0";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        return culture;
    }

    [Fact]
    public void Every_family_and_norm_generates_the_same_bytes_under_a_culture_with_a_unicode_minus()
    {
        string[] families = [FamilyDeclarations.Llama, FamilyDeclarations.Dit, FamilyDeclarations.ConvNext, FamilyDeclarations.ResNet];
        string[] norms = ["LayerNorm", "RMSNorm", "DyT", "Derf"];
        var sources = families.SelectMany(family => norms.Select(norm => FamilyDeclarations.With(family, norm)))
            .Concat(Models)
            .Append("using DyT;\n[Transformer(Architecture.Llama, Dim = 4608, Depth = 1, Heads = 32, VocabSize = 10)] public partial class Wide13B { }")
            .ToArray();

        Dictionary<string, string> Run(CultureInfo culture) => InCulture(culture, () =>
            sources.SelectMany(source => GeneratorHarness.Run(source).Files).GroupBy(file => file.Key).ToDictionary(group => group.Key, group => string.Concat(group.Select(file => file.Value))));
        var invariant = Run(CultureInfo.InvariantCulture);
        var hostile = Run(Hostile());

        Assert.Contains("authors' LLaMA-13B setting, width 4608", string.Concat(invariant.Values));
        Assert.Equal(invariant.Keys.OrderBy(key => key, StringComparer.Ordinal), hostile.Keys.OrderBy(key => key, StringComparer.Ordinal));
        foreach (var (name, text) in invariant)
            Assert.True(text == hostile[name], $"{name} differs under a culture with a unicode minus");
    }

    [Fact]
    public void Every_reader_message_is_the_same_under_a_culture_with_a_unicode_minus()
    {
        string[] Messages(CultureInfo culture) => InCulture(culture, () =>
            ProblemSources.SelectMany(source => GeneratorHarness.Read(source).Problems.Select(problem => problem.Descriptor.Id + " " + problem.Message)).ToArray());

        var invariant = Messages(CultureInfo.InvariantCulture);
        var hostile = Messages(Hostile());

        Assert.Contains(invariant, message => message.Contains("got -3", StringComparison.Ordinal));
        Assert.Contains(invariant, message => message.Contains("3.4028234663852886e38", StringComparison.Ordinal));
        Assert.Contains(invariant, message => message.StartsWith("DYT022", StringComparison.Ordinal));
        Assert.Contains(invariant, message => message.StartsWith("DYT006", StringComparison.Ordinal));
        Assert.Equal(invariant, hostile);
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
