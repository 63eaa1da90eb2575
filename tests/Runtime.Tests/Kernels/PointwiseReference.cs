using System;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>The squashing function of a pointwise norm in float64: tanh (DyT) or erf (Derf), with its derivative.</summary>
internal sealed record ReferenceFunction(string Name, Func<double[], double[]> Value, Func<double[], double[]> Slope)
{
    public static readonly ReferenceFunction Tanh = new("tanh",
        u => u.Select(Math.Tanh).ToArray(),
        u => u.Select(v => 1 - Math.Tanh(v) * Math.Tanh(v)).ToArray());

    // .NET has no erf; libtorch's float64 erf (std::erf) is accurate to an ulp of double.
    public static readonly ReferenceFunction Erf = new("erf",
        u =>
        {
            using var values = special.erf(tensor(u, ScalarType.Float64));
            return values.data<double>().ToArray();
        },
        u => u.Select(v => 2 / Math.Sqrt(Math.PI) * Math.Exp(-v * v)).ToArray());

    public override string ToString() => Name;
}

/// <summary>
/// <c>y = w * f(alpha * x + shift) + b</c> and its gradients in float64, by the formulas, on arrays laid out as
/// (outer, channels, inner), with the sums of the magnitudes of every gradient's terms: a float32 sum of n terms is
/// within a few 1e-8 of that magnitude of the exact sum, so the tests bound reduction errors by it.
/// </summary>
internal static class PointwiseReference
{
    public static double[] Forward(ReferenceFunction f, float[] x, long channels, long inner, double alpha, double shift, float[]? w, float[]? b)
    {
        var value = f.Value(x.Select(v => alpha * v + shift).ToArray());
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / inner % channels;
            y[i] = (w is null ? 1 : w[c]) * value[i] + (b is null ? 0 : b[c]);
        }
        return y;
    }

    public static PointwiseGradients Backward(ReferenceFunction f, float[] x, float[] dy, long channels, long inner, double alpha,
        double shift, float[]? w)
    {
        var u = x.Select(v => alpha * v + shift).ToArray();
        var (value, slope) = (f.Value(u), f.Slope(u));
        var g = new PointwiseGradients(x.Length, channels);
        for (var i = 0; i < x.Length; i++)
        {
            var c = i / inner % channels;
            var scale = (double)dy[i] * (w is null ? 1 : w[c]);
            var term = scale * slope[i];
            g.Dx[i] = term * alpha;
            g.DxScale[i] = Math.Abs(scale * alpha);
            g.DAlpha += term * x[i];
            g.DAlphaMagnitude += Math.Abs(term * x[i]);
            g.DShift += term;
            g.DShiftMagnitude += Math.Abs(term);
            g.DWeight[c] += dy[i] * value[i];
            g.DWeightMagnitude[c] += Math.Abs(dy[i] * value[i]);
            g.DBias[c] += dy[i];
            g.DBiasMagnitude[c] += Math.Abs(dy[i]);
        }
        return g;
    }
}

/// <summary>Exact gradients, the magnitudes of their terms, and |dy w alpha| per element (the scale of dx).</summary>
internal sealed class PointwiseGradients(long elements, long channels)
{
    public double[] Dx { get; } = new double[elements];
    public double[] DxScale { get; } = new double[elements];
    public double DAlpha { get; set; }
    public double DAlphaMagnitude { get; set; }
    public double DShift { get; set; }
    public double DShiftMagnitude { get; set; }
    public double[] DWeight { get; } = new double[channels];
    public double[] DWeightMagnitude { get; } = new double[channels];
    public double[] DBias { get; } = new double[channels];
    public double[] DBiasMagnitude { get; } = new double[channels];
}
