using System;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Rotary position embedding as Hugging Face's Llama: frequencies <c>theta^(-2i/d)</c> over the head dimension
/// (optionally rescaled by Llama 3.1's <see cref="RopeScaling"/>), the two halves of each head rotated
/// (<c>rotate_half</c>). An instance describes one model's rotary embedding; a forward asks it once for the cos and
/// sin of its positions (<see cref="Angles"/>) and every layer applies those (<see cref="Apply(Tensor, RotaryAngles)"/>).
/// No state: nothing enters the state dict (HF's <c>inv_freq</c> is a non-persistent buffer too).
/// </summary>
public sealed class RotaryEmbedding
{
    /// <summary>LLaMA 2's base.</summary>
    public const double DefaultTheta = 10000.0;

    /// <summary>Describes a rotary embedding; the arguments are checked here, once.</summary>
    /// <param name="headDim">Width of each attention head; even and &gt; 0.</param>
    /// <param name="theta">The base (<c>rope_theta</c>); finite and &gt; 0.</param>
    /// <param name="scaling">Llama 3.1's frequency scaling, or null for none.</param>
    public RotaryEmbedding(long headDim, double theta = DefaultTheta, RopeScaling? scaling = null)
    {
        CheckHeadDim(headDim);
        CheckTheta(theta);
        (HeadDim, Theta, Scaling) = (headDim, theta, scaling);
    }

    /// <summary>Width of each head.</summary>
    public long HeadDim { get; }

    /// <summary>The base.</summary>
    public double Theta { get; }

    /// <summary>The frequency scaling, or null.</summary>
    public RopeScaling? Scaling { get; }

    /// <summary>This embedding's frequencies, float32, on <paramref name="device"/>.</summary>
    public Tensor InverseFrequencies(Device? device = null) => InverseFrequencies(HeadDim, Theta, Scaling, device);

    /// <summary>
    /// The cos and sin of positions <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1,
    /// each (count, HeadDim), computed in float32 and stored in <paramref name="dtype"/> as Hugging Face does.
    /// </summary>
    public RotaryAngles Angles(long start, long count, ScalarType dtype, Device? device = null)
    {
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), start, $"start must be a position >= 0; got {start}.");
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be > 0 positions; got {count}.");
        using var scope = NewDisposeScope();
        var positions = arange(start, start + count, ScalarType.Float32, device);
        var angles = outer(positions, InverseFrequencies(device));
        var both = cat(new[] { angles, angles }, -1);                      // (T, D), as HF's emb
        var (cos, sin) = scope.MoveToOuter(both.cos().to(dtype), both.sin().to(dtype));
        return new RotaryAngles(cos, sin, start);
    }

    /// <summary>Rotates queries or keys (B, H, T, D) by the angles of their positions (T of them).</summary>
    public static Tensor Apply(Tensor x, RotaryAngles angles)
    {
        ArgumentNullException.ThrowIfNull(angles);
        if (x.dim() != 4 || x.shape[2] != angles.Count || x.shape[3] != angles.Cos.shape[1])
            throw new ArgumentException(
                $"RotaryEmbedding expects queries or keys of shape (B, H, {angles.Count}, {angles.Cos.shape[1]}) for these angles; got ({string.Join(", ", x.shape)}).",
                nameof(x));
        return x * angles.Cos + RotateHalf(x) * angles.Sin;
    }

    /// <summary>Rotates queries or keys (B, H, T, D) by their position 0..T-1; D must be even, theta finite and &gt; 0.</summary>
    public static Tensor Apply(Tensor x, double theta = DefaultTheta)
    {
        if (x.dim() != 4)
            throw new ArgumentException($"RotaryEmbedding expects queries or keys of shape (B, H, T, D); got ({string.Join(", ", x.shape)}).", nameof(x));
        using var angles = new RotaryEmbedding(x.shape[3], theta).Angles(0, x.shape[2], x.dtype, x.device);
        return Apply(x, angles);
    }

    /// <summary>
    /// The rotation frequencies <c>1 / theta^(2i/d)</c>, i = 0..d/2-1, in float32, computed as Hugging Face computes
    /// <c>inv_freq</c>.
    /// </summary>
    public static Tensor InverseFrequencies(long headDim, double theta, Device? device = null) => InverseFrequencies(headDim, theta, null, device);

    /// <summary>
    /// The rotation frequencies, rescaled by <paramref name="scaling"/> when given, in float32, as Hugging Face's
    /// <c>_compute_default_rope_parameters</c> and <c>_compute_llama3_parameters</c> compute them.
    /// </summary>
    public static Tensor InverseFrequencies(long headDim, double theta, RopeScaling? scaling, Device? device = null)
    {
        CheckHeadDim(headDim);
        CheckTheta(theta);
        var frequencies = 1.0 / pow(theta, arange(0, headDim, 2, ScalarType.Float32, device) / headDim);
        return scaling is null ? frequencies : Rescale(frequencies, scaling);
    }

    /// <summary>
    /// Llama 3.1: wavelengths (2 pi / frequency) above <c>original / low</c> are divided by the factor, those below
    /// <c>original / high</c> kept, and those between interpolated by how far they sit between the two.
    /// </summary>
    private static Tensor Rescale(Tensor frequencies, RopeScaling scaling)
    {
        using var scope = NewDisposeScope();
        var lowFrequencyWavelength = scaling.OriginalMaxPositions / scaling.LowFreqFactor;
        var highFrequencyWavelength = scaling.OriginalMaxPositions / scaling.HighFreqFactor;
        var wavelength = 2 * Math.PI / frequencies;
        var scaled = where(wavelength > lowFrequencyWavelength, frequencies / scaling.Factor, frequencies);
        var smooth = (scaling.OriginalMaxPositions / wavelength - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
        var interpolated = (1 - smooth) * scaled / scaling.Factor + smooth * scaled;
        var between = (wavelength >= highFrequencyWavelength).logical_and(wavelength <= lowFrequencyWavelength);
        return where(between, interpolated, scaled).MoveToOuterDisposeScope();
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat(new[] { -x.narrow(-1, half, half), x.narrow(-1, 0, half) }, -1);
    }

    private static void CheckHeadDim(long headDim)
    {
        if (headDim <= 0 || headDim % 2 != 0)
            throw new ArgumentException($"RotaryEmbedding needs an even, positive head dimension; got {headDim}.", nameof(headDim));
    }

    private static void CheckTheta(double theta)
    {
        if (!(theta > 0) || double.IsInfinity(theta))
            throw new ArgumentOutOfRangeException(nameof(theta), theta, $"The rotary base must be a finite number > 0; got {theta}.");
    }
}
