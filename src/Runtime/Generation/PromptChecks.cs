using System;
using System.Collections.Generic;

namespace DyT.Generation;

/// <summary>The checks of batched prompts and stop tokens against the model, each error naming the token, where it is, what was expected and what was given.</summary>
internal static class PromptChecks
{
    /// <summary>The prompts' ids row after row, once every prompt is known to be non-empty, as long as the first and inside the vocabulary.</summary>
    public static long[] Flatten(IReadOnlyList<IReadOnlyList<long>> prompts, int vocabSize)
    {
        if (prompts.Count == 0) throw new ArgumentException("prompts must hold at least one prompt; got none.", nameof(prompts));
        var length = prompts[0]?.Count ?? 0;
        var tokens = new long[prompts.Count * length];
        for (var p = 0; p < prompts.Count; p++)
        {
            var prompt = prompts[p] ?? throw new ArgumentException($"prompts[{p}] is null; expected token ids.", nameof(prompts));
            if (prompt.Count == 0) throw new ArgumentException($"prompts[{p}] is empty; a prompt needs at least one token.", nameof(prompts));
            if (prompt.Count != length)
                throw new ArgumentException(
                    $"prompts must all have the same length (batched prompts are not padded); prompts[0] has {length} tokens, prompts[{p}] has {prompt.Count}.",
                    nameof(prompts));
            for (var t = 0; t < length; t++)
            {
                if (prompt[t] < 0 || prompt[t] >= vocabSize)
                    throw new ArgumentException($"prompts[{p}][{t}] is {prompt[t]}; token ids must be in [0, {vocabSize}) (the model's VocabSize).", nameof(prompts));
                tokens[p * length + t] = prompt[t];
            }
        }
        return tokens;
    }

    /// <summary>
    /// Throws unless every stop token is inside the vocabulary: one past it could never be produced, so it would be
    /// ignored without a word. (<see cref="GenerationOptions.Validate"/> has refused negative ones already.)
    /// </summary>
    public static void RequireInVocabulary(IEnumerable<long> stopTokens, int vocabSize)
    {
        foreach (var token in stopTokens)
            if (token >= vocabSize)
                throw new ArgumentOutOfRangeException(nameof(GenerationOptions.StopTokens), token,
                    $"StopTokens holds {token}; token ids must be in [0, {vocabSize}) (the model's VocabSize).");
    }
}
