using System.Linq;
using DyT.Generators.Diagnostics;

namespace DyT.Generators.Tests;

/// <summary>
/// Alpha and ConvNeXt's layer scale are float32 parameters: a value float32 cannot hold (the constructor used to
/// throw at run time after a mere warning), or one that rounds to 0 (DyT then outputs only its bias) or to a
/// subnormal, is an error and generates nothing.
/// </summary>
public class Float32Tests
{
    [Theory]
    [InlineData("Transformer(Architecture.ViT, AlphaInit = 1e39)", "AlphaInit", "AlphaInit = 1e39 cannot initialise alpha, a float32 parameter: float32 cannot hold it (its largest value is 3.4028234663852886e38)")]
    [InlineData("Transformer(Architecture.ViT, AlphaInit = 1e-50)", "AlphaInit", "AlphaInit = 1e-50 cannot initialise alpha, a float32 parameter: it rounds to 0 in float32")]
    [InlineData("Transformer(Architecture.DiT, AlphaInit = 1e-40)", "AlphaInit", "AlphaInit = 1e-40 cannot initialise alpha, a float32 parameter: it rounds to a subnormal float32 (the smallest normal one is 1.1754943508222875e-38)")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitFfn = 1e-45)", "AlphaInitFfn", "AlphaInitFfn = 1e-45 cannot initialise alpha, a float32 parameter: it rounds to a subnormal float32 (the smallest normal one is 1.1754943508222875e-38)")]
    [InlineData("Transformer(Architecture.Llama, AlphaInitAttention = 3.5e38)", "AlphaInitAttention", "AlphaInitAttention = 3.5e38 cannot initialise alpha, a float32 parameter: float32 cannot hold it (its largest value is 3.4028234663852886e38)")]
    [InlineData("ConvNet(ConvArchitecture.ResNet, Norm = NormKind.DyT, AlphaInit = 1e-39)", "AlphaInit", "AlphaInit = 1e-39 cannot initialise alpha, a float32 parameter: it rounds to a subnormal float32 (the smallest normal one is 1.1754943508222875e-38)")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = 1e39)", "LayerScaleInit", "LayerScaleInit = 1e39 cannot initialise gamma, a float32 parameter: float32 cannot hold it (its largest value is 3.4028234663852886e38)")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = -1e-60)", "LayerScaleInit", "LayerScaleInit = -1e-60 cannot initialise gamma, a float32 parameter: it rounds to 0 in float32")]
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = 1e-40)", "LayerScaleInit", "LayerScaleInit = 1e-40 cannot initialise gamma, a float32 parameter: it rounds to a subnormal float32 (the smallest normal one is 1.1754943508222875e-38)")]
    public void A_value_float32_cannot_hold_or_keep_normal_is_an_error(string attribute, string argument, string message)
    {
        var source = $"using DyT;\n[{attribute}] public partial class M {{ }}";

        var read = GeneratorHarness.Read(source);

        Assert.Null(read.Spec);
        var problem = Assert.Single(read.Problems, problem => problem.Argument == argument);
        Assert.True(problem.IsError);
        Assert.Equal(message, problem.Message);
        Assert.Contains(problem.Descriptor.Id, new[] { DiagnosticIds.InvalidAlpha, DiagnosticIds.NonPositiveSize });
        ValidatorTests.AssertNoOutputAndNoException(source);
    }

    [Theory]
    [InlineData("Transformer(Architecture.ViT, AlphaInit = 3e38)")]           // float32 holds it: only the usual-range warning
    [InlineData("Transformer(Architecture.ViT, AlphaInit = 1.2e-38)")]        // the smallest normals are fine too
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = 0)")]    // zero is exact in float32
    [InlineData("ConvNet(ConvArchitecture.ConvNeXt, LayerScaleInit = -2e-38)")]
    public void Values_float32_holds_as_normal_numbers_still_generate(string attribute)
    {
        var read = GeneratorHarness.Read($"using DyT;\n[{attribute}] public partial class M {{ }}");

        Assert.NotNull(read.Spec);
        Assert.DoesNotContain(read.Problems, problem => problem.IsError);
    }
}
