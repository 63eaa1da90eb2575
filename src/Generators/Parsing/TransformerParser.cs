using System.Threading;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis;

namespace DyT.Generators.Parsing;

/// <summary>Turns one <c>[Transformer(...)]</c> class into a spec, or null when the class or its arguments are invalid.</summary>
internal static class TransformerParser
{
    public static ModelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length != 1)
            return null;
        cancellationToken.ThrowIfCancellationRequested();
        var args = TransformerArguments.Read(context.Attributes[0]);
        if (args is null || TargetChecks.Validate(type).Count > 0 || TransformerValidator.Validate(args).Count > 0)
            return null;

        var target = new TargetType(
            type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            type.Name);
        return (TransformerFamily)args.Architecture switch
        {
            TransformerFamily.ViT => new VitSpec(target, args.Dim, args.Depth, args.Heads, args.MlpRatio, (Norm)args.Norm,
                args.AlphaInit, args.PatchSize, args.ImageSize, args.InChannels, args.NumClasses),
            _ => null,
        };
    }
}
