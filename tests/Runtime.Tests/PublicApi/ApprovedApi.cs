using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Xunit.Sdk;

namespace DyT.Runtime.Tests.PublicApi;

/// <summary>
/// Approval of a public surface, as tests/Generators.Tests' snapshots do it: compares the text with the committed
/// <c>Name.approved.txt</c> in this folder; on a mismatch writes <c>Name.received.txt</c> and fails with the members
/// added and removed, type by type. <c>DYT_ACCEPT=1</c> accepts the received text.
/// </summary>
public static class ApprovedApi
{
    private static readonly string Folder = typeof(ApprovedApi).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PublicApiDirectory").Value!;

    public static void Match(string name, string received)
    {
        var approvedPath = Path.Combine(Folder, name + ".approved.txt");
        var receivedPath = Path.Combine(Folder, name + ".received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : null;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("DYT_ACCEPT") == "1")
        {
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        throw new XunitException(approved is null
            ? $"No approved API {approvedPath} yet; the surface is in {receivedPath}. Review it, then run with DYT_ACCEPT=1 to accept."
            : $"The public API of {name} changed ({receivedPath} holds it; if the change is deliberate, DYT_ACCEPT=1 accepts it):\n{Diff(approved, received)}");
    }

    /// <summary>Per type (its declaration line), the lines only the approved text has (-) and those only the received one has (+).</summary>
    private static string Diff(string approved, string received)
    {
        var before = Sections(approved);
        var after = Sections(received);
        var text = new StringBuilder();
        foreach (var type in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(type) ?? [];
            var now = after.GetValueOrDefault(type) ?? [];
            var removed = old.Except(now).ToList();
            var added = now.Except(old).ToList();
            if (removed.Count == 0 && added.Count == 0) continue;
            text.Append(type).Append('\n');
            foreach (var line in removed) text.Append("- ").Append(line).Append('\n');
            foreach (var line in added) text.Append("+ ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Each type's name (its declaration line up to the base list) with its declaration and member lines.</summary>
    private static Dictionary<string, List<string>> Sections(string text)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith(PublicApiLister.MemberIndent, StringComparison.Ordinal))
            {
                var name = line.Split(" : ")[0].Split(' ')[^1];
                sections[name] = current = [];
            }
            current?.Add(line.Trim());
        }
        return sections;
    }
}
