using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cpu.Functions;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>
/// Inputs far into saturation, where tanh and erf are +-1 in float32 and their derivatives must be exactly 0: issue 12's
/// probe (alpha 0.5, 512x384, x of scale 1e4 gave dalpha 1.228 where float64 gives 4.446, at scale 100 31.310 against
/// 31.344, and dx 4.77e-7 instead of 0), and scales up to 1e30, in float32, float16 and bfloat16, at every width.
/// Every gradient is held to the same bounds as at ordinary scales (<see cref="PointwiseAssert"/>).
/// </summary>
public class SaturationTests
{
    public static TheoryData<int, string, DytElementType, double> Cases()
    {
        var data = new TheoryData<int, string, DytElementType, double>();
        foreach (var width in KernelWidthData.AllWidths)
            foreach (var f in new[] { "tanh", "erf" })
            {
                foreach (var scale in new[] { 100.0, 1e4, 1e30 })
                {
                    data.Add(width, f, DytElementType.Float32, scale);
                    data.Add(width, f, DytElementType.BFloat16, scale);
                }
                // float16 ends at 65,504.
                data.Add(width, f, DytElementType.Float16, 100);
                data.Add(width, f, DytElementType.Float16, 1e4);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_float64_and_dx_is_exactly_zero_where_the_function_saturates(int width, string function, DytElementType type, double scale)
    {
        using var _ = KernelWidthData.Force(width);
        var problem = Probe(PointwiseKernelTests.Function(function), type, scale);

        var result = problem.Run(type);

        var relative = type == DytElementType.Float32 ? 1e-6 : PointwiseKernelTests.HalfRounding(type);
        PointwiseAssert.Forward(problem, result.Y, relative);
        PointwiseAssert.Backward(problem, result, relative, type == DytElementType.Float16 ? 6e-8 : 0);
        var saturatesFrom = function == "tanh" ? TanhApproximation.SaturatesFrom : ErfApproximation.SaturatesFrom;
        var saturated = Enumerable.Range(0, problem.X.Length)
            .Where(i => Math.Abs(MathF.FusedMultiplyAdd(problem.X[i], problem.Alpha, problem.Shift)) >= saturatesFrom).ToList();
        Assert.True(saturated.Count > problem.X.Length / 2, $"only {saturated.Count} of {problem.X.Length} inputs saturate");
        Assert.All(saturated, i => Assert.Equal(0f, result.Dx[i]));
    }

    [Fact]
    public void The_issue_probe_at_scale_1e4_gives_float64s_dalpha_where_the_old_kernel_was_3_2_off()
    {
        var problem = Probe(ReferenceFunction.Tanh, DytElementType.Float32, 1e4);
        var expected = problem.ExpectedGradients();

        var result = problem.Run(DytElementType.Float32);

        // The old kernel's 1.228 against 4.446 came from ~196,000 saturated inputs each adding about 5e-3 of noise.
        Assert.True(Math.Abs(expected.DAlpha) > 0.1, $"float64 dalpha {expected.DAlpha:G6}: the probe should exercise it");
        Assert.Equal(expected.DAlpha, result.DAlpha, 1e-6 * expected.DAlphaMagnitude + 1e-7);
    }

    /// <summary>Issue 12's probe: alpha 0.5, a 512x384 input of normal values times <paramref name="scale"/>.</summary>
    private static PointwiseProblem Probe(ReferenceFunction f, DytElementType type, double scale)
    {
        var random = new Random(12);
        var shape = DytShape.Rows(512, 384);
        var limit = type == DytElementType.Float16 ? 65504.0 : double.MaxValue;
        var x = Enumerable.Range(0, (int)shape.Elements).Select(_ => (float)Math.Clamp(Normal(random) * scale, -limit, limit)).ToArray();
        var dy = Enumerable.Range(0, (int)shape.Elements).Select(_ => (float)Normal(random)).ToArray();
        var w = DytReference.Random(random, shape.Channels, 2);
        var b = DytReference.Random(random, shape.Channels);
        return new PointwiseProblem(f, shape, x, dy, 0.5f, f == ReferenceFunction.Erf ? 0.3f : 0f, w, b).In(type);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
