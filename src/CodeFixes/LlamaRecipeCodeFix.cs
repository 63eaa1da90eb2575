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
/// DYT003: writes the width table's alphas (attention, FFN, final) in place of the single alpha, its title saying
/// where they come from (paper Table 11, or the authors' setting for a model of that width), or removes
/// <c>EmbedScale = false</c> so the default embedding scale comes back.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LlamaRecipeCodeFix)), Shared]
public sealed class LlamaRecipeCodeFix : CodeFixProvider
{
    private const string Attention = nameof(TransformerAttribute.AlphaInitAttention);
    private const string Ffn = nameof(TransformerAttribute.AlphaInitFfn);
    private const string Final = nameof(TransformerAttribute.AlphaInitFinal);
    private static readonly string[] AlphaArguments = [nameof(TransformerAttribute.AlphaInit), Attention, Ffn, Final];

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
                    token => DocumentEdits.ReplaceNode(context.Document, list, AttributeArgumentEdits.Rewrite(list, [nameof(TransformerAttribute.EmbedScale)], []), token),
                    nameof(LlamaRecipeCodeFix) + "." + kind), diagnostic);
            }
            // The analyzer passes the table's alphas as C# literals, so they go in as they are.
            else if (properties.TryGetValue(LlamaRecipeAnalyzer.AttentionProperty, out var a) && a is not null
                     && properties.TryGetValue(LlamaRecipeAnalyzer.OtherProperty, out var o) && o is not null)
            {
                var fixedList = AttributeArgumentEdits.Rewrite(list, AlphaArguments, [(Attention, a), (Ffn, o), (Final, o)]);
                var reason = properties.TryGetValue(LlamaRecipeAnalyzer.ReasonProperty, out var r) && r is not null ? r : $"attention {a}, FFN and final {o}";
                context.RegisterCodeFix(CodeAction.Create($"Use the alphas for this width ({reason})",
                    token => DocumentEdits.ReplaceNode(context.Document, list, fixedList, token), nameof(LlamaRecipeCodeFix) + "." + kind), diagnostic);
            }
        }
    }
}
