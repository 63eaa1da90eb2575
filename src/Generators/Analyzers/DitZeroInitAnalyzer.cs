using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT004: a DiT with DyT that asks for adaLN-Zero initialisation. The paper removes the zero-initialisation of the
/// adaLN modulation and the final layer for DyT models, where it hurts, and keeps it for LayerNorm models.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DitZeroInitAnalyzer : ModelAttributeAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.DitAdaLnZeroInitWithDyT];

    private protected override void Analyze(ModelDeclaration model, SymbolAnalysisContext context)
    {
        if (model.Read.Spec is not DitSpec { Norm: NormKind.DyT, AdaLnZeroInit: true }) return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.DitAdaLnZeroInitWithDyT,
            model.LocationOf(nameof(TransformerAttribute.AdaLnZeroInit)), model.Type.Name));
    }
}
