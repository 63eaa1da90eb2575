using DyT.Blocks;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class TimestepEmbedderTests
{
    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void After_moving_to_another_dtype_it_embeds_in_that_dtype(ScalarType dtype)
    {
        // The float32 sinusoidal embedding met a float64 or bfloat16 Linear: "mat1 and mat2 must have the same dtype".
        var embedder = new TimestepEmbedder(16);
        embedder.to(dtype);
        using var timesteps = tensor(new long[] { 1, 500 });

        using var y = embedder.forward(timesteps);

        Assert.Equal(new long[] { 2, 16 }, y.shape);
        Assert.Equal(dtype, y.dtype);
    }
}
