using System.IO;
using System.Linq;
using Evidence;

namespace DyT.Evidence.Tests;

/// <summary>The whole evidence run on a few real digits and a few steps: every figure and every table is written.</summary>
public class ReportRunTests
{
    [Fact]
    public void A_tiny_run_writes_the_report_with_its_tables_and_every_figure()
    {
        using var folder = new TempFolder();
        var options = new EvidenceOptions
        {
            Output = folder.Path, Epochs = 1, Seeds = 2, TrainLimit = 64, TestLimit = 50,
            ResNetLabels = 32, ResNetEpochs = 1, FineTuneSteps = 2, Threads = 1,
        };

        var results = EvidenceRun.Run(options);

        Png.AssertIs(folder.File(ReportWriter.Figure2File), 3 * global::Evidence.Figures.Figure2.PanelWidth, global::Evidence.Figures.Figure2.Height);
        Png.AssertIs(folder.File(ReportWriter.Figure8File), global::Evidence.Figures.Figure8.Width, global::Evidence.Figures.Figure8.Height);
        Png.AssertIs(folder.File(ReportWriter.SeedsFile), 2 * global::Evidence.Figures.LearningCurves.PanelWidth, global::Evidence.Figures.LearningCurves.Height);
        Png.AssertIs(folder.File(ReportWriter.ResNetFile), 2 * global::Evidence.Figures.LearningCurves.PanelWidth, global::Evidence.Figures.LearningCurves.Height);

        Assert.Equal(8, results.SeedRuns.Count);   // 4 norms x 2 seeds
        Assert.Equal(4, results.ResNetRuns.Count); // 2 norms x 2 seeds
        Assert.Equal(4, results.Conversion.Rows.Count);
        Assert.Equal(2, results.Conversion.FineTuneSteps);
        Assert.Equal(9 * 2, results.AlphaHistory.Count); // 9 DyT layers, at initialisation and after the one epoch

        var report = File.ReadAllLines(folder.File("report.md"));
        foreach (var norm in new[] { "LayerNorm", "RMSNorm", "Derf", "BatchNorm" })
            Assert.Single(report, line => line.StartsWith($"| {norm} | ") && line.Contains(" ± "));
        Assert.Equal(2, report.Count(line => line.StartsWith("| DyT | ") && line.Contains(" ± "))); // the ViT's and the ResNet's
        Assert.Contains(report, line => line.StartsWith("| calibrated: alpha = 2 / std"));
        Assert.Contains(report, line => line.Contains("Pearson r between alpha and 1/std"));
        Assert.Equal(9, report.Count(line => line.StartsWith("| `blocks.") || line.StartsWith("| `norm`"))); // the conversion's per-layer rows
        Assert.All(new[] { ReportWriter.Figure2File, ReportWriter.Figure8File, ReportWriter.SeedsFile, ReportWriter.ResNetFile },
            file => Assert.Contains(report, line => line.Contains($"]({file})")));
    }
}
