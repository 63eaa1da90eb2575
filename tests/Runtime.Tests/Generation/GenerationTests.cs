using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Generation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Generation;

/// <summary>The streaming generation API: greedy and sampled decoding, seeds, top-k, top-p, stop tokens, batches and NaN logits.</summary>
public class GenerationTests
{
    private static readonly long[] Prompt = [5, 17, 42, 3, 88, 61];

    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    [InlineData(NormKind.LayerNorm)]
    [InlineData(NormKind.Derf)]
    public void Greedy_decoding_with_the_cache_gives_the_tokens_of_recomputing_the_sequence(NormKind norm)
    {
        var model = GenerationModels.Create(norm, seed: 2);

        var cached = ((ICausalLanguageModel)model).Generate(Prompt, new GenerationOptions { MaxNewTokens = 40, Temperature = 0 }).ToList();

        Assert.Equal(GenerationModels.GreedyByRecomputing(model, Prompt, 40), cached);
        // A random model with a tied head (the LayerNorm one here) keeps predicting the token it just read, since its
        // logits are dominated by that token's own embedding; the untied ones must wander, or the comparison says little.
        if (!((ICausalLanguageModel)model).Declaration.Equals(GenLlamaLayerNorm.Declaration))
            Assert.True(cached.Distinct().Count() > 10, $"greedy decoding visited only {cached.Distinct().Count()} tokens; the comparison says little");
    }

    [Fact]
    public void Sampling_with_a_seed_is_reproducible_and_another_seed_samples_otherwise()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.DyT);
        GenerationOptions Options(ulong seed) => new() { MaxNewTokens = 50, Temperature = 1.5, TopK = 40, TopP = 0.95, Seed = seed };

        var first = model.Generate(Prompt, Options(7)).ToList();
        var again = model.Generate(Prompt, Options(7)).ToList();
        var other = model.Generate(Prompt, Options(8)).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 50, Temperature = 0 }).ToList(), first);
    }

    [Fact]
    public void Top_k_of_one_and_a_tiny_top_p_are_greedy_at_any_temperature()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
        var greedy = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 20, Temperature = 0 }).ToList();

        Assert.Equal(greedy, model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 20, Temperature = 5, TopK = 1, Seed = 1 }).ToList());
        Assert.Equal(greedy, model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 20, Temperature = 5, TopP = 1e-6, Seed = 1 }).ToList());
    }

    [Theory]
    [InlineData(1e-40, 0, 1.0)]
    [InlineData(double.Epsilon, 5, 0.9)]
    public void A_tiny_positive_temperature_samples_the_greedy_tokens(double temperature, int topK, double topP)
    {
        // Logits / 1e-40 overflowed float32 to infinity, whose softmax is NaN, and the draw failed with a native error.
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
        var greedy = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 10, Temperature = 0 }).ToList();

        var tiny = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 10, Temperature = temperature, TopK = topK, TopP = topP, Seed = 1 }).ToList();

        Assert.Equal(greedy, tiny);
    }

    [Fact]
    public void Greedy_decoding_of_a_float64_model_takes_the_float64_argmax()
    {
        var module = GenerationModels.Create(NormKind.RMSNorm);
        module.to(ScalarType.Float64);
        var first = GenerationModels.GreedyByRecomputing(module, Prompt, 1)[0];
        Assert.True(first < GenerationModels.Vocabulary - 1);
        var head = (Linear)module.named_modules().Single(m => m.name == "lm_head").module;
        using (no_grad())
            head.weight![first + 1].copy_(head.weight![first] * (1 + 1e-12)); // token first + 1 now 1e-12 (relative) more likely: a tie in float32

        var expected = GenerationModels.GreedyByRecomputing(module, Prompt, 1)[0];
        var generated = ((ICausalLanguageModel)module).Generate(Prompt, new GenerationOptions { MaxNewTokens = 1, Temperature = 0 }).Single();

        Assert.Equal(first + 1, expected);
        Assert.Equal(expected, generated);
    }

    [Fact]
    public void Top_k_samples_only_among_the_k_most_likely_tokens()
    {
        var module = GenerationModels.Create(NormKind.RMSNorm);
        var sampled = ((ICausalLanguageModel)module).Generate(Prompt, new GenerationOptions { MaxNewTokens = 30, Temperature = 3, TopK = 3, Seed = 4 }).ToList();

        var sequence = new List<long>(Prompt);
        using var _ = no_grad();
        foreach (var token in sampled)
        {
            using var scope = NewDisposeScope();
            var top = module.forward(tensor(sequence.ToArray()).unsqueeze(0))[0, -1].topk(3).indexes.data<long>().ToArray();
            Assert.Contains(token, top);
            sequence.Add(token);
        }
        Assert.True(sampled.Zip(GenerationModels.GreedyByRecomputing(module, Prompt, 30)).Any(pair => pair.First != pair.Second),
            "at temperature 3 top-3 sampling never left the greedy path; the test says little");
    }

    [Fact]
    public void Top_p_samples_only_from_the_nucleus()
    {
        var module = GenerationModels.Create(NormKind.DyT);
        const double topP = 0.6;
        var sampled = ((ICausalLanguageModel)module).Generate(Prompt, new GenerationOptions { MaxNewTokens = 30, Temperature = 2, TopP = topP, Seed = 9 }).ToList();

        var sequence = new List<long>(Prompt);
        using var _ = no_grad();
        foreach (var token in sampled)
        {
            using var scope = NewDisposeScope();
            var probabilities = (module.forward(tensor(sequence.ToArray()).unsqueeze(0))[0, -1] / 2).softmax(-1);
            // The token is in the nucleus when the tokens more likely than it hold less than topP of the mass.
            var above = probabilities.masked_select(probabilities > probabilities[token]).sum().item<float>();
            Assert.True(above < topP, $"token {token} has {above:F3} of the probability above it; top-p {topP} excludes it");
            sequence.Add(token);
        }
    }

    [Fact]
    public void A_stop_token_ends_the_sequence_and_is_produced()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
        var greedy = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 30, Temperature = 0 }).ToList();
        var stop = greedy[4];

        var stopped = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 30, Temperature = 0, StopTokens = [stop] }).ToList();

        Assert.Equal(greedy.Take(greedy.IndexOf(stop) + 1), stopped);
    }

    [Fact]
    public void Batched_prompts_give_each_prompt_its_own_tokens_and_stopped_ones_report_null()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.DyT);
        long[][] prompts = [Prompt, [9, 9, 1, 2, 70, 33], [60, 2, 2, 8, 0, 96]];
        var alone = prompts.Select(p => model.Generate(p, new GenerationOptions { MaxNewTokens = 16, Temperature = 0 }).ToList()).ToList();
        var stop = alone[1][3];

        var steps = model.Generate(prompts, new GenerationOptions { MaxNewTokens = 16, Temperature = 0, StopTokens = [stop] }).ToList();

        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Step));
        for (var b = 0; b < prompts.Length; b++)
        {
            var produced = steps.Select(s => s.Tokens[b]).TakeWhile(t => t is not null).Select(t => t!.Value).ToList();
            var expected = alone[b].IndexOf(stop) is var at and >= 0 ? alone[b].Take(at + 1).ToList() : alone[b];
            Assert.Equal(expected, produced);
            Assert.All(steps.Skip(produced.Count), s => Assert.Null(s.Tokens[b]));
        }
    }

    [Fact]
    public void Nan_logits_stop_greedy_decoding_naming_the_sequence_and_the_step()
    {
        // Argmax took NaN for the largest logit and returned its token.
        var module = GenerationModels.Create(NormKind.RMSNorm); // untied: the embedding is not the head
        long[] clean = Prompt, poisoned = [9, 9, 1, 2, 70, 33];
        var next = GenerationModels.GreedyByRecomputing(module, poisoned, 1)[0];
        Assert.DoesNotContain(next, clean.Concat(poisoned).Concat(GenerationModels.GreedyByRecomputing(module, clean, 1)));
        var embedding = (Embedding)module.named_modules().Single(m => m.name == "model.embed_tokens").module;
        using (no_grad()) embedding.weight![next].fill_(double.NaN); // read only by the poisoned prompt's step 1
        var produced = new List<GeneratedTokens>();

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var step in ((ICausalLanguageModel)module).Generate([clean, poisoned], new GenerationOptions { MaxNewTokens = 3, Temperature = 0 }))
                produced.Add(step);
        });

        Assert.Equal("The logits of sequence 1 at step 1 (0: the first generated token) hold NaN, so no token can be picked; " +
            "the model's weights or activations hold NaN or overflowed its dtype (Float32).", error.Message);
        Assert.Equal(next, Assert.Single(produced).Tokens[1]);
    }

    [Fact]
    public void Nan_logits_stop_sampling_with_the_same_error_not_a_native_one()
    {
        var module = GenerationModels.Create(NormKind.RMSNorm);
        var head = (Linear)module.named_modules().Single(m => m.name == "lm_head").module;
        using (no_grad()) head.weight![7].fill_(double.NaN); // token 7's logit is NaN at every step

        var error = Assert.Throws<InvalidOperationException>(() =>
            ((ICausalLanguageModel)module).Generate(Prompt, new GenerationOptions { MaxNewTokens = 3, Seed = 1 }).ToList());

        Assert.Equal("The logits of sequence 0 at step 0 (0: the first generated token) hold NaN, so no token can be picked; " +
            "the model's weights or activations hold NaN or overflowed its dtype (Float32).", error.Message);
    }

    [Fact]
    public void An_infinite_logit_is_drawn_for_sure_at_any_temperature()
    {
        // The row's largest score was subtracted first: inf - inf was NaN, and the draw failed with a native error.
        using var sampler = new TokenSampler(new GenerationOptions { Temperature = 0.7, Seed = 3 });
        using var logits = tensor(new[] { 0f, 5f, float.PositiveInfinity, 1f, 0f, 1f, 2f, 3f }, [2, 4]);

        for (var step = 0; step < 20; step++) Assert.Equal(2, sampler.Next(logits, step)[0]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public void A_row_of_minus_infinity_stops_decoding_naming_the_sequence_and_the_step(double temperature)
    {
        // Greedy returned token 0 (the first of equal scores); sampling failed in the draw with a native error.
        using var sampler = new TokenSampler(new GenerationOptions { Temperature = temperature, Seed = 3 });
        var minus = float.NegativeInfinity;
        using var logits = tensor(new[] { 0f, 1f, 2f, 3f, minus, minus, minus, minus }, [2, 4]);

        var error = Assert.Throws<InvalidOperationException>(() => sampler.Next(logits, 4));

        Assert.Equal("The logits of sequence 1 at step 4 (0: the first generated token) are all -infinity, so no token can be picked; " +
            "every token is masked out.", error.Message);
    }

    [Fact]
    public void Tokens_stream_as_they_are_asked_for()
    {
        var model = (ICausalLanguageModel)GenerationModels.Create(NormKind.RMSNorm);
        var all = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 20, Temperature = 0 }).ToList();

        using var stream = model.Generate(Prompt, new GenerationOptions { MaxNewTokens = 20, Temperature = 0 }).GetEnumerator();
        var first = new List<long>();
        for (var i = 0; i < 3 && stream.MoveNext(); i++) first.Add(stream.Current);

        Assert.Equal(all.Take(3), first);
    }
}
