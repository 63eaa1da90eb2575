using System.Collections.Generic;
using System.Linq;
using DyT;
using DyT.Inspection;
using Evidence.Data;
using Evidence.Figures;
using Evidence.Training;
using static TorchSharp.torch;

namespace Evidence.Experiments;

/// <summary>One training run of the seeds experiment.</summary>
internal sealed record SeedRun(NormKind Norm, int Seed, TrainResult Result);

/// <summary>
/// What the seeds experiment produced: every run; the first seed's LayerNorm model (for Figure 2 and the conversion);
/// and the first seed's DyT layers' alpha and input std after every epoch (Figure 8).
/// </summary>
internal sealed record SeedsOutcome(IReadOnlyList<SeedRun> Runs, nn.Module<Tensor, Tensor> LayerNormModel, IReadOnlyList<AlphaPoint> AlphaHistory);

/// <summary>The MNIST ViT with LayerNorm, RMSNorm, DyT and Derf, several seeds each; same data split, same recipe.</summary>
internal static class SeedsExperiment
{
    public static SeedsOutcome Run(EvidenceOptions options, DigitSet train, DigitSet test, Tensor probeBatch, ProgressBars bars)
    {
        var settings = new TrainSettings(options.Epochs, options.BatchSize, options.VitLearningRate, Seed: 0);
        var runs = new List<SeedRun>();
        nn.Module<Tensor, Tensor>? layerNormModel = null;
        var alphas = new List<AlphaPoint>();
        for (var seed = 0; seed < options.Seeds; seed++)
        {
            foreach (var norm in VitRuns.Norms)
            {
                var model = VitRuns.Create(norm, seed);
                var watchAlpha = norm == NormKind.DyT && seed == 0;
                using var probe = watchAlpha ? NormProbe.Attach(model, new NormProbeOptions { SampledTokens = 0, TokenStatisticsLimit = 0 }) : null;
                if (probe is not null) alphas.AddRange(AlphaPoints(probe, model, probeBatch, epoch: 0));
                var step = bars.Start($"ViT {norm,-9} seed {seed}", train.BatchCount(settings.BatchSize) * settings.Epochs);
                var result = Trainer.Train(model, train, test, settings with { Seed = seed }, step,
                    afterEpoch: epoch => { if (probe is not null) alphas.AddRange(AlphaPoints(probe, model, probeBatch, epoch)); });
                runs.Add(new SeedRun(norm, seed, result));
                if (norm == NormKind.LayerNorm && seed == 0) layerNormModel = model;
                else model.Dispose();
            }
        }
        return new SeedsOutcome(runs, layerNormModel!, alphas);
    }

    /// <summary>Each DyT layer's alpha and the std of its input on the fixed probe batch, in evaluation mode.</summary>
    private static IEnumerable<AlphaPoint> AlphaPoints(NormProbe probe, nn.Module<Tensor, Tensor> model, Tensor batch, int epoch)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var recording = probe.Record(() => model.forward(batch).Dispose());
        model.train(wasTraining);
        return recording.Layers.Where(layer => layer.Alpha is not null)
            .Select(layer => new AlphaPoint(epoch, layer.Path, layer.Alpha!.Value, layer.InputStd)).ToList();
    }
}
