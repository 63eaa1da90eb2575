using System;
using System.IO;

namespace DyT.Checkpoints;

/// <summary>
/// The files a folder load reads by their fixed names: a Hugging Face folder's <c>model.safetensors</c>, shard index
/// and <c>config.json</c>, a twin folder's files. As with the shards an index names, each must lie inside the folder
/// once every symbolic link is followed: loading a folder reads only that folder. A link between files of the folder
/// is followed. Given a file's own path instead, the loaders read that file wherever it is.
/// </summary>
internal static class FolderFile
{
    /// <summary>
    /// <paramref name="folder"/>/<paramref name="name"/>, once its real path is known to lie inside the folder's real
    /// path (whether or not the file exists); an <see cref="IOException"/> naming both otherwise.
    /// </summary>
    public static string In(string folder, string name)
    {
        var path = Path.Join(folder, name);
        var root = RealPath.Of(folder);
        var file = RealPath.Of(path);
        if (!IsInside(file, root))
            throw new IOException(
                $"{path} is a symbolic link to {file}, outside the folder {root}; a folder is loaded only from files inside it. " +
                "Pass the file's own path to load that file, or download a Hugging Face model with --local-dir (the cache's snapshot folders link into its blobs folder).");
        return path;
    }

    /// <summary>True when the real path <paramref name="file"/> lies under the real path <paramref name="folder"/>.</summary>
    public static bool IsInside(string file, string folder) =>
        file.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
