using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Norms;

/// <summary>
/// Turns an existing TorchSharp model into a DyT model, as the official <c>convert_ln_to_dyt</c> does:
/// <see cref="ConvertLayerNormToDyT"/> replaces every <c>LayerNorm</c> and never touches BatchNorm or GroupNorm.
/// Replacing those is possible but explicit (<see cref="ReplaceBatchNormWithDyT"/>, <see cref="ReplaceGroupNormWithDyT"/>),
/// and the analyzers flag such calls: DYT001 on a model with BatchNorm, DYT002 on one whose GroupNorm normalizes data.
/// </summary>
/// <remarks>
/// A norm is replaced where it is held: in a field of a module (TorchSharp registers submodules from fields; the field
/// is set and the submodule registered again under the same name), or as an entry of a <c>Sequential</c> or a
/// <c>ModuleList</c>; state-dict keys stay the same. A field or list must be declared with a type a
/// <see cref="DynamicTanh"/> fits in, such as <c>Module&lt;Tensor, Tensor&gt;</c>. Every place is checked before
/// anything changes: when one norm cannot be replaced (a field typed <c>LayerNorm</c>, a norm registered by hand),
/// the exception names it and the model is left as it was. A norm held in several places (two fields, a field and a
/// <c>Sequential</c>, twice in one <c>Sequential</c>) becomes one DyT held in all of them, so the weights stay shared
/// and both uses train them; if it cannot go in every place, the exception names them all. Each replaced norm is
/// disposed and registered nowhere.
/// </remarks>
public static class NormConversion
{
    /// <summary>Replaces every <c>LayerNorm</c> in <paramref name="module"/> with DyT over its last normalized dimension.</summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers (the paper's default for non-LLM models: 0.5).</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ConvertLayerNormToDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is LayerNorm,
            child => new DynamicTanh(((LayerNorm)child).normalized_shape[^1], alphaInit));

    /// <summary>
    /// Replaces every BatchNorm (1d, 2d, 3d) with channels-first DyT. The paper shows this fails on classic ConvNets
    /// (ResNet-50 top-1 76.2% to 68.9%); analyzer DYT001 warns at the call.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ReplaceBatchNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is BatchNorm1d or BatchNorm2d or BatchNorm3d, child => child switch
        {
            BatchNorm1d norm => new DynamicTanh(norm.num_features, alphaInit, ChannelLayout.Last), // (B, C) features
            BatchNorm2d norm => new DynamicTanh(norm.num_features, alphaInit, ChannelLayout.First),
            _ => throw new ArgumentException(
                $"BatchNorm3d has no DyT counterpart here (DynamicTanh takes (B, C, H, W) or channels last); got one with {((BatchNorm3d)child).num_features} features", nameof(module)),
        });

    /// <summary>
    /// Replaces every GroupNorm with channels-first DyT. A GroupNorm that normalizes raw input (the first one of a
    /// wav2vec 2.0 feature encoder) is data normalization, which the paper keeps; analyzer DYT002 warns at the call.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ReplaceGroupNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is GroupNorm, child => new DynamicTanh(
            ((GroupNorm)child).weight?.shape[0] ?? throw new ArgumentException(
                "GroupNorm without affine parameters does not say its channel count; construct DynamicTanh yourself", nameof(module)),
            alphaInit, ChannelLayout.First));

    private static int Replace(nn.Module module, Func<nn.Module, bool> isTarget, Func<nn.Module, nn.Module> replacementFor)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var replacement = NormReplacement.Prepare(NormSlot.Find(module, isTarget), replacementFor, nameof(module));
        return replacement.Commit();
    }
}
