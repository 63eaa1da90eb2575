using System;
using System.IO;

namespace DyT.Checkpoints;

/// <summary>
/// The path a file system reaches after following every symbolic link on the way, as POSIX <c>realpath</c> does:
/// links are followed component by component and a <c>..</c> inside a link's target climbs from where the link led,
/// not from where it was written, so a link cannot hide an escape behind a lexical <c>..</c>.
/// </summary>
internal static class RealPath
{
    /// <summary>Linux gives up after 40 links (ELOOP); so does this.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>
    /// The real path of <paramref name="path"/>. Missing components are kept as written (the caller then finds the
    /// file missing); the path itself is first made absolute, as .NET does before it opens one.
    /// </summary>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var links = 0;
        return Walk(root, full[root.Length..], ref links, full);
    }

    private static string Walk(string resolved, string relative, ref int links, string original)
    {
        foreach (var part in relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved; // the parent of the root is the root
                continue;
            }
            var next = Path.Join(resolved, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                resolved = next;
                continue;
            }
            if (++links > MaxLinks)
                throw new IOException($"{original}: more than {MaxLinks} symbolic links on the way; a loop?");
            var targetRoot = Path.GetPathRoot(target) ?? "";
            resolved = Walk(targetRoot.Length > 0 ? targetRoot : resolved, target[targetRoot.Length..], ref links, original);
        }
        return resolved;
    }
}
