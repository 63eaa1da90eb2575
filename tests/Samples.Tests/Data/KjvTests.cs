using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using DyT.Samples.Data;
using DyT.Samples.Data.Kjv;

namespace DyT.Samples.Tests.Data;

/// <summary>Runs on the real bible.data that setup/bootstrap.sh fetched (the README's test command runs it first).</summary>
public class KjvTests
{
    // SHA-256 of the whole decoded text, computed by an independent decoder (a Python port of compress's LZW) when
    // this reader was written: a single wrong byte in any of the 68 windows changes it.
    private const string DecodedTextSha256 = "e53aaf0af1e58f259e35d0d9f7ca1bbe154fd77bb95471279b37b34d3c397a98";

    private static string BibleData => Path.Combine(DataCache.KjvDirectory, "bible.data");

    [Fact]
    public void The_decoded_text_is_the_whole_bible_byte_for_byte()
    {
        var text = BibleDataFile.ReadText(BibleData);

        Assert.Equal(4_404_475, text.Length);
        Assert.Equal(DecodedTextSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        Assert.StartsWith("Holy Bible, Authorized (King James) Version.", text);
        Assert.EndsWith("Rev22:21 The grace of our Lord Jesus Christ be with you all. Amen.\n", text);
    }

    [Fact]
    public void The_bible_has_66_books_and_31102_verses_in_canonical_order()
    {
        var books = KingJamesBible.Load();

        Assert.Equal(66, books.Count);
        Assert.Equal(31_102, books.Sum(b => b.Verses.Count));
        Assert.Equal(("Genesis", 1533), (books[0].Name, books[0].Verses.Count));
        Assert.Equal(("Psalms", 2461), (books[18].Name, books[18].Verses.Count));
        Assert.Equal(("Revelation", 404), (books[65].Name, books[65].Verses.Count));
        Assert.Equal("In the beginning God created the heaven and the earth.", books[0].Verses[0]);
        Assert.Equal(Enumerable.Range(1, 66), books.Select(b => b.Number));
    }

    [Fact]
    public void A_damaged_bible_data_is_refused_with_both_checksums()
    {
        var folder = Directory.CreateTempSubdirectory("kjv-bad").FullName;
        var bytes = File.ReadAllBytes(BibleData);
        bytes[100_000] ^= 0x01;
        File.WriteAllBytes(Path.Combine(folder, "bible.data"), bytes);

        var error = Assert.Throws<InvalidDataException>(() => KingJamesBible.Load(folder));

        Assert.Contains($"expected {BibleDataFile.ExpectedSha256}", error.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), error.Message);
    }

    [Fact]
    public void A_missing_bible_says_how_to_fetch_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => KingJamesBible.Load(Path.Combine(Path.GetTempPath(), "no-such-kjv")));

        Assert.Contains("setup/bootstrap.sh", error.Message);
    }

    [Fact]
    public void A_corrupt_window_is_an_error_not_a_short_text()
    {
        var bytes = File.ReadAllBytes(BibleData);
        // Window 5's codes replaced by a code far beyond any defined one.
        var start = 92 + 4 * 5;
        var windowStart = (bytes[start] << 24) | (bytes[start + 1] << 16) | (bytes[start + 2] << 8) | bytes[start + 3];
        for (var i = 0; i < 64; i++) bytes[windowStart + i] = 0xFF;

        Assert.Throws<InvalidDataException>(() => BibleDataFile.Decode(bytes));
    }

    [Fact]
    public void Verses_must_be_in_whole_books_in_canonical_order()
    {
        var swapped = "Holy Bible\nExo1:1 Now these are the names.\nGe1:1 In the beginning.\n";

        var error = Assert.Throws<InvalidDataException>(() => KingJamesBible.Parse(swapped));

        Assert.Contains("got Exo Ge", error.Message);
        Assert.Contains("is not a verse", Assert.Throws<InvalidDataException>(() => KingJamesBible.Parse("Holy Bible\nGe1 no verse number\n")).Message);
    }
}
