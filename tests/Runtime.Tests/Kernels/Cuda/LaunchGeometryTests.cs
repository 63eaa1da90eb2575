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
    public void The_forward_has_one_block_per_four_rows_of_each_row_lane_and_column_tile_without_a_cap()
    {
        Assert.Equal(new Launch(2048, 2, 256, 1, 0), LaunchGeometry.PointwiseForward(8192, 4096, 8)); // bf16: 512 vectors a row, 2 tiles
        Assert.Equal(new Launch(788, 1, 96, 2, 0), LaunchGeometry.PointwiseForward(6304, 384, 4));    // ViT-S float32: 8 rows a block
        Assert.Equal(new Launch(1, 1, 1, 256, 0), LaunchGeometry.PointwiseForward(1, 1, 1));
        Assert.Equal(262144, LaunchGeometry.PointwiseForward(1L << 24, 64, 4).GridX); // far more than 8 blocks per multiprocessor
    }

    [Theory]
    [InlineData(384, 4, 96, 2, 1)]    // ViT-S float32: every thread of the block has columns
    [InlineData(384, 8, 48, 5, 1)]    // ViT-S bfloat16
    [InlineData(13, 1, 13, 19, 1)]    // ragged
    [InlineData(4096, 4, 256, 1, 4)]  // four tiles of 256 threads
    [InlineData(2056, 8, 160, 1, 2)]  // 257 column threads: two tiles of 160 (whole warps)
    public void Backward_blocks_span_the_columns_with_as_few_idle_threads_as_whole_warps_allow(int channels, int width, int blockX, int blockY, int tiles)
    {
        var plan = LaunchGeometry.PointwiseBackward(10_000, channels, width, 132, 4);

        Assert.Equal((blockX, blockY, tiles), (plan.Launch.BlockX, plan.Launch.BlockY, plan.Launch.GridX));
        Assert.True(plan.Launch.Threads <= 256);
        Assert.Equal(plan.Launch.Threads * width * 4, plan.Launch.SharedBytes);
    }

    [Theory]
    [InlineData(6304L, 384, 4, 132, 4)]
    [InlineData(3L, 13, 1, 132, 4)]
    [InlineData(100_000L, 768, 8, 80, 2)]
    [InlineData(0L, 64, 4, 8, 4)]
    public void Backward_row_blocks_cover_every_row_once_none_empty_and_fill_the_device_once(long rows, int channels, int width, int sms, int fit)
    {
        var plan = LaunchGeometry.PointwiseBackward(rows, channels, width, sms, fit);

        Assert.Equal(plan.RowBlocks, plan.Launch.GridY);
        Assert.True(plan.RowBlocks * plan.RowsPerBlock >= rows, "rows covered");
        Assert.True(rows == 0 || (plan.RowBlocks - 1) * plan.RowsPerBlock < rows, "no empty row block");
        Assert.True(plan.Launch.Blocks <= (long)sms * fit, $"{plan.Launch.Blocks} blocks: one wave of {sms} x {fit}");
    }

    [Fact]
    public void The_occupancy_caps_the_row_blocks_so_that_the_backward_runs_in_one_wave()
    {
        // 528 wanted (at most 4 per SM), 190 rows each, so 527 blocks; 264 when only 2 fit; 8 column tiles share them.
        Assert.Equal(527, LaunchGeometry.PointwiseBackward(100_000, 384, 4, 132, 8).RowBlocks);
        Assert.Equal(264, LaunchGeometry.PointwiseBackward(100_000, 384, 4, 132, 2).RowBlocks);
        Assert.Equal(33, LaunchGeometry.PointwiseBackward(100_000, 8192, 4, 132, 2).RowBlocks);
    }

    [Theory]
    [InlineData(384, 4, 64, 4, 8)]
    [InlineData(768, 8, 128, 2, 8)]
    [InlineData(4096, 8, 512, 1, 8)]
    [InlineData(4096, 4, 512, 1, 8)]
    [InlineData(8192, 4, 512, 1, 16)]
    [InlineData(8192, 8, 512, 1, 16)]
    [InlineData(2049, 1, 512, 1, 8)]
    [InlineData(13, 1, 32, 8, 8)]
    public void RmsNorm_row_groups_are_a_power_of_two_of_threads_holding_the_row_in_registers(int channels, int width, int threads, int rows, int elements)
    {
        var groups = LaunchGeometry.RmsRowGroups(channels, width)!.Value;

        Assert.Equal(new RowGroups(threads, rows, elements), groups);
        Assert.True((long)groups.Threads * Math.Max(1, elements / width) * width >= channels, "the row fits");
    }

    [Fact]
    public void RmsNorm_takes_rows_of_up_to_8192_channels_at_any_width_in_blocks_of_256_or_512_threads()
    {
        foreach (var width in new[] { 1, 4, 8 })
        {
            Assert.NotNull(LaunchGeometry.RmsRowGroups(8192, width));
            Assert.Null(LaunchGeometry.RmsRowGroups(8192 + width, width));
        }
        for (var channels = 1; channels <= 8192; channels += 37)
        {
            var groups = LaunchGeometry.RmsRowGroups(channels, 1)!.Value;
            var backward = LaunchGeometry.RmsBackward(1000, groups, 8, 132, 4);
            Assert.True(backward.Launch.SharedBytes <= 48 * 1024);
            Assert.Contains(groups.Threads * groups.RowsPerBlock, new[] { 256, 512 });
        }
    }

    [Fact]
    public void RmsNorm_forward_is_one_wave_of_row_groups_and_the_backward_contiguous_row_ranges()
    {
        var groups = LaunchGeometry.RmsRowGroups(384, 4)!.Value;

        Assert.Equal(new Launch(528, 1, 64, 4, 4 * 2 * 4), LaunchGeometry.RmsForward(6304, groups, 132, 4)); // 1576 groups of rows share 528 blocks
        Assert.Equal(3, LaunchGeometry.RmsForward(9, groups, 132, 4).GridX);
        var backward = LaunchGeometry.RmsBackward(6304, groups, 4, 132, 4);
        Assert.Equal(526, backward.RowBlocks); // 528 wanted, 12 rows each
        Assert.Equal(526, backward.Launch.GridX);
        Assert.Equal(12, backward.RowsPerBlock);
    }

    [Fact]
    public void A_zero_multiprocessor_count_is_rejected_with_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LaunchGeometry.PointwiseBackward(10, 16, 1, 0, 4));
        Assert.Equal("multiprocessors", error.ParamName);
        Assert.Contains("must be > 0; got 0", error.Message);
    }
}
