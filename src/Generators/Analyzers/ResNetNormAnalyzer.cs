using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
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

    private protected override void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context)
    {
        if (kind != ModelKind.ConvNet || model.Architecture != KnownTypes.ConvArchitectureResNet) return;
        // A ResNet keeps BatchNorm unless its attribute writes Norm; only then does the written norm or the override apply.
        if (!model.IsSet("Norm") || model.Norm != KnownTypes.NormDyT) return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.DyTReplacesBatchNorm, model.LocationOf("Norm"),
            $"ResNet '{model.Type.Name}' with Norm = NormKind.DyT"));
    }
}
