using System.Collections.Immutable;
using System.Globalization;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT003: a DyT LLaMA that departs from the paper's recipe. Either one alpha for every norm where the width table
/// (<see cref="LlamaAlphaTable"/>, paper Table 11) gives the attention norms a different value than the FFN and final
/// norms, or the learnable embedding scale switched off (without it activations are too small and training stalls).
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

    /// <summary>Diagnostic properties: the table's attention and FFN/final alphas, invariant culture, for the code fix.</summary>
    public const string AttentionProperty = "Attention";

    /// <inheritdoc cref="AttentionProperty"/>
    public const string OtherProperty = "Other";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.LlamaAlphaNotPerSite];

    private protected override void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context)
    {
        if (kind != ModelKind.Transformer || model.Architecture != KnownTypes.ArchitectureLlama) return;
        if (model.Norm != KnownTypes.NormDyT) return;

        var width = model.Int("Dim", Parsing.TransformerDefaults.Dim);
        var (_, attention, other) = LlamaAlphaTable.For(width);
        if (attention != other && SingleAlphaArgument(model) is { } argument)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(KindProperty, SingleAlpha)
                .Add(AttentionProperty, attention.ToString("R", CultureInfo.InvariantCulture))
                .Add(OtherProperty, other.ToString("R", CultureInfo.InvariantCulture));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.LlamaAlphaNotPerSite, model.LocationOf(argument),
                properties, $"DyT LLaMA '{model.Type.Name}' uses one initial alpha for every norm; {LlamaAlphaTable.Reason(width)}"));
        }

        if (model.Bool("EmbedScale") == false)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.LlamaAlphaNotPerSite, model.LocationOf("EmbedScale"),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, NoEmbedScale),
                $"DyT LLaMA '{model.Type.Name}' has no embedding scale; the paper adds a learnable scalar initialised to sqrt(Dim) after the token embedding, without which activations are too small and training stalls"));
    }

    /// <summary>
    /// The argument that makes every norm share one alpha: AlphaInit written with neither per-site value, or the
    /// attention and FFN values written equal. Null when the alphas differ per site (or the table picks them).
    /// </summary>
    private static string? SingleAlphaArgument(ModelAttribute model)
    {
        var attention = model.Double("AlphaInitAttention", double.NaN);
        var ffn = model.Double("AlphaInitFfn", double.NaN);
        if (double.IsNaN(attention) && double.IsNaN(ffn))
            return model.IsSet("AlphaInit") ? "AlphaInit" : null;
        return attention == ffn ? "AlphaInitFfn" : null;
    }
}
