using System.Collections.Immutable;
using System.Linq;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT007 (info): DyT on a width beyond 8192, the widest the paper tested (LLaMA 70B). Wider needs smaller alpha and
/// nothing says how much smaller; this is a note, not a fault.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WidthAnalyzer : ModelAttributeAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.WidthBeyondTested];

    private protected override void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context)
    {
        if (model.Norm != KnownTypes.NormDyT) return;
        var (argument, width) = kind == ModelKind.Transformer
            ? ("Dim", model.Int("Dim", Parsing.TransformerDefaults.Dim))
            : ("Dims", model.Ints("Dims").DefaultIfEmpty(0).Max());
        if (width > LlamaAlphaTable.WidestTested)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.WidthBeyondTested, model.LocationOf(argument), width));
    }
}
