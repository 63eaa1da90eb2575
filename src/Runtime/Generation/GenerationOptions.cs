using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DyT.Generation;

/// <summary>
/// How <see cref="TokenGenerator"/> picks each next token. Sampling follows Hugging Face's order: logits divided by
/// <see cref="Temperature"/>, then <see cref="TopK"/>, then <see cref="TopP"/>, then a draw from the softmax.
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>How many tokens to generate at most (a stop token ends a sequence earlier); &gt;= 1. Default 128.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Divides the logits before sampling; 0 picks the most likely token (greedy, no randomness). &gt;= 0. Default 1.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Samples among the k most likely tokens only; 0 (default) keeps them all. &gt;= 0.</summary>
    public int TopK { get; init; }

    /// <summary>
    /// Nucleus sampling: samples among the most likely tokens whose probabilities first add up to at least this; 1
    /// (default) keeps them all. In (0, 1].
    /// </summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seeds the sampling so the same seed, model and prompt give the same tokens; null draws a fresh seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Token ids that end a sequence: the stop token is produced, then that sequence produces no more.</summary>
    public IReadOnlyCollection<long> StopTokens { get; init; } = [];

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first option outside its range, with its value.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, $"MaxNewTokens must be >= 1; got {MaxNewTokens}.");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature,
                $"Temperature must be a finite number >= 0 (0: greedy); got {Text(Temperature)}.");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, $"TopK must be >= 0 (0: off); got {TopK}.");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, $"TopP must be in (0, 1] (1: off); got {Text(TopP)}.");
        if (StopTokens is null)
            throw new ArgumentOutOfRangeException(nameof(StopTokens), null, "StopTokens must be a collection (empty for none); got null.");
        if (StopTokens.FirstOrDefault(token => token < 0) is var negative and < 0)
            throw new ArgumentOutOfRangeException(nameof(StopTokens), negative, $"StopTokens must be token ids >= 0; got {negative}.");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
