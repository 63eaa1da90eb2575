using System;
using DyT.Blocks;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

/// <summary>ConvNets' 2-D norms: values over the channels of (B, C, H, W), and clear errors for bad input.</summary>
public class ChannelsFirstNormTests
{
    [Fact]
    public void LayerNorm2d_normalizes_each_pixel_over_its_channels()
    {
        using var x = randn(2, 5, 3, 4);

        using var y = new LayerNorm2d(5).forward(x);

        var perPixel = x.permute(0, 2, 3, 1);
        var expected = nn.functional.layer_norm(perPixel, new long[] { 5 }, eps: 1e-6).permute(0, 3, 1, 2);
        TensorAssert.Close(expected, y, 1e-5);
    }

    [Fact]
    public void RmsNorm2d_divides_each_pixel_by_the_root_mean_square_of_its_channels()
    {
        using var x = randn(2, 5, 3, 4);

        using var y = new RmsNorm2d(5).forward(x);

        TensorAssert.Close(x / (x.square().mean(new long[] { 1 }, keepdim: true) + 1e-6).sqrt(), y, 1e-5);
    }

    [Fact]
    public void RmsNorm2d_accumulates_half_inputs_in_float32_so_squares_beyond_the_half_range_stay_finite()
    {
        // 300^2 = 90,000 overflows float16 (max 65,504); accumulating in float16 would give inf and zeros.
        var norm = new RmsNorm2d(4).to(ScalarType.Float16);
        using var x = tensor(new[] { 300f, -300f, 300f, -300f }).view(1, 4, 1, 1).to(ScalarType.Float16);

        using var y = norm.forward(x);

        Assert.Equal(ScalarType.Float16, y.dtype);
        TensorAssert.Close(tensor(new[] { 1f, -1f, 1f, -1f }).view(1, 4, 1, 1), y, 1e-3);
    }

    [Theory]
    [InlineData(ScalarType.Float64, null)]                   // float64 input, float32 norm
    [InlineData(ScalarType.Float32, ScalarType.BFloat16)]    // float32 input, bfloat16 norm
    [InlineData(ScalarType.Float16, ScalarType.BFloat16)]    // two half types: computed in float32
    [InlineData(ScalarType.BFloat16, null)]                  // what libtorch's layer_norm takes mixed by itself
    public void Every_2d_norm_returns_the_input_dtype_whatever_its_parameters_dtype(ScalarType input, ScalarType? parameters)
    {
        foreach (var layer in new[] { "LayerNorm2d", "RmsNorm2d", "DyT channels-first" })
        {
            var norm = Create(layer, 4);
            if (parameters is { } dtype) norm.to(dtype);
            using var x = randn(new long[] { 2, 4, 3, 3 }, input);

            using var y = norm.forward(x);

            Assert.Equal(input, y.dtype);
        }
    }

    [Fact]
    public void LayerNorm2d_over_float64_input_with_float32_parameters_is_the_float64_layer_norm()
    {
        var norm = new LayerNorm2d(4);
        using (no_grad()) norm.get_parameter("weight")!.copy_(tensor(new[] { 0.5f, 1f, 2f, -1f }));
        using var x = randn(new long[] { 2, 4, 3, 3 }, ScalarType.Float64);

        using var y = norm.forward(x);

        var weight = tensor(new[] { 0.5, 1, 2, -1 });
        var expected = nn.functional.layer_norm(x.permute(0, 2, 3, 1), new long[] { 4 }, weight, eps: 1e-6).permute(0, 3, 1, 2);
        TensorAssert.Close(expected, y, 1e-12);
    }

    [Theory]
    [InlineData("LayerNorm2d")]
    [InlineData("RmsNorm2d")]
    public void A_wrong_channel_count_names_the_expected_and_the_actual(string layer)
    {
        var norm = Create(layer, 8);

        var error = Assert.Throws<ArgumentException>(() => norm.forward(zeros(2, 6, 4, 4)));

        Assert.Contains($"{layer} expects 8 channels in dimension 1 of (B, C, H, W); got 6", error.Message);
    }

    [Theory]
    [InlineData("LayerNorm2d")]
    [InlineData("RmsNorm2d")]
    public void A_non_4d_input_is_rejected_with_its_shape(string layer) =>
        Assert.Contains("got shape (2, 8)", Assert.Throws<ArgumentException>(() => Create(layer, 8).forward(zeros(2, 8))).Message);

    [Theory]
    [InlineData("LayerNorm2d")]
    [InlineData("RmsNorm2d")]
    public void Non_positive_channels_and_eps_are_rejected(string layer)
    {
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => Create(layer, 0)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => Create(layer, 4, eps: 0)).ParamName);
    }

    private static nn.Module<Tensor, Tensor> Create(string layer, long channels, double eps = 1e-6) => layer switch
    {
        "LayerNorm2d" => new LayerNorm2d(channels, eps),
        "RmsNorm2d" => new RmsNorm2d(channels, eps),
        _ => new DynamicTanh(channels, layout: ChannelLayout.First),
    };
}
