using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Text;

/// <summary>
/// Names from the user's code as they must be written back into C#: a class called <c>@class</c> or <c>@event</c> has
/// the symbol name <c>class</c>, which emitted code must spell <c>@class</c>.
/// </summary>
internal static class Identifiers
{
    /// <summary>
    /// <paramref name="name"/> as an identifier in source: prefixed with <c>@</c> when it is a keyword. Contextual
    /// keywords (<c>var</c>, <c>record</c>, <c>nameof</c>, ...) are escaped too; <c>@var</c> always means the name.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>A dotted namespace with each part escaped: <c>namespace.X</c> becomes <c>@namespace.X</c>.</summary>
    public static string EscapeDotted(string dotted) => string.Join(".", dotted.Split('.').Select(Escape));
}
