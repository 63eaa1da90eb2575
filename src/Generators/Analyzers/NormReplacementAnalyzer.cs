using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT001 and DYT002 in user code: DyT put where a BatchNorm, or a GroupNorm that normalizes the input data, was.
/// Detected: (1) <c>NormConversion.ReplaceBatchNormWithDyT(m)</c> / <c>ReplaceGroupNormWithDyT(m)</c> where the static
/// type of <c>m</c> holds BatchNorm / GroupNorm fields (directly, in nested modules or in containers' element types);
/// (2) <c>new DynamicTanh(...)</c> chosen in a conditional or switch expression whose other branch creates a BatchNorm
/// or GroupNorm; (3) <c>new DynamicTanh(...)</c> stored in a field, property or local, or registered with
/// <c>register_module</c>/<c>add_module</c>, under a name that says BatchNorm ("bn1", "batch_norm") or GroupNorm
/// ("gn", "group_norm"). Anything the code does not say (a plain <c>Module</c> argument, a neutral name) is not flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NormReplacementAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the replacement was written, for the code fix.</summary>
    public const string KindProperty = "Kind";

    /// <summary>A call of a <c>NormConversion.Replace...WithDyT</c> method.</summary>
    public const string ConversionCall = "ConversionCall";

    /// <summary>A conditional expression choosing DyT over a norm created in its other branch.</summary>
    public const string ConditionalChoice = "ConditionalChoice";

    /// <summary>A DyT stored or registered under a norm's name.</summary>
    public const string NamedSlot = "NamedSlot";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticCatalog.DyTReplacesBatchNorm, DiagnosticCatalog.DyTReplacesDataNormalization];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var norms = Norms.Resolve(start.Compilation);
            if (norms is null) return;
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, norms), OperationKind.Invocation);
            start.RegisterOperationAction(operation => AnalyzeCreation(operation, norms), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Norms norms)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, norms.Conversion) || invocation.Arguments.Length == 0) return;
        var (role, descriptor, normName) = method.Name switch
        {
            "ReplaceBatchNormWithDyT" => (NormRole.BatchNorm, DiagnosticCatalog.DyTReplacesBatchNorm, "BatchNorm"),
            "ReplaceGroupNormWithDyT" => (NormRole.GroupNorm, DiagnosticCatalog.DyTReplacesDataNormalization, "GroupNorm"),
            _ => (NormRole.None, null, ""),
        };
        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        if (descriptor is null || Unwrap(argument)?.Type is not { } moduleType) return;
        var fields = NormFieldScanner.Find(moduleType, role, norms.RoleOf, context.CancellationToken);
        if (fields.IsEmpty) return;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, invocation.Syntax.GetLocation(), Properties(ConversionCall),
            $"NormConversion.{method.Name} on '{moduleType.Name}', whose {normName} layers are {string.Join(", ", fields)}"));
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Norms norms)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, norms.DynamicTanh)) return;
        var (node, parent) = ClimbConversions(creation);

        foreach (var alternative in Alternatives(node, parent))
        {
            var role = norms.RoleOf(Unwrap(alternative)?.Type);
            if (role != NormRole.None)
            {
                Report(context, creation, role, ConditionalChoice, $"DynamicTanh chosen where the alternative creates {Unwrap(alternative)!.Type!.Name}");
                return;
            }
        }

        if (SlotName(parent) is { } name && NormRoleNames.Classify(name) is var named && named != NormRole.None)
            Report(context, creation, named, NamedSlot, $"DynamicTanh stored as '{name}'");
    }

    private static void Report(OperationAnalysisContext context, IOperation creation, NormRole role, string kind, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(
            role == NormRole.BatchNorm ? DiagnosticCatalog.DyTReplacesBatchNorm : DiagnosticCatalog.DyTReplacesDataNormalization,
            creation.Syntax.GetLocation(), Properties(kind), what));

    /// <summary>The other values a conditional or switch expression could produce in place of <paramref name="node"/>.</summary>
    private static IEnumerable<IOperation> Alternatives(IOperation node, IOperation? parent)
    {
        if (parent is IConditionalOperation conditional)
            return new[] { conditional.WhenTrue, conditional.WhenFalse }.Where(branch => branch is not null && branch != node)!;
        if (parent is ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression })
            return switchExpression.Arms.Select(arm => arm.Value).Where(value => value != node);
        return [];
    }

    /// <summary>The name the new layer is stored or registered under, if the code says one.</summary>
    private static string? SlotName(IOperation? parent) => parent switch
    {
        // "bn1 = new DynamicTanh(...)" and "bn1 ??= new DynamicTanh(...)" both store it.
        ISimpleAssignmentOperation or ICoalesceAssignmentOperation => ((IAssignmentOperation)parent).Target switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            ILocalReferenceOperation local => local.Local.Name,
            _ => null,
        },
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Name,
        IFieldInitializerOperation initializer => initializer.InitializedFields.FirstOrDefault()?.Name,
        IPropertyInitializerOperation initializer => initializer.InitializedProperties.FirstOrDefault()?.Name,
        IArgumentOperation { Parent: IInvocationOperation invocation } argument
            when invocation.TargetMethod.Name is "register_module" or "add_module" && argument.Parameter?.Ordinal == 1
            => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.ConstantValue.Value as string,
        _ => null,
    };

    private static (IOperation Node, IOperation? Parent) ClimbConversions(IOperation operation)
    {
        var node = operation;
        while (node.Parent is IConversionOperation conversion) node = conversion;
        return (node, node.Parent);
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    private static ImmutableDictionary<string, string?> Properties(string kind) =>
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);

    /// <summary>The runtime and TorchSharp types the rule compares against, resolved once per compilation.</summary>
    private sealed class Norms(INamedTypeSymbol? conversion, INamedTypeSymbol dynamicTanh,
        ImmutableArray<INamedTypeSymbol> batchNorms, ImmutableArray<INamedTypeSymbol> groupNorms)
    {
        public INamedTypeSymbol? Conversion { get; } = conversion;
        public INamedTypeSymbol DynamicTanh { get; } = dynamicTanh;
        public ImmutableArray<INamedTypeSymbol> BatchNorms { get; } = batchNorms;
        public ImmutableArray<INamedTypeSymbol> GroupNorms { get; } = groupNorms;

        public static Norms? Resolve(Compilation compilation)
        {
            if (compilation.GetTypeByMetadataName(KnownTypes.DynamicTanh) is not { } dynamicTanh) return null;
            var batchNorms = KnownTypes.BatchNorms.Select(compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
            var groupNorms = new[] { compilation.GetTypeByMetadataName(KnownTypes.GroupNorm) }.OfType<INamedTypeSymbol>().ToImmutableArray();
            return new Norms(compilation.GetTypeByMetadataName(KnownTypes.NormConversion), dynamicTanh, batchNorms, groupNorms);
        }

        public NormRole RoleOf(ITypeSymbol? type) =>
            type is INamedTypeSymbol named && BatchNorms.Contains(named, SymbolEqualityComparer.Default) ? NormRole.BatchNorm
            : type is INamedTypeSymbol group && GroupNorms.Contains(group, SymbolEqualityComparer.Default) ? NormRole.GroupNorm
            : NormRole.None;
    }
}
