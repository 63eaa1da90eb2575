using System.Globalization;

namespace DyT.Generators.Text;

/// <summary>
/// The one way numbers become text, wherever they go: generated code, its comments, diagnostic messages and the
/// literals code fixes insert. Culture-invariant (a German machine must not write "0,8" into generated source) and
/// round-trippable; every double is written as the C# literal that reads back to the same value.
/// </summary>
internal static class Literals
{
    /// <summary>A double as C# source: <c>0.5</c>, <c>1.0</c>, <c>1e-6</c>, <c>double.NaN</c>.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = text.IndexOf('E');
        if (exponent >= 0)
        {
            // "1E-06" reads better as "1e-6".
            var power = int.Parse(text.Substring(exponent + 1), CultureInfo.InvariantCulture);
            return text.Substring(0, exponent) + "e" + power.ToString(CultureInfo.InvariantCulture);
        }
        return text.IndexOf('.') >= 0 ? text : text + ".0";
    }

    /// <summary>An integer, invariant (no culture's minus sign).</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long as C# source: <c>5717416L</c>.</summary>
    public static string Long(long value) => Int(value) + "L";

    /// <summary>A regular string literal; summaries hold only printable ASCII, quotes and backslashes escaped.</summary>
    public static string String(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    /// <summary>"1 block", "3 blocks": a count with its noun, for summaries.</summary>
    public static string Plural(long count, string noun) => $"{Int(count)} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A count for comments and docs: 5,717,416.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
