using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

// The raw-pointer DyT and Derf kernels against the float64 formulas at every vector width, with no TorchSharp involved.
public class PointwiseKernelTests
{
    public static TheoryData<int, string, long, long, long, bool, bool> Shapes()
    {
        // outer, channels, inner, affine, bias: rows with ragged tails, large rows and planes (parallel above the
        // serial thresholds), small planes, no affine.
        (long, long, long, bool, bool)[] shapes =
        [
            (3, 13, 1, true, true), (600, 384, 1, true, true), (1200, 384, 1, true, true), (4, 8, 10_000, true, false),
            (1, 1, 400_000, false, false), (600, 384, 1, true, false), (257, 100, 1, false, false), (2, 3, 49, true, true),
            (4, 8, 3000, true, true), (1, 1, 200_000, true, true),
        ];
        var data = new TheoryData<int, string, long, long, long, bool, bool>();
        foreach (var width in KernelWidthData.AllWidths)
            foreach (var f in new[] { "tanh", "erf" })
                foreach (var (outer, channels, inner, affine, bias) in shapes)
                    data.Add(width, f, outer, channels, inner, affine, bias);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_forward_and_backward_match_float64(int width, string function, long outer, long channels, long inner, bool affine, bool hasBias)
    {
        using var _ = KernelWidthData.Force(width);
        var problem = PointwiseProblem.Random(Function(function), new DytShape(outer, channels, inner), seed: 7, xScale: 4,
            affine: affine, hasBias: hasBias);

        var result = problem.Run(DytElementType.Float32);

        PointwiseAssert.Forward(problem, result.Y, relative: 1e-6);
        PointwiseAssert.Backward(problem, result, relative: 1e-6);
    }

    public static TheoryData<int, string, DytElementType> HalfCases()
    {
        var data = new TheoryData<int, string, DytElementType>();
        foreach (var width in KernelWidthData.AllWidths)
            foreach (var f in new[] { "tanh", "erf" })
                foreach (var type in new[] { DytElementType.Float16, DytElementType.BFloat16 })
                    data.Add(width, f, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(HalfCases))]
    public void Half_types_are_computed_in_float32_and_rounded_once(int width, string function, DytElementType type)
    {
        using var _ = KernelWidthData.Force(width);
        // Rows longer than one staging chunk, and planes.
        foreach (var shape in new[] { DytShape.Rows(70, 600), new DytShape(3, 4, 700) })
        {
            var problem = PointwiseProblem.Random(Function(function), shape, seed: 3, xScale: 3).In(type);

            var result = problem.Run(type);

            PointwiseAssert.Forward(problem, result.Y, HalfRounding(type));
            PointwiseAssert.Backward(problem, result, HalfRounding(type), type == DytElementType.Float16 ? 6e-8 : 0);
        }
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("erf")]
    public void Backward_reductions_give_the_same_bits_on_every_run(string function)
    {
        foreach (var shape in new[] { DytShape.Rows(3000, 256), new DytShape(8, 16, 4000) })
        {
            var problem = PointwiseProblem.Random(Function(function), shape, seed: 11, xScale: 3);
            var runs = Enumerable.Range(0, 4).Select(_ => problem.Run(DytElementType.Float32)).ToList();

            Assert.All(runs, run => run.AssertSameBits(runs[0]));
        }
    }

    [Fact]
    public unsafe void Empty_inputs_do_nothing_and_zero_the_parameter_gradients()
    {
        var (w, dw, db) = (new[] { 1f, 2f }, new[] { 5f, 5f }, new[] { 5f, 5f });
        fixed (float* pw = w, pdw = dw, pdb = db)
        {
            DytCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(0, 2), 0.5f, pw, null);
            Assert.Equal(0, DytCpuKernel.Backward(DytElementType.Float32, null, null, null, DytShape.Rows(0, 2), 0.5f, pw, pdw, pdb));
            Assert.Equal((0, 0), DerfCpuKernel.Backward(DytElementType.Float32, null, null, null, new DytShape(0, 2, 5), 0.5f, 0.1f, pw, pdw, pdb));
        }
        Assert.Equal(new[] { 0f, 0f }, dw);
        Assert.Equal(new[] { 0f, 0f }, db);
    }

    [Fact]
    public unsafe void Null_data_for_a_non_empty_shape_names_the_argument()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            DytCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(2, 2), 0.5f, null, null));

        Assert.Equal("x", error.ParamName);
        Assert.Contains("must point to 4 elements; got null", error.Message);
    }

    [Fact]
    public unsafe void Parameter_gradients_without_a_weight_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(BackwardWithoutWeight);
        Assert.Contains("need a weight", error.Message);

        static void BackwardWithoutWeight()
        {
            var (x, dw) = (new float[4], new float[2]);
            fixed (float* px = x, pdw = dw)
                DerfCpuKernel.Backward(DytElementType.Float32, px, px, px, DytShape.Rows(2, 2), 0.5f, 0f, null, pdw, null);
        }
    }

    internal static ReferenceFunction Function(string name) => name == "tanh" ? ReferenceFunction.Tanh : ReferenceFunction.Erf;

    /// <summary>Half a unit in the last place of a half type, relative: one rounding of the result.</summary>
    internal static double HalfRounding(DytElementType type) => type == DytElementType.Float16 ? Math.Pow(2, -11) : Math.Pow(2, -8);
}
