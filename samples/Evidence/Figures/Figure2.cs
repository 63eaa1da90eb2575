using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Inspection;
using DyT.Norms;
using ScottPlot;

namespace Evidence.Figures;

/// <summary>
/// The paper's Figure 2: a trained LayerNorm's input against its output before the affine, for an early, a middle and
/// a late layer. Each token's points lie on its own line, slope 1/std and intercept -mean/std of that token; together
/// the lines trace a tanh-like S-curve.
/// </summary>
internal static class Figure2
{
    public const int PanelWidth = 520, Height = 480;
    private const int HighlightedTokens = 6;

    public static void Save(string path, IReadOnlyList<(string Title, NormLayerRecord Layer)> panels) =>
        FigureFile.Save(path, PanelWidth, Height, panels.Select(panel => Panel(panel.Title, panel.Layer)).ToArray());

    private static Plot Panel(string title, NormLayerRecord layer)
    {
        var sample = layer.Sample;
        var channels = (int)sample.Channels;
        var plot = new Plot();
        var all = plot.Add.Scatter(sample.Input.Select(v => (double)v).ToArray(), sample.Output.Select(v => (double)v).ToArray());
        all.LineWidth = 0;
        all.MarkerSize = 2;
        all.Color = Colors.SteelBlue.WithAlpha(0.25);
        all.LegendText = $"{sample.Tokens} tokens x {channels} channels";

        var palette = new ScottPlot.Palettes.Category10();
        var step = Math.Max(1, sample.Tokens / HighlightedTokens);
        for (int k = 0, token = step / 2; k < HighlightedTokens && token < sample.Tokens; k++, token += step)
        {
            var xs = sample.Input.AsSpan(token * channels, channels).ToArray().Select(v => (double)v).ToArray();
            var ys = sample.Output.AsSpan(token * channels, channels).ToArray().Select(v => (double)v).ToArray();
            var color = palette.GetColor(k + 1);
            var points = plot.Add.Scatter(xs, ys);
            points.LineWidth = 0;
            points.MarkerSize = 5;
            points.Color = color;
            // The token's own line: LayerNorm maps x to (x - mean) / std of this token.
            var mean = xs.Average();
            var std = Math.Sqrt(xs.Select(x => (x - mean) * (x - mean)).Average());
            var line = plot.Add.Scatter(new[] { xs.Min(), xs.Max() }, new[] { (xs.Min() - mean) / std, (xs.Max() - mean) / std });
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.Color = color;
            if (k == 0) line.LegendText = "one token's points and its (x - mean) / std line";
        }

        // The S-curve a calibrated DyT would draw here: tanh(2 x / std of this layer's input), before its affine.
        var lo = sample.Input.Min();
        var hi = sample.Input.Max();
        var curveX = Enumerable.Range(0, 101).Select(i => lo + (hi - lo) * i / 100.0).ToArray();
        var curve = plot.Add.Scatter(curveX, curveX.Select(x => Math.Tanh(AlphaRule.DefaultScale * x / layer.InputStd)).ToArray());
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LinePattern = LinePattern.Dashed;
        curve.Color = Colors.Black;
        curve.LegendText = $"calibrated DyT: tanh({AlphaRule.DefaultScale:0.##} x / {layer.InputStd:0.##})";

        plot.Title(title);
        plot.XLabel("LayerNorm input");
        plot.YLabel("output before the affine");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
