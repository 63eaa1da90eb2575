using System;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// The cos and sin of a run of positions, (T, D) each in the model's dtype: what <see cref="RotaryEmbedding.Angles"/>
/// computes once per forward and every attention layer applies to its queries and keys.
/// </summary>
public sealed class RotaryAngles : IDisposable
{
    internal RotaryAngles(Tensor cos, Tensor sin, long start) => (Cos, Sin, Start) = (cos, sin, start);

    /// <summary>Cosines, (T, D).</summary>
    public Tensor Cos { get; }

    /// <summary>Sines, (T, D).</summary>
    public Tensor Sin { get; }

    /// <summary>The absolute position of the first token.</summary>
    public long Start { get; }

    /// <summary>How many positions: T.</summary>
    public long Count => Cos.shape[0];

    /// <summary>Frees both tensors (a dispose scope around the forward frees them too).</summary>
    public void Dispose()
    {
        Cos.Dispose();
        Sin.Dispose();
    }
}
