using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace LlamaText;

/// <summary>Draws the loss curves of several runs in one PNG: training loss (a moving mean) and validation loss per run.</summary>
internal static class LossChart
{
    /// <summary>Steps averaged into each point of the training curve (single batches are noisy).</summary>
    public const int SmoothingSteps = 20;

    private static readonly Color[] Palette = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];

    public static void Save(string path, IReadOnlyList<(string Label, TrainingResult Result)> runs, int width = 900, int height = 540)
    {
        if (runs.Count == 0) throw new ArgumentException("runs must hold at least one run.", nameof(runs));
        var plot = new Plot();
        for (var i = 0; i < runs.Count; i++)
        {
            var (label, result) = runs[i];
            var color = Palette[i % Palette.Length];
            var smoothed = MovingMean(result.TrainCurve, SmoothingSteps);
            var train = plot.Add.ScatterLine(smoothed.Select(p => (double)p.Step).ToArray(), smoothed.Select(p => p.Loss).ToArray(), color);
            train.LegendText = $"{label} train";
            train.LineWidth = 1.5f;
            var validation = plot.Add.Scatter(result.ValidationCurve.Select(p => (double)p.Step).ToArray(), result.ValidationCurve.Select(p => p.Loss).ToArray(), color);
            validation.LegendText = $"{label} validation";
            validation.LinePattern = LinePattern.Dashed;
            validation.MarkerSize = 6;
        }
        plot.Title("LLaMA on the King James Bible: loss per norm");
        plot.XLabel("step");
        plot.YLabel("cross-entropy (nats per byte)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// Each point replaced by the mean of it and the up to <paramref name="window"/> - 1 points before it, so the curve
    /// starts at the first step.
    /// </summary>
    internal static IReadOnlyList<LossPoint> MovingMean(IReadOnlyList<LossPoint> points, int window)
    {
        var result = new List<LossPoint>();
        double sum = 0;
        for (var i = 0; i < points.Count; i++)
        {
            sum += points[i].Loss;
            if (i >= window) sum -= points[i - window].Loss;
            result.Add(new LossPoint(points[i].Step, sum / Math.Min(window, i + 1)));
        }
        return result;
    }
}
