using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.CodeFixes;

/// <summary>Rewrites an attribute's argument list, keeping the user's other arguments, comments and layout as written.</summary>
internal static class AttributeArgumentEdits
{
    /// <summary>
    /// The list without the named arguments in <paramref name="removed"/>, followed by <paramref name="added"/>
    /// (name, C# value text). A kept argument keeps the comma written after it (with its comment and line break); an
    /// added one is separated as the list's last comma was (", ", or a line break and the last argument's indentation);
    /// whatever followed the last argument (a line break before ')') stays at the end.
    /// </summary>
    public static AttributeArgumentListSyntax Rewrite(AttributeArgumentListSyntax list, ICollection<string> removed,
        IEnumerable<(string Name, string Value)> added)
    {
        var arguments = list.Arguments;
        if (arguments.Count == 0) return list.WithArguments(Build([], [], added.ToList(), Comma(), default, default));

        var kept = new List<AttributeArgumentSyntax>();
        var commas = new List<SyntaxToken?>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].NameEquals?.Name.Identifier.ValueText is { } name && removed.Contains(name)) continue;
            kept.Add(arguments[i]);
            commas.Add(i < arguments.SeparatorCount ? arguments.GetSeparator(i) : null);
        }

        var last = arguments[arguments.Count - 1];
        var template = arguments.SeparatorCount > 0 ? WhitespaceOnly(arguments.GetSeparator(arguments.SeparatorCount - 1)) : Comma();
        var indentation = template.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia)
            ? SyntaxFactory.TriviaList(last.GetLeadingTrivia().Where(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)))
            : default;
        // The trivia after the last argument (a line break before ')') belongs to the list's end, not to that argument.
        if (kept.Count > 0 && kept[kept.Count - 1] == last) kept[kept.Count - 1] = last.WithTrailingTrivia();
        return list.WithArguments(Build(kept, commas, added.ToList(), template, indentation, last.GetTrailingTrivia()));
    }

    private static SeparatedSyntaxList<AttributeArgumentSyntax> Build(List<AttributeArgumentSyntax> kept, List<SyntaxToken?> commas,
        List<(string Name, string Value)> added, SyntaxToken template, SyntaxTriviaList indentation, SyntaxTriviaList end)
    {
        var created = added.Select(pair => SyntaxFactory.ParseAttributeArgumentList($"({pair.Name} = {pair.Value})")!.Arguments[0] // never null: the text always starts with "("
            .WithLeadingTrivia(indentation));
        var all = kept.Concat(created).ToList();
        if (all.Count == 0) return default;
        var separators = new List<SyntaxToken>();
        for (var i = 0; i < all.Count - 1; i++)
            separators.Add(i < commas.Count && commas[i] is { } comma ? comma : template);

        // The last argument drops the comma it had before a removed argument, but not a comment written after it.
        var final = all[all.Count - 1];
        var finalIndex = all.Count - 1;
        var trailing = final.GetTrailingTrivia();
        if (finalIndex < commas.Count && commas[finalIndex] is { } dropped && dropped.TrailingTrivia.Any(IsComment))
        {
            // The comment keeps its line break, so that it cannot swallow the ')' after it.
            trailing = trailing.AddRange(dropped.TrailingTrivia);
            if (trailing.Any(SyntaxKind.EndOfLineTrivia))
                end = SyntaxFactory.TriviaList(end.SkipWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia) || trivia.IsKind(SyntaxKind.EndOfLineTrivia)));
        }
        all[finalIndex] = final.WithTrailingTrivia(trailing.AddRange(end));
        return SyntaxFactory.SeparatedList(all, separators);
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    private static SyntaxToken Comma() => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);

    /// <summary>A comma like <paramref name="separator"/>, without its comments (which are about the argument before it).</summary>
    private static SyntaxToken WhitespaceOnly(SyntaxToken separator)
    {
        var trivia = separator.TrailingTrivia.Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
        // "// comment" followed by a line break leaves " " + "\n": keep just the line break.
        if (trivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))) trivia = [.. trivia.Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).Take(1)];
        return trivia.Count == 0 ? Comma() : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trivia);
    }
}
