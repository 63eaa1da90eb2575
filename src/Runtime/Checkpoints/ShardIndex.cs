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
internal static class ShardIndex
{
    public const string Suffix = ".index.json";

    /// <summary>The shard files the index names, each once, in the order first named.</summary>
    public static List<string> Files(string indexPath)
    {
        using var document = ParseIndex(indexPath);
        if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException($"{indexPath}: a shard index needs a \"weight_map\" object of key -> file.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var files = new List<string>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException($"{indexPath}: weight_map.{entry.Name} must name a file; got {entry.Value.ValueKind}.");
            var file = Path.Combine(folder, entry.Value.GetString()!);
            if (!files.Contains(file)) files.Add(file);
        }
        return files;
    }

    private static JsonDocument ParseIndex(string indexPath)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(indexPath));
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{indexPath}: not valid JSON ({e.Message}).", e);
        }
    }
}
