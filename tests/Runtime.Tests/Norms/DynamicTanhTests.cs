using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

public class DynamicTanhTests
{
    [Fact]
    public void Forward_equals_weight_times_tanh_of_alpha_x_plus_bias_computed_by_hand()
    {
        var dyt = new DynamicTanh(3, alphaInit: 0.7);
        using (no_grad())
        {
            dyt.Weight!.copy_(tensor(new[] { 1.5f, -2f, 0.25f }));
            dyt.Bias!.copy_(tensor(new[] { 0.1f, 0f, -3f }));
        }
        float[] x = [-2f, 0.3f, 4f, 1f, -0.5f, 0f];

        var y = dyt.forward(tensor(x, new long[] { 2, 3 })).data<float>().ToArray();

        float[] w = [1.5f, -2f, 0.25f], b = [0.1f, 0f, -3f];
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(w[i % 3] * Math.Tanh(0.7 * x[i]) + b[i % 3], y[i], 5);
    }

    [Fact]
    public void Parameters_are_alpha_weight_bias_with_the_reference_initial_values()
    {
        var dyt = new DynamicTanh(8, alphaInit: 0.8);

        Assert.Equal(["alpha", "weight", "bias"], dyt.state_dict().Keys);
        Assert.Equal(new long[] { 1 }, dyt.Alpha.shape);
        Assert.Equal(0.8f, dyt.Alpha.item<float>());
        Assert.All(dyt.Weight!.data<float>().ToArray(), value => Assert.Equal(1f, value));
        Assert.All(dyt.Bias!.data<float>().ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Without_bias_only_alpha_and_weight_exist_as_for_llama()
    {
        var dyt = new DynamicTanh(4, bias: false);

        Assert.Equal(["alpha", "weight"], dyt.state_dict().Keys);
        using var x = randn(2, 4);
        TensorAssert.Close(tanh(x * 0.5), dyt.forward(x), 1e-6);
    }

    [Fact]
    public void Without_affine_it_is_tanh_of_alpha_x_alone_as_for_dit()
    {
        var dyt = new DynamicTanh(4, alphaInit: 2.0, elementwiseAffine: false);

        Assert.Equal(["alpha"], dyt.state_dict().Keys);
        using var x = randn(2, 5, 4);
        TensorAssert.Close(tanh(x * 2.0), dyt.forward(x), 1e-6);
    }

    [Fact]
    public void Channels_first_applies_weight_and_bias_per_channel_of_bchw()
    {
        var dyt = new DynamicTanh(3, layout: ChannelLayout.First);
        using (no_grad())
        {
            dyt.Weight!.copy_(tensor(new[] { 1f, 2f, 3f }));
            dyt.Bias!.copy_(tensor(new[] { -1f, 0f, 1f }));
        }
        using var x = randn(2, 3, 4, 5);

        var expected = tanh(x * 0.5) * tensor(new[] { 1f, 2f, 3f }).view(3, 1, 1) + tensor(new[] { -1f, 0f, 1f }).view(3, 1, 1);
        TensorAssert.Close(expected, dyt.forward(x), 1e-6);
    }

    [Fact]
    public void Gradients_match_autograd_of_the_plain_formula()
    {
        var dyt = new DynamicTanh(6, alphaInit: 0.9);
        using (no_grad())
        {
            dyt.Weight!.copy_(randn(6));
            dyt.Bias!.copy_(randn(6));
        }
        var x = randn(4, 7, 6).requires_grad_(true);
        var upstream = randn(4, 7, 6);
        (dyt.forward(x) * upstream).sum().backward();

        var xRef = x.detach().clone().requires_grad_(true);
        var alpha = dyt.Alpha.detach().clone().requires_grad_(true);
        var weight = dyt.Weight!.detach().clone().requires_grad_(true);
        var bias = dyt.Bias!.detach().clone().requires_grad_(true);
        ((weight * tanh(alpha * xRef) + bias) * upstream).sum().backward();

        TensorAssert.Close(xRef.grad!, x.grad!, 1e-5, 1e-5, "dx");
        TensorAssert.Close(alpha.grad!, dyt.Alpha.grad!, 1e-4, 1e-5, "dalpha");
        TensorAssert.Close(weight.grad!, dyt.Weight!.grad!, 1e-4, 1e-5, "dweight");
        TensorAssert.Close(bias.grad!, dyt.Bias!.grad!, 1e-4, 1e-5, "dbias");
    }

    [Fact]
    public void Alpha_gradient_matches_central_finite_differences()
    {
        var dyt = new DynamicTanh(5, alphaInit: 0.6).to(ScalarType.Float64);
        using (no_grad())
        {
            dyt.Weight!.copy_(randn(5, float64));
            dyt.Bias!.copy_(randn(5, float64));
        }
        using var x = randn(3, 4, 5, float64);
        using var upstream = randn(3, 4, 5, float64);
        (dyt.forward(x) * upstream).sum().backward();
        var analytic = dyt.Alpha.grad!.item<double>();

        const double h = 1e-6;
        double Loss(double alpha)
        {
            using var _ = no_grad();
            dyt.Alpha.fill_(alpha);
            return (dyt.forward(x) * upstream).sum().item<double>();
        }
        var numeric = (Loss(0.6 + h) - Loss(0.6 - h)) / (2 * h);

        Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"dalpha: autograd {analytic}, finite differences {numeric}");
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-6)]
    [InlineData(ScalarType.Float16, 2e-3)]
    [InlineData(ScalarType.BFloat16, 1.6e-2)]
    public void Half_types_agree_with_a_float64_reference(ScalarType dtype, double tolerance)
    {
        var dyt = new DynamicTanh(16, alphaInit: 0.5);
        using var x = randn(2, 8, 16) * 3;

        using var y = dyt.to(dtype).forward(x.to(dtype));

        Assert.Equal(dtype, y.dtype);
        TensorAssert.Close(tanh(x.to(ScalarType.Float64) * 0.5), y, tolerance, tolerance);
    }

    [Theory]
    [InlineData(new long[] { 2, 5, 7 }, ChannelLayout.Last, "expects 8 channels in the last dimension; got 7")]
    [InlineData(new long[] { 2, 7, 4, 4 }, ChannelLayout.First, "expects 8 channels in dimension 1 of (B, C, H, W); got 7")]
    [InlineData(new long[] { 2, 8, 4 }, ChannelLayout.First, "expects a 4-D (B, C, H, W) input with C = 8; got shape (2, 8, 4)")]
    public void A_wrong_channel_count_names_the_expected_and_the_actual(long[] shape, ChannelLayout layout, string message)
    {
        var dyt = new DynamicTanh(8, layout: layout);

        var error = Assert.Throws<ArgumentException>(() => dyt.forward(zeros(shape)));

        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_positive_or_non_finite_alpha_is_rejected(double alpha)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicTanh(4, alphaInit: alpha));

        Assert.Equal("alphaInit", error.ParamName);
        Assert.Contains("finite number > 0", error.Message);
    }

    [Fact]
    public void Zero_channels_are_rejected() =>
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicTanh(0)).ParamName);
}
