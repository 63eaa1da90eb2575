using System;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>
/// RMSNorm's forward and backward in float64 by the formulas (rows of C), and the bounds the kernel is held to:
/// y within <c>relative</c> of |y| plus 1e-7 of it; dx within <c>relative</c> of |dx| plus 1e-6 of its two terms'
/// magnitudes, |r dy w| + |x r^3| sum|dy w x| / C (the terms can cancel, and so can the row sum: its float32 error is a
/// fraction of the sum of its terms' magnitudes); dweight within 1e-6 of the sum of its terms' magnitudes.
/// <c>absolute</c>: float16's subnormal spacing, where it applies.
/// </summary>
internal static class RmsNormReference
{
    public static void AssertMatches(float[] x, float[] dy, float[] weight, double eps, int channels, float[] y, float[] dx, float[] dweight,
        double relative, double absolute = 0)
    {
        var dw = new double[channels];
        var dwMagnitude = new double[channels];
        for (var start = 0; start < x.Length; start += channels)
        {
            double squares = 0, dot = 0, dotMagnitude = 0;
            for (var c = 0; c < channels; c++)
            {
                squares += (double)x[start + c] * x[start + c];
                dot += (double)dy[start + c] * weight[c] * x[start + c];
                dotMagnitude += Math.Abs((double)dy[start + c] * weight[c] * x[start + c]);
            }
            var r = 1 / Math.Sqrt(squares / channels + eps);
            for (var c = 0; c < channels; c++)
            {
                var i = start + c;
                var normalized = x[i] * r;
                var expectedY = normalized * weight[c];
                Within(expectedY, y[i], (relative + 1e-7) * Math.Abs(expectedY) + absolute, $"y[{i}]");
                var direct = r * dy[i] * weight[c];
                var expectedDx = direct - x[i] * r * r * r * dot / channels;
                var scale = Math.Abs(direct) + Math.Abs(x[i] * r * r * r * dotMagnitude / channels);
                Within(expectedDx, dx[i], relative * Math.Abs(expectedDx) + 1e-6 * scale + absolute, $"dx[{i}]");
                dw[c] += dy[i] * normalized;
                dwMagnitude[c] += Math.Abs(dy[i] * normalized);
            }
        }
        for (var c = 0; c < channels; c++) Within(dw[c], dweight[c], 1e-6 * dwMagnitude[c] + 1e-7, $"dweight[{c}]");
    }

    private static void Within(double expected, double actual, double allowed, string what)
    {
        if (!(Math.Abs(actual - expected) <= allowed))
            Assert.Fail($"{what}: expected {expected:G9}, got {actual:G9}, off by {Math.Abs(actual - expected):G3} (allowed {allowed:G3}).");
    }
}
