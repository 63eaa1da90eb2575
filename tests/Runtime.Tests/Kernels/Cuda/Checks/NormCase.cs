using System;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>The fused norms with CUDA kernels.</summary>
internal enum FusedNorm
{
    Dyt,
    Derf,
    RmsNorm,
}

/// <summary>
/// One kernel check: a norm, element type and shape, and how its inputs are made. Inputs are uniform in
/// [-<see cref="InputScale"/>, <see cref="InputScale"/>]; with <see cref="Saturating"/>, every third x is instead
/// +-10^k for k from 1 up to 30 (4 in float16, whose largest value is 65504), where tanh and erf saturate.
/// </summary>
internal sealed record NormCase(FusedNorm Norm, DytElementType Type, long Rows, int Channels)
{
    /// <summary>Every tensor starts this many elements past a 16-byte boundary (1: the scalar v1 kernels).</summary>
    public int OffsetElements { get; init; }

    /// <summary>With a weight (and its gradient).</summary>
    public bool Weight { get; init; } = true;

    /// <summary>With a bias (and its gradient); DyT and Derf.</summary>
    public bool Bias { get; init; } = true;

    public double InputScale { get; init; } = 2.0;

    public bool Saturating { get; init; }

    public float Alpha { get; init; } = 0.5f;

    /// <summary>Derf's shift.</summary>
    public float Shift { get; init; } = 0.1f;

    /// <summary>RMSNorm's eps.</summary>
    public float Eps { get; init; } = 1e-5f;

    public int Seed { get; init; } = 1;

    public string Name =>
        $"{Norm} {Type} {Rows}x{Channels}" + (OffsetElements != 0 ? $" offset {OffsetElements}" : "") + (!Weight ? " no-affine" : !Bias && Norm != FusedNorm.RmsNorm ? " no-bias" : "") +
        (Saturating ? " saturating" : "") + (InputScale != 2.0 ? $" scale {InputScale:G3}" : "");

    public DytShape Shape => DytShape.Rows(Rows, Channels);

    /// <summary>The inputs, already rounded to the element type (so the reference sees what the kernel sees).</summary>
    public NormInputs Inputs()
    {
        var random = new Random(Seed);
        var n = checked((int)(Rows * Channels));
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((random.NextDouble() * 2 - 1) * InputScale);
            if (Saturating && i % 3 == 0)
                x[i] = (float)(Math.Pow(10, 1 + random.Next(Type == DytElementType.Float16 ? 4 : 30)) * (random.Next(2) == 0 ? -1 : 1));
        }
        var dy = new float[n];
        for (var i = 0; i < n; i++) dy[i] = (float)(random.NextDouble() * 2 - 1);
        var w = new float[Channels];
        var b = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            w[c] = (float)(0.5 + random.NextDouble());
            b[c] = (float)(random.NextDouble() - 0.5);
        }
        return new NormInputs(ElementCodec.Round(Type, x), ElementCodec.Round(Type, dy), Weight ? w : null,
            Weight && Bias && Norm != FusedNorm.RmsNorm ? b : null);
    }
}

/// <summary>x and dy (rows x C), weight and bias (C, or null).</summary>
internal sealed record NormInputs(float[] X, float[] Dy, float[]? Weight, float[]? Bias);

/// <summary>What the kernels wrote: y, dx, and the gradients of the parameters there are.</summary>
internal sealed record NormOutputs(float[] Y, float[] Dx, float[]? DWeight, float[]? DBias, float? DAlpha, float? DShift)
{
    /// <summary>True when every output has the same bits as <paramref name="other"/>'s.</summary>
    public bool SameBits(NormOutputs other) =>
        Same(Y, other.Y) && Same(Dx, other.Dx) && Same(DWeight, other.DWeight) && Same(DBias, other.DBias) &&
        Same(DAlpha is { } a ? [a] : null, other.DAlpha is { } b ? [b] : null) && Same(DShift is { } s ? [s] : null, other.DShift is { } t ? [t] : null);

    private static bool Same(float[]? a, float[]? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return false;
        return true;
    }
}
