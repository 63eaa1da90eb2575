using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DyT.Checkpoints;

/// <summary>
/// Hugging Face's index of a sharded checkpoint (<c>model.safetensors.index.json</c>): <c>{"weight_map": {key: file}}</c>,
/// files relative to the index. Large models (LLaMA-2-7B: two shards) are published this way.
/// </summary>
/// <remarks>
/// An index is a text file that travels with downloads, so it is not trusted to name files: a shard must be a
/// relative path without <c>..</c>, its real path (symbolic links followed) must lie inside the index's folder, and it
/// must be a regular file. A link between files of the folder is followed; a link that leaves it is refused, which
/// includes the Hugging Face cache's snapshot links into its blobs folder (download with <c>--local-dir</c>, or
/// copy the files). Everything is checked before any shard is opened.
/// </remarks>
internal sealed class ShardIndex
{
    public const string Suffix = ".index.json";

    private ShardIndex(string folder, List<string> files, Dictionary<string, string> fileOf) =>
        (Folder, Files, FileOf) = (folder, files, fileOf);

    /// <summary>The real path of the index's folder.</summary>
    public string Folder { get; }

    /// <summary>The real paths of the shard files, each once, in the order first named.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The real path of the shard the index names for each key.</summary>
    public IReadOnlyDictionary<string, string> FileOf { get; }

    /// <summary>Reads the index and checks every shard it names; opens none of them.</summary>
    public static ShardIndex Read(string indexPath)
    {
        using var document = ParseIndex(indexPath);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{indexPath}: a shard index needs a \"weight_map\" object of key -> file.");
        if (JsonText.FirstUndecodable(document.RootElement) is { } undecodable)
            throw new SafetensorsFormatException($"{indexPath}: {JsonText.Problem(undecodable)}.");
        var folder = RealPath.Of(Path.GetDirectoryName(Path.GetFullPath(indexPath))!);
        var files = new List<string>();
        var fileOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var where = $"{indexPath}: weight_map[\"{entry.Name}\"]";
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException($"{where} must name a file; got {entry.Value.ValueKind}.");
            var file = Resolve(entry.Value.GetString()!, folder, where);
            if (!fileOf.TryAdd(entry.Name, file))
                throw new SafetensorsFormatException($"{where} is listed twice.");
            if (!files.Contains(file)) files.Add(file); // s.safetensors and ./s.safetensors are one file
        }
        return new ShardIndex(folder, files, fileOf);
    }

    /// <summary>
    /// Where the index and the shards disagree, given the shard that holds each key: a key a shard holds that the
    /// index lists elsewhere or nowhere, and a key the index lists that no shard holds. In key order.
    /// </summary>
    public List<ShardMismatch> Disagreements(IReadOnlyDictionary<string, string> shardOf)
    {
        var problems = new List<ShardMismatch>();
        foreach (var (key, holder) in shardOf)
        {
            var listed = FileOf.GetValueOrDefault(key);
            if (listed != holder) problems.Add(new ShardMismatch(key, Name(listed), Name(holder)));
        }
        foreach (var (key, listed) in FileOf)
            if (!shardOf.ContainsKey(key)) problems.Add(new ShardMismatch(key, Name(listed), null));
        return problems.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    private string? Name(string? file) => file is null ? null : Path.GetRelativePath(Folder, file);

    /// <summary>The real path of a shard the index names, once it is known to be a regular file inside the folder.</summary>
    private static string Resolve(string name, string folder, string where)
    {
        if (name.Length == 0 || name.Contains('\0'))
            throw new SafetensorsFormatException($"{where} names no file.");
        if (Path.IsPathRooted(name))
            throw new SafetensorsFormatException($"{where} is the absolute path '{name}'; shards are named relative to the index's folder.");
        if (name.Split('/', '\\').Contains(".."))
            throw new SafetensorsFormatException($"{where} is '{name}', which climbs out with '..'; shards must lie in the index's folder.");
        var file = RealPath.Of(Path.Join(folder, name));
        if (file != folder && !FolderFile.IsInside(file, folder))
            throw new SafetensorsFormatException(
                $"{where} is '{name}', a symbolic link to {file}, outside the index's folder {folder}; shards must lie in the index's folder.");
        var (kind, description) = FileKind.Of(file);
        if (kind == FileKind.Kind.Missing)
            throw new FileNotFoundException($"{where} is '{name}', which does not exist in {folder}.", file);
        if (kind != FileKind.Kind.RegularFile)
            throw new IOException($"{where} is '{name}', which is {description}, not a regular file.");
        return file;
    }

    private static JsonDocument ParseIndex(string indexPath)
    {
        using var stream = RegularFile.OpenRead(indexPath);
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{indexPath}: not valid JSON ({e.Message}).", e);
        }
    }
}
