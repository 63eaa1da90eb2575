using System.Collections.Generic;
using DyT.Generators.Diagnostics;

namespace DyT.Generators.Parsing;

/// <summary>
/// Upper bounds on sizes, so that every count the generator computes fits a long and every emitted literal fits its
/// type (a 4096-channel 65536-pixel patch into width 65536 is 2^60, inside 2^63). Far above any published model.
/// </summary>
internal static class SizeLimits
{
    public const int Width = 1 << 16;
    public const int Channels = 1 << 12;
    public const int Blocks = 1 << 10;
    public const int Stages = 8;
    public const double MlpRatio = 1024;

    public static void AtMost(List<ConfigProblem> problems, string argument, long value, long limit)
    {
        if (value > limit)
            problems.Add(new(DiagnosticIds.ModelTooLarge, argument, $"{argument} must be at most {limit}; got {value}"));
    }

    public static void Positive(List<ConfigProblem> problems, string argument, long value)
    {
        if (value <= 0)
            problems.Add(new(DiagnosticIds.NonPositiveSize, argument, $"{argument} must be > 0; got {value}"));
    }

    /// <summary>Alpha must be finite and &gt; 0 when written; an unwritten one is NaN and skipped when <paramref name="optional"/>.</summary>
    public static void Alpha(List<ConfigProblem> problems, string argument, double value, bool optional = false)
    {
        if (optional && double.IsNaN(value)) return;
        if (!(value > 0) || double.IsInfinity(value))
            problems.Add(new(DiagnosticIds.InvalidAlpha, argument, $"{argument} must be a finite number > 0; got {value}"));
    }
}
