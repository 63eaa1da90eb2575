using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>The Transformer MLP as timm's: <c>fc2(gelu(fc1(x)))</c> (keys <c>mlp.fc1.*</c>, <c>mlp.fc2.*</c>).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006
    private readonly GELU.Approximate approximate;

    /// <summary>Creates an MLP from width <paramref name="dim"/> through <paramref name="hidden"/> and back.</summary>
    /// <param name="dim">Input and output width.</param>
    /// <param name="hidden">Hidden width.</param>
    /// <param name="tanhGelu">Use the tanh approximation of GELU, as DiT does (<c>nn.GELU(approximate="tanh")</c>).</param>
    public Mlp(long dim, long hidden, bool tanhGelu = false) : base(nameof(Mlp))
    {
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dim must be > 0; got {dim}.");
        if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, $"hidden must be > 0; got {hidden}.");
        approximate = tanhGelu ? GELU.Approximate.tanh : GELU.Approximate.none;
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        WeightInit.TruncNormalLinear(fc1);
        WeightInit.TruncNormalLinear(fc2);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => fc2.forward(nn.functional.gelu(fc1.forward(x), approximate));
}
