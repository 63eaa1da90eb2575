using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
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
/// A norm is replaced where a module holds it in a field (TorchSharp registers submodules from fields): the field is set
/// to the new <see cref="DynamicTanh"/> and the submodule is registered again under the same name, so the state-dict
/// keys stay the same. The field must be declared with a type a <see cref="DynamicTanh"/> fits in, such as
/// <c>Module&lt;Tensor, Tensor&gt;</c>. Entries of containers (Sequential, ModuleList) are searched but not replaced.
/// </remarks>
public static class NormConversion
{
    /// <summary>Replaces every <c>LayerNorm</c> in <paramref name="module"/> with DyT over its last normalized dimension.</summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers (the paper's default for non-LLM models: 0.5).</param>
    /// <returns>How many layers were replaced.</returns>
    public static int ConvertLayerNormToDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is LayerNorm norm
            ? new DynamicTanh(norm.normalized_shape[^1], alphaInit)
            : null);

    /// <summary>
    /// Replaces every BatchNorm (1d, 2d, 3d) with channels-first DyT. The paper shows this fails on classic ConvNets
    /// (ResNet-50 top-1 76.2% to 68.9%); analyzer DYT001 warns at the call.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced.</returns>
    public static int ReplaceBatchNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child switch
        {
            BatchNorm1d norm => new DynamicTanh(norm.num_features, alphaInit, ChannelLayout.Last), // (B, C) features
            BatchNorm2d norm => new DynamicTanh(norm.num_features, alphaInit, ChannelLayout.First),
            BatchNorm3d norm => throw new ArgumentException(
                $"BatchNorm3d has no DyT counterpart here (DynamicTanh takes (B, C, H, W) or channels last); got one with {norm.num_features} features", nameof(module)),
            _ => null,
        });

    /// <summary>
    /// Replaces every GroupNorm with channels-first DyT. A GroupNorm that normalizes raw input (the first one of a
    /// wav2vec 2.0 feature encoder) is data normalization, which the paper keeps; analyzer DYT002 warns at the call.
    /// </summary>
    /// <param name="module">The model; changed in place.</param>
    /// <param name="alphaInit">Initial alpha of the new layers.</param>
    /// <returns>How many layers were replaced.</returns>
    public static int ReplaceGroupNormWithDyT(nn.Module module, double alphaInit = DynamicTanh.DefaultAlphaInit) =>
        Replace(module, child => child is GroupNorm norm
            ? new DynamicTanh(norm.weight?.shape[0] ?? throw new ArgumentException(
                "GroupNorm without affine parameters does not say its channel count; construct DynamicTanh yourself", nameof(module)),
                alphaInit, ChannelLayout.First)
            : null);

    private static int Replace(nn.Module module, Func<nn.Module, nn.Module?> replacementFor)
    {
        ArgumentNullException.ThrowIfNull(module);
        var replaced = 0;
        var children = module.named_children().ToList();
        foreach (var field in ModuleFields(module.GetType()))
        {
            if (field.GetValue(module) is not nn.Module child) continue;
            var replacement = replacementFor(child);
            if (replacement is null) continue;
            if (!field.FieldType.IsInstanceOfType(replacement))
                throw new ArgumentException(
                    $"Field '{field.Name}' of {module.GetType().Name} is declared {field.FieldType.Name}; declare it as Module<Tensor, Tensor> so a DynamicTanh can take its place",
                    nameof(module));
            var name = children.FirstOrDefault(entry => ReferenceEquals(entry.module, child)).name ?? field.Name;
            field.SetValue(module, replacement);
            module.register_module(name, null!); // TorchSharp refuses to register a name twice: remove, then add.
            module.register_module(name, replacement);
            child.Dispose();
            replaced++;
        }
        foreach (var (_, child) in module.named_children())
            replaced += Replace(child, replacementFor);
        return replaced;
    }

    /// <summary>Instance fields holding modules, declared by the type or its bases up to TorchSharp's Module.</summary>
    private static IEnumerable<FieldInfo> ModuleFields(Type type)
    {
        for (var current = type; current is not null && current.Assembly != typeof(nn.Module).Assembly; current = current.BaseType)
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (typeof(nn.Module).IsAssignableFrom(field.FieldType))
                    yield return field;
    }
}
