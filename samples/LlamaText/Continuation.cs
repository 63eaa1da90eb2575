using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Generation;
using Microsoft.ML.Tokenizers;

namespace LlamaText;

/// <summary>A trained model's continuation of the fixed prompt: the token ids and their text.</summary>
internal sealed record GeneratedText(string Prompt, IReadOnlyList<long> Tokens, string Text);

/// <summary>
/// Continues the sample's fixed prompt with <see cref="TokenGenerator"/>, the same way for every norm: sampling at a
/// fixed seed, so a run prints the same text each time it is repeated.
/// </summary>
internal static class Continuation
{
    /// <summary>
    /// The fixed prompt: the words that open 72 verses, most in training books (Leviticus, Numbers), some in Exodus,
    /// a validation book. 38 bytes, so 38 + 200 - 1 positions fit the models' 256.
    /// </summary>
    public const string Prompt = "And the LORD spake unto Moses, saying,";

    /// <summary>
    /// Temperature 0.7 and nucleus 0.9, a common setting for small models: greedy decoding tends to repeat one phrase
    /// (Holtzman et al., "The Curious Case of Neural Text Degeneration"), and the unscaled tail of a byte model's
    /// distribution spells words wrongly. The seed makes the draw repeatable.
    /// </summary>
    public static GenerationOptions Settings(int maxNewTokens, int seed) =>
        new() { MaxNewTokens = maxNewTokens, Temperature = 0.7, TopP = 0.9, Seed = (ulong)seed };

    /// <summary>How many tokens the models can generate after <paramref name="prompt"/>: MaxSeqLen less the prompt, plus one.</summary>
    public static int MaxNewTokens(Tokenizer tokenizer, string prompt = Prompt) =>
        Options.MaxContext - tokenizer.EncodeToIds(prompt).Count + 1;

    /// <summary>Continues <paramref name="prompt"/> with <paramref name="model"/> and decodes the new tokens.</summary>
    public static GeneratedText Generate(ICausalLanguageModel model, Tokenizer tokenizer, GenerationOptions options, string prompt = Prompt)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var promptIds = tokenizer.EncodeToIds(prompt).Select(id => (long)id).ToArray();
        var tokens = model.Generate(promptIds, options).ToArray();
        return new GeneratedText(prompt, tokens, tokenizer.Decode(tokens.Select(id => (int)id)));
    }
}
