using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Per-batch partial sums of per-channel parameter gradients (dweight, dbias) for row plans: each parallel batch adds
/// into its own zeroed C-wide vectors, then <see cref="ReduceInto"/> sums them over the batches in batch order, in
/// float64, so the result has the same bits on every run whatever thread ran which batch. The buffer is a pooled array
/// pinned for the call (fresh native memory would page-fault on every backward), so batches hold plain pointers.
/// Every vector starts on a cache line: the kernels read and write them once per row with full-width loads and stores,
/// and from a pooled array's 16-byte alignment every 64-byte access split over two lines, which made the DyT backward
/// at 32x197x384 (AVX-512) a third slower.
/// </summary>
internal readonly unsafe struct ChannelPartials : IDisposable
{
    private const int LineBytes = 64;
    private const int LineFloats = LineBytes / sizeof(float);

    private readonly float[] array;
    private readonly GCHandle pin;
    private readonly float* values;
    private readonly long batches;
    private readonly int channels;
    private readonly int stride;
    private readonly int gradients;

    public ChannelPartials(long batches, int channels, int gradients)
    {
        this.batches = batches;
        this.channels = channels;
        this.gradients = gradients;
        stride = (channels + LineFloats - 1) / LineFloats * LineFloats;
        var length = checked((int)(batches * gradients * stride) + LineFloats - 1);
        array = ArrayPool<float>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        var start = pin.AddrOfPinnedObject();
        values = (float*)((start + LineBytes - 1) & ~(nint)(LineBytes - 1));
    }

    /// <summary>Batch <paramref name="batch"/>'s C-wide vector of gradient number <paramref name="gradient"/>.</summary>
    public float* Of(long batch, int gradient) => values + (batch * gradients + gradient) * stride;

    /// <summary>Writes the sum over batches of gradient number <paramref name="gradient"/> to <paramref name="destination"/>.</summary>
    public void ReduceInto(int gradient, float* destination)
    {
        // Each channel's float64 sum runs in batch order, as a loop down one channel would, but batch by batch over
        // contiguous vectors, many channels at once, instead of one scalar load a stride apart per add. The stride is
        // whole cache lines, so whole vectors fit.
        var rented = ArrayPool<double>.Shared.Rent(stride);
        try
        {
            var sums = rented.AsSpan(0, stride);
            sums.Clear();
            var lanes = Vector<float>.Count;
            for (long batch = 0; batch < batches; batch++)
            {
                var partial = Of(batch, gradient);
                for (var c = 0; c < stride; c += lanes)
                {
                    Vector.Widen(Vector.Load(partial + c), out var low, out var high);
                    var lowSums = sums.Slice(c, lanes / 2);
                    var highSums = sums.Slice(c + lanes / 2, lanes / 2);
                    (new Vector<double>(lowSums) + low).CopyTo(lowSums);
                    (new Vector<double>(highSums) + high).CopyTo(highSums);
                }
            }
            for (var c = 0; c < channels; c++) destination[c] = (float)sums[c];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    public void Dispose()
    {
        pin.Free();
        ArrayPool<float>.Shared.Return(array);
    }
}
