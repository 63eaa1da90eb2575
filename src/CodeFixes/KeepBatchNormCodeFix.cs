using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.CodeFixes;

/// <summary>
/// DYT001, "keep BatchNorm": removes <c>Norm = NormKind.DyT</c> from a ResNet (which then keeps BatchNorm), turns
/// <c>NormConversion.ReplaceBatchNormWithDyT(m)</c> into <c>ConvertLayerNormToDyT(m)</c> (LayerNorms only, as the
/// official conversion), and replaces a conditional that picks DyT over a BatchNorm with its BatchNorm branch.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepBatchNormCodeFix)), Shared]
public sealed class KeepBatchNormCodeFix : CodeFixProvider
{
    private const string Title = "Keep BatchNorm";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.DyTReplacesBatchNorm];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, false, true);
            var replacement = Fix(node, diagnostic);
            if (replacement is not { } pair) continue;
            context.RegisterCodeFix(CodeAction.Create(Title,
                token => DocumentEdits.ReplaceNode(context.Document, pair.Old, pair.New, token), nameof(KeepBatchNormCodeFix)), diagnostic);
        }
    }

    private static (SyntaxNode Old, SyntaxNode New)? Fix(SyntaxNode node, Diagnostic diagnostic)
    {
        diagnostic.Properties.TryGetValue(NormReplacementAnalyzer.KindProperty, out var kind);
        if (kind is null && node.FirstAncestorOrSelf<AttributeArgumentSyntax>() is { Parent: AttributeArgumentListSyntax list } argument)
            return (list, AttributeArgumentEdits.Rewrite(list, [argument.NameEquals?.Name.Identifier.ValueText ?? ""], []));

        if (kind == NormReplacementAnalyzer.ConversionCall && node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call)
        {
            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (name is null) return null;
            var renamed = SyntaxFactory.IdentifierName("ConvertLayerNormToDyT").WithTriviaFrom(name);
            return (call, call.ReplaceNode(name, renamed));
        }

        if (kind == NormReplacementAnalyzer.ConditionalChoice
            && node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { } creation
            && Branch(creation) is { Parent: ConditionalExpressionSyntax conditional } branch
            && (branch == conditional.WhenTrue || branch == conditional.WhenFalse))
        {
            // Only the conditional whose branch the DyT is; one in a switch arm (or deeper) has no BatchNorm branch to keep.
            var keep = branch == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
            return (conditional, keep.WithTriviaFrom(conditional));
        }
        return null;
    }

    /// <summary>The expression that holds <paramref name="creation"/> through parentheses and casts only.</summary>
    private static ExpressionSyntax Branch(ExpressionSyntax creation)
    {
        var node = creation;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax) node = (ExpressionSyntax)node.Parent;
        return node;
    }
}
