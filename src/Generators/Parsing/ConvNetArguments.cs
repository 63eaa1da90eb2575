using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The arguments of one <c>[ConvNet(...)]</c>, read from its attribute data with the defaults filled in. Shared by
/// the generator and the analyzers.
/// </summary>
internal sealed class ConvNetArguments
{
    private readonly ImmutableDictionary<string, TypedConstant> named;

    private ConvNetArguments(int architecture, ImmutableDictionary<string, TypedConstant> named)
    {
        Architecture = architecture;
        this.named = named;
    }

    public int Architecture { get; }

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

    /// <summary>Whether the user wrote the named argument.</summary>
    public bool IsSet(string name) => named.ContainsKey(name);

    /// <summary>Reads the attribute; null when it does not bind (the compiler reports that error itself).</summary>
    public static ConvNetArguments? Read(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int architecture)
            return null;
        var named = ImmutableDictionary.CreateBuilder<string, TypedConstant>();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error) return null;
            named[argument.Key] = argument.Value;
        }
        return new ConvNetArguments(architecture, named.ToImmutable());
    }

    private int[]? IntArray(string name) =>
        named.TryGetValue(name, out var value) && value.Kind == TypedConstantKind.Array && !value.IsNull
            ? value.Values.Select(item => item.Value is int number ? number : 0).ToArray()
            : null;

    private int Int(string name, int fallback) =>
        named.TryGetValue(name, out var value) && value.Value is int number ? number : fallback;

    private double Double(string name, double fallback) =>
        named.TryGetValue(name, out var value) && value.Value is double number ? number : fallback;
}
