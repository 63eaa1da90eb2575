namespace DyT.Bench;

/// <summary>The order statistics every harness reports over its rounds.</summary>
internal static class RoundStatistics
{
    /// <summary>The value below which a fraction <paramref name="q"/> of <paramref name="values"/> lie (nearest rank).</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }

    /// <summary>The middle value (the upper of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);
}
