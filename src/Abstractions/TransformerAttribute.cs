using System;

namespace DyT;

/// <summary>
/// Declares a Transformer on a <c>partial</c> class; the DyT.Generated source generator expands the class into a
/// TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> whose norm layers are chosen at compile time by <see cref="Norm"/>.
/// </summary>
/// <example><code>
/// [Transformer(Architecture.ViT, Dim = 192, Depth = 12, Heads = 3, Norm = NormKind.DyT, AlphaInit = 0.5)]
/// public partial class VitTiny { }
/// </code></example>
/// <remarks>The defaults describe ViT-B/16 at 224x224 with 1000 classes and DyT (alpha0 0.5).</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TransformerAttribute : Attribute
{
    /// <summary>Declares a Transformer of the given family.</summary>
    public TransformerAttribute(Architecture architecture) => Architecture = architecture;

    /// <summary>The family to generate.</summary>
    public Architecture Architecture { get; }

    /// <summary>Embedding width (channels per token).</summary>
    public int Dim { get; set; } = 768;

    /// <summary>Number of Transformer blocks.</summary>
    public int Depth { get; set; } = 12;

    /// <summary>Attention heads per block; must divide <see cref="Dim"/>.</summary>
    public int Heads { get; set; } = 12;

    /// <summary>Hidden width of the MLP as a multiple of <see cref="Dim"/>.</summary>
    public double MlpRatio { get; set; } = 4.0;

    /// <summary>The normalization layer used everywhere the reference model has LayerNorm or RMSNorm.</summary>
    public NormKind Norm { get; set; } = NormKind.DyT;

    /// <summary>Initial value of DyT's (and Derf's) scalar alpha; the paper's default for non-LLM models is 0.5.</summary>
    public double AlphaInit { get; set; } = 0.5;

    /// <summary>ViT, DiT: side of a square patch in pixels; must divide <see cref="ImageSize"/>.</summary>
    public int PatchSize { get; set; } = 16;

    /// <summary>ViT, DiT: side of the square input image (latent for DiT).</summary>
    public int ImageSize { get; set; } = 224;

    /// <summary>ViT, DiT: channels of the input image.</summary>
    public int InChannels { get; set; } = 3;

    /// <summary>ViT, DiT: number of classes.</summary>
    public int NumClasses { get; set; } = 1000;

    /// <summary>Llama: vocabulary size (LLaMA 2: 32,000).</summary>
    public int VocabSize { get; set; } = 32000;

    /// <summary>Llama: longest sequence the rotary embedding table covers.</summary>
    public int MaxSeqLen { get; set; } = 4096;

    /// <summary>Llama: hidden width of the SwiGLU FFN, &gt; 0 when written. Not set: LLaMA's rule from <see cref="Dim"/>.</summary>
    public int FfnDim { get; set; }

    /// <summary>Llama: key/value heads for grouped-query attention; must divide <see cref="Heads"/>. Not set: <see cref="Heads"/>.</summary>
    public int KvHeads { get; set; }

    /// <summary>Llama with DyT: initial alpha of the attention norms. Not set: the paper's width table picks it (the default NaN stands for "not set"; a written value must be a finite number &gt; 0).</summary>
    public double AlphaInitAttention { get; set; } = double.NaN;

    /// <summary>Llama with DyT: initial alpha of the FFN norms. Not set: the paper's width table picks it (the default NaN stands for "not set"; a written value must be a finite number &gt; 0).</summary>
    public double AlphaInitFfn { get; set; } = double.NaN;

    /// <summary>Llama with DyT: initial alpha of the final norm. Not set: the paper's width table picks it (the default NaN stands for "not set"; a written value must be a finite number &gt; 0).</summary>
    public double AlphaInitFinal { get; set; } = double.NaN;

    /// <summary>
    /// Llama with DyT: a learnable scalar after the token embedding, initialised to sqrt(Dim) (the paper's recipe;
    /// without it activations are too small and training stalls). Not set: on for DyT, absent otherwise.
    /// </summary>
    public bool EmbedScale { get; set; }

    /// <summary>
    /// Llama: the base of the rotary position embedding (Hugging Face's <c>rope_theta</c>): 10,000 for LLaMA 2 and
    /// TinyLlama, 500,000 for Llama 3. A written value must be a finite number &gt; 0.
    /// </summary>
    public double RopeTheta { get; set; } = 10000;

    /// <summary>
    /// Llama: epsilon of the RMSNorm (or LayerNorm) layers (<c>rms_norm_eps</c>), 1e-5 as LLaMA 2, Llama 3 and
    /// TinyLlama. A written value must be a finite number &gt; 0. DyT and Derf have no epsilon; it applies when
    /// <c>DyTNormOverride</c> switches such a model to RMSNorm or LayerNorm.
    /// </summary>
    public double NormEps { get; set; } = 1e-5;

    /// <summary>
    /// Llama: the LM head shares the token embedding matrix <c>model.embed_tokens.weight</c> (Hugging Face's
    /// <c>tie_word_embeddings</c>, as Llama 3.2 1B and 3B). The state dict then has no <c>lm_head.weight</c> and
    /// <c>ParameterCount</c> counts the matrix once.
    /// </summary>
    public bool TieEmbeddings { get; set; }

    /// <summary>
    /// Llama: Llama 3.1's rotary scaling (<c>rope_scaling</c> with <c>rope_type: llama3</c>): the factor that divides
    /// the low rotary frequencies (Llama 3.1: 8; Llama 3.2: 32). 0, the default, means no scaling; written non-zero,
    /// it must be a finite number &gt;= 1 and <see cref="RopeLowFreqFactor"/>, <see cref="RopeHighFreqFactor"/> and
    /// <see cref="RopeOriginalMaxPositions"/> must be written too. Frequencies follow Hugging Face's llama3 formula.
    /// </summary>
    public double RopeScalingFactor { get; set; }

    /// <summary>
    /// Llama: <c>rope_scaling.low_freq_factor</c> (Llama 3.1 and 3.2: 1): wavelengths above
    /// <see cref="RopeOriginalMaxPositions"/> / this are divided by <see cref="RopeScalingFactor"/>. 0 (default): no
    /// scaling; with scaling, a finite number &gt; 0 below <see cref="RopeHighFreqFactor"/>.
    /// </summary>
    public double RopeLowFreqFactor { get; set; }

    /// <summary>
    /// Llama: <c>rope_scaling.high_freq_factor</c> (Llama 3.1 and 3.2: 4): wavelengths below
    /// <see cref="RopeOriginalMaxPositions"/> / this keep their frequency; those between are interpolated. 0
    /// (default): no scaling; with scaling, a finite number above <see cref="RopeLowFreqFactor"/>.
    /// </summary>
    public double RopeHighFreqFactor { get; set; }

    /// <summary>
    /// Llama: <c>rope_scaling.original_max_position_embeddings</c> (Llama 3.1 and 3.2: 8192), the context the model
    /// was first trained at. 0 (default): no scaling; with scaling, &gt; 0.
    /// </summary>
    public int RopeOriginalMaxPositions { get; set; }

    /// <summary>DiT: predict the variance as well as the noise (output channels 2 x InChannels), as DiT-XL/2.</summary>
    public bool LearnSigma { get; set; } = true;

    /// <summary>
    /// DiT: zero-initialise the adaLN modulation and the final layer (adaLN-Zero). Not set: on for LayerNorm, off for
    /// DyT (the paper found it hurts DyT).
    /// </summary>
    public bool AdaLnZeroInit { get; set; }
}
