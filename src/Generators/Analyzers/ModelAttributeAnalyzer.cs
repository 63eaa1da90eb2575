using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>Which model attribute a class carries.</summary>
internal enum ModelKind
{
    Transformer,
    ConvNet,
}

/// <summary>
/// Base of the rules that read a model attribute: resolves the attribute types once per compilation, then calls
/// <see cref="Analyze"/> for every class that carries one. Concurrent and skips generated code, as analyzers should.
/// </summary>
public abstract class ModelAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var transformer = start.Compilation.GetTypeByMetadataName(KnownNames.TransformerAttribute);
            var convNet = start.Compilation.GetTypeByMetadataName(KnownNames.ConvNetAttribute);
            if (transformer is null && convNet is null) return;
            var normOverride = NormOverride.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions).Norm is { } forced ? (int?)forced : null;
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (ModelAttribute.Find(type, transformer, normOverride, symbolContext.CancellationToken) is { } model)
                    Analyze(ModelKind.Transformer, model, symbolContext);
                if (ModelAttribute.Find(type, convNet, normOverride, symbolContext.CancellationToken) is { } convModel)
                    Analyze(ModelKind.ConvNet, convModel, symbolContext);
            }, SymbolKind.NamedType);
        });
    }

    private protected abstract void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context);
}
