using System;

namespace DyT.Kernels.Cuda;

/// <summary>Grid and block sizes of one kernel launch.</summary>
/// <param name="GridX">Blocks along x.</param>
/// <param name="GridY">Blocks along y.</param>
/// <param name="BlockX">Threads along x.</param>
/// <param name="BlockY">Threads along y.</param>
/// <param name="SharedBytes">Dynamic shared memory per block.</param>
public readonly record struct Launch(int GridX, int GridY, int BlockX, int BlockY, int SharedBytes);

/// <summary>
/// How the CUDA kernels are launched for a (rows, C) problem: the vector width (16-byte loads when C and the
/// pointers allow), the grid of the elementwise forward, and the row blocks of the backward whose partial sums the
/// reduction kernels add up. Pure arithmetic, so it is tested without a GPU.
/// </summary>
public static class LaunchGeometry
{
    /// <summary>Threads per block of every kernel.</summary>
    public const int Threads = 256;

    /// <summary>Forward blocks per multiprocessor at most (the kernel loops over the rest, grid-stride).</summary>
    public const int ForwardBlocksPerSm = 8;

    /// <summary>Backward blocks per multiprocessor aimed at: enough to hide latency, few partial rows to reduce.</summary>
    public const int BackwardBlocksPerSm = 4;

    /// <summary>
    /// Elements per thread step: 16 bytes' worth (4 float32, 8 half) when C is a multiple of it and every pointer is
    /// 16-byte aligned, else 1.
    /// </summary>
    public static int VectorWidth(DytElementType type, int channels, params nint[] pointers)
    {
        var width = 16 / type.Size();
        if (channels % width != 0) return 1;
        foreach (var pointer in pointers)
            if (pointer % 16 != 0) return 1;
        return width;
    }

    /// <summary>The forward launch over <paramref name="elements"/> elements in vectors of <paramref name="width"/>.</summary>
    public static Launch Forward(long elements, int width, int multiprocessors)
    {
        CheckPositive(multiprocessors, nameof(multiprocessors));
        var vectors = elements / width;
        var blocks = Math.Clamp((vectors + Threads - 1) / Threads, 1, (long)multiprocessors * ForwardBlocksPerSm);
        return new Launch((int)blocks, 1, Threads, 1, 0);
    }

    /// <summary>The backward launch and its row blocks.</summary>
    public static BackwardPlan Backward(long rows, int channels, int width, int multiprocessors)
    {
        CheckPositive(multiprocessors, nameof(multiprocessors));
        CheckPositive(channels, nameof(channels));
        var columnThreads = (channels + width - 1) / width;
        // Threads across columns: a power of two from 32 to 256, so the block is 256 and its tree reduction is exact.
        var blockX = Math.Min(Threads, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(32, columnThreads)));
        var blockY = Threads / blockX;
        var tiles = (columnThreads + blockX - 1) / blockX;
        var wanted = Math.Max(1, ((long)multiprocessors * BackwardBlocksPerSm + tiles - 1) / tiles);
        var rowBlocks = Math.Clamp(wanted, 1, Math.Max(1, rows));
        var rowsPerBlock = Math.Max(1, (rows + rowBlocks - 1) / rowBlocks);
        rowBlocks = Math.Max(1, (rows + rowsPerBlock - 1) / rowsPerBlock);
        var launch = new Launch(tiles, (int)rowBlocks, blockX, blockY, Threads * width * sizeof(float));
        return new BackwardPlan(launch, rowsPerBlock);
    }

    private static void CheckPositive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0; got {value}.");
    }
}

/// <summary>The backward launch, rows per block, and the workspace its partial sums need.</summary>
/// <param name="Launch">Grid: (column tiles, row blocks).</param>
/// <param name="RowsPerBlock">Rows each row block covers.</param>
public readonly record struct BackwardPlan(Launch Launch, long RowsPerBlock)
{
    /// <summary>Row blocks R: partial dweight and dbias are R x C floats each.</summary>
    public int RowBlocks => Launch.GridY;

    /// <summary>Partial dalpha values: one per block.</summary>
    public int AlphaPartials => Launch.GridX * Launch.GridY;

    /// <summary>Bytes of device workspace for (R x C) dweight and dbias partials and the dalpha partials.</summary>
    public long WorkspaceBytes(int channels) => 4L * (2L * RowBlocks * channels + AlphaPartials);
}
