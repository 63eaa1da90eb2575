using System.Collections.Generic;
using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// Reports every problem the generator's validators find (DYT006, DYT010-DYT013, ...): the generator emits nothing for
/// such a class, and this says why, on the offending argument. Each <see cref="ConfigProblem"/> maps to its descriptor
/// by id through <see cref="DiagnosticCatalog.ForProblem"/>. DYT005 is left to <see cref="AlphaRangeAnalyzer"/>, which
/// checks every alpha argument, so that one alpha never gets two diagnostics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationAnalyzer : ModelAttributeAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticCatalog.ForProblems;

    private protected override void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context)
    {
        // Target problems are about the class (partial, static, nesting): squiggle its name, where the fix applies.
        foreach (var problem in TargetChecks.Validate(model.Type))
            Report(context, problem, ClassNameLocation(model));

        foreach (var problem in ArgumentProblems(kind, model))
            Report(context, problem, model.LocationOf(problem.Argument));
    }

    /// <summary>The validator of each family. The ConvNet validator plugs in here when Parsing/ has one.</summary>
    private static IEnumerable<ConfigProblem> ArgumentProblems(ModelKind kind, ModelAttribute model)
    {
        if (kind != ModelKind.Transformer) return [];
        var arguments = TransformerArguments.Read(model.Data);
        return arguments is null ? [] : TransformerValidator.Validate(arguments);
    }

    private static void Report(SymbolAnalysisContext context, ConfigProblem problem, Location location)
    {
        if (problem.DiagnosticId == DiagnosticIds.InvalidAlpha) return;
        // An id without a descriptor is caught by the catalogue test; never throw in the user's build for it.
        if (DiagnosticCatalog.ForProblem(problem.DiagnosticId) is { } descriptor)
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, problem.Message));
    }

    private static Location ClassNameLocation(ModelAttribute model) =>
        model.Syntax.Parent?.Parent is ClassDeclarationSyntax declaration
            ? declaration.Identifier.GetLocation()
            : model.Syntax.Name.GetLocation();
}
