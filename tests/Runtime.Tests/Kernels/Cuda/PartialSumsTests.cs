using System.Linq;
using DyT.Kernels.Cuda;

namespace DyT.Runtime.Tests.Kernels.Cuda;

public class PartialSumsTests
{
    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(64, new[] { 1 })]
    [InlineData(65, new[] { 2, 1 })]
    [InlineData(528, new[] { 9, 1 })] // ViT-S on 132 multiprocessors: 526-528 partial rows
    [InlineData(4097, new[] { 65, 2, 1 })]
    public void Row_blocks_are_added_in_segments_of_64_rows_level_after_level(int rows, int[] levels) =>
        Assert.Equal(levels, new PartialSums(rows, 768, 1, rows).Levels);

    [Fact]
    public void The_workspace_holds_the_matrix_the_scalar_partials_and_two_scratch_levels()
    {
        var sums = new PartialSums(4097, 100, 2, 5000);

        Assert.Equal(4L * 4097 * 100, sums.ScalarOffset);
        Assert.Equal(sums.ScalarOffset + 4L * 2 * 5000 + 4L * 65 * 100 + 4L * 2 * 100, sums.WorkspaceBytes);
    }

    [Fact]
    public void The_first_level_also_adds_the_scalars_the_last_writes_the_gradients_and_the_ones_between_stay_in_the_workspace()
    {
        var device = new RecordingDevice();
        var sums = new PartialSums(528, 768, 2, 528);
        const long workspace = 0x10000, dweight = 0xA000, dbias = 0xB000, dalpha = 0xC000, dshift = 0xD000;

        sums.Launch(device, (nint)workspace, (nint)dweight, (nint)dbias, 384, (nint)dalpha, (nint)dshift);

        Assert.Equal(2, device.Launches.Count);
        var (first, second) = (device.Launches[0], device.Launches[1]);
        Assert.Equal(24 * 9 + 2, first.Launch.GridX);
        Assert.Equal((32, 8, 1024), (first.Launch.BlockX, first.Launch.BlockY, first.Launch.SharedBytes));
        var scratch = (long)first.Arguments[5].Bits;
        Assert.InRange(scratch, workspace + sums.ScalarOffset + 4 * 2 * 528, workspace + sums.WorkspaceBytes - 4L * 9 * 768);
        Assert.Equal([workspace, 528, 768, 64, 9, scratch, 0, 768, workspace + sums.ScalarOffset, 528, dalpha, dshift],
            first.Arguments.Select(a => (long)a.Bits));
        Assert.Equal([scratch, 9, 768, 64, 1, dweight, dbias, 384], second.Arguments.Take(8).Select(a => (long)a.Bits));
        Assert.Equal(24, second.Launch.GridX);
    }
}
