namespace DyT.Samples.Data.Kjv;

/// <summary>Which part of the corpus a book belongs to.</summary>
public enum KjvPart
{
    /// <summary>Trained on.</summary>
    Train,

    /// <summary>Held out to measure validation loss.</summary>
    Validation,
}

/// <summary>
/// The fixed split by book: every tenth book from the second on is held out, so validation mixes law and narrative,
/// history, poetry, prophecy, a gospel and letters: Exodus, 2 Kings, Song of Solomon, Jonah, Luke, 1 Thessalonians,
/// 1 John (7 of 66 books, 3,442 of 31,102 verses, 11.3% of the text). Whole books, so no verse of a held-out book is
/// ever trained on.
/// </summary>
public static class KjvSplit
{
    /// <summary>The part that book <paramref name="number"/> (1 = Genesis ... 66 = Revelation) belongs to.</summary>
    public static KjvPart PartOf(int number) => number % 10 == 2 ? KjvPart.Validation : KjvPart.Train;
}
