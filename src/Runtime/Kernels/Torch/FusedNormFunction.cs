using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// A fused norm as one autograd node (a TorchSharp <c>SingleTensorFunction</c>), shared by every fused norm: forward
/// runs <typeparamref name="TOp"/> and saves only x and the layer's parameters (by reference: they are the layer's own
/// tensors); backward recomputes what it needs from x and returns dx and every parameter's gradient in one pass.
/// TorchSharp's Function also allocates an output-sized <c>empty_like</c> per forward and keeps it until the node is
/// freed (<c>Node.SaveOutputsInfo</c>, for gradients it never materializes here); removing it needs a TorchSharp
/// change, its cost is measured by <c>--paired-norms</c> (case EmptyLike).
/// </summary>
internal sealed class FusedNormFunction<TOp, TSettings> : autograd.SingleTensorFunction<FusedNormFunction<TOp, TSettings>>
    where TOp : IFusedNormOp<TSettings>
    where TSettings : notnull
{
    private const string SettingsKey = "settings";
    private const string NeedsDxKey = "needs dx";

    // apply() wraps forward's result in a new handle; ours would otherwise keep the output alive until the GC runs.
    [ThreadStatic] private static Tensor? rawOutput;

    public override string Name => TOp.BackwardName;

    /// <summary>Runs the op with autograd. Call only when the op covers the input.</summary>
    public static Tensor Apply(Tensor x, Tensor?[] parameters, TSettings settings)
    {
        try
        {
            return apply([x, .. parameters, settings]);
        }
        finally
        {
            rawOutput?.Dispose();
            rawOutput = null;
        }
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        if (vars.Length < 2 || vars[0] is not Tensor x || vars[^1] is not TSettings settings)
            throw new ArgumentException($"{Name} takes (x, parameters..., {typeof(TSettings).Name}); got {vars.Length} arguments.", nameof(vars));
        var parameters = vars[1..^1].Select(v => v as Tensor).ToArray();
        ctx.save_for_backward([x, .. parameters!]);
        ctx.save_data(SettingsKey, settings);
        // As LayerNorm's output mask: an input that does not require grad (a frozen layer's output) gets no dx.
        ctx.save_data(NeedsDxKey, x.requires_grad);
        return rawOutput = TOp.Forward(x, parameters, settings);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            var gradients = TOp.Backward(saved[0], gradOutput, saved.Skip(1).ToArray(), (TSettings)ctx.get_data(SettingsKey),
                (bool)ctx.get_data(NeedsDxKey));
            return [.. gradients.Select(gradient => gradient!), null!]; // null: no gradient (absent parameter, settings)
        }
        finally
        {
            foreach (var tensor in saved) tensor?.Dispose();
        }
    }
}
