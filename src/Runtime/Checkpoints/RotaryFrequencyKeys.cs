using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DyT.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Checkpoints;

/// <summary>
/// Hugging Face LLaMA checkpoints written by transformers before 4.31 store each layer's rotary frequencies as
/// <c>&lt;attention&gt;.rotary_emb.inv_freq</c> (a persistent buffer then, non-persistent since; Meta's Llama-2 "-hf"
/// uploads have them). <see cref="LlamaAttention"/> computes the frequencies from its rotary base instead, so the key
/// has no tensor in the model. Such a key is accepted when its values are the frequencies the attention computes, and
/// reported as misvalued otherwise: a checkpoint made for another base would load and then give wrong outputs.
/// </summary>
internal static class RotaryFrequencyKeys
{
    public const string Suffix = ".rotary_emb.inv_freq";

    /// <summary>
    /// The checkpoint keys ending in <see cref="Suffix"/> that the model has no tensor for and whose prefix names a
    /// <see cref="LlamaAttention"/> of the model, with that attention. Any other unknown key stays unexpected.
    /// </summary>
    public static Dictionary<string, LlamaAttention> Owned(nn.Module module, IEnumerable<string> checkpointKeys,
        IReadOnlyDictionary<string, Tensor> modelState)
    {
        var keys = checkpointKeys.Where(k => k.EndsWith(Suffix, StringComparison.Ordinal) && !modelState.ContainsKey(k)).ToList();
        if (keys.Count == 0) return new Dictionary<string, LlamaAttention>(StringComparer.Ordinal);
        var attentions = module.named_modules()
            .Where(named => named.module is LlamaAttention)
            .ToDictionary(named => named.name, named => (LlamaAttention)named.module, StringComparer.Ordinal);
        return keys
            .Where(key => attentions.ContainsKey(key[..^Suffix.Length]))
            .ToDictionary(key => key, key => attentions[key[..^Suffix.Length]], StringComparer.Ordinal);
    }

    /// <summary>
    /// Null when <paramref name="stored"/> holds the frequencies <paramref name="attention"/> computes (to the
    /// rounding of the stored dtype), else what differs, with the rotary base the stored values imply.
    /// </summary>
    public static ValueMismatch? Check(string key, Tensor stored, LlamaAttention attention)
    {
        using var scope = NewDisposeScope();
        var expected = RotaryEmbedding.InverseFrequencies(attention.HeadDimension, attention.Theta);
        var wanted = $"{expected.shape[0]} rotary frequencies of base {Base(attention.Theta)}";
        if (!stored.shape.SequenceEqual(expected.shape))
            return new ValueMismatch(key, wanted, $"shape {ShapeMismatch.Format(stored.shape)}");
        var actual = stored.to(ScalarType.Float64, CPU);
        var tolerance = stored.dtype is ScalarType.Float32 or ScalarType.Float64 ? 1e-6 : 1e-2;
        if (actual.allclose(expected.to(ScalarType.Float64), rtol: tolerance, atol: 0)) return null;
        return new ValueMismatch(key, wanted, ImpliedBase(actual, attention.HeadDimension));
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
