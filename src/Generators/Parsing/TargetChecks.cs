using System.Linq;
using System.Threading;
using DyT.Generators.Diagnostics;
using DyT.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Parsing;

/// <summary>Checks that an annotated class is one the generator can complete: partial, top-level, non-generic, no base, one model attribute.</summary>
internal static class TargetChecks
{
    public static void Validate(INamedTypeSymbol type, ContractTypes contract, ProblemList problems, CancellationToken token)
    {
        // The analyzers see the compilation with the generator's output, whose declaration adds the Module base class.
        // The generator writes it only for a class that passed these checks, so its presence settles them.
        if (IsCompletedByGenerator(type, token)) return;

        var declarations = type.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax(token)).OfType<ClassDeclarationSyntax>();
        if (!declarations.All(declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must be declared 'partial' so the generator can complete it");
        if (type.IsStatic)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not be static: a model is an instance of torch.nn.Module");
        if (type.ContainingType is not null)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must be a top-level class, not nested in '{type.ContainingType.Name}'");
        if (type.IsGenericType)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not be generic");
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not declare a base class (it has '{baseType.Name}'): the generator makes it a torch.nn.Module<Tensor, Tensor>");
        if (type.GetAttributes().Count(attribute => contract.KindOf(attribute.AttributeClass) is not null) > 1)
            problems.Add(DiagnosticCatalog.OneModelAttributePerClass, ConfigProblem.Class, $"'{type.Name}' has both [Transformer] and [ConvNet]; a class is one model, so keep one");
    }

    private static bool IsCompletedByGenerator(INamedTypeSymbol type, CancellationToken token)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
            foreach (var trivia in reference.SyntaxTree.GetRoot(token).GetLeadingTrivia())
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith(SourceFile.SignatureLine, System.StringComparison.Ordinal))
                    return true;
        return false;
    }
}
