using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Analyzers;

/// <summary>
/// Finds the fields of a module type that hold a BatchNorm or a GroupNorm, through nested module fields and the type
/// arguments of containers (<c>ModuleList&lt;Block&gt;</c>), as "layer1.bn2". TorchSharp registers submodules from
/// fields, so fields are what a conversion walks. A field counts when its declared type is the norm, or, for a field
/// declared as a general module (the only kind a conversion can refill), when its source initializer or an assignment
/// in its type creates the norm (<c>nn.BatchNorm2d(64)</c>, <c>new GroupNorm(...)</c>) or its name says so ("bn1"); a
/// container field (<c>Sequential</c>) counts by its name too. A tensor or a specific layer named "bn_..." does not.
/// Bounded in depth so that a recursive model type cannot loop.
/// </summary>
internal static class NormFieldScanner
{
    private const int MaxDepth = 6;

    /// <summary>Paths of the fields that hold a norm of <paramref name="role"/>.</summary>
    public static ImmutableArray<string> Find(ITypeSymbol type, NormRole role, System.Func<ITypeSymbol, NormRole> roleOfType, CancellationToken token)
    {
        var found = ImmutableArray.CreateBuilder<string>();
        Walk(type, "", new Scan(role, roleOfType, found, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), token), 0);
        return found.ToImmutable();
    }

    private sealed record Scan(NormRole Role, System.Func<ITypeSymbol, NormRole> RoleOfType, ImmutableArray<string>.Builder Found,
        HashSet<ITypeSymbol> Visiting, CancellationToken Token);

    private static void Walk(ITypeSymbol type, string prefix, Scan scan, int depth)
    {
        if (depth > MaxDepth || IsTorchSharp(type) || !scan.Visiting.Add(type)) return;
        for (var current = type; current is not null && !IsTorchSharp(current) && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false } field) continue;
                var path = prefix + field.Name;
                if (Holds(field, scan)) scan.Found.Add(path);
                else if (field.Type is INamedTypeSymbol named)
                {
                    Walk(named, path + ".", scan, depth + 1);
                    foreach (var argument in named.TypeArguments)
                        if (scan.RoleOfType(argument) == scan.Role) scan.Found.Add(path + "[]");
                        else Walk(argument, path + "[].", scan, depth + 1);
                }
            }
        }
        scan.Visiting.Remove(type);
    }

    private static bool Holds(IFieldSymbol field, Scan scan)
    {
        var declared = scan.RoleOfType(field.Type);
        if (declared != NormRole.None) return declared == scan.Role;
        // A user module type is walked, not classified; a tensor or a specific layer (Conv2d "conv_bn") is no norm.
        if (!MayHoldAnyLayer(field.Type)) return false;
        if (NormRoleNames.Classify(field.Name) == scan.Role) return true;
        foreach (var value in AssignedValues(field, scan.Token))
            if (NormRoleNames.OfCreation(value) == scan.Role) return true;
        return false;
    }

    /// <summary>The field's initializer and the right-hand sides of assignments to it in its own type's source.</summary>
    private static IEnumerable<ExpressionSyntax> AssignedValues(IFieldSymbol field, CancellationToken token)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
            if (reference.GetSyntax(token) is VariableDeclaratorSyntax { Initializer.Value: { } value }) yield return value;
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            foreach (var node in reference.GetSyntax(token).DescendantNodes())
                if (node is AssignmentExpressionSyntax assignment && TargetName(assignment.Left) == field.Name)
                    yield return assignment.Right;
    }

    private static string? TargetName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// <c>torch.nn.Module</c>, <c>Module&lt;T, TResult&gt;</c> or a container (<c>Sequential</c>, <c>ModuleList</c>,
    /// <c>ModuleDict</c>, as RepVGG's <c>conv_bn = nn.Sequential(conv, bn)</c>): a field of that type may hold a norm.
    /// </summary>
    private static bool MayHoldAnyLayer(ITypeSymbol type) =>
        type.Name is "Module" or "Sequential" or "ModuleList" or "ModuleDict" && IsTorchSharp(type);

    private static bool IsTorchSharp(ITypeSymbol type) => type.ContainingAssembly?.Name == "TorchSharp";
}
