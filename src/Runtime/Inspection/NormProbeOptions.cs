using System;

namespace DyT.Inspection;

/// <summary>How much a <see cref="NormProbe"/> keeps per layer and recording.</summary>
public sealed record NormProbeOptions
{
    private readonly int sampledTokens = 256;
    private readonly int tokenStatisticsLimit = 65_536;

    /// <summary>Tokens of input and output kept per layer, evenly spaced over each call until this many (default 256).</summary>
    public int SampledTokens
    {
        get => sampledTokens;
        init => sampledTokens = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(SampledTokens), value, $"SampledTokens must be >= 0; got {value}.");
    }

    /// <summary>Tokens whose own mean and standard deviation are kept per layer (default 65,536).</summary>
    public int TokenStatisticsLimit
    {
        get => tokenStatisticsLimit;
        init => tokenStatisticsLimit = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TokenStatisticsLimit), value, $"TokenStatisticsLimit must be >= 0; got {value}.");
    }
}
