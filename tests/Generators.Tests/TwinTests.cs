using System.Linq;

namespace DyT.Generators.Tests;

/// <summary>
/// The PyTorch twin, the second file the generator writes per model: its snapshots (one per family, the paper's
/// norm recipe of each), that it compiles beside the model for every norm, and the Python class names it picks.
/// Its behaviour (the same forward and initialization as the .NET model) is tested in tests/Runtime.Tests/Export.
/// </summary>
public class TwinTests
{
    private const string Vit = """
        using DyT;

        namespace Samples;

        [Transformer(Architecture.ViT, Dim = 64, Depth = 2, Heads = 4, PatchSize = 7, ImageSize = 28, InChannels = 1, NumClasses = 10, Norm = NormKind.{0})]
        public partial class VitTiny { }
        """;

    [Theory]
    [InlineData("Vit", "DyT")]
    [InlineData("Llama", "DyT")]
    [InlineData("Dit", "DyT")]
    [InlineData("ConvNext", "DyT")]
    [InlineData("ResNet", "Derf")]
    public void Emitted_twin_matches_the_snapshot(string family, string norm)
    {
        var twins = GeneratorHarness.RunTwins(FamilyDeclarations.With(Declaration(family), norm));

        var twin = Assert.Single(twins);
        Assert.Equal($"Samples.{family}Tiny-Twin.g.cs", twin.Key);
        Snapshot.Match($"{family}Tiny.{norm}.Twin", twin.Value);
    }

    [Fact]
    public void Emitted_twin_of_a_resnet_with_batch_norm_matches_the_snapshot()
    {
        var twin = Assert.Single(GeneratorHarness.RunTwins(FamilyDeclarations.ResNetBatchNorm));

        Snapshot.Match("ResNetTiny.BatchNorm.Twin", twin.Value);
    }

    [Theory]
    [InlineData("Vit")]
    [InlineData("Llama")]
    [InlineData("Dit")]
    [InlineData("ConvNext")]
    [InlineData("ResNet")]
    public void Every_model_gets_a_twin_of_its_norm_that_compiles(string family)
    {
        foreach (var norm in new[] { "LayerNorm", "RMSNorm", "DyT", "Derf" })
        {
            var source = FamilyDeclarations.With(Declaration(family), norm);
            var (output, _, _) = GeneratorHarness.Run(source);
            var twin = Assert.Single(GeneratorHarness.RunTwins(source)).Value;

            Assert.Empty(GeneratorHarness.Problems(output));
            Assert.Contains($"public const string PyTorchTwinClass = \"{family}Tiny\";", twin);
            Assert.Contains($"class {family}Tiny(nn.Module):", twin);
            var pythonNorm = norm switch { "LayerNorm" => "LayerNorm", "RMSNorm" => "RMSNorm(", "DyT" => "DynamicTanh(", _ => "Derf(" };
            Assert.Contains(pythonNorm, twin);
        }
    }

    [Fact]
    public void The_twin_carries_the_recipe_of_each_family()
    {
        var llama = Assert.Single(GeneratorHarness.RunTwins(FamilyDeclarations.With(FamilyDeclarations.Llama, "DyT"))).Value;
        var dit = Assert.Single(GeneratorHarness.RunTwins(FamilyDeclarations.With(FamilyDeclarations.Dit, "DyT"))).Value;
        var ditLayerNorm = Assert.Single(GeneratorHarness.RunTwins(FamilyDeclarations.With(FamilyDeclarations.Dit, "LayerNorm"))).Value;
        var convNext = Assert.Single(GeneratorHarness.RunTwins(FamilyDeclarations.With(FamilyDeclarations.ConvNext, "DyT"))).Value;

        // LLaMA: bias-free DyT with the width table's alphas by role, and the learnable embedding scale at sqrt(64).
        Assert.Contains("self.input_layernorm = DynamicTanh(64, alpha_init=1.0, bias=False)", llama);
        Assert.Contains("self.embed_scale = nn.Parameter(torch.full((1,), 8.0))", llama);
        // DiT: DyT without affine, no adaLN-Zero for DyT; LayerNorm without affine and with adaLN-Zero.
        Assert.Contains("self.norm1 = DynamicTanh(64, alpha_init=0.5, affine=False)", dit);
        Assert.Contains("self.adaLN_modulation = nn.Sequential(nn.SiLU(), xavier_init(nn.Linear(64, 6 * 64)))", dit);
        Assert.Contains("self.norm1 = nn.LayerNorm(64, eps=1e-6, elementwise_affine=False)", ditLayerNorm);
        Assert.Contains("self.adaLN_modulation = nn.Sequential(nn.SiLU(), zero_init(nn.Linear(64, 6 * 64)))", ditLayerNorm);
        // ConvNeXt: channels-first DyT in the stem, downsampling and head; channels-last in the blocks.
        Assert.Contains("nn.Sequential(trunc_normal_init(nn.Conv2d(3, 16, 4, stride=4)), DynamicTanh(16, alpha_init=0.5, channels_last=False))", convNext);
        Assert.Contains("self.norm = DynamicTanh(dim, alpha_init=0.5)", convNext);
    }

    [Theory]
    [InlineData("PatchEmbed", "PatchEmbedModel")]   // a helper class of the twin module (a model named Block clashes in C# first: DYT022)
    [InlineData("Mlp", "MlpModel")]
    [InlineData("None", "NoneModel")]     // a Python keyword, a valid C# name
    [InlineData("torch", "torchModel")]   // the module the twin imports
    [InlineData("Résumé", "TwinModel")]   // beyond what the twin names
    [InlineData("round", "roundModel")]   // a builtin DiT's unpatchify calls
    [InlineData("MyVit", "MyVit")]
    public void The_python_class_is_the_csharp_name_unless_python_reserves_it(string name, string pythonClass)
    {
        var twin = Assert.Single(GeneratorHarness.RunTwins(Vit.Replace("{0}", "DyT").Replace("VitTiny", name))).Value;

        Assert.Contains($"public const string PyTorchTwinClass = \"{pythonClass}\";", twin);
        Assert.Contains($"class {pythonClass}(nn.Module):", twin);
    }

    [Fact]
    public void A_model_in_the_global_namespace_gets_a_twin_without_a_namespace_block()
    {
        var twin = Assert.Single(GeneratorHarness.RunTwins(Vit.Replace("{0}", "DyT").Replace("namespace Samples;", ""))).Value;

        Assert.DoesNotContain("namespace", twin.Split('\n').Where(line => !line.StartsWith("#", System.StringComparison.Ordinal)).First(line => line.Contains("partial class")));
        Assert.Contains("partial class VitTiny : global::DyT.Export.IHasPyTorchTwin", twin);
    }

    private static string Declaration(string family) => family == "Vit" ? Vit : FamilySnapshotTests.Declaration(family);
}
