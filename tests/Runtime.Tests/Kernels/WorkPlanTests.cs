using System;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

public class WorkPlanTests
{
    [Theory]
    [InlineData(4096, 768, 1, true)]
    [InlineData(3, 13, 1, true)]
    [InlineData(2, 3, 200_000, true)]  // planes longer than one batch are split in segments
    [InlineData(64, 96, 49, true)]     // many small planes share a batch
    [InlineData(1000, 384, 1, false)]  // no affine: the whole tensor is one plane
    public void Items_tile_the_tensor_exactly_once_and_batches_cover_every_item(long outer, long channels, long inner, bool weight)
    {
        var shape = new DytShape(outer, channels, inner);
        var plan = WorkPlan.For(shape, weight);
        var covered = new bool[shape.Elements];

        long items = 0;
        for (long batch = 0; batch < plan.Batches; batch++)
            for (var (item, end) = plan.BatchItems(batch); item < end; item++, items++)
            {
                var (offset, length) = plan.Item(item);
                for (var i = offset; i < offset + length; i++)
                {
                    Assert.False(covered[i], $"element {i} covered twice");
                    covered[i] = true;
                }
            }

        Assert.Equal(plan.Items, items);
        Assert.All(covered, Assert.True);
    }

    [Fact]
    public void Row_batches_are_capped_so_the_partial_sums_stay_small_for_huge_inputs()
    {
        var plan = WorkPlan.For(DytShape.Rows(10_000_000, 64), hasWeight: true);

        Assert.True(plan.Batches <= WorkPlan.MaxRowBatches, $"{plan.Batches} batches");
        Assert.Equal(10_000_000, Math.Min(plan.Items, plan.Batches * plan.ItemsPerBatch));
    }
}
