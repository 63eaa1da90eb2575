using System;
using DyT.Blocks;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class AttentionTests
{
    [Theory]
    [InlineData(new long[] { 2, 3, 12 })] // a wrong width: a native "mat1 and mat2 shapes cannot be multiplied" before
    [InlineData(new long[] { 3, 16 })]    // no batch dimension
    public void Tokens_that_are_not_B_N_width_are_refused_with_the_width_and_the_shape(long[] shape)
    {
        var attention = new Attention(16, 2);
        using var x = randn(shape);

        var error = Assert.Throws<ArgumentException>(() => attention.forward(x));

        Assert.Equal($"Attention over width 16 takes tokens of shape (B, N, 16); got ({string.Join(", ", shape)}). (Parameter 'x')", error.Message);
    }

    [Fact]
    public void Tokens_of_the_attention_width_keep_their_shape()
    {
        var attention = new Attention(16, 2);
        using var x = randn(2, 3, 16);

        using var y = attention.forward(x);

        Assert.Equal(new long[] { 2, 3, 16 }, y.shape);
    }
}
