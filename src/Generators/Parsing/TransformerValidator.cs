using System;
using System.Collections.Generic;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;

namespace DyT.Generators.Parsing;

/// <summary>
/// Checks a <c>[Transformer(...)]</c>'s arguments. The generator emits nothing for a class with any error;
/// the analyzers report each problem on its argument.
/// </summary>
internal static class TransformerValidator
{
    public static List<ConfigProblem> Validate(TransformerArguments args)
    {
        var problems = new List<ConfigProblem>();
        if (!Enum.IsDefined(typeof(TransformerFamily), args.Architecture))
            problems.Add(new(DiagnosticIds.UndefinedEnumValue, "", $"Architecture must be one of ViT, Llama, DiT; got ({args.Architecture})"));
        if (!Enum.IsDefined(typeof(Norm), args.Norm))
            problems.Add(new(DiagnosticIds.UndefinedEnumValue, "Norm", $"Norm must be one of LayerNorm, RMSNorm, DyT, Derf; got ({args.Norm})"));

        SizeLimits.Positive(problems, "Dim", args.Dim);
        SizeLimits.Positive(problems, "Depth", args.Depth);
        SizeLimits.Positive(problems, "Heads", args.Heads);
        SizeLimits.AtMost(problems, "Dim", args.Dim, SizeLimits.Width);
        SizeLimits.AtMost(problems, "Depth", args.Depth, SizeLimits.Blocks);
        if (args.Dim > 0 && args.Heads > 0 && args.Dim % args.Heads != 0)
            problems.Add(new(DiagnosticIds.HeadsMustDivideDim, "Heads", $"Heads ({args.Heads}) must divide Dim ({args.Dim})"));
        SizeLimits.Alpha(problems, "AlphaInit", args.AlphaInit);

        switch ((TransformerFamily)args.Architecture)
        {
            case TransformerFamily.ViT:
                CheckMlpRatio(problems, args);
                CheckImage(problems, args);
                break;
            case TransformerFamily.DiT:
                CheckMlpRatio(problems, args);
                CheckImage(problems, args);
                if (args.Dim > 0 && args.Dim % 4 != 0)
                    problems.Add(new(DiagnosticIds.WidthMustBeEven, "Dim", $"DiT's sine-cosine position embedding needs Dim to be a multiple of 4; got {args.Dim}"));
                break;
            case TransformerFamily.Llama:
                CheckLlama(problems, args);
                break;
        }
        return problems;
    }

    private static void CheckLlama(List<ConfigProblem> problems, TransformerArguments args)
    {
        SizeLimits.Positive(problems, "VocabSize", args.VocabSize);
        SizeLimits.Positive(problems, "MaxSeqLen", args.MaxSeqLen);
        if (args.FfnDim < 0)
            problems.Add(new(DiagnosticIds.NonPositiveSize, "FfnDim", $"FfnDim must be > 0, or 0 for LLaMA's rule; got {args.FfnDim}"));
        if (args.KvHeads < 0)
            problems.Add(new(DiagnosticIds.NonPositiveSize, "KvHeads", $"KvHeads must be > 0, or 0 for one per head; got {args.KvHeads}"));
        else if (args.KvHeads > 0 && args.Heads > 0 && args.Heads % args.KvHeads != 0)
            problems.Add(new(DiagnosticIds.KvHeadsMustDivideHeads, "KvHeads", $"KvHeads ({args.KvHeads}) must divide Heads ({args.Heads})"));
        if (args.Dim > 0 && args.Heads > 0 && args.Dim % args.Heads == 0 && (args.Dim / args.Heads) % 2 != 0)
            problems.Add(new(DiagnosticIds.WidthMustBeEven, "Heads", $"Rotary embedding needs an even head dimension; Dim / Heads = {args.Dim / args.Heads}"));
        SizeLimits.Alpha(problems, "AlphaInitAttention", args.AlphaInitAttention, optional: true);
        SizeLimits.Alpha(problems, "AlphaInitFfn", args.AlphaInitFfn, optional: true);
        SizeLimits.Alpha(problems, "AlphaInitFinal", args.AlphaInitFinal, optional: true);
    }

    private static void CheckMlpRatio(List<ConfigProblem> problems, TransformerArguments args)
    {
        if (!(args.MlpRatio > 0) || args.MlpRatio > SizeLimits.MlpRatio || (args.Dim > 0 && (long)(args.Dim * args.MlpRatio) < 1))
            problems.Add(new(DiagnosticIds.NonPositiveSize, "MlpRatio", $"MlpRatio must be at most {SizeLimits.MlpRatio} and make Dim * MlpRatio >= 1; got {args.MlpRatio}"));
    }

    private static void CheckImage(List<ConfigProblem> problems, TransformerArguments args)
    {
        SizeLimits.Positive(problems, "PatchSize", args.PatchSize);
        SizeLimits.Positive(problems, "ImageSize", args.ImageSize);
        SizeLimits.Positive(problems, "InChannels", args.InChannels);
        SizeLimits.Positive(problems, "NumClasses", args.NumClasses);
        SizeLimits.AtMost(problems, "ImageSize", args.ImageSize, SizeLimits.Width);
        SizeLimits.AtMost(problems, "InChannels", args.InChannels, SizeLimits.Channels);
        if (args.PatchSize > 0 && args.ImageSize > 0 && args.ImageSize % args.PatchSize != 0)
            problems.Add(new(DiagnosticIds.PatchMustDivideImage, "PatchSize", $"PatchSize ({args.PatchSize}) must divide ImageSize ({args.ImageSize})"));
    }
}
