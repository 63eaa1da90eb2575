using System;
using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

// DynamicTanh.forward (fused kernel behind the autograd function) against DynamicTanh.Unfused (the TorchSharp chain).
public class FusedDynamicTanhTests
{
    public static TheoryData<ChannelLayout, bool, bool> Variants => new()
    {
        { ChannelLayout.Last, true, true },
        { ChannelLayout.Last, true, false },
        { ChannelLayout.Last, false, false },
        { ChannelLayout.First, true, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Float32_forward_and_all_gradients_agree_with_the_unfused_chain(ChannelLayout layout, bool affine, bool hasBias)
    {
        var dyt = Randomized(new DynamicTanh(24, 0.8, layout, affine, hasBias));
        using var x = (layout == ChannelLayout.First ? randn(3, 24, 5, 7) : randn(6, 33, 24)) * 2;

        var (fused, grads) = RunBoth(dyt, x, ScalarType.Float32);

        TensorAssert.Close(fused.Reference.Y, fused.Actual.Y, 1e-6, 1e-6, "y");
        TensorAssert.Close(fused.Reference.Dx, fused.Actual.Dx, 1e-6, 1e-6, "dx");
        foreach (var (name, reference, actual) in grads)
            TensorAssert.Close(reference, actual, 1e-5, 1e-5, name);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Half_types_agree_with_the_unfused_chain_within_1e_2(ScalarType dtype)
    {
        var dyt = Randomized(new DynamicTanh(64, 0.5));
        using var x = randn(4, 9, 64) * 2;

        var (fused, grads) = RunBoth(dyt, x, dtype);

        Assert.Equal(dtype, fused.Actual.Y.dtype);
        TensorAssert.Close(fused.Reference.Y, fused.Actual.Y, 1e-2, 1e-2, "y");
        TensorAssert.Close(fused.Reference.Dx, fused.Actual.Dx, 1e-2, 1e-2, "dx");
        foreach (var (name, reference, actual) in grads)
        {
            Assert.Equal(dtype, actual.dtype);
            // Sums of 36 terms: the unfused chain rounds every product to the half type, the kernel sums in float32.
            TensorAssert.Close(reference, actual, 0.15, 2e-2, name);
        }
    }

    [Fact]
    public void Alpha_weight_and_bias_gradients_match_central_finite_differences()
    {
        var dyt = Randomized(new DynamicTanh(5, 0.6));
        using var x = randn(3, 4, 5) * 2;
        using var upstream = randn(3, 4, 5);
        (dyt.forward(x) * upstream).sum().backward();

        // The loss in float64 from the same parameter values, by the formula.
        double Loss(double alpha, Tensor w, Tensor b)
        {
            using var _ = no_grad();
            using var y = w * tanh(x.to(float64) * alpha) + b;
            return (y * upstream.to(float64)).sum().item<double>();
        }
        const double h = 1e-4;
        // Perturb in float64: w + h rounded to float32 would move by up to 1e-7, a 1e-3 error in the difference.
        using var w0 = dyt.Weight!.detach().to(float64);
        using var b0 = dyt.Bias!.detach().to(float64);
        var a0 = dyt.Alpha.item<float>();

        // Central differences in alpha err by O(h^2) ~ 1e-8 relative; float32 accumulation by ~1e-6.
        var numeric = (Loss(a0 + h, w0, b0) - Loss(a0 - h, w0, b0)) / (2 * h);
        Assert.Equal(numeric, dyt.Alpha.grad!.item<float>(), 1e-5 * Math.Max(1, Math.Abs(numeric)));
        for (var c = 0; c < 5; c++)
        {
            using var e = zeros(5, float64);
            e[c] = tensor(1.0);
            var dw = (Loss(a0, w0 + h * e, b0) - Loss(a0, w0 - h * e, b0)) / (2 * h);
            var db = (Loss(a0, w0, b0 + h * e) - Loss(a0, w0, b0 - h * e)) / (2 * h);
            Assert.Equal(dw, dyt.Weight!.grad![c].item<float>(), 1e-5);
            Assert.Equal(db, dyt.Bias!.grad![c].item<float>(), 1e-5);
        }
    }

    [Fact]
    public void A_non_contiguous_input_gives_the_same_values_and_gradients_as_its_contiguous_copy()
    {
        var dyt = Randomized(new DynamicTanh(8, 0.7));
        using var source = randn(8, 6, 5) * 2;
        var strided = source.permute(2, 1, 0).requires_grad_(true); // (5, 6, 8), channels with stride 30
        Assert.False(strided.is_contiguous());
        var upstream = randn(5, 6, 8).permute(0, 1, 2);

        var y = dyt.forward(strided);
        (y * upstream).sum().backward();
        var expected = dyt.Unfused(strided.detach().contiguous());

        TensorAssert.Close(expected, y, 1e-6, 1e-6, "y");
        var reference = strided.detach().contiguous().requires_grad_(true);
        (dyt.Unfused(reference) * upstream).sum().backward();
        TensorAssert.Close(reference.grad!, strided.grad!, 1e-6, 1e-6, "dx");
    }

    [Theory]
    [InlineData(ChannelLayout.Last)]
    [InlineData(ChannelLayout.First)]
    public void Empty_inputs_give_empty_outputs_and_zero_parameter_gradients(ChannelLayout layout)
    {
        var dyt = new DynamicTanh(4, layout: layout);
        var x = (layout == ChannelLayout.First ? zeros(0, 4, 3, 3) : zeros(2, 0, 4)).requires_grad_(true);

        var y = dyt.forward(x);
        y.sum().backward();

        Assert.Equal(x.shape, y.shape);
        Assert.Equal(x.shape, x.grad!.shape);
        Assert.Equal(0f, dyt.Alpha.grad!.item<float>());
        Assert.Equal(0f, dyt.Weight!.grad!.abs().sum().item<float>());
        Assert.Equal(0f, dyt.Bias!.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Inference_without_grad_builds_no_graph()
    {
        var dyt = new DynamicTanh(16);
        using var x = randn(4, 16);
        using var _ = no_grad();

        using var y = dyt.forward(x);

        Assert.False(y.requires_grad);
        TensorAssert.Close(tanh(x * 0.5), y, 1e-6, 1e-6);
    }

    [Theory]
    [InlineData(ScalarType.Float32, ChannelLayout.Last, true)]
    [InlineData(ScalarType.BFloat16, ChannelLayout.First, true)]
    [InlineData(ScalarType.Float64, ChannelLayout.Last, false)]
    [InlineData(ScalarType.Int32, ChannelLayout.Last, false)]
    public void The_fused_kernel_covers_cpu_float32_and_half_types_and_falls_back_otherwise(ScalarType dtype, ChannelLayout layout, bool covered)
    {
        using var x = zeros(new long[] { 2, 3, 4, 4 }, dtype);
        Assert.Equal(covered, DytOp.Covers(x, layout));
    }

    private static DynamicTanh Randomized(DynamicTanh dyt)
    {
        using var _ = no_grad();
        dyt.Weight?.copy_(randn(dyt.Channels));
        dyt.Bias?.copy_(randn(dyt.Channels));
        return dyt;
    }

    private sealed record Pass(Tensor Y, Tensor Dx);

    // Runs forward+backward once through the fused op and once through the chain, in `dtype`, with one upstream grad.
    private static ((Pass Reference, Pass Actual), (string, Tensor, Tensor)[]) RunBoth(DynamicTanh dyt, Tensor x, ScalarType dtype)
    {
        dyt.to(dtype);
        var upstream = randn(x.shape).to(dtype);
        Pass Run(Func<Tensor, Tensor> forward, out Tensor[] parameterGrads)
        {
            dyt.zero_grad();
            var input = x.to(dtype).detach().requires_grad_(true);
            var y = forward(input);
            (y * upstream).sum().backward();
            parameterGrads = [dyt.Alpha.grad!.clone(), .. dyt.Weight is null ? [] : new[] { dyt.Weight.grad!.clone() },
                .. dyt.Bias is null ? [] : new[] { dyt.Bias.grad!.clone() }];
            return new Pass(y.detach(), input.grad!);
        }
        var reference = Run(dyt.Unfused, out var expected);
        var actual = Run(dyt.forward, out var got);
        string[] names = ["dalpha", "dweight", "dbias"];
        var grads = new (string, Tensor, Tensor)[expected.Length];
        for (var i = 0; i < grads.Length; i++) grads[i] = (names[i], expected[i], got[i]);
        return ((reference, actual), grads);
    }
}
