using System;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

public unsafe class ChannelPartialsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(16, 2)]
    [InlineData(384, 37)]
    [InlineData(1000, 7)]
    public void Every_vector_starts_on_a_cache_line_and_none_overlap(int channels, int batches)
    {
        using var partials = new ChannelPartials(batches, channels, gradients: 2);

        var previousEnd = (nint)0;
        for (var batch = 0; batch < batches; batch++)
            for (var gradient = 0; gradient < 2; gradient++)
            {
                var start = (nint)partials.Of(batch, gradient);
                Assert.True(start % 64 == 0, $"batch {batch}, gradient {gradient} starts at {start:x}, not on a 64-byte line");
                Assert.True(start >= previousEnd, $"batch {batch}, gradient {gradient} overlaps the vector before it");
                for (var c = 0; c < channels; c++) Assert.Equal(0f, partials.Of(batch, gradient)[c]);
                previousEnd = start + channels * sizeof(float);
            }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    [InlineData(37, 4)]
    [InlineData(384, 37)]
    public void ReduceInto_has_the_bits_of_a_float64_sum_down_each_channel_in_batch_order(int channels, int batches)
    {
        var random = new Random(channels * 31 + batches);
        using var partials = new ChannelPartials(batches, channels, gradients: 2);
        for (var batch = 0; batch < batches; batch++)
            for (var gradient = 0; gradient < 2; gradient++)
                for (var c = 0; c < channels; c++)
                    partials.Of(batch, gradient)[c] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 6)));

        for (var gradient = 0; gradient < 2; gradient++)
        {
            var reduced = new float[channels];
            fixed (float* destination = reduced) partials.ReduceInto(gradient, destination);

            for (var c = 0; c < channels; c++)
            {
                double expected = 0;
                for (var batch = 0; batch < batches; batch++) expected += partials.Of(batch, gradient)[c];
                Assert.Equal(BitConverter.SingleToInt32Bits((float)expected), BitConverter.SingleToInt32Bits(reduced[c]));
            }
        }
    }
}
