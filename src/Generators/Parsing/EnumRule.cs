using System;
using DyT.Generators.Diagnostics;

namespace DyT.Generators.Parsing;

/// <summary>
/// DYT013: a contract enum argument that is no member of its enum (<c>(NormKind)7</c>). Checked before anything reads
/// the value, so that no switch over a contract enum ever sees an undefined member and falls back to a default.
/// </summary>
internal static class EnumRule
{
    /// <summary>Reports <paramref name="value"/> unless it is a defined member of <typeparamref name="TEnum"/>; returns whether it is.</summary>
    public static bool CheckDefined<TEnum>(ProblemList problems, string argument, TEnum value) where TEnum : struct, Enum
    {
        if (Enum.IsDefined(typeof(TEnum), value)) return true;
        problems.Add(DiagnosticCatalog.UndefinedEnumValue, argument,
            $"{argument} must be one of {string.Join(", ", Enum.GetNames(typeof(TEnum)))}; got ({Convert.ToInt32(value)})");
        return false;
    }
}
