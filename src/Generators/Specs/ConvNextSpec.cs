namespace DyT.Generators.Specs;

/// <summary>A ConvNeXt as timm's convnext: a stem, stages of blocks, a pooled head.</summary>
internal sealed record ConvNextSpec(
    TargetType Target,
    EquatableArray<int> Depths,
    EquatableArray<int> Dims,
    int InChannels,
    int NumClasses,
    Norm Norm,
    double AlphaInit,
    double LayerScaleInit) : ModelSpec(Target)
{
    public override ModelSpec WithNorm(Norm norm) => this with { Norm = norm };
}
