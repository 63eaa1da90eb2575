using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Analyzers;

/// <summary>
/// One model attribute written on a class, as the rules see it: what <see cref="ModelReader"/> made of it (the spec,
/// with the project's norm override applied, and the problems) and where its parts are in source, for squiggles.
/// Rules read values from the spec only, never from the attribute's arguments.
/// </summary>
internal sealed class ModelDeclaration
{
    public ModelDeclaration(INamedTypeSymbol type, AttributeSyntax syntax, ReadResult read, bool isFirstOnClass)
    {
        Type = type;
        Syntax = syntax;
        Read = read;
        IsFirstOnClass = isFirstOnClass;
    }

    /// <summary>The annotated class.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The attribute as written.</summary>
    public AttributeSyntax Syntax { get; }

    /// <summary>The reader's spec (null when the declaration has errors) and problems.</summary>
    public ReadResult Read { get; }

    /// <summary>Whether this is the class's first model attribute (a class with two gets its class problems once).</summary>
    public bool IsFirstOnClass { get; }

    /// <summary>
    /// Where a diagnostic about <paramref name="argument"/> goes: that named argument, the constructor's argument for
    /// <c>Architecture</c>, the class name for <see cref="ConfigProblem.Class"/>, else (not written) the attribute's name.
    /// </summary>
    public Location LocationOf(string argument)
    {
        if (argument == ConfigProblem.Class) return ClassNameLocation();
        if (Syntax.ArgumentList is { } list)
            foreach (var syntax in list.Arguments)
            {
                // The one constructor argument (positional or "architecture:") is the architecture; the rest are named.
                var name = syntax.NameEquals?.Name.Identifier.ValueText ?? nameof(TransformerAttribute.Architecture);
                if (name == argument) return syntax.GetLocation();
            }
        return Syntax.Name.GetLocation();
    }

    private Location ClassNameLocation() =>
        Syntax.Parent?.Parent is BaseTypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : Syntax.Name.GetLocation();
}
