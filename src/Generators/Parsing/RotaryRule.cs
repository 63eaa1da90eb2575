using DyT.Generators.Diagnostics;
using DyT.Generators.Text;

namespace DyT.Generators.Parsing;

/// <summary>
/// DYT020, the checks of a LLaMA's rotary embedding: a base that makes frequencies, and Llama 3.1's scaling either
/// off (all four values 0, the attribute's default) or complete and usable by Hugging Face's llama3 formula, which
/// divides by <c>high_freq_factor - low_freq_factor</c> and by each factor.
/// </summary>
internal static class RotaryRule
{
    private const string Theta = nameof(TransformerAttribute.RopeTheta);
    private const string Factor = nameof(TransformerAttribute.RopeScalingFactor);
    private const string Low = nameof(TransformerAttribute.RopeLowFreqFactor);
    private const string High = nameof(TransformerAttribute.RopeHighFreqFactor);
    private const string Original = nameof(TransformerAttribute.RopeOriginalMaxPositions);

    /// <summary>What Llama 3.1 writes, quoted in messages so the fix is in front of the user.</summary>
    private const string Example = "Llama 3.1: RopeScalingFactor = 8, RopeLowFreqFactor = 1, RopeHighFreqFactor = 4, RopeOriginalMaxPositions = 8192";

    public static void Check(ProblemList problems, TransformerArguments args)
    {
        if (!IsFinitePositive(args.RopeTheta))
            problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, Theta,
                $"RopeTheta must be a finite number > 0 (LLaMA 2: 10000, Llama 3: 500000); got {Literals.Double(args.RopeTheta)}");
        if (args.RopeScaling is null) return;

        // Scaling is on: every value must be written, and each must be usable.
        if (args.RopeScalingFactor == 0) Missing(problems, Factor);
        else if (!(args.RopeScalingFactor >= 1) || double.IsInfinity(args.RopeScalingFactor))
            problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, Factor,
                $"RopeScalingFactor must be a finite number >= 1 (Llama 3.1: 8, Llama 3.2: 32); got {Literals.Double(args.RopeScalingFactor)}");
        if (args.RopeLowFreqFactor == 0) Missing(problems, Low);
        else if (!IsFinitePositive(args.RopeLowFreqFactor))
            problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, Low,
                $"RopeLowFreqFactor must be a finite number > 0 (Llama 3.1: 1); got {Literals.Double(args.RopeLowFreqFactor)}");
        if (args.RopeHighFreqFactor == 0) Missing(problems, High);
        else if (!IsFinitePositive(args.RopeHighFreqFactor) || !(args.RopeHighFreqFactor > args.RopeLowFreqFactor))
            problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, High,
                $"RopeHighFreqFactor must be a finite number greater than RopeLowFreqFactor (Llama 3.1: 4 and 1); got {Literals.Double(args.RopeHighFreqFactor)} and {Literals.Double(args.RopeLowFreqFactor)}");
        if (args.RopeOriginalMaxPositions == 0) Missing(problems, Original);
        else if (args.RopeOriginalMaxPositions < 0)
            problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, Original,
                $"RopeOriginalMaxPositions must be > 0 (Llama 3.1: 8192); got {args.RopeOriginalMaxPositions}");
    }

    private static void Missing(ProblemList problems, string argument) =>
        problems.Add(DiagnosticCatalog.InvalidRotaryEmbedding, argument,
            $"Llama 3.1 rotary scaling needs all four of RopeScalingFactor, RopeLowFreqFactor, RopeHighFreqFactor and RopeOriginalMaxPositions; {argument} is 0 (off) while another is written ({Example})");

    private static bool IsFinitePositive(double value) => value > 0 && !double.IsInfinity(value);
}
