using System;
using System.Globalization;

namespace DyT.Blocks;

/// <summary>
/// Llama 3.1's rotary scaling, Hugging Face's <c>rope_scaling</c> of <c>rope_type: llama3</c>: frequencies whose
/// wavelength exceeds <c>OriginalMaxPositions / LowFreqFactor</c> are divided by <see cref="Factor"/>, those whose
/// wavelength is below <c>OriginalMaxPositions / HighFreqFactor</c> are kept, and those between are interpolated.
/// </summary>
public sealed record RopeScaling
{
    /// <summary>Creates the scaling; every value is checked, and a bad one is named with what was expected.</summary>
    /// <param name="factor">Divides the low frequencies; finite and &gt;= 1 (Llama 3.1: 8, Llama 3.2: 32).</param>
    /// <param name="lowFreqFactor">Finite and &gt; 0 (Llama 3.1: 1).</param>
    /// <param name="highFreqFactor">Finite and above <paramref name="lowFreqFactor"/> (Llama 3.1: 4).</param>
    /// <param name="originalMaxPositions">The context the model was first trained at, &gt; 0 (Llama 3.1: 8192).</param>
    public RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions)
    {
        if (!(factor >= 1) || double.IsInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor must be a finite number >= 1; got {Text(factor)}.");
        if (!(lowFreqFactor > 0) || double.IsInfinity(lowFreqFactor))
            throw new ArgumentOutOfRangeException(nameof(lowFreqFactor), lowFreqFactor, $"lowFreqFactor must be a finite number > 0; got {Text(lowFreqFactor)}.");
        if (!(highFreqFactor > lowFreqFactor) || double.IsInfinity(highFreqFactor))
            throw new ArgumentOutOfRangeException(nameof(highFreqFactor), highFreqFactor,
                $"highFreqFactor must be a finite number above lowFreqFactor ({Text(lowFreqFactor)}); got {Text(highFreqFactor)}.");
        if (originalMaxPositions <= 0)
            throw new ArgumentOutOfRangeException(nameof(originalMaxPositions), originalMaxPositions, $"originalMaxPositions must be > 0; got {originalMaxPositions}.");
        (Factor, LowFreqFactor, HighFreqFactor, OriginalMaxPositions) = (factor, lowFreqFactor, highFreqFactor, originalMaxPositions);
    }

    /// <summary>Divides the low frequencies (<c>factor</c>).</summary>
    public double Factor { get; }

    /// <summary><c>low_freq_factor</c>.</summary>
    public double LowFreqFactor { get; }

    /// <summary><c>high_freq_factor</c>.</summary>
    public double HighFreqFactor { get; }

    /// <summary><c>original_max_position_embeddings</c>.</summary>
    public int OriginalMaxPositions { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"llama3 scaling (factor {Text(Factor)}, low/high frequency factors {Text(LowFreqFactor)}/{Text(HighFreqFactor)}, original {OriginalMaxPositions} positions)";

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
