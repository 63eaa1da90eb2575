using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

// Derf.forward (fused kernel behind the autograd node) against the float64 formulas and the float64 autograd of
// Derf.Unfused, at every vector width.
public class FusedDerfTests
{
    [Theory]
    [MemberData(nameof(KernelWidthData.LayoutVariants), MemberType = typeof(KernelWidthData))]
    public void Forward_and_every_gradient_match_float64_and_the_unfused_chains_autograd(int width, ChannelLayout layout, bool affine, bool hasBias)
    {
        using var _ = KernelWidthData.Force(width);
        var derf = Randomized(new Derf(24, 0.8, 0.2, layout, affine, hasBias));
        using var x = (layout == ChannelLayout.First ? randn(3, 24, 5, 7) : randn(6, 33, 24)) * 2;
        using var upstream = randn(x.shape);

        var (problem, result) = Run(derf, x, upstream);

        PointwiseAssert.Forward(problem, result.Y, relative: 1e-6);
        PointwiseAssert.Backward(problem, result, relative: 1e-6);
        AssertFormulaIsTheUnfusedChain(derf, x, upstream, problem);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Half_inputs_to_float32_parameters_are_computed_in_float32_and_rounded_once(ScalarType dtype)
    {
        var derf = Randomized(new Derf(64, 0.5, -0.1));
        using var x = (randn(4, 9, 64) * 2).to(dtype);
        using var upstream = randn(x.shape).to(dtype);

        var (problem, result) = Run(derf, x, upstream);

        var type = dtype == ScalarType.Float16 ? DytElementType.Float16 : DytElementType.BFloat16;
        PointwiseAssert.Forward(problem, result.Y, PointwiseKernelTests.HalfRounding(type));
        PointwiseAssert.Backward(problem, result, PointwiseKernelTests.HalfRounding(type), type == DytElementType.Float16 ? 6e-8 : 0);
    }

    [Fact]
    public void Alpha_and_shift_gradients_match_central_finite_differences()
    {
        var derf = Randomized(new Derf(5, 0.6, 0.3));
        using var x = randn(3, 4, 5) * 2;
        using var upstream = randn(3, 4, 5);
        (derf.forward(x) * upstream).sum().backward();

        double Loss(double alpha, double shift)
        {
            using var _ = no_grad();
            using var y = derf.Weight!.to(float64) * special.erf(x.to(float64) * alpha + shift) + derf.Bias!.to(float64);
            return (y * upstream.to(float64)).sum().item<double>();
        }
        const double h = 1e-4;
        var (a0, s0) = ((double)derf.Alpha.item<float>(), (double)derf.Shift.item<float>());
        var dalpha = (Loss(a0 + h, s0) - Loss(a0 - h, s0)) / (2 * h);
        var dshift = (Loss(a0, s0 + h) - Loss(a0, s0 - h)) / (2 * h);
        Assert.Equal(dalpha, derf.Alpha.grad!.item<float>(), 1e-5 * Math.Max(1, Math.Abs(dalpha)));
        Assert.Equal(dshift, derf.Shift.grad!.item<float>(), 1e-5 * Math.Max(1, Math.Abs(dshift)));
    }

    [Theory]
    [InlineData(ChannelLayout.Last)]
    [InlineData(ChannelLayout.First)]
    public void A_non_contiguous_input_gives_the_values_and_gradients_of_its_contiguous_copy(ChannelLayout layout)
    {
        var derf = Randomized(new Derf(8, 0.7, 0.1, layout));
        // (5, 6, 8) channels-last with channels at stride 30; (2, 8, 3, 5) channels-first from a permuted (2, 3, 5, 8).
        using var source = layout == ChannelLayout.Last ? randn(8, 6, 5) * 2 : randn(2, 3, 5, 8) * 2;
        using var strided = layout == ChannelLayout.Last ? source.permute(2, 1, 0) : source.permute(0, 3, 1, 2);
        Assert.False(strided.is_contiguous());
        using var upstream = randn(strided.shape);

        var (y, dx) = ModuleRun.ForwardBackward(derf.forward, strided, upstream);
        var alphaGrad = derf.Alpha.grad!.clone();
        derf.zero_grad();
        var (yContiguous, dxContiguous) = ModuleRun.ForwardBackward(derf.forward, strided.contiguous(), upstream);

        Assert.True(y.SameAs(yContiguous));
        Assert.True(dx.SameAs(dxContiguous));
        Assert.True(alphaGrad.SameAs(derf.Alpha.grad!));
    }

    [Theory]
    [InlineData(ChannelLayout.Last)]
    [InlineData(ChannelLayout.First)]
    public void Empty_inputs_give_empty_outputs_and_zero_parameter_gradients(ChannelLayout layout)
    {
        var derf = new Derf(4, layout: layout);
        using var x = layout == ChannelLayout.First ? zeros(0, 4, 3, 3) : zeros(2, 0, 4);

        var (y, dx) = ModuleRun.ForwardBackward(derf.forward, x, ones(x.shape));

        Assert.Equal(x.shape, y.shape);
        Assert.Equal(x.shape, dx.shape);
        foreach (var p in new[] { derf.Alpha, derf.Shift, derf.Weight!, derf.Bias! })
            Assert.Equal(0f, p.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void Inference_without_grad_builds_no_graph()
    {
        var derf = new Derf(16, 0.5, 0.25);
        using var x = randn(4, 16);
        using var _ = no_grad();

        using var y = derf.forward(x);

        Assert.False(y.requires_grad);
        TensorAssert.Close(special.erf(x * 0.5 + 0.25), y, 1e-6, 1e-6);
    }

    [Theory]
    [InlineData(ScalarType.Float32, ChannelLayout.Last, true)]
    [InlineData(ScalarType.BFloat16, ChannelLayout.First, true)]
    [InlineData(ScalarType.Float64, ChannelLayout.Last, false)]
    public void The_fused_kernel_covers_cpu_float32_and_half_types_and_falls_back_otherwise(ScalarType dtype, ChannelLayout layout, bool covered)
    {
        using var x = zeros(new long[] { 2, 3, 4, 4 }, dtype);
        Assert.Equal(covered, DerfOp.Covers(x, layout == ChannelLayout.First));
    }

    private static (PointwiseProblem Problem, PointwiseResult Result) Run(Derf derf, Tensor x, Tensor upstream)
    {
        derf.zero_grad();
        var (y, dx) = ModuleRun.ForwardBackward(derf.forward, x, upstream);
        Assert.Equal(x.dtype, y.dtype);
        var problem = new PointwiseProblem(ReferenceFunction.Erf, ModuleRun.ShapeOf(x, derf.Layout), ModuleRun.Floats(x), ModuleRun.Floats(upstream),
            derf.Alpha.item<float>(), derf.Shift.item<float>(), derf.Weight is null ? null : ModuleRun.Floats(derf.Weight),
            derf.Bias is null ? null : ModuleRun.Floats(derf.Bias));
        var result = new PointwiseResult(ModuleRun.Floats(y), ModuleRun.Floats(dx), derf.Alpha.grad!.item<float>(), derf.Shift.grad!.item<float>(),
            ModuleRun.Floats(derf.Weight?.grad), ModuleRun.Floats(derf.Bias?.grad));
        return (problem, result);
    }

    /// <summary>The float64 formulas the fused op is held to are what the unfused chain computes, through autograd.</summary>
    private static void AssertFormulaIsTheUnfusedChain(Derf derf, Tensor x, Tensor upstream, PointwiseProblem problem)
    {
        var copy = new Derf(derf.Channels, 1, 0, derf.Layout, derf.Weight is not null, derf.Bias is not null);
        copy.to(ScalarType.Float64);
        using (no_grad())
            foreach (var (name, parameter) in copy.named_parameters())
                parameter.copy_(derf.get_parameter(name)!);
        var (y, dx) = ModuleRun.ForwardBackward(copy.Unfused, x.to(ScalarType.Float64), upstream.to(ScalarType.Float64));
        var expected = problem.ExpectedGradients();
        ModuleRun.SameInFloat64(problem.ExpectedY(), y, "y");
        ModuleRun.SameInFloat64(expected.Dx, dx, "dx");
        ModuleRun.SameInFloat64([expected.DAlpha], copy.Alpha.grad!, "dalpha");
        ModuleRun.SameInFloat64([expected.DShift], copy.Shift.grad!, "dshift");
        if (copy.Weight is not null) ModuleRun.SameInFloat64(expected.DWeight, copy.Weight.grad!, "dweight");
        if (copy.Bias is not null) ModuleRun.SameInFloat64(expected.DBias, copy.Bias.grad!, "dbias");
    }

    private static Derf Randomized(Derf derf)
    {
        using var _ = no_grad();
        derf.Weight?.copy_(randn(derf.Channels));
        derf.Bias?.copy_(randn(derf.Channels));
        return derf;
    }
}
