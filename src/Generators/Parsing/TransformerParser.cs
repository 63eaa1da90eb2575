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

        var target = TargetType.Of(type);
        var norm = (Norm)args.Norm;
        return (TransformerFamily)args.Architecture switch
        {
            TransformerFamily.ViT => new VitSpec(target, args.Dim, args.Depth, args.Heads, args.MlpRatio, norm,
                args.AlphaInit, args.PatchSize, args.ImageSize, args.InChannels, args.NumClasses),
            TransformerFamily.Llama => new LlamaSpec(target, args.Dim, args.Depth, args.Heads, args.EffectiveKvHeads,
                args.FfnDim > 0 ? args.FfnDim : LlamaFfn.Hidden(args.Dim), args.VocabSize, args.MaxSeqLen, norm,
                args.IsSet("AlphaInit") ? args.AlphaInit : double.NaN,
                args.AlphaInitAttention, args.AlphaInitFfn, args.AlphaInitFinal, args.EmbedScale),
            TransformerFamily.DiT => new DitSpec(target, args.Dim, args.Depth, args.Heads, args.MlpRatio, norm,
                args.AlphaInit, args.PatchSize, args.ImageSize, args.InChannels, args.NumClasses, args.LearnSigma,
                args.AdaLnZeroInit),
            _ => null,
        };
    }
}
