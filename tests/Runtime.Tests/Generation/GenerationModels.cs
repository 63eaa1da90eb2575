using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Generation;

// Small LLaMAs for the cache and generation tests: one per norm, with grouped-query attention, Llama 3's rotary base
// and scaling (original 16 positions, so the scaling bands are reached within the test's sequences), and tied
// embeddings for one of them.

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 97, MaxSeqLen = 64, Norm = NormKind.RMSNorm,
    RopeTheta = 500000, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 16)]
public partial class GenLlamaRms { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 97, MaxSeqLen = 64, Norm = NormKind.DyT,
    RopeTheta = 500000, RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 16)]
public partial class GenLlamaDyT { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 97, MaxSeqLen = 64, Norm = NormKind.LayerNorm, TieEmbeddings = true)]
public partial class GenLlamaLayerNorm { }

[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 97, MaxSeqLen = 64, Norm = NormKind.Derf)]
public partial class GenLlamaDerf { }

/// <summary>For the memory test: room for a prompt and 1,000 generated tokens.</summary>
[Transformer(Architecture.Llama, Dim = 64, Depth = 2, Heads = 4, KvHeads = 2, VocabSize = 97, MaxSeqLen = 1024, Norm = NormKind.DyT)]
public partial class GenLlamaLong { }

internal static class GenerationModels
{
    public const int Vocabulary = 97;

    /// <summary>A fresh model of the given norm with weights redrawn at the scale of a trained one (logits of order 1, not 0.02's near-zero).</summary>
    public static nn.Module<Tensor, Tensor> Create(NormKind norm, int seed = 1)
    {
        nn.Module<Tensor, Tensor> model = norm switch
        {
            NormKind.RMSNorm => new GenLlamaRms(),
            NormKind.DyT => new GenLlamaDyT(),
            NormKind.LayerNorm => new GenLlamaLayerNorm(),
            NormKind.Derf => new GenLlamaDerf(),
            _ => throw new ArgumentOutOfRangeException(nameof(norm)),
        };
        return Randomize(model, seed);
    }

    /// <summary>
    /// Every matrix normal with std 1/sqrt(fan-in), the embedding with std 0.3, every other parameter moved off its
    /// init; then the final norm's affine is scaled so the largest logit of a probe sequence is 1. Logits are linear
    /// in that affine, so this sets their scale for every norm alike: of order 1, where the cache tests' absolute
    /// bounds mean something, and below 2, since bfloat16 spaces numbers 2^-7 apart in [1, 2) and 2^-6 in [2, 4) and
    /// its rounding would otherwise exceed 1e-2 on its own.
    /// </summary>
    public static T Randomize<T>(T model, int seed) where T : nn.Module
    {
        var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (parameter.dim() == 2)
            {
                var std = name.Contains("embed_tokens") ? 0.3 : 1.0 / Math.Sqrt(parameter.shape[1]);
                parameter.copy_(randn(parameter.shape, generator: generator) * std);
            }
            else if (name.EndsWith("embed_scale", StringComparison.Ordinal)) parameter.fill_(1.0);
            else parameter.add_(randn(parameter.shape, generator: generator) * 0.1);
        }
        model.eval();
        using var probe = randint(0, Vocabulary, new long[] { 2, 16 }, generator: generator);
        using var logits = ((nn.Module<Tensor, Tensor>)(object)model).forward(probe);
        var scale = 1.0 / logits.abs().max().item<float>();
        foreach (var (name, parameter) in model.named_parameters())
            if (name is "model.norm.weight" or "model.norm.bias") parameter.mul_(scale);
        return model;
    }

    /// <summary>Random token ids (B, T) from a seeded generator.</summary>
    public static Tensor Tokens(long batch, long length, int seed) =>
        randint(0, Vocabulary, new[] { batch, length }, generator: new Generator((ulong)seed));

    /// <summary>Greedy decoding without a cache: the whole sequence through the model for every token.</summary>
    public static List<long> GreedyByRecomputing(nn.Module<Tensor, Tensor> model, IReadOnlyList<long> prompt, int count)
    {
        var sequence = new List<long>(prompt);
        using var _ = no_grad();
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var logits = model.forward(tensor(sequence.ToArray()).unsqueeze(0));
            sequence.Add(logits[0, -1].argmax().item<long>());
        }
        return sequence.GetRange(prompt.Count, count);
    }
}
