using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Norms;
using ScottPlot;

namespace Evidence.Figures;

/// <summary>One DyT layer at one epoch: its alpha and the std of its input on the fixed probe batch.</summary>
internal sealed record AlphaPoint(int Epoch, string Layer, double Alpha, double InputStd)
{
    public double InverseStd => 1 / InputStd;
}

/// <summary>
/// The paper's Figure 8: each DyT layer's alpha against 1/std of its input, epoch by epoch, during DyT training; with
/// the line alpha = c / std fitted through the origin, and the calibration rule's c for comparison.
/// </summary>
internal static class Figure8
{
    public const int Width = 640, Height = 520;

    public static void Save(string path, IReadOnlyList<AlphaPoint> points, double fittedScale)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (epoch, index) in points.Select(p => p.Epoch).Distinct().Order().Select((e, i) => (e, i)))
        {
            var ofEpoch = points.Where(p => p.Epoch == epoch).ToList();
            var markers = plot.Add.Scatter(ofEpoch.Select(p => p.InverseStd).ToArray(), ofEpoch.Select(p => p.Alpha).ToArray());
            markers.LineWidth = 0;
            markers.MarkerSize = 8;
            markers.Color = palette.GetColor(index % 10);
            markers.LegendText = epoch == 0 ? "at initialisation" : $"epoch {epoch}";
        }

        var xMax = points.Max(p => p.InverseStd) * 1.1;
        AddRay(plot, xMax, fittedScale, $"alpha = {fittedScale:0.##} / std (fit, last epoch)", LinePattern.Solid);
        AddRay(plot, xMax, AlphaRule.DefaultScale, $"alpha = {AlphaRule.DefaultScale:0.##} / std (calibration rule)", LinePattern.Dashed);

        var trained = points.Where(p => p.Epoch > 0).ToList();
        plot.Title($"DyT alpha tracks 1/std of its input (r = {Stats.Pearson(trained.Select(p => p.InverseStd), trained.Select(p => p.Alpha)):0.00})");
        plot.XLabel("1 / std of the layer's input");
        plot.YLabel("alpha");
        plot.ShowLegend(Alignment.UpperLeft);
        FigureFile.Save(path, Width, Height, plot);
    }

    private static void AddRay(Plot plot, double xMax, double slope, string label, LinePattern pattern)
    {
        var line = plot.Add.Scatter(new[] { 0.0, xMax }, new[] { 0.0, slope * xMax });
        line.MarkerSize = 0;
        line.LineWidth = 1.5f;
        line.LinePattern = pattern;
        line.Color = Colors.Black;
        line.LegendText = label;
    }
}
