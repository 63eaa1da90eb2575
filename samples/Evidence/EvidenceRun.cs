using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DyT.Inspection;
using Evidence.Data;
using Evidence.Experiments;
using Evidence.Figures;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Evidence;

/// <summary>Runs every experiment with progress bars, draws the figures and writes report.md into the output folder.</summary>
internal static class EvidenceRun
{
    public static EvidenceResults Run(EvidenceOptions options)
    {
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(options.Threads);
        Directory.CreateDirectory(options.Output);
        var (fullTrain, fullTest) = Digits.Load();
        var train = fullTrain.Take(Math.Min(options.TrainLimit, fullTrain.Count));
        var test = fullTest.Take(Math.Min(options.TestLimit, fullTest.Count));
        var probeBatch = test.Images.narrow(0, 0, Math.Min(256, test.Count));

        SeedsOutcome seeds = null!;
        IReadOnlyList<ResNetRun> resnets = null!;
        ConversionOutcome conversion = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bars = new ProgressBars(context);
                seeds = SeedsExperiment.Run(options, train, test, probeBatch, bars);
                resnets = ResNetExperiment.Run(options, train, test, bars);
                conversion = ConversionExperiment.Run(options, seeds.LayerNormModel, train, test, bars);
            });

        var figure2 = DrawFigure2(options, seeds.LayerNormModel, probeBatch);
        var results = new EvidenceResults(options, seeds.Runs, seeds.AlphaHistory, figure2, resnets, conversion, clock.Elapsed, Machine());
        Figure8.Save(Path.Combine(options.Output, ReportWriter.Figure8File), seeds.AlphaHistory, results.Figure8Scale);
        LearningCurves.Save(Path.Combine(options.Output, ReportWriter.SeedsFile), "MNIST ViT",
            VitRuns.Norms.Select(norm => (norm.ToString(), (IReadOnlyList<Training.TrainResult>)seeds.Runs.Where(r => r.Norm == norm).Select(r => r.Result).ToList())).ToList());
        LearningCurves.Save(Path.Combine(options.Output, ReportWriter.ResNetFile), $"ResNet, {options.ResNetLabels:N0} labels",
            new[] { ResNetExperiment.BatchNorm, ResNetExperiment.DyT }
                .Select(norm => (norm, (IReadOnlyList<Training.TrainResult>)resnets.Where(r => r.Norm == norm).Select(r => r.Result).ToList())).ToList());
        seeds.LayerNormModel.Dispose();

        results = results with { Elapsed = clock.Elapsed };
        File.WriteAllText(Path.Combine(options.Output, "report.md"), ReportWriter.Write(results));
        AnsiConsole.Write(new Rule("report"));
        Console.WriteLine(ReportWriter.Write(results));
        return results;
    }

    /// <summary>Figure 2 from the LayerNorm ViT's first, middle and last norm on the probe batch.</summary>
    private static IReadOnlyList<(string Title, string Path, double InputStd)> DrawFigure2(EvidenceOptions options, nn.Module<Tensor, Tensor> model, Tensor batch)
    {
        model.eval();
        using var probe = NormProbe.Attach(model, new NormProbeOptions { SampledTokens = 192 });
        using var noGrad = no_grad();
        var layers = probe.Record(() => model.forward(batch).Dispose()).Layers;
        var chosen = new[] { ("early", layers[0]), ("middle", layers[layers.Count / 2]), ("late", layers[^1]) };
        Figure2.Save(Path.Combine(options.Output, ReportWriter.Figure2File), chosen.Select(c => ($"{c.Item1}: {c.Item2.Path}", c.Item2)).ToList());
        return chosen.Select(c => ($"{c.Item1}", c.Item2.Path, c.Item2.InputStd)).ToList();
    }

    private static string Machine() =>
        $"{Environment.ProcessorCount} cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, " +
        $"{(System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512" : System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "AVX2" : "no AVX2")})";
}
