using System.Collections.Immutable;
using System.Threading;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>
/// The one reader of the model attributes: from a <c>[Transformer]</c> or <c>[ConvNet]</c> on a class, plus the
/// project's <c>DyTNormOverride</c>, to the spec the generator emits and every problem the analyzers report. Nothing
/// else reads attribute arguments, so the generator and the analyzers cannot disagree about a declaration.
/// </summary>
internal sealed class ModelReader
{
    private readonly ContractTypes contract;
    private readonly NormOverride normOverride;

    private ModelReader(ContractTypes contract, NormOverride normOverride)
    {
        this.contract = contract;
        this.normOverride = normOverride;
    }

    /// <summary>A reader for the declarations of <paramref name="compilation"/>, applying <paramref name="normOverride"/>.</summary>
    public static ModelReader For(Compilation compilation, NormOverride normOverride) => new(ContractTypes.From(compilation), normOverride);

    /// <summary>The model attribute types this reader compares attributes with.</summary>
    public ContractTypes Contract => contract;

    /// <summary>Reads <paramref name="attribute"/>, applied to <paramref name="target"/>.</summary>
    public ReadResult Read(AttributeData attribute, INamedTypeSymbol target, CancellationToken token = default)
    {
        var kind = contract.KindOf(attribute.AttributeClass);
        if (kind is null || WrittenArguments.Read(attribute) is not { } written) return ReadResult.Nothing;

        var problems = new ProblemList();
        TargetChecks.Validate(target, contract, problems, token);
        ModelSpec? spec;
        if (kind == ModelAttributeKind.Transformer)
        {
            var arguments = new TransformerArguments(written);
            TransformerValidator.Validate(arguments, problems);
            spec = problems.HasErrors ? null : arguments.ToSpec(TargetType.Of(target));
        }
        else
        {
            var arguments = new ConvNetArguments(written);
            ConvNetValidator.Validate(arguments, problems);
            spec = problems.HasErrors ? null : arguments.ToSpec(TargetType.Of(target));
        }
        // Which names the generator writes depends on the family (and a ResNet's stage count), so this comes last.
        if (spec is not null) MemberConflicts.Check(target, spec, problems, token);
        return new ReadResult(spec is null || problems.HasErrors ? null : normOverride.ApplyTo(spec), [.. problems]);
    }
}
