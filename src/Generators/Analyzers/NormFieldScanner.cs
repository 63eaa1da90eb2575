using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Analyzers;

/// <summary>
/// Finds the fields of a module type that hold one of the given norm types, through nested module fields and the type
/// arguments of containers (<c>ModuleList&lt;Block&gt;</c>), as "layer1.bn2". TorchSharp registers submodules from
/// fields, so fields are what a conversion walks. Bounded in depth so that a recursive model type cannot loop.
/// </summary>
internal static class NormFieldScanner
{
    private const int MaxDepth = 6;

    /// <summary>Paths of the fields whose type is, or derives from, one of <paramref name="norms"/>.</summary>
    public static ImmutableArray<string> Find(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> norms)
    {
        var found = ImmutableArray.CreateBuilder<string>();
        Walk(type, "", norms, found, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), 0);
        return found.ToImmutable();
    }

    private static void Walk(ITypeSymbol type, string prefix, ImmutableArray<INamedTypeSymbol> norms,
        ImmutableArray<string>.Builder found, HashSet<ITypeSymbol> visiting, int depth)
    {
        if (depth > MaxDepth || !visiting.Add(type)) return;
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (IsTorchSharp(current)) break; // TorchSharp's own Module bases hold no user norms.
            foreach (var member in current.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: false } field) continue;
                var path = prefix + field.Name;
                if (IsNorm(field.Type, norms)) found.Add(path);
                else if (field.Type is INamedTypeSymbol named)
                {
                    if (!IsTorchSharp(named)) Walk(named, path + ".", norms, found, visiting, depth + 1);
                    foreach (var argument in named.TypeArguments)
                        if (IsNorm(argument, norms)) found.Add(path + "[]");
                        else if (!IsTorchSharp(argument)) Walk(argument, path + "[].", norms, found, visiting, depth + 1);
                }
            }
        }
        visiting.Remove(type);
    }

    private static bool IsNorm(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> norms)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            foreach (var norm in norms)
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, norm)) return true;
        return false;
    }

    private static bool IsTorchSharp(ITypeSymbol type) => type.ContainingAssembly?.Name == "TorchSharp";
}
