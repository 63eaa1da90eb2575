using System;
using System.Collections.Generic;
using System.Linq;
using DyT.Declarations;
using static TorchSharp.torch;

namespace DyT.Export;

/// <summary>
/// What train.py trains each family on, and the tensors a data shard must hold for it: images and labels for the
/// classifiers (cross-entropy), tokens for LLaMA (next-token cross-entropy), latents and labels for DiT (noise
/// prediction). <see cref="Check"/> holds a shard to the model's declaration before it is written, so a wrong shard
/// fails in .NET with the key named rather than on a cluster.
/// </summary>
internal sealed record TwinDataFormat(string Objective, IReadOnlyList<string> Keys)
{
    private static readonly TwinDataFormat Classification = new("classification", ["images", "labels"]);
    private static readonly TwinDataFormat NextToken = new("next_token", ["tokens"]);
    private static readonly TwinDataFormat Diffusion = new("diffusion", ["latents", "labels"]);

    public static TwinDataFormat For(ModelDeclaration declaration) => declaration switch
    {
        LlamaDeclaration => NextToken,
        DitDeclaration => Diffusion,
        _ => Classification,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the model and the key when the samples do not fit it.</summary>
    public static void Check(ModelDeclaration declaration, IReadOnlyDictionary<string, Tensor> samples)
    {
        var model = TwinMismatchException.Name(declaration);
        var format = For(declaration);
        var keys = samples.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (!keys.SequenceEqual(format.Keys.OrderBy(k => k, StringComparer.Ordinal)))
            throw Problem(model, "keys", $"exactly {string.Join(", ", format.Keys)} ({format.Objective})", string.Join(", ", keys));
        var count = samples[format.Keys[0]].shape.FirstOrDefault();
        if (samples[format.Keys[0]].dim() == 0 || count == 0)
            throw Problem(model, format.Keys[0], "at least one sample", $"shape {Shape(samples[format.Keys[0]])}");
        switch (declaration)
        {
            case VitDeclaration vit:
                Images(model, samples["images"], count, vit.InChannels, vit.ImageSize, 1);
                Labels(model, samples["labels"], count, vit.NumClasses);
                break;
            case ConvNextDeclaration convNext:
                Images(model, samples["images"], count, convNext.InChannels, null, 4 << (convNext.Depths.Count - 1));
                Labels(model, samples["labels"], count, convNext.NumClasses);
                break;
            case ResNetDeclaration resNet:
                Images(model, samples["images"], count, resNet.InChannels, null, 1);
                Labels(model, samples["labels"], count, resNet.NumClasses);
                break;
            case DitDeclaration dit:
                Images(model, samples["latents"], count, dit.InChannels, dit.ImageSize, 1, "latents");
                Labels(model, samples["labels"], count, dit.NumClasses + 1); // the null class is a label too
                break;
            case LlamaDeclaration llama:
                var tokens = samples["tokens"];
                if (tokens.dtype != ScalarType.Int64 || tokens.dim() != 2 || tokens.shape[1] < 2 || tokens.shape[1] > llama.MaxSeqLen + 1L)
                    throw Problem(model, "tokens", $"int64 (N, T + 1) with 1 <= T <= {llama.MaxSeqLen} (inputs and their next tokens)",
                        $"{tokens.dtype} {Shape(tokens)}");
                InRange(model, "tokens", tokens, llama.VocabSize);
                break;
        }
    }

    private static void Images(string model, Tensor images, long count, int channels, int? side, int multiple, string key = "images")
    {
        var sideText = side is { } s ? $"{s}, {s}" : multiple > 1 ? $"H, W (multiples of {multiple})" : "H, W";
        if (!images.is_floating_point() || images.dim() != 4 || images.shape[0] != count || images.shape[1] != channels
            || (side is { } exact && (images.shape[2] != exact || images.shape[3] != exact))
            || images.shape[2] == 0 || images.shape[2] % multiple != 0 || images.shape[3] == 0 || images.shape[3] % multiple != 0)
            throw Problem(model, key, $"floating point ({count}, {channels}, {sideText})", $"{images.dtype} {Shape(images)}");
        var nonFinite = images.isfinite().logical_not().sum().item<long>();
        if (nonFinite > 0)
            throw Problem(model, key, "finite values", $"{nonFinite} NaN or infinite value(s)");
    }

    private static void Labels(string model, Tensor labels, long count, long classes)
    {
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != count)
            throw Problem(model, "labels", $"int64 ({count})", $"{labels.dtype} {Shape(labels)}");
        InRange(model, "labels", labels, classes);
    }

    private static void InRange(string model, string key, Tensor values, long limit)
    {
        long low = values.min().item<long>(), high = values.max().item<long>();
        if (low < 0 || high >= limit)
            throw Problem(model, key, $"values in [0, {limit})", $"values in [{low}, {high}]");
    }

    private static ArgumentException Problem(string model, string key, string expected, string actual) =>
        new($"Training data for {model}: '{key}' must be {expected}; got {actual}.", "samples");

    private static string Shape(Tensor tensor) => "(" + string.Join(", ", tensor.shape) + ")";
}
