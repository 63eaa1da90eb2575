namespace DyT.Build.Tests;

/// <summary>
/// A real <c>dotnet build</c> of a small consumer project, with and without <c>&lt;DyTNormOverride&gt;</c>: the built
/// models contain the attribute's norms without it and the property's norm with it. Two builds, about a minute each.
/// </summary>
public class NormOverrideBuildTests
{
    [Fact]
    public void Dyt_norm_override_switches_every_model_of_the_built_project()
    {
        var plain = ConsumerBuild.Build(normOverride: null);
        var overridden = ConsumerBuild.Build(normOverride: "RMSNorm");

        Assert.Equal(NormKind.DyT, ConsumerBuild.NormKindOf(plain, "Consumer.TinyVit"));
        Assert.Equal("DyT.Norms.DynamicTanh", ConsumerBuild.FieldType(plain, "Consumer.TinyVit+Block", "norm1"));
        Assert.Equal(NormKind.LayerNorm, ConsumerBuild.NormKindOf(plain, "Consumer.TinyConvNext"));
        Assert.Equal("TorchSharp.Modules.LayerNorm", ConsumerBuild.FieldType(plain, "Consumer.TinyConvNext+Block", "norm"));

        Assert.Equal(NormKind.RMSNorm, ConsumerBuild.NormKindOf(overridden, "Consumer.TinyVit"));
        Assert.Equal("DyT.Norms.RmsNorm", ConsumerBuild.FieldType(overridden, "Consumer.TinyVit+Block", "norm1"));
        Assert.Equal(NormKind.RMSNorm, ConsumerBuild.NormKindOf(overridden, "Consumer.TinyConvNext"));
        Assert.Equal("DyT.Norms.RmsNorm", ConsumerBuild.FieldType(overridden, "Consumer.TinyConvNext+Block", "norm"));
    }
}
