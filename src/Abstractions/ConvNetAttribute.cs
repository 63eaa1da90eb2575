using System;

namespace DyT;

/// <summary>
/// Declares a ConvNet on a <c>partial</c> class; the generator expands it into a TorchSharp module with timm's
/// structure and keys. ConvNeXt's LayerNorms become the chosen <see cref="Norm"/>; a ResNet keeps BatchNorm unless
/// <see cref="Norm"/> is written (DyT in place of BatchNorm is the placement the paper shows to fail: analyzer DYT001).
/// </summary>
/// <example><code>
/// [ConvNet(ConvArchitecture.ConvNeXt, Depths = new[] { 3, 3, 9, 3 }, Dims = new[] { 96, 192, 384, 768 }, Norm = NormKind.DyT)]
/// public partial class ConvNextTiny { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConvNetAttribute : Attribute
{
    /// <summary>Declares a ConvNet of the given family.</summary>
    public ConvNetAttribute(ConvArchitecture architecture) => Architecture = architecture;

    /// <summary>The family to generate.</summary>
    public ConvArchitecture Architecture { get; }

    /// <summary>Blocks per stage. Not set: ConvNeXt-T (3, 3, 9, 3) or ResNet-50 (3, 4, 6, 3); written, at least one stage.</summary>
    public int[] Depths { get; set; } = [];

    /// <summary>ConvNeXt: channels per stage. Not set: ConvNeXt-T (96, 192, 384, 768); written, one per stage of <see cref="Depths"/>.</summary>
    public int[] Dims { get; set; } = [];

    /// <summary>Channels of the input images.</summary>
    public int InChannels { get; set; } = 3;

    /// <summary>Number of classes.</summary>
    public int NumClasses { get; set; } = 1000;

    /// <summary>The norm in place of the reference's LayerNorm (ConvNeXt) or BatchNorm (ResNet, only when written).</summary>
    public NormKind Norm { get; set; } = NormKind.DyT;

    /// <summary>Initial alpha of DyT and Derf layers.</summary>
    public double AlphaInit { get; set; } = 0.5;

    /// <summary>ConvNeXt: initial value of the per-channel layer scale (timm: 1e-6).</summary>
    public double LayerScaleInit { get; set; } = 1e-6;
}
