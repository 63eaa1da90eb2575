using System;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// DiT's timestep embedder: a sinusoidal embedding of the (possibly fractional) timestep, then
/// <c>mlp = Sequential(Linear(256, dim), SiLU, Linear(dim, dim))</c> (keys <c>mlp.0.*</c>, <c>mlp.2.*</c>).
/// </summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    /// <summary>Width of the sinusoidal embedding, as facebookresearch/DiT.</summary>
    public const long FrequencySize = 256;

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Sequential mlp;
#pragma warning restore IDE1006

    /// <summary>Creates the embedder for width <paramref name="dim"/>; weights normal with std 0.02 as DiT.</summary>
    public TimestepEmbedder(long dim) : base(nameof(TimestepEmbedder))
    {
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dim must be > 0; got {dim}.");
        var first = nn.Linear(FrequencySize, dim);
        var second = nn.Linear(dim, dim);
        WeightInit.NormalLinear(first, 0.02);
        WeightInit.NormalLinear(second, 0.02);
        mlp = nn.Sequential(first, nn.SiLU(), second);
        RegisterComponents();
    }

    /// <summary>Timesteps (B) to embeddings (B, dim), in the dtype of the layers (<c>mlp.0.weight</c>).</summary>
    public override Tensor forward(Tensor timesteps)
    {
        // The sinusoidal embedding is float32 (DiT's timestep_embedding), but the layers may have been moved to float64
        // or bfloat16 with the model, and a Linear takes only its own dtype; so it is cast to theirs, as diffusers'
        // TimestepEmbedding callers do (timesteps_proj.to(dtype=...)).
        using var frequencies = Sinusoidal(timesteps, FrequencySize);
        var dtype = mlp.parameters().First().dtype;
        if (frequencies.dtype == dtype) return mlp.forward(frequencies);
        using var cast = frequencies.to(dtype);
        return mlp.forward(cast);
    }

    /// <summary>DiT's <c>timestep_embedding</c>: cos then sin of t * 10000^(-i/half), i = 0..half-1.</summary>
    public static Tensor Sinusoidal(Tensor timesteps, long size, double maxPeriod = 10000)
    {
        using var scope = NewDisposeScope();
        var half = size / 2;
        var frequencies = exp(-Math.Log(maxPeriod) * arange(0, half, ScalarType.Float32, timesteps.device) / half);
        var args = timesteps.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        var embedding = cat(new[] { args.cos(), args.sin() }, -1);
        if (size % 2 == 1) embedding = cat(new[] { embedding, zeros_like(embedding.narrow(1, 0, 1)) }, -1);
        return embedding.MoveToOuterDisposeScope();
    }
}
