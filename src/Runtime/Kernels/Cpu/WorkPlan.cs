using System;
using System.Threading.Tasks;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Splits a DyT problem into items (a channels-last row, or a segment of a channel plane) and the items into
/// batches of about <see cref="TargetElements"/> elements that run in parallel. The split depends only on the shape,
/// never on the thread count, so the backward reductions (summed per batch, then over batches in order) give the same
/// bits on every run and every machine.
/// </summary>
internal readonly record struct WorkPlan(
    bool Rows, long Items, long ItemLength, long SegmentsPerPlane, long PlaneLength, long ItemsPerBatch)
{
    /// <summary>Elements per parallel batch: large enough that scheduling costs little, small enough for balance.</summary>
    public const long TargetElements = 1 << 16;

    /// <summary>
    /// At most this many row batches: each holds a C-wide dweight/dbias partial, so the partials stay at most
    /// 2 x 256 x C floats however many rows there are, with batches enough to keep 64 cores busy.
    /// </summary>
    public const long MaxRowBatches = 256;

    /// <summary>
    /// With .NET pool threads, below this many elements everything runs on the calling thread: waking pool threads
    /// that then compete with libtorch's spinning OpenMP workers costs more than it saves for small inputs (with a
    /// parallel loop from 32K elements a ViT-S training step, norm inputs of 151K elements, ran 1.05-1.12x
    /// LayerNorm's time on 2 cores; serial below 256K, 0.98-1.02x).
    /// </summary>
    public const long SerialElements = 1 << 18;

    /// <summary>
    /// On libtorch's OpenMP team (<see cref="OpenMpTeam"/>) the workers are usually awake already, so inputs run in
    /// parallel from this size: at ViT-S's 2x197x384 the fused forward took 0.080-0.091 ms in parallel against
    /// 0.119-0.144 ms serial, LayerNorm 0.076-0.081 ms (2 cores, interleaved with LayerNorm's ops).
    /// </summary>
    public const long TeamSerialElements = 1 << 15;

    public long Batches => (Items + ItemsPerBatch - 1) / ItemsPerBatch;

    /// <summary>The item range [start, end) of batch <paramref name="batch"/>.</summary>
    public (long Start, long End) BatchItems(long batch) =>
        (batch * ItemsPerBatch, Math.Min(Items, (batch + 1) * ItemsPerBatch));

    /// <summary>Offset of item <paramref name="item"/> in the tensor and its length.</summary>
    public (long Offset, int Length) Item(long item)
    {
        if (Rows) return (item * ItemLength, (int)ItemLength);
        var (plane, segment) = (item / SegmentsPerPlane, item % SegmentsPerPlane);
        var start = segment * ItemLength;
        return (plane * PlaneLength + start, (int)Math.Max(0, Math.Min(ItemLength, PlaneLength - start)));
    }

    public static WorkPlan For(DytShape shape, bool hasWeight)
    {
        if (shape.ChannelsLast && hasWeight)
        {
            var rowsPerBatch = Math.Max(Math.Max(1, TargetElements / shape.Channels), (shape.Outer + MaxRowBatches - 1) / MaxRowBatches);
            return new WorkPlan(true, shape.Outer, shape.Channels, 1, shape.Channels, rowsPerBatch);
        }

        // A scalar weight per run: channels-first planes of H*W, or, without affine, the whole tensor as one plane.
        var (planes, planeLength) = hasWeight ? (shape.Outer * shape.Channels, shape.Inner) : (1L, shape.Elements);
        var segments = Math.Max(1, (planeLength + TargetElements - 1) / TargetElements);
        var segmentLength = (planeLength + segments - 1) / Math.Max(1, segments);
        return new WorkPlan(false, planes * segments, Math.Max(1, segmentLength), segments, planeLength,
            Math.Max(1, TargetElements / Math.Max(1, segmentLength)));
    }

    /// <summary>
    /// Runs <paramref name="batch"/> for every batch index, in parallel when the problem is large enough: on the
    /// attached OpenMP team (libtorch's) when there is one, else on .NET pool threads.
    /// </summary>
    public void Run(long elements, Action<long> batch)
    {
        if (elements < (OpenMpTeam.IsAttached ? TeamSerialElements : SerialElements) || Batches == 1)
        {
            for (long b = 0; b < Batches; b++) batch(b);
            return;
        }
        if (OpenMpTeam.IsAttached) OpenMpTeam.Run(Batches, batch);
        else Parallel.For(0L, Batches, batch);
    }
}
