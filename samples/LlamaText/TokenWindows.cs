using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace LlamaText;

/// <summary>
/// Windows of <c>context</c> tokens cut from one token stream, each with its targets: the same window shifted by one
/// token (next-token prediction). Windows may start anywhere, so they cross verse and book boundaries.
/// </summary>
internal sealed class TokenWindows
{
    private readonly int[] tokens;

    public TokenWindows(int[] tokens, int context)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (context <= 0 || tokens.Length <= context)
            throw new ArgumentException($"context must be > 0 and shorter than the stream ({tokens.Length} tokens); got {context}.", nameof(context));
        this.tokens = tokens;
        Context = context;
    }

    /// <summary>Tokens per window.</summary>
    public int Context { get; }

    /// <summary>Tokens in the stream.</summary>
    public int Length => tokens.Length;

    /// <summary>How many different windows start in the stream.</summary>
    public int StartCount => tokens.Length - Context;

    /// <summary><paramref name="count"/> window starts drawn uniformly with <paramref name="random"/>.</summary>
    public int[] RandomStarts(Random random, int count)
    {
        var starts = new int[count];
        for (var i = 0; i < count; i++) starts[i] = random.Next(StartCount);
        return starts;
    }

    /// <summary><paramref name="count"/> window starts spread evenly over the stream, the same on every call.</summary>
    public int[] EvenlySpacedStarts(int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be > 0; got {count}.");
        var starts = new int[count];
        for (var i = 0; i < count; i++) starts[i] = (int)((long)i * StartCount / count);
        return starts;
    }

    /// <summary>Inputs and targets (B, context) int64 for the windows at <paramref name="starts"/>.</summary>
    public (Tensor Inputs, Tensor Targets) Batch(IReadOnlyList<int> starts)
    {
        var inputs = new long[starts.Count * Context];
        var targets = new long[starts.Count * Context];
        for (var row = 0; row < starts.Count; row++)
        {
            var start = starts[row];
            if (start < 0 || start >= StartCount)
                throw new ArgumentOutOfRangeException(nameof(starts), start, $"window starts must be in [0, {StartCount}); got {start}.");
            for (var t = 0; t < Context; t++)
            {
                inputs[row * Context + t] = tokens[start + t];
                targets[row * Context + t] = tokens[start + t + 1];
            }
        }
        long[] shape = [starts.Count, Context];
        return (tensor(inputs, shape), tensor(targets, shape));
    }
}
