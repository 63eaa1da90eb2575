namespace DyT.Generators.Specs;

/// <summary>A Diffusion Transformer as facebookresearch/DiT, class-conditional with a null class for guidance.</summary>
internal sealed record DitSpec(
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
    int NumClasses,
    bool LearnSigma,
    bool? AdaLnZeroInit) : ModelSpec(Target)
{
    public long OutChannels => LearnSigma ? 2L * InChannels : InChannels;
    public long Grid => ImageSize / PatchSize;
    public long NumPatches => Grid * Grid;
    public long MlpHidden => (long)(Dim * MlpRatio);

    /// <summary>adaLN-Zero as written, else on for LayerNorm and RMSNorm and off for DyT and Derf (the paper's finding).</summary>
    public bool ZeroInit => AdaLnZeroInit ?? Norm is NormKind.LayerNorm or NormKind.RMSNorm;

    public override ModelSpec WithNorm(NormKind norm) => this with { Norm = norm };
}
