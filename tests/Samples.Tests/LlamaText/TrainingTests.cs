using System;
using System.Linq;
using DyT;
using LlamaText;

namespace DyT.Samples.Tests.LlamaText;

/// <summary>The sample's trainer on its own models and the real text, a few steps at a time.</summary>
[Collection(TinyTraining.Collection)]
public class TrainingTests
{
    [Theory]
    [InlineData(NormKind.RMSNorm)]
    [InlineData(NormKind.DyT)]
    [InlineData(NormKind.Derf)]
    public void A_few_steps_lower_the_validation_loss(NormKind norm)
    {
        var result = TrainTiny(norm, seed: 1);

        // An untrained byte model predicts about uniformly: ln 256 = 5.55 nats.
        var untrained = result.ValidationCurve[0].Loss;
        Assert.InRange(result.TrainCurve[0].Loss, 4.5, 6.5);
        Assert.True(result.ValidationLoss < result.TrainCurve[0].Loss - 1.0,
            $"validation loss {result.ValidationLoss:F3} after {result.TrainCurve.Count} steps should be well below the first step's {result.TrainCurve[0].Loss:F3}");
        Assert.True(result.ValidationCurve[^1].Loss < untrained, $"validation {string.Join(", ", result.ValidationCurve)}");
        Assert.True(result.TokensPerSecond > 0);
    }

    [Fact]
    public void The_same_seed_trains_the_same_model()
    {
        var first = TrainTiny(NormKind.DyT, seed: 7);
        var second = TrainTiny(NormKind.DyT, seed: 7);
        var other = TrainTiny(NormKind.DyT, seed: 8);

        Assert.Equal(first.TrainCurve, second.TrainCurve);
        Assert.Equal(first.ValidationLoss, second.ValidationLoss);
        Assert.NotEqual(first.TrainCurve, other.TrainCurve);
    }

    [Fact]
    public void The_learning_rate_warms_up_then_decays_to_a_tenth()
    {
        Assert.Equal(0.1, Trainer.LearningRate(1.0, step: 1, warmup: 10, total: 100), 12);
        Assert.Equal(1.0, Trainer.LearningRate(1.0, step: 10, warmup: 10, total: 100), 12);
        Assert.Equal(0.55, Trainer.LearningRate(1.0, step: 55, warmup: 10, total: 100), 12);
        Assert.Equal(0.1, Trainer.LearningRate(1.0, step: 100, warmup: 10, total: 100), 12);
    }

    [Fact]
    public void Windows_pair_each_token_with_the_next()
    {
        var windows = new TokenWindows(Enumerable.Range(0, 10).ToArray(), context: 4);

        var (inputs, targets) = windows.Batch([0, 5]);

        Assert.Equal(6, windows.StartCount);
        Assert.Equal(new long[] { 0, 1, 2, 3, 5, 6, 7, 8 }, inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4, 6, 7, 8, 9 }, targets.data<long>().ToArray());
        Assert.Equal(new[] { 0, 3 }, windows.EvenlySpacedStarts(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.Batch([6]));
    }

    private static TrainingResult TrainTiny(NormKind norm, int seed)
    {
        using var model = TinyTraining.Create(norm, seed);
        return TinyTraining.Train(model, seed);
    }
}
