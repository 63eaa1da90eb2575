using System;
using System.Collections.Generic;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;

namespace DyT.Generators.Parsing;

/// <summary>
/// Checks a <c>[ConvNet(...)]</c>'s arguments. The generator emits nothing for a class with any error; the analyzers
/// report each problem on its argument.
/// </summary>
internal static class ConvNetValidator
{
    public static List<ConfigProblem> Validate(ConvNetArguments args)
    {
        var problems = new List<ConfigProblem>();
        if (!Enum.IsDefined(typeof(ConvFamily), args.Architecture))
            problems.Add(new(DiagnosticIds.UndefinedEnumValue, "", $"Architecture must be one of ConvNeXt, ResNet; got ({args.Architecture})"));
        if (!Enum.IsDefined(typeof(Norm), args.Norm))
            problems.Add(new(DiagnosticIds.UndefinedEnumValue, "Norm", $"Norm must be one of LayerNorm, RMSNorm, DyT, Derf; got ({args.Norm})"));

        SizeLimits.Positive(problems, "InChannels", args.InChannels);
        SizeLimits.Positive(problems, "NumClasses", args.NumClasses);
        SizeLimits.AtMost(problems, "InChannels", args.InChannels, SizeLimits.Channels);
        SizeLimits.Alpha(problems, "AlphaInit", args.AlphaInit);
        CheckList(problems, "Depths", args.Depths, SizeLimits.Blocks);

        if (args.Architecture == (int)ConvFamily.ConvNeXt)
        {
            CheckList(problems, "Dims", args.Dims, SizeLimits.Width);
            if (args.Depths.Length != args.Dims.Length)
                problems.Add(new(DiagnosticIds.StageListMismatch, args.IsSet("Dims") ? "Dims" : "Depths",
                    $"Depths and Dims must have one entry per stage; got {args.Depths.Length} depths and {args.Dims.Length} dims"));
            if (double.IsNaN(args.LayerScaleInit) || double.IsInfinity(args.LayerScaleInit))
                problems.Add(new(DiagnosticIds.NonPositiveSize, "LayerScaleInit", $"LayerScaleInit must be finite; got {args.LayerScaleInit}"));
        }
        else if (args.IsSet("Dims") && args.Dims.Length > 0)
        {
            problems.Add(new(DiagnosticIds.StageListMismatch, "Dims", "ResNet's widths are fixed by the stage (64, 128, 256, 512, ...); remove Dims"));
        }
        return problems;
    }

    private static void CheckList(List<ConfigProblem> problems, string argument, int[] values, int limit)
    {
        if (values.Length > SizeLimits.Stages)
            problems.Add(new(DiagnosticIds.ModelTooLarge, argument, $"{argument} must list at most {SizeLimits.Stages} stages; got {values.Length}"));
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0)
                problems.Add(new(DiagnosticIds.NonPositiveSize, argument, $"{argument}[{i}] must be > 0; got {values[i]}"));
            if (values[i] > limit)
                problems.Add(new(DiagnosticIds.ModelTooLarge, argument, $"{argument}[{i}] must be at most {limit}; got {values[i]}"));
        }
    }
}
