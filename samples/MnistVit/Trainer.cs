using System;
using System.Diagnostics;
using DyT.Samples.Data;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistVit;

/// <summary>What one training run produced.</summary>
internal sealed record RunResult(string Norm, long Parameters, double TestAccuracy, double FinalLoss, double SecondsPerEpoch);

/// <summary>Trains one model with AdamW and a cosine schedule, reporting progress per step.</summary>
internal static class Trainer
{
    public static RunResult Train(string label, nn.Module<Tensor, Tensor> model, long parameters, MnistSplit train, MnistSplit test,
        Options options, ProgressContext progress)
    {
        var optimizer = optim.AdamW(ParameterGroups(model), lr: options.LearningRate);
        var stepsPerEpoch = train.BatchCount(options.BatchSize);
        var totalSteps = stepsPerEpoch * options.Epochs;
        var warmupSteps = Math.Min(stepsPerEpoch / 2, totalSteps / 10);
        var step = 0L;
        var finalLoss = double.NaN;
        var accuracy = 0.0;
        var trainingTime = Stopwatch.StartNew();

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var task = progress.AddTask($"{label,-9} epoch {epoch}/{options.Epochs}", maxValue: stepsPerEpoch);
            var epochTime = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0, epochSteps = 0;
            model.train();
            foreach (var (images, labels) in train.Batches(options.BatchSize, seed: options.Seed * 1000 + epoch))
            {
                using var scope = NewDisposeScope();
                SetLearningRate(optimizer, LearningRate(options.LearningRate, step++, warmupSteps, totalSteps));
                optimizer.zero_grad();
                var logits = model.forward(images);
                var loss = nn.functional.cross_entropy(logits, labels);
                loss.backward();
                optimizer.step();

                lossSum += loss.item<float>();
                correct += logits.argmax(1).eq(labels).sum().item<long>();
                seen += labels.shape[0];
                epochSteps++;
                task.Increment(1);
                task.Description = $"{label,-9} epoch {epoch}/{options.Epochs}  loss {lossSum / epochSteps:F3}  " +
                                   $"acc {100.0 * correct / seen,5:F1}%  {epochSteps / epochTime.Elapsed.TotalSeconds,5:F1} steps/s";
            }
            finalLoss = lossSum / epochSteps;
            accuracy = Evaluate(model, test, options.BatchSize);
            task.Description += $"  test {100 * accuracy:F1}%";
        }
        return new RunResult(label, parameters, accuracy, finalLoss, trainingTime.Elapsed.TotalSeconds / options.Epochs);
    }

    /// <summary>
    /// Weight decay on matrices and kernels only, as timm and the DyT code do: not on biases, norm parameters
    /// (DyT's alpha included), the class token or the position embedding.
    /// </summary>
    private static TorchSharp.Modules.AdamW.ParamGroup[] ParameterGroups(nn.Module<Tensor, Tensor> model)
    {
        var decay = new System.Collections.Generic.List<TorchSharp.Modules.Parameter>();
        var noDecay = new System.Collections.Generic.List<TorchSharp.Modules.Parameter>();
        foreach (var (name, parameter) in model.named_parameters())
            (parameter.dim() >= 2 && name is not ("cls_token" or "pos_embed") ? decay : noDecay).Add(parameter);
        return
        [
            new(decay, new TorchSharp.Modules.AdamW.Options { weight_decay = 0.05 }),
            new(noDecay, new TorchSharp.Modules.AdamW.Options { weight_decay = 0.0 }),
        ];
    }

    /// <summary>Linear warm-up, then cosine decay to zero.</summary>
    private static double LearningRate(double peak, long step, long warmup, long total) =>
        step < warmup
            ? peak * (step + 1) / warmup
            : peak * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, total - warmup)));

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }

    private static double Evaluate(nn.Module<Tensor, Tensor> model, MnistSplit split, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        long correct = 0;
        foreach (var (images, labels) in split.Batches(batchSize))
        {
            using var scope = NewDisposeScope();
            correct += model.forward(images).argmax(1).eq(labels).sum().item<long>();
        }
        return (double)correct / split.Count;
    }
}
