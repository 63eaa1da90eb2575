using System;
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

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.02)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Truncated_normal_inits_reject_a_std_that_is_not_finite_and_positive(double std)
    {
        var conv = nn.Conv2d(2, 2, 1);
        var linear = nn.Linear(2, 2);

        var convError = Assert.Throws<ArgumentOutOfRangeException>(() => WeightInit.TruncNormalConv(conv, std));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightInit.TruncNormalLinear(linear, std));

        Assert.Equal("std", convError.ParamName);
        Assert.Contains($"std must be a finite number > 0; got {std}", convError.Message);
    }

    [Fact]
    public void Convolution_and_norm_inits_name_a_missing_layer()
    {
        Assert.Equal("conv", Assert.Throws<ArgumentNullException>(() => WeightInit.KaimingFanOut(null!)).ParamName);
        Assert.Equal("conv", Assert.Throws<ArgumentNullException>(() => WeightInit.TruncNormalConv(null!)).ParamName);
        Assert.Equal("linear", Assert.Throws<ArgumentNullException>(() => WeightInit.TruncNormalLinear(null!)).ParamName);
        Assert.Equal("norm", Assert.Throws<ArgumentNullException>(() => WeightInit.ZeroWeight(null!)).ParamName);
    }
}
