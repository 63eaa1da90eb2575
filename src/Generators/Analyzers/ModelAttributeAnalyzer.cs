using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// Base of the rules about model attributes: makes one <see cref="ModelReader"/> per compilation (with the project's
/// <c>DyTNormOverride</c>), reads every model attribute written on a class through it, and calls <see cref="Analyze"/>
/// with the result. Concurrent and skips generated code, as analyzers should.
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
            var reader = ModelReader.For(start.Compilation, NormOverride.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions));
            if (!reader.Contract.Exist) return;
            start.RegisterSymbolAction(symbolContext => AnalyzeType(reader, symbolContext), SymbolKind.NamedType);
        });
    }

    private void AnalyzeType(ModelReader reader, SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var first = true;
        foreach (var attribute in type.GetAttributes())
        {
            if (reader.Contract.KindOf(attribute.AttributeClass) is null
                || attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax) continue;
            Analyze(new ModelDeclaration(type, syntax, reader.Read(attribute, type, context.CancellationToken), first), context);
            first = false;
        }
    }

    private protected abstract void Analyze(ModelDeclaration model, SymbolAnalysisContext context);
}
