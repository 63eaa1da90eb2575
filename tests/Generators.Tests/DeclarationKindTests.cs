using System.Linq;
using DyT.Generators.Diagnostics;

namespace DyT.Generators.Tests;

/// <summary>
/// Declarations the generator cannot complete are DYT006 with a message that says what they are, and get no output:
/// a record used to generate nothing and report nothing, a file-local class got a separate generated type, and a
/// struct was told about its "base class ValueType". Two model attributes are DYT016 with the attributes it has.
/// </summary>
public class DeclarationKindTests
{
    private const string Vit = "[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, NumClasses = 10)]";

    [Theory]
    [InlineData("public partial record M { }", "'M' is a record; a model must be a plain partial class")]
    [InlineData("public partial record class M { }", "'M' is a record; a model must be a plain partial class")]
    [InlineData("public partial record struct M { }", "'M' is a record; a model must be a plain partial class")]
    [InlineData("public partial struct M { }", "'M' is a struct; a model must be a partial class, since the generator makes it a torch.nn.Module (a reference type)")]
    [InlineData("file partial class M { }", "'M' is file-local ('file'); the generator completes the class from its own file, where a file-local type is not visible, so remove 'file'")]
    public void A_declaration_that_is_not_a_plain_partial_class_is_DYT006_and_not_generated(string declaration, string message)
    {
        var source = $"using DyT;\n{Vit} {declaration}";

        var read = GeneratorHarness.Read(source);

        Assert.Null(read.Spec);
        var problem = Assert.Single(read.Problems, problem => problem.Descriptor.Id == DiagnosticIds.InvalidTarget);
        Assert.StartsWith(message, problem.Message);
        Assert.DoesNotContain(read.Problems, other => other.Message.Contains("base class"));
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData("[Transformer(Architecture.ViT)][Transformer(Architecture.ViT)] public partial class M { }", "'M' has 2 [Transformer] attributes; a class is one model, so keep one")]
    [InlineData("[Transformer(Architecture.ViT)] public partial class M { } [Transformer(Architecture.DiT)] public partial class M { }", "'M' has 2 [Transformer] attributes; a class is one model, so keep one")]
    [InlineData("[ConvNet(ConvArchitecture.ResNet)][ConvNet(ConvArchitecture.ConvNeXt)] public partial class M { }", "'M' has 2 [ConvNet] attributes; a class is one model, so keep one")]
    [InlineData("[Transformer(Architecture.ViT)][ConvNet(ConvArchitecture.ResNet)] public partial class M { }", "'M' has both [Transformer] and [ConvNet]; a class is one model, so keep one")]
    public void Two_model_attributes_are_DYT016_naming_the_attributes_the_class_has(string declaration, string message)
    {
        var read = GeneratorHarness.Read("using DyT;\n" + declaration);

        Assert.Null(read.Spec);
        Assert.Equal(message, Assert.Single(read.Problems, problem => problem.Descriptor.Id == DiagnosticIds.OneModelAttributePerClass).Message);
        ValidatorTests.AssertNoOutputAndNoException("using DyT;\n" + declaration);
    }
}
