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
}
