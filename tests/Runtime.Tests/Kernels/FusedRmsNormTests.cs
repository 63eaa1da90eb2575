using System;
using System.Linq;
using DyT.Blocks;
using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

// RmsNorm.forward and RmsNorm2d.forward (fused kernel behind the autograd node) against the float64 formulas and the
// float64 autograd of the unfused chain, at every vector width.
public class FusedRmsNormTests
{
    private const double Eps = 1e-5;

    [Theory]
    [MemberData(nameof(KernelWidthData.Widths), MemberType = typeof(KernelWidthData))]
    public void Forward_and_gradients_match_float64_and_the_unfused_chains_autograd(int width)
    {
        using var _ = KernelWidthData.Force(width);
        var norm = Randomized(new RmsNorm(96, Eps));
        using var x = randn(6, 33, 96) * 2;
        using var upstream = randn(x.shape);

        var (y, dx) = ModuleRun.ForwardBackward(norm.forward, x, upstream);

        AssertMatchesFloat64(norm, x, upstream, y, dx, relative: 1e-6);
        // The formulas above are what the unfused chain computes, through autograd, in float64.
        var copy = new RmsNorm(norm.Channels, Eps);
        copy.to(ScalarType.Float64);
        using (no_grad()) copy.Weight.copy_(norm.Weight);
        var (y64, dx64) = ModuleRun.ForwardBackward(copy.Unfused, x.to(ScalarType.Float64), upstream.to(ScalarType.Float64));
        TensorAssert.Close(y64, y, 1e-5, 1e-5, "y against the chain");
        TensorAssert.Close(dx64, dx, 1e-5, 1e-5, "dx against the chain");
        TensorAssert.Close(copy.Weight.grad!, norm.Weight.grad!, 1e-4, 1e-5, "dweight against the chain");
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Half_inputs_to_a_float32_weight_are_accumulated_in_float32_and_rounded_once(ScalarType dtype)
    {
        var norm = Randomized(new RmsNorm(600, Eps)); // rows longer than one staging chunk
        using var x = (randn(4, 9, 600) * 300).to(dtype); // squares overflow float16
        using var upstream = randn(x.shape).to(dtype);

        var (y, dx) = ModuleRun.ForwardBackward(norm.forward, x, upstream);

        Assert.Equal(dtype, y.dtype);
        Assert.Equal(dtype, dx.dtype);
        Assert.Equal(ScalarType.Float32, norm.Weight.grad!.dtype);
        var relative = dtype == ScalarType.Float16 ? Math.Pow(2, -11) : Math.Pow(2, -8);
        AssertMatchesFloat64(norm, x, upstream, y, dx, relative, dtype == ScalarType.Float16 ? 6e-8 : 0);
    }

    [Fact]
    public void A_non_contiguous_input_gives_the_values_and_gradients_of_its_contiguous_copy()
    {
        var norm = Randomized(new RmsNorm(8, Eps));
        using var source = randn(8, 6, 5) * 2;
        using var strided = source.permute(2, 1, 0); // (5, 6, 8), channels at stride 30
        using var upstream = randn(strided.shape);

        var (y, dx) = ModuleRun.ForwardBackward(norm.forward, strided, upstream);
        var dweight = norm.Weight.grad!.clone();
        norm.zero_grad();
        var (yContiguous, dxContiguous) = ModuleRun.ForwardBackward(norm.forward, strided.contiguous(), upstream);

        Assert.True(y.SameAs(yContiguous));
        Assert.True(dx.SameAs(dxContiguous));
        Assert.True(dweight.SameAs(norm.Weight.grad!));
    }

    [Fact]
    public void Empty_inputs_give_empty_outputs_and_a_zero_weight_gradient()
    {
        var norm = new RmsNorm(4);
        using var x = zeros(2, 0, 4);

        var (y, dx) = ModuleRun.ForwardBackward(norm.forward, x, ones(x.shape));

        Assert.Equal(x.shape, y.shape);
        Assert.Equal(x.shape, dx.shape);
        Assert.Equal(0f, norm.Weight.grad!.abs().sum().item<float>());
    }

    [Theory]
    [MemberData(nameof(KernelWidthData.Widths), MemberType = typeof(KernelWidthData))]
    public void RmsNorm2d_runs_the_row_kernel_on_the_channels_last_view_and_matches_float64(int width)
    {
        using var _ = KernelWidthData.Force(width);
        var norm = new RmsNorm2d(12, Eps);
        using (no_grad()) norm.get_parameter("weight")!.copy_(randn(12));
        using var x = randn(2, 12, 5, 7) * 2;
        using var upstream = randn(x.shape);
        Assert.True(RmsNormOp.Covers(x));

        var (y, dx) = ModuleRun.ForwardBackward(norm.forward, x, upstream);

        Assert.Equal(x.shape, y.shape);
        // Per pixel over C: the channels-last view of everything is the row problem.
        var weight = norm.get_parameter("weight")!;
        RmsNormReference.AssertMatches(ModuleRun.Floats(x.permute(0, 2, 3, 1)), ModuleRun.Floats(upstream.permute(0, 2, 3, 1)),
            ModuleRun.Floats(weight), Eps, 12, ModuleRun.Floats(y.permute(0, 2, 3, 1)), ModuleRun.Floats(dx.permute(0, 2, 3, 1)),
            ModuleRun.Floats(weight.grad), relative: 1e-6);
    }

    [Fact]
    public void Inference_without_grad_builds_no_graph()
    {
        var norm = new RmsNorm(16, Eps);
        using var x = randn(4, 16);
        using var _ = no_grad();

        using var y = norm.forward(x);

        Assert.False(y.requires_grad);
        TensorAssert.Close(x * rsqrt(x.square().mean(new long[] { -1 }, keepdim: true) + Eps), y, 1e-6, 1e-6);
    }

    [Theory]
    [InlineData(ScalarType.Float32, true)]
    [InlineData(ScalarType.BFloat16, true)]
    [InlineData(ScalarType.Float64, false)]
    public void The_fused_kernel_covers_cpu_float32_and_half_types_and_falls_back_otherwise(ScalarType dtype, bool covered)
    {
        using var x = zeros(new long[] { 2, 3, 4 }, dtype);
        Assert.Equal(covered, RmsNormOp.Covers(x));
    }

    private static void AssertMatchesFloat64(RmsNorm norm, Tensor x, Tensor upstream, Tensor y, Tensor dx, double relative, double absolute = 0) =>
        RmsNormReference.AssertMatches(ModuleRun.Floats(x), ModuleRun.Floats(upstream), ModuleRun.Floats(norm.Weight), norm.Eps,
            (int)norm.Channels, ModuleRun.Floats(y), ModuleRun.Floats(dx), ModuleRun.Floats(norm.Weight.grad), relative, absolute);

    private static RmsNorm Randomized(RmsNorm norm)
    {
        using var _ = no_grad();
        norm.Weight.copy_(randn(norm.Channels));
        return norm;
    }
}
