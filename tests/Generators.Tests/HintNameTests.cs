using System;
using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>
/// Hint names are unique ignoring case (as Roslyn compares them) and valid for any legal model name. A collision used
/// to fail the generator with CS8785, which took the generated code of every model in the project with it.
/// </summary>
public class HintNameTests
{
    private const string Vit = "[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, NumClasses = 10)]";
    private const string ResNet = "[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1 }, NumClasses = 10)]";

    [Fact]
    public void Models_whose_full_names_differ_only_in_case_each_get_a_file_and_compile()
    {
        var (output, files, _) = GeneratorHarness.Run($$"""
            using DyT;
            namespace P
            {
                {{Vit}} public partial class Vit { }
                {{Vit}} public partial class VIT { }
                {{ResNet}} public partial class ViT { }
            }
            namespace p
            {
                {{Vit}} public partial class Vit { }
            }
            """);

        Assert.Equal(4, files.Count);
        Assert.Equal(4, files.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("P.VIT.g.cs", files.Keys);   // the first in ordinal order keeps the plain name
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void A_keyword_namespace_written_with_at_gives_a_plain_hint_name_and_compiles()
    {
        var (output, files, _) = GeneratorHarness.Run($"using DyT;\nnamespace @namespace.@class.X;\n{Vit} public partial class Vit {{ }}");

        Assert.Equal("namespace.class.X.Vit.g.cs", Assert.Single(files).Key);
        Assert.Contains("namespace @namespace.@class.X", files.Values.Single());
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Non_ascii_names_make_valid_hint_names()
    {
        var (output, files, _) = GeneratorHarness.Run($"using DyT;\nnamespace Modèles.Видение;\n{Vit} public partial class Модель_视觉 {{ }}");

        Assert.Equal("Modèles.Видение.Модель_视觉.g.cs", Assert.Single(files).Key);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void A_generic_twin_is_rejected_and_the_plain_model_still_gets_its_file()
    {
        var source = $"using DyT;\nnamespace P;\n{Vit} public partial class M {{ }}\n{Vit} public partial class M<T> {{ }}";
        var result = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(source)).GetRunResult();

        Assert.All(result.Results, generator => Assert.Null(generator.Exception));
        Assert.Empty(result.Diagnostics);
        Assert.Equal("P.M.g.cs", Assert.Single(result.Results.SelectMany(generator => generator.GeneratedSources)).HintName);
    }

    [Fact]
    public void Part_files_of_one_model_cannot_take_another_models_hint_name()
    {
        var twins = Emit.HintNames.CaseTwins(["P.Vit", "P.VIT", "P.Vit.Twin", "Q.M"]);

        Assert.Equal(["P.VIT", "P.Vit"], twins.Items.ToArray());
        Assert.Equal("P.Vit.2", Emit.HintNames.Stem(new Specs.TargetType("P", "Vit"), twins));
        Assert.Equal("P.Vit-Twin.g.cs", Emit.HintNames.For("P.Vit", "Twin"));
        Assert.NotEqual(Emit.HintNames.For("P.Vit.Twin"), Emit.HintNames.For("P.Vit", "Twin"));
    }
}
