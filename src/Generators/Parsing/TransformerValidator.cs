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

        Positive(problems, "Dim", args.Dim);
        Positive(problems, "Depth", args.Depth);
        Positive(problems, "Heads", args.Heads);
        if (args.Dim > 0 && args.Heads > 0 && args.Dim % args.Heads != 0)
            problems.Add(new(DiagnosticIds.HeadsMustDivideDim, "Heads", $"Heads ({args.Heads}) must divide Dim ({args.Dim})"));

        if (!(args.MlpRatio > 0) || double.IsInfinity(args.MlpRatio) || (args.Dim > 0 && (long)(args.Dim * args.MlpRatio) < 1))
            problems.Add(new(DiagnosticIds.NonPositiveSize, "MlpRatio", $"MlpRatio must be finite and make Dim * MlpRatio >= 1; got {args.MlpRatio}"));

        if (!(args.AlphaInit > 0) || double.IsInfinity(args.AlphaInit))
            problems.Add(new(DiagnosticIds.InvalidAlpha, "AlphaInit", $"AlphaInit must be a finite number > 0; got {args.AlphaInit}"));

        if (args.Architecture is (int)TransformerFamily.ViT or (int)TransformerFamily.DiT)
        {
            Positive(problems, "PatchSize", args.PatchSize);
            Positive(problems, "ImageSize", args.ImageSize);
            Positive(problems, "InChannels", args.InChannels);
            Positive(problems, "NumClasses", args.NumClasses);
            if (args.PatchSize > 0 && args.ImageSize > 0 && args.ImageSize % args.PatchSize != 0)
                problems.Add(new(DiagnosticIds.PatchMustDivideImage, "PatchSize", $"PatchSize ({args.PatchSize}) must divide ImageSize ({args.ImageSize})"));
        }
        return problems;
    }

    private static void Positive(List<ConfigProblem> problems, string argument, int value)
    {
        if (value <= 0)
            problems.Add(new(DiagnosticIds.NonPositiveSize, argument, $"{argument} must be > 0; got {value}"));
    }
}
