using System;
using System.Numerics;

namespace DyT.Kernels.Cuda;

/// <summary>Grid and block sizes of one kernel launch.</summary>
/// <param name="GridX">Blocks along x.</param>
/// <param name="GridY">Blocks along y.</param>
/// <param name="BlockX">Threads along x.</param>
/// <param name="BlockY">Threads along y.</param>
/// <param name="SharedBytes">Dynamic shared memory per block.</param>
internal readonly record struct Launch(int GridX, int GridY, int BlockX, int BlockY, int SharedBytes)
{
    /// <summary>Threads per block.</summary>
    public int Threads => BlockX * BlockY;

    /// <summary>Blocks in the grid.</summary>
    public long Blocks => (long)GridX * GridY;
}

/// <summary>
/// How the kernels are launched for a (rows, C) problem: the vector width (16-byte accesses when C and the pointers
/// allow), the tiles of the pointwise forward, the row blocks of the backwards, the row groups of RMSNorm. Pure
/// arithmetic mirroring the kernels' indexing (pointwise_norm.cuh, rmsnorm_kernels.cu), so it is tested on the CPU.
/// </summary>
internal static class LaunchGeometry
{
    /// <summary>Threads per block of the norm kernels (at most; the reductions use 32 x 8).</summary>
    public const int Threads = 256;

    /// <summary>Rows each forward thread loads before computing (DYT_FORWARD_ROWS).</summary>
    public const int ForwardRows = 4;

    /// <summary>
    /// Backward blocks per multiprocessor at most: enough to hide memory latency, few partial rows to add up. Fewer
    /// when fewer fit (the driver's occupancy), so that the backward runs in one wave.
    /// </summary>
    public const int BackwardBlocksPerSm = 4;

    /// <summary>Elements per thread in the RMSNorm kernels (the _e8 and _e16 variants).</summary>
    public static readonly int[] RowElementsPerThread = [8, 16];

    /// <summary>The most threads one RMSNorm row is split over.</summary>
    public const int MaxRowThreads = 512;

    /// <summary>The most channels the RMSNorm kernels take: 512 threads of 16 elements.</summary>
    public const int MaxRowChannels = MaxRowThreads * 16;

    /// <summary>
    /// Elements per 16-byte access (4 float32, 8 half) when C is a multiple of it and every pointer is 16-byte
    /// aligned, else 1.
    /// </summary>
    public static int VectorWidth(DytElementType type, int channels, params nint[] pointers)
    {
        var width = 16 / type.Size();
        if (channels % width != 0) return 1;
        foreach (var pointer in pointers)
            if (pointer % 16 != 0) return 1;
        return width;
    }

    /// <summary>
    /// The pointwise kernels' blocks: blockDim.x threads across one column tile (V columns each), blockDim.y row lanes.
    /// Up to 256 column threads make one tile, and the row lanes fill the block to at most 256 threads, so that every
    /// thread has columns (C = 384 in float32: 96 x 2); wider rows are split into tiles of equal width in whole warps.
    /// </summary>
    public static (int BlockX, int BlockY, int Tiles) ColumnTiles(int channels, int width)
    {
        CheckPositive(channels, nameof(channels));
        CheckPositive(width, nameof(width));
        var columnThreads = (channels + width - 1) / width;
        if (columnThreads <= Threads) return (columnThreads, Math.Max(1, Threads / columnThreads), 1);
        var tiles = (columnThreads + Threads - 1) / Threads;
        return (RoundUp((columnThreads + tiles - 1) / tiles, 32), 1, tiles);
    }

    /// <summary>
    /// The pointwise forward: a grid of (row blocks, column tiles), each block <see cref="ForwardRows"/> rows per row
    /// lane. Not capped: every block has the same work and only the last wave is partial.
    /// </summary>
    public static Launch PointwiseForward(long rows, int channels, int width)
    {
        var (blockX, blockY, tiles) = ColumnTiles(channels, width);
        var rowsPerBlock = (long)blockY * ForwardRows;
        var blocks = Math.Max(1, (rows + rowsPerBlock - 1) / rowsPerBlock);
        if (blocks > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows must be at most {int.MaxValue * rowsPerBlock}; got {rows}.");
        return new Launch((int)blocks, tiles, blockX, blockY, 0);
    }

    /// <summary>
    /// The pointwise backward: the blocks of <see cref="ColumnTiles"/>, a grid of (column tiles, row blocks). Each row
    /// block's partial sums are one row of the partial matrix.
    /// </summary>
    /// <param name="rows">Rows of C channels (0 gives one empty row block, so the gradients are still written).</param>
    /// <param name="channels">C.</param>
    /// <param name="width">Vector width V.</param>
    /// <param name="multiprocessors">The device's multiprocessors.</param>
    /// <param name="blocksPerSm">Blocks that fit on one multiprocessor (the driver's occupancy), capped at <see cref="BackwardBlocksPerSm"/>.</param>
    public static RowBlockPlan PointwiseBackward(long rows, int channels, int width, int multiprocessors, int blocksPerSm)
    {
        var (blockX, blockY, tiles) = ColumnTiles(channels, width);
        var rowBlocks = RowBlocks(rows, blockY, multiprocessors, blocksPerSm, tiles);
        var launch = new Launch(tiles, (int)rowBlocks.Count, blockX, blockY, blockX * blockY * width * sizeof(float));
        return new RowBlockPlan(launch, (int)rowBlocks.Count, rowBlocks.RowsPerBlock);
    }

    /// <summary>
    /// The RMSNorm row groups for C channels in vectors of <paramref name="width"/>: G threads per row (a power of
    /// two from 32 to 512) holding E elements each, the fewest elements that fit; 256 / G rows per block (1 for
    /// G = 512). Null when C is above <see cref="MaxRowChannels"/>.
    /// </summary>
    public static RowGroups? RmsRowGroups(int channels, int width)
    {
        CheckPositive(channels, nameof(channels));
        CheckPositive(width, nameof(width));
        var rowVectors = (channels + width - 1) / width;
        foreach (var elements in RowElementsPerThread)
        {
            var perThread = Math.Max(1, elements / width);
            if (rowVectors > MaxRowThreads * perThread) continue;
            var needed = (rowVectors + perThread - 1) / perThread;
            var groupThreads = Math.Clamp((int)BitOperations.RoundUpToPowerOf2((uint)needed), 32, MaxRowThreads);
            return new RowGroups(groupThreads, Math.Max(1, Threads / groupThreads), elements);
        }
        return null;
    }

    /// <summary>
    /// The RMSNorm forward: row groups strided over the rows by the grid, which is one wave (the occupancy
    /// <paramref name="blocksPerSm"/> times the multiprocessors, fewer when there are fewer rows), so that each
    /// thread's weight load serves many rows.
    /// </summary>
    public static Launch RmsForward(long rows, RowGroups groups, int multiprocessors, int blocksPerSm)
    {
        CheckPositive(multiprocessors, nameof(multiprocessors));
        CheckPositive(blocksPerSm, nameof(blocksPerSm));
        var needed = Math.Max(1, (rows + groups.RowsPerBlock - 1) / groups.RowsPerBlock);
        var blocks = Math.Min(needed, (long)multiprocessors * blocksPerSm);
        return new Launch((int)blocks, 1, groups.Threads, groups.RowsPerBlock, groups.ForwardSharedBytes);
    }

    /// <summary>The RMSNorm backward: row blocks along x, each a contiguous range of rows.</summary>
    public static RowBlockPlan RmsBackward(long rows, RowGroups groups, int width, int multiprocessors, int blocksPerSm)
    {
        var rowBlocks = RowBlocks(rows, groups.RowsPerBlock, multiprocessors, blocksPerSm, tiles: 1);
        var shared = Math.Max(groups.RowsPerBlock * groups.Warps * 2, groups.Threads * groups.RowsPerBlock * width) * sizeof(float);
        var launch = new Launch((int)rowBlocks.Count, 1, groups.Threads, groups.RowsPerBlock, shared);
        return new RowBlockPlan(launch, (int)rowBlocks.Count, rowBlocks.RowsPerBlock);
    }

    // Row blocks aimed at blocksPerSm (at most BackwardBlocksPerSm) per multiprocessor over all column tiles, at
    // least lanes rows each, none empty.
    private static (long Count, long RowsPerBlock) RowBlocks(long rows, int lanes, int multiprocessors, int blocksPerSm, int tiles)
    {
        CheckPositive(multiprocessors, nameof(multiprocessors));
        CheckPositive(blocksPerSm, nameof(blocksPerSm));
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"rows must be >= 0; got {rows}.");
        var wanted = Math.Max(1, ((long)multiprocessors * Math.Min(blocksPerSm, BackwardBlocksPerSm) + tiles - 1) / tiles);
        var count = Math.Clamp(wanted, 1, Math.Max(1, (rows + lanes - 1) / lanes));
        var rowsPerBlock = Math.Max(1, (rows + count - 1) / count);
        return (Math.Max(1, (rows + rowsPerBlock - 1) / rowsPerBlock), rowsPerBlock);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    internal static void CheckPositive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0; got {value}.");
    }
}

/// <summary>A backward launch whose row blocks each cover <paramref name="RowsPerBlock"/> consecutive rows.</summary>
/// <param name="Launch">The grid: row blocks along y (pointwise, with column tiles along x) or along x (RMSNorm).</param>
/// <param name="RowBlocks">Row blocks R: the rows of the partial-sum matrix.</param>
/// <param name="RowsPerBlock">Rows each row block covers.</param>
internal readonly record struct RowBlockPlan(Launch Launch, int RowBlocks, long RowsPerBlock);

/// <summary>RMSNorm's split of a row over threads.</summary>
/// <param name="Threads">G: threads per row, a power of two from 32 to 512.</param>
/// <param name="RowsPerBlock">256 / G rows handled at once by one block (1 for G = 512).</param>
/// <param name="ElementsPerThread">E: 8 or 16, the kernel variant (_e8, _e16).</param>
internal readonly record struct RowGroups(int Threads, int RowsPerBlock, int ElementsPerThread)
{
    /// <summary>Warps per row group.</summary>
    public int Warps => Threads / 32;

    /// <summary>Shared memory of the forward's cross-warp sums.</summary>
    public int ForwardSharedBytes => Math.Max(1, RowsPerBlock * Warps) * sizeof(float);
}
