using System;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Runtime.Tests.Export;

/// <summary>
/// Moves every parameter and buffer of a model off its initial value (as tests/Parity/reference/randomize.py does
/// for the fixtures), so that a twin reading a key into the wrong place, or ignoring one, gives another output.
/// Initial values (ones, zeros, 1e-6 layer scales, zero-initialized adaLN) would hide exactly those mistakes.
/// </summary>
internal static class ModelRandomizer
{
    public static void Randomize(nn.Module model, long seed)
    {
        var g = new Generator((ulong)seed);
        using var _ = no_grad();
        Tensor Uniform(Tensor like, double low, double high) => rand(like.shape, generator: g) * (high - low) + low;
        foreach (var (name, p) in model.named_parameters())
        {
            var leaf = name[(name.LastIndexOf('.') + 1)..];
            using var value = leaf switch
            {
                "alpha" => Uniform(p, 0.4, 1.2),
                "shift" => Uniform(p, -0.3, 0.3),
                "embed_scale" => p * Uniform(p, 0.8, 1.2),
                "gamma" => Uniform(p, 0.2, 0.6),
                "pos_embed" or "cls_token" => randn(p.shape, generator: g) * 0.1,
                "bias" => randn(p.shape, generator: g) * 0.1,
                "weight" when p.dim() == 1 => 1 + randn(p.shape, generator: g) * 0.2, // norm weights
                _ => Uniform(p, -1, 1) * Math.Pow(p.numel() / p.shape[0], -0.5),         // linear, conv, embedding: 1 / sqrt(fan in)
            };
            p.copy_(value);
        }
        foreach (var (name, b) in model.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) b.copy_(randn(b.shape, generator: g) * 0.1);
            else if (name.EndsWith("running_var", StringComparison.Ordinal)) b.copy_(Uniform(b, 0.5, 1.5));
            else if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) b.fill_(7);
        }
    }
}
