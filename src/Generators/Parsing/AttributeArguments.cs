using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// A model attribute's arguments as written: the architecture passed to the constructor and the named properties.
/// The family-specific subclasses fill in defaults; the generator and the analyzers read through them alike.
/// </summary>
internal abstract class AttributeArguments
{
    private readonly ImmutableDictionary<string, TypedConstant> named;

    protected AttributeArguments(int architecture, ImmutableDictionary<string, TypedConstant> named)
    {
        Architecture = architecture;
        this.named = named;
    }

    public int Architecture { get; }

    /// <summary>Whether the user wrote the named argument.</summary>
    public bool IsSet(string name) => named.ContainsKey(name);

    /// <summary>The architecture and the named arguments; false when the attribute does not bind (the compiler reports that).</summary>
    protected static bool TryRead(AttributeData attribute, out int architecture, out ImmutableDictionary<string, TypedConstant> named)
    {
        architecture = 0;
        named = ImmutableDictionary<string, TypedConstant>.Empty;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int value)
            return false;
        var builder = ImmutableDictionary.CreateBuilder<string, TypedConstant>();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error) return false;
            builder[argument.Key] = argument.Value;
        }
        architecture = value;
        named = builder.ToImmutable();
        return true;
    }

    protected int Int(string name, int fallback) =>
        named.TryGetValue(name, out var value) && value.Value is int number ? number : fallback;

    protected double Double(string name, double fallback) =>
        named.TryGetValue(name, out var value) && value.Value is double number ? number : fallback;

    protected bool? Bool(string name) => named.TryGetValue(name, out var value) && value.Value is bool flag ? flag : null;

    protected int[]? IntArray(string name) =>
        named.TryGetValue(name, out var value) && value.Kind == TypedConstantKind.Array && !value.IsNull
            ? value.Values.Select(item => item.Value is int number ? number : 0).ToArray()
            : null;
}
