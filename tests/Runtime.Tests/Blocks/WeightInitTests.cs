using DyT.Blocks;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class WeightInitTests
{
    [Fact]
    public void Truncated_normal_has_timms_spread_and_bounds()
    {
        using var values = WeightInit.TruncatedNormal([256, 256], std: 0.02);

        // A normal truncated at two standard deviations keeps 0.88 of its std.
        Assert.InRange(values.std().item<float>(), 0.0172f, 0.0180f);
        Assert.True(values.abs().max().item<float>() <= 0.04f);
        Assert.InRange(values.mean().item<float>(), -0.0005f, 0.0005f);
    }

    [Fact]
    public void Linear_init_draws_weights_and_zeroes_biases()
    {
        var linear = nn.Linear(64, 32);

        WeightInit.TruncNormalLinear(linear);

        Assert.InRange(linear.weight.std().item<float>(), 0.015f, 0.020f);
        Assert.Equal(0f, linear.bias!.abs().sum().item<float>());
    }
}
