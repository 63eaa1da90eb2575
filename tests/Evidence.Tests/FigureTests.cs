using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Inspection;
using Evidence.Figures;
using Evidence.Training;

namespace DyT.Evidence.Tests;

/// <summary>Each figure is written as a real PNG of the size its panels add up to.</summary>
public class FigureTests
{
    [Fact]
    public void Figure2_writes_three_panels_side_by_side()
    {
        using var folder = new TempFolder();
        var path = folder.File("figure2.png");
        Figure2.Save(path, [("early", Layer(0.5)), ("middle", Layer(1.0)), ("late", Layer(2.0))]);
        Png.AssertIs(path, 3 * Figure2.PanelWidth, Figure2.Height);
    }

    [Fact]
    public void Figure8_writes_one_panel()
    {
        using var folder = new TempFolder();
        var path = folder.File("figure8.png");
        var points = Enumerable.Range(0, 3).SelectMany(epoch =>
            Enumerable.Range(0, 5).Select(layer => new AlphaPoint(epoch, $"blocks.{layer}.norm1", 0.5 + 0.1 * layer * epoch, 1.0 + layer))).ToList();
        Figure8.Save(path, points, fittedScale: 1.2);
        Png.AssertIs(path, Figure8.Width, Figure8.Height);
    }

    [Fact]
    public void Learning_curves_write_loss_and_accuracy_panels()
    {
        using var folder = new TempFolder();
        var path = folder.File("curves.png");
        TrainResult Run(double offset) => new(Enumerable.Range(1, 4).Select(e => new EpochPoint(e, 1.0 / e + offset, 0.8 + 0.04 * e - offset)).ToList(), 1.0);
        LearningCurves.Save(path, "test", [("LayerNorm", [Run(0), Run(0.01)]), ("DyT", [Run(0.02), Run(0.03)])]);
        Png.AssertIs(path, 2 * LearningCurves.PanelWidth, LearningCurves.Height);
    }

    /// <summary>A LayerNorm record whose sampled tokens have the given scale; outputs are their own normalized values.</summary>
    private static NormLayerRecord Layer(double scale)
    {
        const int tokens = 40, channels = 16;
        var random = new Random(1);
        var input = Enumerable.Range(0, tokens * channels).Select(_ => (float)(scale * (random.NextDouble() * 2 - 1))).ToArray();
        var output = new float[input.Length];
        for (var t = 0; t < tokens; t++)
        {
            var row = input.AsSpan(t * channels, channels).ToArray();
            var mean = row.Average();
            var std = Math.Sqrt(row.Average(v => (v - mean) * (v - mean)));
            for (var c = 0; c < channels; c++) output[t * channels + c] = (float)((row[c] - mean) / std);
        }
        return new NormLayerRecord("blocks.0.norm1", "LayerNorm", channels, true, 1, tokens, 0, scale / Math.Sqrt(3),
            new float[channels], new float[channels], new float[tokens], new float[tokens],
            new TokenSample(tokens, channels, input, output), new Dictionary<string, float[]>());
    }
}
