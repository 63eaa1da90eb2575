using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DyT.Samples.Data;

/// <summary>
/// Loads the tokenizer of a Hugging Face model folder with Microsoft.ML.Tokenizers, which reads SentencePiece and
/// tiktoken files but not tokenizer.json itself.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>tokenizer.model</c> of Llama 2, TinyLlama, Mistral (SentencePiece): <c>LlamaTokenizer.Create(File.OpenRead(path))</c>.</item>
/// <item><c>tokenizer.json</c> with a byte-level BPE model (Llama 3.x, GPT-2, Qwen, ...): <see cref="FromTokenizerJson"/>.</item>
/// </list>
/// </remarks>
public static class HuggingFaceTokenizer
{
    /// <summary>GPT-2's pre-tokenizer pattern, used by a <c>ByteLevel</c> pre-tokenizer with <c>use_regex</c> and no <c>Split</c>.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>
    /// Builds a byte-level BPE tokenizer from a tokenizer.json: the vocabulary and merges of its <c>model</c>, its
    /// <c>added_tokens</c> as special tokens, and the regex of its pre-tokenizer (a <c>Split</c> pattern, else GPT-2's).
    /// </summary>
    /// <param name="path">The tokenizer.json file.</param>
    /// <exception cref="NotSupportedException">The model is not a byte-level BPE (a SentencePiece model converted to JSON, WordPiece, ...); the message says what to load instead.</exception>
    public static Tokenizer FromTokenizerJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var model = root.GetProperty("model");
        var type = model.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "BPE")
            throw new NotSupportedException($"{path}: expected a \"BPE\" model; got \"{type}\". Load WordPiece and Unigram tokenizers with their own Microsoft.ML.Tokenizers classes.");
        if (model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True)
            throw new NotSupportedException($"{path} is a SentencePiece model converted to JSON (byte_fallback); load the tokenizer.model beside it with LlamaTokenizer.Create.");

        var vocabulary = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToArray();
        // tokenizers before 0.20 write a merge as "a b", later ones as ["a", "b"].
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!).ToArray();
        var specialTokens = root.TryGetProperty("added_tokens", out var added)
            ? added.EnumerateArray().ToDictionary(a => a.GetProperty("content").GetString()!, a => a.GetProperty("id").GetInt32())
            : new Dictionary<string, int>();
        var pattern = root.TryGetProperty("pre_tokenizer", out var pre) ? SplitPattern(pre) : null;

        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            SpecialTokens = specialTokens,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern ?? Gpt2Pattern, RegexOptions.Compiled), specialTokens),
        });
    }

    /// <summary>The first <c>Split</c> regex in a pre-tokenizer (alone or inside a <c>Sequence</c>), or null.</summary>
    private static string? SplitPattern(JsonElement preTokenizer)
    {
        if (preTokenizer.ValueKind != JsonValueKind.Object) return null;
        if (preTokenizer.TryGetProperty("type", out var type) && type.GetString() == "Split"
            && preTokenizer.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("Regex", out var regex))
            return regex.GetString();
        if (preTokenizer.TryGetProperty("pretokenizers", out var inner))
            foreach (var element in inner.EnumerateArray())
                if (SplitPattern(element) is { } found) return found;
        return null;
    }
}
