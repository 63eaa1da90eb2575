using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// DiT's class embedder: <c>embedding_table</c> with one row per class plus the null class (index
/// <see cref="NullClass"/>) used for classifier-free guidance. In training mode each label becomes the null class
/// with probability <c>dropProbability</c> (DiT: 0.1).
/// </summary>
public sealed class LabelEmbedder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Embedding embedding_table;
#pragma warning restore IDE1006
    private readonly double dropProbability;

    /// <summary>Creates the embedder for <paramref name="classes"/> classes and width <paramref name="dim"/>.</summary>
    public LabelEmbedder(long classes, long dim, double dropProbability = 0.1) : base(nameof(LabelEmbedder))
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be > 0; got {classes}.");
        if (!(dropProbability >= 0 && dropProbability < 1))
            throw new ArgumentOutOfRangeException(nameof(dropProbability), dropProbability, $"dropProbability must be in [0, 1); got {dropProbability}.");
        NullClass = classes;
        this.dropProbability = dropProbability;
        embedding_table = nn.Embedding(classes + 1, dim);
        WeightInit.NormalEmbedding(embedding_table, 0.02);
        RegisterComponents();
    }

    /// <summary>The label that means "no class" (unconditional), one past the last class.</summary>
    public long NullClass { get; }

    /// <summary>Labels (B) int64 to embeddings (B, dim).</summary>
    public override Tensor forward(Tensor labels)
    {
        if (training && dropProbability > 0)
            labels = where(rand(labels.shape, device: labels.device) < dropProbability, full_like(labels, NullClass), labels);
        return embedding_table.forward(labels);
    }
}
