using DyT.Generators.Diagnostics;
using DyT.Generators.Text;

namespace DyT.Generators.Parsing;

/// <summary>
/// Checks a <c>[Transformer(...)]</c>'s values, each problem on its argument. The generator emits nothing for a class
/// with any error; the analyzers report every problem.
/// </summary>
internal static class TransformerValidator
{
    private const string ArchitectureArgument = nameof(TransformerAttribute.Architecture);
    private const string Dim = nameof(TransformerAttribute.Dim);
    private const string Depth = nameof(TransformerAttribute.Depth);
    private const string Heads = nameof(TransformerAttribute.Heads);
    private const string MlpRatio = nameof(TransformerAttribute.MlpRatio);
    private const string PatchSize = nameof(TransformerAttribute.PatchSize);
    private const string ImageSize = nameof(TransformerAttribute.ImageSize);
    private const string InChannels = nameof(TransformerAttribute.InChannels);
    private const string NumClasses = nameof(TransformerAttribute.NumClasses);
    private const string KvHeads = nameof(TransformerAttribute.KvHeads);

    public static void Validate(TransformerArguments args, ProblemList problems)
    {
        var family = EnumRule.CheckDefined(problems, ArchitectureArgument, args.Architecture);
        EnumRule.CheckDefined(problems, nameof(TransformerAttribute.Norm), args.Norm);

        SizeLimits.Positive(problems, Dim, args.Dim);
        SizeLimits.Positive(problems, Depth, args.Depth);
        SizeLimits.Positive(problems, Heads, args.Heads);
        SizeLimits.AtMost(problems, Dim, args.Dim, SizeLimits.Width);
        SizeLimits.AtMost(problems, Depth, args.Depth, SizeLimits.Blocks);
        if (args.Dim > 0 && args.Heads > 0 && args.Dim % args.Heads != 0)
            problems.Add(DiagnosticCatalog.HeadsMustDivideDim, Heads, $"Heads ({args.Heads}) must divide Dim ({args.Dim})");
        AlphaRule.Check(problems, nameof(TransformerAttribute.AlphaInit), args.AlphaInit);
        if (!family) return;

        switch (args.Architecture)
        {
            case Architecture.ViT:
                CheckMlpRatio(problems, args);
                CheckImage(problems, args);
                break;
            case Architecture.DiT:
                CheckMlpRatio(problems, args);
                CheckImage(problems, args);
                if (args.Dim > 0 && args.Dim % 4 != 0)
                    problems.Add(DiagnosticCatalog.WidthMustBeEven, Dim, $"DiT's sine-cosine position embedding needs Dim to be a multiple of 4; got {args.Dim}");
                break;
            case Architecture.Llama:
                CheckLlama(problems, args);
                break;
        }
    }

    private static void CheckLlama(ProblemList problems, TransformerArguments args)
    {
        SizeLimits.Positive(problems, nameof(TransformerAttribute.VocabSize), args.VocabSize);
        SizeLimits.Positive(problems, nameof(TransformerAttribute.MaxSeqLen), args.MaxSeqLen);
        SizeLimits.PositiveIfWritten(problems, nameof(TransformerAttribute.FfnDim), args.FfnDim, "LLaMA's rule from Dim");
        SizeLimits.PositiveIfWritten(problems, KvHeads, args.KvHeads, "one key/value head per query head");
        if (args.KvHeads is > 0 and var kvHeads && args.Heads > 0 && args.Heads % kvHeads != 0)
            problems.Add(DiagnosticCatalog.KvHeadsMustDivideHeads, KvHeads, $"KvHeads ({kvHeads}) must divide Heads ({args.Heads})");
        if (args.Dim > 0 && args.Heads > 0 && args.Dim % args.Heads == 0 && (args.Dim / args.Heads) % 2 != 0)
            problems.Add(DiagnosticCatalog.WidthMustBeEven, Heads, $"Rotary embedding needs an even head dimension; Dim / Heads = {args.Dim / args.Heads}");
        AlphaRule.Check(problems, nameof(TransformerAttribute.AlphaInitAttention), args.AlphaInitAttention);
        AlphaRule.Check(problems, nameof(TransformerAttribute.AlphaInitFfn), args.AlphaInitFfn);
        AlphaRule.Check(problems, nameof(TransformerAttribute.AlphaInitFinal), args.AlphaInitFinal);
        RotaryRule.Check(problems, args);
        if (!(args.NormEps > 0) || double.IsInfinity(args.NormEps))
            problems.Add(DiagnosticCatalog.InvalidNormEps, nameof(TransformerAttribute.NormEps),
                $"NormEps must be a finite number > 0 (LLaMA 2 and 3: 1e-5); got {Literals.Double(args.NormEps)}");
    }

    private static void CheckMlpRatio(ProblemList problems, TransformerArguments args)
    {
        if (!(args.MlpRatio > 0) || args.MlpRatio > SizeLimits.MlpRatio || (args.Dim > 0 && (long)(args.Dim * args.MlpRatio) < 1))
            problems.Add(DiagnosticCatalog.NonPositiveSize, MlpRatio,
                $"MlpRatio must be at most {Literals.Double(SizeLimits.MlpRatio)} and make Dim * MlpRatio >= 1; got {Literals.Double(args.MlpRatio)}");
    }

    private static void CheckImage(ProblemList problems, TransformerArguments args)
    {
        SizeLimits.Positive(problems, PatchSize, args.PatchSize);
        SizeLimits.Positive(problems, ImageSize, args.ImageSize);
        SizeLimits.Positive(problems, InChannels, args.InChannels);
        SizeLimits.Positive(problems, NumClasses, args.NumClasses);
        SizeLimits.AtMost(problems, ImageSize, args.ImageSize, SizeLimits.Width);
        SizeLimits.AtMost(problems, InChannels, args.InChannels, SizeLimits.Channels);
        if (args.PatchSize > 0 && args.ImageSize > 0 && args.ImageSize % args.PatchSize != 0)
            problems.Add(DiagnosticCatalog.PatchMustDivideImage, PatchSize, $"PatchSize ({args.PatchSize}) must divide ImageSize ({args.ImageSize})");
    }
}
