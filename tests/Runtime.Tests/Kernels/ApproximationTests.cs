using System;
using System.Linq;
using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Simd;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

// tanh, erf, erf' and exp as the kernels compute them, at every vector width and on one lane (the loop tails), against
// float64 on dense grids, and at their saturation points.
public class ApproximationTests
{
    public static TheoryData<int> Widths => new([1, .. KernelWidthData.AllWidths]);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_is_within_3e_7_absolute_and_2e_6_relative_of_float64_and_never_above_one_on_a_dense_grid(int width)
    {
        var x = Grid(-10, 10, 5e-5);
        var values = Evaluate<TanhOf>(width, x);
        var worst = Errors(values, x.Select(v => Math.Tanh(v)).ToArray());
        Assert.True(worst.Absolute < 3e-7, $"worst absolute error {worst.Absolute:G3} {worst.AbsoluteAt}");
        Assert.True(values.Max() == 1f && values.Min() == -1f, $"tanh spans [{values.Min():G9}, {values.Max():G9}]");
        Assert.True(worst.Relative < 2e-6, $"worst relative error {worst.Relative:G3} {worst.RelativeAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Erf_is_within_3_6e_7_absolute_and_relative_of_float64_and_never_above_one_on_a_dense_grid(int width)
    {
        var x = Grid(-5, 5, 2.5e-5);
        var values = Evaluate<ErfOf>(width, x);
        var worst = Errors(values, ReferenceFunction.Erf.Value(x.Select(v => (double)v).ToArray()));
        Assert.True(worst.Absolute < 3.6e-7, $"worst absolute error {worst.Absolute:G3} {worst.AbsoluteAt}");
        Assert.True(values.Max() == 1f && values.Min() == -1f, $"erf spans [{values.Min():G9}, {values.Max():G9}]");
        Assert.True(worst.Relative < 3.6e-7, $"worst relative error {worst.Relative:G3} {worst.RelativeAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Erf_slope_is_within_2e_7_absolute_and_7e_7_relative_of_two_over_sqrt_pi_exp_minus_x_squared_until_erf_saturates(int width)
    {
        var x = Grid(-ErfApproximation.SaturatesFrom, ErfApproximation.SaturatesFrom, 2.5e-5).Where(v => Math.Abs(v) < ErfApproximation.SaturatesFrom).ToArray();
        var worst = Errors(Evaluate<ErfSlopeOf>(width, x), ReferenceFunction.Erf.Slope(x.Select(v => (double)v).ToArray()));
        Assert.True(worst.Absolute < 2e-7, $"worst absolute error {worst.Absolute:G3} {worst.AbsoluteAt}");
        Assert.True(worst.Relative < 7e-7, $"worst relative error {worst.Relative:G3} {worst.RelativeAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void The_backwards_tanh_and_its_slope_are_within_a_few_ulp_relative_of_float64_until_tanh_saturates(int width)
    {
        var from = TanhApproximation.SaturatesFrom;
        var x = Grid(-from, from, 5e-5).Where(v => Math.Abs(v) < from).Append(1e-30f).Append(MathF.BitDecrement(from)).ToArray();
        var tanh = Errors(Evaluate<BackwardTanhOf>(width, x), x.Select(v => Math.Tanh(v)).ToArray());
        var slope = Errors(Evaluate<BackwardTanhSlopeOf>(width, x), x.Select(v => 1 / (Math.Cosh(v) * Math.Cosh(v))).ToArray());
        Assert.True(tanh.Relative < 5e-7, $"tanh: worst relative error {tanh.Relative:G3} {tanh.RelativeAt}");
        Assert.True(slope.Relative < 1.5e-6, $"slope: worst relative error {slope.Relative:G3} {slope.RelativeAt}");
        // From the saturation point on: exactly +-1 and 0, as the forward's tanh.
        float[] saturated = [from, -from, 1e30f, -1e30f, float.PositiveInfinity];
        Assert.Equal([1f, -1f, 1f, -1f, 1f], Evaluate<BackwardTanhOf>(width, saturated));
        Assert.All(Evaluate<BackwardTanhSlopeOf>(width, saturated), v => Assert.Equal(0f, v));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Exp_minus_one_is_within_3e_7_relative_of_float64_including_near_zero(int width)
    {
        var x = Grid(-18.1f, 0, 2e-5).Concat(Grid(-1e-3f, 1e-3f, 1e-7)).Where(v => v != 0).ToArray();
        var worst = Errors(Evaluate<ExpMinusOneOf>(width, x), x.Select(v => Math.Exp(v) - 1).ToArray());
        Assert.True(worst.Relative < 3e-7, $"worst relative error {worst.Relative:G3} {worst.RelativeAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Exp_is_within_1_5e_7_relative_of_float64_on_the_range_the_backwards_use(int width)
    {
        var x = Grid(-18.1f, 0, 2e-5);
        var worst = Errors(Evaluate<ExpOf>(width, x), x.Select(v => Math.Exp(v)).ToArray());
        Assert.True(worst.Relative < 1.5e-7, $"worst relative error {worst.Relative:G3} {worst.RelativeAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Tanh_is_exactly_plus_minus_one_where_float32_tanh_is_and_below_one_before(int width)
    {
        var from = TanhApproximation.SaturatesFrom;
        var before = AssertExactlyOneFrom<TanhOf>(width, from, x => x.Select(Math.Tanh).ToArray());
        // Below the point every value is under 1 and within 3e-7 of tanh, through the end of the fitted range.
        var approaching = Grid(7.5f, before, 1e-4f).Append(before).ToArray();
        var below = Evaluate<TanhOf>(width, approaching);
        Assert.All(below, v => Assert.True(v < 1f, $"{v:G9} is not below 1"));
        var worst = Errors(below, approaching.Select(v => Math.Tanh(v)).ToArray());
        Assert.True(worst.Absolute < 3e-7, $"worst absolute error {worst.Absolute:G3} {worst.AbsoluteAt}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Erf_is_exactly_plus_minus_one_where_float32_erf_is_and_its_slope_exactly_zero(int width)
    {
        var from = ErfApproximation.SaturatesFrom;
        var before = AssertExactlyOneFrom<ErfOf>(width, from, ReferenceFunction.Erf.Value);
        float[] both = [from, MathF.BitIncrement(from), 4f, 1e30f, float.PositiveInfinity, -from, -4f, -1e30f, float.NegativeInfinity];
        Assert.All(Evaluate<ErfSlopeOf>(width, both), v => Assert.Equal(0f, v));
        // Just before the point the slope is erf's own, 2.4e-7.
        Assert.Equal(2 / Math.Sqrt(Math.PI) * Math.Exp(-(double)before * before), Evaluate<ErfSlopeOf>(width, [before])[0], 1e-13);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Nan_stays_nan_and_signed_zero_and_tiny_values_are_kept(int width)
    {
        float[] x = [float.NaN, -0f, 0f, 1e-30f, -1e-30f];
        foreach (var values in new[] { Evaluate<TanhOf>(width, x), Evaluate<ErfOf>(width, x) })
        {
            Assert.True(float.IsNaN(values[0]));
            Assert.True(float.IsNegative(values[1]) && values[1] == 0, $"f(-0) = {values[1]}");
            Assert.True(float.IsPositive(values[2]) && values[2] == 0, $"f(+0) = {values[2]}");
        }
        Assert.Equal(1e-30f, Evaluate<TanhOf>(width, x)[3], 1e-36f);
        Assert.Equal(-1.12837917e-30f, Evaluate<ErfOf>(width, x)[4], 1e-36f);
        Assert.True(float.IsNaN(Evaluate<ErfSlopeOf>(width, x)[0]));
    }

    /// <summary>
    /// Checks that <paramref name="from"/> is where the correctly rounded float32 function becomes 1, and that f is
    /// exactly +-1 from there on (up to infinity); returns the float just before.
    /// </summary>
    private static float AssertExactlyOneFrom<TF>(int width, float from, Func<double[], double[]> reference) where TF : IFloatFunction
    {
        var before = MathF.BitDecrement(from);
        var exact = reference([from, before]);
        Assert.Equal(1f, (float)exact[0]);
        Assert.True((float)exact[1] < 1f);
        float[] saturated = [from, MathF.BitIncrement(from), 10f, 100f, 1e4f, 1e30f, float.MaxValue, float.PositiveInfinity];
        var values = Evaluate<TF>(width, [.. saturated, .. saturated.Select(v => -v)]);
        Assert.All(values.Take(saturated.Length), v => Assert.Equal(1f, v));
        Assert.All(values.Skip(saturated.Length), v => Assert.Equal(-1f, v));
        return before;
    }

    private static float[] Grid(float from, float to, double step) =>
        Enumerable.Range(0, (int)((to - from) / step) + 1).Select(i => (float)(from + i * step)).ToArray();

    /// <summary>The worst absolute and relative errors, and where each is (as "at x[i] = expected, got actual").</summary>
    private static Worst Errors(float[] actual, double[] expected)
    {
        var worst = new Worst(0, 0, "", "");
        for (var i = 0; i < actual.Length; i++)
        {
            var error = Math.Abs(actual[i] - expected[i]);
            var at = $"at [{i}]: expected {expected[i]:G9}, got {actual[i]:G9}";
            if (error > worst.Absolute) worst = worst with { Absolute = error, AbsoluteAt = at };
            if (expected[i] != 0 && error / Math.Abs(expected[i]) > worst.Relative) worst = worst with { Relative = error / Math.Abs(expected[i]), RelativeAt = at };
        }
        return worst;
    }

    private sealed record Worst(double Absolute, double Relative, string AbsoluteAt, string RelativeAt);

    /// <summary>f over <paramref name="x"/> at a width (1: one lane), lanes loaded from the array as the kernels do.</summary>
    private static unsafe float[] Evaluate<TF>(int width, float[] x) where TF : IFloatFunction
    {
        var count = width == 1 ? 1 : width / 32;
        var padded = new float[(x.Length + count - 1) / count * count];
        x.CopyTo(padded, 0);
        var result = new float[padded.Length];
        fixed (float* source = padded, destination = result)
            for (var i = 0; i < padded.Length; i += count)
                switch (width)
                {
                    case 1: TF.Of(Lane1.Load(source + i)).Store(destination + i); break;
                    case 128: TF.Of(Lanes128.Load(source + i)).Store(destination + i); break;
                    case 256: TF.Of(Lanes256.Load(source + i)).Store(destination + i); break;
                    default: TF.Of(Lanes512.Load(source + i)).Store(destination + i); break;
                }
        return result[..x.Length];
    }

    private interface IFloatFunction
    {
        static abstract TV Of<TV>(TV x) where TV : struct, ISimd<TV>;
    }

    private readonly struct TanhOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV> => TanhApproximation.Tanh(x);
    }

    private readonly struct ErfOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV> => ErfApproximation.Erf(x);
    }

    private readonly struct ErfSlopeOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV> => ErfApproximation.Slope(x);
    }

    private readonly struct ExpOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV> => ExpApproximation.Exp(x);
    }

    private readonly struct ExpMinusOneOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV>
        {
            ExpApproximation.Exp(x, out var minusOne);
            return minusOne;
        }
    }

    private readonly struct BackwardTanhOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV> => TanhApproximation.Tanh(x, out _);
    }

    private readonly struct BackwardTanhSlopeOf : IFloatFunction
    {
        public static TV Of<TV>(TV x) where TV : struct, ISimd<TV>
        {
            TanhApproximation.Tanh(x, out var slope);
            return slope;
        }
    }
}
