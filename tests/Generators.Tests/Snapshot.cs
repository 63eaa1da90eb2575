using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace DyT.Generators.Tests;

/// <summary>
/// Snapshot testing without Verify: compares text with the committed <c>Name.verified.cs</c>; on a mismatch writes
/// <c>Name.received.cs</c> beside it and fails with a unified-style diff. <c>DYT_ACCEPT=1</c> accepts the received text.
/// </summary>
public static class Snapshot
{
    private static readonly string Directory = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SnapshotDirectory").Value!;

    public static void Match(string name, string actual)
    {
        var received = Scrub(actual);
        var verifiedPath = Path.Combine(Directory, name + ".verified.cs");
        var receivedPath = Path.Combine(Directory, name + ".received.cs");
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("DYT_ACCEPT") == "1")
        {
            File.WriteAllText(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        throw new XunitException(verified is null
            ? $"No snapshot {verifiedPath} yet; the output is in {receivedPath}. Review it, then run with DYT_ACCEPT=1 to accept."
            : $"Snapshot {name} differs ({receivedPath} holds the new output; DYT_ACCEPT=1 accepts it):\n{Diff(verified, received)}");
    }

    /// <summary>Replaces what changes between builds (the generator version) with a fixed token.</summary>
    public static string Scrub(string text) =>
        Regex.Replace(text, "GeneratedCode\\(\"DyT.Generators\", \"[^\"]*\"\\)", "GeneratedCode(\"DyT.Generators\", \"{version}\")");

    private static string Diff(string verified, string received)
    {
        var diff = InlineDiffBuilder.Diff(verified, received);
        var text = new StringBuilder();
        var lines = diff.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            // Show changed lines with two lines of context either side.
            var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2))
                .Any(j => lines[j].Type != ChangeType.Unchanged);
            if (!near) continue;
            var prefix = lines[i].Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " };
            text.Append(prefix).Append(lines[i].Text).Append('\n');
        }
        return text.ToString();
    }
}
