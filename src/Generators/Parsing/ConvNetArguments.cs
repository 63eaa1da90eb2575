using System.Collections.Immutable;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The arguments of one <c>[ConvNet(...)]</c>, read from its attribute data with the defaults filled in. Shared by
/// the generator and the analyzers.
/// </summary>
internal sealed class ConvNetArguments : AttributeArguments
{
    private ConvNetArguments(int architecture, ImmutableDictionary<string, TypedConstant> named) : base(architecture, named) { }

    /// <summary>Blocks per stage; the family's reference list when not written or empty.</summary>
    public int[] Depths => IntArray(nameof(Depths)) is { Length: > 0 } depths ? depths
        : Architecture == (int)ConvFamily.ResNet ? ConvNetDefaults.ResNetDepths : ConvNetDefaults.ConvNextDepths;

    /// <summary>ConvNeXt channels per stage; ConvNeXt-T's when not written or empty.</summary>
    public int[] Dims => IntArray(nameof(Dims)) is { Length: > 0 } dims ? dims : ConvNetDefaults.ConvNextDims;

    public int InChannels => Int(nameof(InChannels), ConvNetDefaults.InChannels);
    public int NumClasses => Int(nameof(NumClasses), ConvNetDefaults.NumClasses);
    public int Norm => Int(nameof(Norm), ConvNetDefaults.Norm);
    public double AlphaInit => Double(nameof(AlphaInit), ConvNetDefaults.AlphaInit);
    public double LayerScaleInit => Double(nameof(LayerScaleInit), ConvNetDefaults.LayerScaleInit);

    /// <summary>Reads the attribute; null when it does not bind (the compiler reports that error itself).</summary>
    public static ConvNetArguments? Read(AttributeData attribute) =>
        TryRead(attribute, out var architecture, out var named) ? new ConvNetArguments(architecture, named) : null;
}
