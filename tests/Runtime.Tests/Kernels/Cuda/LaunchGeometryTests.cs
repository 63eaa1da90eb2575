using System;
using DyT.Kernels;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

public class LaunchGeometryTests
{
    [Theory]
    [InlineData(DytElementType.Float32, 4096, 0x1000, 4)]
    [InlineData(DytElementType.BFloat16, 4096, 0x1000, 8)]
    [InlineData(DytElementType.Float16, 4100, 0x1000, 1)] // 4100 is not a multiple of 8
    [InlineData(DytElementType.Float32, 4096, 0x1004, 1)] // a pointer off 16-byte alignment
    public void Vector_width_is_16_bytes_only_when_channels_and_pointers_allow(DytElementType type, int channels, long pointer, int expected) =>
        Assert.Equal(expected, LaunchGeometry.VectorWidth(type, channels, 0x2000, (nint)pointer));

    [Fact]
    public void Forward_covers_small_inputs_with_enough_blocks_and_caps_large_ones_for_a_grid_stride_loop()
    {
        Assert.Equal(new Launch(3, 1, 256, 1, 0), LaunchGeometry.Forward(3 * 256 * 4, 4, 132));
        Assert.Equal(132 * LaunchGeometry.ForwardBlocksPerSm, LaunchGeometry.Forward(8192L * 4096, 8, 132).GridX);
        Assert.Equal(1, LaunchGeometry.Forward(1, 1, 132).GridX);
    }

    [Fact]
    public void Backward_of_8192_by_4096_bf16_uses_2_column_tiles_of_256_threads_and_256_row_blocks_of_32_rows()
    {
        var plan = LaunchGeometry.Backward(8192, 4096, 8, 132);

        Assert.Equal(new Launch(2, 256, 256, 1, 256 * 8 * 4), plan.Launch);
        Assert.Equal(32, plan.RowsPerBlock);
        Assert.Equal(4L * (2L * 256 * 4096 + 2 * 256), plan.WorkspaceBytes(4096));
    }

    [Theory]
    [InlineData(4096L, 384, 4)]
    [InlineData(3L, 13, 1)]
    [InlineData(100_000L, 768, 8)]
    public void Backward_blocks_are_256_threads_cover_every_row_once_and_every_column(long rows, int channels, int width)
    {
        var plan = LaunchGeometry.Backward(rows, channels, width, 80);
        var launch = plan.Launch;

        Assert.Equal(256, launch.BlockX * launch.BlockY);
        Assert.True(System.Numerics.BitOperations.IsPow2(launch.BlockX), $"blockX {launch.BlockX}");
        Assert.True((long)launch.GridX * launch.BlockX * width >= channels, "columns covered");
        Assert.True((launch.GridX - 1L) * launch.BlockX * width < channels, "no empty column tile");
        Assert.True(launch.GridY * plan.RowsPerBlock >= rows, "rows covered");
        Assert.True((launch.GridY - 1) * plan.RowsPerBlock < rows, "no empty row block");
    }

    [Fact]
    public void A_zero_multiprocessor_count_is_rejected_with_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LaunchGeometry.Forward(10, 1, 0));
        Assert.Equal("multiprocessors", error.ParamName);
        Assert.Contains("must be > 0; got 0", error.Message);
    }
}
