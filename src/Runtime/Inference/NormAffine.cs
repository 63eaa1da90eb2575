using DyT.Blocks;
using DyT.Norms;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Inference;

/// <summary>
/// The per-channel affine at the end of a norm that folding knows (LayerNorm, RMSNorm, DyT, Derf): every one of them
/// computes <c>weight * f(x) + bias</c> over the last dimension, with <c>f</c> its normalization (or squashing), so
/// the affine can move into a Linear layer that reads the output, leaving the norm without it.
/// </summary>
/// <param name="Weight">Per-channel scale, or null.</param>
/// <param name="Bias">Per-channel shift, or null.</param>
/// <param name="Channels">The width the affine acts on: the last dimension.</param>
internal sealed record NormAffine(Tensor? Weight, Tensor? Bias, long Channels)
{
    /// <summary>True when there is nothing to fold.</summary>
    public bool IsEmpty => Weight is null && Bias is null;

    /// <summary>Whether folding knows this kind of norm (it may still refuse one, see <see cref="Refusal"/>).</summary>
    public static bool IsFoldableKind(nn.Module module) => module is LayerNorm or RmsNorm or DynamicTanh or Derf;

    /// <summary>
    /// Norms folding does not know: their affine sits on channels-first maps or feeds convolutions. A model holding
    /// one with parameters is refused.
    /// </summary>
    public static bool IsOtherNorm(nn.Module module) => module is LayerNorm2d or RmsNorm2d or BatchNorm1d or BatchNorm2d
        or BatchNorm3d or GroupNorm or InstanceNorm1d or InstanceNorm2d or InstanceNorm3d;

    /// <summary>The affine of a norm of a kind <see cref="IsFoldableKind"/> accepts.</summary>
    public static NormAffine Of(nn.Module norm) => norm switch
    {
        DynamicTanh dyt => new(dyt.Weight, dyt.Bias, dyt.Channels),
        Derf derf => new(derf.get_parameter("weight"), derf.get_parameter("bias"), derf.Channels),
        RmsNorm rms => new(rms.Weight, null, rms.Channels),
        LayerNorm layerNorm => new(layerNorm.weight, layerNorm.bias, layerNorm.normalized_shape[^1]),
        _ => throw new System.ArgumentException($"Folding knows LayerNorm, RmsNorm, DynamicTanh and Derf; got {norm.GetType().Name}.", nameof(norm)),
    };

    /// <summary>Why the affine of <paramref name="norm"/> does not act on the last dimension alone, or null.</summary>
    public static string? Refusal(nn.Module norm) => norm switch
    {
        DynamicTanh { Layout: ChannelLayout.First } or Derf { Layout: ChannelLayout.First } =>
            $"is a channels-first {norm.GetType().Name} (its output is a (B, C, H, W) map, not tokens for a Linear layer)",
        LayerNorm { normalized_shape.Length: not 1 } layerNorm =>
            $"is a LayerNorm over {layerNorm.normalized_shape.Length} dimensions ({string.Join("x", layerNorm.normalized_shape)}); a Linear layer reads the last one only",
        _ => null,
    };

    /// <summary>
    /// The same norm without its affine: <c>tanh(alpha x)</c> for DyT, <c>erf(alpha x + shift)</c> for Derf, the
    /// normalized x for RMSNorm and LayerNorm; trained scalars copied, on the norm's device and dtype, in evaluation mode.
    /// </summary>
    public static nn.Module WithoutAffine(nn.Module norm)
    {
        using var _ = no_grad();
        switch (norm)
        {
            case DynamicTanh dyt:
            {
                var bare = new DynamicTanh(dyt.Channels, dyt.AlphaInit, dyt.Layout, elementwiseAffine: false);
                return CopyScalars(dyt, bare, "alpha");
            }
            case Derf derf:
            {
                var bare = new Derf(derf.Channels, layout: derf.Layout, elementwiseAffine: false);
                return CopyScalars(derf, bare, "alpha", "shift");
            }
            case RmsNorm rms:
                return Evaluating(new RmsNorm(rms.Channels, rms.Eps, elementwiseAffine: false));
            case LayerNorm layerNorm:
                return Evaluating(nn.LayerNorm(layerNorm.normalized_shape, layerNorm.eps, elementwise_affine: false));
            default:
                throw new System.ArgumentException($"Folding knows LayerNorm, RmsNorm, DynamicTanh and Derf; got {norm.GetType().Name}.", nameof(norm));
        }
    }

    /// <summary>Moves <paramref name="bare"/> to the device and dtype of <paramref name="norm"/>'s scalars and copies them.</summary>
    private static nn.Module CopyScalars(nn.Module norm, nn.Module bare, params string[] names)
    {
        var first = norm.get_parameter(names[0])!;
        bare.to(first.device).to(first.dtype);
        foreach (var name in names)
        {
            var source = norm.get_parameter(name)!;
            bare.get_parameter(name)!.copy_(source).requires_grad_(source.requires_grad);
        }
        return Evaluating(bare);
    }

    /// <summary>A new module starts in training mode; a folded model is for evaluation.</summary>
    private static nn.Module Evaluating(nn.Module module)
    {
        module.eval();
        return module;
    }
}
