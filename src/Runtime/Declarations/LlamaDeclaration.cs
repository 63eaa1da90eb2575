using DyT.Blocks;

namespace DyT.Declarations;

/// <summary>A LLaMA-style decoder's hyperparameters (Hugging Face's LlamaForCausalLM), with the values in effect.</summary>
/// <param name="ModelName">The generated class's name.</param>
/// <param name="ParameterCount">Learnable parameters, counted at compile time.</param>
/// <param name="Dim">Hidden size.</param>
/// <param name="Depth">Number of decoder layers.</param>
/// <param name="Heads">Attention (query) heads.</param>
/// <param name="KvHeads">Key/value heads in effect (grouped-query attention; equal to <paramref name="Heads"/> without it).</param>
/// <param name="FfnDim">SwiGLU hidden width in effect.</param>
/// <param name="VocabSize">Vocabulary size.</param>
/// <param name="MaxSeqLen">Longest sequence the model accepts.</param>
/// <param name="Norm">The norm of every decoder layer and of the final norm.</param>
/// <param name="AlphaInitAttention">DyT/Derf: initial alpha of the norms before attention; null for norms without alpha.</param>
/// <param name="AlphaInitFfn">DyT/Derf: initial alpha of the norms before the FFN; null for norms without alpha.</param>
/// <param name="AlphaInitFinal">DyT/Derf: initial alpha of the final norm; null for norms without alpha.</param>
/// <param name="EmbedScale">Whether a learnable scalar scales the token embedding (the paper's DyT recipe).</param>
/// <param name="RopeTheta">The rotary base (<c>rope_theta</c>).</param>
/// <param name="NormEps">Epsilon of the RMSNorm or LayerNorm layers (<c>rms_norm_eps</c>); null for DyT and Derf, which have none.</param>
/// <param name="TieEmbeddings">Whether the LM head is the token embedding matrix (<c>tie_word_embeddings</c>; no <c>lm_head.weight</c>).</param>
/// <param name="RopeScaling">Llama 3.1's rotary scaling (<c>rope_scaling</c> of type llama3); null when off.</param>
public sealed record LlamaDeclaration(
    string ModelName,
    long ParameterCount,
    int Dim,
    int Depth,
    int Heads,
    int KvHeads,
    long FfnDim,
    int VocabSize,
    int MaxSeqLen,
    NormKind Norm,
    double? AlphaInitAttention,
    double? AlphaInitFfn,
    double? AlphaInitFinal,
    bool EmbedScale,
    double RopeTheta,
    double? NormEps,
    bool TieEmbeddings,
    RopeScaling? RopeScaling) : ModelDeclaration(ModelName, ParameterCount)
{
    /// <summary>Width of each attention head: <see cref="Dim"/> / <see cref="Heads"/>.</summary>
    public int HeadDim => Dim / Heads;

    /// <inheritdoc/>
    public override string Family => "Llama";
}
