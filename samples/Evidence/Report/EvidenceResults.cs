using System;
using System.Collections.Generic;
using Evidence.Experiments;
using Evidence.Figures;

namespace Evidence;

/// <summary>Everything one evidence run measured, for the report and the console.</summary>
internal sealed record EvidenceResults(
    EvidenceOptions Options,
    IReadOnlyList<SeedRun> SeedRuns,
    IReadOnlyList<AlphaPoint> AlphaHistory,
    IReadOnlyList<(string Title, string Path, double InputStd)> Figure2Layers,
    IReadOnlyList<ResNetRun> ResNetRuns,
    ConversionOutcome Conversion,
    TimeSpan Elapsed,
    string Machine)
{
    /// <summary>The c of alpha = c / std fitted through the origin on the last epoch of the DyT run.</summary>
    public double Figure8Scale => Figure8Fit.Scale(AlphaHistory);
}

/// <summary>How Figure 8's points are summarised: a slope through the origin and a correlation, on trained epochs.</summary>
internal static class Figure8Fit
{
    public static double Scale(IReadOnlyList<AlphaPoint> points)
    {
        var last = LastEpoch(points);
        return Stats.SlopeThroughOrigin(last.ConvertAll(p => p.InverseStd), last.ConvertAll(p => p.Alpha));
    }

    public static List<AlphaPoint> LastEpoch(IReadOnlyList<AlphaPoint> points)
    {
        var epoch = 0;
        foreach (var p in points) epoch = Math.Max(epoch, p.Epoch);
        return ((List<AlphaPoint>)[.. points]).FindAll(p => p.Epoch == epoch);
    }

    public static List<AlphaPoint> Trained(IReadOnlyList<AlphaPoint> points) => ((List<AlphaPoint>)[.. points]).FindAll(p => p.Epoch > 0);
}
