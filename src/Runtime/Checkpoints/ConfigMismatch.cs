using System;
using System.Collections.Generic;
using System.Text;

namespace DyT.Checkpoints;

/// <summary>A <c>config.json</c> key whose value disagrees with the model's declaration.</summary>
/// <param name="Key">The config.json key (<c>hidden_size</c>, <c>rope_scaling</c>, ...).</param>
/// <param name="Expected">What the declaration needs, with the attribute property it comes from.</param>
/// <param name="Actual">What the file says (or "absent", with the default transformers then uses).</param>
public sealed record ConfigMismatch(string Key, string Expected, string Actual)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key}: expected {Expected}, got {Actual}";
}

/// <summary>
/// A Hugging Face <c>config.json</c> that describes another model than the declared class, with every disagreement at
/// once. Raised before any weight is read, so nothing was loaded.
/// </summary>
public sealed class ConfigMismatchException : ArgumentException
{
    /// <summary>Creates the exception; the message lists every mismatch.</summary>
    public ConfigMismatchException(string path, string model, IReadOnlyList<ConfigMismatch> mismatches)
        : base(Describe(path, model, mismatches))
    {
        Path = path;
        Mismatches = mismatches;
    }

    /// <summary>The config.json that was read.</summary>
    public string Path { get; }

    /// <summary>Every key that disagrees, in the order config.json files list them.</summary>
    public IReadOnlyList<ConfigMismatch> Mismatches { get; }

    private static string Describe(string path, string model, IReadOnlyList<ConfigMismatch> mismatches)
    {
        var text = new StringBuilder($"{path} does not describe {model}: {mismatches.Count} key(s) disagree; nothing was loaded.");
        foreach (var mismatch in mismatches) text.Append("\n  ").Append(mismatch);
        return text.ToString();
    }
}
