using System;
using System.Collections.Generic;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// DyT as one autograd node: forward runs the fused kernel and saves only x (alpha and weight are the layer's own
/// parameters, saved by reference); backward recomputes tanh and returns dx, dalpha, dweight and dbias in one pass.
/// Arguments: x, alpha, weight (or null), bias (or null), <see cref="ChannelLayout"/>.
/// </summary>
internal sealed class DytFunction : autograd.SingleTensorFunction<DytFunction>
{
    // apply() wraps forward's result in a new handle; ours would otherwise keep the output alive until the GC runs.
    [ThreadStatic] private static Tensor? rawOutput;

    public override string Name => "DynamicTanhBackward";

    /// <summary>Runs the op with autograd. Call only when <see cref="DytOp.Covers"/> holds.</summary>
    public static Tensor Apply(Tensor x, Tensor alpha, Tensor? weight, Tensor? bias, ChannelLayout layout)
    {
        try
        {
            return apply(x, alpha, weight!, bias!, layout);
        }
        finally
        {
            rawOutput?.Dispose();
            rawOutput = null;
        }
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, alpha, weight, bias, layout) = Unpack(vars);
        ctx.save_for_backward(new List<Tensor> { x, alpha, weight! });
        ctx.save_data("layout", layout);
        ctx.save_data("bias", bias is not null);
        return rawOutput = DytOp.Forward(x, alpha, weight, bias, layout);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        try
        {
            var (dx, dalpha, dweight, dbias) = DytOp.Backward(saved[0], gradOutput, saved[1], saved[2],
                (bool)ctx.get_data("bias"), (ChannelLayout)ctx.get_data("layout"));
            return new List<Tensor> { dx, dalpha, dweight!, dbias!, null! };
        }
        finally
        {
            foreach (var tensor in saved) tensor?.Dispose();
        }
    }

    private static (Tensor X, Tensor Alpha, Tensor? Weight, Tensor? Bias, ChannelLayout Layout) Unpack(object[] vars)
    {
        if (vars.Length != 5 || vars[0] is not Tensor x || vars[1] is not Tensor alpha || vars[4] is not ChannelLayout layout)
            throw new ArgumentException($"{nameof(DytFunction)} takes (x, alpha, weight?, bias?, layout); got {vars.Length} arguments.", nameof(vars));
        return (x, alpha, vars[2] as Tensor, vars[3] as Tensor, layout);
    }
}
