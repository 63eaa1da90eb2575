using System;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>DyT forward and backward in float64 on arrays laid out as (outer, channels, inner), by the formulas.</summary>
internal static class DytReference
{
    public static double[] Forward(float[] x, long channels, long inner, double alpha, float[]? w, float[]? b) =>
        PointwiseReference.Forward(ReferenceFunction.Tanh, x, channels, inner, alpha, 0, w, b);

    public static (double[] Dx, double DAlpha, double[] DWeight, double[] DBias) Backward(
        float[] x, float[] dy, long channels, long inner, double alpha, float[]? w)
    {
        var g = PointwiseReference.Backward(ReferenceFunction.Tanh, x, dy, channels, inner, alpha, 0, w);
        return (g.Dx, g.DAlpha, g.DWeight, g.DBias);
    }

    public static float[] Random(Random random, long count, double scale = 1)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static void Close(double[] expected, float[] actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = atol + rtol * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= allowed))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:G9}, got {actual[i]:G9} (allowed {allowed:G3}).");
        }
    }
}
