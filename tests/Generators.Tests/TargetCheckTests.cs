using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Tests;

/// <summary>
/// Classes the generator cannot complete though the attribute is valid: the generated half would not compile next to
/// them. Each is DYT006 on the class with a reason and a way out, and nothing is generated.
/// </summary>
public class TargetCheckTests
{
    private const string Vit = "[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, NumClasses = 10)]";

    private static ConfigProblem InvalidTarget(ReadResult read)
    {
        Assert.Null(read.Spec);
        return Assert.Single(read.Problems, problem => problem.Descriptor.Id == DiagnosticIds.InvalidTarget);
    }

    [Theory]
    [InlineData("public partial class M(int seed) { public int Seed => seed; }", "'M' has a primary constructor '(int seed)'")]
    [InlineData("public partial class M() { }", "'M' has a primary constructor '()'")]
    public void A_primary_constructor_is_DYT006_with_the_way_out(string declaration, string start)
    {
        var source = $"using DyT;\n{Vit} {declaration}";

        var read = GeneratorHarness.Read(source);

        Assert.Equal($"{start}; the generator writes the constructor that creates the layers, so declare a constructor with those parameters that chains to this()",
            InvalidTarget(read).Message);
        Assert.DoesNotContain(read.Problems, problem => problem.Descriptor.Id == DiagnosticIds.GeneratedMemberConflict);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData("object")]
    [InlineData("System.Object")]
    [InlineData("global::System.Object")]
    public void Object_written_as_the_base_class_is_DYT006(string baseType)
    {
        var source = $"using DyT;\n{Vit} public partial class M : {baseType} {{ }}";

        Assert.Equal("'M' must not declare a base class (it names 'object'): the generator makes it a torch.nn.Module<Tensor, Tensor>",
            InvalidTarget(GeneratorHarness.Read(source)).Message);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Fact]
    public void An_interface_in_the_base_list_is_no_base_class()
    {
        var (output, files, _) = GeneratorHarness.Run($"using DyT;\n{Vit} public partial class M : System.IComparable {{ public int CompareTo(object? other) => 0; }}");

        Assert.Single(files);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [InlineData("public partial class TorchSharp { }", "TorchSharp", "TorchSharp")]
    [InlineData("public partial class System { }", "System", "System")]
    [InlineData("public partial class M { } public class TorchSharp { }", "M", "TorchSharp")]
    public void A_global_type_hiding_a_namespace_the_generated_code_uses_is_DYT006(string declarations, string model, string hiding)
    {
        var source = $"{Vit} {declarations}".Replace("Architecture.", "global::DyT.Architecture.").Replace("[Transformer(", "[global::DyT.Transformer(");

        Assert.Equal($"the global namespace declares the type '{hiding}', which hides the namespace global::{hiding} that '{model}''s generated code uses; move '{hiding}' into a namespace",
            InvalidTarget(GeneratorHarness.Read(source, model)).Message);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Fact]
    public void A_project_compiled_as_csharp_8_is_told_to_raise_its_language_version()
    {
        var options = new CSharpParseOptions(LanguageVersion.CSharp8);
        var compilation = GeneratorHarness.Compilation().AddSyntaxTrees(
            CSharpSyntaxTree.ParseText($"using DyT;\nnamespace Samples {{ {Vit} public partial class M {{ }} }}", options, path: "User0.cs"));
        var type = compilation.GetTypeByMetadataName("Samples.M")!;
        var reader = ModelReader.For(compilation, NormOverride.Parse(null));

        var read = reader.Read(type.GetAttributes().Single(), type);

        Assert.Equal("'M' is compiled as C# 8.0; the generated model needs C# 9 or later, so raise LangVersion", InvalidTarget(read).Message);
        var driver = CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: options);
        Assert.Empty(driver.RunGenerators(compilation).GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void Sizes_in_the_forward_comments_are_computed_in_64_bits()
    {
        // 65536 x 65536 x 2 output channels per patch overflowed int to 0 in the DiT forward's shape comment.
        var (_, files, _) = GeneratorHarness.Run(
            "using DyT;\n[Transformer(Architecture.DiT, Dim = 4, Depth = 1, Heads = 1, PatchSize = 65536, ImageSize = 65536, InChannels = 1, NumClasses = 1)] public partial class M { }");

        Assert.Contains("tokens = final_layer.call(tokens, c);   // (B, 1, 8589934592)", Assert.Single(files).Value);
    }
}
