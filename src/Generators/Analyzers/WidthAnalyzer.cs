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

    private protected override void Analyze(ModelDeclaration model, SymbolAnalysisContext context)
    {
        const string dim = nameof(TransformerAttribute.Dim);
        (string Argument, int Width)? dyt = model.Read.Spec switch
        {
            VitSpec { Norm: NormKind.DyT } vit => (dim, vit.Dim),
            LlamaSpec { Norm: NormKind.DyT } llama => (dim, llama.Dim),
            DitSpec { Norm: NormKind.DyT } dit => (dim, dit.Dim),
            ConvNextSpec { Norm: NormKind.DyT } convNext => (nameof(ConvNetAttribute.Dims), convNext.Dims.Max()),
            _ => null,
        };
        if (dyt is { } site && site.Width > LlamaAlphaTable.WidestTested)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.WidthBeyondTested, model.LocationOf(site.Argument), Text.Literals.Int(site.Width)));
    }
}
