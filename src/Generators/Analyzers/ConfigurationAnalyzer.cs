using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// Reports every problem <see cref="ModelReader"/> finds in a model declaration (DYT005, DYT006, DYT010-DYT016,
/// DYT018-DYT022), on its argument: the generator emits nothing for a declaration with an error, and this says why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationAnalyzer : ModelAttributeAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticCatalog.ForReaderProblems;

    private protected override void Analyze(ModelDeclaration model, SymbolAnalysisContext context)
    {
        foreach (var problem in model.Read.Problems)
        {
            // A class with two model attributes has the same class problems for each: report them once.
            if (problem.Argument == ConfigProblem.Class && !model.IsFirstOnClass) continue;
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, model.LocationOf(problem.Argument), problem.Message));
        }
    }
}
