using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Parity;

/// <summary>
/// The float32 convolutions that libtorch 2.10's oneDNN gets wrong with AVX2 or AVX-512 (see <see cref="OneDnnIsaCap"/>),
/// among them the one that made the ConvNeXt parity case fail on AVX-512 hosts, against the same convolution in
/// float64. They fail on any AVX2 or AVX-512 host without the cap.
/// </summary>
public class LibTorchConvolutionTests
{
    [Fact]
    public void The_test_process_caps_onednn_so_convolutions_do_not_depend_on_the_host()
    {
        Assert.Equal(OneDnnIsaCap.Value, OneDnnIsaCap.NativeValue());
    }

    [Theory]
    [InlineData(24, 2, 2, 2)] // the ConvNeXt parity case: stage 3's downsampling (wrong with AVX-512)
    [InlineData(12, 8, 3, 1)] // wrong with AVX2
    [InlineData(20, 8, 3, 1)] // wrong with either
    [InlineData(28, 8, 7, 1)]
    public void A_float32_convolution_over_a_partial_channel_block_matches_float64(int channels, int size, int kernel, int stride)
    {
        var generator = new Generator(3);
        using var x = randn(new long[] { 2, channels, size, size }, generator: generator);
        using var weight = randn(new long[] { 32, channels, kernel, kernel }, generator: generator);
        using var bias = randn(new long[] { 32 }, generator: generator);
        var strides = new long[] { stride, stride };
        var padding = stride == 1 ? new long[] { kernel / 2, kernel / 2 } : new long[] { 0, 0 };

        using var actual = nn.functional.conv2d(x, weight, bias, strides, padding);
        using var expected = nn.functional.conv2d(x.to(float64), weight.to(float64), bias.to(float64), strides, padding);

        TensorAssert.Close(expected, actual, 1e-4, 1e-5, $"conv2d over {channels} channels, {kernel}x{kernel} stride {stride}");
    }
}
