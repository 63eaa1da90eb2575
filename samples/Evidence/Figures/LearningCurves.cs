using System.Collections.Generic;
using System.Linq;
using Evidence.Training;
using ScottPlot;

namespace Evidence.Figures;

/// <summary>Training loss and test accuracy per epoch: each seed thin, the mean over seeds bold, one color per norm.</summary>
internal static class LearningCurves
{
    public const int PanelWidth = 560, Height = 440;

    public static void Save(string path, string title, IReadOnlyList<(string Label, IReadOnlyList<TrainResult> Runs)> series)
    {
        var loss = new Plot();
        var accuracy = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var (label, runs) = series[i];
            var color = palette.GetColor(i);
            Add(loss, runs, point => point.TrainLoss, color, label);
            Add(accuracy, runs, point => 100 * point.TestAccuracy, color, label);
        }
        loss.Title($"{title}: training loss");
        loss.XLabel("epoch");
        loss.YLabel("mean training loss of the epoch");
        accuracy.Title($"{title}: test accuracy");
        accuracy.XLabel("epoch");
        accuracy.YLabel("test accuracy (%)");
        loss.ShowLegend(Alignment.UpperRight);
        accuracy.ShowLegend(Alignment.LowerRight);
        FigureFile.Save(path, PanelWidth, Height, loss, accuracy);
    }

    private static void Add(Plot plot, IReadOnlyList<TrainResult> runs, System.Func<EpochPoint, double> value, Color color, string label)
    {
        var epochs = runs[0].Curve.Select(p => (double)p.Epoch).ToArray();
        foreach (var run in runs)
        {
            var thin = plot.Add.Scatter(epochs, run.Curve.Select(value).ToArray());
            thin.Color = color.WithAlpha(0.35);
            thin.LineWidth = 1;
            thin.MarkerSize = 0;
        }
        var mean = plot.Add.Scatter(epochs, epochs.Select((_, e) => runs.Average(run => value(run.Curve[e]))).ToArray());
        mean.Color = color;
        mean.LineWidth = 2.5f;
        mean.MarkerSize = 5;
        mean.LegendText = runs.Count == 1 ? label : $"{label} (mean of {runs.Count} seeds)";
    }
}
