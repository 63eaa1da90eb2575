using System;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>DyT forward and backward in float64 on arrays laid out as (outer, channels, inner), by the formulas.</summary>
internal static class DytReference
{
    public static double[] Forward(float[] x, long channels, long inner, double alpha, float[]? w, float[]? b)
    {
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / inner % channels;
            y[i] = (w is null ? 1 : w[c]) * Math.Tanh(alpha * x[i]) + (b is null ? 0 : b[c]);
        }
        return y;
    }

    public static (double[] Dx, double DAlpha, double[] DWeight, double[] DBias) Backward(
        float[] x, float[] dy, long channels, long inner, double alpha, float[]? w)
    {
        var (dx, dw, db) = (new double[x.Length], new double[channels], new double[channels]);
        double dalpha = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / inner % channels;
            var t = Math.Tanh(alpha * x[i]);
            var g = dy[i] * (w is null ? 1 : w[c]) * (1 - t * t);
            dx[i] = g * alpha;
            dalpha += g * x[i];
            dw[c] += dy[i] * t;
            db[c] += dy[i];
        }
        return (dx, dalpha, dw, db);
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
