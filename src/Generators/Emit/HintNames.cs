using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DyT.Generators.Specs;

namespace DyT.Generators.Emit;

/// <summary>
/// The hint names of the generated files. Roslyn requires them unique ignoring case (two models <c>P.Vit</c> and
/// <c>P.VIT</c> would otherwise collide and fail the generator for every model), so a model whose full name differs
/// from another's only in case gets a numbered stem. Stems are built from the symbols' names, never from escaped
/// source text, so <c>@namespace.X</c> gives <c>namespace.X</c>.
/// </summary>
internal static class HintNames
{
    /// <summary>
    /// The full names among <paramref name="fullNames"/> that another differs from only in case, ordinally sorted:
    /// the only ones whose stem needs a number. Usually empty, so the incremental cache rarely sees it change.
    /// </summary>
    public static EquatableArray<string> CaseTwins(IEnumerable<string> fullNames) =>
        new([.. fullNames.Distinct(StringComparer.Ordinal)
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .OrderBy(name => name, StringComparer.Ordinal)]);

    /// <summary>
    /// The stem of a model's files: its full name; for the second and later of names that differ only in case (in
    /// ordinal order) the name plus <c>.2</c>, <c>.3</c>, ... No identifier is a number, so no other model's stem is that.
    /// </summary>
    public static string Stem(TargetType target, EquatableArray<string> caseTwins)
    {
        var name = target.FullName;
        var rank = caseTwins.Items.Where(twin => string.Equals(twin, name, StringComparison.OrdinalIgnoreCase))
            .ToList().IndexOf(name);
        return rank <= 0 ? name : $"{name}.{rank + 1}";
    }

    /// <summary>
    /// The hint name of one of a model's files: <c>{stem}.g.cs</c> for the model itself; <c>{stem}-{part}.g.cs</c> for
    /// another file of the same model. No identifier holds a '-', so a part file cannot take another model's name.
    /// </summary>
    public static string For(string stem, string? part = null) => part is null ? stem + ".g.cs" : $"{stem}-{part}.g.cs";
}
