using System.Collections.Generic;

namespace DyT.Declarations;

/// <summary>A ConvNeXt's hyperparameters (timm's convnext), with the stage lists in effect.</summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
/// <param name="Depths">Blocks per stage.</param>
/// <param name="Dims">Channels per stage.</param>
/// <param name="InChannels">Channels of the input images.</param>
/// <param name="NumClasses">Number of classes.</param>
/// <param name="Norm">The norm of the stem, the blocks, the downsampling layers and the head.</param>
/// <param name="AlphaInit">Initial alpha of DyT and Derf layers; null for norms without one.</param>
/// <param name="LayerScaleInit">Initial value of the per-channel layer scale.</param>
public sealed record ConvNextDeclaration(
    string ModelName,
    long ParameterCount,
    IReadOnlyList<int> Depths,
    IReadOnlyList<int> Dims,
    int InChannels,
    int NumClasses,
    NormKind Norm,
    double? AlphaInit,
    double LayerScaleInit) : ModelDeclaration(ModelName, ParameterCount)
{
    /// <inheritdoc/>
    public override string Family => "ConvNeXt";
}
