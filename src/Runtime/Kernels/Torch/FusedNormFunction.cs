using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// A fused norm as one autograd node (a TorchSharp <c>SingleTensorFunction</c>), shared by every fused norm: forward
/// runs <typeparamref name="TOp"/> and saves only x and the layer's parameters (by reference: they are the layer's own
/// tensors); backward recomputes what it needs from x and returns dx and every parameter's gradient in one pass.
/// A backward that must itself be differentiable (<c>create_graph</c>: gradient penalties, double backward) runs the
/// layer's own chain of TorchSharp ops instead, whose gradients carry their graph.
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
    private const string ChainKey = "chain";
    private const string TensorSlotsKey = "tensor slots";

    // apply() wraps forward's result in a new handle; ours would otherwise keep the output alive until the GC runs.
    [ThreadStatic] private static Tensor? rawOutput;

    public override string Name => TOp.BackwardName;

    /// <summary>Runs the op with autograd. Call only when the op covers the input.</summary>
    /// <param name="x">The input.</param>
    /// <param name="parameters">The layer's parameters in the op's order, null where it has none.</param>
    /// <param name="settings">What is not a tensor.</param>
    /// <param name="chain">The same norm of the same input as differentiable TorchSharp ops (the layer's unfused chain).</param>
    public static Tensor Apply(Tensor x, Tensor?[] parameters, TSettings settings, Func<Tensor, Tensor> chain)
    {
        try
        {
            return apply([x, .. parameters, settings, chain]);
        }
        finally
        {
            rawOutput?.Dispose();
            rawOutput = null;
        }
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        if (vars.Length < 3 || vars[0] is not Tensor x || vars[^2] is not TSettings settings || vars[^1] is not Func<Tensor, Tensor> chain)
            throw new ArgumentException($"{Name} takes (x, parameters..., {typeof(TSettings).Name}, chain); got {vars.Length} arguments.", nameof(vars));
        var parameters = vars[1..^2].Select(v => v as Tensor).ToArray();
        ctx.save_for_backward([x, .. parameters!]);
        ctx.save_data(SettingsKey, settings);
        ctx.save_data(ChainKey, chain);
        ctx.save_data(TensorSlotsKey, vars.Select(v => v is Tensor).ToArray());
        // As LayerNorm's output mask: an input that does not require grad (a frozen layer's output) gets no dx.
        ctx.save_data(NeedsDxKey, x.requires_grad);
        return rawOutput = TOp.Forward(x, parameters, settings);
    }

    /// <summary>
    /// Runs inside libtorch's engine, called from native code: an exception may not leave it (.NET ends the process on
    /// one crossing native frames). A failure (libtorch's own checks among them: an input or a parameter modified in
    /// place since the forward) is written to stderr and turned into gradients of an impossible shape, so that the
    /// engine's check of gradient shapes raises in the caller's backward(), which can catch it.
    /// </summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        try
        {
            return Gradients(ctx, gradOutput);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"{Name} failed, so backward() will fail with 'returned an invalid gradient': {error.GetType().Name}: {error.Message}");
            return [.. ((bool[])ctx.get_data(TensorSlotsKey)).Select(isTensor => isTensor ? empty(0) : null!)];
        }
    }

    private static List<Tensor> Gradients(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            var (x, parameters) = (saved[0], saved.Skip(1).ToArray());
            // The engine runs a backward with grad mode on exactly when the caller asked for create_graph.
            var gradients = is_grad_enabled()
                ? DifferentiableGradients(x, parameters, gradOutput, (Func<Tensor, Tensor>)ctx.get_data(ChainKey))
                : TOp.Backward(x, gradOutput, parameters, (TSettings)ctx.get_data(SettingsKey), (bool)ctx.get_data(NeedsDxKey));
            return [.. gradients.Select(gradient => gradient!), null!, null!]; // null: no gradient (absent parameter, settings, chain)
        }
        finally
        {
            foreach (var tensor in saved) tensor?.Dispose();
        }
    }

    /// <summary>
    /// dx and the parameters' gradients through the layer's chain of TorchSharp ops, with their own graph, so that a
    /// gradient penalty or a second derivative sees the second-order terms (the fused kernels' gradients have none).
    /// </summary>
    private static Tensor?[] DifferentiableGradients(Tensor x, Tensor?[] parameters, Tensor gradOutput, Func<Tensor, Tensor> chain)
    {
        Tensor?[] inputs = [x, .. parameters];
        var wanted = Enumerable.Range(0, inputs.Length).Where(i => inputs[i] is { requires_grad: true }).ToArray();
        var gradients = new Tensor?[inputs.Length];
        if (wanted.Length == 0) return gradients;
        using var y = chain(x);
        var computed = autograd.grad([y], [.. wanted.Select(i => inputs[i]!)], [gradOutput], retain_graph: true, create_graph: true, allow_unused: true);
        for (var j = 0; j < wanted.Length; j++) gradients[wanted[j]] = computed[j];
        return gradients;
    }
}
