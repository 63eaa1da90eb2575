using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>
/// Generates tokens from a causal language model with a <see cref="KvCache"/>: the prompt runs through the model
/// once (prefill), then each new token alone (decode), and tokens are streamed as they are produced. Every argument
/// is checked when <c>Generate</c> is called, before the model runs; the model itself runs as the enumeration asks
/// for tokens, under <c>no_grad</c>, each step in a dispose scope of its own, so memory stays flat however long it runs.
/// </summary>
/// <example><code>
/// var model = new MyLlama();
/// foreach (var token in model.Generate(promptIds, new GenerationOptions { MaxNewTokens = 200, Temperature = 0.8, TopP = 0.95, Seed = 1 }))
///     Console.Write(tokenizer.Decode([(int)token]));
/// </code></example>
public static class TokenGenerator
{
    /// <summary>
    /// Streams the tokens that continue <paramref name="prompt"/>: at most <see cref="GenerationOptions.MaxNewTokens"/>,
    /// ending after a stop token (which is produced too).
    /// </summary>
    /// <param name="model">A generated LLaMA (every one implements <see cref="ICausalLanguageModel"/>).</param>
    /// <param name="prompt">Token ids, at least one, each in [0, VocabSize).</param>
    /// <param name="options">How to pick tokens; null: the defaults (128 tokens sampled at temperature 1, fresh seed).</param>
    public static IEnumerable<long> Generate(this ICausalLanguageModel model, IReadOnlyList<long> prompt, GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var steps = model.Generate([prompt], options);
        return steps.Select(step => step.Tokens[0] ?? throw new InvalidOperationException("a stopped sequence was asked for a token"));
    }

    /// <summary>
    /// Streams the tokens that continue each of <paramref name="prompts"/>, decoded together as one batch: one
    /// <see cref="GeneratedTokens"/> per step, until every sequence has produced a stop token or
    /// <see cref="GenerationOptions.MaxNewTokens"/> tokens. A sequence that stopped reports null from then on.
    /// </summary>
    /// <param name="model">A generated LLaMA (every one implements <see cref="ICausalLanguageModel"/>).</param>
    /// <param name="prompts">Prompts of equal length (at least one token each; batches are not padded), ids in [0, VocabSize).</param>
    /// <param name="options">How to pick tokens; null: the defaults.</param>
    public static IEnumerable<GeneratedTokens> Generate(this ICausalLanguageModel model, IReadOnlyList<IReadOnlyList<long>> prompts,
        GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        options ??= new GenerationOptions();
        options.Validate();
        var declaration = CausalLanguageModels.DeclarationOf(model);
        var module = CausalLanguageModels.ModuleOf(model);
        var tokens = PromptChecks.Flatten(prompts, declaration.VocabSize);
        PromptChecks.RequireInVocabulary(options.StopTokens, declaration.VocabSize);
        long length = prompts[0].Count, positions = length + options.MaxNewTokens - 1;
        if (positions > declaration.MaxSeqLen)
            throw new ArgumentException(
                $"A prompt of {length} token(s) and MaxNewTokens {options.MaxNewTokens} need {length} + {options.MaxNewTokens} - 1 = {positions} positions; " +
                $"{declaration.ModelName} embeds at most MaxSeqLen = {declaration.MaxSeqLen}.", nameof(prompts));
        return Steps(model, tokens, prompts.Count, length, positions, options, module.parameters().First().device);
    }

    private static IEnumerable<GeneratedTokens> Steps(ICausalLanguageModel model, long[] prompt, int batch, long length, long capacity,
        GenerationOptions options, Device device)
    {
        using var cache = KvCache.For(model, batch, capacity);
        using var sampler = new TokenSampler(options);
        var stops = options.StopTokens.ToHashSet();
        var stopped = new bool[batch];
        var next = Step(model, prompt, batch, length, cache, sampler, device, step: 0); // prefill: the whole prompt at once
        for (var step = 0; ; step++)
        {
            var produced = new long?[batch];
            for (var b = 0; b < batch; b++)
            {
                if (stopped[b]) continue;
                produced[b] = next[b];
                stopped[b] = stops.Contains(next[b]);
            }
            yield return new GeneratedTokens(step, produced);
            if (step + 1 == options.MaxNewTokens || stopped.All(done => done)) yield break;
            next = Step(model, next, batch, 1, cache, sampler, device, step + 1); // decode: one token per sequence
        }
    }

    /// <summary>Runs <paramref name="tokens"/> (batch x count, row-major) through the model and picks each sequence's token of <paramref name="step"/>.</summary>
    private static long[] Step(ICausalLanguageModel model, long[] tokens, int batch, long count, KvCache cache, TokenSampler sampler, Device device, int step)
    {
        // Opened and closed within the step, never across a yield: dispose scopes and no_grad are per thread and
        // stack-ordered, and the caller may open its own between two tokens.
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var input = tensor(tokens, new[] { (long)batch, count }, ScalarType.Int64, device);
        var logits = model.forward(input, cache);
        return sampler.Next(logits.select(1, count - 1), step);
    }
}
