using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// LLaMA's SwiGLU feed-forward as Hugging Face's <c>LlamaMLP</c>: <c>down_proj(silu(gate_proj(x)) * up_proj(x))</c>,
/// all bias-free.
/// </summary>
public sealed class SwiGlu : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;
#pragma warning restore IDE1006

    /// <summary>Creates the FFN from width <paramref name="dim"/> through <paramref name="hidden"/> and back.</summary>
    public SwiGlu(long dim, long hidden, double initStd = 0.02) : base(nameof(SwiGlu))
    {
        if (dim <= 0) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dim must be > 0; got {dim}.");
        if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, $"hidden must be > 0; got {hidden}.");
        gate_proj = nn.Linear(dim, hidden, hasBias: false);
        up_proj = nn.Linear(dim, hidden, hasBias: false);
        down_proj = nn.Linear(hidden, dim, hasBias: false);
        foreach (var linear in new[] { gate_proj, up_proj, down_proj }) WeightInit.NormalLinear(linear, initStd);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => down_proj.forward(nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x));
}
