using System.Collections.Immutable;
using DyT.Generators.Specs;

namespace DyT.Generators.Parsing;

/// <summary>
/// The values of one <c>[ConvNet(...)]</c>: each written one, else the default of the attribute itself (a
/// default-constructed <see cref="ConvNetAttribute"/>). The stage lists, when not written, are the family's reference
/// configuration (the attribute's empty default means "not set"); a ResNet's Norm is null when not written, for
/// BatchNorm.
/// </summary>
internal sealed class ConvNetArguments
{
    /// <summary>ConvNeXt-T's stages, and ResNet-50's: the lists a ConvNet gets when it does not write them.</summary>
    public static readonly ImmutableArray<int> ConvNextTinyDepths = [3, 3, 9, 3];
    public static readonly ImmutableArray<int> ConvNextTinyDims = [96, 192, 384, 768];
    public static readonly ImmutableArray<int> ResNet50Depths = [3, 4, 6, 3];

    private readonly WrittenArguments written;
    private readonly ConvNetAttribute defaults;

    public ConvNetArguments(WrittenArguments written)
    {
        this.written = written;
        defaults = new ConvNetAttribute((ConvArchitecture)written.Architecture);
    }

    /// <summary>The family; <see cref="ConvNetValidator"/> checks that it is a defined member.</summary>
    public ConvArchitecture Architecture => (ConvArchitecture)written.Architecture;

    /// <summary>Blocks per stage, as written (null when not written).</summary>
    public ImmutableArray<int>? WrittenDepths => written.IntsIfWritten(nameof(ConvNetAttribute.Depths));

    /// <summary>ConvNeXt channels per stage, as written (null when not written).</summary>
    public ImmutableArray<int>? WrittenDims => written.IntsIfWritten(nameof(ConvNetAttribute.Dims));

    /// <summary>Blocks per stage: as written, else the family's reference list.</summary>
    public ImmutableArray<int> Depths => WrittenDepths ?? (Architecture == ConvArchitecture.ResNet ? ResNet50Depths : ConvNextTinyDepths);

    /// <summary>ConvNeXt channels per stage: as written, else ConvNeXt-T's.</summary>
    public ImmutableArray<int> Dims => WrittenDims ?? ConvNextTinyDims;

    public int InChannels => written.Int(nameof(ConvNetAttribute.InChannels), defaults.InChannels);
    public int NumClasses => written.Int(nameof(ConvNetAttribute.NumClasses), defaults.NumClasses);
    public NormKind Norm => (NormKind)written.Int(nameof(ConvNetAttribute.Norm), (int)defaults.Norm);
    public bool IsNormWritten => written.IsWritten(nameof(ConvNetAttribute.Norm));
    public double AlphaInit => written.Double(nameof(ConvNetAttribute.AlphaInit), defaults.AlphaInit);
    public double LayerScaleInit => written.Double(nameof(ConvNetAttribute.LayerScaleInit), defaults.LayerScaleInit);

    /// <summary>The spec of a valid declaration (the validator found no error).</summary>
    public ModelSpec? ToSpec(TargetType target) => Architecture switch
    {
        ConvArchitecture.ConvNeXt => new ConvNextSpec(target, new EquatableArray<int>(Depths), new EquatableArray<int>(Dims),
            InChannels, NumClasses, Norm, AlphaInit, LayerScaleInit),
        // A ResNet keeps BatchNorm unless the attribute writes Norm.
        ConvArchitecture.ResNet => new ResNetSpec(target, new EquatableArray<int>(Depths), InChannels, NumClasses,
            IsNormWritten ? Norm : null, AlphaInit),
        _ => null,   // undefined: the validator reported DYT013
    };
}
