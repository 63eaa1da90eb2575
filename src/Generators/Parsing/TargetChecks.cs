using System.Collections.Generic;
using System.Linq;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Parsing;

/// <summary>Checks that an annotated class is one the generator can complete: partial, top-level, non-generic, no base, one model attribute.</summary>
internal static class TargetChecks
{
    public static List<ConfigProblem> Validate(INamedTypeSymbol type)
    {
        var problems = new List<ConfigProblem>();
        var isPartial = type.DeclaringSyntaxReferences
            .Select(reference => reference.GetSyntax())
            .OfType<ClassDeclarationSyntax>()
            .All(declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
        if (!isPartial)
            problems.Add(new(DiagnosticIds.InvalidTarget, "", $"'{type.Name}' must be declared 'partial' so the generator can complete it"));
        if (type.IsStatic)
            problems.Add(new(DiagnosticIds.InvalidTarget, "", $"'{type.Name}' must not be static: a model is an instance of torch.nn.Module"));
        if (type.ContainingType is not null)
            problems.Add(new(DiagnosticIds.InvalidTarget, "", $"'{type.Name}' must be a top-level class, not nested in '{type.ContainingType.Name}'"));
        if (type.IsGenericType)
            problems.Add(new(DiagnosticIds.InvalidTarget, "", $"'{type.Name}' must not be generic"));
        if (type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            problems.Add(new(DiagnosticIds.InvalidTarget, "", $"'{type.Name}' must not declare a base class (it has '{baseType.Name}'): the generator makes it a torch.nn.Module<Tensor, Tensor>"));
        var modelAttributes = type.GetAttributes().Count(attribute =>
            attribute.AttributeClass?.ToDisplayString() is KnownNames.TransformerAttribute or KnownNames.ConvNetAttribute);
        if (modelAttributes > 1)
            problems.Add(new(DiagnosticIds.OneModelAttributePerClass, "", $"'{type.Name}' has both [Transformer] and [ConvNet]; a class is one model, so keep one"));
        return problems;
    }
}
