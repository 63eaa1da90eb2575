using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using DyT.Generators.Text;

namespace DyT.Generators.Parsing;

/// <summary>
/// Checks a <c>[ConvNet(...)]</c>'s values, each problem on its argument. The generator emits nothing for a class with
/// any error; the analyzers report every problem.
/// </summary>
internal static class ConvNetValidator
{
    private const string Depths = nameof(ConvNetAttribute.Depths);
    private const string Dims = nameof(ConvNetAttribute.Dims);

    public static void Validate(ConvNetArguments args, ProblemList problems)
    {
        var family = EnumRule.CheckDefined(problems, nameof(ConvNetAttribute.Architecture), args.Architecture);
        EnumRule.CheckDefined(problems, nameof(ConvNetAttribute.Norm), args.Norm);

        SizeLimits.Positive(problems, nameof(ConvNetAttribute.InChannels), args.InChannels);
        SizeLimits.Positive(problems, nameof(ConvNetAttribute.NumClasses), args.NumClasses);
        SizeLimits.AtMost(problems, nameof(ConvNetAttribute.InChannels), args.InChannels, SizeLimits.Channels);
        AlphaRule.Check(problems, nameof(ConvNetAttribute.AlphaInit), args.AlphaInit);
        CheckList(problems, Depths, args.Depths, SizeLimits.Blocks);
        if (!family) return;

        switch (args.Architecture)
        {
            case ConvArchitecture.ConvNeXt:
                CheckList(problems, Dims, args.Dims, SizeLimits.Width);
                if (args.Depths.Length != args.Dims.Length && args.Depths.Length > 0 && args.Dims.Length > 0)
                    problems.Add(DiagnosticCatalog.StageListMismatch, args.WrittenDims is null ? Depths : Dims,
                        $"Depths and Dims must have one entry per stage; got {args.Depths.Length} depths and {args.Dims.Length} dims");
                if (double.IsNaN(args.LayerScaleInit) || double.IsInfinity(args.LayerScaleInit))
                    problems.Add(DiagnosticCatalog.NonPositiveSize, nameof(ConvNetAttribute.LayerScaleInit),
                        $"LayerScaleInit must be finite; got {Literals.Double(args.LayerScaleInit)}");
                else if (Float32Rule.Problem(args.LayerScaleInit) is { } why)
                    problems.Add(DiagnosticCatalog.NonPositiveSize, nameof(ConvNetAttribute.LayerScaleInit),
                        $"LayerScaleInit = {Literals.Double(args.LayerScaleInit)} cannot initialise gamma, a float32 parameter: {why}");
                break;
            case ConvArchitecture.ResNet:
                if (args.WrittenDims is not null)
                    problems.Add(DiagnosticCatalog.StageListMismatch, Dims, $"ResNet's widths are fixed by the stage (64, 128, 256, 512, ...); remove Dims");
                break;
        }
    }

    private static void CheckList(ProblemList problems, string argument, ImmutableArray<int> values, int limit)
    {
        if (values.Length == 0)
            problems.Add(DiagnosticCatalog.NonPositiveSize, argument, $"{argument} must list at least one stage when written; got none (leave it out for the family's reference stages)");
        if (values.Length > SizeLimits.Stages)
            problems.Add(DiagnosticCatalog.ModelTooLarge, argument, $"{argument} must list at most {SizeLimits.Stages} stages; got {values.Length}");
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0)
                problems.Add(DiagnosticCatalog.NonPositiveSize, argument, $"{argument}[{i}] must be > 0; got {values[i]}");
            if (values[i] > limit)
                problems.Add(DiagnosticCatalog.ModelTooLarge, argument, $"{argument}[{i}] must be at most {limit}; got {values[i]}");
        }
    }
}
