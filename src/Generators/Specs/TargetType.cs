using System.Collections.Generic;
using DyT.Generators.Text;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Specs;

/// <summary>The user's annotated partial class, by name only (no symbols in the pipeline).</summary>
/// <param name="Namespace">Containing namespace as the symbols name it (no <c>@</c>), dotted; empty for the global namespace.</param>
/// <param name="Name">The class name as the symbol names it: <c>class</c> for a class declared <c>@class</c>.</param>
internal sealed record TargetType(string Namespace, string Name)
{
    /// <summary>Namespace and name, for comments, messages and hint names.</summary>
    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    /// <summary>The class name as C# source writes it (<c>@class</c>).</summary>
    public string Identifier => Identifiers.Escape(Name);

    /// <summary>The namespace as C# source writes it (<c>@namespace.X</c>); empty for the global namespace.</summary>
    public string NamespaceIdentifier => Namespace.Length == 0 ? "" : Identifiers.EscapeDotted(Namespace);

    /// <summary>Copies the names out of the symbol, which must not enter the pipeline.</summary>
    public static TargetType Of(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            parts.Insert(0, ns.Name);
        return new(string.Join(".", parts), type.Name);
    }
}
