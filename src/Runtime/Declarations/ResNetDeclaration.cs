using System.Collections.Generic;

namespace DyT.Declarations;

/// <summary>A bottleneck ResNet's hyperparameters (timm's resnet), with the stage list in effect.</summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
/// <param name="Depths">Blocks per stage.</param>
/// <param name="InChannels">Channels of the input images.</param>
/// <param name="NumClasses">Number of classes.</param>
/// <param name="Norm">The norm after every convolution; null for the reference BatchNorm.</param>
/// <param name="AlphaInit">Initial alpha of DyT and Derf layers; null for norms without one.</param>
public sealed record ResNetDeclaration(
    string ModelName,
    long ParameterCount,
    IReadOnlyList<int> Depths,
    int InChannels,
    int NumClasses,
    NormKind? Norm,
    double? AlphaInit) : ModelDeclaration(ModelName, ParameterCount)
{
    /// <inheritdoc/>
    public override string Family => "ResNet";
}
