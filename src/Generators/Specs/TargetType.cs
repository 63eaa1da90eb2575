using Microsoft.CodeAnalysis;

namespace DyT.Generators.Specs;

/// <summary>The user's annotated partial class, by name only (no symbols in the pipeline).</summary>
/// <param name="Namespace">Containing namespace, empty for the global namespace.</param>
/// <param name="Name">The class name.</param>
internal sealed record TargetType(string Namespace, string Name)
{
    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    public string HintName => FullName + ".g.cs";

    /// <summary>Copies the names out of the symbol, which must not enter the pipeline.</summary>
    public static TargetType Of(INamedTypeSymbol type) =>
        new(type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(), type.Name);
}
