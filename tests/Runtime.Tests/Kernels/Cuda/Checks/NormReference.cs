using System;
using System.Collections.Generic;
using DyT.Kernels;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>One output's largest error and its limit; <see cref="Passed"/> fails on NaN too.</summary>
internal sealed record ErrorCheck(string Output, double Error, double Limit, string Where)
{
    public bool Passed => Error <= Limit;

    public override string ToString() => $"{Output}: {Error:G3} (limit {Limit:G3}){(Where.Length > 0 ? " at " + Where : "")}{(Passed ? "" : " FAILED")}";
}

/// <summary>
/// The norms in float64 from the same (rounded) inputs the kernels read, and the kernels' errors against them.
/// Elementwise outputs (y, dx): |got - ref| / (|ref| + max |ref|), so a half type's rounding counts relative to
/// the value and float32 arithmetic relative to the output's scale; limits 1e-5 (float32), 1e-3 (float16),
/// 4e-3 (bfloat16). Sums (dweight, dbias, dalpha, dshift): |got - ref| / sum |terms|, limit 2e-5 for every type
/// (they add float32 terms). Saturation: where float32 alpha * x + shift is past the saturation point, tanh and erf
/// must be exactly +-1 (y exactly +-weight + bias) and dx exactly 0; the count of elements where not is the error,
/// limit 0.
/// </summary>
internal static class NormReference
{
    public const float TanhSaturation = 9.010913848876953f, ErfSaturation = 3.919205904006958f;
    public const double SumLimit = 2e-5;
    private const double Floor = 1e-30;

    public static double ElementLimit(DytElementType type) => type switch
    {
        DytElementType.Float32 => 1e-5,
        DytElementType.Float16 => 1e-3,
        _ => 4e-3,
    };

    public static IReadOnlyList<ErrorCheck> Compare(NormCase c, NormInputs inputs, NormOutputs outputs) =>
        c.Norm == FusedNorm.RmsNorm ? CompareRms(c, inputs, outputs) : ComparePointwise(c, inputs, outputs);

    private static IReadOnlyList<ErrorCheck> ComparePointwise(NormCase c, NormInputs inputs, NormOutputs outputs)
    {
        var (rows, channels) = (c.Rows, c.Channels);
        var derf = c.Norm == FusedNorm.Derf;
        double alpha = c.Alpha, shift = derf ? c.Shift : 0;
        var n = (int)(rows * channels);
        var (y, dx) = (new double[n], new double[n]);
        var (dw, dwAbs, db, dbAbs) = (new double[channels], new double[channels], new double[channels], new double[channels]);
        double da = 0, daAbs = 0, ds = 0, dsAbs = 0;
        var wrongSaturated = 0;
        string firstWrong = "";
        for (var i = 0; i < n; i++)
        {
            var ch = i % channels;
            double x = inputs.X[i], g = inputs.Dy[i], w = inputs.Weight?[ch] ?? 1, b = inputs.Bias?[ch] ?? 0;
            var z = alpha * x + shift;
            var (f, slope) = derf ? (Erf(z), 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z)) : (Math.Tanh(z), 1 - Math.Tanh(z) * Math.Tanh(z));
            y[i] = inputs.Weight is null ? f : w * f + b;
            var gz = g * w * slope;
            dx[i] = gz * alpha;
            da += gz * x; daAbs += Math.Abs(gz * x);
            ds += gz; dsAbs += Math.Abs(gz);
            dw[ch] += g * f; dwAbs[ch] += Math.Abs(g * f);
            db[ch] += g; dbAbs[ch] += Math.Abs(g);

            var z32 = MathF.FusedMultiplyAdd(c.Alpha, inputs.X[i], derf ? c.Shift : 0f);
            if (MathF.Abs(z32) >= (derf ? ErfSaturation : TanhSaturation))
            {
                var t = MathF.CopySign(1f, z32);
                var expected = inputs.Weight is null ? t : MathF.FusedMultiplyAdd(t, inputs.Weight[ch], inputs.Bias?[ch] ?? 0f);
                expected = ElementCodec.Round(c.Type, [expected])[0];
                if (outputs.Y[i] != expected || outputs.Dx[i] != 0)
                {
                    if (wrongSaturated++ == 0) firstWrong = $"{Where(i, channels)} (z {z32:G4}: y {outputs.Y[i]:G9} for {expected:G9}, dx {outputs.Dx[i]:G4})";
                }
            }
        }
        var limit = ElementLimit(c.Type);
        var checks = new List<ErrorCheck>
        {
            Elementwise("y", y, outputs.Y, channels, limit),
            Elementwise("dx", dx, outputs.Dx, channels, limit),
        };
        if (outputs.DWeight is not null) checks.Add(Sums("dweight", dw, dwAbs, outputs.DWeight));
        if (outputs.DBias is not null) checks.Add(Sums("dbias", db, dbAbs, outputs.DBias));
        if (outputs.DAlpha is { } a) checks.Add(Sums("dalpha", [da], [daAbs], [a]));
        if (outputs.DShift is { } s) checks.Add(Sums("dshift", [ds], [dsAbs], [s]));
        if (c.Saturating) checks.Add(new ErrorCheck("saturated elements not exact", wrongSaturated, 0, firstWrong));
        return checks;
    }

    private static IReadOnlyList<ErrorCheck> CompareRms(NormCase c, NormInputs inputs, NormOutputs outputs)
    {
        var (rows, channels) = ((int)c.Rows, c.Channels);
        var (y, dx) = (new double[rows * channels], new double[rows * channels]);
        var (dw, dwAbs) = (new double[channels], new double[channels]);
        for (var r = 0; r < rows; r++)
        {
            var row = r * channels;
            double squares = 0, dot = 0;
            for (var ch = 0; ch < channels; ch++)
            {
                double x = inputs.X[row + ch], w = inputs.Weight?[ch] ?? 1;
                squares += x * x;
                dot += w * inputs.Dy[row + ch] * x;
            }
            var rstd = 1 / Math.Sqrt(squares / channels + c.Eps);
            for (var ch = 0; ch < channels; ch++)
            {
                double x = inputs.X[row + ch], g = inputs.Dy[row + ch], w = inputs.Weight?[ch] ?? 1;
                y[row + ch] = w * x * rstd;
                dx[row + ch] = rstd * (w * g - x * rstd * rstd * dot / channels);
                dw[ch] += g * x * rstd;
                dwAbs[ch] += Math.Abs(g * x * rstd);
            }
        }
        var limit = ElementLimit(c.Type);
        var checks = new List<ErrorCheck>
        {
            Elementwise("y", y, outputs.Y, channels, limit),
            Elementwise("dx", dx, outputs.Dx, channels, limit),
        };
        if (outputs.DWeight is not null) checks.Add(Sums("dweight", dw, dwAbs, outputs.DWeight));
        return checks;
    }

    private static ErrorCheck Elementwise(string name, double[] reference, float[] actual, int channels, double limit)
    {
        double scale = 0;
        foreach (var value in reference) scale = Math.Max(scale, Math.Abs(value));
        var (worst, at) = (0.0, -1);
        for (var i = 0; i < reference.Length; i++)
        {
            var error = Math.Abs(actual[i] - reference[i]) / (Math.Abs(reference[i]) + scale + Floor);
            if (double.IsNaN(error) || error > worst) (worst, at) = (double.IsNaN(error) ? double.NaN : error, i);
            if (double.IsNaN(worst)) break;
        }
        return new ErrorCheck(name, worst, limit, at < 0 ? "" : $"{Where(at, channels)} ({actual[at]:G6} for {reference[at]:G6})");
    }

    private static ErrorCheck Sums(string name, double[] reference, double[] absolute, float[] actual)
    {
        var (worst, at) = (0.0, -1);
        for (var i = 0; i < reference.Length; i++)
        {
            var error = Math.Abs(actual[i] - reference[i]) / (absolute[i] + Floor);
            if (double.IsNaN(error) || error > worst) (worst, at) = (double.IsNaN(error) ? double.NaN : error, i);
            if (double.IsNaN(worst)) break;
        }
        var where = at < 0 ? "" : (reference.Length > 1 ? $"channel {at} " : "") + $"({actual[at]:G7} for {reference[at]:G7})";
        return new ErrorCheck(name, worst, SumLimit, where);
    }

    private static string Where(long i, int channels) => $"row {i / channels}, channel {i % channels}";

    /// <summary>
    /// erf in float64 to about 1e-15: (2 / sqrt(pi)) exp(-x^2) sum over n of x (2 x^2)^n / (2n + 1)!!, a series of
    /// positive terms (no cancellation); 1 beyond 6, where erfc is below 1e-16.
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        var a = Math.Abs(x);
        if (a >= 6) return Math.CopySign(1, x);
        double term = a, sum = a;
        for (var n = 1; term > sum * 1e-17; n++)
        {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.CopySign(Math.Min(1, 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a) * sum), x);
    }
}
