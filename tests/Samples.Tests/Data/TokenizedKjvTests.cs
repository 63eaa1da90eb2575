using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DyT.Samples.Data;
using DyT.Samples.Data.Kjv;

namespace DyT.Samples.Tests.Data;

/// <summary>The byte tokenizer, the split by book and the token cache, on the real bible.data.</summary>
public sealed class TokenizedKjvTests : IDisposable
{
    private readonly List<string> folders = [];

    private static readonly string[] ValidationBooks = ["Exodus", "2 Kings", "Song of Solomon", "Jonah", "Luke", "1 Thessalonians", "1 John"];

    [Fact]
    public void Byte_tokens_are_the_utf8_bytes_and_decode_back_to_the_text()
    {
        var tokenizer = ByteTokenizer.Create();
        foreach (var text in new[] { "In the beginning God created the heaven and the earth.\n", "  two  spaces\tand a tab\r\n", "héllo ✓ 𝄞", "" })
        {
            var ids = tokenizer.EncodeToIds(text);

            Assert.Equal(Encoding.UTF8.GetBytes(text).Select(b => (int)b), ids);
            Assert.Equal(text, tokenizer.Decode(ids));
        }
    }

    [Fact]
    public void The_split_is_by_whole_book_and_the_same_on_every_load()
    {
        var directory = CopyOfBibleData();
        var first = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);
        File.Delete(first.CachePath);
        var second = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);

        Assert.Equal(ValidationBooks, first.Books.Where(b => b.Part == KjvPart.Validation).Select(b => b.Name));
        Assert.Equal(59, first.Books.Count(b => b.Part == KjvPart.Train));
        Assert.Equal((3_670_344, 467_506), (first.Train.Length, first.Validation.Length));
        // Byte tokens: the two streams are exactly the training and the validation books' text.
        var books = KingJamesBible.Load(directory);
        Assert.Equal(Encoding.UTF8.GetBytes(string.Concat(books.Where(b => ValidationBooks.Contains(b.Name)).Select(b => b.Text))).Select(b => (int)b), first.Validation);
        Assert.Equal(books.Sum(b => Encoding.UTF8.GetByteCount(b.Text)), first.Train.Length + first.Validation.Length);
        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Validation, second.Validation);
    }

    [Fact]
    public void The_second_load_reads_the_cache_and_gets_the_same_tokens()
    {
        var directory = CopyOfBibleData();
        var built = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);
        var cached = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);

        Assert.False(built.LoadedFromCache);
        Assert.True(cached.LoadedFromCache);
        Assert.Equal(built.Books, cached.Books);
        Assert.Equal(built.Train, cached.Train);
        Assert.Equal(built.Validation, cached.Validation);
    }

    [Fact]
    public void A_damaged_token_cache_is_refused_with_both_checksums()
    {
        var directory = CopyOfBibleData();
        var built = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);
        var bytes = File.ReadAllBytes(built.CachePath);
        bytes[^10] ^= 0x20;   // one token of Revelation
        File.WriteAllBytes(built.CachePath, bytes);

        var error = Assert.Throws<InvalidDataException>(() => TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory));

        Assert.Matches("the tokens have SHA-256 [0-9a-f]{64}, the header says [0-9a-f]{64}", error.Message);
        Assert.Contains("Delete it", error.Message);
    }

    [Fact]
    public void A_truncated_token_cache_is_refused()
    {
        var directory = CopyOfBibleData();
        var built = TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory);
        var bytes = File.ReadAllBytes(built.CachePath);
        File.WriteAllBytes(built.CachePath, bytes[..^4]);

        var error = Assert.Throws<InvalidDataException>(() => TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name, directory));

        Assert.Contains("bytes of tokens after the header", error.Message);
    }

    [Fact]
    public void A_tokenizer_name_that_cannot_be_a_file_name_is_rejected() =>
        Assert.Equal("tokenizerName", Assert.Throws<ArgumentException>(() => TokenizedKjv.Load(ByteTokenizer.Create(), "../bytes", CopyOfBibleData())).ParamName);

    public void Dispose()
    {
        foreach (var folder in folders) Directory.Delete(folder, recursive: true);
    }

    private string CopyOfBibleData()
    {
        var folder = Directory.CreateTempSubdirectory("kjv").FullName;
        folders.Add(folder);
        File.Copy(Path.Combine(DataCache.KjvDirectory, "bible.data"), Path.Combine(folder, "bible.data"));
        return folder;
    }
}
