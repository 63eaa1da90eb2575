using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;

namespace DyT.Generators.Tests;

/// <summary>DyTNormOverride, as the generator reads it from the analyzer config options (the build test covers MSBuild).</summary>
public class NormOverrideTests
{
    private static string Generate(string declaration, string? normOverride)
    {
        (string, string)[] properties = normOverride is null ? [] : [("DyTNormOverride", normOverride)];
        var (output, files, _) = GeneratorHarness.RunWith(properties, declaration);
        Assert.Empty(GeneratorHarness.Problems(output));
        return Assert.Single(files).Value;
    }

    [Fact]
    public void The_override_replaces_the_attributes_norm_in_a_transformer()
    {
        var source = Generate(FamilyDeclarations.With(FamilyDeclarations.Llama, "DyT"), "RMSNorm");

        Assert.Contains("NormKind = global::DyT.NormKind.RMSNorm;", source);
        Assert.Contains("input_layernorm = new global::DyT.Norms.RmsNorm(64, eps: 1e-5);", source);
        Assert.DoesNotContain("DynamicTanh", source);
        Assert.DoesNotContain("embed_scale", source);   // the DyT recipe's scalar goes with DyT
    }

    [Fact]
    public void The_override_replaces_the_norm_in_a_convnet_and_is_case_insensitive()
    {
        var source = Generate(FamilyDeclarations.With(FamilyDeclarations.ConvNext, "LayerNorm"), " dyt ");

        Assert.Contains("NormKind = global::DyT.NormKind.DyT;", source);
        Assert.DoesNotContain("LayerNorm2d", source);
    }

    [Fact]
    public void A_resnet_that_keeps_batch_norm_is_not_overridden()
    {
        var source = Generate(FamilyDeclarations.ResNetBatchNorm, "DyT");

        Assert.Contains("UsesBatchNorm = true;", source);
        Assert.DoesNotContain("DynamicTanh", source);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BatchNorm")]
    public void Without_a_valid_override_the_attribute_decides(string? normOverride)
    {
        var source = Generate(FamilyDeclarations.With(FamilyDeclarations.Dit, "DyT"), normOverride);

        Assert.Contains("NormKind = global::DyT.NormKind.DyT;", source);
    }

    [Fact]
    public void An_unknown_value_is_a_config_problem_for_the_analyzers()
    {
        var problem = Assert.Single(NormOverride.Parse("BatchNorm").Validate());

        Assert.Equal(DiagnosticIds.InvalidNormOverride, problem.Descriptor.Id);
        Assert.Contains("got 'BatchNorm'", problem.Message);
        Assert.Empty(NormOverride.Parse("RMSNorm").Validate());
        Assert.Empty(NormOverride.Parse("").Validate());
    }

    [Fact]
    public void Changing_the_override_regenerates_and_an_unchanged_one_is_cached()
    {
        var compilation = GeneratorHarness.Compilation(FamilyDeclarations.With(FamilyDeclarations.Llama, "DyT"));
        var driver = GeneratorHarness.Driver(("DyTNormOverride", "RMSNorm")).RunGenerators(compilation);

        var rerun = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        Assert.All(rerun.TrackedSteps[ModelGenerator.Steps.TransformerResolved].SelectMany(step => step.Outputs),
            output => Assert.Equal(Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached, output.Reason));

        var switched = driver.WithUpdatedAnalyzerConfigOptions(new BuildPropertyOptions([("DyTNormOverride", "LayerNorm")]))
            .RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Contains(switched.TrackedSteps[ModelGenerator.Steps.TransformerResolved].SelectMany(step => step.Outputs),
            output => output.Reason == Microsoft.CodeAnalysis.IncrementalStepRunReason.Modified);
        Assert.Contains("global::TorchSharp.Modules.LayerNorm", switched.GeneratedSources.Single(source => !source.HintName.EndsWith(GeneratorHarness.TwinSuffix, System.StringComparison.Ordinal)).SourceText.ToString());
    }
}
