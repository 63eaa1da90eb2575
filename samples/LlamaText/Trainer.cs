using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlamaText;

/// <summary>How one model is trained: the same for every norm.</summary>
internal sealed record TrainingSettings(int Steps, int BatchSize, double LearningRate, int Seed, int EvalEvery, int EvalWindows)
{
    /// <summary>Validation windows behind each point of the validation curve (the final loss uses <see cref="EvalWindows"/>).</summary>
    public int CurveEvalWindows => Math.Min(32, EvalWindows);
}

/// <summary>A point of a loss curve.</summary>
internal readonly record struct LossPoint(int Step, double Loss);

/// <summary>Where a training run is, for the progress bar.</summary>
internal readonly record struct TrainingProgress(int Step, int Steps, double Loss, double TokensPerSecond);

/// <summary>What one training run produced.</summary>
internal sealed record TrainingResult(
    double ValidationLoss, double TokensPerSecond, double TrainingSeconds, IReadOnlyList<LossPoint> TrainCurve, IReadOnlyList<LossPoint> ValidationCurve)
{
    /// <summary>Validation perplexity per token: exp(loss).</summary>
    public double Perplexity => Math.Exp(ValidationLoss);
}

/// <summary>
/// Trains a causal language model with AdamW (betas 0.9/0.95, weight decay 0.1 on matrices), linear warm-up then
/// cosine decay to a tenth of the peak learning rate, and gradient clipping at 1, as LLaMA was trained.
/// </summary>
internal static class Trainer
{
    public static TrainingResult Train(nn.Module<Tensor, Tensor> model, TokenWindows train, TokenWindows validation, TrainingSettings settings,
        Action<TrainingProgress>? report = null)
    {
        var parameters = model.parameters().ToArray();
        var optimizer = optim.AdamW(ParameterGroups(model), lr: settings.LearningRate, beta1: 0.9, beta2: 0.95);
        var warmup = Math.Max(1, Math.Min(100, settings.Steps / 10));
        // The batches depend on the seed only, so every norm sees the same windows in the same order.
        var random = new Random(settings.Seed);
        var curveWindows = validation.EvenlySpacedStarts(settings.CurveEvalWindows);
        var trainCurve = new List<LossPoint>();
        var validationCurve = new List<LossPoint>();
        var trainingTime = new Stopwatch();
        long tokensSeen = 0;

        for (var step = 1; step <= settings.Steps; step++)
        {
            trainingTime.Start();
            double loss;
            using (var scope = NewDisposeScope())
            {
                model.train();
                SetLearningRate(optimizer, LearningRate(settings.LearningRate, step, warmup, settings.Steps));
                var (inputs, targets) = train.Batch(train.RandomStarts(random, settings.BatchSize));
                optimizer.zero_grad();
                var lossTensor = CrossEntropy(model.forward(inputs), targets);
                lossTensor.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
                loss = lossTensor.item<float>();
            }
            trainingTime.Stop();
            tokensSeen += (long)settings.BatchSize * train.Context;
            if (!double.IsFinite(loss))
                throw new InvalidOperationException($"The training loss became {loss} at step {step}; try a lower --lr.");
            trainCurve.Add(new LossPoint(step, loss));
            if (step % settings.EvalEvery == 0 || step == settings.Steps)
                validationCurve.Add(new LossPoint(step, Evaluate(model, validation, curveWindows, settings.BatchSize)));
            report?.Invoke(new TrainingProgress(step, settings.Steps, loss, tokensSeen / trainingTime.Elapsed.TotalSeconds));
        }

        var finalLoss = Evaluate(model, validation, validation.EvenlySpacedStarts(settings.EvalWindows), settings.BatchSize);
        return new TrainingResult(finalLoss, tokensSeen / trainingTime.Elapsed.TotalSeconds, trainingTime.Elapsed.TotalSeconds, trainCurve, validationCurve);
    }

    /// <summary>Mean next-token cross-entropy (nats per token) over the windows at <paramref name="starts"/>.</summary>
    public static double Evaluate(nn.Module<Tensor, Tensor> model, TokenWindows windows, IReadOnlyList<int> starts, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        double total = 0;
        for (var first = 0; first < starts.Count; first += batchSize)
        {
            using var scope = NewDisposeScope();
            var chunk = starts.Skip(first).Take(batchSize).ToArray();
            var (inputs, targets) = windows.Batch(chunk);
            total += CrossEntropy(model.forward(inputs), targets).item<float>() * chunk.Length;
        }
        return total / starts.Count;
    }

    private static Tensor CrossEntropy(Tensor logits, Tensor targets) =>
        nn.functional.cross_entropy(logits.reshape(-1, logits.shape[^1]), targets.reshape(-1));

    /// <summary>Weight decay on matrices (projections and the embedding), not on norm parameters or the embedding scale.</summary>
    private static AdamW.ParamGroup[] ParameterGroups(nn.Module<Tensor, Tensor> model)
    {
        var decay = new List<Parameter>();
        var noDecay = new List<Parameter>();
        foreach (var (_, parameter) in model.named_parameters())
            (parameter.dim() >= 2 ? decay : noDecay).Add(parameter);
        return
        [
            new(decay, new AdamW.Options { weight_decay = 0.1 }),
            new(noDecay, new AdamW.Options { weight_decay = 0.0 }),
        ];
    }

    /// <summary>Linear warm-up over <paramref name="warmup"/> steps, then cosine decay to a tenth of the peak at the last step.</summary>
    internal static double LearningRate(double peak, int step, int warmup, int total)
    {
        if (step <= warmup) return peak * step / warmup;
        var progress = (double)(step - warmup) / Math.Max(1, total - warmup);
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
