using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Analyzers;

/// <summary>
/// One model attribute applied to a class, as the rules see it: its data, its syntax (for locations) and typed access to
/// its named arguments. Rules read values here rather than through the generator's argument classes so that the
/// properties the families add (Llama, DiT, ConvNet) are readable before the parser knows them.
/// </summary>
internal sealed class ModelAttribute
{
    private readonly int? normOverride;

    private ModelAttribute(INamedTypeSymbol type, AttributeData data, AttributeSyntax syntax, int? normOverride)
    {
        Type = type;
        Data = data;
        Syntax = syntax;
        this.normOverride = normOverride;
    }

    public INamedTypeSymbol Type { get; }

    public AttributeData Data { get; }

    public AttributeSyntax Syntax { get; }

    /// <summary>The single constructor argument (the family), or null when it does not bind.</summary>
    public int? Architecture =>
        Data.ConstructorArguments.Length == 1 && Data.ConstructorArguments[0].Value is int value ? value : null;

    /// <summary>
    /// The norm the generator builds: the project's <c>DyTNormOverride</c> when set, else the attribute's <c>Norm</c>
    /// (default DyT). As in the generator, the override leaves a ResNet whose attribute does not write Norm on BatchNorm
    /// (then this is the attribute's default, which a ResNet ignores; rules about ResNets read <see cref="IsSet"/>).
    /// </summary>
    public int Norm => normOverride ?? Int("Norm", KnownTypes.NormDyT);

    /// <summary>The first application of <paramref name="attributeType"/> on <paramref name="type"/> written in source.</summary>
    /// <param name="type">The class.</param>
    /// <param name="attributeType">The model attribute's type, null when the compilation lacks it.</param>
    /// <param name="normOverride">The project's DyTNormOverride as a NormKind value, null when not set.</param>
    /// <param name="cancellationToken">Cancels the syntax lookup.</param>
    public static ModelAttribute? Find(INamedTypeSymbol type, INamedTypeSymbol? attributeType, int? normOverride, CancellationToken cancellationToken)
    {
        if (attributeType is null) return null;
        foreach (var data in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(data.AttributeClass, attributeType)) continue;
            if (data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
                return new ModelAttribute(type, data, syntax, normOverride);
        }
        return null;
    }

    public bool IsSet(string name) => TryGet(name, out _);

    public int Int(string name, int fallback) => TryGet(name, out var value) && value is int number ? number : fallback;

    public double Double(string name, double fallback) => TryGet(name, out var value) && value is double number ? number : fallback;

    public bool? Bool(string name) => TryGet(name, out var value) && value is bool flag ? flag : null;

    /// <summary>The integer array argument (ConvNet's Dims), empty when not written.</summary>
    public IReadOnlyList<int> Ints(string name)
    {
        foreach (var argument in Data.NamedArguments)
        {
            if (argument.Key != name || argument.Value.Kind != TypedConstantKind.Array) continue;
            var values = new List<int>();
            foreach (var element in argument.Value.Values)
                if (element.Value is int number) values.Add(number);
            return values;
        }
        return [];
    }

    /// <summary>Where a diagnostic about <paramref name="argument"/> goes: that named argument, else the attribute's name.</summary>
    public Location LocationOf(string argument)
    {
        if (argument.Length > 0 && Syntax.ArgumentList is { } list)
            foreach (var syntax in list.Arguments)
                if (syntax.NameEquals?.Name.Identifier.ValueText == argument)
                    return syntax.GetLocation();
        return Syntax.Name.GetLocation();
    }

    private bool TryGet(string name, out object? value)
    {
        foreach (var argument in Data.NamedArguments)
        {
            if (argument.Key != name || argument.Value.Kind == TypedConstantKind.Error) continue;
            value = argument.Value.Value;
            return true;
        }
        value = null;
        return false;
    }
}
