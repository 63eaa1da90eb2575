using System.Collections.Immutable;
using DyT.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Analyzers;

/// <summary>
/// DYT005 on every alpha argument: an error when it is not a finite number above zero (tanh(alpha x) would be constant,
/// flipped or undefined), a warning when it is outside [0.01, 10], far from anything the paper used (0.05 to 1.0).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AlphaRangeAnalyzer : ModelAttributeAnalyzer
{
    /// <summary>Below this a DyT layer is nearly linear near zero; the paper's smallest alpha is 0.05.</summary>
    public const double UsualMinimum = 0.01;

    /// <summary>Above this tanh saturates for almost any activation; the paper's largest alpha is 1.0.</summary>
    public const double UsualMaximum = 10;

    // The Llama per-site alphas default to NaN, which means "not set: use the width table".
    private static readonly string[] PerSiteAlphas = ["AlphaInitAttention", "AlphaInitFfn", "AlphaInitFinal"];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticCatalog.InvalidAlpha, DiagnosticCatalog.AlphaOutsideUsualRange];

    private protected override void Analyze(ModelKind kind, ModelAttribute model, SymbolAnalysisContext context)
    {
        Check(context, model, "AlphaInit", notSetMeansDefault: false);
        if (kind == ModelKind.Transformer)
            foreach (var name in PerSiteAlphas)
                Check(context, model, name, notSetMeansDefault: true);
    }

    private static void Check(SymbolAnalysisContext context, ModelAttribute model, string name, bool notSetMeansDefault)
    {
        if (!model.IsSet(name)) return;
        var alpha = model.Double(name, double.NaN);
        if (notSetMeansDefault && double.IsNaN(alpha)) return;

        if (!(alpha > 0) || double.IsInfinity(alpha))
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.InvalidAlpha, model.LocationOf(name),
                $"{name} must be a finite number > 0; got {Format(alpha)}"));
        else if (alpha < UsualMinimum || alpha > UsualMaximum)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.AlphaOutsideUsualRange, model.LocationOf(name),
                $"{name} = {Format(alpha)} is outside [{Format(UsualMinimum)}, {Format(UsualMaximum)}]; the paper's initial alphas are 0.05 to 1.0 (0.5 for non-LLM models)"));
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
