namespace DyT.Generators.Specs;

/// <summary>A bottleneck ResNet as timm's resnet. <see cref="Norm"/> is null for BatchNorm (the attribute did not write Norm).</summary>
internal sealed record ResNetSpec(
    TargetType Target,
    EquatableArray<int> Depths,
    int InChannels,
    int NumClasses,
    NormKind? Norm,
    double AlphaInit) : ModelSpec(Target)
{
    /// <summary>Stem width and the first stage's bottleneck width, as ResNet-50.</summary>
    public const long StemWidth = 64;

    /// <summary>Bottleneck expansion: each block outputs 4x its inner width.</summary>
    public const long Expansion = 4;

    /// <summary>Only a written norm is switched: BatchNorm is not one of the choices the override picks between.</summary>
    public override ModelSpec WithNorm(NormKind norm) => Norm is null ? this : this with { Norm = norm };
}
