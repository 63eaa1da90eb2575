using System;
using System.Linq;
using DyT.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class RotaryEmbeddingTests
{
    [Fact]
    public void Inverse_frequencies_are_one_over_theta_to_the_2i_over_d()
    {
        using var frequencies = RotaryEmbedding.InverseFrequencies(8, 10000);

        var expected = Enumerable.Range(0, 4).Select(i => (float)(1.0 / Math.Pow(10000, 2.0 * i / 8))).ToArray();
        TensorAssert.Close(tensor(expected), frequencies, 1e-6);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-2)]
    public void A_head_dimension_that_is_not_even_and_positive_is_rejected_with_its_value(long headDim)
    {
        var error = Assert.Throws<ArgumentException>(() => RotaryEmbedding.InverseFrequencies(headDim, 10000));

        Assert.Equal("headDim", error.ParamName);
        Assert.Contains($"even, positive head dimension; got {headDim}", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-10000.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_base_that_is_not_finite_and_positive_is_rejected_with_its_value(double theta)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RotaryEmbedding.InverseFrequencies(8, theta));

        Assert.Equal("theta", error.ParamName);
        Assert.Contains($"finite number > 0; got {theta}", error.Message);
    }

    [Fact]
    public void Apply_rejects_input_that_is_not_4d_with_its_shape()
    {
        using var x = randn(2, 5, 8);

        var error = Assert.Throws<ArgumentException>(() => RotaryEmbedding.Apply(x));

        Assert.Contains("shape (B, H, T, D); got (2, 5, 8)", error.Message);
    }

    [Fact]
    public void Apply_rejects_an_odd_head_dimension()
    {
        using var x = randn(1, 2, 3, 5);

        Assert.Contains("got 5", Assert.Throws<ArgumentException>(() => RotaryEmbedding.Apply(x)).Message);
    }
}
