using System;
using System.Globalization;
using System.Linq;
using DyT.Checkpoints;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Compares rotary frequencies a checkpoint stores (Hugging Face LLaMA's <c>rotary_emb.inv_freq</c>) with those an
/// attention computes from its head dimension and rotary base, and says which base the stored ones imply.
/// </summary>
internal static class StoredRotaryFrequencies
{
    /// <summary>
    /// Null when <paramref name="stored"/> holds the frequencies of <paramref name="rotary"/> (to the rounding of the
    /// stored dtype), else what differs, with the base the stored values imply.
    /// </summary>
    public static LegacyKeyMismatch? Compare(Tensor stored, RotaryEmbedding rotary)
    {
        using var scope = NewDisposeScope();
        long headDim = rotary.HeadDim;
        var expected = rotary.InverseFrequencies();
        var wanted = $"{expected.shape[0]} rotary frequencies of base {Base(rotary.Theta)}{(rotary.Scaling is { } scaling ? $" with {scaling}" : "")}";
        if (!stored.shape.SequenceEqual(expected.shape))
            return new LegacyKeyMismatch(wanted, $"shape {ShapeMismatch.Format(stored.shape)}");
        var actual = stored.to(ScalarType.Float64, CPU);
        var tolerance = stored.dtype is ScalarType.Float32 or ScalarType.Float64 ? 1e-6 : 1e-2;
        if (actual.allclose(expected.to(ScalarType.Float64), rtol: tolerance, atol: 0)) return null;
        return new LegacyKeyMismatch(wanted, ImpliedBase(actual, headDim));
    }

    // inv_freq[1] = base^(-2/d), so base = inv_freq[1]^(-d/2).
    private static string ImpliedBase(Tensor frequencies, long headDim)
    {
        if (frequencies.shape[0] < 2) return "other frequencies";
        var second = frequencies[1].item<double>();
        return second is > 0 and < 1 ? $"frequencies of base {Base(Math.Pow(second, -headDim / 2.0))}" : "other frequencies";
    }

    // Six significant digits without an exponent: float32 frequencies give the base to about 1e-7 relative.
    private static string Base(double value)
    {
        var digits = value <= 0 ? 0 : Math.Max(0, 5 - (int)Math.Floor(Math.Log10(value)));
        return Math.Round(value, Math.Min(digits, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }
}
