using System;
using DyT.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Generation;

/// <summary>Bad input to generation and to the cache: each a clear error naming what was expected and what was given, raised before anything runs.</summary>
public class BadInputTests
{
    private static readonly ICausalLanguageModel Model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
    private static readonly long[] Prompt = [1, 2, 3];

    [Theory]
    [InlineData(0.0, "TopP must be in (0, 1] (1: off); got 0.")]
    [InlineData(1.5, "TopP must be in (0, 1] (1: off); got 1.5.")]
    [InlineData(double.NaN, "TopP must be in (0, 1] (1: off); got NaN.")]
    public void Top_p_outside_zero_to_one_is_refused(double topP, string message) =>
        Refused(new GenerationOptions { TopP = topP }, "TopP", message);

    [Theory]
    [InlineData(-0.5, "Temperature must be a finite number >= 0 (0: greedy); got -0.5.")]
    [InlineData(double.PositiveInfinity, "Temperature must be a finite number >= 0 (0: greedy); got Infinity.")]
    public void A_negative_or_infinite_temperature_is_refused(double temperature, string message) =>
        Refused(new GenerationOptions { Temperature = temperature }, "Temperature", message);

    [Fact]
    public void A_negative_top_k_is_refused() =>
        Refused(new GenerationOptions { TopK = -1 }, "TopK", "TopK must be >= 0 (0: off); got -1.");

    [Fact]
    public void Zero_new_tokens_are_refused() =>
        Refused(new GenerationOptions { MaxNewTokens = 0 }, "MaxNewTokens", "MaxNewTokens must be >= 1; got 0.");

    [Fact]
    public void A_negative_stop_token_is_refused() =>
        Refused(new GenerationOptions { StopTokens = [2, -3] }, "StopTokens", "StopTokens must be token ids >= 0; got -3.");

    [Fact]
    public void A_stop_token_outside_the_vocabulary_is_refused()
    {
        // It could never be produced, so it was ignored without a word.
        Refused(new GenerationOptions { StopTokens = [2, 97] }, "StopTokens", "StopTokens holds 97; token ids must be in [0, 97) (the model's VocabSize).");
    }

    [Fact]
    public void Prompt_ids_outside_the_vocabulary_are_refused_with_where_they_are()
    {
        // Thrown by the call itself, before any token is asked for.
        var error = Assert.Throws<ArgumentException>(() => Model.Generate([[1L, 2, 3], [4L, 97, 5]]));

        Assert.Equal("prompts", error.ParamName);
        Assert.StartsWith("prompts[1][1] is 97; token ids must be in [0, 97) (the model's VocabSize).", error.Message);
        Assert.StartsWith("prompts[0][0] is -1;", Assert.Throws<ArgumentException>(() => Model.Generate([-1L, 2])).Message);
    }

    [Fact]
    public void Batched_prompts_of_different_lengths_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.Generate([[1L, 2, 3], [4L, 5]]));

        Assert.StartsWith("prompts must all have the same length (batched prompts are not padded); prompts[0] has 3 tokens, prompts[1] has 2.", error.Message);
    }

    [Fact]
    public void An_empty_prompt_is_refused() =>
        Assert.StartsWith("prompts[0] is empty; a prompt needs at least one token.",
            Assert.Throws<ArgumentException>(() => Model.Generate(Array.Empty<long>())).Message);

    [Fact]
    public void A_prompt_and_new_tokens_beyond_max_seq_len_are_refused_with_the_count()
    {
        var error = Assert.Throws<ArgumentException>(() => Model.Generate(new long[60], new GenerationOptions { MaxNewTokens = 10 }));

        Assert.StartsWith("A prompt of 60 token(s) and MaxNewTokens 10 need 60 + 10 - 1 = 69 positions; GenLlamaRms embeds at most MaxSeqLen = 64.", error.Message);
    }

    [Fact]
    public void A_prompt_longer_than_the_cache_is_refused_before_any_layer_writes()
    {
        using var cache = KvCache.For(Model, batch: 1, capacity: 8);
        using var tokens = zeros(new long[] { 1, 10 }, ScalarType.Int64);

        var error = Assert.Throws<ArgumentException>(() => Model.forward(tokens, cache));

        Assert.StartsWith("10 token(s) at positions 0..9 do not fit a cache of capacity 8 that holds 0; create the cache with a capacity of at least 10.", error.Message);
        Assert.Equal(0, cache.Length);
    }

    [Fact]
    public void Tokens_past_a_partly_filled_cache_are_refused_with_its_state()
    {
        using var cache = KvCache.For(Model, batch: 1, capacity: 8);
        using var _ = no_grad();
        using var first = Model.forward(zeros(new long[] { 1, 6 }, ScalarType.Int64), cache);

        var error = Assert.Throws<ArgumentException>(() => Model.forward(zeros(new long[] { 1, 3 }, ScalarType.Int64), cache));

        Assert.StartsWith("3 token(s) at positions 6..8 do not fit a cache of capacity 8 that holds 6;", error.Message);
        Assert.Equal(6, cache.Length);
    }

    [Fact]
    public void A_cache_larger_than_max_seq_len_is_refused() =>
        Assert.StartsWith("capacity must be at most GenLlamaRms's MaxSeqLen (64), the last position it embeds; got 65.",
            Assert.Throws<ArgumentOutOfRangeException>(() => KvCache.For(Model, batch: 1, capacity: 65)).Message);

    [Fact]
    public void A_batch_the_cache_was_not_made_for_is_refused()
    {
        using var cache = KvCache.For(Model, batch: 2, capacity: 8);

        var error = Assert.Throws<ArgumentException>(() => Model.forward(zeros(new long[] { 3, 2 }, ScalarType.Int64), cache));

        Assert.StartsWith("This cache holds 2 sequence(s); got a batch of 3.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_cache_with_another_layer_count_than_the_model_is_refused_naming_the_cache(int layers)
    {
        // Fewer layers failed after layer 0 had written, naming an index; more were filled in part without a word.
        using var cache = new KvCache(layers, batch: 1, kvHeads: 2, headDim: 16, capacity: 8);
        using var _ = no_grad();

        var error = Assert.Throws<ArgumentException>(() => Model.forward(zeros(new long[] { 1, 3 }, ScalarType.Int64), cache));

        Assert.Equal("cache", error.ParamName);
        Assert.StartsWith($"cache has {layers} layer(s); the model has 2 (KvCache.For sizes a cache for a model).", error.Message);
        Assert.Equal(0, cache.Length);
    }

    [Fact]
    public void A_cache_of_another_dtype_than_the_model_is_refused()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
        using var cache = KvCache.For(model, batch: 1, capacity: 8);
        ((nn.Module)model).to(ScalarType.BFloat16);

        var error = Assert.Throws<ArgumentException>(() => model.forward(zeros(new long[] { 1, 2 }, ScalarType.Int64), cache));

        Assert.Contains("layer 0's cache holds Float32; got newKeys of BFloat16 (create the cache after moving the model to its dtype).", error.Message);
    }

    private static void Refused(GenerationOptions options, string parameter, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Model.Generate(Prompt, options));

        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(message, error.Message);
    }
}
