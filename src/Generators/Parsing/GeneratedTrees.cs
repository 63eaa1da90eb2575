using System.Linq;
using System.Threading;
using DyT.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DyT.Generators.Parsing;

/// <summary>
/// Tells the generator's own files from the user's. The analyzers run on the compilation with the generated files, so
/// the members and base class the generator adds must not be read as the user's.
/// </summary>
internal static class GeneratedTrees
{
    /// <summary>Whether <paramref name="tree"/> is a file this generator wrote (its header carries <see cref="SourceFile.SignatureLine"/>).</summary>
    public static bool IsGenerated(SyntaxTree tree, CancellationToken token)
    {
        foreach (var trivia in tree.GetRoot(token).GetLeadingTrivia())
            if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith(SourceFile.SignatureLine, System.StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>Whether any declaration of <paramref name="symbol"/> is in a file this generator wrote.</summary>
    public static bool AnyGenerated(ISymbol symbol, CancellationToken token) =>
        symbol.DeclaringSyntaxReferences.Any(reference => IsGenerated(reference.SyntaxTree, token));

    /// <summary>Whether <paramref name="symbol"/> is declared in source and only outside this generator's files: the user's own.</summary>
    public static bool IsUsers(ISymbol symbol, CancellationToken token) =>
        !symbol.IsImplicitlyDeclared && symbol.DeclaringSyntaxReferences.Length > 0 && !AnyGenerated(symbol, token);
}
