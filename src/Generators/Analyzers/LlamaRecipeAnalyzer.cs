using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using DyT.Generators.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT003: a DyT LLaMA that departs from the paper's recipe. Either one alpha for every norm where the width table
/// (<see cref="LlamaAlphaTable"/>: paper Table 11 and the authors' per-model settings) gives the attention norms a
/// different value than the FFN and final norms, or the learnable embedding scale switched off (without it
/// activations are too small and training stalls).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlamaRecipeAnalyzer : ModelAttributeAnalyzer
{
    /// <summary>Diagnostic property: which departure (<see cref="SingleAlpha"/> or <see cref="NoEmbedScale"/>).</summary>
    public const string KindProperty = "Kind";

    /// <summary>One alpha where the table has two.</summary>
    public const string SingleAlpha = "SingleAlpha";

    /// <summary><c>EmbedScale = false</c>.</summary>
    public const string NoEmbedScale = "NoEmbedScale";

    /// <summary>Diagnostic properties: the table's attention and FFN/final alphas as C# literals, for the code fix to insert.</summary>
    public const string AttentionProperty = "Attention";

    /// <inheritdoc cref="AttentionProperty"/>
    public const string OtherProperty = "Other";

    /// <summary>Diagnostic property: where the table's alphas come from and how the width maps to them, for the code fix's title.</summary>
    public const string ReasonProperty = "Reason";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.LlamaAlphaNotPerSite];

    private protected override void Analyze(ModelDeclaration model, SymbolAnalysisContext context)
    {
        if (model.Read.Spec is not LlamaSpec { Norm: NormKind.DyT } llama) return;

        var row = LlamaAlphaTable.For(llama.Dim);
        if (row.Attention != row.Other && SingleAlphaArgument(llama) is { } argument)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(KindProperty, SingleAlpha)
                .Add(AttentionProperty, Literals.Double(row.Attention))
                .Add(OtherProperty, Literals.Double(row.Other))
                .Add(ReasonProperty, LlamaAlphaTable.Reason(llama.Dim));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.LlamaAlphaNotPerSite, model.LocationOf(argument),
                properties, $"DyT LLaMA '{model.Type.Name}' uses one initial alpha for every norm; {LlamaAlphaTable.Reason(llama.Dim)}"));
        }

        if (llama.EmbedScale == false)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.LlamaAlphaNotPerSite, model.LocationOf(nameof(TransformerAttribute.EmbedScale)),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, NoEmbedScale),
                $"DyT LLaMA '{model.Type.Name}' has no embedding scale; the paper adds a learnable scalar initialised to sqrt(Dim) after the token embedding, without which activations are too small and training stalls"));
    }

    /// <summary>
    /// The argument that makes every norm share one alpha: AlphaInit written with neither per-site value, or the
    /// attention and FFN values written equal. Null when the alphas differ per site (or the table picks them).
    /// </summary>
    private static string? SingleAlphaArgument(LlamaSpec llama)
    {
        if (llama.AlphaInitAttention is null && llama.AlphaInitFfn is null)
            return llama.AlphaInit is null ? null : nameof(TransformerAttribute.AlphaInit);
        return llama.AlphaInitAttention == llama.AlphaInitFfn ? nameof(TransformerAttribute.AlphaInitFfn) : null;
    }
}
