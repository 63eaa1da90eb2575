using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// A model attribute's arguments exactly as written: the constructor's architecture value and the named properties
/// the user set. Whether a property was written is known here and nowhere else; the family readers ask for a value
/// with the attribute's default, or for the written value or null.
/// </summary>
internal sealed class WrittenArguments
{
    private readonly ImmutableDictionary<string, TypedConstant> named;

    private WrittenArguments(int architecture, ImmutableDictionary<string, TypedConstant> named)
    {
        Architecture = architecture;
        this.named = named;
    }

    /// <summary>The constructor argument's underlying value (possibly not a defined enum member).</summary>
    public int Architecture { get; }

    /// <summary>The arguments; null when the attribute does not bind (the compiler reports that error itself).</summary>
    public static WrittenArguments? Read(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int architecture)
            return null;
        var builder = ImmutableDictionary.CreateBuilder<string, TypedConstant>();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error) return null;
            builder[argument.Key] = argument.Value;
        }
        return new WrittenArguments(architecture, builder.ToImmutable());
    }

    /// <summary>Whether the user wrote the named argument.</summary>
    public bool IsWritten(string name) => named.ContainsKey(name);

    /// <summary>The written int, else <paramref name="fallback"/> (the attribute's default).</summary>
    public int Int(string name, int fallback) => IntIfWritten(name) ?? fallback;

    /// <summary>The written int, or null when not written.</summary>
    public int? IntIfWritten(string name) => named.TryGetValue(name, out var value) && value.Value is int number ? number : null;

    /// <summary>The written double, else <paramref name="fallback"/> (the attribute's default).</summary>
    public double Double(string name, double fallback) => DoubleIfWritten(name) ?? fallback;

    /// <summary>The written double, or null when not written.</summary>
    public double? DoubleIfWritten(string name) => named.TryGetValue(name, out var value) && value.Value is double number ? number : null;

    /// <summary>The written bool, or null when not written.</summary>
    public bool? BoolIfWritten(string name) => named.TryGetValue(name, out var value) && value.Value is bool flag ? flag : null;

    /// <summary>The written int array (empty for a written <c>null</c>), or null when not written.</summary>
    public ImmutableArray<int>? IntsIfWritten(string name)
    {
        if (!named.TryGetValue(name, out var value) || value.Kind != TypedConstantKind.Array) return null;
        return value.IsNull ? ImmutableArray<int>.Empty
            : value.Values.Select(item => item.Value is int number ? number : 0).ToImmutableArray();
    }
}
