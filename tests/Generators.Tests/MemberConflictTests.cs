using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Emit;
using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Tests;

/// <summary>
/// A name in the user's half of a model class that the generator's half declares too is DYT022 on the class, and
/// nothing is generated (before, the generated file failed with CS0102, CS0111 or CS0542). Overloads are not clashes.
/// </summary>
public class MemberConflictTests
{
    private const string Vit = "[Transformer(Architecture.ViT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, NumClasses = 10)]";
    private const string Llama = "[Transformer(Architecture.Llama, Dim = 32, Depth = 1, Heads = 2, VocabSize = 50, MaxSeqLen = 16)]";
    private const string Dit = "[Transformer(Architecture.DiT, Dim = 32, Depth = 1, Heads = 2, PatchSize = 2, ImageSize = 4, InChannels = 4, NumClasses = 10)]";
    private const string ConvNext = "[ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 1, 1 }, Dims = new[] { 8, 16 }, NumClasses = 10)]";
    private const string ResNet = "[ConvNet(ConvArchitecture.ResNet, Depths = new[] { 1, 1 }, NumClasses = 10)]";
    private const string Usings = "using DyT;\nusing TorchSharp;\nusing static TorchSharp.torch;\n";

    [Theory]
    [InlineData(Vit, "Block", "the nested module class 'Block'")]
    [InlineData(Llama, "Decoder", "the nested module class 'Decoder'")]
    [InlineData(Dit, "FinalLayer", "the nested module class 'FinalLayer'")]
    [InlineData(ConvNext, "Stage", "the nested module class 'Stage'")]
    [InlineData(ConvNext, "Head", "the nested module class 'Head'")]
    [InlineData(ResNet, "Bottleneck", "the nested module class 'Bottleneck'")]
    [InlineData(ResNet, "Stage", "the method 'Stage(long, long, int, long)'")]
    [InlineData(Vit, "head", "the field 'head' (a state-dict prefix)")]
    [InlineData(Llama, "lm_head", "the field 'lm_head' (a state-dict prefix)")]
    [InlineData(Vit, "ParameterCount", "the constant 'ParameterCount'")]
    [InlineData(Dit, "NullClass", "the constant 'NullClass'")]
    [InlineData(Vit, "forward", "the method 'forward(Tensor)'")]
    public void A_class_named_like_a_generated_member_is_DYT022_and_not_generated(string attribute, string name, string what)
    {
        var source = $"{Usings}{attribute} public partial class {name} {{ }}";

        var problem = Assert.Single(Conflicts(source, name));
        Assert.Equal($"'{name}' is named like {what} that the generator writes inside it, and a member cannot share its class's name; rename the class", problem.Message);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData(Vit, "public M() : base(\"M\") { }", "'M' declares a parameterless constructor, but the generator writes the public parameterless constructor (it creates the layers); give yours parameters and chain it to this()")]
    [InlineData(Vit, "public override Tensor forward(Tensor x) => x;", "'M' declares 'forward', but the generator writes the method 'forward(Tensor)' in the same class; rename yours")]
    [InlineData(Dit, "public override Tensor forward(Tensor x, Tensor t, Tensor y) => x;", "'M' declares 'forward', but the generator writes the method 'forward(Tensor, Tensor, Tensor)' in the same class; rename yours")]
    [InlineData(Vit, "private readonly int head = 1;", "'M' declares 'head', but the generator writes the field 'head' (a state-dict prefix) in the same class; rename yours")]
    [InlineData(Vit, "public string Summary => \"mine\";", "'M' declares 'Summary', but the generator writes the constant 'Summary' in the same class; rename yours")]
    [InlineData(Vit, "public sealed class Block { }", "'M' declares 'Block', but the generator writes the nested module class 'Block' in the same class; rename yours")]
    [InlineData(Llama, "public double AlphaInitFfn { get; set; }", "'M' declares 'AlphaInitFfn', but the generator writes the constant 'AlphaInitFfn' in the same class; rename yours")]
    [InlineData(ResNet, "private int layer2;", "'M' declares 'layer2', but the generator writes the field 'layer2' (a state-dict prefix) in the same class; rename yours")]
    [InlineData(ConvNext, "public void stages() { }", "'M' declares 'stages', but the generator writes the field 'stages' (a state-dict prefix) in the same class; rename yours")]
    [InlineData(Vit, "public Tensor forward(Tensor? x) => x!;", "'M' declares 'forward', but the generator writes the method 'forward(Tensor)' in the same class; rename yours")]
    [InlineData(Llama, "public Tensor forward(Tensor tokens, DyT.Generation.KvCache? cache) => tokens;", "'M' declares 'forward', but the generator writes the method 'forward(Tensor, KvCache)' in the same class; rename yours")]
    public void A_member_named_like_a_generated_one_is_DYT022_on_the_class(string attribute, string member, string message)
    {
        // Tensor is TorchSharp's: the user's half sees the base class only once the generator has run, so override is
        // written here only to show the clash is found on the name and parameters, whatever the modifiers.
        var source = $"{Usings}{attribute} public partial class M {{ {member} }}";

        var problem = Assert.Single(Conflicts(source, "M"));
        Assert.Equal(message, problem.Message);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData(Vit, "DyT.Declarations.IDeclaredModel", "DyT.Declarations.ModelDeclaration DyT.Declarations.IDeclaredModel.Declaration => null!;", "DyT.Declarations.IDeclaredModel.Declaration")]
    [InlineData(Dit, "DyT.Export.IHasPyTorchTwin", "string DyT.Export.IHasPyTorchTwin.PyTorchTwinSource => \"\"; string DyT.Export.IHasPyTorchTwin.PyTorchTwinClass => \"\";", "DyT.Export.IHasPyTorchTwin.PyTorchTwinSource")]
    public void An_interface_member_the_generator_implements_explicitly_is_DYT022_when_the_user_implements_it(string attribute, string @interface, string members, string implemented)
    {
        var source = $"{Usings}{attribute} public partial class M : {@interface} {{ {members} }}";

        var problem = Conflicts(source, "M").First();
        Assert.Equal($"'M' implements '{implemented}' itself, but the generator implements it; remove yours", problem.Message);
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData("[Transformer(Architecture.Llama, Dim = 32, Depth = 1, Heads = 2, VocabSize = 50, MaxSeqLen = 16, TieEmbeddings = true)]", "public int lm_head => 1;")]
    [InlineData(ResNet, "public const double AlphaInit = 1;")]
    [InlineData(ResNet, "public static string NormKind => \"BatchNorm\";")]
    [InlineData(Vit, "public Tensor forward<T>(Tensor x) => x;")]
    [InlineData(Vit, "public sealed class Block<T> { }")]
    public void Names_the_generator_does_not_write_for_this_model_are_not_clashes(string attribute, string member)
    {
        // A tied LLaMA has no lm_head, a BatchNorm ResNet no norm constants (DyTNormOverride leaves its BatchNorm);
        // generic arity makes forward<T> and Block<T> other members than ours.
        var source = $"{Usings}{attribute} public partial class M {{ {member} }}";

        Assert.Empty(GeneratorHarness.Read(source).Problems);
        var (output, files, _) = GeneratorHarness.Run(source);
        Assert.Single(files);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Overloads_of_forward_and_the_constructor_and_unrelated_names_are_not_clashes()
    {
        var (output, files, _) = GeneratorHarness.Run($$"""
            {{Usings}}
            namespace Samples;
            {{Vit}}
            public partial class M
            {
                public M(int seed) : this() => Seed = seed;
                public int Seed { get; }
                public Tensor forward(Tensor x, bool features) => features ? x : forward(x);
                public int Head => 1;        // names are case-sensitive: 'head' is the generated one
                public static void Stage() { }
            }
            {{ResNet}}
            public partial class R
            {
                public static void Stage(int stages) { }   // another overload of the generated helper
                private int layer3;                         // this ResNet has two stages
            }
            """);

        Assert.Equal(2, files.Count);
        Assert.Empty(GeneratorHarness.Problems(output).Where(problem => !problem.Contains("CS0169")));   // layer3 is unused
    }

    [Theory]
    [InlineData(Vit)]
    [InlineData(Llama)]
    [InlineData(Dit)]
    [InlineData(ConvNext)]
    [InlineData(ResNet)]
    public void Every_member_the_generator_writes_is_in_the_one_list_the_reader_checks(string attribute)
    {
        foreach (var norm in new[] { "LayerNorm", "RMSNorm", "DyT", "Derf" })
        {
            var source = $"using DyT;\nnamespace Samples;\n{attribute.Replace(")]", $", Norm = NormKind.{norm})]")} public partial class M {{ }}";
            var (output, _, _) = GeneratorHarness.Run(source);
            var listed = GeneratorHarness.Read(source, "Samples.M").Spec is { } spec ? GeneratedMembers.Of(spec) : default;
            Assert.False(listed.IsDefault);

            var type = output.GetTypeByMetadataName("Samples.M")!;
            // Property accessors go with their property, and explicit interface implementations cannot clash by name.
            var generated = type.GetMembers().Where(member => !member.IsImplicitlyDeclared && member.DeclaringSyntaxReferences.Length > 0
                && member is not IMethodSymbol { AssociatedSymbol: IPropertySymbol }
                && member is not IPropertySymbol { ExplicitInterfaceImplementations.Length: > 0 });
            var explicitlyImplemented = type.GetMembers().OfType<IPropertySymbol>().SelectMany(property => property.ExplicitInterfaceImplementations)
                .Select(implemented => $"{implemented.ContainingType.ToDisplayString()}.{implemented.Name}");
            Assert.Equal(GeneratedMembers.ExplicitImplementations.Order(), explicitlyImplemented.Order());
            foreach (var member in generated)
            {
                var parameters = member is IMethodSymbol method ? method.Parameters.Select(parameter => parameter.Type.ToDisplayString()).ToArray() : [];
                Assert.True(listed.Any(entry => entry.Name == member.Name && (member is not IMethodSymbol || entry.Parameters.SequenceEqual(parameters))),
                    $"{norm}: the generator writes '{member.Name}' into the user's class, but GeneratedMembers does not list it");
            }
        }
    }

    private static IEnumerable<ConfigProblem> Conflicts(string source, string typeName)
    {
        var read = GeneratorHarness.Read(source, typeName);
        Assert.Null(read.Spec);
        return read.Problems.Where(problem => problem.Descriptor.Id == DiagnosticIds.GeneratedMemberConflict && problem.Argument == ConfigProblem.Class);
    }
}
