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
/// and both uses train them; if it cannot go in every place, the exception names them all. A norm that has no DyT
/// counterpart (a LayerNorm over several dimensions, a BatchNorm3d, a GroupNorm without affine parameters) is refused
/// in the same check, by path. Each replacement takes the dtype, device and training mode of the norm it replaces, so a
/// model converted after <c>to(ScalarType.BFloat16)</c>, <c>cuda()</c> or <c>eval()</c> stays so. Each replaced norm
/// is disposed and registered nowhere.
/// </remarks>
public static class NormConversion
{
    /// <summary>
    /// Replaces every <c>LayerNorm</c> in <paramref name="module"/> with DyT over its normalized dimension, with a
    /// weight and a bias where the LayerNorm has them (<c>elementwise_affine</c>, <c>bias</c>), so the state-dict keys
    /// stay and <c>alpha</c> is added. A LayerNorm over several dimensions (<c>normalized_shape</c> (H, W)) is refused:
    /// DyT's weight and bias cover the last dimension only.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers (the paper's default for non-LLM models: 0.5).</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ConvertLayerNormToDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is LayerNorm,
            child => ((LayerNorm)child).normalized_shape is { Length: not 1 } shape
                ? $"normalizes over normalized_shape ({string.Join(", ", shape)}); DyT's weight and bias cover the last dimension only, so it can replace a LayerNorm over one dimension, not {shape.Length}"
                : null,
            child => DyTFor((LayerNorm)child, alphaInit));

    /// <summary>
    /// Replaces every BatchNorm (1d, 2d) with DyT over its features (channels first for 2d). The paper shows this
    /// fails on classic ConvNets (ResNet-50 top-1 76.2% to 68.9%); analyzer DYT001 warns at the call. A BatchNorm3d is
    /// refused: DynamicTanh takes (B, C, H, W) or channels last.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ReplaceBatchNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is BatchNorm1d or BatchNorm2d or BatchNorm3d,
            child => child is BatchNorm3d norm
                ? $"has no DyT counterpart here (DynamicTanh takes (B, C, H, W) or channels last); it has {norm.num_features} features"
                : null,
            child => child is BatchNorm1d norm
                ? new DynamicTanh(norm.num_features, alphaInit, ChannelLayout.Last) // (B, C) features
                : new DynamicTanh(((BatchNorm2d)child).num_features, alphaInit, ChannelLayout.First));

    /// <summary>
    /// Replaces every GroupNorm with channels-first DyT. A GroupNorm that normalizes raw input (the first one of a
    /// wav2vec 2.0 feature encoder) is data normalization, which the paper keeps; analyzer DYT002 warns at the call.
    /// A GroupNorm without affine parameters is refused: nothing in it says its channel count.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced (a layer shared by several places counts once).</returns>
    public static int ReplaceGroupNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is GroupNorm,
            child => ((GroupNorm)child).weight is null
                ? "has no affine parameters, so nothing says its channel count; construct DynamicTanh yourself"
                : null,
            child => new DynamicTanh(((GroupNorm)child).weight!.shape[0], alphaInit, ChannelLayout.First));

    // The same parameters as the LayerNorm: a LayerNorm without weight (elementwise_affine: false, as DiT's) or bias
    // (bias: false) has no such state-dict key, and a DyT with them would add keys a checkpoint of the model lacks.
    private static DynamicTanh DyTFor(LayerNorm norm, double alphaInit) =>
        new(norm.normalized_shape[0], alphaInit, elementwiseAffine: norm.weight is not null, bias: norm.bias is not null);

    /// <param name="module">The model.</param>
    /// <param name="isTarget">Whether a module is a norm to replace.</param>
    /// <param name="unfit">Why a norm has no replacement (the end of a sentence that starts with its type and path), or null.</param>
    /// <param name="replacementFor">The replacement of a norm that <paramref name="unfit"/> accepts.</param>
    private static int Replace(nn.Module module, Func<nn.Module, bool> isTarget, Func<nn.Module, string?> unfit,
        Func<nn.Module, nn.Module> replacementFor)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var replacement = NormReplacement.Prepare(NormSlot.Find(module, isTarget), unfit, replacementFor, nameof(module));
        return replacement.Commit();
    }
}
