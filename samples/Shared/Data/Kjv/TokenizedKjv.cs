using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Tokenizers;

namespace DyT.Samples.Data.Kjv;

/// <summary>How many tokens one book has and which part it is in.</summary>
/// <param name="Number">1 (Genesis) to 66 (Revelation).</param>
/// <param name="Name">The English name.</param>
/// <param name="Part">Train or validation (<see cref="KjvSplit"/>).</param>
/// <param name="TokenCount">Tokens of the book's text (one verse per line).</param>
public sealed record TokenizedBook(int Number, string Name, KjvPart Part, int TokenCount);

/// <summary>
/// The King James Bible tokenized once and cached: the training books' tokens as one stream, the validation
/// books' as another, both in canonical order. The first load tokenizes bible.data and writes
/// <c>tokens.{tokenizer}.bin</c> beside it (<see cref="TokenCacheFile"/>); later loads read that file and check its checksum.
/// </summary>
public sealed class TokenizedKjv
{
    private TokenizedKjv(string tokenizerName, IReadOnlyList<TokenizedBook> books, int[] tokens, string cachePath, bool fromCache)
    {
        TokenizerName = tokenizerName;
        Books = books;
        CachePath = cachePath;
        LoadedFromCache = fromCache;
        var train = new List<int>();
        var validation = new List<int>();
        var start = 0;
        foreach (var book in books)
        {
            (book.Part == KjvPart.Train ? train : validation).AddRange(tokens.AsSpan(start, book.TokenCount));
            start += book.TokenCount;
        }
        Train = train.ToArray();
        Validation = validation.ToArray();
    }

    /// <summary>The name of the tokenizer the tokens come from (part of the cache file's name).</summary>
    public string TokenizerName { get; }

    /// <summary>The 66 books with their part and token count.</summary>
    public IReadOnlyList<TokenizedBook> Books { get; }

    /// <summary>Tokens of the training books, in canonical order.</summary>
    public int[] Train { get; }

    /// <summary>Tokens of the validation books, in canonical order.</summary>
    public int[] Validation { get; }

    /// <summary>The token cache file.</summary>
    public string CachePath { get; }

    /// <summary>Whether this load read the cache (true) or tokenized bible.data and wrote it (false).</summary>
    public bool LoadedFromCache { get; }

    /// <summary>
    /// Loads the tokens from the cache, or tokenizes bible.data and writes the cache. The cache is keyed by
    /// <paramref name="tokenizerName"/>: give each tokenizer its own name.
    /// </summary>
    /// <param name="tokenizer">Any Microsoft.ML.Tokenizers tokenizer.</param>
    /// <param name="tokenizerName">Names the tokenizer in the cache file name; letters, digits, '-', '_' and '.'.</param>
    /// <param name="directory">Folder with bible.data; defaults to <see cref="DataCache.KjvDirectory"/>.</param>
    /// <exception cref="InvalidDataException">The cache file exists but is damaged or was written from other data.</exception>
    public static TokenizedKjv Load(Tokenizer tokenizer, string tokenizerName, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (string.IsNullOrEmpty(tokenizerName) || !tokenizerName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException($"tokenizerName names the cache file, so it must be letters, digits, '-', '_' or '.'; got '{tokenizerName}'.", nameof(tokenizerName));
        directory ??= DataCache.KjvDirectory;
        var cachePath = Path.Combine(directory, $"tokens.{tokenizerName}.bin");
        if (File.Exists(cachePath))
        {
            var (books, tokens) = TokenCacheFile.Read(cachePath, tokenizerName);
            return new TokenizedKjv(tokenizerName, books, tokens, cachePath, fromCache: true);
        }

        var bible = KingJamesBible.Load(directory);
        var perBook = bible.Select(book => tokenizer.EncodeToIds(book.Text)).ToArray();
        var tokenized = bible.Select((book, i) => new TokenizedBook(book.Number, book.Name, KjvSplit.PartOf(book.Number), perBook[i].Count)).ToArray();
        var all = perBook.SelectMany(ids => ids).ToArray();
        TokenCacheFile.Write(cachePath, tokenizerName, tokenized, all);
        return new TokenizedKjv(tokenizerName, tokenized, all, cachePath, fromCache: false);
    }
}
