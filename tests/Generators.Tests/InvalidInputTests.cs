using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>Invalid classes and arguments get no output and never an exception; the analyzers say why.</summary>
public class InvalidInputTests
{
    [Theory]
    [InlineData("[Transformer(Architecture.ViT, Dim = 100, Heads = 3)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, Dim = 0)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, Depth = -1)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, PatchSize = 5, ImageSize = 224)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, AlphaInit = 0)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, AlphaInit = double.NaN)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, AlphaInit = double.PositiveInfinity)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, MlpRatio = -1)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT, Norm = (NormKind)9)] public partial class M { }")]
    [InlineData("[Transformer((Architecture)7)] public partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT)] public class M { }")]
    [InlineData("[Transformer(Architecture.ViT)] public static partial class M { }")]
    [InlineData("[Transformer(Architecture.ViT)] public partial class M<T> { }")]
    [InlineData("public partial class Outer { [Transformer(Architecture.ViT)] public partial class M { } }")]
    [InlineData("public class Base { } [Transformer(Architecture.ViT)] public partial class M : Base { }")]
    public void Invalid_declarations_produce_no_output_and_no_exception(string declaration)
    {
        var compilation = GeneratorHarness.Compilation("using DyT;\n" + declaration);

        var result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult();

        Assert.All(result.Results, generator => Assert.Null(generator.Exception));
        Assert.Empty(result.Results.SelectMany(generator => generator.GeneratedSources));
    }
}
