using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DyT.Samples.Data.Kjv;

/// <summary>
/// The King James Version (1611, public domain) as Debian's bible-kjv-text ships it: 66 books, 31,102 verses.
/// setup/bootstrap.sh fetches it into <see cref="DataCache.KjvDirectory"/>.
/// </summary>
public static partial class KingJamesBible
{
    /// <summary>The books in canonical order: bible.data's abbreviation, then the English name.</summary>
    public static IReadOnlyList<(string Abbreviation, string Name)> Canon { get; } =
    [
        ("Ge", "Genesis"), ("Exo", "Exodus"), ("Lev", "Leviticus"), ("Num", "Numbers"), ("Deu", "Deuteronomy"),
        ("Josh", "Joshua"), ("Jdgs", "Judges"), ("Ruth", "Ruth"), ("1Sm", "1 Samuel"), ("2Sm", "2 Samuel"),
        ("1Ki", "1 Kings"), ("2Ki", "2 Kings"), ("1Chr", "1 Chronicles"), ("2Chr", "2 Chronicles"), ("Ezra", "Ezra"),
        ("Neh", "Nehemiah"), ("Est", "Esther"), ("Job", "Job"), ("Psa", "Psalms"), ("Prv", "Proverbs"),
        ("Eccl", "Ecclesiastes"), ("SSol", "Song of Solomon"), ("Isa", "Isaiah"), ("Jer", "Jeremiah"), ("Lam", "Lamentations"),
        ("Eze", "Ezekiel"), ("Dan", "Daniel"), ("Hos", "Hosea"), ("Joel", "Joel"), ("Amos", "Amos"),
        ("Obad", "Obadiah"), ("Jonah", "Jonah"), ("Mic", "Micah"), ("Nahum", "Nahum"), ("Hab", "Habakkuk"),
        ("Zep", "Zephaniah"), ("Hag", "Haggai"), ("Zec", "Zechariah"), ("Mal", "Malachi"), ("Mat", "Matthew"),
        ("Mark", "Mark"), ("Luke", "Luke"), ("John", "John"), ("Acts", "Acts"), ("Rom", "Romans"),
        ("1Cor", "1 Corinthians"), ("2Cor", "2 Corinthians"), ("Gal", "Galatians"), ("Eph", "Ephesians"), ("Phi", "Philippians"),
        ("Col", "Colossians"), ("1Th", "1 Thessalonians"), ("2Th", "2 Thessalonians"), ("1Tim", "1 Timothy"), ("2Tim", "2 Timothy"),
        ("Titus", "Titus"), ("Phmn", "Philemon"), ("Heb", "Hebrews"), ("Jas", "James"), ("1Pet", "1 Peter"),
        ("2Pet", "2 Peter"), ("1Jn", "1 John"), ("2Jn", "2 John"), ("3Jn", "3 John"), ("Jude", "Jude"),
        ("Rev", "Revelation"),
    ];

    /// <summary>Loads the 66 books from <c>bible.data</c>, checking its SHA-256 first.</summary>
    /// <param name="directory">Folder with bible.data; defaults to <see cref="DataCache.KjvDirectory"/>.</param>
    public static IReadOnlyList<BibleBook> Load(string? directory = null) =>
        Parse(BibleDataFile.ReadText(Path.Combine(directory ?? DataCache.KjvDirectory, "bible.data")));

    /// <summary>
    /// Splits the text of bible.data into books: a title line, then one verse per line as
    /// <c>{abbreviation}{chapter}:{verse} {text}</c> (for example <c>Ge1:1 In the beginning...</c>), the books in
    /// canonical order.
    /// </summary>
    /// <exception cref="InvalidDataException">A line is not a verse, or the books are not the 66 of <see cref="Canon"/> in order.</exception>
    public static IReadOnlyList<BibleBook> Parse(string text)
    {
        var lines = text.Split('\n');
        if (!lines[0].StartsWith("Holy Bible", StringComparison.Ordinal))
            throw new InvalidDataException($"Expected the title line \"Holy Bible, ...\" first; got \"{lines[0]}\".");
        // Consecutive verses of one abbreviation make a book.
        var runs = new List<(string Abbreviation, List<string> Verses)>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1) break;   // the final newline
            var match = VerseLine().Match(lines[i]);
            if (!match.Success)
                throw new InvalidDataException($"Line {i + 1} is not a verse ({{book}}{{chapter}}:{{verse}} {{text}}): \"{lines[i]}\".");
            var book = match.Groups["book"].Value;
            if (runs.Count == 0 || runs[^1].Abbreviation != book) runs.Add((book, new List<string>()));
            runs[^1].Verses.Add(match.Groups["text"].Value);
        }

        var found = runs.Select(r => r.Abbreviation).ToArray();
        var expected = Canon.Select(c => c.Abbreviation).ToArray();
        if (!found.SequenceEqual(expected))
            throw new InvalidDataException($"Expected the 66 books in canonical order ({string.Join(' ', expected)}); got {string.Join(' ', found)}.");
        return runs.Select((run, index) => new BibleBook(index + 1, run.Abbreviation, Canon[index].Name, run.Verses)).ToArray();
    }

    [GeneratedRegex(@"^(?<book>[0-9]?[A-Za-z]+)[0-9]+:[0-9]+ (?<text>.*)$")]
    private static partial Regex VerseLine();
}
