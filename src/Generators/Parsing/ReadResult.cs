using System.Collections.Immutable;
using DyT.Generators.Specs;

namespace DyT.Generators.Parsing;

/// <summary>What <see cref="ModelReader"/> makes of one model attribute.</summary>
/// <param name="Spec">The model to generate, with the project's norm override applied; null when any problem is an error.</param>
/// <param name="Problems">Everything wrong with the declaration, errors and warnings, each on its argument.</param>
internal sealed record ReadResult(ModelSpec? Spec, ImmutableArray<ConfigProblem> Problems)
{
    /// <summary>An attribute that is not a model attribute, or that does not bind (the compiler reports that itself).</summary>
    public static ReadResult Nothing { get; } = new(null, ImmutableArray<ConfigProblem>.Empty);
}
