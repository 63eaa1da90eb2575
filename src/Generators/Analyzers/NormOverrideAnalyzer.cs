using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT017: the project's <c>DyTNormOverride</c> MSBuild property is set to something other than a norm name, so the
/// generator overrides nothing. Reported once per compilation, without a source location (the value is in MSBuild).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NormOverrideAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticCatalog.InvalidNormOverride];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(compilation =>
        {
            foreach (var problem in NormOverride.Read(compilation.Options.AnalyzerConfigOptionsProvider.GlobalOptions).Validate())
                compilation.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, Location.None, problem.Message));
        });
    }
}
