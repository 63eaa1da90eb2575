using System;
using System.Collections.Generic;

namespace DyT.Kernels.Cuda;

/// <summary>
/// How a backward's partial sums become gradients, with norm_reduce_rows (norm_common.cuh): a matrix of
/// <see cref="Rows"/> x <see cref="Columns"/> floats (one row per row block) is added up down its rows in segments
/// of <see cref="RowsPerSegment"/>, level after level, until one row is left; that row is the column gradients. So
/// every thread adds at most <see cref="RowsPerSegment"/> / 8 values per level, however many row blocks there are,
/// instead of one thread per column adding all of them. <see cref="Scalars"/> more values (dalpha, dshift) are each
/// the sum of <see cref="ScalarCount"/> per-block partials, added by extra blocks of the first launch.
/// </summary>
/// <param name="Rows">Row blocks R of the backward.</param>
/// <param name="Columns">Columns of the partial matrix (2C: dweight then dbias; or C).</param>
/// <param name="Scalars">Scalar gradients (0, 1 or 2).</param>
/// <param name="ScalarCount">Per-block partials of each scalar.</param>
internal sealed record PartialSums(int Rows, int Columns, int Scalars, int ScalarCount)
{
    /// <summary>Rows one block adds per level: 8 lanes of 8 rows.</summary>
    public const int RowsPerSegment = 64;

    /// <summary>Columns per block (DYT_REDUCE_COLUMNS) and row lanes (DYT_REDUCE_LANES).</summary>
    public const int BlockColumns = 32, BlockLanes = 8;

    /// <summary>The kernel.</summary>
    public const string Kernel = "norm_reduce_rows";

    /// <summary>Segments (rows of the output) of each level, the last being 1.</summary>
    public IReadOnlyList<int> Levels
    {
        get
        {
            var levels = new List<int>();
            var rows = Math.Max(1, Rows);
            do
            {
                rows = (rows + RowsPerSegment - 1) / RowsPerSegment;
                levels.Add(rows);
            } while (rows > 1);
            return levels;
        }
    }

    /// <summary>Byte offset of the scalar partials in the workspace (after the matrix).</summary>
    public long ScalarOffset => 4L * Rows * Columns;

    private long ScratchOffset => ScalarOffset + 4L * Scalars * ScalarCount;

    // Two scratch rows-of-segments buffers, written alternately by the levels before the last.
    private long ScratchBytes(int parity)
    {
        var levels = Levels;
        long largest = 0;
        for (var level = parity; level < levels.Count - 1; level += 2) largest = Math.Max(largest, 4L * levels[level] * Columns);
        return largest;
    }

    /// <summary>Workspace bytes: the matrix, the scalar partials and the scratch of the levels.</summary>
    public long WorkspaceBytes => ScratchOffset + ScratchBytes(0) + ScratchBytes(1);

    /// <summary>
    /// Launches the levels on <paramref name="device"/>. Columns below <paramref name="split"/> go to
    /// <paramref name="outA"/>, the others to <paramref name="outB"/> (either may be 0: not wanted); the scalars to
    /// <paramref name="scalar0"/> and <paramref name="scalar1"/>.
    /// </summary>
    public void Launch(IKernelDevice device, nint workspace, nint outA, nint outB, int split, nint scalar0, nint scalar1)
    {
        var levels = Levels;
        var input = workspace;
        var rows = Math.Max(1, Rows);
        var scratch = new[] { workspace + (nint)ScratchOffset, workspace + (nint)(ScratchOffset + ScratchBytes(0)) };
        var columnBlocks = (Columns + BlockColumns - 1) / BlockColumns;
        for (var level = 0; level < levels.Count; level++)
        {
            var segments = levels[level];
            var last = level == levels.Count - 1;
            var scalarBlocks = level == 0 ? Scalars : 0;
            var output = last ? outA : scratch[level % 2];
            var arguments = new KernelArguments()
                .Pointer(input).Int32(rows).Int32(Columns).Int32(RowsPerSegment).Int32(segments)
                .Pointer(output).Pointer(last ? outB : 0).Int32(last ? split : Columns)
                .Pointer(workspace + (nint)ScalarOffset).Int32(ScalarCount).Pointer(scalar0).Pointer(scalar1);
            var blocks = (long)columnBlocks * segments + scalarBlocks;
            device.Launch(Kernel, new Launch(checked((int)blocks), 1, BlockColumns, BlockLanes, BlockColumns * BlockLanes * sizeof(float)), arguments);
            input = output;
            rows = segments;
        }
    }
}
