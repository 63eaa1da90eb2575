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

    public static void AtMost(ProblemList problems, string argument, long value, long limit)
    {
        if (value > limit)
            problems.Add(DiagnosticCatalog.ModelTooLarge, argument, $"{argument} must be at most {limit}; got {value}");
    }

    public static void Positive(ProblemList problems, string argument, long value)
    {
        if (value <= 0)
            problems.Add(DiagnosticCatalog.NonPositiveSize, argument, $"{argument} must be > 0; got {value}");
    }

    /// <summary>
    /// A property whose unwritten state has its own meaning: when written, it must be &gt; 0 (writing 0 does not mean
    /// "not written"). <paramref name="whenNotWritten"/> says what leaving it out does.
    /// </summary>
    public static void PositiveIfWritten(ProblemList problems, string argument, int? value, string whenNotWritten)
    {
        if (value <= 0)
            problems.Add(DiagnosticCatalog.NonPositiveSize, argument, $"{argument} must be > 0 when written; got {value} (leave it out for {whenNotWritten})");
    }
}
