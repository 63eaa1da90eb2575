using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using DyT.Generators.Analyzers;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.CodeFixes;

/// <summary>
/// DYT003: writes the width table's alphas (attention, FFN, final) in place of the single alpha, or removes
/// <c>EmbedScale = false</c> so the default embedding scale comes back.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LlamaRecipeCodeFix)), Shared]
public sealed class LlamaRecipeCodeFix : CodeFixProvider
{
    private static readonly string[] AlphaArguments = ["AlphaInit", "AlphaInitAttention", "AlphaInitFfn", "AlphaInitFinal"];

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.LlamaAlphaNotPerSite];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeArgumentListSyntax>() is not { } list) continue;
            var properties = diagnostic.Properties;
            if (properties.TryGetValue(LlamaRecipeAnalyzer.KindProperty, out var kind) && kind == LlamaRecipeAnalyzer.NoEmbedScale)
            {
                context.RegisterCodeFix(CodeAction.Create("Use the embedding scale (remove EmbedScale = false)",
                    token => DocumentEdits.ReplaceNode(context.Document, list, AttributeArguments.Rewrite(list, ["EmbedScale"], []), token),
                    nameof(LlamaRecipeCodeFix) + "." + kind), diagnostic);
            }
            else if (properties.TryGetValue(LlamaRecipeAnalyzer.AttentionProperty, out var attention) && attention is not null
                     && properties.TryGetValue(LlamaRecipeAnalyzer.OtherProperty, out var other) && other is not null)
            {
                var (a, o) = (AttributeArguments.DoubleLiteral(attention), AttributeArguments.DoubleLiteral(other));
                var fixedList = AttributeArguments.Rewrite(list, AlphaArguments,
                    [("AlphaInitAttention", a), ("AlphaInitFfn", o), ("AlphaInitFinal", o)]);
                context.RegisterCodeFix(CodeAction.Create($"Use the paper's alphas for this width (attention {a}, FFN and final {o})",
                    token => DocumentEdits.ReplaceNode(context.Document, list, fixedList, token), nameof(LlamaRecipeCodeFix) + "." + kind), diagnostic);
            }
        }
    }
}
