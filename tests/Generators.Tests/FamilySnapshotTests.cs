namespace DyT.Generators.Tests;

/// <summary>The emitted LLaMA, DiT, ConvNeXt and ResNet, with the reference norm and with DyT, against committed snapshots.</summary>
public class FamilySnapshotTests
{
    [Theory]
    [InlineData("Llama", "RMSNorm")]
    [InlineData("Llama", "DyT")]
    [InlineData("Llama3", "RMSNorm")]
    [InlineData("Llama3", "DyT")]
    [InlineData("Dit", "LayerNorm")]
    [InlineData("Dit", "DyT")]
    [InlineData("ConvNext", "LayerNorm")]
    [InlineData("ConvNext", "DyT")]
    [InlineData("ResNet", "DyT")]
    public void Emitted_model_matches_the_snapshot(string family, string norm)
    {
        var (_, files, _) = GeneratorHarness.Run(FamilyDeclarations.With(Declaration(family), norm));

        var file = Assert.Single(files);
        Snapshot.Match($"{family}Tiny.{norm}", file.Value);
    }

    [Fact]
    public void Emitted_resnet_with_batch_norm_matches_the_snapshot()
    {
        var (_, files, _) = GeneratorHarness.Run(FamilyDeclarations.ResNetBatchNorm);

        Snapshot.Match("ResNetTiny.BatchNorm", Assert.Single(files).Value);
    }

    [Theory]
    [InlineData("Llama")]
    [InlineData("Llama3")]
    [InlineData("Dit")]
    [InlineData("ConvNext")]
    [InlineData("ResNet")]
    public void Emitted_model_compiles_without_diagnostics_for_every_norm(string family)
    {
        foreach (var norm in new[] { "LayerNorm", "RMSNorm", "DyT", "Derf" })
        {
            var (output, files, _) = GeneratorHarness.Run(FamilyDeclarations.With(Declaration(family), norm));

            Assert.Single(files);
            Assert.True(GeneratorHarness.Problems(output).Length == 0,
                $"{family} with {norm}:\n" + string.Join("\n", GeneratorHarness.Problems(output)));
        }
    }

    [Fact]
    public void Resnet_without_a_written_norm_compiles_with_batch_norm()
    {
        var (output, files, _) = GeneratorHarness.Run(FamilyDeclarations.ResNetBatchNorm);

        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.Contains("global::TorchSharp.torch.nn.BatchNorm2d(width)", Assert.Single(files).Value);
    }

    internal static string Declaration(string family) => family switch
    {
        "Llama" => FamilyDeclarations.Llama,
        "Llama3" => FamilyDeclarations.Llama3,
        "Dit" => FamilyDeclarations.Dit,
        "ConvNext" => FamilyDeclarations.ConvNext,
        _ => FamilyDeclarations.ResNet,
    };
}
