using System;
using DyT.Samples.Data.Kjv;
using LlamaText;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Samples.Tests.LlamaText;

/// <summary>The sample's models trained for a few steps on short windows of the real text: seconds, not minutes.</summary>
internal static class TinyTraining
{
    /// <summary>
    /// The test classes that draw weights from libtorch's global seed run one at a time: a test of another class
    /// drawing numbers between <c>manual_seed</c> and a model's construction would change its weights.
    /// </summary>
    public const string Collection = "LLaMA text sample: libtorch's global seed";

    public static readonly Lazy<TokenizedKjv> Corpus = new(() => TokenizedKjv.Load(ByteTokenizer.Create(), ByteTokenizer.Name));

    /// <summary>Trains <paramref name="model"/> (created after <c>manual_seed(seed)</c>) for 12 steps of 4 x 32 bytes.</summary>
    public static TrainingResult Train(nn.Module<Tensor, Tensor> model, int seed)
    {
        // A model this small gains nothing from more threads, and on a busy machine threads that wait for each other
        // at every operation make a few steps take minutes.
        torch.set_num_threads(1);
        var settings = new TrainingSettings(Steps: 12, BatchSize: 4, LearningRate: 3e-3, Seed: seed, EvalEvery: 6, EvalWindows: 8);
        return Trainer.Train(model, new TokenWindows(Corpus.Value.Train, 32), new TokenWindows(Corpus.Value.Validation, 32), settings);
    }

    /// <summary>A fresh model of the sample for <paramref name="norm"/>, its weights drawn from <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(NormKind norm, int seed)
    {
        torch.manual_seed(seed);
        return TextModels.Create(norm).Model;
    }
}
