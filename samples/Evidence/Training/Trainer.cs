using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Evidence.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Evidence.Training;

/// <summary>How to train: AdamW with linear warm-up and cosine decay, the MnistVit sample's recipe.</summary>
internal sealed record TrainSettings(int Epochs, int BatchSize, double PeakLearningRate, int Seed, double WeightDecay = 0.05);

/// <summary>One epoch of a run: mean training loss over its steps, and test accuracy after it.</summary>
internal sealed record EpochPoint(int Epoch, double TrainLoss, double TestAccuracy);

/// <summary>A finished run: its learning curve, and the last epoch's numbers.</summary>
internal sealed record TrainResult(IReadOnlyList<EpochPoint> Curve, double Seconds)
{
    public double TestAccuracy => Curve[^1].TestAccuracy;

    public double FinalLoss => Curve[^1].TrainLoss;
}

/// <summary>Trains any image classifier on digits, with a callback after each epoch (the Figure 8 probe uses it).</summary>
internal static class Trainer
{
    /// <param name="model">The model; trained in place.</param>
    /// <param name="train">Training digits.</param>
    /// <param name="test">Digits for the accuracy after each epoch.</param>
    /// <param name="settings">Epochs, batch, learning rate, seed of the batch order.</param>
    /// <param name="onStep">Called after every optimizer step (progress).</param>
    /// <param name="afterEpoch">Called after each epoch with its number (1-based), outside any gradient computation.</param>
    public static TrainResult Train(nn.Module<Tensor, Tensor> model, DigitSet train, DigitSet test, TrainSettings settings,
        Action<double>? onStep = null, Action<int>? afterEpoch = null)
    {
        using var optimizer = optim.AdamW(ParameterGroups(model, settings.WeightDecay), lr: settings.PeakLearningRate);
        var stepsPerEpoch = train.BatchCount(settings.BatchSize);
        var totalSteps = stepsPerEpoch * settings.Epochs;
        var warmup = Math.Max(1, Math.Min(stepsPerEpoch / 2, totalSteps / 10));
        var curve = new List<EpochPoint>();
        var clock = Stopwatch.StartNew();
        var step = 0;
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            model.train();
            double lossSum = 0;
            foreach (var (images, labels) in train.Batches(settings.BatchSize, seed: settings.Seed * 1000 + epoch))
            {
                using var scope = NewDisposeScope();
                foreach (var group in optimizer.ParamGroups) group.LearningRate = Schedule(settings.PeakLearningRate, step++, warmup, totalSteps);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(images), labels);
                loss.backward();
                optimizer.step();
                var value = loss.item<float>();
                lossSum += value;
                onStep?.Invoke(value);
            }
            curve.Add(new EpochPoint(epoch, lossSum / stepsPerEpoch, Evaluate(model, test)));
            afterEpoch?.Invoke(epoch);
        }
        return new TrainResult(curve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Fraction of <paramref name="digits"/> classified right, in evaluation mode.</summary>
    public static double Evaluate(nn.Module<Tensor, Tensor> model, DigitSet digits, int batchSize = 250)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        foreach (var (images, labels) in digits.Batches(batchSize))
        {
            using var scope = NewDisposeScope();
            correct += model.forward(images).argmax(1).eq(labels).sum().item<long>();
        }
        model.train(wasTraining);
        return (double)correct / digits.Count;
    }

    /// <summary>Weight decay on matrices and kernels only (not biases, norm parameters, class token, position embedding), as timm does.</summary>
    private static AdamW.ParamGroup[] ParameterGroups(nn.Module<Tensor, Tensor> model, double weightDecay)
    {
        var byDecay = model.named_parameters().ToLookup(p => p.parameter.dim() >= 2 && p.name is not ("cls_token" or "pos_embed"), p => p.parameter);
        return
        [
            new(byDecay[true], new AdamW.Options { weight_decay = weightDecay }),
            new(byDecay[false], new AdamW.Options { weight_decay = 0.0 }),
        ];
    }

    /// <summary>Linear warm-up to the peak, then cosine decay to zero at the last step.</summary>
    private static double Schedule(double peak, int step, int warmup, int total) =>
        step < warmup
            ? peak * (step + 1) / warmup
            : peak * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, total - warmup)));
}
