namespace DyT.Generators.Specs;

/// <summary>Everything the emitter needs to write one ViT: plain values, equatable, no Roslyn objects.</summary>
internal sealed record VitSpec(
    TargetType Target,
    int Dim,
    int Depth,
    int Heads,
    double MlpRatio,
    NormKind Norm,
    double AlphaInit,
    int PatchSize,
    int ImageSize,
    int InChannels,
    int NumClasses) : ModelSpec(Target)
{
    /// <summary>Hidden width of the MLP, <c>int(dim * mlp_ratio)</c> as timm computes it.</summary>
    public long MlpHidden => (long)(Dim * MlpRatio);

    /// <summary>Patches per image.</summary>
    public long NumPatches => (long)(ImageSize / PatchSize) * (ImageSize / PatchSize);

    public override ModelSpec WithNorm(NormKind norm) => this with { Norm = norm };
}
