using System;
using System.Collections.Generic;
using System.Linq;

namespace Evidence;

/// <summary>Mean, sample standard deviation and Pearson correlation, as the report quotes them.</summary>
internal static class Stats
{
    public static double Mean(IEnumerable<double> values) => values.Average();

    /// <summary>Sample standard deviation (n - 1); NaN for fewer than two values.</summary>
    public static double SampleStd(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2) return double.NaN;
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Pearson's r of paired values; NaN when either side is constant or there are fewer than two pairs.</summary>
    public static double Pearson(IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var x = xs.ToArray();
        var y = ys.ToArray();
        if (x.Length != y.Length) throw new ArgumentException($"Pearson needs pairs; got {x.Length} x values and {y.Length} y values.");
        if (x.Length < 2) return double.NaN;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>The slope c of y = c x through the origin, by least squares.</summary>
    public static double SlopeThroughOrigin(IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var pairs = xs.Zip(ys).ToList();
        return pairs.Sum(p => p.First * p.Second) / pairs.Sum(p => p.First * p.First);
    }

    /// <summary>"94.15 ± 0.32" (percent), or just the mean for one run.</summary>
    public static string PercentMeanStd(IEnumerable<double> fractions)
    {
        var list = fractions.ToList();
        var std = SampleStd(list);
        return double.IsNaN(std) ? $"{100 * Mean(list):F2}%" : $"{100 * Mean(list):F2} ± {100 * std:F2}%";
    }

    public static string MeanStd(IEnumerable<double> values, string format = "F4")
    {
        var list = values.ToList();
        var std = SampleStd(list);
        return double.IsNaN(std) ? Mean(list).ToString(format) : $"{Mean(list).ToString(format)} ± {std.ToString(format)}";
    }
}
