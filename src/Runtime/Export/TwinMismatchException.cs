using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DyT.Export;

/// <summary>One key on which two sides disagree: what was expected and what was found.</summary>
/// <param name="Key">The key: a config.json path such as <c>dyt_twin.declaration.Depth</c>, a file name, or a state-dict key.</param>
/// <param name="Expected">The value this side expects.</param>
/// <param name="Actual">The value found.</param>
public sealed record TwinDifference(string Key, string Expected, string Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key}: expected {Expected}, got {Actual}";
}

/// <summary>
/// A PyTorch-twin folder that does not belong to the model at hand: an export folder holding another model's files, a
/// trained checkpoint declared with other hyperparameters (caught through its config.json), or a checkpoint whose
/// rank states disagree. The message names the model and every differing key; nothing was written or loaded.
/// </summary>
public sealed class TwinMismatchException : ArgumentException
{
    /// <summary>Creates the exception; the message lists every difference.</summary>
    /// <param name="model">The model, as "ViT 'MyVit'".</param>
    /// <param name="source">The folder or file that disagrees.</param>
    /// <param name="problem">What the disagreement means, as a sentence without its final period.</param>
    /// <param name="differences">The keys that differ.</param>
    public TwinMismatchException(string model, string source, string problem, IReadOnlyList<TwinDifference> differences)
        : base(Describe(source, problem, differences))
    {
        Model = model;
        Location = source;
        Differences = differences;
    }

    /// <summary>The model, as "ViT 'MyVit'".</summary>
    public string Model { get; }

    /// <summary>The folder or file that disagrees.</summary>
    public string Location { get; }

    /// <summary>The keys that differ, each with what was expected and what was found.</summary>
    public IReadOnlyList<TwinDifference> Differences { get; }

    private static string Describe(string source, string problem, IReadOnlyList<TwinDifference> differences)
    {
        var text = new StringBuilder($"{source}: {problem}; {differences.Count} key(s) differ:");
        foreach (var difference in differences) text.Append("\n  ").Append(difference);
        return text.ToString();
    }

    internal static string Name(Declarations.ModelDeclaration declaration) => $"{declaration.Family} '{declaration.ModelName}'";

    internal static IReadOnlyList<TwinDifference> Sorted(IEnumerable<TwinDifference> differences) =>
        differences.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
}
