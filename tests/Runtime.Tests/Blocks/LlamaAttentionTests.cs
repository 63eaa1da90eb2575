using System;
using DyT.Blocks;
using DyT.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Blocks;

public class LlamaAttentionTests
{
    [Theory]
    [InlineData(3, 0, "angles must start at the cache's length, 3, the position of the first new token; got angles starting at 0.")]
    [InlineData(null, 4, "angles must start at position 0 without a cache (there are no earlier tokens to attend to); got angles starting at 4.")]
    public void Angles_that_do_not_start_where_the_new_tokens_go_are_refused_with_both_positions(int? cached, long start, string expected)
    {
        // Angles from 0 after 3 cached tokens rotated the 2 new tokens as positions 0-1, and is_causal let them see
        // cached positions 0-1 only.
        var attention = new LlamaAttention(16, 2, 2);
        using var cache = new KvCache(1, 1, 2, 8, 16);
        if (cached is { } length)
        {
            using var prompt = randn(1, length, 16);
            using var angles = attention.Rotary.Angles(0, length, ScalarType.Float32);
            attention.forward(prompt, angles, cache.Layer(0));
            cache.Advance(length);
        }
        using var next = randn(1, 2, 16);
        using var wrong = attention.Rotary.Angles(start, 2, ScalarType.Float32);

        var error = Assert.Throws<ArgumentException>(() => attention.forward(next, wrong, cached is null ? null : cache.Layer(0)));

        Assert.Equal($"{expected} (Parameter 'angles')", error.Message);
    }

    [Fact]
    public void A_chunk_after_cached_tokens_with_angles_at_the_cache_length_equals_the_whole_sequence_at_once()
    {
        var attention = new LlamaAttention(16, 2, 1);
        using var x = randn(1, 5, 16);
        using var whole = attention.forward(x);
        using var cache = new KvCache(1, 1, 1, 8, 16);
        using (var first = attention.Rotary.Angles(0, 3, ScalarType.Float32)) attention.forward(x.narrow(1, 0, 3), first, cache.Layer(0));
        cache.Advance(3);

        using var rest = attention.Rotary.Angles(3, 2, ScalarType.Float32);
        using var chunk = attention.forward(x.narrow(1, 3, 2), rest, cache.Layer(0));

        TensorAssert.Close(whole.narrow(1, 3, 2), chunk, 1e-5, 1e-5, "positions 3-4");
    }
}
