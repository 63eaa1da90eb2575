using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace DyT.Samples.Data;

/// <summary>Images (N, 1, 28, 28) and labels (N) of one split, with batching.</summary>
public sealed class MnistSplit : IDisposable
{
    internal MnistSplit(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>Normalized images, (N, 1, 28, 28) float32.</summary>
    public Tensor Images { get; }

    /// <summary>Digit labels 0-9, (N) int64.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of images.</summary>
    public long Count => Labels.shape[0];

    /// <summary>Batches covering the split once; shuffled with <paramref name="seed"/> when given, the last batch may be smaller.</summary>
    public IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize, int? seed = null)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be > 0; got {batchSize}.");
        using var order = seed is int s ? randperm(Count, generator: new TorchSharp.torch.Generator((ulong)s)) : arange(Count);
        for (long start = 0; start < Count; start += batchSize)
        {
            var indices = order.narrow(0, start, Math.Min(batchSize, Count - start));
            yield return (Images.index_select(0, indices), Labels.index_select(0, indices));
        }
    }

    /// <summary>Number of batches of the given size.</summary>
    public long BatchCount(int batchSize) => (Count + batchSize - 1) / batchSize;

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
