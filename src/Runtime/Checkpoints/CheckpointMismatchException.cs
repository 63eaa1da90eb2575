using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DyT.Checkpoints;

/// <summary>A key whose checkpoint tensor has another shape than the model's.</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Expected">The model's shape.</param>
/// <param name="Actual">The checkpoint's shape.</param>
public sealed record ShapeMismatch(string Key, long[] Expected, long[] Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key}: expected {Format(Expected)}, got {Format(Actual)}";

    internal static string Format(long[] shape) => "(" + string.Join(", ", shape) + ")";
}

/// <summary>A key whose checkpoint tensor cannot be converted to the model's dtype (floating point, integer and bool do not mix).</summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Expected">The model's dtype.</param>
/// <param name="Actual">The checkpoint's dtype.</param>
public sealed record DTypeMismatch(string Key, string Expected, string Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key}: expected {Expected}, got {Actual}";
}

/// <summary>
/// A key the model computes itself (it has no such tensor) whose stored values are not what the model computes, such
/// as Hugging Face LLaMA's <c>rotary_emb.inv_freq</c> written for another rotary base.
/// </summary>
/// <param name="Key">The checkpoint key.</param>
/// <param name="Expected">What the model computes.</param>
/// <param name="Actual">What the checkpoint holds.</param>
public sealed record ValueMismatch(string Key, string Expected, string Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key}: expected {Expected}, got {Actual}";
}

/// <summary>
/// A key on which a sharded checkpoint's index and its shards disagree: a shard holds it but the index lists it in
/// another shard or nowhere, or the index lists it in a shard that does not hold it.
/// </summary>
/// <param name="Key">The state-dict key.</param>
/// <param name="Listed">The shard the index names for the key (relative to the index's folder), or null when it names none.</param>
/// <param name="Stored">The shard that holds the key, or null when none does.</param>
public sealed record ShardMismatch(string Key, string? Listed, string? Stored)
{
    /// <inheritdoc/>
    public override string ToString() => (Listed, Stored) switch
    {
        (null, _) => $"{Key}: {Stored} holds it, but the index does not list it",
        (_, null) => $"{Key}: the index lists it in {Listed}, which does not hold it",
        _ => $"{Key}: the index lists it in {Listed}, but {Stored} holds it",
    };
}

/// <summary>
/// A checkpoint that does not fit a module, with every problem at once: keys the model has and the checkpoint lacks,
/// keys the checkpoint has and the model lacks, keys whose shape or dtype differ, values the model computes itself
/// that differ from the checkpoint's, and keys on which a shard index and its shards disagree. Nothing was loaded.
/// Where the loader can tell why (a tied model's checkpoint given to an untied model), <see cref="Hints"/> says so.
/// </summary>
public sealed class CheckpointMismatchException : ArgumentException
{
    /// <summary>Creates the exception; the message lists every key of every kind.</summary>
    public CheckpointMismatchException(string source, string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> misshaped, IReadOnlyList<DTypeMismatch> mistyped, IReadOnlyList<ValueMismatch>? misvalued = null,
        IReadOnlyList<ShardMismatch>? misindexed = null, IReadOnlyList<string>? hints = null)
        : base(Describe(source, model, missing, unexpected, misshaped, mistyped, misvalued ?? [], misindexed ?? [], hints ?? []))
    {
        Hints = hints ?? [];
        Missing = missing;
        Unexpected = unexpected;
        Misshaped = misshaped;
        Mistyped = mistyped;
        Misvalued = misvalued ?? [];
        Misindexed = misindexed ?? [];
    }

    /// <summary>Keys of the model that the checkpoint lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys of the checkpoint that the model lacks.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Keys present on both sides with different shapes.</summary>
    public IReadOnlyList<ShapeMismatch> Misshaped { get; }

    /// <summary>Keys present on both sides whose dtypes cannot be converted.</summary>
    public IReadOnlyList<DTypeMismatch> Mistyped { get; }

    /// <summary>Keys the model computes itself whose stored values differ from what it computes.</summary>
    public IReadOnlyList<ValueMismatch> Misvalued { get; }

    /// <summary>Keys on which a shard index and its shards disagree (empty for a single file).</summary>
    public IReadOnlyList<ShardMismatch> Misindexed { get; }

    /// <summary>Why some of the keys differ, where the loader can tell (empty otherwise).</summary>
    public IReadOnlyList<string> Hints { get; }

    private static string Describe(string source, string model, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> misshaped, IReadOnlyList<DTypeMismatch> mistyped, IReadOnlyList<ValueMismatch> misvalued,
        IReadOnlyList<ShardMismatch> misindexed, IReadOnlyList<string> hints)
    {
        var text = new StringBuilder();
        text.Append($"Checkpoint {source} does not match {model}: {missing.Count} missing, {unexpected.Count} unexpected, ")
            .Append($"{misshaped.Count} misshaped, {mistyped.Count} mistyped");
        if (misvalued.Count > 0) text.Append($", {misvalued.Count} misvalued");
        if (misindexed.Count > 0) text.Append($", {misindexed.Count} misindexed");
        text.Append(" key(s); nothing was loaded.");
        Section(text, "missing (in the model, not in the checkpoint)", missing);
        Section(text, "unexpected (in the checkpoint, not in the model)", unexpected);
        Section(text, "misshaped (model shape vs checkpoint shape)", misshaped.Select(m => m.ToString()).ToList());
        Section(text, "mistyped (model dtype vs checkpoint dtype)", mistyped.Select(m => m.ToString()).ToList());
        Section(text, "misvalued (values the model computes itself vs the checkpoint's)", misvalued.Select(m => m.ToString()).ToList());
        Section(text, "misindexed (the shard index vs the shards)", misindexed.Select(m => m.ToString()).ToList());
        Section(text, "why", hints);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return;
        text.Append('\n').Append(title).Append(':');
        foreach (var line in lines) text.Append("\n  ").Append(line);
    }
}
