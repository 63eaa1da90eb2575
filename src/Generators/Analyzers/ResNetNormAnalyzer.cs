using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT001 on <c>[ConvNet(ConvArchitecture.ResNet, Norm = NormKind.DyT)]</c>: a ResNet keeps BatchNorm unless Norm is
/// written, and writing DyT puts it after every convolution, where the paper shows it fails.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResNetNormAnalyzer : ModelAttributeAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.DyTReplacesBatchNorm];

    private protected override void Analyze(ModelDeclaration model, SymbolAnalysisContext context)
    {
        // The spec's Norm is null for a ResNet that keeps BatchNorm; a written one has the project's override applied.
        if (model.Read.Spec is not ResNetSpec { Norm: NormKind.DyT }) return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.DyTReplacesBatchNorm, model.LocationOf(nameof(ConvNetAttribute.Norm)),
            $"ResNet '{model.Type.Name}' with Norm = NormKind.DyT"));
    }
}
