using System;

namespace DyT.Kernels;

/// <summary>
/// A contiguous input of a fused norm seen as (Outer, Channels, Inner): channels-last (B, T, C) is (B*T, C, 1) and
/// channels-first (B, C, H, W) is (B, C, H*W). The per-channel weight and bias apply along <see cref="Channels"/>.
/// (Named for the first kernel; every CPU kernel and the CUDA tests use it.)
/// </summary>
internal readonly record struct DytShape
{
    /// <summary>Creates a shape; every extent must be &gt;= 0 and <paramref name="channels"/> &gt; 0.</summary>
    public DytShape(long outer, long channels, long inner)
    {
        if (outer < 0) throw new ArgumentOutOfRangeException(nameof(outer), outer, $"outer must be >= 0; got {outer}.");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, $"channels must be > 0; got {channels}.");
        if (inner < 0) throw new ArgumentOutOfRangeException(nameof(inner), inner, $"inner must be >= 0; got {inner}.");
        Outer = outer;
        Channels = channels;
        Inner = inner;
    }

    /// <summary>Channels-last rows of <paramref name="channels"/> elements.</summary>
    public static DytShape Rows(long rows, long channels) => new(rows, channels, 1);

    /// <summary>Product of the leading dimensions (rows, or the batch of a channels-first input).</summary>
    public long Outer { get; }

    /// <summary>Number of channels C: the length of weight and bias.</summary>
    public long Channels { get; }

    /// <summary>Elements per channel run: 1 for channels-last, H*W for channels-first.</summary>
    public long Inner { get; }

    /// <summary>Total number of elements.</summary>
    public long Elements => Outer * Channels * Inner;

    /// <summary>True when the weight varies along the contiguous dimension (channels-last).</summary>
    public bool ChannelsLast => Inner == 1;
}
