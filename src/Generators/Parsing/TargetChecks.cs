using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DyT.Generators.Diagnostics;
using DyT.Generators.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DyT.Generators.Parsing;

/// <summary>
/// Checks that an annotated type is one the generator can complete: a partial class (not a record, a struct or a
/// file-local class), top-level, non-generic, without a base class or a primary constructor, with one model attribute,
/// compiled as C# 9 or later, in an assembly whose global namespace does not hide System or TorchSharp.
/// </summary>
internal static class TargetChecks
{
    public static void Validate(INamedTypeSymbol type, ContractTypes contract, ProblemList problems, CancellationToken token)
    {
        // The analyzers see the compilation with the generator's output, whose declaration adds the Module base class.
        // The generator writes it only for a class that passed these checks, so its presence settles them.
        if (type.DeclaringSyntaxReferences.Any(reference => GeneratedTrees.IsGenerated(reference.SyntaxTree, token))) return;

        CheckKind(type, problems);
        var declarations = type.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax(token)).OfType<TypeDeclarationSyntax>();
        if (!declarations.All(declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must be declared 'partial' so the generator can complete it");
        if (type.IsStatic)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not be static: a model is an instance of torch.nn.Module");
        if (type.ContainingType is not null)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must be a top-level class, not nested in '{type.ContainingType.Name}'");
        if (type.IsGenericType)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not be generic");
        if (type.TypeKind == TypeKind.Class && !type.IsRecord && type.BaseType is { SpecialType: not SpecialType.System_Object } baseType)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not declare a base class (it has '{baseType.Name}'): the generator makes it a torch.nn.Module<Tensor, Tensor>");
        else if (declarations.Any(declaration => NamesObjectAsBase(declaration, type)))
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class, $"'{type.Name}' must not declare a base class (it names 'object'): the generator makes it a torch.nn.Module<Tensor, Tensor>");
        if (declarations.FirstOrDefault(declaration => declaration.ParameterList is not null) is { } primary)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                $"'{type.Name}' has a primary constructor '{primary.ParameterList}'; the generator writes the constructor that creates the layers, so declare a constructor with those parameters that chains to this()");
        CheckLanguageVersion(type, declarations, problems);
        CheckRootNamespacesVisible(type, problems);
        CheckOneModelAttribute(type, contract, problems);
    }

    /// <summary>Only a plain class can be completed: the generator's half is <c>partial class</c> in another file.</summary>
    private static void CheckKind(INamedTypeSymbol type, ProblemList problems)
    {
        if (type.IsRecord)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                $"'{type.Name}' is a record; a model must be a plain partial class (the generator completes it as a torch.nn.Module, and a record's value equality and copy constructor do not fit a module), so declare it 'partial class'");
        else if (type.TypeKind != TypeKind.Class)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                $"'{type.Name}' is {Article(type.TypeKind)}; a model must be a partial class, since the generator makes it a torch.nn.Module (a reference type)");
        if (type.IsFileLocal)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                $"'{type.Name}' is file-local ('file'); the generator completes the class from its own file, where a file-local type is not visible, so remove 'file'");
    }

    /// <summary>
    /// <c>: object</c> (or <c>System.Object</c>): the symbol's base is then object, as with no base list, but the
    /// generated half's Module base class conflicts with it (CS0263).
    /// </summary>
    private static bool NamesObjectAsBase(TypeDeclarationSyntax declaration, INamedTypeSymbol type) =>
        declaration.BaseList?.Types.FirstOrDefault()?.Type switch
        {
            PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword),
            { } name => RightmostName(name) == "Object" && !type.AllInterfaces.Any(i => i.Name == "Object"),
            null => false,
        };

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The generated code uses C# 9 (target-typed new, 'is not null').</summary>
    private static void CheckLanguageVersion(INamedTypeSymbol type, IEnumerable<TypeDeclarationSyntax> declarations, ProblemList problems)
    {
        var version = declarations.Select(declaration => (declaration.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion)
            .FirstOrDefault(v => v is not null);
        if (version is { } v && v < LanguageVersion.CSharp9)
            problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                $"'{type.Name}' is compiled as C# {v.ToDisplayString()}; the generated model needs C# 9 or later, so raise LangVersion");
    }

    /// <summary>
    /// The generated code names types as global::TorchSharp... and global::System...; a type of that name in the
    /// global namespace of the user's assembly hides the namespace from every one of them. (A global type named DyT
    /// hides the attribute itself, so no model is declared.)
    /// </summary>
    private static void CheckRootNamespacesVisible(INamedTypeSymbol type, ProblemList problems)
    {
        foreach (var root in RootNamespaces)
            if (type.ContainingAssembly.GlobalNamespace.GetTypeMembers(root).FirstOrDefault() is { } hiding)
                problems.Add(DiagnosticCatalog.InvalidTarget, ConfigProblem.Class,
                    $"the global namespace declares the type '{hiding.Name}', which hides the namespace global::{root} that '{type.Name}''s generated code uses; move '{hiding.Name}' into a namespace");
    }

    private static readonly string[] RootNamespaces = ["System", "TorchSharp"];

    private static void CheckOneModelAttribute(INamedTypeSymbol type, ContractTypes contract, ProblemList problems)
    {
        var kinds = type.GetAttributes().Select(attribute => contract.KindOf(attribute.AttributeClass)).Where(kind => kind is not null).ToList();
        if (kinds.Count < 2) return;
        var transformers = kinds.Count(kind => kind == ModelAttributeKind.Transformer);
        var what = transformers == kinds.Count ? $"{Literals.Int(kinds.Count)} [Transformer] attributes"
            : transformers == 0 ? $"{Literals.Int(kinds.Count)} [ConvNet] attributes"
            : "both [Transformer] and [ConvNet]";
        problems.Add(DiagnosticCatalog.OneModelAttributePerClass, ConfigProblem.Class, $"'{type.Name}' has {what}; a class is one model, so keep one");
    }

    private static string Article(TypeKind kind) => kind switch
    {
        TypeKind.Struct => "a struct",
        TypeKind.Interface => "an interface",
        TypeKind.Enum => "an enum",
        TypeKind.Delegate => "a delegate",
        _ => "not a class",
    };
}
