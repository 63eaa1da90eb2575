using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.CodeFixes;

/// <summary>Rewrites an attribute's argument list, keeping the user's other arguments as written.</summary>
internal static class AttributeArgumentEdits
{
    /// <summary>
    /// The list without the named arguments in <paramref name="removed"/>, followed by <paramref name="added"/>
    /// (name, C# value text), separated by ", ".
    /// </summary>
    public static AttributeArgumentListSyntax Rewrite(AttributeArgumentListSyntax list, ICollection<string> removed,
        IEnumerable<(string Name, string Value)> added)
    {
        var kept = list.Arguments.Where(argument => !(argument.NameEquals?.Name.Identifier.ValueText is { } name && removed.Contains(name)));
        var created = added.Select(pair => SyntaxFactory.ParseAttributeArgumentList($"({pair.Name} = {pair.Value})")!.Arguments[0]); // never null: the text always starts with "("
        var arguments = kept.Concat(created).ToList();
        var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), arguments.Count - 1);
        return list.WithArguments(SyntaxFactory.SeparatedList(arguments, separators));
    }
}
