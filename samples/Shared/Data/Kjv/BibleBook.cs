using System.Collections.Generic;

namespace DyT.Samples.Data.Kjv;

/// <summary>One book of the King James Bible: its verses in order, without their references.</summary>
/// <param name="Number">1 (Genesis) to 66 (Revelation), the canonical order.</param>
/// <param name="Abbreviation">The abbreviation bible.data uses (Ge, Exo, ... Rev).</param>
/// <param name="Name">The English name (Genesis, Exodus, ... Revelation).</param>
/// <param name="Verses">The text of each verse, in order.</param>
public sealed record BibleBook(int Number, string Abbreviation, string Name, IReadOnlyList<string> Verses)
{
    /// <summary>The book as training text: one verse per line, each line ending in a newline.</summary>
    public string Text => string.Join('\n', Verses) + "\n";
}
