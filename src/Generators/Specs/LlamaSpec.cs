namespace DyT.Generators.Specs;

/// <summary>A decoder-only LM as LLaMA 2. Alphas the user did not write are NaN; <see cref="Alphas"/> resolves them.</summary>
internal sealed record LlamaSpec(
    TargetType Target,
    int Dim,
    int Depth,
    int Heads,
    int KvHeads,
    long FfnDim,
    int VocabSize,
    int MaxSeqLen,
    Norm Norm,
    double AlphaInit,
    double AlphaInitAttention,
    double AlphaInitFfn,
    double AlphaInitFinal,
    bool? EmbedScale) : ModelSpec(Target)
{
    public long HeadDim => Dim / Heads;

    /// <summary>The learnable scalar after the embedding: as written, else on for DyT only (the paper's recipe and the attribute's contract).</summary>
    public bool HasEmbedScale => EmbedScale ?? Norm == Norm.DyT;

    /// <summary>The alphas in effect: each written one, else AlphaInit when written, else the paper's width table.</summary>
    public LlamaAlphas Alphas => LlamaAlphas.Resolve(this);

    public override ModelSpec WithNorm(Norm norm) => this with { Norm = norm };
}
