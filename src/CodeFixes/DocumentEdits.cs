using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace DyT.CodeFixes;

/// <summary>The one edit the fixes make: swap a node of the document's tree for another.</summary>
internal static class DocumentEdits
{
    public static async Task<Document> ReplaceNode(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken token)
    {
        var root = await document.GetSyntaxRootAsync(token).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(old, replacement));
    }
}
