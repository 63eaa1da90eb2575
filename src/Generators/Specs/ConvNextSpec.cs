namespace DyT.Generators.Specs;

/// <summary>A ConvNeXt as timm's convnext: a stem, stages of blocks, a pooled head.</summary>
internal sealed record ConvNextSpec(
    TargetType Target,
    EquatableArray<int> Depths,
    EquatableArray<int> Dims,
    int InChannels,
    int NumClasses,
    NormKind Norm,
    double AlphaInit,
    double LayerScaleInit) : ModelSpec(Target)
{
    public override ModelSpec WithNorm(NormKind norm) => this with { Norm = norm };
}
