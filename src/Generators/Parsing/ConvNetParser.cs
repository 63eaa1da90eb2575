using System.Collections.Immutable;
using System.Threading;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>Turns one <c>[ConvNet(...)]</c> class into a spec, or null when the class or its arguments are invalid.</summary>
internal static class ConvNetParser
{
    public static ModelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length != 1)
            return null;
        cancellationToken.ThrowIfCancellationRequested();
        var args = ConvNetArguments.Read(context.Attributes[0]);
        if (args is null || TargetChecks.Validate(type).Count > 0 || ConvNetValidator.Validate(args).Count > 0)
            return null;

        var target = TargetType.Of(type);
        var depths = new EquatableArray<int>(args.Depths.ToImmutableArray());
        return (ConvFamily)args.Architecture switch
        {
            ConvFamily.ConvNeXt => new ConvNextSpec(target, depths, new EquatableArray<int>(args.Dims.ToImmutableArray()),
                args.InChannels, args.NumClasses, (Norm)args.Norm, args.AlphaInit, args.LayerScaleInit),
            // A ResNet keeps BatchNorm unless the attribute writes Norm.
            ConvFamily.ResNet => new ResNetSpec(target, depths, args.InChannels, args.NumClasses,
                args.IsSet("Norm") ? (Norm)args.Norm : null, args.AlphaInit),
            _ => null,
        };
    }
}
