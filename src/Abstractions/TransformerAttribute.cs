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

    /// <summary>DiT: predict the variance as well as the noise (output channels 2 x InChannels), as DiT-XL/2.</summary>
    public bool LearnSigma { get; set; } = true;

    /// <summary>
    /// DiT: zero-initialise the adaLN modulation and the final layer (adaLN-Zero). Not set: on for LayerNorm, off for
    /// DyT (the paper found it hurts DyT).
    /// </summary>
    public bool AdaLnZeroInit { get; set; }
}
