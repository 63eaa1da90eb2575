using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace DyT.CodeFixes;

/// <summary>DYT006: adds <c>partial</c> to an annotated class the generator cannot complete without it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.InvalidTarget];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        // DYT006 also covers static, nested and generic classes; only a declaration without 'partial' has this fix.
        if (root?.FindToken(context.Span.Start).Parent is not ClassDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
        foreach (var diagnostic in context.Diagnostics)
            context.RegisterCodeFix(CodeAction.Create($"Make '{declaration.Identifier.ValueText}' partial",
                token => AddPartial(context.Document, declaration, token), nameof(AddPartialCodeFix)), diagnostic);
    }

    private static async Task<Document> AddPartial(Document document, ClassDeclarationSyntax declaration, System.Threading.CancellationToken token)
    {
        var editor = await DocumentEditor.CreateAsync(document, token).ConfigureAwait(false);
        var generator = editor.Generator;
        editor.SetModifiers(declaration, generator.GetModifiers(declaration).WithPartial(true));
        return editor.GetChangedDocument();
    }
}
