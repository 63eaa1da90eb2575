using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DyT.CodeFixes;
using DyT.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Analyzers.Tests;

/// <summary>
/// Every DYTxxx analyzer together, as a build runs them: they share one reader, so a bad value gets one diagnostic
/// (not one per analyzer), an undefined enum value gets DYT013 and nothing that judged it as some norm, and what they
/// report does not depend on the machine's culture.
/// </summary>
public class AllAnalyzersTests
{
    private const string Usings = "using DyT;\n\n";

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(ModelAttributeAnalyzer).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    [Fact]
    public async Task Each_bad_alpha_gets_exactly_one_diagnostic_on_its_argument()
    {
        var diagnostics = await Analyze(Usings +
            "[Transformer(Architecture.Llama, AlphaInit = 0, AlphaInitAttention = -1, AlphaInitFfn = double.NaN, AlphaInitFinal = 20)]\npublic partial class L { }\n");

        var alphas = diagnostics.Where(diagnostic => diagnostic.Id == "DYT005")
            .Select(diagnostic => (Argument: Argument(diagnostic), diagnostic.Severity)).OrderBy(pair => pair.Argument, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [("AlphaInit = 0", DiagnosticSeverity.Error), ("AlphaInitAttention = -1", DiagnosticSeverity.Error),
             ("AlphaInitFfn = double.NaN", DiagnosticSeverity.Error), ("AlphaInitFinal = 20", DiagnosticSeverity.Warning)],
            alphas);
    }

    [Theory]
    [InlineData("[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, AlphaInit = 0.5, {|#0:Norm = (NormKind)7|})]")]
    [InlineData("[Transformer(Architecture.DiT, Dim = 384, Heads = 6, PatchSize = 2, ImageSize = 32, AdaLnZeroInit = true, {|#0:Norm = (NormKind)7|})]")]
    [InlineData("[ConvNet(ConvArchitecture.ResNet, {|#0:Norm = (NormKind)7|})]")]
    [InlineData("[ConvNet(ConvArchitecture.ConvNeXt, Dims = new[] { 96, 192, 384, 16384 }, {|#0:Norm = (NormKind)7|})]")]
    public async Task An_undefined_norm_is_DYT013_and_no_rule_judges_it_as_a_norm(string attribute)
    {
        var source = Usings + attribute.Replace("{|#0:", "").Replace("|}", "") + "\npublic partial class M { }\n";

        var diagnostic = Assert.Single(await Analyze(source));

        Assert.Equal("DYT013", diagnostic.Id);
        Assert.Equal("Norm = (NormKind)7", Argument(diagnostic));
    }

    [Fact]
    public async Task Diagnostics_are_identical_under_de_DE()
    {
        const string source = Usings + """
            [Transformer(Architecture.Llama, Dim = 4096, Heads = 32, AlphaInit = 0.5)]
            public partial class Recipe { }
            [Transformer(Architecture.Llama, Dim = 1536, Heads = 12, AlphaInitAttention = 0.5, AlphaInitFfn = 0.5)]
            public partial class Mapped { }
            [Transformer(Architecture.ViT, MlpRatio = -1.5, AlphaInit = 12.5)]
            public partial class Ranges { }
            [ConvNet(ConvArchitecture.ConvNeXt, AlphaInit = 0.0025, Dims = new[] { 96, 192, 384, 16384 })]
            public partial class Wide { }
            [ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = double.NaN)]
            public partial class NotFinite { }
            [Transformer(Architecture.Llama, Dim = 16384, Heads = 128, AlphaInitFinal = -0.25)]
            public partial class Negative { }
            """;

        var invariant = Describe(await InCulture(CultureInfo.InvariantCulture, () => Analyze(source)));
        var german = Describe(await InCulture(CultureInfo.GetCultureInfo("de-DE"), () => Analyze(source)));

        Assert.Contains(invariant, line => line.Contains("attention 0.8, FFN and final 0.2", StringComparison.Ordinal));
        Assert.Contains(invariant, line => line.Contains("Attention=0.8", StringComparison.Ordinal));
        Assert.Contains(invariant, line => line.Contains("got -1.5", StringComparison.Ordinal));
        Assert.Contains(invariant, line => line.Contains("DyT at width 16384", StringComparison.Ordinal));
        Assert.Contains(invariant, line => line.Contains("got double.NaN", StringComparison.Ordinal));
        Assert.Equal(invariant, german);
    }

    [Fact]
    public Task The_code_fix_inserts_invariant_literals_under_de_DE() =>
        InCulture(CultureInfo.GetCultureInfo("de-DE"), () => Verify<LlamaRecipeAnalyzer>.CodeFix<LlamaRecipeCodeFix>(
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, {|DYT003:AlphaInit = 0.5|})]\npublic partial class L { }\n",
            Usings + "[Transformer(Architecture.Llama, Dim = 4096, Heads = 32, AlphaInitAttention = 0.8, AlphaInitFfn = 0.2, AlphaInitFinal = 0.2)]\npublic partial class L { }\n"));

    private static async Task<ImmutableArray<Diagnostic>> Analyze(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: "/project/Model.cs");
        var compilation = CSharpCompilation.Create("Project", [tree], TestReferences.Metadata, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
    }

    private static string Argument(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    /// <summary>Id, place, message (formatted in the current culture, as an IDE shows it) and properties of each diagnostic.</summary>
    private static string[] Describe(ImmutableArray<Diagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start).ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal)
            .Select(diagnostic => $"{diagnostic.Id} {diagnostic.Location.SourceSpan} {diagnostic.GetMessage(CultureInfo.CurrentCulture)} " +
                string.Join(";", diagnostic.Properties.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")))];

    private static async Task<T> InCulture<T>(CultureInfo culture, Func<Task<T>> run)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try { return await run(); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi); }
    }

    private static async Task InCulture(CultureInfo culture, Func<Task> run) =>
        await InCulture(culture, async () => { await run(); return 0; });
}
