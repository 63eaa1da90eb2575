using System;
using DyT.Generation;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Generation;

/// <summary>
/// A prompt prefilled into the KV cache, then tokens decoded one at a time, must give the logits of running the
/// whole sequence again, at every step, for every norm and floating-point dtype: within 1e-5 in float32 and 1e-2 in
/// bfloat16 and float16 (logits of order 1; half precision rounds each matrix product differently for one token
/// than for a whole sequence).
/// </summary>
public class CachedDecodingTests(ITestOutputHelper output)
{
    private const int Prompt = 7;
    private const int Steps = 12;

    public static TheoryData<NormKind, ScalarType, double> Cases()
    {
        var cases = new TheoryData<NormKind, ScalarType, double>();
        foreach (var norm in new[] { NormKind.RMSNorm, NormKind.DyT, NormKind.LayerNorm, NormKind.Derf })
        {
            cases.Add(norm, ScalarType.Float32, 1e-5);
            cases.Add(norm, ScalarType.BFloat16, 1e-2);
            cases.Add(norm, ScalarType.Float16, 1e-2);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cached_decoding_gives_the_logits_of_recomputing_the_sequence_at_every_step(NormKind norm, ScalarType dtype, double tolerance)
    {
        var model = GenerationModels.Create(norm);
        model.to(dtype);
        var causal = (ICausalLanguageModel)model;
        using var _ = no_grad();
        using var sequence = GenerationModels.Tokens(2, Prompt + Steps, seed: 11);
        using var cache = KvCache.For(causal, batch: 2, capacity: Prompt + Steps);
        double worst = 0;

        using (var scope = NewDisposeScope())
        {
            var prompt = sequence.narrow(1, 0, Prompt);
            worst = Math.Max(worst, MaxError(causal.forward(prompt, cache), model.forward(prompt), tolerance, "prefill"));
        }
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            var position = Prompt + step;
            var cached = causal.forward(sequence.narrow(1, position, 1), cache);
            var recomputed = model.forward(sequence.narrow(1, 0, position + 1)).narrow(1, position, 1);
            worst = Math.Max(worst, MaxError(cached, recomputed, tolerance, $"step {step} (position {position})"));
        }

        Assert.Equal(Prompt + Steps, cache.Length);
        output.WriteLine($"{norm} {dtype}: max abs logits error over prefill and {Steps} steps {worst:E2} (tolerance {tolerance:E0})");
    }

    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    public void A_prompt_prefilled_in_chunks_gives_the_logits_of_one_prefill(NormKind norm)
    {
        var model = GenerationModels.Create(norm);
        var causal = (ICausalLanguageModel)model;
        using var _ = no_grad();
        using var tokens = GenerationModels.Tokens(1, 13, seed: 5);
        using var cache = KvCache.For(causal, batch: 1, capacity: 13);

        using var first = causal.forward(tokens.narrow(1, 0, 6), cache);
        using var second = causal.forward(tokens.narrow(1, 6, 7), cache); // a chunk after cached tokens: the masked path
        using var whole = model.forward(tokens);

        TensorAssert.Close(whole.narrow(1, 0, 6), first, 1e-5, what: "first chunk");
        TensorAssert.Close(whole.narrow(1, 6, 7), second, 1e-5, what: "second chunk");
    }

    [Fact]
    public void A_reset_cache_starts_a_new_sequence_at_position_zero()
    {
        var model = GenerationModels.Create(NormKind.RMSNorm);
        var causal = (ICausalLanguageModel)model;
        using var _ = no_grad();
        using var tokens = GenerationModels.Tokens(1, 5, seed: 8);
        using var cache = KvCache.For(causal, batch: 1, capacity: 5);
        using var once = causal.forward(tokens, cache);

        cache.Reset();
        using var again = causal.forward(tokens, cache);

        TensorAssert.Close(once, again, 0, what: "the same prompt after Reset");
    }

    [Fact]
    public void The_cache_keeps_no_autograd_graph_so_a_decode_step_backpropagates_after_the_prefill_did()
    {
        // The cache's copy_ ran with grad mode on and chained the prefill's graph into the cache: the decode step's
        // backward then failed with "Trying to backward through the graph a second time".
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm); // parameters require grad, as after construction or loading
        using var cache = KvCache.For(model, batch: 1, capacity: 8);
        using var tokens = GenerationModels.Tokens(1, 4, seed: 3);
        using (var prefill = model.forward(tokens.narrow(1, 0, 3), cache))
        using (var loss = prefill.sum())
            loss.backward();

        using var decoded = model.forward(tokens.narrow(1, 3, 1), cache);
        using var next = decoded.sum();

        Assert.Null(Record.Exception(() => next.backward()));
    }

    private double MaxError(Tensor cached, Tensor recomputed, double tolerance, string what)
    {
        var error = (cached.to(ScalarType.Float64) - recomputed.to(ScalarType.Float64)).abs().max().item<double>();
        var scale = recomputed.to(ScalarType.Float64).abs().max().item<double>();
        Assert.True(error <= tolerance, $"{what}: cached logits differ from recomputed ones by {error:E2} (max |logit| {scale:G3}); tolerance {tolerance:E0}");
        Assert.True(scale > 0.25, $"{what}: logits of at most {scale:G3} would make the tolerance meaningless");
        return error;
    }
}
