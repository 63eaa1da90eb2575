using DyT.Generators.Diagnostics;
using DyT.Generators.Text;

namespace DyT.Generators.Parsing;

/// <summary>
/// DYT005, the one check of an initial alpha: an error when it is not a finite number above zero (tanh(alpha x) would
/// be constant, flipped or undefined) or when float32, alpha's type, cannot hold it; a warning when it is outside
/// [0.01, 10], far from anything the paper used (0.05 to 1.0).
/// </summary>
internal static class AlphaRule
{
    /// <summary>Below this a DyT layer is nearly linear near zero; the paper's smallest alpha is 0.05.</summary>
    public const double UsualMinimum = 0.01;

    /// <summary>Above this tanh saturates for almost any activation; the paper's largest alpha is 1.0.</summary>
    public const double UsualMaximum = 10;

    /// <summary>Checks <paramref name="alpha"/>; null (not written, the width table decides) is not checked.</summary>
    public static void Check(ProblemList problems, string argument, double? alpha)
    {
        if (alpha is not { } value) return;
        if (!(value > 0) || double.IsInfinity(value))
            problems.Add(DiagnosticCatalog.InvalidAlpha, argument, $"{argument} must be a finite number > 0; got {Literals.Double(value)}");
        else if (Float32Rule.Problem(value) is { } why)
            problems.Add(DiagnosticCatalog.InvalidAlpha, argument, $"{argument} = {Literals.Double(value)} cannot initialise alpha, a float32 parameter: {why}");
        else if (value < UsualMinimum || value > UsualMaximum)
            problems.Add(DiagnosticCatalog.AlphaOutsideUsualRange, argument,
                $"{argument} = {Literals.Double(value)} is outside [{Literals.Double(UsualMinimum)}, {Literals.Double(UsualMaximum)}]; the paper's initial alphas are 0.05 to 1.0 (0.5 for non-LLM models)");
    }
}
