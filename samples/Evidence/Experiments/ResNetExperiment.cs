using System.Collections.Generic;
using Evidence.Data;
using Evidence.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Evidence.Experiments;

/// <summary>One ResNet run: BatchNorm or DyT in its place.</summary>
internal sealed record ResNetRun(string Norm, int Seed, TrainResult Result);

/// <summary>
/// DYT001's case: the same [ConvNet] ResNet with BatchNorm and with DyT, several seeds, trained on a few labelled
/// digits (MNIST in full is too easy to separate them) and tested on the whole test split.
/// </summary>
internal static class ResNetExperiment
{
    public const string BatchNorm = "BatchNorm", DyT = "DyT";

    public static IReadOnlyList<ResNetRun> Run(EvidenceOptions options, DigitSet train, DigitSet test, ProgressBars bars)
    {
        var labelled = train.Take(System.Math.Min(options.ResNetLabels, train.Count));
        var settings = new TrainSettings(options.ResNetEpochs, options.BatchSize, options.ResNetLearningRate, Seed: 0);
        var runs = new List<ResNetRun>();
        for (var seed = 0; seed < options.Seeds; seed++)
        {
            foreach (var norm in new[] { BatchNorm, DyT })
            {
                torch.manual_seed(seed);
                using nn.Module<Tensor, Tensor> model = norm == BatchNorm ? new DigitResNetBatchNorm() : new DigitResNetDyT();
                var step = bars.Start($"ResNet {norm,-9} seed {seed}", labelled.BatchCount(settings.BatchSize) * settings.Epochs);
                runs.Add(new ResNetRun(norm, seed, Trainer.Train(model, labelled, test, settings with { Seed = seed }, step)));
            }
        }
        return runs;
    }
}
