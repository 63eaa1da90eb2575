using System.Globalization;

namespace DyT.Generators.Emit;

/// <summary>C# literals for emitted values, culture-invariant and round-trippable.</summary>
internal static class Literals
{
    public static string Double(double value)
    {
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

    /// <summary>A regular string literal; summaries hold only printable ASCII, quotes and backslashes escaped.</summary>
    public static string String(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>"1 block", "3 blocks": a count with its noun, for summaries.</summary>
    public static string Plural(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A count for comments and docs: 5,717,416.</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
