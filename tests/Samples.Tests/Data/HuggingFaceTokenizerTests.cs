using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DyT.Samples.Data;
using DyT.Samples.Data.Kjv;

namespace DyT.Samples.Tests.Data;

/// <summary>tokenizer.json files written here in Hugging Face's layout: 256 byte symbols plus a few merges.</summary>
public sealed class HuggingFaceTokenizerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hf-tokenizer").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_byte_level_bpe_applies_its_merges_and_special_tokens(bool mergesAsArrays)
    {
        var path = Write(mergesAsArrays, preTokenizer: new { type = "ByteLevel", add_prefix_space = false, use_regex = true });

        var tokenizer = HuggingFaceTokenizer.FromTokenizerJson(path);
        var ids = tokenizer.EncodeToIds("In the<|endoftext|>");

        // "In" has no merge: two byte tokens; " the" merges to one token (id 258); the special token keeps its id.
        Assert.Equal(new[] { (int)'I', (int)'n', 258, 259 }, ids);
        Assert.Equal("In the<|endoftext|>", tokenizer.Decode(ids));
    }

    [Fact]
    public void A_split_regex_in_a_sequence_is_the_pre_tokenizer()
    {
        // Split on every character: no merge can apply across the split, so " the" stays four byte tokens.
        var path = Write(false, preTokenizer: new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = "." }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, use_regex = false },
            },
        });

        var ids = HuggingFaceTokenizer.FromTokenizerJson(path).EncodeToIds(" the");

        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public void A_sentencepiece_model_converted_to_json_points_to_tokenizer_model()
    {
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "BPE", "byte_fallback": true, "vocab": {}, "merges": []}}""");

        var error = Assert.Throws<NotSupportedException>(() => HuggingFaceTokenizer.FromTokenizerJson(path));

        Assert.Contains("LlamaTokenizer.Create", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(bool mergesAsArrays, object preTokenizer)
    {
        var vocab = Enumerable.Range(0, 256).ToDictionary(b => ByteTokenizer.ByteLevelSymbol((byte)b).ToString(), b => b);
        vocab["Ġt"] = 256;
        vocab["he"] = 257;
        vocab["Ġthe"] = 258;
        string[][] merges = [["Ġ", "t"], ["h", "e"], ["Ġt", "he"]];
        var json = new
        {
            added_tokens = new[] { new { id = 259, content = "<|endoftext|>", special = true } },
            pre_tokenizer = preTokenizer,
            model = new
            {
                type = "BPE",
                vocab,
                merges = mergesAsArrays ? merges.Cast<object>().ToArray() : merges.Select(m => (object)string.Join(' ', m)).ToArray(),
            },
        };
        var path = Path.Combine(folder, "tokenizer.json");
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }
}
