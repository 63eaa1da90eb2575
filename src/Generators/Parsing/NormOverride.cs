using System;
using System.Collections.Generic;
using DyT.Generators.Diagnostics;
using DyT.Generators.Specs;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DyT.Generators.Parsing;

/// <summary>
/// The project-wide <c>&lt;DyTNormOverride&gt;</c> MSBuild property (surfaced by the package's .props as a
/// CompilerVisibleProperty). When set to a NormKind name it replaces the Norm of every annotated model in the project;
/// empty or absent leaves each attribute's choice. An unknown value overrides nothing (DYT017 says so).
/// </summary>
/// <param name="Norm">The kind to force, or null for none.</param>
/// <param name="Raw">The property's text, trimmed (for messages).</param>
internal sealed record NormOverride(NormKind? Norm, string Raw)
{
    public static NormOverride None { get; } = new(null, "");

    public static NormOverride Read(AnalyzerConfigOptions globalOptions) =>
        globalOptions.TryGetValue(KnownNames.NormOverrideOption, out var raw) ? Parse(raw) : None;

    public static NormOverride Parse(string? raw)
    {
        var text = (raw ?? "").Trim();
        if (text.Length == 0) return None;
        foreach (NormKind kind in Enum.GetValues(typeof(NormKind)))
            if (string.Equals(kind.ToString(), text, StringComparison.OrdinalIgnoreCase))
                return new NormOverride(kind, text);
        return new NormOverride(null, text);
    }

    /// <summary>What is wrong with the property's value, for the analyzers.</summary>
    public IEnumerable<ConfigProblem> Validate()
    {
        var problems = new ProblemList();
        if (Norm is null && Raw.Length > 0)
            problems.Add(DiagnosticCatalog.InvalidNormOverride, ConfigProblem.Class,
                $"DyTNormOverride must be empty or one of {string.Join(", ", Enum.GetNames(typeof(NormKind)))}; got '{Raw}', so no model is overridden");
        return problems;
    }

    /// <summary>The spec the project builds: the override's norm when set, else the attribute's.</summary>
    public ModelSpec ApplyTo(ModelSpec spec) => Norm is { } norm ? spec.WithNorm(norm) : spec;
}
