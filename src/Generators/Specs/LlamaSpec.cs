namespace DyT.Generators.Specs;

/// <summary>
/// A decoder-only LM as LLaMA 2 and 3. The nullable values are null when the attribute does not write them, which means
/// something of its own: LLaMA's FFN rule, one key/value head per query head, alphas from the paper's width table,
/// the DyT recipe's embedding scale; <see cref="RopeScaling"/> is null when rotary scaling is off.
/// </summary>
internal sealed record LlamaSpec(
    TargetType Target,
    int Dim,
    int Depth,
    int Heads,
    int? KvHeads,
    int? FfnDim,
    int VocabSize,
    int MaxSeqLen,
    NormKind Norm,
    double? AlphaInit,
    double? AlphaInitAttention,
    double? AlphaInitFfn,
    double? AlphaInitFinal,
    bool? EmbedScale,
    double RopeTheta,
    double NormEps,
    bool TieEmbeddings,
    LlamaRopeScaling? RopeScaling) : ModelSpec(Target)
{
    public long HeadDim => Dim / Heads;

    /// <summary>Key/value heads in effect: as written, else one per query head.</summary>
    public int KvHeadCount => KvHeads ?? Heads;

    /// <summary>The SwiGLU hidden width in effect: as written, else LLaMA's rule from <see cref="Dim"/>.</summary>
    public long FfnHidden => FfnDim ?? LlamaFfn.Hidden(Dim);

    /// <summary>The learnable scalar after the embedding: as written, else on for DyT only (the paper's recipe and the attribute's contract).</summary>
    public bool HasEmbedScale => EmbedScale ?? Norm == NormKind.DyT;

    /// <summary>The alphas in effect: each written one, else AlphaInit when written, else the paper's width table.</summary>
    public LlamaAlphas Alphas => LlamaAlphas.Resolve(this);

    public override ModelSpec WithNorm(NormKind norm) => this with { Norm = norm };
}
