using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Tests;

/// <summary>
/// Generated code compiles whatever the model is called and whatever types share its namespace: keyword names are
/// escaped (<c>@class</c>), and no emitted line depends on a contextual keyword such as <c>var</c> or <c>nameof</c>,
/// which a user type of that name would capture.
/// </summary>
public class IdentifierTests
{
    private static readonly string[] Declarations =
    [
        "[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, NumClasses = 10)]",
        "[Transformer(Architecture.Llama, Dim = 32, Depth = 1, Heads = 2, VocabSize = 50, MaxSeqLen = 16)]",
        "[Transformer(Architecture.DiT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 2, ImageSize = 4, InChannels = 4, NumClasses = 10)]",
        "[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1 }, Dims = new[] { 8, 16 }, NumClasses = 10)]",
        "[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, NumClasses = 10)]",
    ];

    private static readonly string[] ReservedKeywords = [.. SyntaxFacts.GetReservedKeywordKinds().Select(SyntaxFacts.GetText).Distinct()];
    /// <summary>Roslyn's contextual keywords, plus the names the language gives meaning by lookup rather than by a keyword kind.</summary>
    private static readonly string[] ContextualKeywords =
        [.. SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText).Concat(["var", "dynamic", "nint", "nuint", "notnull", "value", "args"]).Distinct()];

    [Fact]
    public void Models_named_after_every_reserved_and_contextual_keyword_compile()
    {
        var keywords = ReservedKeywords.Concat(ContextualKeywords).ToArray();
        var models = keywords.Select((keyword, i) => $"{Declarations[i % Declarations.Length]} public partial class @{keyword} {{ }}");

        var (output, files, _) = GeneratorHarness.Run("using DyT;\nnamespace Samples;\n" + string.Join("\n", models));

        Assert.Equal(keywords.Length, files.Count);
        Assert.Contains("partial class @class", files["Samples.class.g.cs"]);
        AssertCompiles(output);
    }

    [Fact]
    public void Types_named_after_contextual_keywords_beside_the_models_do_not_capture_generated_code()
    {
        // A user type called var, nameof, not, ... in the model's namespace: emitted code must mean the same.
        var types = ContextualKeywords.Select(keyword => $"public class @{keyword} {{ }}");
        var models = Declarations.Select((declaration, i) => $"{declaration} public partial class Model{i} {{ }}");

        var (output, files, _) = GeneratorHarness.Run("using DyT;\nnamespace Samples;\n" + string.Join("\n", types.Concat(models)));

        Assert.Equal(Declarations.Length, files.Count);
        AssertCompiles(output);
    }

    [Fact]
    public void A_model_class_named_var_compiles()
    {
        var (output, files, _) = GeneratorHarness.Run("using DyT;\nnamespace Samples;\n" + Declarations[0] + " public partial class var { }");

        Assert.Contains("public @var() : base(\"var\")", Assert.Single(files).Value);
        AssertCompiles(output);
    }

    /// <summary>No error anywhere, no warning in generated code (the user's lower-case type names warn, CS8981, by their own doing).</summary>
    private static void AssertCompiles(Compilation output)
    {
        var problems = output.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error
                || (diagnostic.Severity == DiagnosticSeverity.Warning && diagnostic.Id != "CS8981"))
            .Select(diagnostic => diagnostic.ToString())
            .ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Take(20)));
    }
}
