using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DyT.Samples.Data.Kjv;

/// <summary>
/// The token cache: a small header (magic, format version, the source's SHA-256, the tokenizer's name, each book's
/// number, name and token count, the SHA-256 of the tokens), then the tokens as little-endian int32, all books in
/// canonical order. Written to a temporary file and moved into place, so a crash never leaves half a cache.
/// </summary>
internal static class TokenCacheFile
{
    private const string Magic = "DyT.KJV.tokens";
    private const int FormatVersion = 1;

    public static void Write(string path, string tokenizerName, IReadOnlyList<TokenizedBook> books, int[] tokens)
    {
        var bytes = MemoryMarshal.AsBytes(tokens.AsSpan());
        var temporary = path + $".{Environment.ProcessId}.tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(BibleDataFile.ExpectedSha256);
            writer.Write(tokenizerName);
            writer.Write(books.Count);
            foreach (var book in books)
            {
                writer.Write(book.Number);
                writer.Write(book.Name);
                writer.Write(book.TokenCount);
            }
            writer.Write(tokens.Length);
            writer.Write(SHA256.HashData(bytes));
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The token cache is little-endian.");
            writer.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static (IReadOnlyList<TokenizedBook> Books, int[] Tokens) Read(string path, string tokenizerName)
    {
        // Book parts are not stored: they come from KjvSplit, so a cache never carries a stale split.
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            Expect(path, "magic", Magic, reader.ReadString());
            Expect(path, "format version", FormatVersion.ToString(), reader.ReadInt32().ToString());
            Expect(path, "source SHA-256", BibleDataFile.ExpectedSha256, reader.ReadString());
            Expect(path, "tokenizer", tokenizerName, reader.ReadString());
            var bookCount = reader.ReadInt32();
            Expect(path, "book count", KingJamesBible.Canon.Count.ToString(), bookCount.ToString());
            var books = new TokenizedBook[bookCount];
            long total = 0;
            for (var i = 0; i < bookCount; i++)
            {
                var number = reader.ReadInt32();
                var name = reader.ReadString();
                var count = reader.ReadInt32();
                books[i] = new TokenizedBook(number, name, KjvSplit.PartOf(number), count);
                total += count;
            }
            var tokenCount = reader.ReadInt32();
            Expect(path, "token count (sum of the books')", total.ToString(), tokenCount.ToString());
            var expectedHash = reader.ReadBytes(32);
            var tokens = new int[tokenCount];
            var bytes = MemoryMarshal.AsBytes(tokens.AsSpan());
            if (reader.Read(bytes) != bytes.Length || reader.BaseStream.Position != reader.BaseStream.Length)
                throw Damaged(path, $"expected exactly {bytes.Length} bytes of tokens after the header");
            var actualHash = SHA256.HashData(bytes);
            if (!actualHash.AsSpan().SequenceEqual(expectedHash))
                throw Damaged(path, $"the tokens have SHA-256 {Convert.ToHexStringLower(actualHash)}, the header says {Convert.ToHexStringLower(expectedHash)}");
            return (books, tokens);
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, "the file ends inside its header");
        }
    }

    private static void Expect(string path, string field, string expected, string actual)
    {
        if (expected != actual) throw Damaged(path, $"its {field} is '{actual}', expected '{expected}'");
    }

    private static InvalidDataException Damaged(string path, string what) =>
        new($"The token cache {path} cannot be used: {what}. Delete it; the next load tokenizes bible.data again.");
}
