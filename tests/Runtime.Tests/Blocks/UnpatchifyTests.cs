using System;
using DyT.Blocks;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class UnpatchifyTests
{
    [Fact]
    public void Tokens_become_the_patches_of_the_image_in_row_major_order()
    {
        // 2 x 2 patches of 2 x 2 pixels, 1 channel: token k holds patch k's pixels row by row.
        using var tokens = arange(16, ScalarType.Float32).view(1, 4, 4);

        using var image = Unpatchify.Apply(tokens, channels: 1, patch: 2);

        var expected = tensor(new float[] { 0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15 }).view(1, 1, 4, 4);
        TensorAssert.Close(expected, image, 0);
    }

    [Theory]
    [InlineData(new long[] { 1, 8, 36 })]   // 8 tokens are no square grid, though 8 * 36 = (3 * 2)^2 * 8 would reshape
    [InlineData(new long[] { 1, 9, 16 })]   // a square grid, but 16 features where patch * patch * channels = 32
    [InlineData(new long[] { 9, 32 })]      // no batch dimension
    public void Tokens_that_are_not_a_square_grid_of_whole_patches_are_refused_with_the_expected_and_actual_shape(long[] shape)
    {
        using var tokens = randn(shape);

        var error = Assert.Throws<ArgumentException>(() => Unpatchify.Apply(tokens, channels: 8, patch: 2));

        Assert.Equal(
            $"tokens must have shape (B, grid * grid, patch * patch * channels) = (B, N, 32) with N a square number; got ({string.Join(", ", shape)}). (Parameter 'tokens')",
            error.Message);
    }
}
