using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DyT.Generators.Diagnostics;
using DyT.Generators.Emit;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// DYT022: the user's half of a model class declares a name the generator's half declares too (<see cref="GeneratedMembers"/>),
/// or the class itself is named like a member the generator writes inside it. C# would report CS0102, CS0111 or
/// CS0542 inside the generated file, where the user can change nothing; this names the clash on the user's class.
/// </summary>
internal static class MemberConflicts
{
    public static void Check(INamedTypeSymbol type, ModelSpec spec, ProblemList problems, CancellationToken token)
    {
        var generated = GeneratedMembers.Of(spec);

        if (generated.FirstOrDefault(member => member.Kind != GeneratedMemberKind.Constructor && member.Name == type.Name) is { } named)
            problems.Add(DiagnosticCatalog.GeneratedMemberConflict, ConfigProblem.Class,
                $"'{type.Name}' is named like {named.Description} that the generator writes inside it, and a member cannot share its class's name; rename the class");

        foreach (var member in type.GetMembers())
        {
            if (!GeneratedTrees.IsUsers(member, token)) continue;
            if (ExplicitlyImplemented(member).FirstOrDefault(GeneratedMembers.ExplicitImplementations.Contains) is { } implemented)
                problems.Add(DiagnosticCatalog.GeneratedMemberConflict, ConfigProblem.Class,
                    $"'{type.Name}' implements '{implemented}' itself, but the generator implements it; remove yours");
            // A primary constructor is reported by TargetChecks, with advice that fits it.
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && IsPrimary(constructor, token)) continue;
            if (Clash(member, generated) is not { } clash) continue;
            if (clash.Kind == GeneratedMemberKind.Constructor)
                problems.Add(DiagnosticCatalog.GeneratedMemberConflict, ConfigProblem.Class,
                    $"'{type.Name}' declares a parameterless constructor, but the generator writes {clash.Description}; give yours parameters and chain it to this()");
            else
                problems.Add(DiagnosticCatalog.GeneratedMemberConflict, ConfigProblem.Class,
                    $"'{type.Name}' declares '{member.Name}', but the generator writes {clash.Description} in the same class; rename yours");
        }
    }

    /// <summary>
    /// The generated member <paramref name="member"/> collides with: any member of the same name, except a method
    /// (or constructor) whose parameters differ from the generated one's, which is a legal overload.
    /// </summary>
    private static GeneratedMember? Clash(ISymbol member, ImmutableArray<GeneratedMember> generated)
    {
        foreach (var candidate in generated)
        {
            if (candidate.Name != member.Name) continue;
            // Generic arity is part of a type's or a method's identity: Block<T> and forward<T>(Tensor) sit beside ours.
            if (member is INamedTypeSymbol { Arity: > 0 } || member is IMethodSymbol { Arity: > 0 }) continue;
            if (member is not IMethodSymbol method || candidate.Kind is not (GeneratedMemberKind.Method or GeneratedMemberKind.Constructor))
                return candidate;
            // Nullable annotations are no part of a signature: forward(Tensor? x) is forward(Tensor x).
            if (method.Parameters.Select(parameter => parameter.Type.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString()).SequenceEqual(candidate.Parameters))
                return candidate;
        }
        return null;
    }

    /// <summary>The interface members <paramref name="member"/> implements explicitly, as "Namespace.Interface.Member".</summary>
    private static IEnumerable<string> ExplicitlyImplemented(ISymbol member)
    {
        IEnumerable<ISymbol> implemented = member switch
        {
            IPropertySymbol property => property.ExplicitInterfaceImplementations,
            IMethodSymbol method => method.ExplicitInterfaceImplementations,
            IEventSymbol @event => @event.ExplicitInterfaceImplementations,
            _ => [],
        };
        return implemented.Select(symbol => $"{symbol.ContainingType.ToDisplayString()}.{symbol.Name}");
    }

    private static bool IsPrimary(IMethodSymbol constructor, CancellationToken token) =>
        constructor.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(token) is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax);
}
