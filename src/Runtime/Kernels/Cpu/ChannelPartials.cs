using System;
using System.Buffers;
using System.Runtime.InteropServices;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Per-batch partial sums of per-channel parameter gradients (dweight, dbias) for row plans: each parallel batch adds
/// into its own zeroed C-wide vectors, then <see cref="ReduceInto"/> sums them over the batches in batch order, in
/// float64, so the result has the same bits on every run whatever thread ran which batch. The buffer is a pooled array
/// pinned for the call (fresh native memory would page-fault on every backward), so batches hold plain pointers.
/// </summary>
internal readonly unsafe struct ChannelPartials : IDisposable
{
    private readonly float[] array;
    private readonly GCHandle pin;
    private readonly float* values;
    private readonly long batches;
    private readonly int channels;
    private readonly int gradients;

    public ChannelPartials(long batches, int channels, int gradients)
    {
        this.batches = batches;
        this.channels = channels;
        this.gradients = gradients;
        var length = checked((int)(batches * channels * gradients));
        array = ArrayPool<float>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        values = (float*)pin.AddrOfPinnedObject();
    }

    /// <summary>Batch <paramref name="batch"/>'s C-wide vector of gradient number <paramref name="gradient"/>.</summary>
    public float* Of(long batch, int gradient) => values + (batch * gradients + gradient) * channels;

    /// <summary>Writes the sum over batches of gradient number <paramref name="gradient"/> to <paramref name="destination"/>.</summary>
    public void ReduceInto(int gradient, float* destination)
    {
        for (var c = 0; c < channels; c++)
        {
            double sum = 0;
            for (long batch = 0; batch < batches; batch++) sum += Of(batch, gradient)[c];
            destination[c] = (float)sum;
        }
    }

    public void Dispose()
    {
        pin.Free();
        ArrayPool<float>.Shared.Return(array);
    }
}
