using System;
using System.Linq;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Norms;

public class RmsNormTests
{
    [Fact]
    public void Forward_equals_weight_times_x_over_root_mean_square_computed_by_hand()
    {
        var norm = new RmsNorm(4, eps: 1e-5);
        using (no_grad()) norm.Weight!.copy_(tensor(new[] { 1f, 2f, 0.5f, -1f }));
        float[] x = [1f, -2f, 3f, 0.5f];

        var y = norm.forward(tensor(x, new long[] { 1, 4 })).data<float>().ToArray();

        var rms = Math.Sqrt(x.Select(v => (double)v * v).Average() + 1e-5);
        float[] w = [1f, 2f, 0.5f, -1f];
        for (var i = 0; i < 4; i++) Assert.Equal(w[i] * x[i] / rms, y[i], 5);
    }

    [Fact]
    public void State_dict_holds_only_weight() => Assert.Equal(["weight"], new RmsNorm(8).state_dict().Keys);

    [Fact]
    public void Half_inputs_are_accumulated_in_float32_so_squares_beyond_the_half_range_stay_finite()
    {
        // 300^2 = 90,000 overflows float16 (max 65,504); accumulating in float16 would give inf and zeros.
        var norm = new RmsNorm(4).to(ScalarType.Float16);
        using var x = tensor(new[] { 300f, -300f, 300f, -300f }).to(ScalarType.Float16).view(1, 4);

        using var y = norm.forward(x);

        Assert.Equal(ScalarType.Float16, y.dtype);
        TensorAssert.Close(tensor(new[] { 1f, -1f, 1f, -1f }).view(1, 4), y, 1e-3);
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-5)]
    [InlineData(ScalarType.Float16, 2e-3)]
    [InlineData(ScalarType.BFloat16, 1.6e-2)]
    public void Dtypes_agree_with_a_float64_reference(ScalarType dtype, double tolerance)
    {
        var norm = new RmsNorm(32);
        using var x = randn(3, 5, 32);
        var x64 = x.to(ScalarType.Float64);
        var expected = x64 / (x64.square().mean(new long[] { -1 }, keepdim: true) + RmsNorm.DefaultEps).sqrt();

        TensorAssert.Close(expected, norm.to(dtype).forward(x.to(dtype)), tolerance, tolerance);
    }

    [Fact]
    public void Gradients_match_autograd_of_the_plain_formula()
    {
        var norm = new RmsNorm(6);
        using (no_grad()) norm.Weight!.copy_(randn(6));
        var x = randn(2, 3, 6).requires_grad_(true);
        norm.forward(x).pow(2).sum().backward();

        var xRef = x.detach().clone().requires_grad_(true);
        var weight = norm.Weight!.detach().clone().requires_grad_(true);
        (weight * xRef * rsqrt(xRef.square().mean(new long[] { -1 }, keepdim: true) + RmsNorm.DefaultEps)).pow(2).sum().backward();

        TensorAssert.Close(xRef.grad!, x.grad!, 1e-5, 1e-5, "dx");
        TensorAssert.Close(weight.grad!, norm.Weight!.grad!, 1e-5, 1e-5, "dweight");
    }

    [Fact]
    public void A_wrong_channel_count_names_the_expected_and_the_actual()
    {
        var error = Assert.Throws<ArgumentException>(() => new RmsNorm(16).forward(zeros(2, 3, 12)));

        Assert.Contains("RmsNorm expects 16 channels in the last dimension; got 12 (shape (2, 3, 12))", error.Message);
    }
}
