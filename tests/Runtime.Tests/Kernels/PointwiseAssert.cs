using System;
using System.Linq;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>
/// The bounds a pointwise kernel is held to against <see cref="PointwiseReference"/> (float64 from the same, rounded
/// inputs), the same for every width and input range:
/// <list type="bullet">
/// <item>y: 1e-6 of |w| (tanh and erf are within 3e-7 of exact) plus <c>relative</c> of |y| (1e-6 for float32; the
/// rounding to a half type otherwise).</item>
/// <item>dx: 1e-6 of |dy w alpha| (the derivatives are within 6e-7 of exact, 2.4e-7 where erf saturates) plus
/// <c>relative</c> of |dx|, plus float16's subnormal spacing where it applies.</item>
/// <item>dalpha, dshift, dweight, dbias (float32 in every element type): 1e-6 of the sum of their terms' magnitudes plus
/// 1e-7: float32 summation costs a few 1e-8 of it and the approximations at most about 6e-7.</item>
/// </list>
/// </summary>
internal static class PointwiseAssert
{
    public static void Forward(PointwiseProblem problem, float[] actual, double relative)
    {
        var expected = problem.ExpectedY();
        for (var i = 0; i < expected.Length; i++)
        {
            var weight = problem.Weight is null ? 1 : Math.Abs(problem.Weight[i / problem.Shape.Inner % problem.Shape.Channels]);
            Within(expected[i], actual[i], 1e-6 * weight + relative * Math.Abs(expected[i]), $"y[{i}] (x = {problem.X[i]:G9})");
        }
    }

    public static void Backward(PointwiseProblem problem, PointwiseResult actual, double relative, double absolute = 0)
    {
        var expected = problem.ExpectedGradients();
        for (var i = 0; i < expected.Dx.Length; i++)
            Within(expected.Dx[i], actual.Dx[i], 1e-6 * expected.DxScale[i] + relative * Math.Abs(expected.Dx[i]) + absolute,
                $"dx[{i}] (x = {problem.X[i]:G9})");
        Within(expected.DAlpha, actual.DAlpha, Reduction(expected.DAlphaMagnitude), "dalpha");
        if (problem.F == ReferenceFunction.Erf) // DyT has no shift
            Within(expected.DShift, actual.DShift, Reduction(expected.DShiftMagnitude), "dshift");
        if (problem.Weight is null) return;
        for (var c = 0; c < expected.DWeight.Length; c++)
            Within(expected.DWeight[c], actual.DWeight[c], Reduction(expected.DWeightMagnitude[c]), $"dweight[{c}]");
        if (problem.Bias is null) return;
        for (var c = 0; c < expected.DBias.Length; c++)
            Within(expected.DBias[c], actual.DBias[c], Reduction(expected.DBiasMagnitude[c]), $"dbias[{c}]");
    }

    private static double Reduction(double magnitude) => 1e-6 * magnitude + 1e-7;

    private static void Within(double expected, double actual, double allowed, string what)
    {
        if (!(Math.Abs(actual - expected) <= allowed))
            Assert.Fail($"{what}: expected {expected:G9}, got {actual:G9}, off by {Math.Abs(actual - expected):G3} (allowed {allowed:G3}).");
    }
}
