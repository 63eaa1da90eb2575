using System.Linq;

namespace DyT.Generators.Tests;

public class VitSnapshotTests
{
    private const string VitTiny = """
        using DyT;

        namespace Samples;

        [Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, PatchSize = 16, ImageSize = 224, InChannels = 3,
            NumClasses = 1000, MlpRatio = 4.0, Norm = NormKind.{0}, AlphaInit = 0.5)]
        public partial class VitTiny { }
        """;

    [Theory]
    [InlineData("DyT")]
    [InlineData("LayerNorm")]
    [InlineData("RMSNorm")]
    [InlineData("Derf")]
    public void Emitted_vit_matches_the_snapshot(string norm)
    {
        var (_, files, _) = GeneratorHarness.Run(VitTiny.Replace("{0}", norm));

        var file = Assert.Single(files);
        Assert.Equal("Samples.VitTiny.g.cs", file.Key);
        Snapshot.Match($"VitTiny.{norm}", file.Value);
    }

    [Theory]
    [InlineData("DyT")]
    [InlineData("LayerNorm")]
    [InlineData("RMSNorm")]
    [InlineData("Derf")]
    public void Emitted_vit_compiles_without_diagnostics(string norm)
    {
        var (output, _, _) = GeneratorHarness.Run(VitTiny.Replace("{0}", norm));

        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void A_class_in_the_global_namespace_gets_no_namespace_block()
    {
        var (output, files, _) = GeneratorHarness.Run("[DyT.Transformer(DyT.Architecture.ViT, Dim = 64, Depth = 1, Heads = 4)] partial class Tiny { }");

        Assert.Equal("Tiny.g.cs", Assert.Single(files).Key);
        Assert.DoesNotContain("namespace", files["Tiny.g.cs"]);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void The_emitted_constructor_names_the_concrete_norm_type_and_never_switches_at_run_time()
    {
        var (_, dyt, _) = GeneratorHarness.Run(VitTiny.Replace("{0}", "DyT"));
        var (_, layerNorm, _) = GeneratorHarness.Run(VitTiny.Replace("{0}", "LayerNorm"));

        Assert.Contains("norm1 = new global::DyT.Norms.DynamicTanh(192, alphaInit: 0.5);", dyt.Values.Single());
        Assert.Contains("norm1 = global::TorchSharp.torch.nn.LayerNorm(192, eps: 1e-6);", layerNorm.Values.Single());
        Assert.DoesNotContain("switch", dyt.Values.Single());
        Assert.DoesNotContain("DynamicTanh", layerNorm.Values.Single());
    }
}
